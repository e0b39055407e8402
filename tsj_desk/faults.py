"""Faults of the disk and the file system as typed errors with a Russian message.

Every place the program writes — the base and its transactions, backups and restores,
exports and documents — turns an ``OSError`` or a SQLite error into a ``WriteFault``
here, one translator for all of them: no space left (``ENOSPC``, ``SQLITE_FULL``, or a
SQLite I/O error on a disk with almost nothing free), a read-only file
(``SQLITE_READONLY``, a file the user may not write), a read-only folder, a read-only
disk or mount (``EROFS``), a missing folder, no permission. Each message names the file
or folder, says what was not done and what to do; the original error stays as the
cause (for the log), never in front of the user.

SQLite names only the symptom («unable to open database file», «disk I/O error»), so
the place is looked at to tell the cause: a folder that is not there, a disk mounted
read-only, a file or folder the user may not write, a disk with almost no free space.
A SQLite error whose cause cannot be seen there is not a fault of this kind (None).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tsj_desk.domain.errors import BaseWriteFault, WriteFault

DISK_FULL = "disk_full"
READ_ONLY_FILE = "read_only_file"
READ_ONLY_FOLDER = "read_only_folder"
READ_ONLY_DISK = "read_only_disk"
MISSING_FOLDER = "missing_folder"
NOT_A_FOLDER = "not_a_folder"
IS_A_FOLDER = "is_a_folder"
NO_PERMISSION = "no_permission"
DEVICE_ERROR = "device_error"

LOW_SPACE_BYTES = 1 << 20
"""Less free space than this on the disk of a SQLite I/O error: the disk is full (SQLite
reports a failed growth of its -shm file as an I/O error, not as «disk is full»)."""

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED_ERRNOS = {errno.EACCES, errno.EPERM}

# SQLite result codes by name (``sqlite3.Error.sqlite_errorname``): an extended code's
# name begins with its primary one («SQLITE_IOERR_WRITE», «SQLITE_READONLY_DBMOVED»)
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = (
    "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_FULL", "SQLITE_CANTOPEN")
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB = (
    "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CORRUPT", "SQLITE_NOTADB")
_SQLITE_READONLY_DBMOVED = "SQLITE_READONLY_DBMOVED"
_PRIMARY_NAMES = (SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN,
                  SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CORRUPT, SQLITE_NOTADB)


# ---------------------------------------------------------------- the messages


def describe(kind: str, path: Path | None, outcome: str, *, base: bool = False,
             detail: str = "", lead: str | None = None) -> str:
    """The message of a fault of ``kind`` met writing ``path`` (a file; its folder is
    named where the folder is the cause): what happened, ``outcome`` (what was not done:
    «изменения не сохранены») and what to do. ``base``: the file is the base (the advice
    is to copy the base where it can be written). ``lead``: what was not done told first
    instead («Не удалось сохранить документ «акт.docx»: папка «…» не найдена. …»)."""
    cause, advice = _cause_and_advice(kind, path, base=base, detail=detail)
    if lead is not None:
        return f"{lead}: {cause[:1].lower()}{cause[1:]}. {advice}"
    return f"{cause}: {outcome}. {advice}"


def _cause_and_advice(kind: str, path: Path | None, *, base: bool, detail: str) -> tuple[str, str]:
    folder = f"«{path.parent}»" if path is not None else ""
    if kind == DISK_FULL:
        where = f"На диске, где находится папка {folder}," if path is not None else "На диске"
        return (f"{where} не осталось места",
                "Освободите место на диске (удалите или перенесите ненужные файлы) и повторите.")
    if kind == READ_ONLY_DISK:
        where = f"Диск с папкой {folder}" if path is not None else "Диск"
        return (f"{where} доступен только для чтения (флешка или карта памяти с защитой от "
                "записи, компакт-диск, сетевая папка только для чтения)",
                "Скопируйте базу на диск, куда можно записывать, и откройте копию." if base
                else "Выберите папку на диске, куда можно записывать.")
    if kind == READ_ONLY_FILE:
        if base:
            return (f"Файл базы «{path}» доступен только для чтения",
                    "Снимите с файла отметку «Только чтение» (свойства файла) или попросите "
                    "администратора дать вам права на запись в него; либо скопируйте базу в "
                    "папку, где можно записывать, и откройте копию.")
        return (f"Файл «{path}» доступен только для чтения",
                "Снимите с файла отметку «Только чтение» (свойства файла) или сохраните под "
                "другим именем.")
    if kind == READ_ONLY_FOLDER:
        other = ("скопируйте базу в папку, где можно записывать, и откройте копию" if base
                 else "выберите другую папку")
        return (f"В папку {folder} нельзя записывать — она только для чтения или у вас нет "
                "прав на запись в неё",
                f"Попросите администратора дать вам права на запись в эту папку или {other}.")
    if kind == MISSING_FOLDER:
        return (f"Папка {folder} не найдена",
                "Проверьте путь (возможно, диск или флешка не подключены) или создайте эту "
                "папку и повторите.")
    if kind == NOT_A_FOLDER:
        return f"«{_file_in_the_way(path)}» — не папка, а файл", "Укажите другую папку."
    if kind == IS_A_FOLDER:
        return f"«{path}» — папка, а не файл", "Укажите другое имя файла."
    if kind == NO_PERMISSION:
        return (f"Нет прав на запись в «{path}»",
                "Если файл открыт в другой программе (например, в Excel), закройте его и "
                "повторите; иначе попросите администратора дать вам права на запись или "
                "выберите другую папку.")
    shown = f"«{path}»" if path is not None else "файл"
    code = f" (ошибка системы: {detail})" if detail else ""
    return (f"Не удалось записать {shown}{code}",
            "Проверьте, что диск подключён и исправен, и повторите.")


def _file_in_the_way(path: Path | None) -> Path | None:
    """The file that stands where a folder of ``path``'s should be: the nearest of its
    folders that exists, when it is a file («…/не папка.txt» of «…/не папка.txt/копии/x»)."""
    if path is None:
        return None
    for folder in path.parents:
        try:
            if folder.exists():
                return folder if folder.is_file() else path.parent
        except OSError:
            break
    return path.parent


def make_fault(kind: str, path: Path | None, outcome: str, *, base: bool = False,
               detail: str = "") -> WriteFault:
    cls = BaseWriteFault if base else WriteFault
    return cls(describe(kind, path, outcome, base=base, detail=detail), kind, path)


def restate(fault: WriteFault, path: Path | None, outcome: str, *, base: bool = False) -> WriteFault:
    """The same fault told of another file or with another outcome (a temporary file's
    fault told of the file the user chose)."""
    restated = make_fault(fault.kind, path, outcome, base=base)
    restated.__cause__ = fault.__cause__
    return restated


# ---------------------------------------------------------------- looking at the place


def _folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _read_only_disk(folder: Path) -> bool:
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & getattr(os, "ST_RDONLY", 1))
    except OSError:
        return False


def low_space(folder: Path) -> bool:
    """Whether the disk of ``folder`` has less than ``LOW_SPACE_BYTES`` free."""
    try:
        return shutil.disk_usage(folder).free < LOW_SPACE_BYTES
    except OSError:
        return False


def place_problem(path: Path, *, companions: tuple[str, ...] = ()) -> str | None:
    """What keeps ``path`` from being written, seen from the file system: a missing
    folder, a file in place of the folder, a read-only disk, a folder in place of the
    file, a read-only file (or companion file: ``-wal``, ``-shm``), a folder the user may
    not write. None when nothing is seen."""
    path = Path(path)
    folder = _folder_of(path)
    try:
        if not folder.exists():
            ancestors = [p for p in folder.parents if p.exists()]
            if ancestors and not ancestors[0].is_dir():
                return NOT_A_FOLDER
            return MISSING_FOLDER
        if not folder.is_dir():
            return NOT_A_FOLDER
        if _read_only_disk(folder):
            return READ_ONLY_DISK
        if path.is_dir():
            return IS_A_FOLDER
        for name in (path, *(Path(f"{path}{suffix}") for suffix in companions)):
            if name.exists() and not os.access(name, os.W_OK):
                return READ_ONLY_FILE
        if not os.access(folder, os.W_OK):
            return READ_ONLY_FOLDER
    except OSError:
        return None
    return None


# ---------------------------------------------------------------- the translators


def os_kind(exc: OSError, path: Path) -> str:
    """The kind of a failed write of ``path``."""
    number = exc.errno
    if number in _FULL_ERRNOS:
        return DISK_FULL
    if number == errno.EROFS:
        return READ_ONLY_DISK
    if number == errno.ENOTDIR:
        return NOT_A_FOLDER
    if number == errno.EISDIR:
        return IS_A_FOLDER
    seen = place_problem(path)
    if number == errno.ENOENT:
        return seen if seen in (MISSING_FOLDER, NOT_A_FOLDER) else DEVICE_ERROR
    if number in _DENIED_ERRNOS or isinstance(exc, PermissionError):
        return seen if seen in (READ_ONLY_FILE, READ_ONLY_FOLDER, READ_ONLY_DISK) else NO_PERMISSION
    return DEVICE_ERROR


def os_fault(exc: OSError, path: Path, outcome: str, *, base: bool = False) -> WriteFault:
    """``exc``, met writing ``path``, as a ``WriteFault`` (``BaseWriteFault`` with ``base``)."""
    path = Path(path)
    detail = errno.errorcode.get(exc.errno or 0, "") or type(exc).__name__
    return make_fault(os_kind(exc, path), path, outcome, base=base, detail=detail)


def sqlite_error(exc: BaseException | None) -> sqlite3.Error | None:
    """The driver's error in ``exc``: itself, its cause, or the error peewee re-raised as
    its own (peewee raises its copy while handling the driver's)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, sqlite3.Error):
            return exc
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        wrapped = exc.__context__ if type(exc).__module__ == "peewee" else None
        exc = inner or exc.__cause__ or wrapped
    return None


def sqlite_name(error: BaseException | None) -> str | None:
    """The name of the primary SQLite result code of ``error`` — or of the driver's error
    inside it — such as «SQLITE_FULL»; None for an error without one (not SQLite's, or
    one of the primary codes no message is written for)."""
    name = getattr(sqlite_error(error), "sqlite_errorname", None)
    if not name:
        return None
    return next((p for p in _PRIMARY_NAMES if name == p or name.startswith(p + "_")), None)


def sqlite_kind(exc: BaseException, path: Path, *, guess: bool = True) -> str | None:
    """The kind of a SQLite failure on the base at ``path``; None when it is no fault of
    the disk or the file system (damage, a busy base, a bug). Without ``guess`` only a
    cause seen on the disk counts (a check, where a wrong word would hide damage)."""
    error = sqlite_error(exc)
    if error is None:
        return None
    if getattr(error, "sqlite_errorname", None) == _SQLITE_READONLY_DBMOVED:
        return None  # the file was moved or deleted under the open base: not a read-only file
    code = sqlite_name(error)
    if code == SQLITE_FULL:
        return DISK_FULL
    if code not in (SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_PERM):
        return None
    seen = place_problem(path, companions=("-wal", "-shm", "-journal"))
    if seen is not None:
        return seen
    if code == SQLITE_IOERR and low_space(_folder_of(Path(path))):
        return DISK_FULL
    if guess and code == SQLITE_READONLY:
        return READ_ONLY_FILE
    if guess and code == SQLITE_PERM:
        return NO_PERMISSION
    return None


def sqlite_fault(exc: BaseException, path: Path, outcome: str, *,
                 guess: bool = True) -> BaseWriteFault | None:
    """A SQLite failure on the base at ``path`` as a ``BaseWriteFault``, or None."""
    path = Path(path)
    kind = sqlite_kind(exc, path, guess=guess)
    if kind is None:
        return None
    fault = make_fault(kind, path, outcome, base=True)
    assert isinstance(fault, BaseWriteFault)
    return fault


def write_fault(exc: BaseException, path: Path, outcome: str, *,
                base: bool = False) -> WriteFault | None:
    """Whichever of the two ``exc`` is — an ``OSError`` or a SQLite failure — as a fault
    met writing ``path``; None when it is neither."""
    if isinstance(exc, WriteFault):
        return restate(exc, Path(path), outcome, base=base)
    if isinstance(exc, OSError):
        return os_fault(exc, path, outcome, base=base)
    fault = sqlite_fault(exc, path, outcome)
    if fault is not None and not base:
        return restate(fault, Path(path), outcome)
    return fault


def fault_of(exc: BaseException, *, base_path: Path | None = None) -> WriteFault | None:
    """The last resort of the command line and the window: an ``OSError`` or SQLite
    failure that reached them untranslated, as a fault (the file named by the error
    itself, a SQLite failure by ``base_path``); None when ``exc`` is something else."""
    outcome = "действие не выполнено"
    if isinstance(exc, WriteFault):
        return exc
    if isinstance(exc, OSError):
        name = exc.filename if isinstance(exc.filename, str) else None
        kind = os_kind(exc, Path(name)) if name else (
            DISK_FULL if exc.errno in _FULL_ERRNOS
            else READ_ONLY_DISK if exc.errno == errno.EROFS else None)
        if kind is None:
            return None
        detail = errno.errorcode.get(exc.errno or 0, "")
        return make_fault(kind, Path(name) if name else None, outcome, detail=detail)
    if sqlite_error(exc) is None:
        return None
    if base_path is not None:
        return sqlite_fault(exc, base_path, "изменения не сохранены")
    if sqlite_name(exc) == SQLITE_FULL:
        return make_fault(DISK_FULL, None, "изменения не сохранены", base=True)
    return None


@contextmanager
def writing(path: Path, outcome: str, *, base: bool = False) -> Iterator[None]:
    """A block that writes ``path``: an ``OSError`` in it leaves as a ``WriteFault``."""
    try:
        yield
    except OSError as exc:
        raise os_fault(exc, path, outcome, base=base) from exc
