"""Settings → «Пользователи»: the office's users, added, edited, deactivated.

``UserDialog.ask()`` returns what was typed (or None); tests replace it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.services import users
from ui import clock, colors, errors
from ui.tables import Column, RowsModel
from ui.widgets import error_label, show_problem
from ui.form_guard import prepare_form
from ui.list_tab import add_button_row, intro_and_table


def tr(text: str) -> str:
    return QCoreApplication.translate("UsersTab", text)


class UsersModel(RowsModel[users.UserRow]):
    NAME, ROLE, PASSWORD, STATE = range(4)

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Имя"), lambda r: r.name, width=28),
            Column(tr("Должность"), lambda r: r.role, width=22),
            Column(tr("Пароль"), lambda r: tr("есть") if r.has_password else tr("нет"), width=8),
            Column(tr("Состояние"), lambda r: tr("работает") if r.active else tr("отключён"), width=10),
        ], parent)

    def tone(self, row: users.UserRow) -> colors.Tone:
        return colors.Tone.NORMAL if row.active else colors.Tone.MUTED


@dataclass(frozen=True)
class UserEdit:
    data: users.UserInput
    change_password: bool


class UserDialog(QDialog):
    def __init__(self, parent: QWidget | None, row: users.UserRow | None):
        super().__init__(parent)
        self.setWindowTitle(tr("Новый пользователь") if row is None else tr("Пользователь"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(row.name if row else "")
        self.name.setPlaceholderText(tr("например: Петрова А. С."))
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(users.ROLES)
        self.role.setCurrentText(row.role if row else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Имя:"), self.name)
        form.addRow(tr("Должность:"), self.role)
        self.change_password = QCheckBox(tr("Сменить пароль") if row and row.has_password
                                         else tr("Задать пароль"))
        self.change_password.setChecked(row is None)
        self.change_password.setVisible(row is not None)
        self.change_password.toggled.connect(self.password.setEnabled)
        self.password.setEnabled(row is None)
        form.addRow("", self.change_password)
        form.addRow(tr("Пароль:"), self.password)
        hint = QLabel(tr("Пароль необязателен: на одном компьютере в одном кабинете он не нужен. "
                         "Пустой пароль — без пароля."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", hint)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(tr("Сохранить"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        ok.setDefault(True)
        layout.addWidget(buttons)
        self.value: UserEdit | None = None
        prepare_form(self)

    def save(self) -> None:
        if not self.name.text().strip():
            show_problem(self.problem, tr("Укажите имя пользователя."))
            self.name.setFocus()
            return
        self.value = UserEdit(users.UserInput(self.name.text(), self.role.currentText(),
                                              self.password.text() if self.change_password.isChecked() else ""),
                              self.change_password.isChecked())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, row: users.UserRow | None) -> UserEdit | None:
        dialog = cls(parent, row)
        try:
            return dialog.value if dialog.exec() else None
        finally:
            dialog.deleteLater()


class UsersTab(QWidget):
    changed = Signal()  # a user added, renamed or (de)activated: the status bar may change

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = UsersModel(self)
        layout, self.table, _ = intro_and_table(
            self, tr("Кто работает с программой. Журнал изменений, журнал выдачи реестра и история обращений "
                     "называют выбранного при запуске пользователя. Ушедшего сотрудника отключите: в журналах "
                     "его имя останется."), self.model, "settings-users")
        self.add_button = QPushButton(tr("Добавить…"))
        self.edit_button = QPushButton(tr("Изменить…"))
        self.active_button = QPushButton(tr("Отключить"))
        add_button_row(layout, self.add_button, self.edit_button, self.active_button)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.doubleClicked.connect(lambda *_: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.reload()

    def reload(self) -> None:
        try:
            self.model.set_rows(users.list_users())
        except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
            errors.show_error(self, exc)
        self._update_buttons()

    def selected(self) -> users.UserRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        source = self.table.model().mapToSource(indexes[0])
        return self.model.row_at(source.row())

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None)
        self.active_button.setText(tr("Включить") if row is not None and not row.active else tr("Отключить"))

    def _run(self, step) -> None:
        try:
            step()
        except Exception as exc:  # noqa: BLE001
            errors.show_error(self, exc)
            return
        self.reload()
        self.changed.emit()

    @Slot()
    def add(self) -> None:
        answer = UserDialog.ask(self, None)
        if answer is not None:
            self._run(lambda: users.add_user(answer.data, now=clock.now()))

    @Slot()
    def edit(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = UserDialog.ask(self, row)
        if answer is not None:
            self._run(lambda: users.edit_user(row.id, answer.data, now=clock.now(),
                                              change_password=answer.change_password))

    @Slot()
    def toggle_active(self) -> None:
        row = self.selected()
        if row is not None:
            self._run(lambda: users.set_active(row.id, not row.active, now=clock.now()))
