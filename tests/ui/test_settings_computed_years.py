"""The calendar tab tells which years come from a decree and which the program computed
by ТК РФ ст. 112 ч. 2 (legal-ru.md §7); the derivations of the dates are in
tests/domain/test_calendar_computed_years.py."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ui.settings_page.page import SettingsPage
from ui.settings_page.year_view import DayMark

NOTE_2028 = ("2028 год: производственный календарь рассчитан по ТК РФ ст. 112, "
             "постановления Правительства ещё нет")


@pytest.fixture
def tab(qtbot, demo):
    page = SettingsPage()
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.page_shown()
    page.show_tab(page.calendar)
    yield page.calendar  # the page stays referenced while the test runs


def test_the_tab_names_the_official_and_the_computed_years(tab):
    line = tab.years_line
    assert line.isVisible()
    assert line.text().startswith(
        "Официальный календарь (по постановлениям Правительства): 1991–2027; "
        "рассчитаны по ТК РФ ст. 112: 2028 год и далее.")
    assert "кроме 1–8 января" in line.text()
    assert "рассчитан" not in tab.totals.text()  # 2026, the year shown first, is official


def test_a_computed_year_is_marked_and_its_moved_day_shown(tab):
    tab.year.setValue(2028)
    # 260 weekdays − 5 January holidays − 5 other weekday holidays − Monday 06.11 = 249;
    # 366 − 249 = 117 days off
    assert tab.totals.text() == (
        "В 2028 году: 249 рабочих дней, 117 выходных или праздничных дней. "
        "Календарь года рассчитан по ТК РФ ст. 112 — постановления Правительства ещё нет.")
    view = tab.view
    assert view.mark(date(2028, 11, 4)) is DayMark.HOLIDAY
    assert view.mark(date(2028, 11, 6)) is DayMark.TRANSFERRED
    assert view.day_text(date(2028, 11, 6)) == (
        "06.11.2028, понедельник — перенесённый выходной по ТК РФ ст. 112 ч. 2, рассчитано")
    assert view.mark(date(2028, 1, 10)) is DayMark.WORKING  # January weekends are not moved
    tab.year.setValue(2027)
    assert "рассчитан" not in tab.totals.text()


def test_the_deadline_check_says_the_year_is_computed(tab):
    tab.set_preview("utility_info", datetime(2028, 11, 2, 10, 0))
    assert tab.due_text() == "08.11.2028, среда"
    assert tab.due_explanation.text() == f"3 рабочих дня, ПП 416 п. 34; {NOTE_2028}"
