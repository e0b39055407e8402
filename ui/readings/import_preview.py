"""The rows of a readings file as the import dialog shows them before loading:
every row with what the file says, the consumption, and its errors and warnings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.meters import fmt
from tsj_desk.domain.text import clean_cell, format_date
from tsj_desk.services.column_layouts import READINGS, applied_text
from tsj_desk.services.parsed_files import ParsedReadings
from tsj_desk.services.readings import CheckedRow, ReadingsPreview, preview_readings
from ui.import_preview import CheckedCounts, ImportPreviewModel, ProblemRow, line_column
from ui.readings.texts import period_text, tr
from ui.tables import RIGHT, Column


@dataclass(frozen=True)
class PreviewRow(ProblemRow):
    row: int  # the sheet's row number (the line number of a .csv)
    premise: str
    meter: str
    resource: str
    period: str
    taken_on: str
    values: tuple[str, str, str]
    consumption: str
    problems: tuple[RowProblem, ...] = field(default_factory=tuple)
    note: str = ""  # «уже загружено», «будет создан новый счётчик»

    def remarks(self) -> str:
        lines = self.problem_lines()
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


@dataclass(frozen=True)
class Preview(CheckedCounts):
    checked: ReadingsPreview
    rows: list[PreviewRow]
    layout_note: str | None = None  # «Раскладка запомнена: …» when a remembered layout was applied

    @property
    def parsed(self) -> ParsedReadings:
        return self.checked.parsed

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.checked.errors}

    @property
    def valid(self) -> int:
        """Data rows without an error (already loaded ones included: they are skipped), as
        ``import-readings --json`` counts them: a 1С line without readings is one."""
        return self.data_rows - len(self.error_rows)

    @property
    def to_import(self) -> int:
        return len({c.row.row for c in self.checked.valid() if not c.duplicate} - self.error_rows)


def _number(value: float | None) -> str:
    return fmt(value) if value is not None else ""


def _cell(value: object) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return clean_cell(value).replace(".", ",")
    return clean_cell(value)


def _from_checked(item: CheckedRow) -> PreviewRow:
    row = item.row
    used = [v for v in item.consumption if v is not None]
    note = ""
    if item.new_meter and not item.errors:
        note = tr("Будет создан новый счётчик.")
    return PreviewRow(
        row.row, row.premise or row.account, row.serial or row.gis,
        row.resource.short if row.resource else "", period_text(row.period), format_date(row.taken_on),
        (_number(row.values[0]), _number(row.values[1]), _number(row.values[2])),
        " / ".join(fmt(v) for v in used), (*item.errors, *item.warnings), note)


def _from_cells(number: int, parsed: ParsedReadings, cells: list[object],
                problems: list[RowProblem]) -> PreviewRow:
    """A row that could not be parsed: what the file says, in the columns found."""
    header = [clean_cell(c) for c in parsed.header]
    where = {key: header.index(title) for key, title in parsed.titles.items() if title in header}

    def get(key: str) -> str:
        index = where.get(key)
        return _cell(cells[index]) if index is not None and index < len(cells) else ""

    meter = get("serial") or get("gis")
    if not where:  # a header-less file (1С, Сбербанк): the line as it is
        meter = " · ".join(t for t in (_cell(c) for c in cells) if t)
    return PreviewRow(number, get("premise") or get("account"), meter, get("resource"),
                      get("period"), get("date"), (get("t1"), get("t2"), get("t3")), "",
                      tuple(problems))


def build_preview(checked: ReadingsPreview) -> Preview:
    parsed = checked.parsed
    file_problems: dict[int, list[RowProblem]] = defaultdict(list)
    for problem in checked.file_errors + checked.file_warnings:  # a warning of the file's period too
        file_problems[problem.row].append(problem)
    rows = [_from_checked(item) for item in checked.checked]
    checked_rows = {item.row.row for item in checked.checked}
    for number in sorted(set(file_problems) | set(parsed.rejected_cells)):
        if number in checked_rows:  # a 1С line that added to a row parsed before
            continue
        rows.append(_from_cells(number, parsed, parsed.rejected_cells.get(number, []),
                                file_problems.get(number, [])))
    rows.sort(key=lambda r: r.row)
    return Preview(checked, rows)


def load_preview(path: Path, *, today: date, period: str | None, create_meters: bool,
                 mapping: dict[str, str] | None = None) -> Preview:
    """Runs on a worker thread: parse the file (with the user's column layout, else one
    remembered for its header row) and check it against the database."""
    checked = preview_readings(path, today=today, period=period, create_meters=create_meters,
                               mapping=mapping)
    return replace(build_preview(checked), layout_note=applied_text(READINGS, checked.parsed.layout))


class PreviewModel(ImportPreviewModel[PreviewRow]):
    T2, T3, REMARKS = 7, 8, 10

    def __init__(self, parent=None):
        super().__init__([
            line_column(6),
            Column(tr("Помещение"), lambda r: r.premise, width=9),
            Column(tr("Счётчик"), lambda r: r.meter, width=12),
            Column(tr("Ресурс"), lambda r: r.resource, width=6),
            Column(tr("Период"), lambda r: r.period, width=7),
            Column(tr("Дата"), lambda r: r.taken_on, width=10),
            Column(tr("Т1"), lambda r: r.values[0], align=RIGHT, width=10),
            Column(tr("Т2"), lambda r: r.values[1], align=RIGHT, width=9),
            Column(tr("Т3"), lambda r: r.values[2], align=RIGHT, width=9),
            Column(tr("Расход"), lambda r: r.consumption, align=RIGHT, width=9),
            Column(tr("Замечания"), lambda r: r.remarks(), width=30),
        ], parent)

