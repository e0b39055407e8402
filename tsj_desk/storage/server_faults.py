"""A PostgreSQL server's failures in the user's words, in one place.

By SQLSTATE where the driver gives one (a statement the server refused); by the text of
the failure where it gives none (connecting: the host, the port, the password, the
base — the server's own words, in English or, on a server set up in Russian, in
Russian). The server is named as ``host:port`` and the base by its name: never the URL,
so never its password; a driver's text quoted for an unknown failure has the password
cut out (``scrub``)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from tsj_desk.domain.errors import DatabaseProblem

# SQLSTATE → message; {server} is «host:port», {base} the base's name, {user} the role
DISK_FULL = "53100"
LOCK_TIMEOUT = "55P03"
TOO_MANY_CONNECTIONS = "53300"
NO_PRIVILEGE = "42501"
UNKNOWN_BASE = "3D000"
BAD_PASSWORD = "28P01"
NOT_ALLOWED = "28000"
SERVER_SHUTDOWN = ("57P01", "57P02", "57P03")

REFUSED = ("Сервер PostgreSQL «{server}» не отвечает: подключиться не удалось. Проверьте, что "
           "компьютер-сервер включён и PostgreSQL на нём запущен, и верны ли адрес и порт.")
UNKNOWN_HOST = ("Сервер «{host}» не найден: такого имени нет в сети. Проверьте адрес сервера "
                "в настройках подключения.")
AUTHENTICATION = ("Сервер «{server}» не принял пользователя «{user}»: неверное имя пользователя "
                  "или пароль. Проверьте их в настройках подключения.")
NOT_PERMITTED = ("Сервер «{server}» не разрешает пользователю «{user}» подключаться к базе "
                 "«{base}» с этого компьютера. Попросите администратора сервера разрешить "
                 "подключение (pg_hba.conf).")
NO_BASE = ("На сервере «{server}» нет базы «{base}». Проверьте название базы в настройках "
           "подключения; новую базу создаёт администратор (tsj-desk server init).")
FULL = ("На сервере базы закончилось место на диске: изменения не сохранены. Сообщите "
        "администратору сервера, чтобы он освободил место, и повторите.")
LOCKED = ("Эти данные сейчас изменяет другой компьютер, и они не освободились вовремя. "
          "Изменения не сохранены: повторите действие через минуту.")
CROWDED = ("Сервер «{server}» не принимает новые подключения: их открыто слишком много. "
           "Закройте программу на компьютерах, где она сейчас не нужна, и повторите.")
CLOSED = ("Сервер «{server}» закрыл соединение (перезапуск сервера или сбой сети). Действие не "
          "выполнено, в базе ничего не изменилось. Повторите его через минуту.")
STARTING = ("Сервер «{server}» сейчас запускается или останавливается. Повторите через минуту.")
PRIVILEGE = ("У пользователя «{user}» нет прав на это действие в базе «{base}»: изменения не "
             "сохранены. Обновление схемы базы и изменение журналов делает только владелец базы "
             "(tsj-desk server init).")

_BY_STATE = {
    DISK_FULL: FULL, "53000": FULL, LOCK_TIMEOUT: LOCKED, TOO_MANY_CONNECTIONS: CROWDED,
    NO_PRIVILEGE: PRIVILEGE, UNKNOWN_BASE: NO_BASE, BAD_PASSWORD: AUTHENTICATION,
    NOT_ALLOWED: NOT_PERMITTED, "57P01": CLOSED, "57P02": CLOSED, "57P03": STARTING,
}
# the server's words when connecting (no SQLSTATE then): English and Russian servers
_BY_TEXT = (
    (("password authentication failed", "не прошёл проверку подлинности",
      "no password supplied", "пароль не указан"), AUTHENTICATION),
    (("no pg_hba.conf entry", "в pg_hba.conf нет записи"), NOT_PERMITTED),
    ((("role", "does not exist"), ("роль", "не существует")), AUTHENTICATION),
    ((("database", "does not exist"), ("база данных", "не существует")), NO_BASE),
    (("too many clients", "too many connections", "слишком много подключений",
      "remaining connection slots are reserved", "оставшиеся слоты подключений зарезервированы"),
     CROWDED),
    (("the database system is starting up", "the database system is shutting down",
      "система баз данных запускается", "система баз данных останавливается"), STARTING),
    (("failed to resolve host", "could not translate host name", "name or service not known",
      "nodename nor servname", "no such host", "temporary failure in name resolution"),
     UNKNOWN_HOST),
    (("connection refused", "timeout expired", "could not connect", "network is unreachable",
      "no route to host", "connection timed out"), REFUSED),
    (("server closed the connection", "terminating connection", "connection is lost",
      "consuming input failed", "the connection is closed", "connection not open",
      "ssl syscall error", "eof detected"), CLOSED),
    (("could not extend file", "no space left on device", "на устройстве не осталось"), FULL),
    (("lock timeout", "could not obtain lock", "не удалось получить блокировку"), LOCKED),
    (("permission denied", "нет доступа", "must be owner", "должен быть владельцем"), PRIVILEGE),
)


def driver_error(exc: BaseException | None):
    """The psycopg error behind a peewee error (its ``orig``, first argument or cause)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    seen = 0
    while exc is not None and seen < 6:
        if isinstance(exc, psycopg.Error):
            return exc
        inner = getattr(exc, "orig", None)  # peewee keeps the driver's error there
        if not isinstance(inner, BaseException):
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
        seen += 1
    return None


