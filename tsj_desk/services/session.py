"""Opening and closing the database the application works on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import platformdirs

from tsj_desk.domain.errors import DatabaseDamaged, DatabaseLocked, DatabaseProblem
from tsj_desk.storage import database as storage
from tsj_desk.storage.database import close_database, open_database

APP_NAME = "tsj-desk"


def shown_target(target: str | Path) -> str:
    """The database as the window shows it: a server URL without its password."""
    return storage.shown_target(target)


def data_dir() -> Path:
    """The user's data folder (created when missing)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "tsj-desk.sqlite3"


_lock = None  # the DatabaseLock this process holds, if any
read_only = False  # the session was opened read-only (another copy holds the lock)


def open_session(path: str | Path | None = None, *, lock: bool = False,
                 read_only_ok: bool = False, now: datetime) -> Path | str:
    """Open the database at ``path`` (default: the user's data folder); returns its path.

    A file on a network file system is refused. A damaged file is refused with the
    newest backup that passes its check named in the message. With ``lock`` the
    database is locked for this process (``DatabaseLocked`` names the holder);
    ``read_only_ok`` opens it read-only instead when another copy holds it. Before
    a migration of a filled database a backup is made.
    """
    global _lock, read_only
    from tsj_desk.storage.database import is_url
    from tsj_desk.storage.lock import DatabaseLock
    from tsj_desk.storage.location import network_location_problem, url_problem

    target = path if path is not None else default_database_path()
    read_only = False
    if problem := url_problem(target):  # smb://, ftp://…: only a PostgreSQL server by URL
        raise DatabaseProblem(problem)
    if not is_url(target):
        target = Path(target)
        if problem := network_location_problem(target):
            raise DatabaseProblem(problem)
        if target.exists() and target.stat().st_size > 0:
            _refuse_damaged(target)
        if lock:
            candidate = DatabaseLock(target)
            try:
                candidate.acquire(now)
                _lock = candidate
            except DatabaseLocked:
                if not read_only_ok:
                    raise
                read_only = True
    try:
        db = open_database(target, migrate=False, read_only=read_only)
        from tsj_desk.storage.migrations import pending_migrations, schema_version, upgrade

        if pending_migrations(db) and not read_only:
            if schema_version(db) > 0 and not is_url(target):
                from tsj_desk.services.backups import default_backup_dir, make_backup

                make_backup("migration", now=now, db_path=Path(target),
                            folder=default_backup_dir(Path(target)))
            upgrade(db)
    except BaseException:
        close_session()
        raise
    if not read_only and not is_url(target):
        _sort_out_backups(Path(target))
        _remove_leftovers(Path(target), now)
    return target


def _remove_leftovers(target: Path, now: datetime) -> None:
    """Temporary files of this program that a write cut short left beside the base and in
    its backup folders (never in the way of opening the base)."""
    from tsj_desk.domain.errors import TsjError
    from tsj_desk.services.leftovers import remove_base_leftovers

    try:
        remove_base_leftovers(target, now=now)
    except (OSError, TsjError):
        pass


def _sort_out_backups(target: Path) -> None:
    """Copies left in a backup folder by releases before base ids, every base's together,
    go into their base's own folder (never in the way of opening the base)."""
    from tsj_desk.domain.errors import TsjError
    from tsj_desk.services.backups import sort_out_backups

    try:
        sort_out_backups(target)
    except (OSError, TsjError):
        pass


def _refuse_damaged(target: Path) -> None:
    from tsj_desk.storage.backup import check_file

    verdict = check_file(target, quick=True)
    if verdict.ok:
        return
    if verdict.fault is not None:  # a read-only folder or disk, a full disk: not damage
        raise verdict.fault
    from tsj_desk.services.backups import newest_good_backup

    good = newest_good_backup(target)
    advice = (f" Последняя исправная резервная копия: «{good.path}» от "
              f"{good.made_at:%d.%m.%Y %H:%M} — восстановите её (команда «tsj-desk restore»)."
              if good else " Исправных резервных копий рядом с базой не найдено.")
    raise DatabaseDamaged(f"{verdict.describe()}{advice}", good.path if good else None)


def heartbeat(now: datetime) -> None:
    """Keep this process's lock fresh (the window calls it every half minute)."""
    if _lock is not None:
        _lock.heartbeat(now)


def close_session() -> None:
    global _lock
    close_database()
    if _lock is not None:
        _lock.release()
        _lock = None


def reopen_session(now: datetime) -> Path | str:
    """Close and open again the database this process works on (after a restore:
    the restored copy may need a migration). A lock this process held is taken again."""
    from tsj_desk.storage.database import database_path

    target = database_path()
    if target is None:
        raise DatabaseProblem("Открыть базу заново можно только для файла базы SQLite.")
    held = _lock is not None
    close_session()
    return open_session(target, lock=held, now=now)


def close_thread_connection() -> None:
    """Close the calling thread's database connection (a worker thread at its end).

    peewee keeps one connection per thread; a worker that used the database closes
    its own so that no file handle outlives the thread.
    """
    from tsj_desk.storage.database import database

    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
