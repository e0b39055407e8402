"""«Счётчик» → «Новый общедомовой счётчик (ОДПУ)…» of the readings page, in a base of two
houses (tests/two_houses.py: Лесная, 5 and Садовая, 12): the page narrowed to a house
adds the meter to that house without asking; the page showing every house asks which."""

from __future__ import annotations

import pytest
from keys import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from tsj_desk.services.meters import list_meters
from ui.meters.card import MeterCardDialog
from ui.readings.page import ReadingsPage

from tests.two_houses import LESNAYA, SADOVAYA, build_two_houses


@pytest.fixture
def two_houses(db):
    return build_two_houses()


@pytest.fixture
def card(monkeypatch, qtbot):
    """The card filled in as a user would (heat, serial «ОДПУ-НОВЫЙ»); what it showed."""
    seen = {}

    def fill(self):
        seen["heading"] = self.heading.text()
        self.resource.setCurrentIndex(4)  # отопление
        type_text(self.serial, "ОДПУ-НОВЫЙ")
        qtbot.mouseClick(self.ok_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(MeterCardDialog, "exec", fill)
    return seen


@pytest.fixture
def asked(monkeypatch):
    """Every «Дом:» question put, answered with Лесная, 5."""
    questions = []

    def get_item(parent, title, label, items, current=0, editable=True, *rest):
        questions.append(list(items))
        return LESNAYA, True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))
    return questions


def new_meter_house() -> list[int]:
    return [m.house_id for m in list_meters(common_only=True) if m.serial == "ОДПУ-НОВЫЙ"]


def page_on(qtbot, address: str | None) -> ReadingsPage:
    page = ReadingsPage()
    qtbot.addWidget(page)
    combo = page.house.combo
    combo.setCurrentIndex(combo.findText(address) if address else 0)
    return page


def test_the_page_narrowed_to_a_house_adds_its_meter_without_asking(qtbot, two_houses, card, asked):
    page = page_on(qtbot, SADOVAYA)
    page.common_add_action.trigger()
    assert asked == []
    assert card["heading"] == f"Общедомовой счётчик — {SADOVAYA}"
    assert new_meter_house() == [two_houses["sadovaya"]]


def test_the_page_of_every_house_asks_which_house(qtbot, two_houses, card, asked):
    page = page_on(qtbot, None)  # «Все дома»
    page.common_add_action.trigger()
    assert asked == [[LESNAYA, SADOVAYA]]
    assert card["heading"] == f"Общедомовой счётчик — {LESNAYA}"
    assert new_meter_house() == [two_houses["lesnaya"]]
