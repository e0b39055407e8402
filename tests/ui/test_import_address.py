"""The register import dialog offers the house address of the file's title: ticked for a
house without one, unticked and saying the house's own address otherwise."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services import organization
from ui.register.import_dialog import ImportDialog

from tests.conftest import NOW

LESNAYA = "Московская обл., г. Коломна, ул. Лесная, д. 5"  # the title of registry_merged.xlsx
SADOVAYA = "г. Коломна, ул. Садовая, д. 12"


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)


def preview(qtbot, path, today) -> ImportDialog:
    dialog = ImportDialog(None, today=today)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_ready, timeout=10_000):
        dialog.start_preview(path)
    return dialog


def run_import(qtbot, dialog: ImportDialog) -> None:
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_on_an_empty_base_the_address_of_the_file_is_written_to_the_house(qtbot, db, samples, today):
    dialog = preview(qtbot, samples / "registry_merged.xlsx", today)
    assert not dialog.address_label.isHidden()
    assert dialog.address_label.text() == f"Адрес из файла: {LESNAYA}"
    assert dialog.write_address.text() == "Записать этот адрес дому"
    assert dialog.write_address.isChecked()
    run_import(qtbot, dialog)
    assert [h.address for h in organization.houses()] == [LESNAYA]


def test_a_house_with_another_address_keeps_it_unless_ticked(qtbot, db, samples, today):
    organization.save_organization({"kind": "ТСЖ", "name": "ТСЖ «Садовая, 12»"}, now=NOW)
    organization.add_house({"address": SADOVAYA}, now=NOW)
    dialog = preview(qtbot, samples / "registry_merged.xlsx", today)
    assert dialog.address_label.text() == f"Адрес из файла: {LESNAYA}"
    assert dialog.write_address.text() == f"Записать этот адрес дому (у дома уже есть адрес: {SADOVAYA})"
    assert not dialog.write_address.isChecked()
    run_import(qtbot, dialog)
    assert [h.address for h in organization.houses()] == [SADOVAYA]

    dialog = preview(qtbot, samples / "registry_merged.xlsx", today)
    dialog.write_address.setChecked(True)
    run_import(qtbot, dialog)
    assert [h.address for h in organization.houses()] == [LESNAYA]


def test_a_file_without_an_address_in_its_title_offers_none(qtbot, db, samples, today):
    dialog = preview(qtbot, samples / "registry_simple.xlsx", today)
    assert dialog.address_label.isHidden() and dialog.write_address.isHidden()
    run_import(qtbot, dialog)
    assert [h.address for h in organization.houses()] == [organization.PLACEHOLDER_ADDRESS]
