"""The premise card's honest history in the window: a sale confirmed before it is
written and undone, a correction shown as one, the owner card, the members register."""

from __future__ import annotations

from datetime import date

from keys import type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services.ownership_history import person_details
from tsj_desk.services.registry import list_premises, premise_card
from ui.register.owner_dialog import OwnerDialog
from ui.register.person_dialog import PersonDialog
from ui.register.premise_card import PremiseCardDialog
from ui.register.sale_dialog import SaleDialog


def sole_owner_premise():
    return next(p for p in list_premises() if p.shares == "1" and ";" not in p.owners
                and p.number.isdigit() and not premise_card(p.id).history)


def sell(qtbot, dialog, monkeypatch, *, answer: bool, asked: list):
    def fill(self):
        self.on.setDate(date(2026, 11, 2))
        type_text(self.buyers[0].name, "Покупателев Олег Юрьевич")
        type_text(self.buyers[0].egrn_number, "77:01:0001001:55-77/051/2026-4")
        type_text(self.buyers[0].phone, "+7 900 123-45-67")
        self.buyers[0].member.setChecked(True)
        qtbot.mouseClick(self.ok_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(SaleDialog, "exec", fill)
    monkeypatch.setattr(SaleDialog, "confirm", lambda self, text: asked.append(text) or answer)
    qtbot.mouseClick(dialog.sale_button, Qt.MouseButton.LeftButton)


def test_a_sale_is_confirmed_with_its_summary_and_a_no_writes_nothing(qtbot, demo, today, monkeypatch):
    premise = sole_owner_premise()
    seller = premise_card(premise.id).current[0]
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)
    asked = []
    sell(qtbot, dialog, monkeypatch, answer=False, asked=asked)
    assert asked == [f"Право прекращается 02.11.2026: {seller.owner} (1).\n"
                     "Собственник с 02.11.2026: Покупателев Олег Юрьевич (1), запись ЕГРН "
                     "77:01:0001001:55-77/051/2026-4, член ТСЖ.\n\nЗаписать?"]
    assert [o.owner for o in premise_card(premise.id).current] == [seller.owner]

    sell(qtbot, dialog, monkeypatch, answer=True, asked=asked)
    [buyer] = premise_card(premise.id).current
    assert (buyer.owner, buyer.egrn_number, buyer.egrn_date, buyer.phone, buyer.member) == (
        "Покупателев Олег Юрьевич", "77:01:0001001:55-77/051/2026-4", date(2026, 11, 2),
        "+79001234567", True)


def test_the_last_sale_is_undone_from_the_card(qtbot, demo, today, monkeypatch):
    premise = sole_owner_premise()
    seller = premise_card(premise.id).current[0]
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)
    assert not dialog.undo_button.isEnabled()  # nothing sold here yet
    sell(qtbot, dialog, monkeypatch, answer=True, asked=[])
    assert dialog.undo_button.isEnabled()
    questions = []
    monkeypatch.setattr(PremiseCardDialog, "confirm_undo",
                        lambda self, text: questions.append(text) or True)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert questions[0].startswith(f"Переход права 02.11.2026: от {seller.owner} "
                                   "к Покупателев Олег Юрьевич.")
    assert [(o.owner, o.valid_to) for o in premise_card(premise.id).current] == [(seller.owner, None)]
    assert dialog.current_model.index(0, 0).data() == seller.owner
    assert dialog.history_model.rowCount() == 0
    assert "Отменён переход права 02.11.2026" in dialog.notes.text()
    assert not dialog.undo_button.isEnabled()


def test_an_undo_refused_is_said_and_changes_nothing(qtbot, demo, today, monkeypatch):
    premise = sole_owner_premise()
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)
    sell(qtbot, dialog, monkeypatch, answer=True, asked=[])
    from tsj_desk.services.ownership_history import PersonInput, edit_person
    from tests.conftest import NOW

    buyer = premise_card(premise.id).current[0]
    edit_person(buyer.person_id, PersonInput(buyer.owner, email="oleg@example.ru"), now=NOW)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    monkeypatch.setattr(PremiseCardDialog, "confirm_undo", lambda self, text: True)
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert warnings == ["Переход права 02.11.2026 не отменён: запись о праве изменена после "
                        "перехода (24.11.2026, изменение)."]
    assert [o.owner for o in premise_card(premise.id).current] == ["Покупателев Олег Юрьевич"]


def test_a_correction_is_shown_in_the_card_as_a_correction(qtbot, demo, today, monkeypatch):
    premise = sole_owner_premise()
    owner = premise_card(premise.id).current[0]
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)
    monkeypatch.setattr("ui.register.premise_card.ask_correction_reason", lambda parent: "опечатка")

    def retype(self):
        self.name.setText(owner.owner + "а")
        qtbot.mouseClick(self.ok_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(OwnerDialog, "exec", retype)
    dialog.current_view.selectRow(0)
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)
    assert dialog.current_model.index(0, 0).data() == owner.owner + "а"
    assert dialog.history_model.rowCount() == 0  # not a change of owner
    assert dialog.notes.text() == (f"24.11.2026 — Исправлено: собственник {owner.owner} → "
                                   f"{owner.owner}а (причина: опечатка)")


def test_the_owner_card_refuses_an_organisation_with_a_wrong_inn(qtbot, demo, today, monkeypatch):
    premise = sole_owner_premise()
    owner = premise_card(premise.id).current[0]
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    card = PersonDialog(None, owner.id, owner.person_id)
    qtbot.addWidget(card)
    card.legal.setChecked(True)
    card.name.setText("ООО «Ромашка»")
    card.inn.setText("7707083894")
    card.accept()
    assert warnings == ["ИНН «7707083894»: неверная контрольная цифра — проверьте номер."]
    assert card.saved is False
    assert person_details(owner.person_id).name == owner.owner
    card.inn.setText("7707083893")
    card.postal_address.setText("г. Москва, а/я 15")
    card.accept()
    saved = person_details(owner.person_id)
    assert (saved.name, saved.inn, saved.postal_address, saved.is_legal) == (
        "ООО «Ромашка»", "7707083893", "г. Москва, а/я 15", True)


def test_the_members_register_button_opens_the_members_export(qtbot, demo, today, monkeypatch):
    from ui.register.export_dialog import ExportDialog
    from ui.register.page import RegisterPage

    page = RegisterPage(today=today)
    qtbot.addWidget(page)
    opened = []

    def fake_exec(self):
        opened.append((self.windowTitle(), self.file.text().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]))
        return 0

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    qtbot.mouseClick(page.members_button, Qt.MouseButton.LeftButton)
    assert opened == [("Выдать реестр членов товарищества", "Реестр членов ТСЖ на 24.11.2026.xlsx")]
