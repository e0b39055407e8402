"""Handing out the owner register (ЖК РФ ст. 45 ч. 3.1): a register file exists only
with its entry in the disclosure log. When the entry cannot be written — the base is
read-only — no file is left and the user is told why; the command line asks to whom
and for what the register is given instead of logging «не указано».

On a request, writing the file is «реестр подготовлен»; the request is answered when
the hand-over is recorded (in person, by post, by e-mail), and the 5 days are judged
by that date."""

from __future__ import annotations

import os
import re
import sqlite3
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import NOW, SAMPLES, TODAY
from tsj_desk.cli import main
from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.errors import DatabaseProblem, ValidationFailed
from tsj_desk.domain.journal import Channel, Result, Status
from tsj_desk.services import journal
from tsj_desk.services.letters import make_answer_letter
from tsj_desk.services.register_handout import (
    PREPARED,
    Handover,
    HandoverInput,
    prepare_register,
    record_handover,
)
from tsj_desk.services.disclosure import export_register, list_disclosures
from tsj_desk.services.registry import import_registry
from tsj_desk.storage import database as database_module
from tsj_desk.storage.database import close_database, open_database


@pytest.fixture
def base(tmp_path) -> Path:
    """A base holding the simple register (10 ownerships), closed."""
    path = tmp_path / "тсж.sqlite3"
    open_database(path)
    try:
        import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
    finally:
        close_database()
    return path


def logged(path: Path) -> tuple[list[tuple], list[tuple]]:
    """The disclosure log and the change log's hand-outs, read past the program."""
    with closing(sqlite3.connect(path)) as connection:
        return (connection.execute("SELECT requested_by, purpose FROM disclosure").fetchall(),
                connection.execute("SELECT entity FROM audit_entry WHERE action = 'disclose'").fetchall())


def left_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("тсж.sqlite3"))


def read_only_base(monkeypatch, path: Path) -> None:
    """Make the base read-only as SQLite finds it when the user may not write the file:
    it opens it for reading only. (The file mode alone binds no one running as root,
    as tests may, so the opening is made read-only as well.)"""
    os.chmod(path, 0o444)
    original = database_module.make_database

    def make_read_only(target, *, read_only=False):
        return original(target, read_only=True)

    monkeypatch.setattr(database_module, "make_database", make_read_only)


def test_no_register_without_its_entry_in_the_disclosure_log(base, tmp_path):
    out_folder = tmp_path / "выдачи"
    out_folder.mkdir()
    open_database(base, read_only=True)  # as the window opens it when another copy holds it
    try:
        with pytest.raises(DatabaseProblem) as caught:
            export_register(out_folder / "реестр.xlsx", as_of=TODAY, requested_by="Зорина А. И., кв. 2",
                            purpose="созыв общего собрания", now=NOW)
    finally:
        close_database()
    message = caught.value.message
    assert message.startswith("Реестр не выдан: выдачу не удалось записать в журнал выдач, "
                              "поэтому файл «реестр.xlsx» не сохранён.")
    assert "только для чтения" in message
    assert left_in(out_folder) == []
    assert logged(base) == ([], [])

    open_database(base)  # writable again: the same hand-out goes through and is logged
    try:
        result = export_register(out_folder / "реестр.xlsx", as_of=TODAY,
                                 requested_by="Зорина А. И., кв. 2", purpose="созыв общего собрания",
                                 now=NOW)
        assert [(d.requested_by, d.file_name) for d in list_disclosures()] == [
            ("Зорина А. И., кв. 2", "реестр.xlsx")]
    finally:
        close_database()
    assert result.rows == 10 and left_in(out_folder) == ["реестр.xlsx"]


