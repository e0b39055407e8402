"""One writer per database: a lock file beside it, locked by the OS and saying who holds it.

The holder keeps ``<base>.lock`` open with an OS-level lock on it (``fcntl.flock`` on
POSIX, ``msvcrt.locking`` on Windows) for as long as it writes; the operating system
lets go when the process ends, however it ends. The file's content names the holder
(user, computer, process and the moment that process started, since when, heartbeat)
for the message a second copy shows, and for computers the OS lock does not reach.

The file is born with its content: the payload is written to a private temporary file
that is then hard-linked to the lock's name (the link fails when the name exists), so
no other copy ever finds the lock of a live holder empty. A copy that finds the OS lock
free judges the content:

- on this computer the holder is gone when its process is gone, or when the process
  with that number started at another moment than the one recorded (the number now
  belongs to another program);
- from another computer, by the heartbeat: older than ``STALE_AFTER``, or more than
  ``STALE_AFTER`` ahead of this computer's clock (the clock was moved back);
- content that cannot be read is stale only when the file was last written more than
  ``WRITE_GRACE`` away from now: a lock being written is never taken.

Every problem of the path (a folder where the lock should be, a missing or read-only
folder, no permission) is a ``DatabaseProblem`` with a Russian message.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import stat
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tsj_desk.domain.errors import DatabaseLocked, DatabaseProblem

STALE_AFTER = timedelta(minutes=3)
HEARTBEAT_EVERY = timedelta(seconds=45)
WRITE_GRACE = timedelta(seconds=30)  # an unreadable lock younger than this is being written

_CREATOR_WAIT_SECONDS = 5.0  # a copy that linked the file waits this long for a prober to let go
_ATTEMPTS = 8  # rounds of link / open / lock lost to a holder releasing at that moment
_WINDOWS_LOCK_OFFSET = 1 << 30  # a byte far beyond the content: readers are not blocked
_MAX_CONTENT = 64 * 1024  # a holder's record is a few hundred bytes


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime
    started: str | None = None  # when the holder's process started (see process_start)
    base_id: str | None = None  # the id of the base the holder has open
    changes: int | None = None  # the base's change counter as the holder last knew it (storage.changes)

    def describe(self) -> str:
        return (f"пользователь {self.user} на компьютере {self.host} "
                f"с {self.since:%d.%m.%Y %H:%M}")


def locked_error(path: Path, holder: LockHolder | None) -> DatabaseLocked:
    who = (holder.describe() if holder is not None
           else "другая копия программы на этом или другом компьютере")
    return DatabaseLocked(
        f"База «{path.name}» уже открыта: {who}. Изменять её может только одна "
        "копия программы. Можно открыть базу только для чтения или дождаться, пока её закроют.",
        holder)


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "неизвестно"


# ------------------------------------------------------------------ processes


def _linux_stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` from the state on (field 3), or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    tail = text.rpartition(")")[2].split()  # the command name may hold spaces and brackets
    return tail if len(tail) > 19 else None


def _linux_boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


if sys.platform == "win32":  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _kernel32.OpenProcess.argtypes = [wintypes.DWORD, wintypes.BOOL, wintypes.DWORD]
    _kernel32.OpenProcess.restype = wintypes.HANDLE
    _kernel32.GetExitCodeProcess.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD)]
    _kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    _kernel32.GetProcessTimes.argtypes = [wintypes.HANDLE] + [ctypes.POINTER(wintypes.FILETIME)] * 4
    _kernel32.GetProcessTimes.restype = wintypes.BOOL
    _kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    _kernel32.CloseHandle.restype = wintypes.BOOL
    _QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259
    _ERROR_ACCESS_DENIED = 5

    def _windows_process(pid: int) -> tuple[bool, str | None]:
        """(alive, creation time) of ``pid`` through the Win32 API."""
        handle = _kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            # a process of another user may refuse even this query: it exists
            return ctypes.get_last_error() == _ERROR_ACCESS_DENIED, None
        try:
            code = wintypes.DWORD()
            if not _kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True, None
            if code.value != _STILL_ACTIVE:
                return False, None
            created, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
            if not _kernel32.GetProcessTimes(handle, ctypes.byref(created), ctypes.byref(exited),
                                             ctypes.byref(kernel), ctypes.byref(user)):
                return True, None
            return True, f"win:{(created.dwHighDateTime << 32) | created.dwLowDateTime}"
        finally:
            _kernel32.CloseHandle(handle)


def process_start(pid: int) -> str | None:
    """The moment process ``pid`` started, as a token that two different processes never
    share and that does not move with the clock (None when it cannot be told).

    Linux: the boot's id and the start in clock ticks since boot (``/proc/<pid>/stat``);
    Windows: the process creation time (``GetProcessTimes``)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_process(pid)[1]
    fields = _linux_stat_fields(pid)
    if fields is None:
        return None
    return f"linux:{_linux_boot_id()}:{fields[19]}"


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer (a zombie does not)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only; os.kill(pid, 0) ends it there
        return _windows_process(pid)[0]
    fields = _linux_stat_fields(pid)
    if fields is not None and fields[0] in ("Z", "X"):
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


