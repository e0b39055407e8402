"""«Результаты обзвона»: a results file checked first (nothing written), each row shown
with what it will write or why it cannot; then brought in — the good rows written, the
bad ones left for the file to be corrected and loaded again."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tsj_desk.domain.errors import TsjError
from tsj_desk.services.call_results import ResultsReport, import_results
from tsj_desk.services.folders import documents_folder
from ui import clock, colors, errors
from ui.tables import RIGHT, Column, RowsModel, make_table


def tr(text: str) -> str:
    return QCoreApplication.translate("CallResults", text)


@dataclass(frozen=True)
class PreviewLine:
    row: int
    row_id: str
    who: str
    text: str
    error: bool


def preview_lines(report: ResultsReport) -> list[PreviewLine]:
    """The rows of a report in the file's order: written ones and refused ones."""
    lines = [PreviewLine(line.row, line.row_id, line.who, line.text, False) for line in report.lines]
    by_row: dict[int, list[str]] = {}
    for problem in report.problems:
        where = f"«{problem.column}»: " if problem.column else ""
        by_row.setdefault(problem.row, []).append(where + problem.message)
    lines += [PreviewLine(row, report.row_ids.get(row, ""), "", tr("Ошибка — ") + "; ".join(texts), True)
              for row, texts in by_row.items()]
    return sorted(lines, key=lambda line: line.row)


class PreviewModel(RowsModel[PreviewLine]):
    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Строка"), lambda r: str(r.row), lambda r: r.row, align=RIGHT, width=6),
            Column(tr("Код строки"), lambda r: r.row_id, width=10),
            Column(tr("Кому звонили"), lambda r: r.who, width=26),
            Column(tr("Что будет записано"), lambda r: r.text, width=60, stretch=1, tooltip=lambda r: r.text),
        ], parent)

    def tone(self, row: PreviewLine) -> colors.Tone:
        return colors.Tone.ERROR if row.error else colors.Tone.NORMAL


class CallResultsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, path: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Обзвон: загрузка результатов"))
        self.resize(980, 560)
        self.report: ResultsReport | None = None  # the import's, once done
        layout = QVBoxLayout(self)
        note = QLabel(tr(
            "Файл результатов — выгруженный список обзвона с заполненными столбцами «Дозвонились», "
            "«Показания», «Обещанная дата», «Обещанная сумма», «Оценка», «Комментарий», «Отказ». "
            "Сначала файл проверяется — ничего не записывается."))
        note.setWordWrap(True)
        layout.addWidget(note)
        row = QHBoxLayout()
        self.file = QLineEdit(str(path) if path else "")
        self.file.setReadOnly(True)
        browse = QPushButton(tr("Выбрать файл…"))
        browse.clicked.connect(self.choose_file)
        row.addWidget(self.file, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.model = PreviewModel(self)
        self.view, _ = make_table(self, self.model, "call-results-preview")
        layout.addWidget(self.view, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.import_button = QPushButton(tr("Загрузить"))
        self.import_button.setEnabled(False)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = buttons.addButton(tr("Закрыть"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.bring_in)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        if path is not None:
            self.check(path)

    def ask_file(self) -> Path | None:
        """The results file (tests replace it)."""
        chosen, _ = QFileDialog.getOpenFileName(self, tr("Файл результатов обзвона"), str(documents_folder()),
                                                tr("Таблицы (*.xlsx *.xls *.ods *.csv)"))
        return Path(chosen) if chosen else None

    @Slot()
    def choose_file(self) -> None:
        path = self.ask_file()
        if path is not None:
            self.file.setText(str(path))
            self.check(path)

    def _run(self, path: Path, dry_run: bool) -> ResultsReport | None:
        now = clock.now()
        try:
            return import_results(path, today=now.date(), now=now, dry_run=dry_run)
        except TsjError as exc:
            errors.show_error(self, exc)
            return None

    def check(self, path: Path) -> None:
        report = self._run(path, dry_run=True)
        self.model.set_rows(preview_lines(report) if report else [])
        self.import_button.setEnabled(bool(report and report.saved))
        self.summary.setText(report.summary() if report else "")

    @Slot()
    def bring_in(self) -> None:
        report = self._run(Path(self.file.text()), dry_run=False)
        if report is None:
            return
        self.report = report
        self.model.set_rows(preview_lines(report))
        self.import_button.setEnabled(False)
        text = report.summary()
        if report.problems:
            text += tr(" Строки с ошибками не записаны: исправьте их в файле и загрузите его снова "
                       "(записанные строки повторно не запишутся).")
        self.summary.setText(text)

    @classmethod
    def run(cls, parent: QWidget | None) -> ResultsReport | None:
        dialog = cls(parent)
        try:
            dialog.exec()
            return dialog.report
        finally:
            dialog.deleteLater()
