"""Voiding a request registered by mistake: kept, greyed, never counted."""

from datetime import date, datetime

import pytest

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.journal import Status
from tsj_desk.services import journal, users
from tsj_desk.services.requests_void import void_request
from tsj_desk.storage.models import AuditEntry

NOW = datetime(2026, 11, 24, 12, 0)  # a Tuesday


def register(received, text="Течёт кран"):
    return journal.register_request(journal.RequestInput(
        category="maintenance", received_at=received, applicant="Иванов Иван", text=text), now=NOW)


@pytest.fixture
def three(db):
    """Two maintenance requests overdue by 24.11 (due 10.11 and 11.11: five working days),
    one received this morning (due 01.12)."""
    return (register(datetime(2026, 11, 2, 10, 15)), register(datetime(2026, 11, 3, 10, 0)),
            register(datetime(2026, 11, 24, 9, 0)))


def test_a_voided_overdue_request_leaves_the_summary_counts(three):
    first, _, _ = three
    before = journal.journal_summary(today=NOW)
    assert (before.overdue, before.due_today, before.received_this_month) == (2, 0, 3)

    void_request(first, "зарегистрировано дважды", now=NOW)

    after = journal.journal_summary(today=NOW)
    assert after.overdue == before.overdue - 1 == 1
    assert after.received_this_month == before.received_this_month - 1 == 2
    assert journal.count_requests(journal.JournalFilter(overdue=True), today=NOW) == 1
    assert [r.reg_no for r in journal.list_requests(journal.JournalFilter(overdue=True), today=NOW)] == [
        "2026-0002"]
    states = journal.recompute_states(today=NOW)
    assert (states[DeadlineStatus.OVERDUE], states[DeadlineStatus.VOIDED], states[DeadlineStatus.OPEN]) == (
        1, 1, 1)


def test_the_voided_request_stays_in_the_journal_with_its_reason(three):
    first, _, _ = three
    void_request(first, "  зарегистрировано\nдважды ", now=NOW)
    row = {r.reg_no: r for r in journal.list_requests(journal.JournalFilter(), today=NOW)}[first]
    assert (row.status, row.state, row.void_reason, row.days_late) == (
        Status.VOIDED, DeadlineStatus.VOIDED, "зарегистрировано дважды", 0)
    card = journal.request_card(first)
    assert card.voided and card.void_reason == "зарегистрировано дважды"
    assert card.state(NOW, None) is DeadlineStatus.VOIDED
    assert card.history[-1][2:] == ("Аннулировано", "причина: зарегистрировано дважды")


def test_the_history_and_the_change_log_name_who_voided_it(three):
    users.add_user(users.UserInput("Петрова Анна", "председатель правления"), now=NOW)
    users.add_user(users.UserInput("Сидоров Олег", "диспетчер"), now=NOW)
    users.choose_user("сидоров олег")
    void_request(three[0], "ошибка диспетчера", now=NOW)
    assert journal.request_card(three[0]).history[-1][1] == "Сидоров Олег"
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.user, entry.action, entry.entity) == ("Сидоров Олег", "void", "request")
    assert "ошибка диспетчера" in entry.details


def test_a_voided_request_is_not_answered_nor_voided_again(three):
    first, _, _ = three
    void_request(first, "дубль", now=NOW)
    with pytest.raises(ValidationFailed, match="аннулировано: ответ на него не записывают"):
        journal.answer_request(first, journal.AnswerInput("Кран заменён", date(2026, 11, 24)), now=NOW)
    with pytest.raises(ValidationFailed, match="уже аннулировано"):
        void_request(first, "ещё раз", now=NOW)
    with pytest.raises(ValidationFailed, match="Нельзя перевести"):
        journal.set_status(first, Status.IN_PROGRESS, now=NOW)
    assert journal.request_card(first).answer_text == ""


def test_the_reason_is_required_and_an_answered_request_is_not_voided(three):
    first, second, _ = three
    for blank in ("", "   \n"):
        with pytest.raises(ValidationFailed, match="Укажите причину аннулирования"):
            void_request(first, blank, now=NOW)
    journal.answer_request(second, journal.AnswerInput("Кран заменён", date(2026, 11, 24)), now=NOW)
    with pytest.raises(ValidationFailed, match="уже дан ответ"):
        void_request(second, "по ошибке", now=NOW)
    with pytest.raises(NotFound):
        void_request("2026-0099", "по ошибке", now=NOW)
    assert journal.request_card(first).status is Status.REGISTERED


def test_the_exported_journal_says_the_request_was_voided_and_why(three, tmp_path):
    from openpyxl import load_workbook

    first, _, _ = three
    void_request(first, "дубль", now=NOW)
    rows = journal.export_journal(tmp_path / "журнал.xlsx", journal.JournalFilter(), today=NOW)
    sheet = load_workbook(tmp_path / "журнал.xlsx").active
    line = next(r for r in range(5, 5 + rows) if sheet.cell(r, 1).value == first)
    # «Результат» names the void; «Просрочка» is empty: a voided request is never late
    assert (sheet.cell(line, 9).value, sheet.cell(line, 10).value) == ("аннулировано: дубль", None)
