"""The readings page of a large base: after a slow read of many meters the next ones run
off the GUI thread — the count reads «Загрузка…» and the table is locked until the
meters of the period (or of the house) asked arrive; then the rows are as a direct read
shows them. A large base is stood in for by lowering the page's limits.

The two houses (tests/two_houses.py): Лесная, 5 — meters Л-ХВ-1, Л-ГВ-2, Л-ОДПУ;
Садовая, 12 — С-ХВ-1, С-ОДПУ. Л-ХВ-1 has a reading of 10.2026 written by the test.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from shown_page import show_page

from tsj_desk.storage.models import Meter, Reading
from ui.readings import page as page_module
from ui.readings.page import ReadingsPage

from tests.two_houses import SADOVAYA, build_two_houses


@pytest.fixture
def slow_page(qtbot, db, monkeypatch):
    build_two_houses()
    Reading.create(meter=Meter.get(Meter.serial == "Л-ХВ-1"), period="2026-10", t1=Decimal("41.5"),
                   taken_on=date(2026, 10, 20), source="manual")
    monkeypatch.setattr(page_module, "SLOW_LOAD", -1.0)  # every read counts as slow
    monkeypatch.setattr(page_module, "MANY_METERS", 0)  # of many meters
    page = ReadingsPage()  # its first read, on the GUI thread, is found slow
    return show_page(qtbot, page, width=1300, height=760)


def serials(page) -> list[str]:
    return sorted(row.line.serial for row in page.visible_rows())


def test_a_period_asked_shows_loading_then_its_rows(qtbot, slow_page):
    assert slow_page.set_period("2026-11")  # the page opens on 11.2026: go elsewhere and back
    assert slow_page.set_period("2026-12")
    assert slow_page.is_loading()
    assert slow_page.count_label.text() == "Загрузка…"
    assert not slow_page.table.isEnabled()
    qtbot.waitUntil(lambda: not slow_page.is_loading(), timeout=10_000)
    assert slow_page.table.isEnabled()
    assert slow_page.count_label.text() != "Загрузка…"
    assert serials(slow_page) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1", "С-ОДПУ", "С-ХВ-1"]
    first = next(r for r in slow_page.visible_rows() if r.line.serial == "Л-ХВ-1")
    assert first.line.previous == (41.5, None, None) and first.line.previous_period == "2026-10"


def test_a_house_chosen_while_loading_shows_only_its_meters(qtbot, slow_page):
    combo = slow_page.house.combo
    combo.setCurrentIndex(combo.findText(SADOVAYA))
    assert slow_page.count_label.text() == "Загрузка…"
    qtbot.waitUntil(lambda: not slow_page.is_loading(), timeout=10_000)
    assert serials(slow_page) == ["С-ОДПУ", "С-ХВ-1"]


def test_a_read_overtaken_by_a_newer_one_is_dropped(qtbot, slow_page):
    combo = slow_page.house.combo
    combo.setCurrentIndex(combo.findText(SADOVAYA))
    combo.setCurrentIndex(0)  # «Все дома» again before the first read arrived
    qtbot.waitUntil(lambda: not slow_page.is_loading(), timeout=10_000)
    qtbot.wait(200)  # any late arrival of the first read would land by now
    assert len(serials(slow_page)) == 5


def test_the_order_the_user_chose_survives_a_new_period(qtbot, db):
    build_two_houses()
    page = ReadingsPage()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    natural = [r.line.serial for r in page.visible_rows()]
    assert sorted(natural[-2:]) == ["Л-ОДПУ", "С-ОДПУ"]  # premises in natural order, the common meters last
    page.table.sortByColumn(page.model.SERIAL, Qt.SortOrder.DescendingOrder)
    assert page.set_period("2026-10")
    assert [r.line.serial for r in page.visible_rows()] == ["С-ХВ-1", "С-ОДПУ", "Л-ХВ-1", "Л-ОДПУ", "Л-ГВ-2"]
    page.table.sortByColumn(page.model.PREMISE, Qt.SortOrder.AscendingOrder)
    assert page.set_period("2026-09")
    assert [r.line.serial for r in page.visible_rows()] == natural
