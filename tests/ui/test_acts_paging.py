"""The acts list read from the database a page at a time: a filter in any case, the
order of kinds a person reads, the counts, and «Загрузка…» while the rows are on their way."""

from __future__ import annotations

from datetime import datetime

import pytest
from keys import type_text
from shown_page import every_load_slow, show_page
from PySide6.QtCore import Qt

from tsj_desk.services import acts
from tsj_desk.services.journal import JournalFilter, list_requests
from ui.acts.page import ActsPage

NOW = datetime(2026, 11, 24, 15, 30)
KIND, NUMBER, DATE, REQUEST, PREMISE, FILE = range(6)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def three_acts(demo) -> list[acts.ActInfo]:
    """A damage act at 9:00, a utility quality act at 10:00, a maintenance act at 11:00."""
    reg_nos = [r.reg_no for r in list_requests(JournalFilter(text="Затопление"), today=NOW.date(), limit=3)]
    made = []
    for hour, (kind, reg_no) in enumerate(zip(("damage", "utility_quality", "maintenance_quality"), reg_nos)):
        now = NOW.replace(hour=9 + hour)
        fields = acts.demo_act_fields(kind, acts.prefill(kind, reg_no=reg_no, now=now))
        made.append(acts.create_act(kind, fields, now=now, reg_no=reg_no))
    return made


def shown(qtbot) -> ActsPage:
    return show_page(qtbot, ActsPage())


def test_the_owner_typed_in_capitals_or_with_ye_finds_the_act(qtbot, three_acts):
    damage = three_acts[0]
    surname = damage.fields["owner_name"].split()[0]
    page = shown(qtbot)
    type_text(page.filter, surname.upper())
    qtbot.waitUntil(lambda: page.count_label.text().startswith("Показано"), timeout=2000)
    assert damage.id in [a.id for a in page.visible_acts()]
    assert page.count_label.text().endswith(" из 3")
    page.filter.clear()
    type_text(page.filter, "ПРИЧИНЕНИИ УЩЕРБА")  # two words of the kind, in capitals
    qtbot.waitUntil(lambda: [a.id for a in page.visible_acts()] == [damage.id], timeout=2000)
    assert page.count_label.text() == "Показано 1 акт из 3"


def test_kinds_sort_in_the_order_of_their_names(qtbot, three_acts):
    page = shown(qtbot)
    assert [a.kind for a in page.visible_acts()] == ["maintenance_quality", "utility_quality", "damage"]
    page.table.sortByColumn(KIND, Qt.SortOrder.AscendingOrder)
    # «О нарушении качества содержания», «О причинении ущерба», «Проверки качества…»
    assert [a.kind for a in page.visible_acts()] == ["maintenance_quality", "damage", "utility_quality"]
    page.table.sortByColumn(DATE, Qt.SortOrder.AscendingOrder)
    assert [a.id for a in page.visible_acts()] == [a.id for a in three_acts]  # oldest first


def test_a_page_shown_before_its_rows_says_loading_then_shows_them(qtbot, three_acts, monkeypatch):
    every_load_slow(monkeypatch)
    shown(qtbot)  # nothing known yet: loaded at once, and found slow
    page = shown(qtbot)
    assert page.count_label.text() == "Загрузка…"
    assert page.is_loading() and page.table.model().rowCount() == 0
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    assert page.count_label.text() == "Всего 3 акта"
    assert [a.kind for a in page.visible_acts()] == ["maintenance_quality", "utility_quality", "damage"]
