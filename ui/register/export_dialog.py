"""«Выдать реестр собственников» (ЖК РФ ст. 45 ч. 3.1): a file plus a log entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.text import counted, format_date
from tsj_desk.services.disclosure import ExportResult, export_register
from tsj_desk.services.folders import make_offered_folder, offered_file
from ui import clock, errors
from ui.widgets import date_edit, date_value, error_label, show_problem, two_formats
from ui.workers import Job, run_with_progress
from ui.form_guard import prepare_form

PURPOSES = [
    "созыв и проведение общего собрания собственников",
    "запрос собственника помещения",
    "запрос инициатора общего собрания",
]


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult
    export_failed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, today: date | None = None,
                 members: bool = False):
        super().__init__(parent)
        self.members = members  # the register of members of the association (ЖК РФ ст. 143)
        self.setWindowTitle(self.tr("Выдать реестр членов товарищества") if members
                            else self.tr("Выдать реестр собственников"))
        self.result_info: ExportResult | None = None
        self._job: Job | None = None
        self._today = today or clock.today()
        layout = QVBoxLayout(self)
        note = QLabel(self.tr(
            "Реестр содержит персональные данные. Каждая выдача записывается в журнал: "
            "когда, кому, с какой целью, сколько строк и контрольная сумма файла."))
        note.setWordWrap(True)
        layout.addWidget(note)

        form = QFormLayout()
        self.as_of = date_edit(self, self._today)
        self.requested_by = QLineEdit()
        self.requested_by.setPlaceholderText(self.tr("ФИО собственника или инициатора собрания, кв."))
        self.requested_by.setMinimumWidth(420)
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose.addItems([self.tr(p) for p in PURPOSES])
        self.purpose.setCurrentIndex(-1)
        self.purpose.lineEdit().setPlaceholderText(self.tr("например, созыв общего собрания"))
        self.xlsx, self.docx, format_row = two_formats(self, self.tr("Excel (.xlsx)"),
                                                     self.tr("Word (.docx) для печати"))
        self.file = QLineEdit(str(self._default_file(".xlsx")))
        browse = QPushButton(self.tr("Обзор…"))
        browse.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        form.addRow(self.tr("Реестр на дату:"), self.as_of)
        form.addRow(self.tr("Кому выдаётся:"), self.requested_by)
        form.addRow(self.tr("Цель выдачи:"), self.purpose)
        form.addRow(self.tr("Формат:"), format_row)
        form.addRow(self.tr("Файл:"), file_row)
        layout.addLayout(form)
        self.problem = error_label(self)
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("Выгрузить"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(self.tr("Отмена"), QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start_export)
        cancel.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

        self.xlsx.toggled.connect(self._format_changed)
        for edit in (self.requested_by, self.file):
            edit.textChanged.connect(self._check)
        self.purpose.editTextChanged.connect(self._check)
        self.as_of.dateChanged.connect(self._as_of_changed)
        self._check()
        prepare_form(self)

    @classmethod
    def run(cls, parent: QWidget | None, *, today: date | None = None,
            members: bool = False) -> ExportResult | None:
        dialog = cls(parent, today=today, members=members)
        try:
            dialog.exec()
            return dialog.result_info
        finally:
            dialog.deleteLater()

    # -- fields

    def suffix(self) -> str:
        return ".xlsx" if self.xlsx.isChecked() else ".docx"

    def _default_file(self, suffix: str, as_of: date | None = None) -> Path:
        kind = "Реестр членов ТСЖ" if self.members else "Реестр собственников"
        return offered_file(f"{kind} на {format_date(as_of or self._today)}{suffix}")  # «Документы\\ТСЖ Деск»

    @Slot()
    def _format_changed(self) -> None:
        current = Path(self.file.text())
        if current.suffix.lower() in {".xlsx", ".docx"}:
            self.file.setText(str(current.with_suffix(self.suffix())))

    @Slot()
    def _as_of_changed(self) -> None:
        current = Path(self.file.text())
        if current.name.startswith("Реестр собственников на "):
            self.file.setText(str(current.parent / self._default_file(self.suffix(), date_value(self.as_of)).name))

    @Slot()
    def choose_file(self) -> None:
        filter_text = (self.tr("Книга Excel (*.xlsx)") if self.suffix() == ".xlsx"
                       else self.tr("Документ Word (*.docx)"))
        make_offered_folder(Path(self.file.text()).parent)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Куда сохранить реестр"),
                                              self.file.text(), filter_text)
        if name:
            path = Path(name)
            if path.suffix.lower() != self.suffix():
                path = path.with_name(path.name + self.suffix())
            self.file.setText(str(path))

    def problem_text(self) -> str | None:
        if not self.requested_by.text().strip():
            return self.tr("Укажите, кому выдаётся реестр.")
        if not self.purpose.currentText().strip():
            return self.tr("Укажите цель выдачи реестра.")
        if not self.file.text().strip():
            return self.tr("Укажите файл, в который записать реестр.")
        if Path(self.file.text()).suffix.lower() not in {".xlsx", ".docx"}:
            return self.tr("Имя файла должно оканчиваться на .xlsx или .docx.")
        return None

    @Slot()
    def _check(self) -> None:
        problem = self.problem_text()
        # the first two are plain «fill this in»: no red text until the user has typed something
        visible = problem if (self.requested_by.text() or self.purpose.currentText()) else None
        show_problem(self.problem, visible)
        self.export_button.setEnabled(problem is None and self._job is None)

    # -- export

    @Slot()
    def start_export(self) -> None:
        if self.problem_text() is not None or self._job is not None:
            return
        out = Path(self.file.text().strip())
        make_offered_folder(out.parent)
        as_of = date_value(self.as_of) or self._today
        requested_by = self.requested_by.text().strip()
        purpose = self.purpose.currentText().strip()

        def work(progress, cancel) -> ExportResult:
            return export_register(out, as_of=as_of, requested_by=requested_by, purpose=purpose,
                                   now=clock.now(), members_only=self.members)

        self._job = run_with_progress(self, self.tr("Выгрузка реестра…"), work,
                                      on_finished=self._done, on_failed=self._failed,
                                      cancellable=False)
        self._check()

    def _done(self, result: ExportResult) -> None:
        self._job = None
        self.result_info = result
        QMessageBox.information(
            self, self.tr("Реестр выгружен"),
            self.tr("Реестр на {0} записан в файл:\n{1}\n\nВ реестре {2}. Выдача записана "
                    "в журнал «Выдача реестра».").format(
                format_date(date_value(self.as_of)), result.path,
                counted(result.rows, "строка", "строки", "строк")))
        self.exported.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self._check()
        errors.show_error(self, exc)
        self.export_failed.emit(exc)

    def done(self, result: int) -> None:
        job = self._job
        if job is not None:
            job.finish_now()
        super().done(result)
