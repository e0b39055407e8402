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


NO_RIGHT_TO_MIGRATE = (
    "Эта версия программы должна обновить схему базы на сервере, а у пользователя «{user}» "
    "нет на это прав (компьютеры офиса работают с данными, схему меняет владелец базы). "
    "Попросите администратора сервера выполнить: tsj-desk server init --db "
    "postgresql://администратор@{server}/{base} — и откройте базу снова.")


def under_migration_lock(db: peewee.Database, work: Callable[[], T]) -> T:
    """``work()`` while this connection holds the migrations' advisory lock (waiting
    for another PC that holds it). A role that may not change the schema (the office
    PCs' role of ``tsj-desk server init``) is told who can."""
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        return work()
    except peewee.DatabaseError as exc:
        from tsj_desk.storage.server_faults import NO_PRIVILEGE, sqlstate

        if sqlstate(exc) != NO_PRIVILEGE:
            raise
        raise _no_right_to_migrate(db) from exc
    finally:
        try:
            db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
        except peewee.DatabaseError:
            pass  # the connection is gone, and the lock with it


def _no_right_to_migrate(db: peewee.Database):
    from tsj_desk.domain.errors import DatabaseProblem

    params = getattr(db, "connect_params", None) or {}
    host = params.get("host") or "localhost"
    server = f"{host}:{params.get('port') or 5432}"
    return DatabaseProblem(NO_RIGHT_TO_MIGRATE.format(user=params.get("user") or "", server=server,
                                                      base=db.database))
