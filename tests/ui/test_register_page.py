"""The register page on the demo database: filter as you type, flags, sorting, keyboard."""

from __future__ import annotations

import pytest
from keys import press, type_text
from shown_page import show_page
from PySide6.QtCore import QPoint, Qt

from tsj_desk.domain.text import fold
from tsj_desk.services.registry import list_premises
from ui import colors
from ui.register.model import PremisesModel
from ui.register.page import RegisterPage


@pytest.fixture
def page(qtbot, demo, today):
    return show_page(qtbot, RegisterPage(today=today))


def numbers(page: RegisterPage) -> list[str]:
    return [p.number for p in page.visible_premises()]


@pytest.mark.demo_counts(reason="lists every premise of the base as the demo's 120; the 100× base has 12,000")
def test_shows_every_demo_premise_in_natural_order(page):
    shown = numbers(page)
    assert len(shown) == 120
    assert shown[:3] == ["1", "2", "3"]
    assert shown[9:11] == ["10", "11"]  # 10 after 9, not after 1
    assert shown[-6:] == ["Н1", "Н2", "Н3", "Н4", "Н5", "Н6"]
    assert page.count_label.text() == "Показано 120 помещений"


@pytest.mark.demo_counts(reason="the count names the demo's total, «из 120»; the 100× base has 12,000")
def test_typing_lowercase_cyrillic_filters_by_owner(page, qtbot):
    expected = {p.number for p in list_premises() if "иванов" in fold(p.owners)}
    assert 0 < len(expected) < 120
    page.filter.setFocus()
    type_text(page.filter, "иванов")
    assert page.filter.text() == "иванов"
    qtbot.waitUntil(lambda: page.proxy.rowCount() == len(expected))
    visible = page.visible_premises()
    assert {p.number for p in visible} == expected
    assert all("Иванов" in p.owners for p in visible)  # Иванов or Иванова, as written
    assert page.count_label.text().startswith(f"Показано {len(expected)} помещени")
    assert page.count_label.text().endswith("из 120")


@pytest.mark.demo_counts(reason="the message names the demo's total, «всего 120 помещений»; the 100× base has 12,000")
def test_filter_finds_nothing_and_says_so(page, qtbot):
    type_text(page.filter, "щщщ")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)
    assert page.count_label.text() == "Ничего не найдено (всего 120 помещений)"


@pytest.mark.demo_counts(reason="lists every premise of the base as the demo's 120; the 100× base has 12,000")
def test_incomplete_shares_checkbox_and_flag(page, qtbot):
    incomplete = {p.number for p in list_premises() if p.incomplete}
    assert incomplete
    qtbot.mouseClick(page.incomplete_only, Qt.MouseButton.LeftButton)
    assert page.incomplete_only.isChecked()
    assert set(numbers(page)) == incomplete
    index = page.proxy.index(0, PremisesModel.FLAG)
    assert index.data() == "доли не распределены"
    assert "Доли не распределены полностью" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.BackgroundRole) == colors.background(colors.Tone.ATTENTION)
    qtbot.mouseClick(page.incomplete_only, Qt.MouseButton.LeftButton)
    assert len(numbers(page)) == 120


def test_complete_rows_carry_no_flag(page):
    row = next(r for r in range(page.proxy.rowCount()) if not page.proxy.row_at(r).incomplete)
    assert page.proxy.index(row, PremisesModel.FLAG).data() == ""
    assert page.proxy.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def click_header(qtbot, page, section):
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


@pytest.mark.demo_counts(reason="expects the demo's Н6, Н5 first by number; each of the 100× base's 100 houses has an Н6")
def test_sorting_by_clicking_headers_uses_raw_values(page, qtbot):
    click_header(qtbot, page, PremisesModel.AREA)
    areas = [p.area for p in page.visible_premises()]
    assert areas == sorted(areas)  # numbers, not text: 112,5 after 95,0
    assert areas[0] < areas[-1]
    click_header(qtbot, page, PremisesModel.AREA)
    assert [p.area for p in page.visible_premises()] == sorted(areas, reverse=True)
    click_header(qtbot, page, PremisesModel.NUMBER)
    click_header(qtbot, page, PremisesModel.NUMBER)
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert numbers(page)[:2] == ["Н6", "Н5"]
    assert numbers(page)[-3:] == ["3", "2", "1"]


@pytest.mark.demo_counts(reason="expects the demo's one premise Н2; each of the 100× base's 100 houses has one")
def test_ctrl_f_focuses_the_filter_and_enter_opens_the_card(page, qtbot, monkeypatch):
    from ui.register.premise_card import PremiseCardDialog

    opened = []
    monkeypatch.setattr(PremiseCardDialog, "open_for",
                        classmethod(lambda cls, parent, premise_id, today=None: opened.append(premise_id)))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter.hasFocus()
    type_text(page.filter, "Н2")
    press(page.filter, Qt.Key.Key_Return)  # filter now and go to the table
    assert numbers(page) == ["Н2"]
    assert page.table.hasFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [page.visible_premises()[0].id]


def test_column_widths_are_remembered(qtbot, demo, today):
    first = RegisterPage(today=today)
    qtbot.addWidget(first)
    first.table.horizontalHeader().resizeSection(PremisesModel.OWNERS, 517)
    second = RegisterPage(today=today)
    qtbot.addWidget(second)
    assert second.table.horizontalHeader().sectionSize(PremisesModel.OWNERS) == 517


def test_add_and_sale_buttons_need_a_chosen_premise(page):
    page.table.clearSelection()
    assert not page.add_button.isEnabled()
    page.table.selectRow(0)
    assert page.add_button.isEnabled() and page.sale_button.isEnabled()
