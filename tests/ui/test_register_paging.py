"""The register page read from the database a page at a time: the order of numbers a
person expects, a Cyrillic filter whatever the case, the counts, and «Загрузка…» while
the rows are on their way."""

from __future__ import annotations

from fractions import Fraction

import pytest
from keys import type_text
from shown_page import every_load_slow, show_page
from PySide6.QtCore import Qt

import ui.sql_table
from tsj_desk.services import organization, premises, registry
from tsj_desk.services.registry import OwnerInput
from ui.register.model import PremisesModel
from ui.register.page import RegisterPage

from tests.two_houses import NOW

# number → owners (name, share); «Н1» has nobody yet, «3» only half of its shares
PREMISES = {
    "10а": [("Ёлкина Мария Петровна", Fraction(1))],
    "2": [("ИВАНОВ Пётр Сергеевич", Fraction(1))],
    "Н1": [],
    "10": [("Сидорова Анна Ивановна", Fraction(1, 2)), ("Сидоров Олег Ильич", Fraction(1, 2))],
    "1": [("Иванова Ольга Петровна", Fraction(1))],
    "3": [("Петров Иван Ильич", Fraction(1, 2))],
}


@pytest.fixture
def base(db):
    organization.save_organization({"kind": "УО", "name": "ООО «УК Коломна»"}, now=NOW)
    house = organization.add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=NOW).id
    for number, owners in PREMISES.items():
        made = premises.add_premise(house, {"number": number}, now=NOW)
        for name, share in owners:
            registry.add_owner(made.id, OwnerInput(name, share), now=NOW)
    return house


def shown(qtbot, page: RegisterPage) -> RegisterPage:
    return show_page(qtbot, page)


def numbers(page: RegisterPage) -> list[str]:
    return [p.number for p in page.visible_premises()]


def click_sort(page: RegisterPage, column: int, order: Qt.SortOrder) -> None:
    page.table.sortByColumn(column, order)


def test_numbers_in_the_order_a_person_reads_them(qtbot, base):
    page = shown(qtbot, RegisterPage())
    # flats by their number (2 before 10, 10 before 10А), the non-residential after them
    assert numbers(page) == ["1", "2", "3", "10", "10А", "Н1"]
    click_sort(page, PremisesModel.NUMBER, Qt.SortOrder.DescendingOrder)
    assert numbers(page) == ["Н1", "10А", "10", "3", "2", "1"]


def test_sorting_by_owners_follows_the_alphabet_whatever_the_case(qtbot, base):
    page = shown(qtbot, RegisterPage())
    click_sort(page, PremisesModel.OWNERS, Qt.SortOrder.AscendingOrder)
    # nobody first; then Ёлкина (Ё read as Е), ИВАНОВ and Иванова, Петров, Сидорова
    assert numbers(page) == ["Н1", "10А", "2", "1", "3", "10"]


def test_a_cyrillic_word_finds_its_rows_in_any_case(qtbot, base):
    page = shown(qtbot, RegisterPage())
    for typed in ("иванов", "ИВАНОВ", "ИвАнОв"):
        page.filter.clear()
        type_text(page.filter, typed)
        # ИВАНОВ Пётр, Иванова Ольга; Сидорова Анна Ивановна and Петров Иван have it in the middle
        qtbot.waitUntil(lambda: set(numbers(page)) == {"2", "1", "10"})
        assert page.count_label.text() == "Показано 3 помещения из 6"
    page.filter.clear()
    type_text(page.filter, "елкина")  # typed with е, written with Ё
    qtbot.waitUntil(lambda: numbers(page) == ["10А"])
    assert page.count_label.text() == "Показано 1 помещение из 6"


def test_counts_and_the_incomplete_shares_filter(qtbot, base):
    page = shown(qtbot, RegisterPage())
    assert page.count_label.text() == "Показано 6 помещений"
    page.incomplete_only.setChecked(True)
    # «3» holds a half, «Н1» has no owner; «10» has two halves: complete
    assert numbers(page) == ["3", "Н1"]
    assert page.count_label.text() == "Показано 2 помещения из 6"
    type_text(page.filter, "zzz")
    qtbot.waitUntil(lambda: page.count_label.text() == "Ничего не найдено (всего 6 помещений)")


def test_a_percent_sign_is_text_not_a_wildcard(qtbot, base):
    page = shown(qtbot, RegisterPage())
    type_text(page.filter, "%")
    qtbot.waitUntil(lambda: page.count_label.text() == "Ничего не найдено (всего 6 помещений)")
    assert numbers(page) == []


def test_a_page_shown_before_its_rows_says_loading_then_shows_them(qtbot, base, monkeypatch):
    every_load_slow(monkeypatch)
    first = shown(qtbot, RegisterPage())  # nothing known yet: loaded at once, found slow
    assert first.count_label.text() == "Показано 6 помещений"
    page = shown(qtbot, RegisterPage())  # slow last time: in the background from the start
    assert page.count_label.text() == "Загрузка…"
    assert page.is_loading() and page.table.model().rowCount() == 0
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    assert page.count_label.text() == "Показано 6 помещений"
    assert numbers(page) == ["1", "2", "3", "10", "10А", "Н1"]


def test_a_filter_asks_for_one_page_not_every_premise(qtbot, db, monkeypatch):
    organization.save_organization({"kind": "УО", "name": "ООО «УК Коломна»"}, now=NOW)
    house = organization.add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=NOW).id
    for number in range(1, 251):
        premises.add_premise(house, {"number": str(number)}, now=NOW)
    page = shown(qtbot, RegisterPage())
    assert page.count_label.text() == "Показано 250 помещений"
    loaded = page.model.pages.loaded()
    assert len(loaded) <= ui.sql_table.PAGE_SIZE  # the first page only, until scrolled
    page.incomplete_only.setChecked(True)  # none has an owner: all 250 selected
    assert page.count_label.text() == "Показано 250 помещений из 250"
    assert len(page.model.pages.loaded()) <= ui.sql_table.PAGE_SIZE
    page.table.scrollToBottom()
    assert page.visible_premises()[-1].number == "250"


def test_typing_while_rows_are_on_their_way_shows_what_was_typed_last(qtbot, base, monkeypatch):
    every_load_slow(monkeypatch)
    shown(qtbot, RegisterPage())  # found slow: the next page loads in the background
    page = shown(qtbot, RegisterPage())
    assert page.is_loading()
    page.filter.setText("ёлкина")
    page.reload()  # before the first load has arrived
    assert page.count_label.text() == "Загрузка…"
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=10_000)
    qtbot.wait(200)  # the first load, stale, must not replace what arrived
    assert page.count_label.text() == "Показано 1 помещение из 6"
    assert numbers(page) == ["10А"]
