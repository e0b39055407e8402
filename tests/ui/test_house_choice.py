"""The «Дом» choice of the register, the journal and the readings page: hidden while the
base has one house; with two houses, choosing one narrows the rows to that house.

The two houses (tests/two_houses.py): Лесная, 5 — flats 1, 2, 3, meters Л-ХВ-1, Л-ГВ-2
and the common Л-ОДПУ, two requests about flat 3; Садовая, 12 — flats 1 and 4, meters
С-ХВ-1 and the common С-ОДПУ, one request about flat 4; one request names no premise.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from tsj_desk.services import organization
from ui.journal.page import JournalPage
from ui.readings.page import ReadingsPage
from ui.register.page import RegisterPage

from tests.two_houses import LESNAYA, NOW, SADOVAYA, build_two_houses


def show(qtbot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def two_houses(db):
    return build_two_houses()


def choose(page, address: str) -> None:
    combo = page.house.combo
    combo.setCurrentIndex(combo.findText(address))


@pytest.mark.demo_counts(reason="about a base of one house, as the demo is; the 100× base has 100")
def test_one_house_shows_no_house_choice_anywhere(qtbot, demo, today):
    for page in (RegisterPage(today=today), JournalPage(), ReadingsPage()):
        show(qtbot, page)
        assert page.house.isHidden()
        if isinstance(page, ReadingsPage):
            page.reload(keep_typed=False)


def test_register_narrowed_to_a_house(qtbot, two_houses):
    page = show(qtbot, RegisterPage())
    assert page.house.isVisibleTo(page)
    combo = page.house.combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Все дома", LESNAYA, SADOVAYA]
    assert [p.number for p in page.visible_premises()] == ["1", "1", "2", "3", "4"]
    choose(page, SADOVAYA)
    assert [p.number for p in page.visible_premises()] == ["1", "4"]
    assert page.count_label.text() == "Показано 2 помещения"
    choose(page, LESNAYA)
    assert [p.number for p in page.visible_premises()] == ["1", "2", "3"]


def test_a_house_without_premises_is_not_taken_for_a_blank_base(qtbot, two_houses):
    organization.add_house({"address": "г. Коломна, ул. Новая, д. 1"}, now=NOW)
    page = show(qtbot, RegisterPage())
    choose(page, "г. Коломна, ул. Новая, д. 1")
    assert page.visible_premises() == []
    assert page.count_label.text() == "Показано 0 помещений"
    assert not page.empty_hint.isVisible()  # «В базе нет помещений» would be untrue


def test_journal_narrowed_to_a_house(qtbot, two_houses):
    page = show(qtbot, JournalPage())
    assert page.house.isVisibleTo(page)
    assert len(page.visible_requests()) == 4
    choose(page, LESNAYA)
    assert [r.premise_number for r in page.visible_requests()] == ["3", "3"]
    # both unanswered, due in 5 working days from 2 and 3 November: overdue on 24.11.2026
    assert page.count_label.text() == "Показано 2 обращения из 4; просрочено 2"
    choose(page, SADOVAYA)
    assert [r.premise_number for r in page.visible_requests()] == ["4"]
    page.reset_filter()  # «Сбросить фильтр» shows every house again
    assert page.house.combo.currentText() == "Все дома"
    assert len(page.visible_requests()) == 4


def test_readings_narrowed_to_a_house(qtbot, two_houses):
    page = show(qtbot, ReadingsPage())
    assert page.house.isVisibleTo(page)
    assert len(page.visible_rows()) == 5
    choose(page, SADOVAYA)
    assert sorted(r.line.serial for r in page.visible_rows()) == ["С-ОДПУ", "С-ХВ-1"]
    choose(page, LESNAYA)
    assert sorted(r.line.serial for r in page.visible_rows()) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1"]
    page.reload(keep_typed=False)
