"""Opening the database: one ``DatabaseProxy`` bound by ``open_database``.

SQLite is opened with WAL, foreign keys on, ``synchronous=FULL`` and a busy
timeout on every connection. A ``postgresql://`` URL opens PostgreSQL instead;
nothing here relies on SQLite-only behaviour beyond these pragmas.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee

from tsj_desk.domain.errors import DatabaseProblem

database = peewee.DatabaseProxy()

BUSY_TIMEOUT_SECONDS = 10

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
}


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def make_database(target: str | Path) -> peewee.Database:
    """A peewee database for a file path or a database URL (not yet connected)."""
    if is_url(target):
        from playhouse.db_url import connect

        return connect(str(target))
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    return peewee.SqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
    )


def open_database(target: str | Path, *, migrate: bool = True) -> peewee.Database:
    """Open (creating if missing) the database at ``target`` and bring its schema up to date.

    Raises ``DatabaseProblem`` with a message for the user when the file is not a
    database, is damaged, or belongs to a newer version of the program.
    """
    from tsj_desk.storage.migrations import upgrade

    db = make_database(target)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if migrate:
            upgrade(db)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise DatabaseProblem(describe_database_error(target, exc)) from exc
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def describe_database_error(target: str | Path, exc: Exception) -> str:
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return (
            f"Файл «{target}» повреждён или не является базой ТСЖ Деск. "
            "Восстановите базу из резервной копии."
        )
    if "locked" in text or "busy" in text:
        return (
            f"База «{target}» занята другой программой. Закройте другие копии "
            "ТСЖ Деск и повторите."
        )
    if "disk" in text and "full" in text:
        return "На диске закончилось место. Освободите место и повторите."
    if "readonly" in text or "read-only" in text or "permission" in text:
        return f"Нет прав на запись в «{target}». Проверьте права доступа к папке."
    return f"Не удалось открыть базу «{target}»: {exc}"
