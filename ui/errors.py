"""The one place that turns errors into dialogs.

Expected problems (``TsjError``) get a plain warning with the message the core
wrote for the user. Anything else is a bug: it is logged, shown in a dialog with a
«Скопировать подробности» button, and the application keeps running.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.faults import fault_of
from tsj_desk.services.session import server_problem

log = logging.getLogger(__name__)

APP_TITLE = "ТСЖ Деск"


def tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


def format_details(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


class BugDialog(QDialog):
    """A program error: what happened in plain words, details to copy for the developer."""

    def __init__(self, parent: QWidget | None, exc: BaseException):
        super().__init__(parent)
        self.setWindowTitle(tr("Ошибка программы — ТСЖ Деск"))
        self.details = format_details(exc)
        layout = QVBoxLayout(self)
        text = QLabel(tr(
            "В программе произошла ошибка. Данные, сохранённые до неё, не потеряны; "
            "можно продолжать работу.\n\nЕсли ошибка повторяется, нажмите "
            "«Скопировать подробности» и перешлите текст разработчикам."
        ))
        text.setWordWrap(True)
        layout.addWidget(text)
        summary = QLabel(f"{type(exc).__name__}: {exc}")
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(summary)
        view = QPlainTextEdit(self.details)
        view.setReadOnly(True)
        view.setMinimumSize(560, 180)
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Закрыть"))
        self.copy_button = QPushButton(tr("Скопировать подробности"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(tr("Скопировано"))


def show_message(parent: QWidget | None, text: str) -> None:
    """An expected problem: a plain warning the user can act on."""
    QMessageBox.warning(parent, APP_TITLE, text)


_showing_bug = False


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show any error: ``TsjError`` as a plain message, anything else as a program error.

    A fault of the disk or the file system that reached the window untranslated (no space
    left, a read-only or missing folder, no permission) is an expected problem too: it is
    put in words (``tsj_desk.faults``) and shown as one."""
    global _showing_bug
    if not isinstance(exc, TsjError) and (problem := server_problem(exc)) is not None:
        log.warning("A failure of the database server: %s", type(exc).__name__)
        exc = problem  # a server's failure (connection, password, disk full…) in words
    if not isinstance(exc, TsjError) and (fault := fault_of(exc)) is not None:
        log.warning("A fault of the disk or the file system: %s", fault.kind)
        exc = fault
    if isinstance(exc, TsjError):
        show_message(parent, exc.message)
        return
    log.error("Program error", exc_info=(type(exc), exc, exc.__traceback__))
    if QApplication.instance() is None or _showing_bug:
        # No window to show it in, or a dialog is already up (a burst of errors):
        # the log has it.
        return
    _showing_bug = True
    try:
        BugDialog(parent or QApplication.activeWindow(), exc).exec()
    finally:
        _showing_bug = False


class _Relay(QObject):
    """Carries exceptions from any thread to the GUI thread."""

    raised = Signal(object)

    @Slot(object)
    def show(self, exc: BaseException) -> None:
        show_error(QApplication.activeWindow(), exc)


_relay: _Relay | None = None


def _relay_exception(exc: BaseException) -> None:
    if _relay is None:
        log.error("Program error", exc_info=(type(exc), exc, exc.__traceback__))
        return
    _relay.raised.emit(exc)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    _relay_exception(exc)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    _relay_exception(args.exc_value)


def install_excepthook() -> None:
    """Route uncaught exceptions (slots, Python threads) into the error dialog.

    Must be called on the GUI thread after the QApplication exists. The dialog is
    always opened on the GUI thread, through a queued signal, so the code that
    raised has returned before the dialog appears and the application keeps running.
    """
    global _relay
    if _relay is None:
        app = QCoreApplication.instance()
        assert app is not None and QThread.currentThread() is app.thread()
        _relay = _Relay()
        _relay.raised.connect(_relay.show, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def uninstall_excepthook() -> None:
    global _relay
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    if _relay is not None:
        _relay.deleteLater()
        _relay = None