# ------------------------------------------------------------------ the OS lock


def _os_lock(handle: int) -> bool:
    """Take the OS lock of the open lock file without waiting; False when another holds it."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt

        os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
            return True  # a file system without locks: the content alone decides
        raise
    return True


def _os_unlock(handle: int) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_UN)
    except OSError:
        pass  # closing the handle lets go in any case


# ------------------------------------------------------------------ content


def _parse_holder(text: str) -> LockHolder | None:
    try:
        data = json.loads(text)
        started = data.get("started")
        base, changes = data.get("base"), data.get("changes")
        return LockHolder(str(data["user"]), str(data["host"]), int(data["pid"]),
                          datetime.fromisoformat(data["since"]),
                          datetime.fromisoformat(data["heartbeat"]),
                          str(started) if started is not None else None,
                          str(base) if base else None,
                          int(changes) if changes is not None else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_holder(path: Path) -> LockHolder | None:
    """Who the lock file at ``path`` names; None when it is missing or cannot be read."""
    for attempt in range(3):  # a heartbeat rewriting the file may be caught half-way
        try:
            if not path.is_file() or path.is_symlink():
                return None
            with open(path, "rb") as lock_file:
                holder = _parse_holder(lock_file.read(_MAX_CONTENT).decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        if holder is not None:
            return holder
        time.sleep(0.005 * (attempt + 1))
    return None


def _read_handle(handle: int) -> str:
    os.lseek(handle, 0, os.SEEK_SET)
    return os.read(handle, _MAX_CONTENT).decode("utf-8", errors="replace")


def _write_handle(handle: int, payload: bytes, *, sync: bool = True) -> None:
    """Put ``payload`` into the open lock file in place: the inode (and its OS lock) stays."""
    os.lseek(handle, 0, os.SEEK_SET)
    os.write(handle, payload)
    os.ftruncate(handle, len(payload))
    if sync:
        os.fsync(handle)


def _same_file(handle: int, path: Path) -> bool:
    try:
        named, opened = os.stat(path), os.fstat(handle)
    except OSError:
        return False
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


# ------------------------------------------------------------------ the lock


class DatabaseLock:
    """The lock of one database file, held by this process while it writes."""

    def __init__(self, database: str | Path):
        self.database = Path(database)
        self.path = lock_path(self.database)
        self.held = False
        self._handle: int | None = None
        self._since: datetime | None = None
        self._beat: datetime | None = None
        self._changes: tuple[str | None, int] | None = None  # (base id, change counter)
        self._writing = threading.Lock()  # a worker's commit and the heartbeat both rewrite it

    def _payload(self, since: datetime, now: datetime) -> bytes:
        content = {"user": _user(), "host": socket.gethostname(), "pid": os.getpid(),
                   "started": process_start(os.getpid()),
                   "since": since.isoformat(), "heartbeat": now.isoformat()}
        if self._changes is not None:
            content["base"], content["changes"] = self._changes
        return json.dumps(content, ensure_ascii=False).encode("utf-8")

    def _is_mine(self, holder: LockHolder | None) -> bool:
        return (holder is not None and holder.pid == os.getpid()
                and holder.host == socket.gethostname()
                and holder.started == process_start(os.getpid()))

    def is_stale(self, holder: LockHolder | None, now: datetime) -> bool:
        """Whether the holder named in a lock whose OS lock is free is gone (see the module)."""
        if holder is None:
            return True  # callers judge an unreadable lock by its age (``_judge``)
        if holder.host == socket.gethostname():
            if holder.pid == os.getpid():
                return not self.held  # this process's own leftover, or a former process's
            if not pid_alive(holder.pid):
                return True
            if holder.started is not None:
                current = process_start(holder.pid)
                if current is not None and current != holder.started:
                    return True  # the number now belongs to a process started later
            return False
        age = now - holder.heartbeat
        return age > STALE_AFTER or -age > STALE_AFTER

    def _judge(self, handle: int, now: datetime) -> None:
        """Raise ``DatabaseLocked`` unless the content of the open lock file is stale."""
        holder = _parse_holder(_read_handle(handle))
        if holder is None:
            written = datetime.fromtimestamp(os.fstat(handle).st_mtime)
            if abs(now - written) <= WRITE_GRACE:
                raise locked_error(self.database, None)  # being written: never taken
            return
        if not self.is_stale(holder, now):
            raise locked_error(self.database, holder)

    def _problem(self, exc: OSError) -> DatabaseProblem:
        """The Russian message for a path that does not let the lock be made."""
        folder = self.database.parent
        if self.path.is_dir() and not self.path.is_symlink():
            return DatabaseProblem(
                f"Рядом с базой «{self.database.name}» вместо файла блокировки лежит папка "
                f"«{self.path.name}», и программа не может отметить, что база открыта. "
                "Переименуйте или удалите эту папку, проверив, что в ней нет нужных файлов, "
                "и откройте базу снова.")
        if self.path.is_symlink() or (self.path.exists() and not self.path.is_file()):
            return DatabaseProblem(
                f"Рядом с базой «{self.database.name}» вместо файла блокировки лежит ссылка или "
                f"особый файл «{self.path.name}», и программа не может отметить, что база "
                "открыта. Удалите его и откройте базу снова.")
        if folder.exists() and not folder.is_dir():
            return DatabaseProblem(
                f"«{folder}» — не папка, а файл: база в нём храниться не может. "
                "Укажите другой путь к базе.")
        if not folder.exists() or isinstance(exc, FileNotFoundError):
            return DatabaseProblem(
                f"Папка «{folder}» для базы не найдена. Проверьте путь к базе (возможно, диск "
                "не подключён) или создайте эту папку и повторите.")
        if exc.errno == errno.EROFS:
            return DatabaseProblem(
                f"Диск с папкой «{folder}» доступен только для чтения: программа не может "
                "создать рядом с базой файл блокировки. Скопируйте базу на диск, где можно "
                "записывать, и откройте её оттуда.")
        if exc.errno == errno.ENOSPC:
            return DatabaseProblem(
                f"На диске с базой «{self.database.name}» закончилось место: программа не может "
                "создать файл блокировки. Освободите место на диске и повторите.")
        if isinstance(exc, PermissionError):
            if self.path.exists():
                return DatabaseProblem(
                    f"Нет доступа к файлу блокировки «{self.path}»: его создал другой "
                    "пользователь этого компьютера или у файла отняты права. Если базу сейчас "
                    "никто не открыл, попросите администратора удалить этот файл и откройте "
                    "базу снова.")
            return DatabaseProblem(
                f"Нет прав на запись в папку «{folder}»: программа не может создать рядом с "
                f"базой файл блокировки «{self.path.name}». Попросите администратора дать вам "
                "права на запись в эту папку или перенесите базу в папку, где они есть.")
        code = errno.errorcode.get(exc.errno or 0, "неизвестна")
        return DatabaseProblem(
            f"Не удалось создать файл блокировки «{self.path}» рядом с базой (ошибка системы: "
            f"{code}). Проверьте, что диск подключён и папка доступна для записи, и повторите.")

    def _create(self, payload: bytes) -> bool:
        """Make the lock file with ``payload`` in one step; False when the name is taken."""
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        handle = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0),
                         0o600)
        try:
            try:
                os.write(handle, payload)
                os.fsync(handle)
            finally:
                os.close(handle)
            try:
                os.link(temp, self.path)
                return True
            except FileExistsError:
                return False
            except OSError:  # no hard links here (FAT): create with the content at once
                pass
        finally:
            temp.unlink(missing_ok=True)
        try:
            handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY
                             | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            return False
        try:
            os.write(handle, payload)
            os.fsync(handle)
        finally:
            os.close(handle)
        return True

    def _open(self) -> int | None:
        try:  # never through a link: the lock would overwrite whatever it points at
            return os.open(self.path, os.O_RDWR | getattr(os, "O_BINARY", 0)
                           | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None  # its holder released it a moment ago: try again

    def _lock_created(self, handle: int) -> bool:
        """The OS lock of a file this copy has just made: a prober judging the content may
        hold it for a moment (it finds this live process and lets go)."""
        waited = 0.0
        while not _os_lock(handle):
            if waited >= _CREATOR_WAIT_SECONDS:
                return False
            time.sleep(0.005)
            waited += 0.005
        return True

    def acquire(self, now: datetime) -> None:
        """Take the lock, or raise ``DatabaseLocked`` naming who holds it
        (``DatabaseProblem`` when the folder does not let the lock be made)."""
        if self.held:
            return
        payload = self._payload(now, now)
        for _ in range(_ATTEMPTS):
            try:
                created = self._create(payload)
                handle = self._open()
            except OSError as exc:
                raise self._problem(exc) from None
            if handle is None:
                continue
            try:
                taken = self._take(handle, created, payload, now)
            except BaseException:
                os.close(handle)
                raise
            if taken:
                self._handle, self.held, self._since, self._beat = handle, True, now, now
                self._remove_leftovers()
                return
            os.close(handle)
        raise DatabaseProblem(
            f"Не удалось отметить, что база «{self.database.name}» открыта: файл блокировки "
            "рядом с ней всё время меняется. Закройте другие копии программы и повторите.")

    def _take(self, handle: int, created: bool, payload: bytes, now: datetime) -> bool:
        """Hold the open lock file's OS lock and make it this copy's; False to try again."""
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # a device or a pipe by that name
            raise self._problem(OSError(errno.EINVAL, "not a regular file"))
        if not (self._lock_created(handle) if created else _os_lock(handle)):
            if created and self._is_mine(read_holder(self.path)):
                self.path.unlink(missing_ok=True)  # gave up on a file only this copy named
            raise locked_error(self.database, read_holder(self.path))
        try:
            if not _same_file(handle, self.path):
                _os_unlock(handle)
                return False  # released and removed meanwhile
            if not (created and self._is_mine(_parse_holder(_read_handle(handle)))):
                self._judge(handle, now)  # raises DatabaseLocked for a live holder
                _write_handle(handle, payload)  # a gone holder's lock: taken over in place
            if hasattr(os, "fchmod"):
                os.fchmod(handle, 0o600)
        except OSError as exc:
            _os_unlock(handle)
            raise self._problem(exc) from None
        except BaseException:
            _os_unlock(handle)
            raise
        return True

    def _remove_leftovers(self) -> None:
        """Temporary files of copies killed between writing and linking them."""
        prefix = self.path.name + "."
        try:
            names = [p for p in self.path.parent.iterdir()
                     if p.name.startswith(prefix) and p.name.endswith(".tmp")]
        except OSError:
            return
        for temp in names:
            pid = temp.name[len(prefix):].split(".", 1)[0]
            if pid.isdigit() and not pid_alive(int(pid)):
                try:
                    temp.unlink(missing_ok=True)
                except OSError:
                    pass

    def heartbeat(self, now: datetime) -> None:
        """Refresh the lock so that other computers see the holder is alive."""
        if not self.held or self._handle is None:
            return
        with self._writing:
            self._beat = now
            payload = self._payload(self._since or now, now)
            try:
                if not os.path.lexists(self.path):
                    self._put_back(payload, now)
                else:
                    _write_handle(self._handle, payload)
            except (OSError, DatabaseProblem):
                pass  # the OS lock still holds; the next beat tries again

    def record_changes(self, base_id: str | None, changes: int) -> None:
        """Record the base's change counter in the lock (after every committed change):
        a base found behind it later lost committed changes (``storage.changes``). Not
        synced to the disk: it must outlive the process, which the page cache does."""
        with self._writing:
            self._changes = (base_id, int(changes))
            if not self.held or self._handle is None:
                return  # written with the content when the lock is taken
            payload = self._payload(self._since or self._beat, self._beat or self._since)
            try:
                _write_handle(self._handle, payload, sync=False)
            except OSError:
                pass  # the next heartbeat writes it

    def _put_back(self, payload: bytes, now: datetime) -> None:
        """The lock file was deleted under its holder (by hand): make it anew, so that a
        second copy is still told the base is open."""
        if not self._create(payload):
            return
        handle = self._open()
        if handle is None:
            return
        try:
            taken = self._take(handle, True, payload, now)
        except BaseException:
            os.close(handle)
            raise
        if not taken:
            os.close(handle)
            return
        previous, self._handle = self._handle, handle
        _os_unlock(previous)
        os.close(previous)

    def release(self) -> None:
        if not self.held:
            return
        with self._writing:  # a worker recording a change never writes into a closed handle
            handle, self._handle, self.held = self._handle, None, False
        if handle is None:
            return
        try:
            if sys.platform != "win32" and _same_file(handle, self.path):
                self.path.unlink(missing_ok=True)  # removed while still locked: no gap
            _os_unlock(handle)
        except OSError:
            pass
        finally:
            os.close(handle)
        if sys.platform == "win32" and self._is_mine(read_holder(self.path)):  # pragma: no cover
            try:
                self.path.unlink(missing_ok=True)  # an open file cannot be removed there
            except OSError:
                pass  # a second copy is looking at it: our dead pid makes it stale