def sqlstate(exc: BaseException) -> str | None:
    error = driver_error(exc)
    return getattr(error, "sqlstate", None) if error is not None else None


def _parts(url: str | None) -> dict[str, str]:
    if not url:
        return {"server": "сервер базы", "host": "сервер базы", "base": "", "user": ""}
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    shown_host = f"[{host}]" if ":" in host else host
    try:
        port = parts.port or 5432
    except ValueError:
        port = 5432
    return {"server": f"{shown_host}:{port}", "host": host, "base": unquote(parts.path.lstrip("/")),
            "user": unquote(parts.username or "")}


def _url_of(db) -> str | None:
    """The URL a connected peewee database was made from (its parameters; no password)."""
    params = getattr(db, "connect_params", None) or {}
    if not getattr(db, "database", None):
        return None
    host = params.get("host") or "localhost"
    host = f"[{host}]" if ":" in host else host
    port = params.get("port") or 5432
    user = params.get("user") or ""
    return f"postgresql://{user}@{host}:{port}/{db.database}"


def scrub(text: str, url: str | None) -> str:
    """``text`` without the password of ``url`` (a driver's text may quote a conninfo)."""
    if not url:
        return text
    password = urlsplit(url).password
    if password:
        text = text.replace(password, "***")
        if unquote(password) != password:
            text = text.replace(unquote(password), "***")
    return text


def server_message(exc: BaseException, url: str | None = None) -> str | None:
    """The Russian message of a server failure (None: not a known one). ``url``: the base
    it happened on (default: the open base)."""
    from tsj_desk.faults import sqlite_error

    if sqlite_error(exc) is not None or (driver_error(exc) is None and not _peewee_error(exc)):
        return None
    if url is None:
        import peewee

        from tsj_desk.storage.database import database

        if isinstance(database.obj, peewee.SqliteDatabase):
            return None  # a SQLite base's failure: tsj_desk.faults words those
        url = _url_of(database.obj)
    state = sqlstate(exc)
    message = _BY_STATE.get(state or "")
    if message is None and (state is None or state.startswith("08")):
        text = str(driver_error(exc) or exc).lower()
        message = next((m for needles, m in _BY_TEXT if any(_found(n, text) for n in needles)),
                       None)
        if message is None and state is not None:  # class 08: connection exception
            message = CLOSED
    if message is None:
        return None
    return message.format(**_parts(url))


def _found(needle: str | tuple[str, ...], text: str) -> bool:
    """A needle, or every one of a tuple of them, in ``text``."""
    return needle in text if isinstance(needle, str) else all(n in text for n in needle)


def _peewee_error(exc: BaseException) -> bool:
    import peewee

    return isinstance(exc, (peewee.DatabaseError, peewee.InterfaceError))


def server_problem(exc: BaseException, url: str | None = None) -> DatabaseProblem | None:
    """``server_message`` as the ``DatabaseProblem`` the user is shown, else None."""
    if isinstance(exc, DatabaseProblem):
        return exc
    message = server_message(exc, url)
    return DatabaseProblem(message) if message else None
