"""What every import dialog shares: the preview and import jobs, the status line,
row heights of the preview, failures shown in one place, closing while a job runs.

A dialog sets ``self.status`` (QLabel), ``self.model``, ``self.table``, the class
attributes ``FILE_CAPTION``, ``FILE_FILTER``, ``SAMPLE_KIND`` and ``SAMPLE_NAME`` (what
«Скачать образец…» writes), and defines ``start_preview`` and
``_update_buttons``; its preview has ``rows``, ``data_rows``, ``valid``, ``errors`` and
``warnings``. The rest is here.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from tsj_desk.domain.errors import RowProblem, TsjError
from tsj_desk.services.importing import write_import_sample
from ui import colors, errors
from ui.column_mapping import ColumnMappingPanel, header_not_found
from ui.tables import make_table, wrap_column
from ui.workers import Job

FIT_ROWS_LIMIT = 3000  # measuring every row of a huge file is slow


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialogBase", text)


def problem_text(problem: RowProblem) -> str:
    """A problem of a file's row as the preview shows it: «Ошибка в столбце «Т1»:
    показание Т1 105,5 меньше предыдущего 110.»"""
    prefix = tr("Ошибка") if problem.is_error else tr("Предупреждение")
    if problem.column:
        return tr("{0} в столбце «{1}»: {2}").format(prefix, problem.column, problem.message)
    return f"{prefix}: {problem.message}"


class ImportDialogBase(QDialog):
    preview_ready = Signal()
    preview_failed = Signal(object)
    imported = Signal(object)  # ImportReport
    import_failed = Signal(object)

    FILE_CAPTION = ""  # the file chooser's title
    FILE_FILTER = ""  # the file types it offers
    SAMPLE_KIND = ""  # write_import_sample's kind: "registry" or "readings"
    SAMPLE_NAME = ""  # the sample's file name offered in the save dialog

    _job = None
    preview = None
    columns = None  # the «Столбцы файла» panel (ColumnMappingPanel) of a dialog that has one

    @classmethod
    def choose_file(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, cls.FILE_CAPTION, "", cls.FILE_FILTER)
        return Path(name) if name else None

    @classmethod
    def choose_sample_path(cls, parent: QWidget | None) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, tr("Сохранить образец"), cls.SAMPLE_NAME,
                                              tr("Книга Excel (*.xlsx)"))
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    @classmethod
    def choose_and_run(cls, parent: QWidget | None, **options) -> bool:
        """Ask for a file, then ``run`` on it; True when something was imported."""
        path = cls.choose_file(parent)
        return path is not None and cls.run(parent, path, **options)

    @classmethod
    def run(cls, parent: QWidget | None, path: Path, **options) -> bool:
        """Show the dialog on ``path`` (``options``: the dialog's own); True when
        something was imported."""
        dialog = cls(parent, path=path, **options)
        try:
            dialog.exec()
            return dialog.report is not None
        finally:
            dialog.deleteLater()

    def _add_file_row(self, layout: QBoxLayout) -> None:
        """The file's name and «Выбрать файл…» across the top of the dialog."""
        top = QHBoxLayout()
        self.file_label = QLabel(self.tr("Файл не выбран"))
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Выбрать файл…"))
        self.choose_button.clicked.connect(self.choose_and_preview)
        self.sample_button = QPushButton(self.tr("Скачать образец…"))
        self.sample_button.setToolTip(self.tr(
            "Пустая таблица в виде, который программа читает сама: столбцы, строка примера "
            "и лист пояснений"))
        self.sample_button.clicked.connect(self.save_sample)
        top.addWidget(self.file_label, 1)
        top.addWidget(self.sample_button)
        top.addWidget(self.choose_button)
        layout.addLayout(top)

    def _add_status(self, layout: QBoxLayout, *, rich: bool = False) -> None:
        """The status line (``rich``: rich text, which a dialog adds lines or links to)."""
        self.status = QLabel()
        self.status.setWordWrap(True)
        if rich:
            self.status.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.status)

    def _add_columns(self, layout: QBoxLayout, kind: str) -> None:
        """«Столбцы файла»: what each column of the file was taken for, changeable (the file
        is read again with a change)."""
        self.columns = ColumnMappingPanel(kind, self)
        self.columns.mapping_changed.connect(self._options_changed)
        layout.addWidget(self.columns)

    @Slot()
    def save_sample(self) -> None:
        """«Скачать образец…»: the blank table in the program's own layout."""
        path = self.choose_sample_path(self)
        if path is None:
            return
        try:
            write_import_sample(self.SAMPLE_KIND, path)
        except TsjError as exc:
            errors.show_error(self, exc)
            return
        self._set_status(self.tr("Образец сохранён: {0}. Заполните его и выберите этим "
                                 "окном.").format(path))

    def _add_preview(self, layout: QBoxLayout, model, settings_key: str) -> None:
        """The preview table (remarks wrap, rows refit when columns resize), the «only
        valid rows» checkbox and the «Загрузить» / «Закрыть» buttons."""
        self.model = model
        self.table, self.proxy = make_table(self, model, settings_key)
        # remarks wrap onto more lines rather than hide past the column's edge
        wrap_column(self.table, model.REMARKS)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.timeout.connect(self._resize_rows)
        self.table.horizontalHeader().sectionResized.connect(self._fit_rows.start)
        layout.addWidget(self.table, 1)

        self.skip_invalid = QCheckBox(self.tr("Загрузить только строки без ошибок"))
        self.skip_invalid.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_invalid)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("Загрузить"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(self.tr("Закрыть"),
                                                   QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.start_import)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)

    @Slot()
    def choose_and_preview(self) -> None:
        path = self.choose_file(self)
        if path is not None:
            self.start_preview(path)

    def _begin_preview(self, path: Path, status: str) -> None:
        """The preview emptied while ``path`` is read (another file: its own columns)."""
        if path != self.path:  # another file: its own columns
            self.columns.forget_choice()
            self.columns.clear()
        self.path = path
        self.preview = None
        self.model.set_rows([])
        self.file_label.setText(self.tr("Файл: {0}").format(path))
        self._set_status(status)

    def _start_preview_job(self, load: Callable[[], object]) -> None:
        """Read the file on a worker thread: ``load()`` returns the preview."""
        self._job = Job(lambda progress, cancel: load())
        self._job.finished.connect(self._preview_loaded)
        self._job.failed.connect(self._preview_failed)
        self._job.start()
        self._update_buttons()

    @Slot()
    def _options_changed(self) -> None:
        """The file read again with the options (its columns, say) as they are now."""
        if self.path is not None and self._job is None:
            self.start_preview(self.path)

    @Slot(object)
    def _preview_loaded(self, preview) -> None:
        """Show a file's rows and say what they hold and whether it can be imported."""
        self._job = None
        self.preview = preview
        self.model.set_rows(preview.rows)
        self._preview_shown(preview)
        self._resize_rows()
        problem = preview.errors > 0
        text = tr("Строк: {0}, без ошибок: {1}, ошибок: {2}, предупреждений: {3}.").format(
            preview.data_rows, preview.valid, preview.errors, preview.warnings)
        if problem:
            text += " " + tr("Строки с ошибками выделены красным; пока они есть, файл "
                             "не загружается целиком.")
        elif preview.warnings:
            text += " " + tr("Предупреждения выделены жёлтым — проверьте их; загрузке они не мешают.")
        self._set_status(text, error=problem)
        self.skip_invalid.setChecked(False)
        self._update_buttons()
        self.preview_ready.emit()

    def _preview_shown(self, preview) -> None:
        """What a dialog adjusts for the rows of a file (columns to show, say)."""

    @Slot(object)
    def _preview_failed(self, exc: BaseException) -> None:
        self._job = None
        self.preview = None
        missing = header_not_found(exc) if self.columns is not None else None
        if missing is not None and missing.cells:
            # no header found: the file's columns are offered to say which is which
            self.columns.show_header(missing.cells, missing=missing.missing_text)
            self._set_status(self.columns.not_found_text(self.path.name if self.path else ""),
                             error=True)
            self._update_buttons()
            self.preview_failed.emit(exc)
            return
        message = exc.message if isinstance(exc, TsjError) else self.tr("Не удалось прочитать файл.")
        self._set_status(message, error=True)
        self._update_buttons()
        errors.show_error(self, exc)
        self.preview_failed.emit(exc)

    @Slot()
    def _resize_rows(self) -> None:
        if self.model.rowCount() <= FIT_ROWS_LIMIT:
            self.table.resizeRowsToContents()

    def _set_status(self, text: str, *, error: bool = False) -> None:
        rich = self.status.textFormat() == Qt.TextFormat.RichText
        self.status.setText(escape(text) if rich else text)
        self.status.setStyleSheet(colors.ERROR_LABEL_STYLE if error else "")

    def _ready_to_import(self, importable: int) -> bool:
        """Whether the preview may be imported (``importable`` rows of it): with no errors, or
        with «Загрузить только строки без ошибок» ticked, offered when there are both."""
        preview = self.preview
        self.skip_invalid.setEnabled(bool(preview and preview.errors and importable))
        return (preview is not None and importable > 0
                and (preview.errors == 0 or self.skip_invalid.isChecked()))

    def _import_finished(self, report) -> None:
        """An import done: its report kept, the buttons as they are with no job."""
        self._job = None
        self.report = report
        self._update_buttons()

    def _skipped_rows_text(self, report) -> str:
        """« Пропущены строки с ошибками: N.» when the import left rows out, else empty."""
        if not report.errors:
            return ""
        return " " + tr("Пропущены строки с ошибками: {0}.").format(len({p.row for p in report.errors}))

    def _imported_told(self, title: str, text: str, report) -> None:
        """Say what was imported, then close the dialog as accepted."""
        QMessageBox.information(self, title, text)
        self.imported.emit(report)
        self.accept()

    def _import_failed(self, exc: BaseException) -> None:
        self._job = None
        self._update_buttons()
        errors.show_error(self, exc)
        self.import_failed.emit(exc)

    def done(self, result: int) -> None:
        # a preview still reading is waited for; an import is cancelled (rolled back)
        job = self._job
        if job is not None:
            job.request_cancel()
            job.finish_now()
        super().done(result)
