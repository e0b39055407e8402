"""The register import in a base with two houses: the register goes to the house its
title names, else to the one the user picks; a house's address is never overwritten."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from PySide6.QtWidgets import QMessageBox

from tests.two_houses import LESNAYA, SADOVAYA, build_two_houses
from ui.register.import_dialog import ImportDialog


@pytest.fixture
def houses(db):
    return build_two_houses()


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: None)


def register(path, title, rows):
    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
    sheet.append(["№ кв.", "Собственник", "Доля"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def premises_of(house_id):
    from tsj_desk.storage.models import Premise

    return sorted(p.number for p in Premise.select().where(Premise.house == house_id))


def address_of(house_id):
    from tsj_desk.storage.models import House

    return House.get_by_id(house_id).address


def previewed(qtbot, today, path):
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.start_preview(path)
    return dialog


def imported(qtbot, dialog):
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.import_button.click()


def test_the_register_goes_to_the_house_its_title_names(qtbot, houses, tmp_path, today):
    path = register(tmp_path / "садовая.xlsx",
                    "Реестр собственников помещений в доме по адресу: г. Коломна, ул. Садовая, д. 12",
                    [["7", "Яковлев Яков", "1"]])
    dialog = previewed(qtbot, today, path)
    assert dialog.house_row.isVisibleTo(dialog)
    assert [dialog.house_combo.itemText(i) for i in range(dialog.house_combo.count())] == [LESNAYA, SADOVAYA]
    assert dialog.house_combo.currentText() == SADOVAYA
    assert dialog.house_note.text() == "Дом выбран по адресу в заголовке файла."
    # Садовая has its address: nothing to offer
    assert not dialog.write_address.isVisibleTo(dialog)
    assert dialog.import_button.isEnabled()
    imported(qtbot, dialog)
    assert premises_of(houses["sadovaya"]) == ["1", "4", "7"]
    assert premises_of(houses["lesnaya"]) == ["1", "2", "3"]


def test_a_title_naming_a_house_the_base_lacks_is_said_and_the_user_picks(qtbot, houses, tmp_path, today):
    path = register(tmp_path / "мира.xlsx", "Реестр собственников, г. Москва, ул. Мира, д. 1",
                    [["9", "Васильев Василий", "1"]])
    dialog = previewed(qtbot, today, path)
    assert dialog.house_note.text() == ("В заголовке файла указан дом «г. Москва, ул. Мира, д. 1», а в базе "
                                        "такого дома нет. Выберите дом, в который загрузить реестр.")
    assert dialog.house_combo.currentIndex() == -1
    assert not dialog.import_button.isEnabled()
    # Лесная's address stays: the Moscow address is not offered for it
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.house_combo.activated.emit(0)
    assert dialog.house_combo.currentText() == LESNAYA
    assert not dialog.write_address.isVisibleTo(dialog)
    assert dialog.house_address() is None
    assert dialog.import_button.isEnabled()
    imported(qtbot, dialog)
    assert premises_of(houses["lesnaya"]) == ["1", "2", "3", "9"]
    assert premises_of(houses["sadovaya"]) == ["1", "4"]
    assert address_of(houses["lesnaya"]) == LESNAYA


def test_without_an_address_in_the_file_the_user_picks_the_house(qtbot, houses, tmp_path, today):
    path = register(tmp_path / "без адреса.xlsx", None, [["4", "Орлова Ольга", "1"]])
    dialog = previewed(qtbot, today, path)
    assert dialog.house_note.text() == "В файле адрес дома не указан. Выберите дом, в который загрузить реестр."
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.house_combo.activated.emit(1)
    assert dialog.house_combo.currentText() == SADOVAYA
    imported(qtbot, dialog)
    # flat 4 of Садовая got its owner; Лесная got no flat 4
    assert premises_of(houses["sadovaya"]) == ["1", "4"]
    assert premises_of(houses["lesnaya"]) == ["1", "2", "3"]
    from tsj_desk.storage.models import Ownership, Premise

    owners = [o.person.name for o in Ownership.select().join(Premise).where(Premise.house == houses["sadovaya"])]
    assert owners == ["Орлова Ольга"]


def test_the_title_address_is_offered_only_for_a_house_without_one(qtbot, houses, tmp_path, today):
    from tsj_desk.services.organization import PLACEHOLDER_ADDRESS
    from tsj_desk.storage.models import House

    bare = House.create(organization=House.get_by_id(houses["lesnaya"]).organization,
                        address=PLACEHOLDER_ADDRESS).id
    path = register(tmp_path / "полевая.xlsx", "Реестр собственников, г. Коломна, ул. Полевая, д. 3",
                    [["1", "Полев Павел", "1"]])
    dialog = previewed(qtbot, today, path)
    assert not dialog.write_address.isVisibleTo(dialog)  # no house chosen yet: nothing offered
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.house_combo.activated.emit(2)
    assert dialog.write_address.isVisibleTo(dialog)
    assert dialog.address_label.text() == "Адрес из файла: г. Коломна, ул. Полевая, д. 3"
    assert dialog.write_address.isChecked()
    imported(qtbot, dialog)
    assert address_of(bare) == "г. Коломна, ул. Полевая, д. 3"
    assert premises_of(bare) == ["1"]
    assert address_of(houses["lesnaya"]) == LESNAYA and address_of(houses["sadovaya"]) == SADOVAYA
