"""Who is working, in the window: «Кто работает?» at start, Settings → «Пользователи»,
the status bar; the change log names the chosen user, not the operating-system login."""

from __future__ import annotations

import getpass
from datetime import datetime

import pytest

from tsj_desk.services import users
from tsj_desk.services.journal import RequestInput, register_request
from tsj_desk.storage.models import AuditEntry
from ui import errors
from ui.journal.request_card import RequestCardDialog
from ui.journal.void_dialog import VoidDialog
from ui.users.users_tab import UserDialog, UserEdit, UsersTab
from ui.users.who_dialog import WhoDialog, choose_at_start

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture(autouse=True)
def no_choice_left():
    yield
    users.forget_choice()


@pytest.fixture
def office(demo):
    """Three users: the chairman with a password, the accountant, a dispatcher who left."""
    users.add_user(users.UserInput("Петрова Анна Сергеевна", "председатель правления",
                                   password="берёза-7"), now=NOW)
    users.add_user(users.UserInput("Кузнецова Елена", "бухгалтер"), now=NOW)
    gone = users.add_user(users.UserInput("Сидоров Олег", "диспетчер"), now=NOW)
    users.set_active(gone, False, now=NOW)
    return demo


def who(qtbot) -> WhoDialog:
    dialog = WhoDialog(None, users.list_users(active_only=True), "Кузнецова Елена")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_dialog_lists_active_users_and_refuses_a_wrong_password(qtbot, office):
    dialog = who(qtbot)
    assert dialog.windowTitle() == "Кто работает?"
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        "Кузнецова Елена — бухгалтер", "Петрова Анна Сергеевна — председатель правления"]
    assert dialog.chosen().name == "Кузнецова Елена"  # remembered from the last start
    assert not dialog.password.isVisible()  # she has no password
    dialog.list.setCurrentRow(1)
    assert dialog.password.isVisible()
    dialog.password.setText("береза-7")
    dialog.ok_button.click()
    assert dialog.value is None and dialog.problem.text() == "Неверный пароль."
    dialog.password.setText("берёза-7")
    dialog.ok_button.click()
    assert dialog.value == "Петрова Анна Сергеевна"


def test_the_change_log_names_the_user_chosen_at_start(qtbot, office, monkeypatch):
    dialog = who(qtbot)
    dialog.list.setCurrentRow(0)
    dialog.ok_button.click()
    assert dialog.value == "Кузнецова Елена"
    reg_no = register_request(RequestInput(category="maintenance", received_at=datetime(2026, 11, 24, 9, 0),
                                           applicant="Иванов Иван", text="Течёт кран"), now=NOW)
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    monkeypatch.setattr(VoidDialog, "ask", classmethod(lambda cls, parent, card_: "дубль"))
    card.void_button.click()
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (last.action, last.user) == ("void", "Кузнецова Елена")
    assert last.user != getpass.getuser()
    assert card.history_model.rows()[-1][1] == "Кузнецова Елена"


def test_at_start_the_choice_is_asked_remembered_and_cancel_closes(qtbot, office, monkeypatch):
    offered = []

    def answer(cls, parent, rows, last):
        offered.append(([r.name for r in rows], last))
        return "Кузнецова Елена"

    monkeypatch.setattr(WhoDialog, "ask", classmethod(answer))
    assert choose_at_start() is True
    assert users.session_user() == "Кузнецова Елена"
    assert choose_at_start() is True
    assert offered == [(["Кузнецова Елена", "Петрова Анна Сергеевна"], ""),  # the one who left: not offered
                       (["Кузнецова Елена", "Петрова Анна Сергеевна"], "Кузнецова Елена")]
    monkeypatch.setattr(WhoDialog, "ask", classmethod(lambda cls, parent, rows, last: None))
    assert choose_at_start() is False


def test_one_user_without_a_password_is_not_asked(qtbot, demo, monkeypatch):
    users.add_user(users.UserInput("Кузнецова Елена", "бухгалтер"), now=NOW)
    monkeypatch.setattr(WhoDialog, "ask", classmethod(lambda *a: pytest.fail("asked")))
    assert choose_at_start() is True
    assert users.session_user() == "Кузнецова Елена"


def test_users_are_added_and_deactivated_in_settings_and_the_status_bar_follows(qtbot, main_window,
                                                                                   monkeypatch):
    assert main_window.user_label.text() == f"Работает: {getpass.getuser()}"  # no users yet
    tab: UsersTab = main_window.page("settings").users
    monkeypatch.setattr(UserDialog, "ask", classmethod(lambda cls, parent, row: UserEdit(
        users.UserInput("Кузнецова Елена", "бухгалтер"), True)))
    tab.add_button.click()
    assert [(r.name, r.role, r.active) for r in tab.model.rows()] == [("Кузнецова Елена", "бухгалтер", True)]
    assert main_window.user_label.text() == "Работает: Кузнецова Елена"  # the only one
    said = []
    monkeypatch.setattr(errors, "show_message", lambda parent, text: said.append(text))
    tab.add_button.click()  # the same name again: refused, said in a dialog
    assert said == ["Пользователь «Кузнецова Елена» уже есть: выберите другое имя."]
    assert len(tab.model.rows()) == 1
    tab.table.selectRow(0)
    assert tab.active_button.text() == "Отключить"
    tab.active_button.click()
    assert [r.active for r in tab.model.rows()] == [False]
    assert main_window.user_label.text() == f"Работает: {getpass.getuser()}"
