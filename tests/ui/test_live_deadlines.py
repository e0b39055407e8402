"""Live deadlines: the journal and the Сводка follow the clock minute by minute; an
emergency counts down its half hour, turns red when it runs out, and the status bar
tells it once; the «Просрочено на» column."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.text import lateness_short, time_left_text
from tsj_desk.services.journal import RequestInput, register_request
from ui import colors
from ui.journal.model import STATE_TONES, JournalModel
from ui.journal.page import JournalPage
from ui.summary.page import SummaryPage


def emergency(received: datetime, applicant: str = "Сидорова Анна") -> str:
    """An emergency registered at ``received``: due 30 minutes later (ПП 416 п. 13)."""
    return register_request(RequestInput(
        category="emergency", received_at=received, applicant=applicant,
        text="Затопление с верхнего этажа"), now=received + timedelta(minutes=1))


@pytest.fixture
def window(qtbot, demo):
    window = QMainWindow()
    page = JournalPage(window)
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def category_label(code: str) -> str:
    from tsj_desk.services.calendar import category_rule

    label = category_rule(code).label
    return label[:1].lower() + label[1:]


def row_of(page: JournalPage, reg_no: str) -> int:
    row = page.model.find(reg_no, max_pages=100)
    assert row is not None
    return row


def cell(page: JournalPage, reg_no: str, column: int, role=None):
    index = page.model.index(row_of(page, reg_no), column)
    return index.data() if role is None else index.data(role)


def test_the_short_lateness_and_the_time_left_are_said_as_an_office_writes_them():
    assert lateness_short(None, 3) == "3 д"
    assert lateness_short(None, 0) == ""
    assert lateness_short(timedelta(hours=2, minutes=15), 0) == "2 ч 15 мин"
    assert lateness_short(timedelta(minutes=35), 0) == "35 мин"
    assert lateness_short(timedelta(hours=2), 0) == "2 ч"
    assert lateness_short(timedelta(days=2, hours=1), 2) == "2 д"  # past a day: in days
    assert time_left_text(timedelta(minutes=12)) == "осталось 12 мин"
    assert time_left_text(timedelta(seconds=30)) == "осталось 1 мин"  # a part of a minute is a minute
    assert time_left_text(timedelta(hours=1, minutes=5)) == "осталось 1 ч 5 мин"


def test_an_emergency_counts_down_turns_red_at_its_minute_and_is_told_once(window, fixed_clock):
    page: JournalPage = window.centralWidget()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 1)
    reg_no = emergency(datetime(2026, 11, 24, 10, 0))  # due 10:30
    page.refresh()
    page.check_clock()  # the watch starts from now: nothing turned overdue yet
    assert page.notices.shown == []
    page.select_request(reg_no)
    late = JournalModel.LATE
    assert page.model.headerData(late, Qt.Orientation.Horizontal) == "Просрочено на"
    assert cell(page, reg_no, late) == "осталось 29 мин"
    orange = colors.background(STATE_TONES[DeadlineStatus.DUE_TODAY]).color()
    red = colors.background(STATE_TONES[DeadlineStatus.OVERDUE]).color()
    background = Qt.ItemDataRole.BackgroundRole
    assert cell(page, reg_no, late, background).color() == orange

    fixed_clock.moment = datetime(2026, 11, 24, 10, 18)  # a minute tick: the countdown moves
    page.check_clock()
    assert cell(page, reg_no, late) == "осталось 12 мин"
    assert page.selected_request().reg_no == reg_no

    fixed_clock.moment = datetime(2026, 11, 24, 10, 30)  # the deadline's minute itself: not yet late
    page.check_clock()
    assert cell(page, reg_no, late) == "осталось 0 мин"
    assert page.notices.shown == []

    fixed_clock.moment = datetime(2026, 11, 24, 10, 31)  # the minute is crossed
    page.check_clock()
    assert cell(page, reg_no, late) == "1 мин"
    assert cell(page, reg_no, late, background).color() == red
    assert "Просрочено на 1 минуту" in cell(page, reg_no, late, Qt.ItemDataRole.ToolTipRole)
    told = (f"Просрочено обращение № {reg_no} — Сидорова Анна, аварийная заявка (диспетчерская служба): "
            "срок истёк 24.11.2026 10:30")
    assert window.statusBar().currentMessage() == told
    assert page.selected_request().reg_no == reg_no  # the selection stayed on the emergency

    fixed_clock.moment = datetime(2026, 11, 24, 12, 46)  # later ticks: never told again
    page.check_clock()
    page.check_clock()
    assert cell(page, reg_no, late) == "2 ч 16 мин"
    assert page.notices.shown == [told]
    assert page.selected_request().reg_no == reg_no


def test_the_watch_tells_even_while_another_page_is_shown_and_says_how_many(window, fixed_clock):
    page: JournalPage = window.centralWidget()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 5)
    first = emergency(datetime(2026, 11, 24, 10, 0), "Сидорова Анна")  # due 10:30
    second = emergency(datetime(2026, 11, 24, 10, 4), "Петров Иван")  # due 10:34
    page.check_clock()
    page.hide()  # another page of the window in front
    fixed_clock.moment = datetime(2026, 11, 24, 10, 40)
    page.check_clock()
    assert len(page.notices.shown) == 1
    assert page.notices.shown[0].startswith(f"Просрочено обращение № {first} — Сидорова Анна")
    assert page.notices.shown[0].endswith("(и ещё 1)")
    assert second not in page.notices.shown[0]
    page.show()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 41)
    page.check_clock()
    assert len(page.notices.shown) == 1


def test_the_minute_tick_keeps_the_scroll_position_and_the_selection(window, fixed_clock):
    page: JournalPage = window.centralWidget()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 1)
    emergency(datetime(2026, 11, 24, 10, 0))
    page.refresh()
    page.check_clock()
    last = page.model.rowCount() - 1
    page.table.selectRow(last)
    page.table.scrollToBottom()
    chosen = page.selected_request().reg_no
    scroll = page.table.verticalScrollBar().value()
    assert scroll > 0
    for minute in (10, 31, 45):  # in place, and across the emergency's minute (a recount)
        fixed_clock.moment = datetime(2026, 11, 24, 10, minute)
        page.check_clock()
        assert page.selected_request().reg_no == chosen
        assert page.table.verticalScrollBar().value() == scroll


def test_the_lateness_column_shows_days_for_a_deadline_in_days(window):
    page: JournalPage = window.centralWidget()
    rows = page.visible_requests()
    overdue = [r for r in rows if r.state is DeadlineStatus.OVERDUE and r.due_at is None]
    assert overdue
    row = overdue[0]
    expected_days = (datetime(2026, 11, 24).date() - row.due_date).days  # counted by hand
    assert cell(page, row.reg_no, JournalModel.LATE) == f"{expected_days} д"
    on_time = next(r for r in rows if r.state is DeadlineStatus.OPEN and r.due_at is None)
    assert cell(page, on_time.reg_no, JournalModel.LATE) == ""


def test_the_summary_counts_an_emergency_overdue_when_its_minute_passes(qtbot, demo, fixed_clock):
    fixed_clock.moment = datetime(2026, 11, 24, 10, 1)
    made = emergency(datetime(2026, 11, 24, 10, 0))  # due 10:30
    page = SummaryPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    overdue = page.summary.overdue
    due_today = page.summary.due_today
    reg_no = made
    assert page.tiles["due_today"].detail().endswith(f"№ {reg_no}: осталось 29 мин")
    fixed_clock.moment = datetime(2026, 11, 24, 10, 18)
    page.tick()
    assert page.tiles["due_today"].detail().endswith(f"№ {reg_no}: осталось 12 мин")
    page.tiles["due_today"].setFocus()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 31)
    page.tick()
    assert (page.summary.overdue, page.summary.due_today) == (overdue + 1, due_today - 1)
    assert "осталось" not in page.tiles["due_today"].detail()  # nothing running any more
    assert page.tiles["due_today"].hasFocus() or not page.isActiveWindow()


def test_where_the_desktop_has_a_tray_the_notice_goes_there_too_once(window, fixed_clock, monkeypatch):
    import ui.journal.overdue_notice as notice_module

    told: list[tuple[str, str]] = []

    class Tray:
        MessageIcon = notice_module.QSystemTrayIcon.MessageIcon

        def __init__(self, icon, parent):
            assert not icon.isNull()

        @staticmethod
        def isSystemTrayAvailable() -> bool:
            return True

        def setToolTip(self, text): ...

        def show(self): ...

        def showMessage(self, title, text, icon, ms):
            told.append((title, text))

    monkeypatch.setattr(notice_module, "QSystemTrayIcon", Tray)
    page: JournalPage = window.centralWidget()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 1)
    reg_no = emergency(datetime(2026, 11, 24, 10, 0))
    page.check_clock()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 31)
    page.check_clock()
    fixed_clock.moment = datetime(2026, 11, 24, 10, 32)
    page.check_clock()
    assert len(told) == 1
    assert told[0][0] == "ТСЖ Деск: срок ответа истёк" and f"№ {reg_no}" in told[0][1]


def test_a_deadline_in_days_turns_overdue_at_midnight_and_is_told(window, fixed_clock):
    page: JournalPage = window.centralWidget()
    # information on the association's activity: answered within a working day, so a
    # request received on Monday 23.11 is due on Tuesday 24.11 (to the end of the day)
    reg_no = register_request(RequestInput(
        category="public_info", received_at=datetime(2026, 11, 23, 10, 0), applicant="Гостев Павел",
        text="Где опубликован отчёт правления?"), now=datetime(2026, 11, 23, 10, 5))
    fixed_clock.moment = datetime(2026, 11, 24, 23, 58)
    page.check_clock()
    assert not any(reg_no in text for text in page.notices.told_about)  # still due today
    fixed_clock.moment = datetime(2026, 11, 25, 0, 1)
    page.check_clock()
    assert (f"Просрочено обращение № {reg_no} — Гостев Павел, "
            f"{category_label('public_info')}: срок истёк 24.11.2026") in page.notices.told_about


def test_the_card_of_a_running_emergency_says_what_is_left(qtbot, demo, fixed_clock):
    from ui.journal.request_card import RequestCardDialog

    fixed_clock.moment = datetime(2026, 11, 24, 10, 18)
    reg_no = emergency(datetime(2026, 11, 24, 10, 0))  # due 10:30
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    assert card.state.text() == "срок сегодня, осталось 12 мин"
