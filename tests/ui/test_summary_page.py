"""The Сводка page on the demo database: the numbers, the clicks into the journal, the chart."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from keys import press
from words import requests_word
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tsj_desk.services.journal import (
    CategoryRate,
    JournalFilter,
    RequestInput,
    count_requests,
    journal_summary,
    register_request,
)
from ui import colors
from ui.summary.chart import percent_text, rate_tone, value_text
from ui.summary.page import SummaryPage

from tests.conftest import NOW, TODAY
KEYS = ("overdue", "due_today", "due_this_week", "received_this_month")


@pytest.fixture
def page(qtbot, demo):
    page = SummaryPage()
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.page_shown()
    return page


def test_numbers_are_those_of_the_journal_summary(page):
    summary = journal_summary(today=NOW)
    assert summary.overdue > 0 and summary.received_this_month > 0  # the demo has all states
    assert page.heading.text() == "Сводка на 24.11.2026"
    assert [page.tiles[k].caption() for k in KEYS] == [
        "Просрочено", "Срок сегодня", "Срок на этой неделе", "Поступило в этом месяце"]
    assert {k: page.tiles[k].number_text() for k in KEYS} == {
        k: str(getattr(summary, k)) for k in KEYS}
    overdue = page.tiles["overdue"]
    assert overdue.tone() is colors.Tone.ERROR  # red, like overdue rows of the journal
    assert overdue.detail() == f"{requests_word(summary.overdue)} без ответа, срок истёк"

    def requests(count: int) -> str:
        return requests_word(count)

    assert page.tiles["due_this_week"].detail() == f"{requests(summary.due_this_week)} со сроком по 29.11.2026"
    assert page.tiles["received_this_month"].detail() == f"{requests(summary.received_this_month)} с 01.11.2026"
    assert page.tiles["due_today"].number_text() == str(summary.due_today) != "0"
    assert page.tiles["due_today"].tone() is not colors.Tone.NORMAL  # something due today: tinted
    assert overdue.toolTip() == f"Открыть в журнале: {summary.overdue} {requests_word(summary.overdue)}"


def test_clicking_overdue_emits_the_overdue_filter(page, qtbot):
    with qtbot.waitSignal(page.open_journal, timeout=1000) as signal:
        qtbot.mouseClick(page.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert signal.args == [JournalFilter(overdue=True)]
    # the journal filtered this way shows exactly the number on the tile
    assert count_requests(signal.args[0], today=NOW) == int(page.tiles["overdue"].number_text())


@pytest.mark.parametrize("key", KEYS)
def test_every_number_opens_the_requests_it_counts(page, qtbot, key):
    with qtbot.waitSignal(page.open_journal, timeout=1000) as signal:
        qtbot.mouseClick(page.tiles[key], Qt.MouseButton.LeftButton)
    flt = signal.args[0]
    assert isinstance(flt, JournalFilter)
    assert count_requests(flt, today=NOW) == int(page.tiles[key].number_text())
    if key == "received_this_month":
        assert (flt.received_from, flt.received_to) == (date(2026, 11, 1), TODAY)


def test_enter_on_a_focused_number_opens_it(page, qtbot):
    tile = page.tiles["due_this_week"]
    tile.setFocus()
    with qtbot.waitSignal(page.open_journal, timeout=1000) as signal:
        press(tile, Qt.Key.Key_Return)
    assert signal.args == [JournalFilter(due_this_week=True)]


class StubJournal(QWidget):
    """Stands in for the journal page: records the filters it is given."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.applied: list[JournalFilter] = []
        self.shown = 0

    def page_shown(self) -> None:
        self.shown += 1

    def apply_filter(self, flt: JournalFilter) -> None:
        self.applied.append(flt)


