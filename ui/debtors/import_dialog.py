"""«Загрузка остатков по лицевым счетам»: file → preview of every row with its errors
→ import as one dated batch (which can be undone from the «Должники» page).

The preview and the import run on a worker thread. The date of the balances is the
file's (its title) unless «Дата остатков» is ticked. By default a file with any error
imports nothing; «Загрузить только строки без ошибок» imports the rest.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from tsj_desk.domain.debts import money_text
from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.text import counted, format_date
from tsj_desk.services.column_layouts import BALANCES, applied_text
from tsj_desk.services.debts import BalancesPreview, import_balances, preview_balances
from tsj_desk.services.importing import ImportReport
from ui import clock
from ui.import_base import ImportDialogBase
from ui.import_preview import CheckedCounts, ImportPreviewModel, ProblemRow, line_column
from ui.tables import RIGHT, Column
from ui.widgets import date_edit, from_qdate, to_qdate
from ui.workers import run_with_progress


def tr(text: str) -> str:
    return QCoreApplication.translate("BalancesImportDialog", text)


@dataclass(frozen=True)
class PreviewRow(ProblemRow):
    row: int
    account: str
    premise: str
    owner: str
    debt: str
    months: str
    problems: tuple[RowProblem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Preview(CheckedCounts):
    checked: BalancesPreview
    rows: list[PreviewRow]
    layout_note: str | None = None  # «Раскладка запомнена: …» when a remembered layout was applied

    @property
    def valid(self) -> int:
        return self.data_rows - len({p.row for p in self.checked.errors})

    @property
    def to_import(self) -> int:
        return len(self.checked.valid())


def load_preview(path: Path, *, today: date, balance_date: date | None,
                 mapping: dict[str, str] | None = None) -> Preview:
    """Runs on a worker thread: read the file (with the user's column layout, else one
    remembered for its header row) and match its rows to the premises."""
    checked = preview_balances(path, today=today, balance_date=balance_date, mapping=mapping)
    problems: dict[int, list[RowProblem]] = defaultdict(list)
    for problem in checked.problems:
        problems[problem.row].append(problem)
    rows = [PreviewRow(c.row.row, c.row.account, c.premise_number or c.row.premise, c.row.owner,
                       money_text(c.row.debt, unit=False), str(c.row.months or ""),
                       tuple(problems.pop(c.row.row, ()))) for c in checked.checked]
    for number, found in problems.items():  # rows that could not be read, the totals row
        rows.append(PreviewRow(number, "", "", "", "", "", tuple(found)))
    rows.sort(key=lambda r: r.row)
    return Preview(checked, rows, applied_text(BALANCES, checked.parsed.layout))


class PreviewModel(ImportPreviewModel[PreviewRow]):
    REMARKS = 6

    def __init__(self, parent=None):
        super().__init__([
            line_column(6),
            Column(tr("Лицевой счёт"), lambda r: r.account, width=10),
            Column(tr("Помещение"), lambda r: r.premise, width=8),
            Column(tr("Собственник"), lambda r: r.owner, width=18, stretch=2),
            Column(tr("Долг, руб."), lambda r: r.debt, align=RIGHT, sample="1 234 567,89"),
            Column(tr("Мес."), lambda r: r.months, align=RIGHT, sample="99"),
            Column(tr("Замечания"), lambda r: r.remarks(), width=30, stretch=3),
        ], parent)


class BalancesImportDialog(ImportDialogBase):
    FILE_CAPTION = "Выберите файл остатков (ОСВ, список должников)"
    FILE_FILTER = "Остатки по лицевым счетам (*.xlsx *.xls *.ods *.csv)"

    def __init__(self, parent: QWidget | None = None, *, path: Path | str | None = None,
                 balance_date: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Загрузка остатков по лицевым счетам"))
        self.resize(1100, 660)
        self.path: Path | None = None
        self.report: ImportReport | None = None
        layout = QVBoxLayout(self)
        self._add_file_row(layout)
        self.sample_button.hide()  # the billing's own file is loaded, not a form of ours

        options = QHBoxLayout()
        self.use_date = QCheckBox(self.tr("Дата остатков:"))
        self.use_date.setToolTip(self.tr("Без отметки дата берётся из заголовка файла "
                                         "(«на 31.10.2026», «за октябрь 2026 г.»)"))
        self.date = date_edit(self, balance_date or clock.today())
        self.use_date.setChecked(balance_date is not None)
        options.addWidget(self.use_date)
        options.addWidget(self.date)
        options.addStretch(1)
        layout.addLayout(options)

        self._add_status(layout, rich=True)
        self._add_columns(layout, BALANCES)
        self._add_preview(layout, PreviewModel(self), "balances-import-preview")
        self.date.setEnabled(self.use_date.isChecked())
        self.use_date.toggled.connect(self._options_changed)
        self.date.dateChanged.connect(self._options_changed)
        self._update_buttons()
        if path is not None:
            self.start_preview(Path(path))

    def chosen_date(self) -> date | None:
        return from_qdate(self.date.date()) if self.use_date.isChecked() else None

    @Slot()
    def _options_changed(self) -> None:
        self.date.setEnabled(self.use_date.isChecked())
        super()._options_changed()

    def start_preview(self, path: Path) -> None:
        self._begin_preview(path, self.tr("Чтение и проверка файла…"))
        today, chosen, mapping = clock.today(), self.chosen_date(), self.columns.mapping()
        self._start_preview_job(lambda: load_preview(path, today=today, balance_date=chosen,
                                                     mapping=mapping))

    def _preview_shown(self, preview: Preview) -> None:
        parsed = preview.checked.parsed
        if parsed.layout is not None:
            self.columns.show_header(parsed.layout.cells, note=preview.layout_note)
        if not self.use_date.isChecked():  # the file's date, for the user to see and change
            self.date.blockSignals(True)
            self.date.setDate(to_qdate(parsed.balance_date))
            self.date.blockSignals(False)

    @Slot(object)
    def _preview_loaded(self, preview: Preview) -> None:
        super()._preview_loaded(preview)
        parsed = preview.checked.parsed
        extra = self.tr("Остатки на {0} ({1}); долг по загружаемым строкам: {2}").format(  # «… руб.»
            format_date(parsed.balance_date), parsed.date_source, money_text(preview.checked.total))
        self.status.setText(self.status.text() + "<br>" + extra)

    @Slot()
    def _update_buttons(self) -> None:
        preview = self.preview
        busy = self._job is not None
        ready = self._ready_to_import(preview.to_import if preview is not None else 0)
        self.import_button.setEnabled(ready and not busy)
        for widget in (self.choose_button, self.use_date, self.columns):
            widget.setEnabled(not busy)
        self.date.setEnabled(not busy and self.use_date.isChecked())

    @Slot()
    def start_import(self) -> None:
        preview, path = self.preview, self.path
        if preview is None or path is None or self._job is not None:
            return
        skip, now, checked = self.skip_invalid.isChecked(), clock.now(), preview.checked

        def work(progress, cancel) -> ImportReport:
            return import_balances(path, today=now.date(), now=now, skip_invalid=skip, preview=checked,
                                   progress=progress, cancel=cancel)

        self._job = run_with_progress(self, self.tr("Загрузка остатков: {0}").format(path.name), work,
                                      on_finished=self._import_done, on_failed=self._import_failed)
        self._update_buttons()

    def _import_done(self, report: ImportReport) -> None:
        self._import_finished(report)
        parsed = self.preview.checked.parsed if self.preview else None
        text = self.tr("Загружено {0} на {1}.").format(
            counted(report.imported, "остаток", "остатка", "остатков"),
            format_date(parsed.balance_date) if parsed else "")
        text += self._skipped_rows_text(report)
        text += "\n\n" + self.tr("Загрузку можно отменить целиком: «Загрузки…» на странице «Должники».")
        self._imported_told(self.tr("Остатки загружены"), text, report)
