"""The connection to a base on a PostgreSQL server, as the window sees it.

- Lost and made again (``storage.pg_reconnect``): ``on_notice`` subscribes the window
  to «Нет связи с сервером, повторяем…» (None: connected again); ``run_whole`` repeats
  an action the server rolled back when the connection broke in its middle.
- Chosen at the start: «Файл базы на этом компьютере» or «Сервер PostgreSQL» (host,
  port, base, user). The last choice is remembered in the user's configuration folder
  without the password; the password is kept in the operating system's credential
  store (``keyring``: Windows Credential Manager, macOS Keychain, Secret Service), never
  in a file or a log.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import platformdirs

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.storage.pg_reconnect import (
    RETRYING,
    ConnectionLost,
    add_listener,
    remove_listener,
    run_whole,
)

__all__ = ["RETRYING", "ConnectionLost", "on_notice", "stop_notices", "run_whole", "ServerChoice",
           "StartChoice", "load_choice", "save_choice", "server_url", "KEYRING_SERVICE",
           "stored_password", "store_password", "forget_password", "choice_file", "try_server"]

KEYRING_SERVICE = "ТСЖ Деск — сервер PostgreSQL"
DEFAULT_PORT = 5432


def on_notice(listener) -> None:
    """``listener(text)`` is called with «Нет связи с сервером, повторяем…» before each
    attempt to connect again and with None once connected (on the thread that noticed)."""
    add_listener(listener)


def stop_notices(listener) -> None:
    remove_listener(listener)


# ---------------------------------------------------------------- the choice at the start


@dataclass(frozen=True)
class ServerChoice:
    """A server base as the start dialog collects it (no password here)."""

    host: str
    port: int
    database: str
    user: str

    def key(self) -> str:
        """The name the password is kept under in the credential store."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def shown(self) -> str:
        return f"{self.database} на {self.host}:{self.port} (пользователь {self.user})"


@dataclass(frozen=True)
class StartChoice:
    """What the user chose last: ``kind`` «file» (``path``) or «server» (``server``)."""

    kind: str
    path: str | None = None
    server: ServerChoice | None = None


def checked_server(host: str, port: str | int, database: str, user: str) -> ServerChoice:
    """The dialog's fields checked; ``ValidationFailed`` lists what to correct."""
    host, database, user = host.strip(), database.strip(), user.strip()
    problems = []
    if not host:
        problems.append("Укажите адрес сервера (имя компьютера или IP-адрес).")
    try:
        number = int(str(port).strip() or DEFAULT_PORT)
        if not 1 <= number <= 65535:
            raise ValueError
    except ValueError:
        problems.append(f"Порт — число от 1 до 65535 (обычно {DEFAULT_PORT}).")
        number = DEFAULT_PORT
    if not database:
        problems.append("Укажите имя базы на сервере.")
    if not user:
        problems.append("Укажите пользователя базы.")
    if problems:
        raise ValidationFailed(" ".join(problems), problems)
    return ServerChoice(host, number, database, user)


def server_url(server: ServerChoice, password: str | None) -> str:
    """The URL the program opens (with the password: never shown nor written down)."""
    auth = quote(server.user, safe="")
    if password:
        auth += ":" + quote(password, safe="")
    host = f"[{server.host}]" if ":" in server.host else server.host
    return f"postgresql://{auth}@{host}:{server.port}/{quote(server.database, safe='')}"


def try_server(url: str) -> str:
    """«Подключение к серверу установлено…» or why not, in words: the start dialog's
    «Проверить подключение». Nothing in the base is read or changed."""
    from tsj_desk.storage.pg_backup import server_address

    address = server_address(url)
    try:
        from tsj_desk.storage.server_driver import load

        load()
        import psycopg

        extra = {"password": address.password} if address.password is not None else {}
        with psycopg.connect(address.url, connect_timeout=5, **extra) as conn:
            version = conn.info.parameter_status("server_version") or ""
            tables = conn.execute("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN "
                                  "('pg_catalog', 'information_schema')").fetchone()[0]
    except Exception as exc:  # refused, unknown host or base, wrong password: told in words
        from tsj_desk.storage.server_faults import scrub, server_message

        said = server_message(exc, url)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return said or f"Подключиться к серверу не удалось: {scrub(first, url)}"
    state = "база пуста — программа создаст в ней таблицы" if not tables else "в базе есть таблицы"
    return f"Подключение установлено: PostgreSQL {version.split()[0] if version else ''}, {state}."


def choice_file() -> Path:
    return Path(platformdirs.user_config_dir("tsj-desk", appauthor=False)) / "start.json"


def load_choice() -> StartChoice | None:
    """The last choice (None: none made yet, or a file that cannot be read)."""
    try:
        data = json.loads(choice_file().read_text(encoding="utf-8"))
        server = data.get("server")
        return StartChoice(data["kind"], data.get("path"), ServerChoice(**server) if server else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_choice(choice: StartChoice) -> None:
    """Remember the choice (never a password: ``ServerChoice`` has none)."""
    path = choice_file()
    data = {"kind": choice.kind, "path": choice.path,
            "server": asdict(choice.server) if choice.server else None}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass  # not remembered: the dialog asks again next time


def stored_password(server: ServerChoice) -> str | None:
    """The password kept for ``server`` in the credential store (None: none, or no store)."""
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, server.key())
    except Exception:  # no store on this system (keyring.errors.NoKeyringError and kin)
        return None


def store_password(server: ServerChoice, password: str) -> bool:
    """Keep the password in the credential store; False when there is no store to keep it in."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, server.key(), password)
        return True
    except Exception:
        return False


def forget_password(server: ServerChoice) -> None:
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, server.key())
    except Exception:
        pass
