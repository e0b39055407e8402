"""Files with personal data are readable by their user only (0600): the base and its
-wal/-shm, every backup copy, every export and document.

Run under the usual umask 022, with which a plainly created file is 0644 — readable
by every account of the computer. On Windows a file is as private as the user's own
folder it lies in: there is nothing to check there.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tsj_desk.services import acts, journal, letters, readings
from tsj_desk.services.backups import make_backup
from tsj_desk.services.disclosure import export_register
from tsj_desk.services.reminders import verification_letters
from tsj_desk.storage.backup import backup_database, restore_database
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import Setting

from tests.conftest import NOW, TODAY

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions; on Windows the "
                                                        "user's own folder keeps the files private")


@pytest.fixture(autouse=True)
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> str:
    """The permissions as «0o600» (a failure then shows them readably)."""
    return oct(path.stat().st_mode & 0o777)


def test_a_new_base_and_its_wal_and_shm_are_the_users_only(tmp_path):
    base = tmp_path / "база.sqlite3"
    open_database(base)
    try:
        Setting.put("probe", "1")  # a write: the -wal holds it until a checkpoint
        wal, shm = Path(f"{base}-wal"), Path(f"{base}-shm")
        assert wal.stat().st_size > 0
        assert {p.name: mode(p) for p in (base, wal, shm)} == {
            base.name: "0o600", wal.name: "0o600", shm.name: "0o600"}
    finally:
        close_database()


def test_a_base_made_world_readable_by_an_older_version_is_closed_on_open(tmp_path):
    base = tmp_path / "старая.sqlite3"
    open_database(base)
    close_database()
    older = sqlite3.connect(base)  # an older version still has it open: -wal and -shm exist
    try:
        older.execute("SELECT count(*) FROM sqlite_master").fetchone()
        files = [Path(f"{base}{suffix}") for suffix in ("", "-wal", "-shm")]
        for path in files:
            os.chmod(path, 0o644)
        open_database(base)
        close_database()
        assert [mode(p) for p in files] == ["0o600", "0o600", "0o600"]
    finally:
        older.close()


def test_a_read_only_base_stays_read_only(tmp_path):
    base = tmp_path / "только-чтение.sqlite3"
    open_database(base)
    close_database()
    os.chmod(base, 0o444)
    try:
        open_database(base, migrate=False)
        close_database()
    except Exception:
        pass  # how a read-only base is reported is not this test's business
    assert mode(base) == "0o400"  # others lose reading; the owner does not gain writing


@pytest.mark.sqlite_only  # copies of the SQLite file (a server base: pg_dump, tests/core/test_server_backups.py)
def test_every_backup_copy_is_the_users_only(db, db_path, tmp_path):
    Setting.put("probe", "1")
    info = make_backup("manual", now=NOW, folder=tmp_path / "копии")
    assert mode(info.path) == "0o600"
    direct = tmp_path / "прямая.sqlite3"
    backup_database(db_path, direct)
    assert mode(direct) == "0o600"
    restored = tmp_path / "восстановленная.sqlite3"  # a restore onto a base moved aside
    restore_database(info.path, restored)
    assert mode(restored) == "0o600"


@pytest.fixture
def exports(demo_db, tmp_path):
    """Every export and document the program writes, from the demo base."""
    out = tmp_path / "выгрузки"
    out.mkdir()
    made = []
    for name in ("реестр.xlsx", "реестр.docx"):
        made.append(export_register(out / name, as_of=TODAY, requested_by="Петров П. П.",
                                    purpose="созыв собрания", now=NOW).path)
    readings.export_readings("2026-10", out / "показания.xlsx")
    readings.walk_sheet(out / "обход.xlsx", period="2026-11")
    readings.common_meter_report(out / "одпу.xlsx", today=TODAY)
    made += [out / "показания.xlsx", out / "обход.xlsx", out / "одпу.xlsx"]
    journal.export_journal(out / "журнал.xlsx", journal.JournalFilter(), today=TODAY)
    made.append(out / "журнал.xlsx")
    reg_no = journal.list_requests(journal.JournalFilter(), today=TODAY, limit=1)[0].reg_no
    made.append(letters.make_registration_notice(reg_no, out / "уведомление.docx", today=TODAY))
    made.append(acts.create_act("damage", {}, now=NOW, out=out / "акт.docx").file)
    meter = next(m for m in readings.list_meters() if m.premise_number)
    made += verification_letters([meter.id], out / "письма", today=TODAY)
    return made


def test_every_export_and_document_is_the_users_only(exports):
    assert len(exports) == 9
    assert {p.name: mode(p) for p in exports} == {p.name: "0o600" for p in exports}


def test_an_export_over_a_world_readable_file_becomes_the_users_only(demo_db, tmp_path):
    out = tmp_path / "журнал.xlsx"
    out.write_bytes(b"old")
    os.chmod(out, 0o644)
    journal.export_journal(out, journal.JournalFilter(), today=TODAY)
    assert mode(out) == "0o600"


def test_the_import_error_report_is_the_users_only(db, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Кв.", "Номер счётчика", "Дата снятия", "Т1"])
    workbook.active.append(["1", "ХВ-1", "20.10.2026", "сто"])
    workbook.save(tmp_path / "показания.xlsx")
    preview = readings.preview_readings(tmp_path / "показания.xlsx", today=TODAY)
    readings.write_error_report(preview, tmp_path / "ошибки.xlsx")
    assert mode(tmp_path / "ошибки.xlsx") == "0o600"


def test_pdfs_are_the_users_only(demo_db, tmp_path, monkeypatch):
    from tests.core.test_pdf import FakeLibreOffice
    from tsj_desk.services import pdf

    monkeypatch.setattr(pdf.subprocess, "Popen", FakeLibreOffice())  # writes its PDFs 0644
    monkeypatch.setattr(pdf, "find_libreoffice", lambda: Path("soffice"))
    act = acts.create_act("damage", {}, now=NOW, out=tmp_path / "акт.docx").file
    made = pdf.to_pdf([act], tmp_path / "pdf")
    one = pdf.save_as_pdf(act, tmp_path / "акт для печати.pdf")
    assert [mode(p) for p in (*made, one)] == ["0o600", "0o600"]
