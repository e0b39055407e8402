"""A connection to a PostgreSQL server that comes back after it was lost.

A server restarted, a network cable pulled, an administrator ending idle sessions:
the connection the program holds is gone, and without help every later action would
fail until the program is restarted. Here:

- a lost connection found at the start of an action (its ``BEGIN``, or a read outside a
  transaction) is made again — a few attempts, a short wait between them — and the
  statement runs on the new one: nothing had been done yet, so nothing is done twice;
- a connection lost in the middle of a transaction takes the transaction with it (the
  server rolls it back): ``ConnectionLost`` says the action was not done, every later
  statement of that transaction fails the same way (nothing runs half on a new
  connection), and the next action connects again. ``run_whole`` repeats such an
  action whole;
- a ``COMMIT`` whose answer never came may or may not have been applied: the message
  says so instead of guessing.

Whoever shows the user what is happening subscribes with ``add_listener``: it is told
«Нет связи с сервером, повторяем…» before each attempt, and None once connected.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import peewee

from tsj_desk.domain.errors import DatabaseProblem

RETRY_DELAYS: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, 4.0)  # before each attempt to connect again
CONNECTION_SETTINGS = {  # libpq: give up connecting after 5 s; notice a dead network within ~25 s
    "connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
    "keepalives_count": 3,
}
# SQLSTATEs of a connection the server ended before the statement ran (admin_shutdown,
# crash_shutdown, cannot_connect_now, idle_session_timeout), and class 08: connection exception
_ENDED_BY_SERVER = {"57P01", "57P02", "57P03", "57P05"}  # 57P05: idle_session_timeout

RETRYING = "Нет связи с сервером, повторяем…"
NOT_DONE = ("Связь с сервером прервалась, и действие не выполнено: сервер отменил его целиком, "
            "в базе ничего не изменилось. Повторите действие, когда связь восстановится.")
UNKNOWN = ("Связь с сервером прервалась в момент сохранения: неизвестно, успел ли сервер его "
           "записать. Обновите данные (F5 или откройте страницу заново) и проверьте, прежде чем "
           "повторять.")
UNREACHABLE = ("Нет связи с сервером базы «{server}»: {attempts} попыток подключиться не удались. "
               "Действие не выполнено. Проверьте сеть и что сервер PostgreSQL работает, затем "
               "повторите.")

Listener = Callable[[str | None], None]
_listeners: list[Listener] = []
_listeners_lock = threading.Lock()


class ConnectionLost(DatabaseProblem):
    """The connection to the server was lost; ``done`` is False when the action certainly
    changed nothing (it may be repeated whole), None when that is not known."""

    def __init__(self, message: str, done: bool | None = False):
        super().__init__(message)
        self.done = done


def add_listener(listener: Listener) -> None:
    with _listeners_lock:
        _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    with _listeners_lock:
        if listener in _listeners:
            _listeners.remove(listener)


def _notify(text: str | None) -> None:
    with _listeners_lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(text)
        except Exception:  # a notice never stops the reconnect
            pass


def _driver_error(exc: BaseException | None):
    """The psycopg error behind a peewee error (peewee keeps it as its first argument)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, psycopg.Error):
            return exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return None


def _reads_only(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "SHOW", "VALUES", "EXPLAIN") and " FOR UPDATE" not in sql.upper()


def _rolls_back(sql: str) -> bool:
    return sql.lstrip()[:8].upper() == "ROLLBACK"


