"""Documents kept in the base: an attachment, an act, a letter and a user's template
stored on one PC open on another PC of the office — another data folder, the file
gone from the first PC's disk, another connection or another process — with the
very same bytes, on SQLite and on PostgreSQL (``pg_url``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import pytest
from docx import Document

from tsj_desk.domain.errors import FileProblem
from tsj_desk.services import act_documents, acts, document_files, journal, letters
from tsj_desk.storage import stored_files
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.stored_file_limits import MAX_FILE_BYTES, too_big_message

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 12, 0)

# bytes no program would make by chance: a "scan" with every byte value
SCAN = bytes(range(256)) * 40 + "Заявление Иванова, кв. 12".encode()


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """The office's base: a SQLite file, or a base on a PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "office.sqlite3")
    return request.getfixturevalue("pg_url")


def as_pc(name: str, tmp_path: Path, monkeypatch) -> Path:
    """This process becomes PC ``name``: a data folder of its own."""
    folder = tmp_path / name
    folder.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    return folder


def reopen(target: str) -> None:
    close_database()
    open_database(target)


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def register_with(scan: Path) -> str:
    return journal.register_request(journal.RequestInput(
        category="emergency", received_at=datetime(2026, 11, 24, 9, 0), applicant="Иванов Иван",
        text="Течёт потолок в ванной", attachments=[scan]), now=NOW)


def test_documents_made_on_one_pc_open_on_another_with_the_same_bytes(target, tmp_path, monkeypatch):
    first = as_pc("бухгалтер", tmp_path, monkeypatch)
    open_database(target)
    try:
        scan = first / "скан заявления.pdf"
        scan.write_bytes(SCAN)
        reg_no = register_with(scan)
        act = acts.create_act("damage", {"city": "Коломна", "cause": "лопнул шланг"}, now=NOW,
                              out=first / "Акты" / "акт.docx")
        act_bytes = (first / "Акты" / "акт.docx").read_bytes()
        journal.answer_request(reg_no, journal.AnswerInput("Стояк заменён.", date(2026, 11, 24), at=time(10, 0)), now=NOW)
        letter = letters.make_answer_letter(reg_no, first / "ответ.docx", now=NOW)
        letter_bytes = letter.read_bytes()
        shutil.rmtree(first)  # nothing of it is on the other PC

        as_pc("председатель", tmp_path, monkeypatch)
        reopen(target)  # another connection, from another data folder
        card = journal.request_card(reg_no)
        assert [name for name, _ in card.attachments] == ["скан заявления.pdf", "ответ.docx"]
        opened = [document_files.attachment_file(key) for _, key in card.attachments]
        assert [p.name for p in opened] == ["скан заявления.pdf", "ответ.docx"]
        assert opened[0].read_bytes() == SCAN
        assert opened[1].read_bytes() == letter_bytes
        assert "Стояк заменён." in text_of(opened[1])
        act_file = act_documents.act_file_to_open(act.id)
        assert act_file.read_bytes() == act_bytes
        assert "лопнул шланг" in text_of(act_file)
        assert [a.stored for a in acts.list_acts()] == [True]
        if os.name != "nt":  # taken out for this user only
            assert act_file.stat().st_mode & 0o077 == 0
            assert act_file.parent.parent.stat().st_mode & 0o077 == 0
        # «Сохранить как…» into a folder the user picks
        saved = act_documents.save_act_copy(act.id, tmp_path / "копия акта.docx")
        assert saved.read_bytes() == act_bytes
    finally:
        close_database()


def test_an_act_made_again_on_another_pc_is_what_the_first_pc_opens(target, tmp_path, monkeypatch):
    first = as_pc("бухгалтер", tmp_path, monkeypatch)
    open_database(target)
    try:
        act = acts.create_act("damage", {"cause": "лопнул шланг"}, now=NOW, out=first / "акт.docx")
        away = first.rename(tmp_path / "на другом компьютере")  # not on the second PC
        as_pc("председатель", tmp_path, monkeypatch)
        reopen(target)
        # the first PC's folder is not here: made again in the private folder, then stored
        acts.update_act(act.id, {**act.fields, "cause": "прорыв стояка"}, now=NOW)
        away.rename(first)  # back on the first PC
        monkeypatch.setenv("XDG_DATA_HOME", str(first / "data"))
        reopen(target)
        reopened = act_documents.act_file_to_open(act.id)
        # the first PC's own copy is the old one: the base's, made again, is opened
        assert reopened != first / "акт.docx"
        assert "прорыв стояка" in text_of(reopened) and "лопнул шланг" not in text_of(reopened)
        assert "лопнул шланг" in text_of(first / "акт.docx")
    finally:
        close_database()