def test_command_line_export_from_a_read_only_base_leaves_no_file(base, tmp_path, capsys, monkeypatch):
    read_only_base(monkeypatch, base)
    out = tmp_path / "реестр.docx"
    code = main(["export-register", "--db", str(base), "--out", str(out),
                 "--requested-by", "Зорина А. И., кв. 2", "--purpose", "созыв общего собрания"])
    printed, err = capsys.readouterr()
    assert code == 1
    assert printed == ""
    assert err.startswith("Реестр не выдан: выдачу не удалось записать в журнал выдач, "
                          "поэтому файл «реестр.docx» не сохранён.")
    assert "только для чтения" in err
    assert left_in(tmp_path) == ["data"]  # the suite's data folder, nothing else
    assert logged(base) == ([], [])

    monkeypatch.undo()  # writable again: the register goes out, logged as given
    os.chmod(base, 0o644)
    code = main(["export-register", "--db", str(base), "--out", str(out),
                 "--requested-by", "Зорина А. И., кв. 2", "--purpose", "созыв общего собрания"])
    printed, err = capsys.readouterr()
    assert code == 0, err
    assert printed.startswith(f"Реестр записан в {out}: 10 строк")
    # the checksum kept in the disclosure log, named as the window names it
    assert re.search(r", контрольная сумма [0-9a-f]{64}\.$", printed.strip()) and "SHA" not in printed
    assert logged(base) == ([("Зорина А. И., кв. 2", "созыв общего собрания")], [("register",)])


WHY = ": каждая выдача реестра записывается в журнал выдач."


@pytest.mark.parametrize(("given", "message"), [
    ([], "Укажите, кому выдаётся реестр (--requested-by), и цель выдачи (--purpose)" + WHY),
    (["--requested-by", "Зорина А. И., кв. 2"], "Укажите цель выдачи (--purpose)" + WHY),
    (["--purpose", "созыв общего собрания"], "Укажите, кому выдаётся реестр (--requested-by)" + WHY),
    (["--requested-by", "  ", "--purpose", "созыв общего собрания"],
     "Укажите, кому выдаётся реестр (--requested-by)" + WHY),
], ids=["neither", "no purpose", "no recipient", "a blank recipient"])
def test_command_line_asks_to_whom_and_what_for(base, tmp_path, capsys, given, message):
    out = tmp_path / "реестр.xlsx"
    code = main(["export-register", "--db", str(base), "--out", str(out), *given])
    printed, err = capsys.readouterr()
    assert (code, printed, err.strip()) == (2, "", message)
    assert not out.exists()
    assert logged(base) == ([], [])


# ---------------------------------------------------------------- prepared, then handed over

RECEIVED = datetime(2026, 11, 17, 10, 0)  # Tuesday; 5 calendar days end on Sunday 22.11 → Monday 23.11
PREPARED_AT = datetime(2026, 11, 19, 16, 0)


@pytest.fixture
def prepared(db, tmp_path):
    """A request for the register (17.11), its file prepared on 19.11."""
    import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
    reg_no = journal.register_request(journal.RequestInput(
        category="owner_register", received_at=RECEIVED, applicant="Зорина Алла Ивановна",
        text="Прошу выдать реестр собственников для созыва общего собрания"), now=RECEIVED)
    prepare_register(reg_no, tmp_path / "реестр.xlsx", now=PREPARED_AT, purpose="созыв общего собрания")
    return reg_no


def state_of(reg_no: str) -> DeadlineStatus:
    (row,) = [r for r in journal.list_requests(journal.JournalFilter(), today=TODAY) if r.reg_no == reg_no]
    return row.state


def test_writing_the_file_records_the_register_prepared_not_answered(prepared, tmp_path):
    card = journal.request_card(prepared)
    assert card.due_date == date(2026, 11, 23)
    assert card.status is Status.IN_PROGRESS and card.answered_on is None and card.result == ""
    assert card.history[-1][2:] == (PREPARED, "на 19.11.2026; передать заявителю лично под подпись, "
                                              "почтой или по электронной почте")
    assert (tmp_path / "реестр.xlsx").is_file()
    # 24.11 and not handed over: the request is overdue, though the file was ready on 19.11
    assert state_of(prepared) is DeadlineStatus.OVERDUE


