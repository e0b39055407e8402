"""Faults of the disk and the file system get a Russian answer with what to do, never a
traceback, and leave no temporary file behind.

A full disk is made real where it can be: SQLite is held to a few pages with
``PRAGMA max_page_count`` (a real SQLITE_FULL, in the middle of an import or of a copy),
and, where this machine lets a test mount a small disk of its own (``unshare``, a tmpfs
seen only by the child process, gone with it), the commands run on a disk really full,
almost full or mounted read-only. A read-only base or folder is made with ``chattr +i``
(the tests run as root, whom file modes do not stop) or, for another user, with its
mode. A write refused for permission (a file open in Excel on Windows) and a full disk
under an export are injected where the file is written.

Every command runs in this process (``tsj_desk.cli.main``) under the suite's clock
(24.11.2026 12:00) unless it runs on a disk of its own.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from tests.conftest import NOW

from tsj_desk.cli import main
from tsj_desk.storage import backup as backup_module
from tsj_desk.storage import database as database_module
from tsj_desk.storage.database import close_database, open_database

ROOT = Path(__file__).resolve().parents[2]
FREE_SPACE_ADVICE = "Освободите место на диске (удалите или перенесите ненужные файлы) и повторите."


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def add_request(capsys, db: Path, text: str = "Течёт кран в подвале") -> tuple[int, str, str]:
    return run(capsys, "request", "add", "--db", db, "--category", "maintenance",
               "--received", "2026-11-24 10:00", "--applicant", "Петрова Анна", "--text", text)


def requests_in(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT reg_no FROM request ORDER BY id")]
    finally:
        connection.close()


def dump(db: Path) -> list[str]:
    """Every row and every table of the base, as SQL, but the note of its newest backup
    (a copy made before a restore notes itself in the base this process opened last) and
    the settings' change counter that moves with that note."""
    connection = sqlite3.connect(db)
    try:
        return [line for line in connection.iterdump() if "'backup.marker'" not in line
                and "'backup.last'" not in line and "\"data_change\" VALUES('setting'" not in line]
    finally:
        connection.close()


