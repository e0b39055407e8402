"""Opening the database: one ``DatabaseProxy`` bound by ``open_database``.

SQLite is opened with WAL, foreign keys on, ``synchronous=FULL`` and a busy
timeout on every connection. A ``postgresql://`` URL opens PostgreSQL instead;
nothing here relies on SQLite-only behaviour beyond these pragmas.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import peewee

from tsj_desk.domain.errors import DatabaseProblem
from tsj_desk.faults import (
    SQLITE_BUSY,
    SQLITE_CANTOPEN,
    SQLITE_CORRUPT,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_LOCKED,
    SQLITE_NOTADB,
    SQLITE_PERM,
    SQLITE_READONLY,
    os_fault,
    sqlite_error,
    sqlite_fault,
    sqlite_name,
)
from tsj_desk.private_files import create_private, restrict

database = peewee.DatabaseProxy()

BUSY_TIMEOUT_SECONDS = 10

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
}


HELD_ELSEWHERE = ("База открыта только для чтения: её сейчас изменяет другая копия программы. "
                  "Изменения не сохранены.")
_READ_ONLY = ("База доступна только для чтения: изменения не сохранены. "
              "Проверьте права на запись в файл базы и в её папку.")
_BUSY = ("База занята другой программой и не ответила за {timeout} с. Повторите действие; если "
         "ошибка не проходит, закройте другие копии ТСЖ Деск.")
_FULL = "На диске закончилось место: изменения не сохранены. Освободите место на диске и повторите."
_IO = "Ошибка чтения или записи файла базы: диск недоступен или файл занят. Изменения не сохранены."
# a SQLite failure by the name of its result code (sqlite3.Error.sqlite_errorname)
_KNOWN_SQLITE_FAILURES = {
    SQLITE_READONLY: _READ_ONLY, SQLITE_BUSY: _BUSY, SQLITE_LOCKED: _BUSY, SQLITE_FULL: _FULL,
    SQLITE_IOERR: _IO, SQLITE_CANTOPEN: _IO,
}
# another engine's failure (PostgreSQL's driver has no SQLite codes): by its text
_KNOWN_FAILURES = (
    (("readonly", "read-only"), _READ_ONLY),
    (("database is locked", "database table is locked", "busy"), _BUSY),
    (("disk is full", "database or disk is full"), _FULL),
    (("disk i/o error", "unable to open database file"), _IO),
)


def translate_failure(exc: BaseException, path: Path | None = None) -> DatabaseProblem | None:
    """A plain-language ``DatabaseProblem`` for an expected SQLite failure, else None.

    A fault of the disk or the file system (no space left, a read-only file, folder or
    disk) names the base's file — ``path``, else the open base's — and says what to do
    (``tsj_desk.faults``); a base opened read-only because another copy holds it says so."""
    if path is None:
        db = database.obj
        if isinstance(db, AppSqliteDatabase):
            return db.fault(exc)
        path = database_path()
    return _translate(exc, path, held_elsewhere=False)


def _translate(exc: BaseException, path: Path | None, *, held_elsewhere: bool) -> DatabaseProblem | None:
    if sqlite_error(exc) is None:  # another engine's failure
        from tsj_desk.storage.server_faults import server_problem

        if (problem := server_problem(exc)) is not None:
            return problem
        text = str(exc).lower()
        message = next((m for needles, m in _KNOWN_FAILURES if any(n in text for n in needles)), None)
    else:
        name = sqlite_name(exc)
        if held_elsewhere and name == SQLITE_READONLY:
            return DatabaseProblem(HELD_ELSEWHERE)
        if path is not None and (fault := sqlite_fault(exc, path, "изменения не сохранены")):
            return fault
        message = _KNOWN_SQLITE_FAILURES.get(name or "")
    return DatabaseProblem(message.format(timeout=BUSY_TIMEOUT_SECONDS)) if message else None


def tolerant_text(value: bytes) -> str:
    """A text value of the base as a string: bytes that are not UTF-8 (written by another
    tool, or a damaged page) read as «\ufffd». The driver would raise instead, quoting the
    whole value — a name, a phone — in its error."""
    return value.decode("utf-8", "replace")


def _uri_path(uri: str) -> str:
    """The file of a SQLite ``file:`` URI (``file:/a/b?mode=ro``, ``file:///a/%D0%91``)."""
    from urllib.parse import unquote, urlsplit

    return unquote(urlsplit(uri).path)


class AppSqliteDatabase(peewee.SqliteDatabase):
    """SQLite whose expected failures (read-only, locked, disk full) reach the user as
    ``DatabaseProblem`` with a Russian message instead of a driver error, and whose
    file, -wal and -shm are readable by the user only.

    A failed statement or commit is what the user is told, never the rollback after it:
    SQLite may have rolled the transaction back itself (a full disk, an I/O error), and
    peewee's ROLLBACK then fails with «no transaction is active», which would hide the
    real error; such a rollback is skipped, and a rollback that fails while another
    failure is on its way up gives way to it."""

    @property
    def file(self) -> Path | None:
        """The base's file (None in memory)."""
        name = self.database
        if name in ("", ":memory:") or "mode=memory" in name:
            return None
        return Path(_uri_path(name)) if name.startswith("file:") else Path(name)

    @property
    def held_elsewhere(self) -> bool:
        """Opened read-only (``make_database(read_only=True)``): another copy holds the base."""
        return self.database.startswith("file:") and "mode=ro" in self.database

    def fault(self, exc: BaseException) -> DatabaseProblem | None:
        """``exc`` of this base in the user's words (None: not an expected failure)."""
        return _translate(exc, self.file, held_elsewhere=self.held_elsewhere)

    def _nothing_to_roll_back(self) -> bool:
        connection = self._state.conn
        return connection is not None and not connection.in_transaction

    def commit(self):
        try:
            return super().commit()
        except (peewee.OperationalError, sqlite3.OperationalError) as exc:
            problem = self.fault(exc)
            if problem is None:
                raise
            raise problem from exc

    def rollback(self):
        if self._nothing_to_roll_back():
            return None  # SQLite already rolled back after the failure being reported
        pending = sys.exc_info()[1]
        try:
            return super().rollback()
        except (peewee.DatabaseError, sqlite3.DatabaseError):
            if pending is None:
                raise
            return None  # the failure on its way up is the one to tell

    def _connect(self):
        # SQLite would create a new base 0644 (readable by every account): create it
        # 0600 first; its -wal and -shm take the base's mode. Those of an older
        # version's world-readable base are closed here too (see private_files).
        name = self.database
        in_memory = name in ("", ":memory:") or "mode=memory" in name
        if not in_memory and not name.startswith("file:"):  # a read-only URI never creates
            try:
                create_private(Path(name))
            except OSError:
                pass  # a missing or read-only folder: SQLite's own attempt reports it
        connection = super()._connect()
        if not in_memory:
            path = _uri_path(name) if name.startswith("file:") else name
            for suffix in ("", "-wal", "-shm"):
                restrict(Path(f"{path}{suffix}"))
        return connection

    def _add_conn_hooks(self, connection):
        super()._add_conn_hooks(connection)
        connection.text_factory = tolerant_text

    def execute_sql(self, sql, params=None, *args, **kwargs):
        rolling_back = sql.lstrip()[:8].upper() == "ROLLBACK"  # to a savepoint: peewee's atomic()
        if rolling_back and self._nothing_to_roll_back():
            return None
        pending = sys.exc_info()[1]
        try:
            return super().execute_sql(sql, params, *args, **kwargs)
        except (peewee.OperationalError, sqlite3.OperationalError) as exc:
            if rolling_back and pending is not None:
                return None  # the failure on its way up is the one to tell
            problem = self.fault(exc)
            if problem is None:
                raise
            raise problem from exc


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


def missing_file(target: str | Path) -> bool:
    """A base given by the path of a file that is not there (a server's URL never is:
    the server itself tells whether the base exists)."""
    return not is_url(target) and not Path(target).exists()


def shown_target(target: str | Path) -> str:
    """The database as people may see it: a server URL without its password."""
    if not is_url(target):
        return str(target)
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(str(target))
    if parts.password is None:
        return str(target)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address goes back into brackets
        host = f"[{host}]"
    netloc = f"{parts.username or ''}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def make_database(target: str | Path, *, read_only: bool = False) -> peewee.Database:
    """A peewee database for a file path or a database URL (not yet connected)."""
    if is_url(target):
        from tsj_desk.storage.pg_reconnect import server_database
        from tsj_desk.storage.server_base import read_like_sqlite

        # PostgreSQL: connects again after a lost connection; reads numbers as SQLite does
        return read_like_sqlite(server_database(str(target)))
    path = Path(target)
    if read_only:
        pragmas = {k: v for k, v in SQLITE_PRAGMAS.items() if k != "journal_mode"}
        return AppSqliteDatabase(f"file:{path}?mode=ro", uri=True, pragmas=pragmas,
                                     timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    return AppSqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
    )


def database_path() -> Path | None:
    """The file of the open SQLite database (None for a server database)."""
    db = database.obj
    if db is None or not isinstance(db, peewee.SqliteDatabase):
        return None
    name = db.database
    if name.startswith("file:"):
        name = name[5:].split("?", 1)[0]
    return Path(name)


def open_database(target: str | Path, *, migrate: bool = True,
                  read_only: bool = False) -> peewee.Database:
    """Open (creating if missing) the database at ``target`` and bring its schema up to date.

    Raises ``DatabaseProblem`` with a message for the user when the file is not a
    database, is damaged, or belongs to a newer version of the program.
    """
    from tsj_desk.storage.migrations import upgrade

    try:
        db = make_database(target, read_only=read_only)
    except OSError as exc:  # the base's folder cannot be made
        raise os_fault(exc, Path(target), "базу нельзя открыть", base=True) from exc
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        if migrate:
            upgrade(db)
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        if not is_url(target) and (fault := sqlite_fault(exc, Path(target), "базу нельзя открыть")):
            raise fault from exc
        if is_url(target):
            from tsj_desk.storage.server_faults import server_problem

            if (problem := server_problem(exc, str(target))) is not None:
                raise problem from exc
        raise DatabaseProblem(describe_database_error(target, exc)) from exc
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def describe_database_error(target: str | Path, exc: Exception) -> str:
    from tsj_desk.storage.server_faults import scrub

    shown = shown_target(target)
    detail = str(exc).replace(str(target), shown)  # the driver's text may repeat a URL
    if is_url(target):
        detail = scrub(detail, str(target))
    target = shown
    kind = _opening_failure(exc)
    if kind == "damaged":
        return (
            f"Файл «{target}» повреждён или не является базой ТСЖ Деск. "
            "Восстановите базу из резервной копии."
        )
    if kind == "busy":
        return (
            f"База «{target}» занята другой программой. Закройте другие копии "
            "ТСЖ Деск и повторите."
        )
    if kind == "full":
        return "На диске закончилось место. Освободите место и повторите."
    if kind == "read_only":
        return f"Нет прав на запись в «{target}». Проверьте права доступа к папке."
    return f"Не удалось открыть базу «{target}»: {detail}"


_OPENING_FAILURES = {SQLITE_NOTADB: "damaged", SQLITE_CORRUPT: "damaged", SQLITE_BUSY: "busy",
                     SQLITE_LOCKED: "busy", SQLITE_FULL: "full", SQLITE_READONLY: "read_only",
                     SQLITE_PERM: "read_only"}


def _opening_failure(exc: Exception) -> str | None:
    """What kept a base from opening: a SQLite failure by its code's name, another
    engine's (PostgreSQL's) by its text."""
    if sqlite_error(exc) is not None:
        return _OPENING_FAILURES.get(sqlite_name(exc) or "")
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return "damaged"
    if "locked" in text or "busy" in text:
        return "busy"
    if "disk" in text and "full" in text:
        return "full"
    if "readonly" in text or "read-only" in text or "permission" in text:
        return "read_only"
    return None