def test_handed_over_in_person_answers_the_request_on_that_date(prepared):
    record_handover(prepared, HandoverInput(Handover.IN_PERSON, on=date(2026, 11, 23)), now=NOW)
    card = journal.request_card(prepared)
    assert card.status is Status.ANSWERED and card.answered_on == date(2026, 11, 23)
    assert card.result == Result.SATISFIED.value and card.answer_channel == Channel.IN_PERSON.value
    assert card.answer_text == ("Реестр собственников помещений на 19.11.2026 вручён заявителю "
                                "23.11.2026 лично под подпись.")
    assert state_of(prepared) is DeadlineStatus.ANSWERED_ON_TIME


def test_the_deadline_is_judged_by_the_hand_over_not_the_file(prepared):
    # prepared on 19.11 within the 5 days, posted on 24.11: one day late
    record_handover(prepared, HandoverInput(Handover.POST, on=date(2026, 11, 24),
                                            tracking_no="14040082123456"), now=NOW)
    card = journal.request_card(prepared)
    assert card.answered_on == date(2026, 11, 24) and card.answer_channel == Channel.LETTER.value
    assert "почтовый идентификатор 14040082123456" in card.answer_text
    # the date of posting is not run into the tracking number
    assert card.answer_text == ("Реестр собственников помещений на 19.11.2026 направлен заявителю 24.11.2026 "
                                "почтой, почтовый идентификатор 14040082123456.")
    assert state_of(prepared) is DeadlineStatus.ANSWERED_LATE
    assert card.history[-1][2] == "Ответ дан" and card.history[-1][3].endswith("с опозданием")


def test_by_email_names_the_address(prepared):
    record_handover(prepared, HandoverInput("email", on=date(2026, 11, 20), email="zorina@example.ru"),
                    now=NOW)
    card = journal.request_card(prepared)
    assert card.answer_channel == Channel.EMAIL.value
    assert card.answer_text.endswith("20.11.2026 по электронной почте на адрес zorina@example.ru.")


@pytest.mark.parametrize(("handover", "message"), [
    (HandoverInput(Handover.POST, on=date(2026, 11, 23)), "Укажите почтовый идентификатор (трек-номер)"),
    (HandoverInput(Handover.EMAIL, on=date(2026, 11, 23), email="нет"), "Укажите адрес электронной почты"),
    (HandoverInput(Handover.IN_PERSON, on=date(2026, 11, 18)),
     "Дата передачи 18.11.2026 раньше подготовки реестра (19.11.2026)"),
    (HandoverInput(Handover.IN_PERSON, on=date(2026, 11, 25)), "ещё не наступила"),
    (HandoverInput("pigeon", on=date(2026, 11, 23)), "Неизвестный способ передачи «pigeon»"),
], ids=["post without tracking", "e-mail without address", "before the file", "tomorrow", "unknown way"])
def test_a_hand_over_without_what_proves_it_is_refused(prepared, handover, message):
    with pytest.raises(ValidationFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        record_handover(prepared, handover, now=NOW)
    assert journal.request_card(prepared).status is Status.IN_PROGRESS


def test_no_hand_over_before_the_register_is_prepared(db):
    reg_no = journal.register_request(journal.RequestInput(
        category="owner_register", received_at=RECEIVED, applicant="Зорина Алла Ивановна",
        text="Прошу реестр"), now=NOW)
    with pytest.raises(ValidationFailed, match="ещё не подготовлен"):
        record_handover(reg_no, HandoverInput(Handover.IN_PERSON, on=date(2026, 11, 23)), now=NOW)
    assert journal.request_card(reg_no).status is Status.REGISTERED


def test_the_answer_letter_names_no_file_and_no_rows(prepared, tmp_path):
    record_handover(prepared, HandoverInput(Handover.IN_PERSON, on=date(2026, 11, 23)), now=NOW)
    document = Document(str(make_answer_letter(prepared, tmp_path / "ответ.docx")))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "вручён заявителю 23.11.2026 лично под подпись" in text
    assert "реестр.xlsx" not in text and ".xlsx" not in text and "строк" not in text
