"""The readings page of a base with many meters opens on one house — the one chosen
last, or the first — instead of every house's meters, which take seconds to read and
show; «Все дома» chosen last opens on every house again, read in the background
(«Загрузка…», then the rows). A small base opens on every house as before. A large base
is stood in for by lowering the page's limit.

The two houses (tests/two_houses.py): Лесная, 5 — meters Л-ХВ-1, Л-ГВ-2, Л-ОДПУ;
Садовая, 12 — С-ХВ-1, С-ОДПУ.
"""

from __future__ import annotations

import pytest
from shown_page import show_page

from ui.readings import page as page_module
from ui.readings.page import ReadingsPage
from ui.settings import settings

from tests.two_houses import LESNAYA, SADOVAYA, build_two_houses


@pytest.fixture
def houses(db):
    build_two_houses()
    settings().remove(page_module.HOUSE_KEY)
    yield
    settings().remove(page_module.HOUSE_KEY)


def open_page(qtbot) -> ReadingsPage:
    return show_page(qtbot, ReadingsPage(), width=1300, height=760)


def serials(page) -> list[str]:
    return sorted(row.line.serial for row in page.visible_rows())


def test_a_large_base_opens_on_the_first_house_then_on_the_one_chosen_last(qtbot, houses, monkeypatch):
    monkeypatch.setattr(page_module, "ONE_HOUSE_ABOVE", 4)  # 5 meters: a large base
    page = open_page(qtbot)
    assert page.house.combo.currentText() == LESNAYA
    assert serials(page) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1"]
    page.house.combo.setCurrentIndex(page.house.combo.findText(SADOVAYA))
    assert serials(page) == ["С-ОДПУ", "С-ХВ-1"]

    again = open_page(qtbot)  # the next start of the page
    assert again.house.combo.currentText() == SADOVAYA
    assert serials(again) == ["С-ОДПУ", "С-ХВ-1"]


def test_every_house_chosen_last_opens_on_every_house_in_the_background(qtbot, houses, monkeypatch):
    monkeypatch.setattr(page_module, "ONE_HOUSE_ABOVE", 4)
    page = open_page(qtbot)
    page.house.combo.setCurrentIndex(0)  # «Все дома»
    assert len(serials(page)) == 5

    again = open_page(qtbot)
    assert again.house.combo.currentText() == "Все дома"
    assert again.is_loading() and again.count_label.text() == "Загрузка…"
    qtbot.waitUntil(lambda: not again.is_loading(), timeout=10_000)
    assert serials(again) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1", "С-ОДПУ", "С-ХВ-1"]


def test_a_small_base_opens_on_every_house(qtbot, houses):
    settings().setValue(page_module.HOUSE_KEY, 1)  # a choice remembered from elsewhere is not applied
    page = open_page(qtbot)
    assert page.house.combo.currentText() == "Все дома"
    assert len(serials(page)) == 5