def window_with(monkeypatch, qtbot, demo, journal_factory):
    from ui import main_window as main_window_module

    pages = [p for p in main_window_module.PAGES if p.key != "journal"]
    pages.insert(2, main_window_module.PageSpec("journal", "Обращения", journal_factory))
    monkeypatch.setattr(main_window_module, "PAGES", pages)
    window = main_window_module.MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_in_the_window_a_click_shows_the_journal_filtered(monkeypatch, qtbot, demo):
    window = window_with(monkeypatch, qtbot, demo, StubJournal)
    assert window.current_key() == "summary"  # the first page, as design.md orders
    assert window.navigation.item(0).text() == "Сводка"
    summary = window.page("summary")
    assert summary.tiles["overdue"].number_text() == str(journal_summary(today=NOW).overdue)
    qtbot.mouseClick(summary.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "journal"
    journal = window.page("journal")
    assert journal.applied == [JournalFilter(overdue=True)]
    assert journal.shown == 1


def test_the_real_journal_shows_the_overdue_requests(monkeypatch, qtbot, demo):
    from ui.journal.page import JournalPage

    window = window_with(monkeypatch, qtbot, demo, JournalPage)
    summary = window.page("summary")
    qtbot.mouseClick(summary.tiles["overdue"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "journal"
    journal = window.page("journal")
    assert journal.current_filter().overdue
    assert journal.model.rowCount() == int(summary.tiles["overdue"].number_text()) > 0


def test_without_a_journal_page_the_status_bar_says_so(monkeypatch, qtbot, demo):
    from ui import main_window as main_window_module

    monkeypatch.setattr(main_window_module, "PAGES",
                        [p for p in main_window_module.PAGES if p.key != "journal"])
    window = main_window_module.MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.page("summary").tiles["overdue"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "summary"
    assert window.statusBar().currentMessage() == "Журнал обращений пока недоступен."


def test_the_page_counts_again_when_shown(main_window):
    summary = main_window.page("summary")
    before = int(summary.tiles["received_this_month"].number_text())
    register_request(RequestInput(category="maintenance", received_at=datetime(2026, 11, 24, 9, 30),
                                  applicant="Сидорова Анна Львовна", text="Течёт кран в подвале"),
                     now=datetime(2026, 11, 24, 9, 31))
    main_window.show_page("register")
    main_window.show_page("summary")
    assert summary.tiles["received_this_month"].number_text() == str(before + 1)


def test_chart_shows_the_rate_of_every_category(page, qtbot):
    rates = journal_summary(today=NOW).rates
    assert page.chart.rates() == rates
    assert len(rates) == 10
    texts = dict(page.chart.row_texts())
    emergency = next(r for r in rates if r.code == "emergency")
    assert texts["Аварийная заявка (диспетчерская служба)"] == (
        f"{emergency.on_time * 100 // emergency.answered}\u00a0% · {emergency.on_time} из {emergency.answered}")
    answered = sum(r.answered for r in rates)
    on_time = sum(r.on_time for r in rates)
    assert page.totals.text().startswith(f"Всего {answered} ответ")
    assert f"в срок — {on_time} (" in page.totals.text()

    image = page.chart.grab().toImage()
    assert not image.isNull() and image.width() == page.chart.width()
    # the bar of a category with a poor rate is red, the tint of overdue rows
    row = next(i for i, r in enumerate(rates) if rate_tone(r) is colors.Tone.ERROR)
    bar = page.chart.bar_rect(row)
    inside = image.pixelColor(int(bar.left() + 6), int(bar.center().y()))
    assert inside == colors.background(colors.Tone.ERROR).color()
    empty = image.pixelColor(int(bar.right() - 3), int(bar.center().y()))
    assert empty != inside  # the late part of the track stays empty


def test_empty_database_shows_zeros_and_no_answers(qtbot, db):
    page = SummaryPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert [page.tiles[k].number_text() for k in KEYS] == ["0", "0", "0", "0"]
    assert all(page.tiles[k].tone() is colors.Tone.NORMAL for k in KEYS)
    assert {text for _, text in page.chart.row_texts()} == {"нет ответов"}
    assert page.totals.text() == "За последние 12 месяцев ответов не было."
    assert not page.chart.grab().isNull()


def test_rate_texts():
    assert value_text(CategoryRate("x", "X", 0, 0)) == "нет ответов"
    assert value_text(CategoryRate("x", "X", 31, 27)) == "87\u00a0% · 27 из 31"
    # rounded down: a single late answer never shows as 100 %
    assert percent_text(CategoryRate("x", "X", 1000, 999)) == "99\u00a0%"
    assert percent_text(CategoryRate("x", "X", 4, 4)) == "100\u00a0%"
    assert rate_tone(CategoryRate("x", "X", 4, 4)) is colors.Tone.NORMAL
    assert rate_tone(CategoryRate("x", "X", 10, 9)) is colors.Tone.WARNING
    assert rate_tone(CategoryRate("x", "X", 10, 8)) is colors.Tone.ERROR
