"""Copies of a base on a PostgreSQL server: PostgreSQL's own ``pg_dump`` (custom format)
and ``pg_restore``, run as separate programs.

The programs are looked for on ``PATH`` and in the folders PostgreSQL installs them in
(``/usr/lib/postgresql/<version>/bin``, ``C:\\Program Files\\PostgreSQL\\<version>\\bin``),
the newest version first. The password never appears on their command line (where any
user of the computer could read it) nor in a message: it goes to them through the
``PGPASSWORD`` environment variable, and the server is named by a URL without it.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from tsj_desk.domain.errors import DatabaseProblem, FileProblem
from tsj_desk.private_files import create_private, discard

TOOL_FOLDERS_POSIX = ("/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/opt/homebrew/opt/postgresql*/bin",
                      "/usr/local/opt/postgresql*/bin", "/Applications/Postgres.app/Contents/Versions/*/bin")
TOOL_FOLDERS_WINDOWS = (r"C:\Program Files\PostgreSQL\*\bin", r"C:\Program Files (x86)\PostgreSQL\*\bin")

Runner = Callable[..., subprocess.CompletedProcess]


class ServerToolMissing(DatabaseProblem):
    """``pg_dump`` or ``pg_restore`` is not installed on this computer."""

    def __init__(self, tool: str):
        super().__init__(
            f"Не найдена программа {tool} из PostgreSQL: без неё копию базы на сервере не сделать "
            "и не восстановить. Установите на этот компьютер клиентские программы PostgreSQL той же "
            "версии, что и сервер, или новее: в Windows — установщик PostgreSQL с сайта "
            "postgresql.org (достаточно компонента «Command Line Tools»), в Debian и Ubuntu — "
            "пакет postgresql-client. Программа ищет её в папках из PATH, в "
            "C:\\Program Files\\PostgreSQL\\<версия>\\bin и в /usr/lib/postgresql/<версия>/bin.")
        self.tool = tool


def _version_key(folder: str) -> tuple:
    """Folders of several PostgreSQL versions: the newest first (16 before 9.6)."""
    numbers = re.findall(r"\d+", folder)
    return tuple(int(n) for n in numbers)


def find_tool(name: str, *, search_path: str | None = None,
              folders: Sequence[str] | None = None, platform: str | None = None) -> Path | None:
    """The program ``name`` (``pg_dump``, ``pg_restore``): on ``PATH``, else in the usual
    PostgreSQL folders, the newest version first; None when it is nowhere."""
    platform = platform or sys.platform
    exe = name + (".exe" if platform == "win32" else "")
    found = shutil.which(exe, path=search_path)
    if found:
        return Path(found)
    if folders is None:
        folders = TOOL_FOLDERS_WINDOWS if platform == "win32" else TOOL_FOLDERS_POSIX
    candidates: list[str] = []
    for pattern in folders:
        candidates.extend(glob.glob(pattern))
    for folder in sorted(candidates, key=_version_key, reverse=True):
        program = Path(folder) / exe
        if program.is_file() and os.access(program, os.X_OK):
            return program
    return None


def need_tool(name: str, **where) -> Path:
    tool = find_tool(name, **where)
    if tool is None:
        raise ServerToolMissing(name)
    return tool


# ---------------------------------------------------------------- the server's address


@dataclass(frozen=True)
class ServerAddress:
    """A server base as the PostgreSQL programs are given it: a URL without the password,
    and the password apart."""

    url: str  # postgresql://user@host:port/base?… (no password)
    password: str | None
    database: str

    def environment(self) -> dict[str, str]:
        """The environment of a PostgreSQL program: this one's, the password added, and
        no password of another server left in it."""
        env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGSERVICE")}
        if self.password is not None:
            env["PGPASSWORD"] = self.password
        env.setdefault("PGCONNECT_TIMEOUT", "10")
        return env


def server_address(url: str) -> ServerAddress:
    """Split a ``postgresql://user:password@host:port/base`` URL (any scheme the program
    opens: ``postgres``, ``postgresql+pool``…) into the URL ``libpq`` takes and the password."""
    parts = urlsplit(url)
    password = unquote(parts.password) if parts.password is not None else None
    netloc = parts.netloc.rsplit("@", 1)
    host = netloc[-1]
    user = netloc[0].split(":", 1)[0] if len(netloc) == 2 else ""
    clean = urlunsplit(("postgresql", f"{user}@{host}" if user else host, parts.path, parts.query, ""))
    return ServerAddress(clean, password, unquote(parts.path.lstrip("/")))


# ---------------------------------------------------------------- running the programs


def _run(command: list[str], address: ServerAddress, runner: Runner | None) -> subprocess.CompletedProcess:
    runner = runner or subprocess.run
    return runner(command, env=address.environment(), capture_output=True, text=True,
                  encoding="utf-8", errors="replace", stdin=subprocess.DEVNULL)


def _said(process: subprocess.CompletedProcess, address: ServerAddress) -> str:
    """What a PostgreSQL program said about its failure, its last lines, without the password."""
    lines = [line.strip() for line in (process.stderr or "").splitlines() if line.strip()]
    text = " ".join(lines[-3:]) or f"код завершения {process.returncode}"
    if address.password:
        text = text.replace(address.password, "***")
    return text


def dump(url: str, target: Path, *, runner: Runner | None = None, **where) -> Path:
    """``pg_dump`` of the server base at ``url`` into a new file ``target`` (custom format),
    through ``<target>.part`` moved into place when complete and checked; a failure leaves
    no file behind and raises ``DatabaseProblem`` with what the server said."""
    tool = need_tool("pg_dump", **where)
    address = server_address(url)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        discard(part)
        create_private(part)  # a copy of the base is as private as the base
        process = _run([str(tool), "--format=custom", "--no-password", f"--file={part}",
                        f"--dbname={address.url}"], address, runner)
        if process.returncode != 0:
            raise DatabaseProblem(f"Копию базы «{address.database}» на сервере сделать не удалось: "
                                  f"pg_dump ответила «{_said(process, address)}». Проверьте связь с "
                                  "сервером и права пользователя и повторите.")
        list_entries(part, runner=runner, **where)
        part.replace(target)
    except BaseException:
        discard(part)
        raise
    return target


def list_entries(path: Path, *, runner: Runner | None = None, **where) -> list[str]:
    """The table of contents of a dump (``pg_restore --list``): the check that the file is a
    whole dump PostgreSQL can restore. Raises ``FileProblem`` when it is not."""
    tool = need_tool("pg_restore", **where)
    process = _run([str(tool), "--list", str(path)], ServerAddress("", None, ""), runner)
    entries = [line for line in (process.stdout or "").splitlines() if line and not line.startswith(";")]
    if process.returncode != 0 or not entries:
        raise FileProblem(f"Файл «{Path(path).name}» — не целая копия базы PostgreSQL: pg_restore "
                          f"не прочла его оглавление ({_said(process, ServerAddress('', None, ''))}).")
    return entries


def tables_in(entries: list[str]) -> set[str]:
    """The tables whose data a dump holds, from its table of contents."""
    names = set()
    for line in entries:
        match = re.search(r"\bTABLE DATA \S+ (\S+) ", line)
        if match:
            names.add(match.group(1).strip('"'))
    return names


def restore(path: Path, url: str, *, runner: Runner | None = None, **where) -> None:
    """``pg_restore`` of the dump at ``path`` into the server base at ``url`` in one
    transaction (a failure leaves the base as it was). Owners and privileges of the
    server the dump came from are not restored: the tables belong to whoever restores."""
    tool = need_tool("pg_restore", **where)
    address = server_address(url)
    process = _run([str(tool), "--no-password", "--no-owner", "--no-acl", "--exit-on-error",
                    "--single-transaction", f"--dbname={address.url}", str(path)], address, runner)
    if process.returncode != 0:
        raise DatabaseProblem(f"Базу «{address.database}» на сервере восстановить не удалось: "
                              f"pg_restore ответила «{_said(process, address)}». База осталась "
                              "пустой, как была.")


def user_tables(url: str) -> list[str]:
    """The tables of the server base at ``url`` outside PostgreSQL's own schemas."""
    import psycopg

    address = server_address(url)
    extra = {"password": address.password} if address.password is not None else {}
    with psycopg.connect(address.url, connect_timeout=10, **extra) as conn:
        rows = conn.execute("SELECT schemaname || '.' || tablename FROM pg_catalog.pg_tables "
                            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') "
                            "ORDER BY 1").fetchall()
    return [row[0] for row in rows]
