"""The premise card and «Смена собственника» end to end."""

from __future__ import annotations

from datetime import date

from keys import type_text
from PySide6.QtCore import Qt

from tsj_desk.services.registry import list_premises, premise_card
from ui.register.premise_card import PremiseCardDialog
from ui.register.sale_dialog import SaleDialog


def sole_owner_premise():
    return next(p for p in list_premises() if p.shares == "1" and ";" not in p.owners
                and p.number.isdigit())


def test_card_shows_current_owners_and_history(qtbot, demo, today):
    sold = next(p for p in list_premises() if premise_card(p.id).history)
    card = premise_card(sold.id)
    dialog = PremiseCardDialog(None, sold.id, today=today)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == f"Помещение {sold.number}"
    assert dialog.current_model.rowCount() == len(card.current)
    assert dialog.current_model.index(0, 0).data() == card.current[0].owner
    assert dialog.history_model.rowCount() == len(card.history)
    previous = card.history[0]
    assert dialog.history_model.index(0, 0).data() == previous.owner
    assert dialog.history_model.index(0, 3).data() == previous.valid_to.strftime("%d.%m.%Y")
    assert dialog.current_model.index(0, 5).data() in {"да", "нет"}


def test_sale_closes_the_seller_and_opens_the_buyer(qtbot, demo, today, monkeypatch):
    from ui.register.page import RegisterPage

    premise = sole_owner_premise()
    seller = premise_card(premise.id).current[0]
    page = RegisterPage(today=today)
    qtbot.addWidget(page)
    page.select_premise(premise.id)
    seen = {}

    def fill_and_accept(self):
        # what the chairman does in the dialog: the seller is already checked
        seen["sellers"] = self.selected_seller_ids()
        seen["share"] = self.buyers[0].share.text()
        self.on.setDate(self.on.date().addDays(-10))
        type_text(self.buyers[0].name, "Покупателев Олег Юрьевич")
        assert self.ok_button.isEnabled()
        qtbot.mouseClick(self.ok_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(SaleDialog, "exec", fill_and_accept)
    monkeypatch.setattr(SaleDialog, "confirm", lambda self, text: True)  # «Записать?» — да
    qtbot.mouseClick(page.sale_button, Qt.MouseButton.LeftButton)

    assert seen == {"sellers": [seller.id], "share": "1"}
    card = premise_card(premise.id)
    on = date(2026, 11, 14)
    assert [(o.owner, o.valid_from) for o in card.current] == [("Покупателев Олег Юрьевич", on)]
    closed = [o for o in card.history if o.id == seller.id]
    assert closed and closed[0].valid_to == on
    row = next(p for p in page.visible_premises() if p.id == premise.id)
    assert row.owners == "Покупателев Олег Юрьевич"


def test_sale_dialog_needs_a_seller_and_a_buyer(qtbot, demo, today):
    premise = next(p for p in list_premises() if p.shares == "1/2; 1/2")
    card = premise_card(premise.id)
    dialog = SaleDialog(None, card, today=today)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.text() == "Укажите ФИО или наименование покупателя."
    assert dialog.buyers[0].share.text() == "1"  # both halves are sold by default
    dialog.sellers.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.buyers[0].share.text() == "1/2"  # only one half now
    dialog.sellers.item(0).setCheckState(Qt.CheckState.Unchecked)
    type_text(dialog.buyers[0].name, "Новиков Пётр")
    assert dialog.problem.text() == "Отметьте собственников, чьё право прекращается."
    assert not dialog.ok_button.isEnabled()
    dialog.sellers.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.ok_button.isEnabled()
    second = dialog.add_buyer("Новикова Анна", "1/4")
    assert dialog.sale().buyers[1].name == "Новикова Анна"
    dialog.remove_buyer(second)
    assert len(dialog.sale().buyers) == 1


def test_sale_refused_by_the_service_leaves_everything(qtbot, demo, today, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    premise = sole_owner_premise()
    before = premise_card(premise.id)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)

    def too_early(self):
        self.on.setDate(self.on.date().addYears(-40))  # before the seller became owner
        type_text(self.buyers[0].name, "Ранний Покупатель")
        qtbot.mouseClick(self.ok_button, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(SaleDialog, "exec", too_early)
    monkeypatch.setattr(SaleDialog, "confirm", lambda self, text: True)
    qtbot.mouseClick(dialog.sale_button, Qt.MouseButton.LeftButton)
    assert warnings and "раньше даты возникновения права" in warnings[0]
    assert premise_card(premise.id) == before
