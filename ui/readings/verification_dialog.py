"""«Поверка»: meters whose verification ends within N days or has ended, and notice
letters to their owners (one .docx per premise) for the rows chosen, in one go."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.domain.text import format_date
from tsj_desk.services.readings import VerificationDue, verification_due
from tsj_desk.services.reminders import verification_letters
from tsj_desk.services.reminders_print import verification_letters_file
from ui import clock, colors, errors
from ui.readings.files import documents_folder, file_link
from ui.readings.texts import days_text, letters_text, meters_text, tr
from ui.tables import RIGHT, Column, RowsModel, make_table
from ui.workers import Job, run_with_progress

DEFAULT_DAYS = 60


def state_text(row: VerificationDue) -> str:
    if row.days_left > 0:
        return tr("через {0}").format(days_text(row.days_left))
    if row.days_left == 0:
        return tr("сегодня")
    return tr("истекла {0} назад").format(days_text(-row.days_left))


def _premise_order(row: VerificationDue) -> str:
    return "~" if row.premise_number == "ОДПУ" else premise_sort_text(row.premise_number)


class DueModel(RowsModel[VerificationDue]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Помещение"), lambda r: r.premise_number, _premise_order, width=9),
            Column(tr("Собственники"), lambda r: r.owners, width=34, tooltip=lambda r: r.owners or None),
            Column(tr("Ресурс"), lambda r: r.resource.short, lambda r: r.resource.order, width=9),
            Column(tr("№ счётчика"), lambda r: r.serial, width=13),
            Column(tr("Поверка до"), lambda r: format_date(r.next_verification),
                   lambda r: r.next_verification, width=11),
            Column(tr("Срок"), state_text, lambda r: r.days_left, RIGHT, width=20),
        ], parent)

    def tone(self, row: VerificationDue) -> colors.Tone:
        return colors.Tone.ERROR if row.days_left < 0 else colors.Tone.WARNING


class VerificationDialog(QDialog):
    letters_written = Signal(object)  # list[Path]
    letters_failed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, days: int = DEFAULT_DAYS):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Поверка счётчиков"))
        self.resize(1000, 600)
        self.written: list[Path] = []
        self._job: Job | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Поверка истекает в ближайшие")))
        self.days = QSpinBox()
        self.days.setRange(0, 3650)
        self.days.setValue(days)
        self.days.setSuffix(self.tr(" дн."))
        top.addWidget(self.days)
        top.addWidget(QLabel(self.tr("или уже истекла")))
        top.addStretch(1)
        self.count_label = QLabel()
        top.addWidget(self.count_label)
        layout.addLayout(top)
        note = QLabel(self.tr("После даты поверки показания счётчика не принимаются к расчёту. "
                              "Выделите строки (Ctrl+A — все) и подготовьте письма собственникам: "
                              "одно письмо на помещение со всеми его счётчиками."))
        note.setWordWrap(True)
        layout.addWidget(note)

        self.model = DueModel(self)
        self.table, self.proxy = make_table(self, self.model, "readings-verification", sort_column=4)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setOpenExternalLinks(True)
        layout.addWidget(self.status)

        self.buttons = QDialogButtonBox()
        self.letters_button = self.buttons.addButton(self.tr("Письма собственникам…"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.print_file_button = self.buttons.addButton(self.tr("Одним файлом для печати…"),
                                                        QDialogButtonBox.ButtonRole.ActionRole)
        close = self.buttons.addButton(self.tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.letters_button.clicked.connect(self.make_letters)
        self.print_file_button.clicked.connect(self.make_print_file)
        close.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.days.valueChanged.connect(self.reload)
        QShortcut(QKeySequence.StandardKey.SelectAll, self.table, activated=self.table.selectAll)
        self.reload()

    @classmethod
    def run(cls, parent: QWidget | None) -> None:
        dialog = cls(parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    # -- rows

    @Slot()
    def reload(self) -> None:
        try:
            rows = verification_due(today=clock.today(), within_days=self.days.value())
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self.model.set_rows(rows)
        expired = sum(1 for r in rows if r.days_left < 0)
        self.count_label.setText(self.tr("{0}, из них истекла: {1}").format(meters_text(len(rows)), expired)
                                 if rows else self.tr("Таких счётчиков нет"))
        self._update_buttons()

    def rows(self) -> list[VerificationDue]:
        return [self.proxy.row_at(r) for r in range(self.proxy.rowCount())]

    def selected_rows(self) -> list[VerificationDue]:
        return [self.proxy.row_at(index.row()) for index in self.table.selectionModel().selectedRows()]

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected_rows()
        self.letters_button.setEnabled(bool(chosen) and self._job is None)
        self.print_file_button.setEnabled(bool(chosen) and self._job is None)
        self.letters_button.setText(self.tr("Письма собственникам ({0})…").format(len(chosen)) if chosen
                                    else self.tr("Письма собственникам…"))

    # -- letters

    @staticmethod
    def ask_folder(parent: QWidget | None) -> Path | None:
        """The folder for the letters (the user's choice), or None."""
        caption = QCoreApplication.translate("VerificationDialog", "Папка для писем о поверке")
        suggested = documents_folder() / QCoreApplication.translate("VerificationDialog", "Письма о поверке")
        chosen = QFileDialog.getExistingDirectory(parent, caption, str(suggested))
        return Path(chosen) if chosen else None

    @Slot()
    def make_letters(self) -> None:
        chosen = self.selected_rows()
        if not chosen or self._job is not None:
            return
        folder = self.ask_folder(self)
        if folder is None:
            return
        ids, today = [r.meter_id for r in chosen], clock.today()

        def work(progress, cancel) -> list[Path]:
            return verification_letters(ids, folder, today=today, progress=progress, cancel=cancel)

        self._job = run_with_progress(self, self.tr("Письма о поверке…"), work,
                                      on_finished=self._written, on_failed=self._failed)
        self._update_buttons()

    @staticmethod
    def ask_print_file(parent: QWidget | None, today) -> Path | None:
        """The .docx holding every letter, one a page (the user's choice), or None."""
        caption = QCoreApplication.translate("VerificationDialog", "Письма о поверке одним файлом")
        suggested = documents_folder() / QCoreApplication.translate(
            "VerificationDialog", "Письма о поверке от {0}.docx").format(format_date(today))
        name, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested),
                                              QCoreApplication.translate("VerificationDialog",
                                                                         "Документ Word (*.docx)"))
        if not name:
            return None
        target = Path(name)
        return target if target.suffix.lower() == ".docx" else target.with_name(target.name + ".docx")

    @Slot()
    def make_print_file(self) -> None:
        """«Одним файлом для печати…»: every letter in one .docx, one letter a page."""
        chosen = self.selected_rows()
        if not chosen or self._job is not None:
            return
        today = clock.today()
        out = self.ask_print_file(self, today)
        if out is None:
            return
        ids = [r.meter_id for r in chosen]

        def work(progress, cancel) -> int:
            return verification_letters_file(ids, out, today=today, progress=progress, cancel=cancel)

        def finished(count: int) -> None:
            self._job = None
            self._update_buttons()
            text = self.tr("{0} в одном файле, по письму на странице: {1}.").format(
                letters_text(count)[:1].upper() + letters_text(count)[1:], out)
            self.status.setText(escape(text) + " " + file_link(out, self.tr("Открыть файл")))

        self._job = run_with_progress(self, self.tr("Письма о поверке…"), work,
                                      on_finished=finished, on_failed=self._failed)
        self._update_buttons()

    def _written(self, paths: list[Path]) -> None:
        self._job = None
        self.written = list(paths)
        self._update_buttons()
        folder = paths[0].parent if paths else None
        text = self.tr("Подготовлено {0}").format(letters_text(len(paths)))
        skipped = sum(1 for r in self.selected_rows() if r.premise_number == "ОДПУ")
        if skipped:
            text += self.tr(" (ОДПУ пропущены: у них нет собственника-адресата)")
        if folder is not None:
            text += f": {folder}."
        self.status.setText(escape(text) + (" " + file_link(folder, self.tr("Открыть папку")) if folder else ""))
        self.letters_written.emit(self.written)

    def _failed(self, exc: BaseException) -> None:
        self._job = None
        self._update_buttons()
        errors.show_error(self, exc)
        self.letters_failed.emit(exc)

    def done(self, result: int) -> None:
        job = self._job
        if job is not None:
            job.request_cancel()
            job.finish_now()
        super().done(result)
