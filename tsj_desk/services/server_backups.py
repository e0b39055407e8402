"""Backups of a base on a PostgreSQL server: made with ``pg_dump`` into the backups folder
of this computer, checked with ``pg_restore --list``, restored into an empty server base.

A copy is named like a copy of a file base, with the server base's name for the file's
stem and ``.dump`` for its suffix: «tsj-20261124-120000-manual-1a2b3c4d.dump». The
folder is the one chosen in the settings (``backup.folder``, shared by the base's
users) or ``backups`` in this user's data folder, with a folder of its own per base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import peewee

from tsj_desk.domain.errors import DatabaseProblem, FileProblem, ValidationFailed
from tsj_desk.services.backups import TAG_LENGTH, BackupInfo, choose_backup_folder
from tsj_desk.storage import pg_backup
from tsj_desk.storage.database import database, shown_target

DUMP_SUFFIX = ".dump"
DUMP_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<trigger>[a-z]+)"
                       r"(?:-(?P<tag>[0-9a-f]{8}))?(?:-(?P<n>\d{1,3}))?\.dump$")
# the tables every base of this program has since its first version: a dump without them
# is not a copy of a ТСЖ Деск base
_OWN_TABLES = {"setting", "organization", "premise", "person", "ownership"}


def is_server_base() -> bool:
    """Whether the open base is on a PostgreSQL server."""
    return isinstance(database.obj, peewee.PostgresqlDatabase)


def open_server_url() -> str:
    """The URL of the open server base, with its password (never shown: ``shown_target``)."""
    db = database.obj
    if not isinstance(db, peewee.PostgresqlDatabase):
        raise DatabaseProblem("Открыта не база на сервере PostgreSQL.")
    params = db.connect_params
    user = params.get("user")
    auth = ""
    if user:
        auth = quote(str(user), safe="")
        if params.get("password") is not None:
            auth += ":" + quote(str(params["password"]), safe="")
        auth += "@"
    host = params.get("host") or "localhost"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = f":{params['port']}" if params.get("port") else ""
    extra = {k: v for k, v in params.items() if k not in ("user", "password", "host", "port")}
    query = "&".join(f"{k}={quote(str(v), safe='')}" for k, v in extra.items() if isinstance(v, (str, int)))
    return f"postgresql://{auth}{host}{port}/{quote(db.database, safe='')}" + (f"?{query}" if query else "")


def base_name(url: str | None = None) -> str:
    """The server base's name (the stem of its copies' names)."""
    return pg_backup.server_address(url or open_server_url()).database


def _setting(key: str) -> str | None:
    from tsj_desk.storage.models import Setting

    try:
        row = Setting.get_or_none(Setting.key == key)
    except peewee.DatabaseError:
        return None
    return row.value if row is not None else None


def server_backup_dir(folder: Path | None = None) -> Path:
    """Where the copies of the open server base go: ``<folder>/<base>`` for a folder given or
    chosen in the settings, else ``backups/<base>`` in this user's data folder."""
    from tsj_desk.services.session import data_dir

    root = Path(folder) if folder else (Path(chosen) if (chosen := _setting("backup.folder")) else None)
    return (root or data_dir() / "backups") / base_name()


def set_server_backup_dir(folder: Path) -> Path:
    """Choose the folder for the copies of the open server base (a folder of its own is made
    in it, named after the base); returns that folder. The choice is kept in the base:
    every computer of the office that makes copies uses it (a shared folder suits best)."""
    return choose_backup_folder(Path(folder), base_name())


def sibling_url(database_name: str) -> str:
    """The URL of another base on the open base's server, with the same user and password."""
    from urllib.parse import urlsplit, urlunsplit

    name = database_name.strip()
    if not name or "/" in name or "?" in name:
        raise ValidationFailed("Укажите имя базы на сервере (латинские буквы, цифры и «_», например tsj_copy).")
    parts = urlsplit(open_server_url())
    return urlunsplit(parts._replace(path="/" + quote(name, safe="")))


def _info(path: Path) -> BackupInfo | None:
    match = DUMP_NAME.match(path.name)
    if match is None:
        return None
    try:
        if not path.is_file():
            return None
        return BackupInfo(path, datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S"), match["trigger"],
                          path.stat().st_size, match["stem"], match["tag"], True)
    except (OSError, ValueError):
        return None


def list_server_backups(folder: Path | None = None) -> list[BackupInfo]:
    """The copies of the open server base in its backups folder (or ``folder`` itself),
    newest first; another base's copies there are left out by the id in their names."""
    folder = Path(folder) if folder else server_backup_dir()
    tag = (_setting("base.id") or "")[:TAG_LENGTH] or None
    try:
        found = [info for path in folder.glob(f"*{DUMP_SUFFIX}") if (info := _info(path))]
    except OSError:
        return []
    own = [b for b in found if tag is None or b.base_tag in (None, tag)]
    return sorted(own, key=lambda b: b.made_at, reverse=True)


