"""The register page of a base with two houses (tests/two_houses.py: Лесная, 5 — flats
1, 2, 3; Садовая, 12 — flats 1 and 4): «Все дома» names each row's house in a «Дом»
column, which sorts by address; one house chosen, or a base of one house, hides it."""

from __future__ import annotations

import pytest
from shown_page import show_page
from PySide6.QtCore import QPoint, Qt

from tsj_desk.services import organization, premises
from ui.register.model import PremisesModel
from ui.register.page import RegisterPage

from tests.two_houses import LESNAYA, NOW, SADOVAYA, build_two_houses

HOUSE = PremisesModel.HOUSE


@pytest.fixture
def page(qtbot, db):
    build_two_houses()
    return show_page(qtbot, RegisterPage(), width=1366, height=768)


def shown_rows(page: RegisterPage) -> list[tuple[str, str]]:
    """(house, №) of every row as the table shows it, read from its cells."""
    model = page.model
    page.visible_premises()  # every page fetched
    return [(model.index(r, HOUSE).data(), model.index(r, PremisesModel.NUMBER).data())
            for r in range(model.rowCount())]


def click_header(qtbot, page: RegisterPage, section: int) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def choose(page: RegisterPage, text: str) -> None:
    combo = page.house.combo
    combo.setCurrentIndex(combo.findText(text))


def test_every_house_shows_flat_1_twice_each_with_its_own_house(page):
    assert page.house.combo.currentText() == "Все дома"
    header = page.table.horizontalHeader()
    assert page.house_column_shown() and header.sectionSize(HOUSE) > 0
    assert page.model.headerData(HOUSE, Qt.Orientation.Horizontal) == "Дом"
    assert header.visualIndex(HOUSE) == 0  # the first column, before «№»
    rows = shown_rows(page)
    assert [number for _, number in rows] == ["1", "1", "2", "3", "4"]
    assert sorted(rows[:2]) == [(LESNAYA, "1"), (SADOVAYA, "1")]
    assert rows[2:] == [(LESNAYA, "2"), (LESNAYA, "3"), (SADOVAYA, "4")]


def test_clicking_the_house_header_orders_the_rows_by_house_then_number(page, qtbot):
    click_header(qtbot, page, HOUSE)
    assert page.table.horizontalHeader().sortIndicatorSection() == HOUSE
    # «ул. Лесная» before «ул. Садовая»
    assert shown_rows(page) == [(LESNAYA, "1"), (LESNAYA, "2"), (LESNAYA, "3"),
                                (SADOVAYA, "1"), (SADOVAYA, "4")]
    click_header(qtbot, page, HOUSE)
    assert shown_rows(page) == [(SADOVAYA, "4"), (SADOVAYA, "1"),
                                (LESNAYA, "3"), (LESNAYA, "2"), (LESNAYA, "1")]


def test_choosing_one_house_hides_the_column_and_all_houses_bring_it_back(page):
    choose(page, SADOVAYA)
    assert not page.house_column_shown()
    assert [p.number for p in page.visible_premises()] == ["1", "4"]
    choose(page, "Все дома")
    assert page.house_column_shown()
    assert len(page.visible_premises()) == 5


def test_the_selected_row_is_the_premise_of_the_house_shown_beside_it(page, qtbot):
    page.table.selectRow(1)
    house_text = page.model.index(1, HOUSE).data()
    chosen = page.selected_premise()
    assert chosen.number == "1" and chosen.house == house_text


def test_a_base_of_one_house_shows_no_house_column(qtbot, db):
    organization.save_organization({"kind": "ТСЖ", "name": "ТСЖ «Лесная, 5»"}, now=NOW)
    house = organization.add_house({"address": LESNAYA}, now=NOW).id
    for number in ("1", "2"):
        premises.add_premise(house, {"number": number}, now=NOW)
    page = show_page(qtbot, RegisterPage())
    assert page.house.isHidden()
    assert not page.house_column_shown()
    assert [p.number for p in page.visible_premises()] == ["1", "2"]


def test_a_second_house_added_meanwhile_brings_the_column_when_the_page_is_shown_again(qtbot, db):
    organization.save_organization({"kind": "УО", "name": "ООО «УК Коломна»"}, now=NOW)
    first = organization.add_house({"address": LESNAYA}, now=NOW).id
    premises.add_premise(first, {"number": "1"}, now=NOW)
    page = show_page(qtbot, RegisterPage(), page_shown=True)
    assert not page.house_column_shown()
    second = organization.add_house({"address": SADOVAYA}, now=NOW).id
    premises.add_premise(second, {"number": "1"}, now=NOW)
    page.page_shown()
    assert page.house_column_shown()
    assert sorted((p.house, p.number) for p in page.visible_premises()) == [(LESNAYA, "1"), (SADOVAYA, "1")]


def test_an_address_too_long_for_the_column_keeps_its_street_and_number(page):
    from PySide6.QtWidgets import QStyleOptionViewItem

    index = page.model.index(0, HOUSE)
    option = QStyleOptionViewItem()
    page.table.itemDelegateForColumn(HOUSE).initStyleOption(option, index)
    assert option.text in (LESNAYA, SADOVAYA)
    assert option.textElideMode == Qt.TextElideMode.ElideLeft  # «…ул. Лесная, д. 5», not «г. Коломна, у…»
    assert page.model.index(0, HOUSE).data(Qt.ItemDataRole.ToolTipRole) == option.text  # the whole address


def test_column_widths_by_content_keep_the_house_column_first(page):
    """«Ширина столбцов по содержимому» puts the columns back where the program has them:
    «Дом» stays before «№» (it went to the end until the page was opened again)."""
    header = page.table.horizontalHeader()
    header.moveSection(header.visualIndex(PremisesModel.NUMBER), 3)  # the user's own order
    page.table.column_fitter.reset()
    assert [header.logicalIndex(v) for v in range(header.count())] == [
        HOUSE, *(c for c in range(header.count()) if c != HOUSE)]
