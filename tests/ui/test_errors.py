"""Errors become dialogs in one place; a bug in a slot does not stop the application."""

from __future__ import annotations

import sys
import threading

import pytest
from keys import type_text
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QPushButton

from tsj_desk.domain.errors import FileProblem
from ui import errors
from ui.errors import BugDialog


@pytest.fixture
def hooks(monkeypatch):
    """Our hooks for the length of the test; pytest-qt's come back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install_excepthook()
    yield
    errors.uninstall_excepthook()


@pytest.fixture
def bug_dialogs(monkeypatch):
    shown: list[BugDialog] = []

    def exec_(self):
        shown.append(self)
        return 0

    monkeypatch.setattr(BugDialog, "exec", exec_)
    return shown


def test_expected_problem_is_a_plain_warning(qtbot, monkeypatch, bug_dialogs):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append((title, text)))
    errors.show_error(None, FileProblem("Файл «реестр.xlsx» не найден."))
    assert said == [("ТСЖ Деск", "Файл «реестр.xlsx» не найден.")]
    assert bug_dialogs == []


@pytest.mark.demo_counts(reason="expects the demo's one premise Н3; each of the 100× base's 100 houses has one")
def test_bug_in_a_slot_is_shown_and_the_window_keeps_working(qtbot, main_window, hooks, bug_dialogs, caplog):
    page = main_window.page("register")
    button = QPushButton("сломать", page)

    def broken_slot():
        raise ZeroDivisionError("division by zero in a slot")

    button.clicked.connect(broken_slot)
    with caplog.at_level("ERROR", logger="ui.errors"):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(bug_dialogs) == 1)
    dialog = bug_dialogs[0]
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Ошибка программы — ТСЖ Деск"
    assert "ZeroDivisionError: division by zero in a slot" in dialog.details
    assert "broken_slot" in dialog.details  # the traceback, for the developer
    assert any("Program error" in r.message for r in caplog.records)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.details
    assert dialog.copy_button.text() == "Скопировано"

    # the application goes on: the register still filters as you type
    type_text(page.filter, "Н3")
    qtbot.waitUntil(lambda: [p.number for p in page.visible_premises()] == ["Н3"])


def test_bug_in_a_python_thread_is_shown_on_the_gui_thread(qtbot, hooks, bug_dialogs, monkeypatch):
    seen_on = []
    original_show = errors.show_error

    def recording_show(parent, exc):
        seen_on.append(threading.current_thread() is threading.main_thread())
        original_show(parent, exc)

    monkeypatch.setattr(errors, "show_error", recording_show)
    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(bug_dialogs) == 1)
    assert seen_on == [True]
    assert "ZeroDivisionError" in bug_dialogs[0].details
    qtbot.addWidget(bug_dialogs[0])
