"""The entry grid's rows: every active meter, the previous reading, cells Т1–Т3.

``EntryModel`` is a ``RowsModel`` whose Т1–Т3 cells are editable (only as many as
the meter has tariffs). Each change — every keystroke, through the delegate —
parses the typed text, runs the checks of ``services.readings.entry_checker`` and
updates the consumption and «Замечания» of the row at once: errors paint the row
red, warnings yellow (``ui.colors``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt

from tsj_desk.domain.meters import CheckResult, fmt
from tsj_desk.domain.text import fold, format_date, parse_decimal
from tsj_desk.services.readings import EntryLine
from ui import colors
from ui.readings.texts import Values, consumption_text, sentence, tr, values_text
from ui.tables import RIGHT, ROW_ROLE, SORT_ROLE, Column, Index, RowsModel, SortProxy

Checker = Callable[[int, Values, "date | None"], CheckResult]

_EDIT = int(Qt.ItemDataRole.EditRole)
# the roles ``RowsModel.data`` answers; a painted cell asks several more (font, icon,
# check state…), each answered None here without the lookups
_ANSWERED = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, SORT_ROLE, ROW_ROLE))


@dataclass
class EntryRow:
    """One meter of the grid and what has been typed for it."""

    order: int  # position in the service's list: premises in natural order
    line: EntryLine
    texts: list[str]  # the text of Т1, Т2, Т3 as typed (or as saved)
    saved: tuple[str, str, str]  # the texts of the reading already saved for the period
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    consumption: Values = (None, None, None)
    values: Values | None = None  # the parsed values; None while a cell is not a number

    @property
    def tariffs(self) -> int:
        return self.line.tariffs

    @property
    def has_input(self) -> bool:
        return any(t.strip() for t in self.texts)

    @property
    def cleared(self) -> bool:
        """A saved reading whose cells were all emptied: «Сохранить» deletes it."""
        return not self.has_input and any(self.saved)

    @property
    def changed(self) -> bool:
        """Typed and different from what is saved, or a saved reading cleared:
        «Сохранить» will write it."""
        if not self.has_input:
            return self.cleared
        return tuple(t.strip() for t in self.texts) != self.saved

    def remarks(self) -> str:
        return " ".join(sentence(m) for m in self.errors + self.warnings)


def _text(value: float | None) -> str:
    return fmt(value) if value is not None else ""


def _consumption(row: EntryRow) -> str:
    return consumption_text(row.consumption, row.tariffs, row.line.resource)


def _premise(row: EntryRow) -> str:
    return row.line.premise_number or tr("ОДПУ")


def _previous_tooltip(row: EntryRow) -> str | None:
    line = row.line
    if line.previous is None:
        return tr("Показаний ещё нет")
    if line.previous_date is None:
        return tr("Начальное показание")
    return tr("Показание за {0}.{1}, снято {2}").format(
        (line.previous_period or "")[5:7], (line.previous_period or "")[:4], format_date(line.previous_date))


class EntryModel(RowsModel[EntryRow]):
    PREMISE, RESOURCE, SERIAL, PREVIOUS, PREVIOUS_DATE, T1, T2, T3, CONSUMPTION, REMARKS = range(10)
    TARIFF_COLUMNS = (T1, T2, T3)

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Помещение"), _premise, lambda r: r.order, width=9, fit=True),
            Column(tr("Ресурс"), lambda r: r.line.resource.short, lambda r: r.line.resource.order, width=6, fit=True),
            Column(tr("№ счётчика"), lambda r: r.line.serial, width=11, fit=True),
            Column(tr("Предыдущее"), lambda r: values_text(r.line.previous, r.tariffs),
                   lambda r: (r.line.previous or (0.0,))[0] or 0.0, RIGHT, width=16,
                   tooltip=_previous_tooltip),
            Column(tr("Дата пред."), lambda r: format_date(r.line.previous_date),
                   lambda r: r.line.previous_date or date.min, fit=True, sample="24.11.2026",
                   tooltip=_previous_tooltip),
            Column(tr("Т1"), lambda r: r.texts[0], lambda r: r.texts[0], RIGHT, width=9),
            Column(tr("Т2"), lambda r: r.texts[1] if r.tariffs >= 2 else "", lambda r: r.texts[1],
                   RIGHT, width=9),
            Column(tr("Т3"), lambda r: r.texts[2] if r.tariffs >= 3 else "", lambda r: r.texts[2],
                   RIGHT, width=9),
            Column(tr("Расход"), _consumption, lambda r: sum(v for v in r.consumption if v is not None),
                   RIGHT, width=13, tooltip=lambda r: _consumption(r) or None),  # Т1 / Т2 may not fit
            Column(tr("Замечания"), lambda r: r.remarks(), width=24, stretch=1,
                   tooltip=lambda r: "\n".join(sentence(m) for m in r.errors + r.warnings) or None),
        ], parent)
        self._check: Checker | None = None
        self._taken_on: date | None = None

    # -- loading

    def load(self, lines: list[EntryLine], check: Checker, taken_on: date | None,
             typed: dict[int, list[str]] | None = None) -> None:
        """Show ``lines``; ``typed`` (meter id → texts) keeps what was typed and not saved."""
        self._check = check
        self._taken_on = taken_on
        rows = []
        for order, line in enumerate(lines):
            saved = tuple(_text(v) for v in (line.current or (None, None, None)))
            texts = list(typed[line.meter_id]) if typed and line.meter_id in typed else list(saved)
            row = EntryRow(order, line, texts, saved)  # type: ignore[arg-type]
            self._recheck(row)
            rows.append(row)
        self.set_rows(rows)

    def set_taken_on(self, taken_on: date | None) -> None:
        """The reading date changed: check every row again."""
        self._taken_on = taken_on
        for row in self._rows:
            if row.has_input:
                self._recheck(row)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.REMARKS))

    def taken_on(self) -> date | None:
        return self._taken_on

    # -- what was typed

    def changed_rows(self) -> list[EntryRow]:
        return [r for r in self._rows if r.changed]

    def typed(self) -> dict[int, list[str]]:
        """Meter id → texts of every row changed and not saved."""
        return {r.line.meter_id: list(r.texts) for r in self._rows if r.changed}

    def removals(self) -> list[EntryRow]:
        """The rows whose saved reading «Сохранить» deletes (all their cells emptied)."""
        return [r for r in self._rows if r.cleared]

    def entries(self) -> list[tuple[int, Values, date | None]]:
        """What «Сохранить» writes: the changed rows' values (rows without errors only)."""
        return [(r.line.meter_id, r.values, self._taken_on) for r in self.changed_rows()
                if r.values is not None and not r.errors]

    def set_texts(self, row_number: int, texts: list[str]) -> None:
        row = self._rows[row_number]
        row.texts = list(texts) + [""] * (3 - len(texts))
        self._recheck(row)
        self._row_changed(row_number)

    # -- checks

    def _recheck(self, row: EntryRow) -> None:
        row.errors, row.warnings = [], []
        row.consumption, row.values = (None, None, None), None
        if not row.has_input:
            if row.cleared:
                row.warnings = [tr("сохранённое показание будет удалено при сохранении.")]
            return
        values: list[float | None] = [None, None, None]
        for index in range(row.tariffs):
            text = row.texts[index].strip()
            if not text:
                continue
            number = parse_decimal(text)
            if number is None:
                row.errors.append(tr("показание Т{0} «{1}» — не число.").format(index + 1, text))
            else:
                values[index] = float(number)
        if row.errors:
            return
        row.values = (values[0], values[1], values[2])
        if self._check is None:
            return
        result = self._check(row.line.meter_id, row.values, self._taken_on)
        row.errors = [m for _, m in result.errors]
        row.warnings = [m for _, m in result.warnings]
        row.consumption = result.consumption

    def _row_changed(self, row_number: int) -> None:
        self.dataChanged.emit(self.index(row_number, 0), self.index(row_number, self.REMARKS))

    # -- Qt

    def tone(self, row: EntryRow) -> colors.Tone:
        if row.errors:
            return colors.Tone.ERROR
        if row.warnings:
            return colors.Tone.WARNING
        return colors.Tone.NORMAL

    def is_entry_cell(self, index: Index) -> bool:
        if not index.isValid() or index.column() not in self.TARIFF_COLUMNS:
            return False
        return self.TARIFF_COLUMNS.index(index.column()) < self._rows[index.row()].tariffs

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.is_entry_cell(index):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _EDIT:
            if self.is_entry_cell(index):
                return self._rows[index.row()].texts[self.TARIFF_COLUMNS.index(index.column())]
            return None
        if role not in _ANSWERED:
            return None
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_entry_cell(index):
            return False
        row = self._rows[index.row()]
        tariff = self.TARIFF_COLUMNS.index(index.column())
        text = "" if value is None else str(value)
        if row.texts[tariff] == text:
            return True
        row.texts[tariff] = text
        self._recheck(row)
        self._row_changed(index.row())
        return True


class EntryFilter(SortProxy):
    """Rows whose premise number starts with the filter text or whose serial contains it."""

    def __init__(self, source: EntryModel, parent=None):
        super().__init__(source, parent)
        self._needle = ""
        # rows keep their place while values are typed into them
        self.setDynamicSortFilter(False)

    def set_text(self, text: str) -> None:
        needle = fold(text).strip()
        if needle != self._needle:
            self.beginFilterChange()
            self._needle = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        row: EntryRow = self.sourceModel().row_at(source_row)
        premise = fold(row.line.premise_number or "ОДПУ")
        return premise.startswith(self._needle) or self._needle in fold(row.line.serial)