def make_server_backup(trigger: str, *, now: datetime, folder: Path | None = None,
                       runner=None, **where) -> BackupInfo:
    """``pg_dump`` of the open server base into its backups folder (``folder`` as given:
    the copy goes straight into it), checked with ``pg_restore --list``."""
    url = open_server_url()
    target_folder = Path(folder) if folder else server_backup_dir()
    tag = (_setting("base.id") or "")[:TAG_LENGTH]
    name = f"{base_name(url)}-{now:%Y%m%d-%H%M%S}-{trigger}" + (f"-{tag}" if tag else "")
    target = target_folder / f"{name}{DUMP_SUFFIX}"
    counter = 1
    while target.exists():
        counter += 1
        target = target_folder / f"{name}-{counter}{DUMP_SUFFIX}"
    try:
        pg_backup.dump(url, target, runner=runner, **where)
    except OSError as exc:
        from tsj_desk import faults

        raise faults.write_fault(exc, target, "резервная копия базы не сделана") or DatabaseProblem(
            f"Резервную копию не удалось записать в «{target.parent}»: {exc.strerror or exc}.") from exc
    return BackupInfo(target, now, trigger, target.stat().st_size, base_name(url), tag or None, True)


@dataclass(frozen=True)
class DumpCheck:
    """A dump that may be restored: its tables."""

    path: Path
    tables: frozenset[str]


def check_dump(path: Path, *, runner=None, **where) -> DumpCheck:
    """``pg_restore --list`` of a dump, and that it is a copy of a base of this program;
    ``FileProblem`` with the reason otherwise."""
    path = Path(path)
    if not path.is_file():
        raise FileProblem(f"Копия «{path}» не найдена.")
    entries = pg_backup.list_entries(path, runner=runner, **where)
    tables = pg_backup.tables_in(entries)
    if not _OWN_TABLES <= tables:
        raise FileProblem(f"«{path.name}» — копия базы PostgreSQL, но не базы ТСЖ Деск: в ней нет "
                          "таблиц программы. Выберите копию базы ТСЖ Деск.")
    return DumpCheck(path, frozenset(tables))


def restore_server_backup(path: Path, url: str, *, now: datetime | None = None, runner=None,
                          **where) -> DumpCheck:
    """Restore the dump at ``path`` into the server base at ``url``, which must be empty
    (no table in it): a base with data is never written over. The restore is one
    transaction on the server; nothing is left of a failed one. With ``now`` the restored
    base's change log gets the restore's entry (who, when, from which copy)."""
    check = check_dump(path, runner=runner, **where)
    try:
        present = pg_backup.user_tables(url)
    except Exception as exc:  # the server does not answer, the base does not exist, a wrong password
        raise DatabaseProblem(f"К базе «{shown_target(url)}» не удалось подключиться: "
                              f"{_first_line(exc)}") from exc
    if present:
        raise DatabaseProblem(
            f"База «{shown_target(url)}» на сервере не пуста (таблиц в ней: {len(present)}): копию "
            "восстанавливают только в пустую базу, чтобы ничьи данные не были затёрты. Создайте на "
            "сервере новую пустую базу (команда createdb или pgAdmin) и восстановите копию в неё.")
    pg_backup.restore(check.path, url, runner=runner, **where)
    if now is not None:
        _record_restore(url, check.path, now)
    return check


def _record_restore(url: str, copy: Path, now: datetime) -> None:
    """The restore's entry in the change log of the restored base (written straight to it:
    the base open in the program, if any, is another one)."""
    import json

    import psycopg

    from tsj_desk.services.audit import current_user
    from tsj_desk.storage.models import AuditEntry

    meta = AuditEntry._meta
    columns = ", ".join('"' + meta.fields[name].column_name + '"'
                        for name in ("at", "user", "action", "entity", "details"))
    address = pg_backup.server_address(url)
    extra = {"password": address.password} if address.password is not None else {}
    open_base = database.obj
    if open_base is not None and not open_base.is_closed():
        user = current_user()  # the office user working in the base open now
    else:  # no base open (the command line): asking one would open a connection left behind
        import getpass

        try:
            user = getpass.getuser()
        except Exception:
            user = "неизвестно"
    with psycopg.connect(address.url, connect_timeout=10, **extra) as conn:
        conn.execute(f'INSERT INTO "{meta.table_name}" ({columns}) VALUES (%s, %s, %s, %s, %s)',
                     (now, user, "restore", "base",
                      json.dumps({"file": copy.name}, ensure_ascii=False)))


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
