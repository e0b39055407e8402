"""One writer per database: a lock file beside it says who holds it.

A second copy of the program (or a second PC on a shared folder) is told who holds
the database and since when, and may open it read-only. A lock left by a killed
process is recognised — on this computer by its process id, elsewhere by a
heartbeat older than ``STALE_AFTER`` — and taken over.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tsj_desk.domain.errors import DatabaseLocked

STALE_AFTER = timedelta(minutes=3)
HEARTBEAT_EVERY = timedelta(seconds=45)


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime

    def describe(self) -> str:
        return (f"пользователь {self.user} на компьютере {self.host} "
                f"с {self.since:%d.%m.%Y %H:%M}")


def locked_error(path: Path, holder: LockHolder) -> DatabaseLocked:
    return DatabaseLocked(
        f"База «{path.name}» уже открыта: {holder.describe()}. Изменять её может только одна "
        "копия программы. Можно открыть базу только для чтения или дождаться, пока её закроют.",
        holder)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "неизвестно"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_holder(path: Path) -> LockHolder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(data["user"], data["host"], int(data["pid"]),
                          datetime.fromisoformat(data["since"]),
                          datetime.fromisoformat(data["heartbeat"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class DatabaseLock:
    """The lock of one database file, held by this process while it writes."""

    def __init__(self, database: str | Path):
        self.database = Path(database)
        self.path = lock_path(self.database)
        self.held = False

    def _payload(self, since: datetime, now: datetime) -> str:
        return json.dumps({"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
                           "since": since.isoformat(), "heartbeat": now.isoformat()},
                          ensure_ascii=False)

    def is_stale(self, holder: LockHolder | None, now: datetime) -> bool:
        if holder is None:
            return True  # unreadable: a half-written lock of a killed process
        if holder.host == socket.gethostname():
            return not _pid_alive(holder.pid) or (holder.pid == os.getpid() and not self.held)
        return now - holder.heartbeat > STALE_AFTER

    def acquire(self, now: datetime) -> None:
        """Take the lock, or raise ``DatabaseLocked`` naming who holds it."""
        for _ in range(2):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_holder(self.path)
                if not self.is_stale(holder, now):
                    raise locked_error(self.database, holder) from None
                self.path.unlink(missing_ok=True)  # a killed process's lock: take it over
                continue
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(self._payload(now, now))
            self.held = True
            return
        raise locked_error(self.database, read_holder(self.path) or LockHolder(
            "неизвестно", "неизвестно", 0, now, now))

    def heartbeat(self, now: datetime) -> None:
        """Refresh the lock so that other computers see the holder is alive."""
        if not self.held:
            return
        holder = read_holder(self.path)
        since = holder.since if holder else now
        temp = self.path.with_name(self.path.name + ".tmp")
        temp.write_text(self._payload(since, now), encoding="utf-8")
        os.replace(temp, self.path)

    def release(self) -> None:
        if self.held:
            holder = read_holder(self.path)
            if holder is None or (holder.pid == os.getpid() and holder.host == socket.gethostname()):
                self.path.unlink(missing_ok=True)
            self.held = False
