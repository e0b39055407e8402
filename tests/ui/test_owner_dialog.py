"""The owner dialog checks the share as you type; the service's refusals are shown."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from keys import clear_and_type, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services.registry import OwnerInput, add_owner, list_premises, premise_card
from ui.register.owner_dialog import OwnerDialog
from ui.widgets import to_qdate
from tests.conftest import NOW


@pytest.fixture
def dialog(qtbot):
    dialog = OwnerDialog(None, title="Добавить собственника", premise_label="Помещение 7")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_rejects_three_halves_and_accepts_one_half(dialog, qtbot):
    type_text(dialog.name, "Сидорова Анна Павловна")
    clear_and_type(dialog.share, "3/2")
    assert dialog.share.text() == "3/2"
    assert dialog.share_error.isVisible()
    assert "больше нуля и не больше 1" in dialog.share_error.text()
    assert dialog.share_error.styleSheet().startswith("color: #b3261e")
    assert not dialog.ok_button.isEnabled()

    clear_and_type(dialog.share, "1/2")
    assert not dialog.share_error.isVisible()
    assert dialog.ok_button.isEnabled()
    dialog.egrn_date.setDate(to_qdate(date(2021, 3, 5)))
    assert dialog.egrn_date.text() == "05.03.2021"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    owner = dialog.result_owner()
    assert owner is not None
    assert owner.name == "Сидорова Анна Павловна"
    assert owner.fraction == Fraction(1, 2)
    assert owner.egrn_date == date(2021, 3, 5)
    assert not owner.joint


def test_unreadable_share_and_joint_ownership(dialog):
    type_text(dialog.name, "Ильин Марк")
    clear_and_type(dialog.share, "пол")
    assert "не распознана" in dialog.share_error.text()
    assert not dialog.ok_button.isEnabled()
    clear_and_type(dialog.share, "совместная")
    assert dialog.ok_button.isEnabled()
    assert dialog.joint.isChecked()
    assert dialog.owner().joint


def test_no_name_no_save(dialog):
    assert dialog.share.text() == "1"
    assert not dialog.ok_button.isEnabled()
    assert dialog.egrn_date.text() == "не указана"
    assert dialog.owner().egrn_date is None


def test_share_sum_above_one_is_refused_by_the_service_and_the_dialog_stays(qtbot, demo, monkeypatch):
    premise = next(p for p in list_premises() if not p.incomplete and p.shares == "1")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    dialog = OwnerDialog(None, title="Добавить собственника",
                         save=lambda owner: add_owner(premise.id, owner, now=NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.name, "Лишний Собственник")
    clear_and_type(dialog.share, "1/2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(warnings) == 1
    assert "сумма долей 3/2 больше 1" in warnings[0]
    assert dialog.isVisible() and dialog.result_owner() is None
    assert dialog.name.text() == "Лишний Собственник"  # nothing typed is lost
    assert [o.owner for o in premise_card(premise.id).current] == [premise.owners]


def test_add_owner_from_the_register_page(qtbot, demo, today, monkeypatch):
    from ui.register.page import RegisterPage

    premise = next(p for p in list_premises() if p.incomplete)
    page = RegisterPage(today=today)
    qtbot.addWidget(page)
    assert page.select_premise(premise.id)

    def ask(cls, parent, *, title, premise_label="", initial=None, save=None):
        owner = OwnerInput(name="Наследникова Вера Ивановна", fraction=Fraction(1, 3),
                           egrn_date=date(2026, 10, 1))
        save(owner)
        return owner

    monkeypatch.setattr(OwnerDialog, "ask", classmethod(ask))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    row = next(p for p in page.visible_premises() if p.id == premise.id)
    assert "Наследникова Вера Ивановна" in row.owners
    assert not row.incomplete  # 1/3 + 1/3 + 1/3
    card = premise_card(premise.id)
    assert card.total_share == 1
