"""What the journal table paints follows the data: a row painted once shows its answer
after the refresh, a new order paints each row's own values, and a painted countdown
moves on with the clock."""

from __future__ import annotations

from datetime import date, datetime, time

from shown_page import show_page
from PySide6.QtCore import Qt

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request
from ui import colors
from ui.journal.model import STATE_TONES, JournalModel
from ui.journal.page import JournalPage

APPLICANTS = ("Алексеева Мария", "Борисов Пётр", "Власова Ирина")  # received 9:00, 10:00, 11:00


def register(applicant: str, received: datetime, category: str = "maintenance") -> str:
    return register_request(RequestInput(category=category, received_at=received, applicant=applicant,
                                         text="Не работает освещение в подъезде"), now=received)


def cell(page: JournalPage, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(row, column).data(role)


def column_texts(page: JournalPage, column: int) -> list[str]:
    return [cell(page, row, column) for row in range(page.model.rowCount())]


def three_requests() -> dict[str, str]:
    return {name: register(name, datetime(2026, 11, 23, 9 + n)) for n, name in enumerate(APPLICANTS)}


def test_a_painted_row_shows_its_answer_after_the_refresh(qtbot, db, fixed_clock):
    reg_nos = three_requests()
    page = show_page(qtbot, JournalPage())
    page.grab()  # painted once: what it showed is worked out
    # the newest first: Власова (11:00), Борисов (10:00), Алексеева (9:00)
    assert column_texts(page, JournalModel.APPLICANT) == list(reversed(APPLICANTS))
    assert column_texts(page, JournalModel.STATUS) == ["Зарегистрировано"] * 3
    assert column_texts(page, JournalModel.ANSWER) == ["", "", ""]

    answer_request(reg_nos["Борисов Пётр"], AnswerInput(text="Лампы заменены", on=date(2026, 11, 24)),
                   now=datetime(2026, 11, 24, 11, 0))
    page.refresh()
    page.grab()
    assert column_texts(page, JournalModel.STATUS) == ["Зарегистрировано", "Ответ дан", "Зарегистрировано"]
    assert column_texts(page, JournalModel.ANSWER) == ["", "24.11.2026", ""]


def test_a_new_order_paints_every_row_with_its_own_values(qtbot, db, fixed_clock):
    reg_nos = three_requests()
    page = show_page(qtbot, JournalPage())
    page.grab()
    page.table.sortByColumn(JournalModel.APPLICANT, Qt.SortOrder.AscendingOrder)
    page.grab()
    assert column_texts(page, JournalModel.APPLICANT) == list(APPLICANTS)
    assert column_texts(page, JournalModel.NUMBER) == [reg_nos[name] for name in APPLICANTS]
    assert column_texts(page, JournalModel.RECEIVED) == ["23.11.2026 09:00", "23.11.2026 10:00",
                                                        "23.11.2026 11:00"]


def test_a_painted_countdown_moves_on_and_turns_red(qtbot, db, fixed_clock):
    fixed_clock.moment = datetime(2026, 11, 24, 10, 1)
    register("Сидорова Анна", datetime(2026, 11, 24, 10, 0), "emergency")  # due 10:30 (30 minutes)
    page = show_page(qtbot, JournalPage())
    page.grab()
    background = Qt.ItemDataRole.BackgroundRole
    assert cell(page, 0, JournalModel.LATE) == "осталось 29 мин"
    assert cell(page, 0, JournalModel.DUE) == "24.11.2026 10:30"
    orange = colors.background(STATE_TONES[DeadlineStatus.DUE_TODAY]).color()
    assert cell(page, 0, JournalModel.LATE, background).color() == orange

    fixed_clock.moment = datetime.combine(date(2026, 11, 24), time(10, 18))
    page.check_clock()  # the same rows as of a later minute
    page.grab()
    assert cell(page, 0, JournalModel.LATE) == "осталось 12 мин"

    fixed_clock.moment = datetime(2026, 11, 24, 10, 31)
    page.check_clock()
    page.grab()
    assert cell(page, 0, JournalModel.LATE) == "1 мин"
    red = colors.background(STATE_TONES[DeadlineStatus.OVERDUE]).color()
    assert cell(page, 0, JournalModel.LATE, background).color() == red
