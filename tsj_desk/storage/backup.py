"""Copies of a live SQLite database through SQLite's backup API (never a plain file
copy, which can catch a half-written page), and the checks of a database file."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tsj_desk.faults import sqlite_fault
from tsj_desk.private_files import create_private, discard


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    integrity: list[str]
    foreign_keys: list[tuple]
    error: str | None = None
    fault: Exception | None = None  # the file could not be read for a fault of its disk or folder

    def describe(self) -> str:
        if self.error:
            return self.error
        if self.ok:
            return "База исправна: проверка целостности и внешних ключей пройдена."
        parts = []
        if self.integrity != ["ok"]:
            parts.append("нарушена целостность: " + "; ".join(self.integrity[:5]))
        if self.foreign_keys:
            parts.append(f"нарушены связи между таблицами ({len(self.foreign_keys)})")
        return "База повреждена: " + ", ".join(parts) + "."


class CheckCancelled(Exception):
    """A check stopped by its ``cancel`` event (the window closing): no verdict."""


def check_file(path: Path, *, quick: bool = False, cancel: threading.Event | None = None) -> CheckResult:
    """``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` of a file; an
    empty or truncated file (``size_problem``) fails before SQLite sees it. With ``cancel``
    the check stops soon after the event is set, raising ``CheckCancelled``."""
    path = Path(path)
    if cancel is not None and cancel.is_set():
        raise CheckCancelled()
    if not path.exists():
        return CheckResult(False, [], [], f"Файл «{path}» не найден.")
    if problem := size_problem(path):
        return CheckResult(False, [], [], problem)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        if cancel is not None:  # SQLite asks every 10,000 steps whether to go on
            connection.set_progress_handler(lambda: int(cancel.is_set()), 10_000)
        try:
            pragma = "quick_check" if quick else "integrity_check"
            integrity = [row[0] for row in connection.execute(f"PRAGMA {pragma}")]
            foreign = list(connection.execute("PRAGMA foreign_key_check"))
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if cancel is not None and cancel.is_set():
            raise CheckCancelled() from exc
        # a read-only folder or disk, a full disk: SQLite cannot open the file, which says
        # nothing of its state (only a cause seen on the disk counts: damage is never hidden)
        fault = sqlite_fault(exc, path, "базу нельзя проверить и открыть", guess=False)
        if fault is not None:
            return CheckResult(False, [], [], fault.message, fault)
        return CheckResult(False, [], [], f"Файл «{path.name}» повреждён или не является базой "
                                          f"данных ({exc}).")
    return CheckResult(integrity == ["ok"] and not foreign, integrity, foreign)


def check_opens(path: Path) -> CheckResult:
    """The check made before a window opens a base, in milliseconds at any size: the
    file's size against its header (``size_problem``) and its schema read; the pages
    themselves are left to ``check_file`` in the background."""
    path = Path(path)
    if not path.exists():
        return CheckResult(False, [], [], f"Файл «{path}» не найден.")
    if problem := size_problem(path):
        return CheckResult(False, [], [], problem)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        fault = sqlite_fault(exc, path, "базу нельзя проверить и открыть", guess=False)
        if fault is not None:
            return CheckResult(False, [], [], fault.message, fault)
        return CheckResult(False, [], [], f"Файл «{path.name}» повреждён или не является базой "
                                          f"данных ({exc}).")
    return CheckResult(True, ["ok"], [])


def backup_database(source: Path, target: Path,
                    progress: Callable[[int, int], None] | None = None) -> None:
    """Copy the live database ``source`` into a new file ``target``, through ``<target>.part``
    moved into place when complete: a failure (``OSError``, ``sqlite3.Error``) leaves
    neither the ``.part`` nor its ``-journal`` behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    try:
        temp.unlink(missing_ok=True)
        create_private(temp)  # a copy of the base is as private as the base (SQLite: 0644)
        source_db = sqlite3.connect(str(source), timeout=30)
        try:
            target_db = sqlite3.connect(str(temp))
            try:
                def report(status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(total - remaining, total)

                source_db.backup(target_db, pages=4096, progress=report)
                target_db.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            finally:
                target_db.close()
        finally:
            source_db.close()
        temp.replace(target)
    except BaseException:
        discard(temp, Path(f"{temp}-journal"))
        raise


def restore_database(backup: Path, target: Path) -> None:
    """Write ``backup`` over the database ``target`` through the backup API, so that the
    target's WAL and connections stay consistent."""
    source_db = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    created = False
    try:
        created = create_private(target)  # where the base was moved aside: a new file, 0600
        target_db = sqlite3.connect(str(target), timeout=30)
        try:
            source_db.backup(target_db)
        finally:
            target_db.close()
    except BaseException:
        if created:  # no base was there before: no half-written one stays
            discard(*(Path(f"{target}{suffix}") for suffix in ("", "-journal", "-wal", "-shm")))
        raise
    finally:
        source_db.close()


# ---------------------------------------------------------------- what a base file says about itself

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_SQLITE_SIZE = 512  # the smallest page SQLite writes: a database is never shorter
WAL_HEADER_SIZE = 32  # a -wal no longer than its header holds no changes

# the tables a base of each schema version has (from the snapshots the migrations build)
_TABLES_SINCE = ((1, "REGISTER_TABLES"), (2, "JOURNAL_TABLES"), (3, "METER_TABLES"), (4, "ACT_TABLES"))
_READ_SETTINGS = ("base.id", "base.demo", "backup.folder")


@dataclass(frozen=True)
class BaseFacts:
    """What a base file (or a copy of one) says about itself, read without changing it."""

    version: int
    tables: frozenset[str]
    settings: dict[str, str]
    organization: str | None
    inn: str | None

    @property
    def base_id(self) -> str | None:
        return self.settings.get("base.id") or None


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI of ``path`` (any character of the name is escaped)."""
    return Path(path).absolute().as_uri() + "?mode=ro"


def file_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a SQLite database file, judged without reading it as one:
    not a regular file (a folder, a device such as /dev/zero, a pipe), empty, shorter than
    a page, or without the SQLite header. None when it may be one."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        return f"Файл «{path}» не найден или недоступен."
    if not stat.S_ISREG(info.st_mode):
        return f"«{path}» — не обычный файл (папка или устройство), а не копия базы."
    if info.st_size == 0:
        return f"Файл «{path.name}» пуст: в нём нет базы."
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"Файл «{path.name}» не удалось прочитать: {exc.strerror or exc}."
    if info.st_size < MIN_SQLITE_SIZE or header != SQLITE_HEADER:
        return f"Файл «{path.name}» не является базой данных SQLite."
    return None


def _wal_has_frames(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > WAL_HEADER_SIZE
    except OSError:
        return False


def size_problem(path: Path) -> str | None:
    """Why the size of the SQLite file at ``path`` says it is damaged: empty (SQLite would
    take a 0-byte file for a new, empty base), not a whole number of pages, or shorter
    than the page count its header gives. While its ``-wal`` holds changes the file may
    be short of them legitimately (a checkpoint cut off): only an empty one is judged then.
    None for a file of a sound size, or one that is not SQLite at all (SQLite tells)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size == 0:
            return (f"База повреждена: файл «{path.name}» пуст (0 байт), в нём нет ни одной "
                    "записи. Так бывает, когда копирование или перенос базы прервались.")
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return None  # file_problem and SQLite tell what is wrong with reading it
    if not header.startswith(SQLITE_HEADER):
        return None
    cut = f"База повреждена: файл «{path.name}» обрезан ({size} байт)"
    if len(header) < 100:
        return cut + ": в нём нет даже заголовка базы."
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"База повреждена: заголовок файла «{path.name}» испорчен (размер страницы {page_size})."
    if _wal_has_frames(path):
        return None
    if size % page_size:
        return (cut + f": его размер — не целое число страниц по {page_size} байт, "
                "часть последней страницы потеряна или дописаны чужие данные.")
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[24:28] == header[92:96] and size < pages * page_size:
        from tsj_desk.domain.text import counted

        return (cut + f": по заголовку в нём {counted(pages, 'страница', 'страницы', 'страниц')} "
                f"по {page_size} байт, а в файле только {size // page_size}.")
    return None


def expected_tables(version: int) -> set[str]:
    """The tables every base of schema ``version`` has."""
    from tsj_desk.storage import frozen_schema

    names: set[str] = set()
    for since, group in _TABLES_SINCE:
        if version >= since:
            names.update(model._meta.table_name for model in getattr(frozen_schema, group))
    return names


def read_facts(path: Path) -> BaseFacts:
    """Schema version, tables, the base's own settings (id, demo mark, backup folder) and
    organization of a SQLite file; raises ``sqlite3.Error`` or ``OSError`` when it cannot
    be read. Call ``file_problem`` first: this opens the file as a database."""
    connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = frozenset(row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        settings: dict[str, str] = {}
        if "setting" in tables:
            marks = ", ".join("?" * len(_READ_SETTINGS))
            settings = {str(k): str(v) for k, v in connection.execute(
                f'SELECT "key", "value" FROM "setting" WHERE "key" IN ({marks})', _READ_SETTINGS)}
        organization = inn = None
        if "organization" in tables:
            row = connection.execute('SELECT "name", "inn" FROM "organization" ORDER BY "id" LIMIT 1').fetchone()
            if row is not None:
                organization, inn = row
    finally:
        connection.close()
    return BaseFacts(version, tables, settings, organization, inn)


def facts_or_none(path: Path) -> BaseFacts | None:
    """``read_facts`` of a file that may be anything (damaged, foreign, a device): None
    when it is not a readable SQLite database."""
    if file_problem(path) is not None:
        return None
    try:
        return read_facts(path)
    except (sqlite3.Error, OSError):
        return None


def inspect_copy(path: Path, *, latest_version: int, id_since: int) -> BaseFacts:
    """Everything a copy must be before it may replace a base, checked without touching
    any base: a regular SQLite file of this program (the tables of its schema version,
    its base's id from version ``id_since`` on), of a version this program can open (not
    above ``latest_version``), passing ``integrity_check`` and ``foreign_key_check``.
    Raises ``FileProblem`` with the reason otherwise."""
    from tsj_desk.domain.errors import FileProblem

    path = Path(path)
    refused = f"Из «{path.name}» базу восстановить нельзя: "
    problem = file_problem(path)
    if problem is not None:
        raise FileProblem(refused + problem[0].lower() + problem[1:] + " Выберите резервную копию ТСЖ Деск.")
    if problem := size_problem(path):
        raise FileProblem(refused + problem[0].lower() + problem[1:] + " Выберите другую копию.")
    try:
        facts = read_facts(path)
    except (sqlite3.Error, OSError) as exc:
        raise FileProblem(refused + "файл повреждён или не является базой данных. "
                          "Выберите другую копию.") from exc
    foreign = refused + ("это база данных другой программы, а не копия базы ТСЖ Деск. "
                         "Выберите резервную копию ТСЖ Деск.")
    if not expected_tables(1) <= facts.tables:
        raise FileProblem(foreign)
    if facts.version > latest_version:
        raise FileProblem(refused + f"копия сделана более новой версией программы (схема "
                          f"{facts.version}, эта версия знает до {latest_version}). Обновите "
                          "ТСЖ Деск и восстановите копию в новой версии.")
    if facts.version < 1:
        raise FileProblem(foreign)
    missing = sorted(expected_tables(facts.version) - facts.tables)
    if missing:
        raise FileProblem(refused + "в копии нет таблиц, которые есть в каждой базе её версии ("
                          + ", ".join(missing) + "): это не целая копия базы ТСЖ Деск.")
    if facts.version >= id_since and not facts.base_id:
        raise FileProblem(refused + "в копии нет отметки, к какой базе она относится: это не "
                          "копия, сделанная ТСЖ Деск. Выберите другую копию.")
    verdict = check_file(path)
    if not verdict.ok:
        raise FileProblem(refused + verdict.describe() + " Выберите другую копию.")
    return facts
