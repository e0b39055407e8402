"""What the register table paints follows the data: a row painted once shows the
change after a reload, and a new order paints each row's own values."""

from __future__ import annotations

from fractions import Fraction

import pytest
from shown_page import show_page
from PySide6.QtCore import Qt

from tsj_desk.services import organization, premises, registry
from tsj_desk.services.registry import OwnerInput
from ui import colors
from ui.register.model import PremisesModel
from ui.register.page import RegisterPage

from tests.two_houses import NOW

# «3» has half of its shares written: flagged until its second owner is added
PREMISES = {
    "1": [("Иванова Ольга Петровна", Fraction(1))],
    "2": [("Борисов Пётр Сергеевич", Fraction(1))],
    "3": [("Петров Иван Ильич", Fraction(1, 2))],
}


@pytest.fixture
def ids(db):
    organization.save_organization({"kind": "УО", "name": "ООО «УК Коломна»"}, now=NOW)
    house = organization.add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=NOW).id
    made = {}
    for number, owners in PREMISES.items():
        made[number] = premises.add_premise(house, {"number": number}, now=NOW).id
        for name, share in owners:
            registry.add_owner(made[number], OwnerInput(name, share), now=NOW)
    return made


def cell(page: RegisterPage, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(row, column).data(role)


def column_texts(page: RegisterPage, column: int) -> list[str]:
    return [cell(page, row, column) for row in range(page.model.rowCount())]


def test_a_painted_row_shows_its_shares_completed_after_the_reload(qtbot, ids):
    page = show_page(qtbot, RegisterPage())
    page.grab()  # painted once: what it showed is worked out
    assert column_texts(page, PremisesModel.NUMBER) == ["1", "2", "3"]
    assert cell(page, 2, PremisesModel.FLAG) == "доли не распределены"
    assert cell(page, 2, 0, Qt.ItemDataRole.BackgroundRole) == colors.background(colors.Tone.ATTENTION)

    registry.add_owner(ids["3"], OwnerInput("Петрова Анна Ивановна", Fraction(1, 2)), now=NOW)
    page.reload()
    page.grab()
    assert cell(page, 2, PremisesModel.OWNERS) == "Петров Иван Ильич; Петрова Анна Ивановна"
    assert cell(page, 2, PremisesModel.SHARES) == "1/2; 1/2"
    assert cell(page, 2, PremisesModel.FLAG) == ""
    assert cell(page, 2, 0, Qt.ItemDataRole.BackgroundRole) is None


def test_a_new_order_paints_every_row_with_its_own_values(qtbot, ids):
    page = show_page(qtbot, RegisterPage())
    page.grab()
    page.table.sortByColumn(PremisesModel.OWNERS, Qt.SortOrder.AscendingOrder)
    page.grab()
    # Борисов, Иванова, Петров: the owners in the alphabet, each beside his own premise
    assert column_texts(page, PremisesModel.OWNERS) == [
        "Борисов Пётр Сергеевич", "Иванова Ольга Петровна", "Петров Иван Ильич"]
    assert column_texts(page, PremisesModel.NUMBER) == ["2", "1", "3"]
    assert column_texts(page, PremisesModel.FLAG) == ["", "", "доли не распределены"]
    assert [cell(page, row, 0, Qt.ItemDataRole.BackgroundRole) for row in range(3)] == [
        None, None, colors.background(colors.Tone.ATTENTION)]


def test_rows_are_chosen_whole_and_never_edited_in_the_table(qtbot, ids):
    page = show_page(qtbot, RegisterPage())
    flags = page.model.index(2, PremisesModel.OWNERS).flags()
    assert flags & Qt.ItemFlag.ItemIsSelectable and flags & Qt.ItemFlag.ItemIsEnabled
    assert not flags & Qt.ItemFlag.ItemIsEditable  # a change goes through the card
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected_premise().number == "2"
    assert page.add_button.isEnabled()