def test_another_process_opens_the_stored_act(target, tmp_path, monkeypatch):
    first = as_pc("бухгалтер", tmp_path, monkeypatch)
    open_database(target)
    try:
        act = acts.create_act("utility_quality", {"findings": "42 °С вместо 60 °С"}, now=NOW,
                              out=first / "акт.docx")
        expected = hashlib.sha256((first / "акт.docx").read_bytes()).hexdigest()
    finally:
        close_database()
    shutil.rmtree(first)
    other = tmp_path / "другой компьютер"
    other.mkdir()
    code = ("import sys, hashlib\n"
            "from tsj_desk.storage.database import open_database\n"
            "from tsj_desk.services.act_documents import act_file_to_open\n"
            "open_database(sys.argv[1])\n"
            "path = act_file_to_open(int(sys.argv[2]))\n"
            "print(hashlib.sha256(path.read_bytes()).hexdigest())\n")
    env = {**os.environ, "XDG_DATA_HOME": str(other / "data"), "TMPDIR": str(other)}
    done = subprocess.run([sys.executable, "-c", code, target, str(act.id)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


def test_the_offices_template_in_the_base_wins_on_every_pc(target, tmp_path, monkeypatch):
    from tsj_desk.services.document_templates import list_templates

    first = as_pc("председатель", tmp_path, monkeypatch)
    open_database(target)
    try:
        shipped = {t.name: t for t in list_templates()}["act_damage.docx"].path
        own = Document(str(shipped))
        own.add_paragraph("Бланк ТСЖ «Берёзка», утверждён правлением")
        own.save(str(first / "act_damage.docx"))
        document_files.store_template("act_damage.docx", first / "act_damage.docx", now=NOW)
        shutil.rmtree(first)

        second = as_pc("бухгалтер", tmp_path, monkeypatch)
        reopen(target)
        # this PC's own copy in its templates folder gives way to the office's
        local = Path(letters.templates_dir())
        local.mkdir(parents=True, exist_ok=True)
        mine = Document(str(shipped))
        mine.add_paragraph("Старый бланк бухгалтера")
        mine.save(str(local / "act_damage.docx"))
        act = acts.create_act("damage", {}, now=NOW, out=second / "акт.docx")
        assert "Бланк ТСЖ «Берёзка», утверждён правлением" in text_of(act.file)
        assert "Старый бланк бухгалтера" not in text_of(act.file)
        info = {t.name: t for t in list_templates(document_files.template_dirs())}["act_damage.docx"]
        assert info.is_user and document_files.in_base(info.path)

        assert document_files.forget_template("act_damage.docx")
        again = acts.create_act("damage", {}, now=NOW, out=second / "акт 2.docx")
        assert "Старый бланк бухгалтера" in text_of(again.file)  # back to this PC's own copy
    finally:
        close_database()


def test_a_file_over_50_mb_is_refused_in_russian_and_nothing_is_registered(db, tmp_path):
    big = tmp_path / "видео протечки.mp4"
    with open(big, "wb") as handle:  # a sparse file: 77,000,000 bytes without writing them
        handle.truncate(77_000_000)
    with pytest.raises(FileProblem) as refused:
        register_with(big)
    # 77,000,000 / 1,048,576 = 73.43… MB
    assert refused.value.message == (
        "Файл «видео протечки.mp4» слишком большой, чтобы хранить его в базе: 73,4 МБ, а "
        "допускается не больше 50 МБ. Уменьшите его (например, отсканируйте с меньшим "
        "разрешением или сохраните только нужные страницы) и добавьте снова.")
    assert journal.list_requests(journal.JournalFilter(), today=NOW) == []
    small = tmp_path / "скан.pdf"
    small.write_bytes(SCAN)
    assert register_with(small) == "2026-0001"  # the refused one took no number


def test_the_bound_is_50_mebibytes_exactly():
    stored_files.check_size("скан.pdf", MAX_FILE_BYTES)  # 52,428,800 bytes: kept
    with pytest.raises(FileProblem, match="слишком большой"):
        stored_files.check_size("скан.pdf", 50 * 1024 * 1024 + 1)
    assert too_big_message("a.pdf", 600 * 1024).startswith(
        "Файл «a.pdf» слишком большой, чтобы хранить его в базе: 600 КБ")
