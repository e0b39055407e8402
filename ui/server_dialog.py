"""Where the base is: «Файл базы на этом компьютере» or «Сервер PostgreSQL».

Shown at the start when no choice was made yet (and no base exists in the data folder)
or when the server chosen last cannot be reached without asking (no password kept, or
the server refused it), and from Файл → «Подключение к базе…». The choice is remembered
without the password (``services.server_connection``); the password goes to the
operating system's credential store when «Запомнить пароль» is ticked.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.services import server_connection as connection
from tsj_desk.services.server_connection import ServerChoice, StartChoice

FILE_FILTER = "База ТСЖ Деск (*.sqlite3 *.sqlite *.db);;Все файлы (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("ServerDialog", text)


class ConnectionDialog(QDialog):
    """The two ways to a base; after ``exec()`` is accepted, ``target`` is a file path or a
    server URL (with the password, never shown) and ``choice`` what is remembered."""

    def __init__(self, parent: QWidget | None = None, *, default_path: Path | None = None,
                 remembered: StartChoice | None = None, problem: str | None = None):
        super().__init__(parent)
        self.setObjectName("connection-dialog")
        self.setWindowTitle(tr("Подключение к базе — ТСЖ Деск"))
        self.target: Path | str | None = None
        self.choice: StartChoice | None = None
        self.not_kept: str | None = None  # why the password was not kept, when it was not
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Где хранится база ТСЖ Деск?")))

        self.file_option = QRadioButton(tr("Файл базы на этом компьютере"))
        self.file_option.setObjectName("option-file")
        self.server_option = QRadioButton(tr("Сервер PostgreSQL"))
        self.server_option.setObjectName("option-server")
        group = QButtonGroup(self)
        group.addButton(self.file_option)
        group.addButton(self.server_option)

        layout.addWidget(self.file_option)
        self.file_box = QWidget()
        file_layout = QVBoxLayout(self.file_box)
        file_layout.setContentsMargins(24, 0, 0, 8)
        file_layout.addWidget(_hint(tr("Один компьютер в офисе: база — файл на его диске.")))
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("file-path")
        browse = QPushButton(tr("Выбрать…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        file_layout.addLayout(row)
        layout.addWidget(self.file_box)

        layout.addWidget(self.server_option)
        self.server_box = QWidget()
        server_layout = QVBoxLayout(self.server_box)
        server_layout.setContentsMargins(24, 0, 0, 0)
        server_layout.addWidget(_hint(tr("Несколько компьютеров офиса работают с одной базой на сервере. "
                                         "Адрес, имя базы и пользователя сообщит администратор сервера.")))
        form = QFormLayout()
        self.host_edit = _field("server-host", tr("например, 192.168.1.10 или server"))
        self.port_edit = _field("server-port", "5432")
        self.port_edit.setMaximumWidth(90)
        self.base_edit = _field("server-base", tr("например, tsj"))
        self.user_edit = _field("server-user", tr("например, buhgalter"))
        self.password_edit = _field("server-password", "")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(tr("Запомнить пароль в хранилище паролей системы"))
        self.remember.setObjectName("remember-password")
        self.remember.setChecked(True)
        form.addRow(tr("Сервер:"), self.host_edit)
        form.addRow(tr("Порт:"), self.port_edit)
        form.addRow(tr("База:"), self.base_edit)
        form.addRow(tr("Пользователь:"), self.user_edit)
        form.addRow(tr("Пароль:"), self.password_edit)
        form.addRow("", self.remember)
        server_layout.addLayout(form)
        check_row = QHBoxLayout()
        self.check_button = QPushButton(tr("Проверить подключение"))
        self.check_button.setObjectName("check-connection")
        self.check_button.clicked.connect(self.check_connection)
        self.check_result = QLabel()
        self.check_result.setObjectName("check-result")
        self.check_result.setWordWrap(True)
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_result, 1)
        server_layout.addLayout(check_row)
        layout.addWidget(self.server_box)

        self.problem = QLabel(problem or "")
        self.problem.setObjectName("connection-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Открыть"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Отмена"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.file_option.toggled.connect(self._switched)
        self._fill(remembered, default_path)
        self.setMinimumWidth(520)

    # ------------------------------------------------------------ filling and switching

    def _fill(self, remembered: StartChoice | None, default_path: Path | None) -> None:
        path = (remembered.path if remembered and remembered.path else None) or default_path
        self.path_edit.setText(str(path) if path else "")
        server = remembered.server if remembered else None
        self.port_edit.setText(str(server.port if server else connection.DEFAULT_PORT))
        if server is not None:
            self.host_edit.setText(server.host)
            self.base_edit.setText(server.database)
            self.user_edit.setText(server.user)
            if connection.stored_password(server):
                self.password_edit.setPlaceholderText(tr("сохранён в хранилище паролей"))
        if remembered is not None and remembered.kind == "server":
            self.server_option.setChecked(True)
        else:
            self.file_option.setChecked(True)
        self._switched()

    def _switched(self, *_args) -> None:
        on_file = self.file_option.isChecked()
        self.file_box.setEnabled(on_file)
        self.server_box.setEnabled(not on_file)

    def _browse(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, tr("Файл базы"), start, tr(FILE_FILTER))
        if name:
            self.path_edit.setText(name)

    def check_connection(self) -> str:
        """«Проверить подключение»: connect with the fields as typed, say what came of it."""
        try:
            server = self.server()
        except TsjError as exc:
            self.show_problem(exc.message)
            return exc.message
        password = self.password_edit.text() or connection.stored_password(server)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            said = connection.try_server(connection.server_url(server, password))
        finally:
            QApplication.restoreOverrideCursor()
        self.check_result.setText(said)
        self.problem.setVisible(False)
        return said

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    # ------------------------------------------------------------ the answer

    def server(self) -> ServerChoice:
        return connection.checked_server(self.host_edit.text(), self.port_edit.text(),
                                         self.base_edit.text(), self.user_edit.text())

    def accept(self) -> None:
        try:
            if self.file_option.isChecked():
                self._accept_file()
            else:
                self._accept_server()
        except TsjError as exc:
            self.show_problem(exc.message)
            return
        super().accept()

    def _accept_file(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            raise TsjError(tr("Укажите файл базы или выберите его кнопкой «Выбрать…»."))
        self.target = Path(text)
        self.choice = StartChoice("file", path=str(self.target))
        connection.save_choice(self.choice)

    def _accept_server(self) -> None:
        server = self.server()
        password = self.password_edit.text() or connection.stored_password(server)
        if self.remember.isChecked():
            if self.password_edit.text() and not connection.store_password(server, self.password_edit.text()):
                self.not_kept = tr("Пароль не запомнен: в системе нет хранилища паролей (или оно "
                                   "закрыто). Программа спросит пароль при следующем запуске.")
                QMessageBox.information(self, tr("Подключение к базе"), self.not_kept)
        else:
            connection.forget_password(server)
        self.target = connection.server_url(server, password)
        self.choice = StartChoice("server", server=server)
        connection.save_choice(self.choice)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid);")
    return label


def _field(name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


# ---------------------------------------------------------------- at the start


def ask(parent: QWidget | None = None, *, default_path: Path | None = None,
        problem: str | None = None) -> Path | str | None:
    """The dialog, filled with the last choice; the target, or None when cancelled."""
    dialog = ConnectionDialog(parent, default_path=default_path, remembered=connection.load_choice(),
                              problem=problem)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.target


def start_target(database: Path | str) -> Path | str | None:
    """What the window opens when started without a base named (``database`` is the data
    folder's default): the last choice when it needs no question (a file; a server whose
    password is kept), an existing default base when no choice was ever made, otherwise
    what the dialog answers (None: cancelled)."""
    remembered = connection.load_choice()
    default = Path(database)
    if remembered is None:
        return default if default.exists() else ask(default_path=default)
    if remembered.kind == "file" and remembered.path:
        return Path(remembered.path)
    if remembered.kind == "server" and remembered.server is not None:
        password = connection.stored_password(remembered.server)
        if password:
            return connection.server_url(remembered.server, password)
    return ask(default_path=default)


def open_at_start(database: Path | str, open_with_questions) -> Path | str | None:
    """Open the base the window starts on: ``database`` when it was named, else the one
    chosen (``start_target``); a server that cannot be opened (its message shown by
    ``open_with_questions``) brings the dialog back until the user cancels."""
    from tsj_desk.services.session import default_database_path

    if Path(str(database)) != default_database_path():
        return open_with_questions(database)
    target = start_target(database)
    while target is not None:
        opened = open_with_questions(target)
        if opened is not None or not isinstance(target, str):
            return opened
        target = ask(default_path=Path(database),
                     problem=tr("Подключиться к серверу не удалось. Проверьте адрес, имя базы, "
                                "пользователя и пароль."))
    return None
