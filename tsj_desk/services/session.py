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


def server_problem(exc: BaseException) -> DatabaseProblem | None:
    """A PostgreSQL server's failure (connection refused, wrong password, unknown base,
    disk full, lock timeout, connection closed…) in the user's words, else None."""
    from tsj_desk.storage.server_faults import server_problem as in_words

    return in_words(exc)


def data_dir() -> Path:
    """The user's data folder (created when missing)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "tsj-desk.sqlite3"


_lock = None  # the DatabaseLock this process holds, if any
read_only = False  # the session was opened read-only (another copy holds the lock)


class ChangesLost(DatabaseDamaged):
    """The base has fewer changes than were recorded as committed to it (its -wal was
    deleted, or the file replaced by an older copy); ``backup`` is the newest good copy.
    Opening it again with ``accept_lost_changes`` takes the base as it is."""


def open_session(path: str | Path | None = None, *, lock: bool = False,
                 read_only_ok: bool = False, accept_lost_changes: bool = False,
                 quick_check: bool = True, now: datetime) -> Path | str:
    """Open the database at ``path`` (default: the user's data folder); returns its path.

    A file on a network file system is refused. A damaged file — an empty or truncated
    one too: a new base is created only where no file exists — is refused with the
    newest backup that passes its check named in the message. With ``lock`` the
    database is locked for this process (``DatabaseLocked`` names the holder);
    ``read_only_ok`` opens it read-only instead when another copy holds it; a base that
    lost committed changes is refused with ``ChangesLost`` unless ``accept_lost_changes``.
    Before a migration of a filled database a backup is made. ``quick_check=False``
    (the window, which checks the whole base in the background once it is shown): only
    the file's size and header are judged before opening, not every page.
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
        if target.exists():  # before SQLite opens it: an empty file is damage, not a new base
            _refuse_damaged(target, quick_check)
            if lock:
                _refuse_lost_changes(target, accept_lost_changes)
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
        if _lock is not None:
            _record_changes(db)
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


def _refuse_damaged(target: Path, whole: bool = True) -> None:
    from tsj_desk.storage.backup import check_file, check_opens

    verdict = check_file(target, quick=True) if whole else check_opens(target)
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


def _refuse_lost_changes(target: Path, accept: bool) -> None:
    from tsj_desk.storage import changes

    lost = changes.lost_changes(target)
    if lost is None:
        return
    if accept:  # the user takes the base as it is: no more reminders
        changes.note_base(target)
        return
    from tsj_desk.services.backups import newest_good_backup
    from tsj_desk.services.base_check import lost_changes_advice

    good = newest_good_backup(target)
    advice = " " + lost_changes_advice(lost, good)
    raise ChangesLost(lost.describe() + advice, good.path if good else None)


def _record_changes(db) -> None:
    """Put the base's id and change counter into the lock this process holds."""
    from tsj_desk.storage import changes

    counter = changes.count(db)
    if _lock is not None and counter is not None:
        _lock.record_changes(changes.base_id(db), counter)


def _changed(db) -> None:
    """A transaction that changed the data committed: the lock records the new counter."""
    if _lock is not None and db is storage.database.obj:
        _record_changes(db)


def _record_clean_close() -> None:
    """At a clean close of a base this process writes: its counter in the sidecar."""
    from tsj_desk.storage import changes
    from tsj_desk.storage.database import database, database_path

    db, path = database.obj, database_path()
    if db is None or db.is_closed() or path is None or _lock is None:
        return
    counter = changes.count(db)
    if counter is None:
        return
    try:
        changes.write_sidecar(path, changes.base_id(db), counter)
    except OSError:
        pass  # a read-only or full disk: the lock's record stays the evidence


def note_base_replaced(db_path: Path) -> None:
    """The base at ``db_path`` was written over (a restore): what it holds now is the
    record to compare with, in the sidecar and in the lock this process holds on it."""
    from tsj_desk.storage import changes

    try:
        present = changes.note_base(db_path)
    except OSError:
        present = None
    if present is not None and _lock is not None and _same_path(_lock.database, db_path):
        _lock.record_changes(present.base_id, present.changes)


def _same_path(one: Path, other: Path) -> bool:
    try:
        return Path(one).resolve() == Path(other).resolve()
    except OSError:
        return Path(one) == Path(other)


def heartbeat(now: datetime) -> None:
    """Keep this process's lock fresh (the window calls it every half minute)."""
    if _lock is not None:
        _lock.heartbeat(now)


def close_session() -> None:
    global _lock
    from tsj_desk.services.data_changes import stop_listeners

    stop_listeners()  # the window's change listener of a server base
    if _lock is not None:
        try:
            _record_clean_close()
        except Exception:  # the close goes on whatever the record
            pass
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


def _listen() -> None:
    from tsj_desk.storage import changes

    changes.listen(_changed)


_listen()
