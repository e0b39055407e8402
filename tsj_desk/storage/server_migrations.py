"""Migrations of a base on a PostgreSQL server: one PC at a time.

Several PCs of an office may start together on a base that a new version must migrate
(or on an empty one). Each takes the same session-level advisory lock before it reads
the schema's version: the first migrates, the others wait for it and then find nothing
left to do, instead of failing on the tables the first one is creating."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import peewee

MIGRATION_LOCK = 0x7473_6A64_0001
"""The advisory lock key of the schema's migrations (a constant of this program)."""

T = TypeVar("T")


def under_migration_lock(db: peewee.Database, work: Callable[[], T]) -> T:
    """``work()`` while this connection holds the migrations' advisory lock (waiting
    for another PC that holds it)."""
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        return work()
    finally:
        try:
            db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        except peewee.DatabaseError:
            pass  # the connection is gone, and the lock with it
