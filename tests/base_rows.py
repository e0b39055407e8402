"""Rows of a test's base read directly, on either engine: a SQLite file through
``sqlite3``, a server base (its URL, the ``db_target`` fixture on PostgreSQL) through
``psycopg``. The query is plain SQL both engines read alike."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path


def rows(target: Path | str, sql: str) -> list[tuple]:
    if isinstance(target, str) and "://" in target:
        import psycopg

        with psycopg.connect(target) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]
    import sqlite3

    with closing(sqlite3.connect(target)) as connection:
        return connection.execute(sql).fetchall()
