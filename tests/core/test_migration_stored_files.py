"""The migration that brings the documents into the base, on SQLite and PostgreSQL: an
old base whose attachments lay in the data folder and whose acts lay where the user
saved them. A file found on this PC is stored and opens on any PC with its bytes; a
file that is not here is kept as a flagged reference — the migration does not fail —
and is brought in when it turns up on the PC that has it."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tsj_desk.domain.errors import FileProblem
from tsj_desk.services import act_documents, acts, document_files, journal
from tsj_desk.services.session import data_dir
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.migration_stored_files import migrate_stored_files
from tsj_desk.storage.migrations import LATEST_VERSION, MIGRATIONS, schema_version, upgrade

PHOTO = bytes(range(256)) * 16 + b"photo of the leak"
ACT = b"PK\x03\x04 an act saved by the accountant " + bytes(range(200))
ABSENT_ACT = "C:\\Users\\Бухгалтер\\Documents\\ТСЖ Деск\\Акты\\Акт № 2026-002 от 20.11.2026.docx"

REQUEST = dict(id=1, reg_no="2026-0001", received_at="2026-11-02 10:15:00", channel="letter",
               person_id=None, applicant="Иванов Иван Иванович", applicant_contacts="", premise_id=None,
               premise_number="", category_id=1, subject="Течёт кран", text="Течёт кран в подвале",
               due_date="2026-11-10", due_at=None, deadline_basis="5 рабочих дней", status="registered",
               answer_text="", answered_on=None, answer_channel="", outgoing_no="", result="",
               refusal_reason="", recalculation="", satisfaction=None, inspection_at=None,
               inspection_act_on=None, search_key="2026-0001 иванов течет кран")


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "old.sqlite3")
    return request.getfixturevalue("pg_url")


def insert(db, table: str, row: dict) -> None:
    columns = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join([db.param] * len(row))
    db.execute_sql(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))


def old_base(target: str, acts_folder: Path):
    """The base just before the migration, with a request, two attachments (the first
    in the data folder, the second gone) and two acts (the first on this PC, the second
    saved on another PC)."""
    db = open_database(target, migrate=False)
    upgrade(db, target=MIGRATIONS.index(migrate_stored_files))
    with db.atomic():
        insert(db, "request", REQUEST)
        for row_id, name, stored in ((1, "фото протечки.jpg", "2026-0001/1a2b_фото протечки.jpg"),
                                     (2, "план подвала.pdf", "2026-0001/3c4d_план подвала.pdf")):
            insert(db, "attachment", dict(id=row_id, request_id=1, file_name=name, stored_name=stored,
                                          sha256="ab" * 32, added_at="2026-11-02 10:20:00"))
        for row_id, number, file_name in ((1, "2026-001", str(acts_folder / "Акт № 2026-001.docx")),
                                          (2, "2026-002", ABSENT_ACT)):
            insert(db, "act", dict(id=row_id, kind="damage", number=number, made_at="2026-11-20 14:00:00",
                                   request_id=None, premise_id=None, fields='{"cause": "износ крана"}',
                                   file_name=file_name, updated_at="2026-11-20 14:30:00"))
    return db


def test_the_migration_stores_the_files_found_and_flags_the_others(target, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = tmp_path / "бухгалтер"
    monkeypatch.setenv("XDG_DATA_HOME", str(first / "data"))
    photo = data_dir() / "attachments" / "2026-0001" / "1a2b_фото протечки.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PHOTO)
    (first / "Акты").mkdir()
    (first / "Акты" / "Акт № 2026-001.docx").write_bytes(ACT)
    db = old_base(target, first / "Акты")
    try:
        upgrade(db)  # a missing file does not stop it
        assert schema_version(db) == LATEST_VERSION
        # the old references are kept as they were
        assert db.execute_sql('SELECT "file_name", "stored_name" FROM "attachment" ORDER BY "id"').fetchall() == [
            ("фото протечки.jpg", "2026-0001/1a2b_фото протечки.jpg"),
            ("план подвала.pdf", "2026-0001/3c4d_план подвала.pdf")]
        # newest first: the same moment, the later id first
        assert [a.file for a in acts.list_acts()] == [Path(ABSENT_ACT), first / "Акты" / "Акт № 2026-001.docx"]
        assert [a.stored for a in acts.list_acts()] == [False, True]
        shutil.rmtree(first)  # the first PC's files are gone: the base has them

        second = tmp_path / "председатель"
        monkeypatch.setenv("XDG_DATA_HOME", str(second / "data"))
        close_database()
        open_database(target)
        card = journal.request_card("2026-0001")
        assert [name for name, _ in card.attachments] == ["фото протечки.jpg", "план подвала.pdf"]
        assert document_files.attachment_file(card.attachments[0][1]).read_bytes() == PHOTO
        with pytest.raises(FileProblem) as missing:
            document_files.attachment_file(card.attachments[1][1])
        assert missing.value.message == (
            "Файл «план подвала.pdf» не найден на этом компьютере и ещё не перенесён в базу: он лежал "
            f"в «{first / 'data' / 'tsj-desk' / 'attachments' / '2026-0001' / '3c4d_план подвала.pdf'}» "
            "на компьютере, где его сохранили. Откройте документ на том компьютере — файл перенесётся "
            "в базу и откроется на любом компьютере.")
        assert act_documents.act_file_to_open(1).read_bytes() == ACT
        with pytest.raises(FileProblem) as absent:
            act_documents.act_file_to_open(2)
        assert f"«{ABSENT_ACT}»" in absent.value.message
        assert absent.value.message.startswith("Файл «Акт № 2026-002 от 20.11.2026.docx» не найден на "
                                               "этом компьютере")
        assert absent.value.message.endswith("нажмите «Сформировать заново»: он будет сделан из "
                                             "сохранённых полей и сохранён в базе.")

        # the plan turns up on the PC that had it: opened there, it is brought into the base
        monkeypatch.setenv("XDG_DATA_HOME", str(first / "data"))
        plan = first / "data" / "tsj-desk" / "attachments" / "2026-0001" / "3c4d_план подвала.pdf"
        plan.parent.mkdir(parents=True)
        plan.write_bytes(b"%PDF-1.4 plan of the basement")
        assert document_files.attachment_file(card.attachments[1][1]).read_bytes() == b"%PDF-1.4 plan of the basement"
        shutil.rmtree(first)
        monkeypatch.setenv("XDG_DATA_HOME", str(second / "data"))
        close_database()
        open_database(target)
        assert document_files.attachment_file(card.attachments[1][1]).read_bytes() == b"%PDF-1.4 plan of the basement"

        # the act saved on another PC is made again from its fields and stored
        acts.regenerate_acts([2], now=datetime(2026, 11, 24, 12, 0))
        assert [a.stored for a in acts.list_acts()] == [True, True]
        assert act_documents.act_file_to_open(2).name == "Акт № 2026-002 от 20.11.2026.docx"
    finally:
        close_database()