def page_count(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("PRAGMA page_count").fetchone()[0]
    finally:
        connection.close()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def base(tmp_path, capsys) -> Path:
    """A base with one request, 2026-0001, registered through the command line."""
    db = tmp_path / "тсж.sqlite3"
    code, out, err = add_request(capsys, db)
    assert (code, out.strip()) == (0, "2026-0001"), err
    return db


def make_register(path: Path, premises: int) -> Path:
    """A register workbook of ``premises`` flats, one owner each."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Реестр")
    sheet.append(["№ кв.", "Вид помещения", "Площадь, кв. м", "ФИО собственника", "Доля",
                  "Номер регистрации права", "Дата регистрации права", "Лицевой счёт"])
    for n in range(1, premises + 1):
        sheet.append([n, "квартира", "54,3", f"Собственникова{n} Анна Петровна", "1",
                      f"50:21:00{n:05d}:1-50/021/2018-1", "12.03.2018", f"{n:06d}"])
    workbook.save(path)
    return path


class SmallDisk:
    """``sqlite3`` as ``storage.backup`` sees it, with the files it writes whose names end
    in ``suffix`` held to a few pages: SQLite's own SQLITE_FULL, as on a full disk."""

    def __init__(self, suffix: str):
        self.suffix = suffix

    def __getattr__(self, name: str):
        return getattr(sqlite3, name)

    def connect(self, target, *args, **kwargs):
        connection = sqlite3.connect(target, *args, **kwargs)
        if str(target).endswith(self.suffix):
            connection.execute("PRAGMA max_page_count = 4")
        return connection


def save_on_a_full_disk(self, target) -> None:
    """``Workbook.save`` (to a file or a stream) meeting a disk that is full after the
    first kilobyte."""
    start = b"PK\x03\x04" + b"\0" * 1020
    if hasattr(target, "write"):
        target.write(start)
    else:
        Path(target).write_bytes(start)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# ---------------------------------------------------------------- a full disk


def test_a_full_disk_during_a_registry_import(tmp_path, capsys, monkeypatch):
    """SQLite rolls the import's transaction back itself when the disk fills; the user is
    told about the disk, not about the rollback that then has nothing to undo."""
    db = tmp_path / "тсж.sqlite3"
    open_database(db)
    close_database()
    register = make_register(tmp_path / "реестр.xlsx", premises=400)
    before = dump(db)
    monkeypatch.setitem(database_module.SQLITE_PRAGMAS, "max_page_count", page_count(db) + 5)

    code, out, err = run(capsys, "import-registry", register, "--db", db)

    assert code == 1
    assert err == (f"На диске, где находится папка «{tmp_path}», не осталось места: изменения не "
                   f"сохранены. {FREE_SPACE_ADVICE}\n")
    assert out == ""
    monkeypatch.delitem(database_module.SQLITE_PRAGMAS, "max_page_count")
    assert dump(db) == before
    # the base, its lock and -wal, the register, the suite's data folder: nothing else
    assert [n for n in names(tmp_path) if n not in ("data", "реестр.xlsx")
            and not n.startswith("тсж.sqlite3")] == []
    assert not [n for n in names(tmp_path) if n.endswith((".part", "-journal"))]


def test_a_full_disk_while_registering_a_request(base, capsys, monkeypatch):
    before = dump(base)
    monkeypatch.setitem(database_module.SQLITE_PRAGMAS, "max_page_count", page_count(base))

    code, out, err = add_request(capsys, base, text="Течёт кран в подвале. " * 400)

    assert code == 1 and out == ""
    assert err.startswith(f"На диске, где находится папка «{base.parent}», не осталось места: "
                          "изменения не сохранены.")
    monkeypatch.delitem(database_module.SQLITE_PRAGMAS, "max_page_count")
    assert dump(base) == before
    assert requests_in(base) == ["2026-0001"]


def test_a_full_disk_during_a_backup_leaves_no_part_file(base, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "копии"
    monkeypatch.setattr(backup_module, "sqlite3", SmallDisk(".sqlite3.part"))

    code, out, err = run(capsys, "backup", "--db", base, "--to", folder)

    assert code == 1 and out == ""
    assert err == (f"На диске, где находится папка «{folder}», не осталось места: резервная копия "
                   f"базы «тсж.sqlite3» не сделана. {FREE_SPACE_ADVICE}\n")
    assert names(folder) == []  # neither the .part nor its -journal


def test_a_full_disk_during_a_restore_leaves_the_base_and_no_part_file(base, tmp_path, capsys, monkeypatch):
    folder = tmp_path / "копии"
    code, copy, err = run(capsys, "backup", "--db", base, "--to", folder)
    assert code == 0, err
    assert add_request(capsys, base)[0] == 0  # 2026-0002, after the copy
    before = dump(base)
    # only the restore's own preparation beside the base meets the full disk
    monkeypatch.setattr(backup_module, "sqlite3", SmallDisk(".restore.part.part"))

    code, out, err = run(capsys, "restore", copy.strip(), "--db", base)

    assert code == 1
    assert err.startswith(f"На диске, где находится папка «{base.parent}», не осталось места: база "
                          "не восстановлена.")
    assert err.endswith(FREE_SPACE_ADVICE + "\n")
    assert dump(base) == before and requests_in(base) == ["2026-0001", "2026-0002"]
    assert not [n for n in names(tmp_path) if ".restore" in n or n.endswith(".part")]


def test_a_full_disk_during_an_export_leaves_no_temporary_file(base, tmp_path, capsys, monkeypatch):
    from openpyxl import Workbook

    out_folder = tmp_path / "выгрузки"
    out_folder.mkdir()
    monkeypatch.setattr(Workbook, "save", save_on_a_full_disk)

    code, out, err = run(capsys, "export-readings", "--db", base, "--period", "2026-11",
                         "--out", out_folder / "показания.xlsx")

    assert code == 1 and out == ""
    assert err == (f"На диске, где находится папка «{out_folder}», не осталось места: файл "
                   f"«показания.xlsx» не записан. {FREE_SPACE_ADVICE}\n")
    assert names(out_folder) == []


# ---------------------------------------------------------------- read-only, missing, refused


@pytest.fixture
def read_only():
    """Make a file or folder read-only for this process: ``chattr +i`` for root (whom file
    modes do not stop), its mode for anyone else; undone after the test."""
    made: list[tuple[Path, int | None]] = []

    def make(path: Path) -> None:
        if os.name != "posix":
            pytest.skip("a read-only file is made here with POSIX tools")
        if os.geteuid() != 0:
            made.append((path, os.stat(path).st_mode))
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
            return
        if shutil.which("chattr") is None:
            pytest.skip("chattr is not installed: root cannot be kept from writing a file")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i refused here ({done.stderr.decode(errors='replace').strip()})")
        made.append((path, None))

    yield make
    for path, mode in reversed(made):
        if mode is None:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            os.chmod(path, mode)


def test_a_read_only_base_says_so_and_not_that_another_copy_writes_it(base, capsys, read_only):
    before = dump(base)
    read_only(base)

    code, out, err = add_request(capsys, base)

    assert code == 1 and out == ""
    assert err.startswith(f"Файл базы «{base}» доступен только для чтения: изменения не сохранены. "
                          "Снимите с файла отметку «Только чтение» (свойства файла)")
    assert "скопируйте базу в папку, где можно записывать" in err
    assert "другая копия" not in err
    assert dump(base) == before

    # a copy of it can still be made: only the note of the copy inside the base is missing
    code, copy, err = run(capsys, "backup", "--db", base, "--to", base.parent / "копии")
    assert code == 0, err
    assert Path(copy.strip()).parent == base.parent / "копии" and Path(copy.strip()).is_file()


def test_a_read_only_folder_is_not_called_damage(tmp_path, capsys, read_only):
    folder = tmp_path / "база"
    folder.mkdir()
    db = folder / "тсж.sqlite3"
    assert add_request(capsys, db)[0] == 0
    assert [n for n in names(folder) if n.startswith("тсж.sqlite3-")] == []  # closed cleanly
    read_only(folder)

    code, out, err = add_request(capsys, db)

    assert code == 1 and out == ""
    assert err.startswith(f"В папку «{folder}» нельзя записывать — она только для чтения или у вас "
                          "нет прав на запись в неё: базу нельзя проверить и открыть.")
    assert "скопируйте базу в папку, где можно записывать, и откройте копию" in err
    assert "поврежд" not in err and "Исправных" not in err
    reading = sqlite3.connect(f"file:{db}?immutable=1", uri=True)  # no -shm in that folder
    try:
        assert [r[0] for r in reading.execute("SELECT reg_no FROM request")] == ["2026-0001"]
    finally:
        reading.close()


def test_an_export_into_a_missing_folder_names_it(base, tmp_path, capsys):
    missing = tmp_path / "флешка" / "выгрузки"

    code, out, err = run(capsys, "export-readings", "--db", base, "--period", "2026-11",
                         "--out", missing / "показания.xlsx")

    assert code == 1 and out == ""
    assert err == (f"Папка «{missing}» не найдена: файл «показания.xlsx» не записан. Проверьте путь "
                   "(возможно, диск или флешка не подключены) или создайте эту папку и повторите.\n")
    assert names(tmp_path) == sorted(["data", *(p.name for p in tmp_path.glob("тсж.sqlite3*"))])


def test_a_file_open_in_another_program_is_left_as_it_was(base, tmp_path, capsys, monkeypatch):
    """Windows refuses to replace a file Excel holds open (PermissionError): the old file
    stays, no temporary file is left, and the user is told to close it."""
    out = tmp_path / "показания.xlsx"
    out.write_bytes(b"the register of last month")
    replace = os.replace

    def refuse_our_temporaries(source, target, *args, **kwargs):
        if Path(source).name.startswith(".tsj-"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(source), None, str(target))
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse_our_temporaries)

    code, printed, err = run(capsys, "export-readings", "--db", base, "--period", "2026-11", "--out", out)

    assert code == 1 and printed == ""
    assert err.startswith(f"Нет прав на запись в «{out}»: файл «показания.xlsx» не записан. Если файл "
                          "открыт в другой программе (например, в Excel), закройте его и повторите;")
    assert out.read_bytes() == b"the register of last month"
    assert not [n for n in names(tmp_path) if n.startswith(".tsj-")]


# ---------------------------------------------------------------- leftovers cleaned at start


def test_stale_temporary_files_of_the_program_are_removed_when_the_base_is_opened(base, tmp_path):
    from tsj_desk.services.session import close_session, open_session

    old, fresh = (NOW - timedelta(hours=1)).timestamp(), (NOW - timedelta(minutes=1)).timestamp()
    copies = tmp_path / "backups" / "тсж"
    copies.mkdir(parents=True)
    files = {
        # what a cut-short export, restore or backup of this program leaves: removed
        tmp_path / ".tsj-k3j9x0q1.xlsx": old,
        tmp_path / "тсж.sqlite3.restore.part": old,
        tmp_path / "тсж.sqlite3.restore.part-journal": old,
        copies / "тсж-20261120-101500-manual-0123abcd.sqlite3.part": old,
        copies / "тсж-20261120-101500-manual-0123abcd.sqlite3.part-journal": old,
        copies / ".tsj-write-test": old,
        tmp_path / "backups" / "тсж-20250101-000000-daily.sqlite3.part": old,
        # written a minute ago (another copy may be writing it now): kept
        tmp_path / ".tsj-a1b2c3d4.docx": fresh,
        copies / "тсж-20261124-115900-daily-0123abcd.sqlite3.part": fresh,
        # not names this program makes for this base: kept
        tmp_path / ".tsj-заметки.txt": old,
        tmp_path / "отчёт.xlsx.part": old,
        tmp_path / "другая.sqlite3.restore.part": old,
    }
    for path, stamp in files.items():
        path.write_bytes(b"half a file")
        os.utime(path, (stamp, stamp))

    open_session(base, lock=True, now=NOW)
    close_session()

    kept = {p for p in files if p.exists()}
    assert kept == {tmp_path / ".tsj-a1b2c3d4.docx",
                    copies / "тсж-20261124-115900-daily-0123abcd.sqlite3.part",
                    tmp_path / ".tsj-заметки.txt", tmp_path / "отчёт.xlsx.part",
                    tmp_path / "другая.sqlite3.restore.part"}
    assert requests_in(base) == ["2026-0001"]


# ---------------------------------------------------------------- a small disk of the test's own

CHILD = r"""
import contextlib, io, json, os, shutil, sqlite3, subprocess, sys, traceback
from datetime import datetime
from pathlib import Path

disk, spec = Path(sys.argv[1]), json.loads(sys.argv[2])
for source in spec.get("copy", []):
    shutil.copy(source, disk / Path(source).name)
if spec.get("free") is not None:  # fill the disk up to what is left free
    extra = shutil.disk_usage(disk).free - spec["free"]
    if extra > 0:
        with open(disk / "filler", "wb") as handle:
            handle.write(b"\0" * extra)
if spec.get("read_only"):
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
from tsj_desk import clock

clock.use(clock.FixedClock(datetime(2026, 11, 24, 12, 0)))
from tsj_desk.cli import main

out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        code = main(spec["args"])
    except BaseException:
        code = None
        traceback.print_exc(file=err)
rows = None
if spec.get("requests_of"):
    connection = sqlite3.connect(f"file:{spec['requests_of']}?mode=ro", uri=True)
    rows = [r[0] for r in connection.execute("SELECT reg_no FROM request ORDER BY id")]
    connection.close()
print(json.dumps({"code": code, "out": out.getvalue(), "err": err.getvalue(),
                  "files": sorted(os.listdir(disk)), "requests": rows}))
"""

_NAMESPACES = (["unshare", "--mount", "--propagation", "private"],
               ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"])


def _mounting(folder: Path) -> list[str] | None:
    """How this machine lets a process mount a disk only it sees (None: it does not)."""
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return None
    for namespace in _NAMESPACES:
        probe = subprocess.run([*namespace, "sh", "-c", f'mount -t tmpfs -o size=64k tmpfs "{folder}"'],
                               capture_output=True)
        if probe.returncode == 0:
            return namespace
    return None


@pytest.fixture
def small_disk(tmp_path):
    """Run a command of the program on a tmpfs of its own, mounted at ``tmp_path/disk``
    in a mount namespace of the child (the disk is gone when the child ends, whatever
    happens to the test); returns what the child saw."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    namespace = _mounting(mount_point)
    if namespace is None:
        pytest.skip("this machine does not let a test mount a disk of its own (unshare, tmpfs)")

    def run_on(args: list, *, size: str = "2m", free: int | None = None, read_only: bool = False,
               copy: tuple[Path, ...] = (), requests_of: Path | None = None) -> dict:
        spec = {"args": [str(a) for a in args], "free": free, "read_only": read_only,
                "copy": [str(c) for c in copy], "requests_of": str(requests_of) if requests_of else None}
        done = subprocess.run(
            [*namespace, "sh", "-c", 'mount -t tmpfs -o size="$0" tmpfs "$1" && exec "$2" -c "$3" "$1" "$4"',
             size, str(mount_point), sys.executable, CHILD, json.dumps(spec)],
            capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    run_on.folder = mount_point
    return run_on


def test_a_disk_that_fills_up_during_a_change(base, small_disk):
    """A disk with room to open the base but not to write the change: the change is
    refused in words, whether SQLite fails the statement or the commit."""
    disk = small_disk.folder
    result = small_disk(["request", "add", "--db", disk / base.name, "--category", "maintenance",
                         "--received", "2026-11-24 10:00", "--applicant", "Петрова Анна",
                         "--text", "Течёт кран в подвале. " * 200],
                        copy=(base,), free=64 * 1024, requests_of=disk / base.name)
    assert result["code"] == 1 and result["out"] == ""
    assert result["err"] == (f"На диске, где находится папка «{disk}», не осталось места: изменения "
                             f"не сохранены. {FREE_SPACE_ADVICE}\n")
    assert result["requests"] == ["2026-0001"]


def test_an_almost_full_disk_is_not_called_damage(base, small_disk):
    disk = small_disk.folder
    result = small_disk(["request", "add", "--db", disk / base.name, "--category", "maintenance",
                         "--received", "2026-11-24 10:00", "--applicant", "Петрова Анна",
                         "--text", "Течёт кран"], copy=(base,), free=8 * 1024)
    assert result["code"] == 1
    assert result["err"] == (f"На диске, где находится папка «{disk}», не осталось места: базу нельзя "
                             f"проверить и открыть. {FREE_SPACE_ADVICE}\n")


def test_a_disk_mounted_read_only_is_not_called_damage(base, small_disk):
    disk = small_disk.folder
    result = small_disk(["request", "add", "--db", disk / base.name, "--category", "maintenance",
                         "--received", "2026-11-24 10:00", "--applicant", "Петрова Анна",
                         "--text", "Течёт кран"], copy=(base,), read_only=True)
    assert result["code"] == 1
    assert result["err"].startswith(f"Диск с папкой «{disk}» доступен только для чтения")
    assert result["err"].endswith(": базу нельзя проверить и открыть. Скопируйте базу на диск, куда "
                                  "можно записывать, и откройте копию.\n")


def test_an_export_and_a_backup_onto_a_full_disk_leave_nothing_behind(base, small_disk):
    disk = small_disk.folder
    exported = small_disk(["export-readings", "--db", base, "--period", "2026-11",
                           "--out", disk / "показания.xlsx"], free=0)
    assert exported["code"] == 1
    assert exported["err"] == (f"На диске, где находится папка «{disk}», не осталось места: файл "
                               f"«показания.xlsx» не записан. {FREE_SPACE_ADVICE}\n")
    assert exported["files"] == ["filler"]

    copied = small_disk(["backup", "--db", base, "--to", disk], free=16 * 1024)
    assert copied["code"] == 1
    assert copied["err"] == (f"На диске, где находится папка «{disk}», не осталось места: резервная "
                             f"копия базы «тсж.sqlite3» не сделана. {FREE_SPACE_ADVICE}\n")
    assert copied["files"] == ["filler"]