class ReconnectMixin:
    """For a ``peewee.PostgresqlDatabase``: the behaviour described in the module."""

    def init(self, database, **kwargs):
        for key, value in CONNECTION_SETTINGS.items():
            kwargs.setdefault(key, value)
        super().init(database, **kwargs)

    # ------------------------------------------------------------ what a failure means

    def _connection_broken(self) -> bool:
        conn = self._state.conn
        return conn is None or bool(getattr(conn, "closed", False)) or bool(getattr(conn, "broken", False))

    def connection_lost(self, exc: BaseException) -> bool:
        """Whether ``exc`` says the connection is gone (not that a statement was wrong)."""
        error = _driver_error(exc)
        if error is None:
            return isinstance(exc, peewee.InterfaceError) and self._connection_broken()
        state = getattr(error, "sqlstate", None) or ""
        if state in _ENDED_BY_SERVER or state.startswith("08"):
            return True
        import psycopg

        return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)) and self._connection_broken()

    @staticmethod
    def _not_run(exc: BaseException) -> bool:
        """The statement certainly did not run: the server had ended the connection before it."""
        error = _driver_error(exc)
        state = getattr(error, "sqlstate", None) or ""
        text = str(error or exc).lower()
        return state in _ENDED_BY_SERVER or "connection is closed" in text or "connection is lost" in text

    def _lost_in_transaction(self) -> bool:
        return getattr(self._state, "lost", False)

    # ------------------------------------------------------------ the connection

    def _drop(self) -> None:
        """Forget the dead connection (closing it quietly) so the next statement makes a new one."""
        conn = self._state.conn
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass
        transactions = list(self._state.transactions)
        self._state.reset()
        self._state.transactions = transactions  # a transaction still open stays marked lost
        self._state.lost = bool(transactions)

    def _reconnect(self, cause: BaseException) -> None:
        """Connect again, a few attempts; ``ConnectionLost`` when the server stays away."""
        self._drop()
        self._state.transactions = []
        self._state.lost = False
        for delay in RETRY_DELAYS:
            _notify(RETRYING)
            if delay:
                time.sleep(delay)
            try:
                self.connect()
            except (peewee.DatabaseError, peewee.InterfaceError):
                self._state.reset()
                continue
            _notify(None)
            return
        _notify(None)
        raise ConnectionLost(UNREACHABLE.format(server=self._server_shown(), attempts=len(RETRY_DELAYS))) from cause

    def _server_shown(self) -> str:
        params = getattr(self, "connect_params", {}) or {}
        host = params.get("host") or "localhost"
        port = f":{params['port']}" if params.get("port") else ""
        return f"{self.database} на {host}{port}"

    # ------------------------------------------------------------ statements and transactions

    def begin(self, *args, **kwargs):
        self._state.lost = False
        for _ in range(2):
            try:
                return super().begin(*args, **kwargs)
            except (peewee.DatabaseError, peewee.InterfaceError) as exc:
                if not self.connection_lost(exc):
                    raise
                self._reconnect(exc)  # nothing of the action ran yet: it starts on the new one
        return super().begin(*args, **kwargs)

    def execute_sql(self, sql, params=None, *args, **kwargs):
        if self.in_transaction() and self._lost_in_transaction():
            if _rolls_back(sql):
                return None
            raise ConnectionLost(NOT_DONE)
        for _ in range(2):
            try:
                return super().execute_sql(sql, params, *args, **kwargs)
            except (peewee.DatabaseError, peewee.InterfaceError) as exc:
                if not self.connection_lost(exc):
                    raise
                if self.in_transaction():  # the server rolled the whole transaction back
                    self._drop()
                    if _rolls_back(sql):
                        return None
                    raise ConnectionLost(NOT_DONE) from exc
                if not (self._not_run(exc) or _reads_only(sql)):
                    self._drop()  # a write of its own whose fate is not known
                    raise ConnectionLost(UNKNOWN, done=None) from exc
                self._reconnect(exc)
        return super().execute_sql(sql, params, *args, **kwargs)

    def commit(self):
        if self._lost_in_transaction():
            raise ConnectionLost(NOT_DONE)
        try:
            return super().commit()
        except (peewee.DatabaseError, peewee.InterfaceError) as exc:
            if not self.connection_lost(exc):
                raise
            not_run = self._not_run(exc)
            self._drop()
            self._state.lost = True  # the rollback after a failed commit has nothing to undo
            raise (ConnectionLost(NOT_DONE) if not_run else ConnectionLost(UNKNOWN, done=None)) from exc

    def rollback(self):
        if self._lost_in_transaction() or self._connection_broken():
            self._drop()
            self._state.lost = False
            return None
        try:
            return super().rollback()
        except (peewee.DatabaseError, peewee.InterfaceError) as exc:
            if not self.connection_lost(exc):
                raise
            self._drop()  # the server rolled it back with the connection
            self._state.lost = False
            return None


class ReconnectingPostgresqlDatabase(ReconnectMixin, peewee.PostgresqlDatabase):
    """PostgreSQL (psycopg 3) that connects again after a lost connection."""


def server_database(url: str) -> peewee.Database:
    """The peewee database for a server URL: PostgreSQL's with the reconnect, any other
    scheme as ``playhouse.db_url`` makes it."""
    from playhouse.db_url import connect, parse

    from tsj_desk.storage.server_driver import load

    load()  # the driver, imported only for a server base (server_driver)
    scheme = url.split("://", 1)[0].lower()
    if scheme in ("postgres", "postgresql"):  # a password written %-encoded in the URL is decoded
        return ReconnectingPostgresqlDatabase(**parse(url, unquote_password=True, unquote_user=True))
    return connect(url, unquote_password=True, unquote_user=True)


def run_whole(action: Callable[[], object], *, attempts: int = 3):
    """Run ``action`` (one whole transaction, e.g. a service function); when the connection
    is lost in its middle and the server rolled it back, run it again whole, up to
    ``attempts`` times. A loss whose outcome is unknown (its COMMIT unanswered) is not
    repeated: ``ConnectionLost`` tells the user to look first."""
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except ConnectionLost as exc:
            if exc.done is not False or attempt == attempts:
                raise
            _notify(RETRYING)
    raise AssertionError("unreachable")  # pragma: no cover
