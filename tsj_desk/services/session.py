"""Opening and closing the database the application works on."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from tsj_desk.storage.database import close_database, open_database

APP_NAME = "tsj-desk"


def data_dir() -> Path:
    """The user's data folder (created when missing)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "tsj-desk.sqlite3"


def open_session(path: str | Path | None = None) -> Path | str:
    """Open the database at ``path`` (default: the user's data folder); returns its path."""
    target = path if path is not None else default_database_path()
    open_database(target)
    return target


def close_session() -> None:
    close_database()


def close_thread_connection() -> None:
    """Close the calling thread's database connection (a worker thread at its end).

    peewee keeps one connection per thread; a worker that used the database closes
    its own so that no file handle outlives the thread.
    """
    from tsj_desk.storage.database import database

    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
