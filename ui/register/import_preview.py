"""The rows of a register file as the import dialog shows them before loading."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.shares import format_share
from tsj_desk.domain.text import format_date
from tsj_desk.services.column_layouts import REGISTRY, applied_text
from tsj_desk.services.organization import AddressOffer
from tsj_desk.services.registry import preview_registry
from tsj_desk.services.parsed_files import ParsedRegistry, RegistryRow
from tsj_desk.services.registry_cells import file_cells
from tsj_desk.services.registry_house import HouseChoice, house_choice, register_address_offer
from ui.import_preview import ImportPreviewModel, ProblemRow, line_column
from ui.register.model import area_text
from ui.tables import RIGHT, Column


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportPreview", text)


@dataclass(frozen=True)
class PreviewRow(ProblemRow):
    row: int  # Excel row number
    premise: str
    kind: str
    area: str
    owner: str
    share: str
    egrn: str
    problems: tuple[RowProblem, ...] = field(default_factory=tuple)
    skipped: bool = False  # a line without owner and number (a total, a note)

    def remarks(self) -> str:
        if self.skipped:
            return tr("строка пропущена: нет номера помещения и собственника")
        return super().remarks()


@dataclass(frozen=True)
class Preview:
    parsed: ParsedRegistry
    rows: list[PreviewRow]
    address: AddressOffer | None = None  # the house address the file's title names
    layout_note: str | None = None  # «Раскладка запомнена: …» when a remembered layout was applied
    choice: HouseChoice | None = None  # the houses of the base and the one the title names
    house_id: int | None = None  # the house the rows were checked against and go to

    @property
    def data_rows(self) -> int:
        return self.parsed.data_rows

    @property
    def valid(self) -> int:
        return len(self.parsed.valid_rows())

    @property
    def errors(self) -> int:
        return len(self.parsed.errors)

    @property
    def warnings(self) -> int:
        return len(self.parsed.warnings)


def _egrn_text(number: str | None, on: date | None) -> str:
    if number and on:
        return f"№ {number} от {format_date(on)}"
    return number or format_date(on)


def _from_parsed(row: RegistryRow, problems: tuple[RowProblem, ...]) -> PreviewRow:
    return PreviewRow(row.row, row.premise_number, row.kind.label, area_text(row.area), row.owner,
                      format_share(row.fraction, row.joint), _egrn_text(row.egrn_number, row.egrn_date),
                      problems)


def _from_cells(number: int, cells: dict[str, str], problems: tuple[RowProblem, ...]) -> PreviewRow:
    egrn = cells.get("egrn") or " ".join(filter(None, (cells.get("egrn_number"), cells.get("egrn_date"))))
    return PreviewRow(number, cells.get("premise", ""), cells.get("kind", ""), cells.get("area", ""),
                      cells.get("owner", ""), cells.get("share", ""), egrn, problems,
                      skipped=not problems)


def source_cells(parsed: ParsedRegistry) -> dict[int, dict[str, str]]:
    """The text of every data row of the file by Excel row number and column key.

    Rows with errors have no parsed values, so the preview shows what the file says
    (the cells the parse kept: the file is not read again).
    """
    return file_cells(parsed)


def build_preview(parsed: ParsedRegistry, cells: dict[int, dict[str, str]]) -> Preview:
    problems: dict[int, list[RowProblem]] = {}
    for problem in parsed.problems:
        problems.setdefault(problem.row, []).append(problem)
    parsed_rows = {r.row: r for r in parsed.rows}
    numbers = sorted(set(cells) | set(parsed_rows) | set(problems))
    rows = []
    for number in numbers:
        found = tuple(problems.get(number, ()))
        if number in parsed_rows:
            rows.append(_from_parsed(parsed_rows[number], found))
        else:
            rows.append(_from_cells(number, cells.get(number, {}), found))
    return Preview(parsed, rows)


def load_preview(path: Path, today: date, mapping: dict[str, str] | None = None,
                 house_id: int | None = None) -> Preview:
    """Runs on a worker thread: parse the file (with the user's column layout, else one
    remembered for its header row), check it against the database in the house it goes
    to (``house_id`` the user picked, else the one its title names)."""
    parsed = preview_registry(path, today=today, mapping=mapping, house_id=house_id)
    choice = house_choice(parsed.house_address)
    house = house_id if house_id is not None else choice.house_id
    preview = build_preview(parsed, source_cells(parsed))
    return replace(preview, address=register_address_offer(choice, house),
                   layout_note=applied_text(REGISTRY, parsed.layout), choice=choice, house_id=house)


class PreviewModel(ImportPreviewModel[PreviewRow]):
    REMARKS = 6

    def __init__(self, parent=None):
        super().__init__([
            line_column(7),
            Column(tr("Помещение"), lambda r: r.premise, width=8),
            Column(tr("Вид"), lambda r: r.kind, width=10),
            Column(tr("Площадь, м²"), lambda r: r.area, align=RIGHT, width=10),
            Column(tr("Собственник"), lambda r: r.owner, width=26),
            Column(tr("Доля"), lambda r: r.share, width=10),
            Column(tr("Замечания"), lambda r: r.remarks(), width=52),
            Column(tr("Регистрация права"), lambda r: r.egrn, width=18, tooltip=lambda r: r.egrn or None),
        ], parent)

    def row_tooltip(self, row: PreviewRow) -> str | None:
        return "\n".join(row.problem_lines()) or None  # not the skipped line's remark
