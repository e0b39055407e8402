"""The start's choice «Файл базы на этом компьютере» / «Сервер PostgreSQL»: remembered
without the password, the password in the system's credential store (here a store in
memory), and the status bar's word while a lost connection is made again."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtWidgets import QMainWindow

from tsj_desk.services import server_connection
from tsj_desk.services.server_connection import KEYRING_SERVICE, ServerChoice, StartChoice
from ui import server_dialog, server_notice


class MemoryKeyring(KeyringBackend):
    """A credential store that lives as long as the test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def store():
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


def fill_server(dialog, *, password: str = "Зима-2026!", remember: bool = True) -> None:
    dialog.server_option.setChecked(True)
    dialog.host_edit.setText("192.168.1.10")
    dialog.port_edit.setText("5433")
    dialog.base_edit.setText("tsj")
    dialog.user_edit.setText("buhgalter")
    dialog.password_edit.setText(password)
    dialog.remember.setChecked(remember)


def test_a_server_chosen_is_remembered_without_its_password(qtbot, store, tmp_path):
    dialog = server_dialog.ConnectionDialog(default_path=tmp_path / "tsj-desk.sqlite3")
    qtbot.addWidget(dialog)
    assert dialog.file_option.isChecked()  # nothing chosen yet: the file of this computer
    assert not dialog.server_box.isEnabled()
    fill_server(dialog)
    assert dialog.server_box.isEnabled() and not dialog.file_box.isEnabled()
    dialog.accept()

    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.target == "postgresql://buhgalter:%D0%97%D0%B8%D0%BC%D0%B0-2026%21@192.168.1.10:5433/tsj"
    assert store.kept == {(KEYRING_SERVICE, "buhgalter@192.168.1.10:5433/tsj"): "Зима-2026!"}
    remembered = server_connection.choice_file().read_text(encoding="utf-8")
    assert "192.168.1.10" in remembered and "buhgalter" in remembered
    assert "Зима" not in remembered and "%D0%97" not in remembered  # never the password
    assert server_connection.load_choice() == StartChoice(
        "server", server=ServerChoice("192.168.1.10", 5433, "tsj", "buhgalter"))


def test_the_next_start_opens_the_server_with_the_kept_password_without_asking(qtbot, store, tmp_path,
                                                                              monkeypatch):
    server = ServerChoice("192.168.1.10", 5433, "tsj", "buhgalter")
    server_connection.save_choice(StartChoice("server", server=server))
    server_connection.store_password(server, "Зима-2026!")
    asked = []
    monkeypatch.setattr(server_dialog, "ask", lambda *a, **k: asked.append(1))
    target = server_dialog.start_target(tmp_path / "tsj-desk.sqlite3")
    assert target == "postgresql://buhgalter:%D0%97%D0%B8%D0%BC%D0%B0-2026%21@192.168.1.10:5433/tsj"
    assert asked == []
    store.kept.clear()  # the password no longer kept: the dialog asks
    server_dialog.start_target(tmp_path / "tsj-desk.sqlite3")
    assert asked == [1]


def test_the_dialog_opens_on_the_last_server_and_uses_the_kept_password(qtbot, store, tmp_path):
    server = ServerChoice("192.168.1.10", 5433, "tsj", "buhgalter")
    server_connection.save_choice(StartChoice("server", server=server))
    server_connection.store_password(server, "Зима-2026!")
    dialog = server_dialog.ConnectionDialog(remembered=server_connection.load_choice())
    qtbot.addWidget(dialog)
    assert dialog.server_option.isChecked()
    assert [dialog.host_edit.text(), dialog.port_edit.text(), dialog.base_edit.text(),
            dialog.user_edit.text()] == ["192.168.1.10", "5433", "tsj", "buhgalter"]
    assert dialog.password_edit.text() == ""  # a kept password is never shown
    assert dialog.password_edit.placeholderText() == "сохранён в хранилище паролей"
    dialog.accept()
    assert dialog.target.startswith("postgresql://buhgalter:%D0%97%D0%B8%D0%BC%D0%B0-2026%21@")


def test_a_password_not_to_remember_leaves_the_store(qtbot, store):
    server = ServerChoice("192.168.1.10", 5433, "tsj", "buhgalter")
    server_connection.store_password(server, "старый")
    dialog = server_dialog.ConnectionDialog()
    qtbot.addWidget(dialog)
    fill_server(dialog, password="новый", remember=False)
    dialog.accept()
    assert store.kept == {}
    assert dialog.target.startswith("postgresql://buhgalter:%D0%BD%D0%BE%D0%B2%D1%8B%D0%B9@")


def test_missing_fields_are_named_and_the_dialog_stays(qtbot, store):
    dialog = server_dialog.ConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.server_option.setChecked(True)
    dialog.port_edit.setText("70000")
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.target is None
    assert dialog.problem.text() == ("Укажите адрес сервера (имя компьютера или IP-адрес). Порт — число "
                                     "от 1 до 65535 (обычно 5432). Укажите имя базы на сервере. Укажите "
                                     "пользователя базы.")
    assert server_connection.load_choice() is None and store.kept == {}


