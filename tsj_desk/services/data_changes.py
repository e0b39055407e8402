"""Which tables changed since a page last looked: the base's change counters
(``storage.migration_data_change``), read by one query of a small table, and on a
PostgreSQL server a listener woken at once by the NOTIFY of a colleague's commit.

The window keeps, per page, the counters of the tables it shows as they were when the
page last read its data (``Snapshot``); a page reloads only when they moved.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import peewee

from tsj_desk.storage.database import database
from tsj_desk.storage.migration_data_change import CHANNEL

log = logging.getLogger(__name__)

# what each page of the window shows, by table (a page reloads when one of them changed)
REQUESTS = ("request", "request_event", "request_category", "attachment", "premise", "house")
REGISTER = ("premise", "house", "person", "ownership", "organization", "meter")
READINGS = ("reading", "meter", "premise", "house", "import_batch")
ACTS = ("act", "premise", "house", "request")
AUDIT = ("audit_entry",)
DISCLOSURES = ("disclosure",)
SETTINGS = ("setting", "organization", "request_category", "office_user", "column_layout",
            "calendar_override", "house")


@dataclass(frozen=True)
class Snapshot:
    """The counters of some tables of one base at one moment."""

    base: int  # which open base (another base: everything changed)
    versions: tuple[tuple[str, int], ...]


def versions() -> dict[str, int]:
    """Every tracked table's change counter (missing: a base without counters)."""
    db = database.obj
    if db is None or db.is_closed():  # never reopens a base that was closed
        return {}
    try:
        if isinstance(db, peewee.SqliteDatabase):
            rows = db.execute_sql('SELECT "table_name", "version" FROM "data_change"').fetchall()
        else:
            rows = db.execute_sql('SELECT "table_name", sum("version") FROM "data_change" '
                                  'GROUP BY "table_name"').fetchall()
    except peewee.DatabaseError:
        if not isinstance(db, peewee.SqliteDatabase) and not db.in_transaction():
            db.rollback()  # a failed statement leaves a server transaction aborted
        return {}
    return {name: int(version) for name, version in rows}


_others_seen: dict[tuple[int, int], int] = {}  # what ``others_committed`` last saw, by connection


def others_committed() -> bool | None:
    """Whether another connection (another program or computer, a worker thread)
    committed a change since this connection last asked (True at the first asking); so a
    change of the counters with False is this connection's own — the window's own action,
    whose page has read its data again already. SQLite tells it by ``PRAGMA data_version``,
    a server by the counters of the other sessions. None without an open base."""
    db = database.obj
    if db is None or db.is_closed():
        return None
    try:
        if isinstance(db, peewee.SqliteDatabase):
            seen = db.execute_sql("PRAGMA data_version").fetchone()[0]
        else:
            seen = db.execute_sql('SELECT coalesce(sum("version"), 0) FROM "data_change" '
                                  'WHERE "session" <> pg_backend_pid()').fetchone()[0]
    except peewee.DatabaseError:
        return None
    key = (base_token(), id(db.connection()))
    before = _others_seen.get(key)
    _others_seen[key] = int(seen)
    return before is None or before != int(seen)


def snapshot(tables: Iterable[str], current: dict[str, int] | None = None) -> Snapshot:
    """The counters of ``tables`` now (or in ``current``, read once for several pages)."""
    current = versions() if current is None else current
    return Snapshot(base_token(), tuple((t, current.get(t, 0)) for t in sorted(set(tables))))


_tokens = itertools.count(1)


def base_token() -> int:
    """Which base is open: a number given to each database object at its first look
    (an ``id()`` could be reused by the next base opened)."""
    db = database.obj
    if db is None:
        return 0
    token = getattr(db, "_tsj_change_token", None)
    if token is None:
        token = next(_tokens)
        db._tsj_change_token = token
    return token


def changed_tables(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {t for t in before.keys() | after.keys() if before.get(t) != after.get(t)}


# ---------------------------------------------------------------- PostgreSQL: LISTEN


def server_connection_params() -> dict | None:
    """How to open a connection of its own to the open server base (None: SQLite)."""
    db = database.obj
    if db is None or isinstance(db, peewee.SqliteDatabase):
        return None
    return {"dbname": db.database, **db.connect_params}


class ChangeListener:
    """A connection of its own that LISTENs to the base's change notices, on a thread
    of its own; ``on_change(tables)`` is called on that thread with the names of the
    tables a commit changed (an empty set: the connection was lost and came back, so
    anything may have changed meanwhile)."""

    def __init__(self, params: dict, on_change: Callable[[set[str]], None], *,
                 retry_seconds: float = 5.0):
        self._params = params
        self._on_change = on_change
        self._retry = retry_seconds
        self._stop = threading.Event()
        self.listening = threading.Event()  # set while LISTEN is in effect
        self._thread = threading.Thread(target=self._run, name="tsj-data-change", daemon=True)

    def start(self) -> None:
        _running.add(self)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        _running.discard(self)
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                params = {"connect_timeout": 5, **self._params, "autocommit": True}
                with psycopg.connect(**params) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if not first:
                        self._on_change(set())  # notices may have been missed while away
                    first = False
                    while not self._stop.is_set():
                        tables = {n.payload for n in conn.notifies(timeout=0.5)}
                        if tables:
                            self._on_change(tables)
            except Exception:  # noqa: BLE001 — a lost server: wait and listen again
                log.info("change listener lost its connection", exc_info=True)
            self.listening.clear()
            self._stop.wait(self._retry)


_running: set[ChangeListener] = set()


def stop_listeners() -> None:
    """Stop every listener (the base they listen to is being closed)."""
    for listener in list(_running):
        listener.stop()
