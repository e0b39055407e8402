"""«Кто работает?»: at start, when the base has users to choose from, the window asks
who works (a list of the active users, a password for those who have one). The
choice is remembered for the next start of this base; cancelling closes the program.

``WhoDialog.ask()`` returns the chosen user's name, or None; tests replace it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import users
from ui.settings import settings


def error_label(parent: QWidget) -> QLabel:
    """``ui.widgets.error_label``, loaded with the dialog (most starts ask nobody)."""
    from ui.widgets import error_label as make

    return make(parent)


def show_problem(label: QLabel, text: str | None) -> None:
    from ui.widgets import show_problem as show

    show(label, text)


def tr(text: str) -> str:
    return QCoreApplication.translate("WhoDialog", text)


def _remembered_key() -> str:
    return f"users/last/{users.base_key()}"


def remembered() -> str:
    return str(settings().value(_remembered_key(), "") or "")


def remember(name: str) -> None:
    settings().setValue(_remembered_key(), name)


class WhoDialog(QDialog):
    def __init__(self, parent: QWidget | None, rows: list[users.UserRow], last: str = ""):
        super().__init__(parent)
        self.setWindowTitle(tr("Кто работает?"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        head = QLabel(tr("Выберите себя: изменения в базе будут записаны под вашим именем."))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.list = QListWidget()
        for row in rows:
            item = QListWidgetItem(f"{row.name} — {row.role}" if row.role else row.name)
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.list.addItem(item)
            if row.name == last:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        self.password_label = QLabel(tr("Пароль:"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password_label)
        layout.addWidget(self.password)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(tr("Начать работу"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(tr("Выйти"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.ok_button.setDefault(True)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda *_: self._show_password())
        self.list.itemDoubleClicked.connect(lambda *_: self.save())
        self._show_password()
        self.value: str | None = None

    def chosen(self) -> users.UserRow | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_password(self) -> None:
        row = self.chosen()
        needed = row is not None and row.has_password
        self.password_label.setVisible(needed)
        self.password.setVisible(needed)
        self.password.clear()
        show_problem(self.problem, None)
        (self.password if needed else self.list).setFocus()

    def save(self) -> None:
        row = self.chosen()
        if row is None:
            show_problem(self.problem, tr("Выберите пользователя в списке."))
            return
        try:
            users.choose_user(row.name, self.password.text())
        except TsjError as exc:
            show_problem(self.problem, exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.value = row.name
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, rows: list[users.UserRow], last: str = "") -> str | None:
        dialog = cls(parent, rows, last)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()


def choose_at_start(parent: QWidget | None = None) -> bool:
    """Ask who works when the base has users to choose from; False: the user cancelled
    (the program closes). With one user and no password nobody is asked."""
    if not users.needs_choice():
        return True
    name = WhoDialog.ask(parent, users.list_users(active_only=True), remembered())
    if name is None:
        return False
    users.choose_user(name, check_password=False)  # the dialog checked the password
    remember(name)
    return True