def test_a_file_chosen_is_remembered_and_opened_next_time(qtbot, store, tmp_path):
    dialog = server_dialog.ConnectionDialog(default_path=tmp_path / "tsj-desk.sqlite3")
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "Берёзка.sqlite3"))
    dialog.accept()
    assert dialog.target == tmp_path / "Берёзка.sqlite3"
    assert server_dialog.start_target(tmp_path / "tsj-desk.sqlite3") == tmp_path / "Берёзка.sqlite3"


def test_without_a_choice_an_existing_base_opens_as_before(store, tmp_path):
    default = tmp_path / "tsj-desk.sqlite3"
    default.write_bytes(b"")  # the data folder's base of an office that has one
    assert server_dialog.start_target(default) == default


def test_the_status_bar_says_the_connection_is_being_made_again(qtbot, pg_url):
    from tests.core.test_server_reconnect import end_own_connection, request_of
    from tests.conftest import NOW
    from tsj_desk.services.journal import register_request
    from tsj_desk.storage.database import close_database, open_database

    window = QMainWindow()
    qtbot.addWidget(window)
    notice = server_notice.attach(window)
    open_database(pg_url)
    try:
        register_request(request_of("Течёт кран в подвале"), now=NOW)
        end_own_connection()
        assert register_request(request_of("Не горит свет"), now=NOW) == "2026-0002"
    finally:
        close_database()
    assert notice.shown == ["Нет связи с сервером, повторяем…", "Связь с сервером восстановлена."]
    assert window.statusBar().currentMessage() == "Связь с сервером восстановлена."


def test_without_a_credential_store_the_user_is_told_the_password_was_not_kept(qtbot, monkeypatch):
    from keyring.backends import fail
    from PySide6.QtWidgets import QMessageBox

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: told.append(text))
    try:
        dialog = server_dialog.ConnectionDialog()
        qtbot.addWidget(dialog)
        fill_server(dialog)
        dialog.accept()
    finally:
        keyring.set_keyring(before)
    assert dialog.result() == dialog.DialogCode.Accepted  # the base opens all the same
    assert told == ["Пароль не запомнен: в системе нет хранилища паролей (или оно закрыто). "
                    "Программа спросит пароль при следующем запуске."]
    assert "Зима" not in server_connection.choice_file().read_text(encoding="utf-8")


def test_a_server_that_does_not_open_brings_the_dialog_back(store, monkeypatch, tmp_path):
    from tsj_desk.services import session

    server = ServerChoice("192.168.1.10", 5433, "tsj", "buhgalter")
    server_connection.save_choice(StartChoice("server", server=server))
    server_connection.store_password(server, "Зима-2026!")
    tried, asked = [], []

    def open_with_questions(target):
        tried.append(target)
        return None if isinstance(target, str) else target  # the server refuses, a file opens

    def ask(*args, **kwargs):
        asked.append(kwargs.get("problem"))
        return tmp_path / "Берёзка.sqlite3"  # the user goes to a file instead

    monkeypatch.setattr(server_dialog, "ask", ask)
    opened = server_dialog.open_at_start(session.default_database_path(), open_with_questions)
    assert opened == tmp_path / "Берёзка.sqlite3"
    assert tried[0].startswith("postgresql://buhgalter:") and tried[1] == opened
    assert asked == ["Подключиться к серверу не удалось. Проверьте адрес, имя базы, пользователя и пароль."]


def test_a_base_named_on_the_command_line_opens_without_the_dialog(store, monkeypatch, tmp_path):
    monkeypatch.setattr(server_dialog, "ask", lambda *a, **k: pytest.fail("no dialog for a named base"))
    named = tmp_path / "named.sqlite3"
    assert server_dialog.open_at_start(named, lambda target: target) == named


def test_check_connection_tells_a_wrong_password_and_a_good_connection(qtbot, store, pg_url):
    from urllib.parse import urlsplit

    parts = urlsplit(pg_url)
    dialog = server_dialog.ConnectionDialog()
    qtbot.addWidget(dialog)
    dialog.server_option.setChecked(True)
    dialog.host_edit.setText(parts.hostname)
    dialog.port_edit.setText(str(parts.port))
    dialog.base_edit.setText(parts.path.lstrip("/"))
    dialog.user_edit.setText(parts.username)
    dialog.password_edit.setText(parts.password)
    said = dialog.check_connection()
    assert said.startswith("Подключение установлено: PostgreSQL ")
    assert said.endswith("база пуста — программа создаст в ней таблицы.")
    assert dialog.check_result.text() == said

    dialog.password_edit.setText("не тот пароль")
    said = dialog.check_connection()
    assert not said.startswith("Подключение установлено") and "не тот пароль" not in said
    assert "парол" in said.lower()  # the server refused the password, in words
    assert store.kept == {}  # checking keeps nothing


def test_a_notice_from_a_background_thread_reaches_the_status_bar(qtbot):
    import threading

    from tsj_desk.storage import pg_reconnect

    window = QMainWindow()  # deleted by the test itself
    notice = server_notice.attach(window)
    worker = threading.Thread(target=pg_reconnect._notify, args=("Нет связи с сервером, повторяем…",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Нет связи с сервером, повторяем…")
    assert notice.shown == ["Нет связи с сервером, повторяем…"]
    from tsj_desk.storage.pg_reconnect import _listeners

    before = len(_listeners)
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: len(_listeners) == before - 1)  # a closed window hears no more notices
