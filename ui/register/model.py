"""The premises table of the register page: one row per premise, paged from SQL.

The rows are counted, filtered and sorted by ``services.premise_pages`` (5,000
premises: no proxy sorts them in Python); the «№» column sorts in the natural order
of numbers (2 before 10, flats before Н1) by the stored sort key. The page's model
also has a «Дом» column (``house_column``), which the page shows only while it lists
every house of a base with several: «1» of two houses is then told apart.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt

from tsj_desk.domain.premises import premise_sort_key
from tsj_desk.domain.text import format_number
from tsj_desk.services.premise_pages import SORT_KEYS, PremiseFilter, count_premise_rows, list_premise_rows
from tsj_desk.services.registry_browse import PremiseSummary
from ui import colors
from ui.painted_rows import PAINTED, PaintedRows
from ui.sql_table import SqlTableModel
from ui.tables import RIGHT, ROW_ROLE, SORT_ROLE, Column


def tr(text: str) -> str:
    return QCoreApplication.translate("PremisesModel", text)


def area_text(area: Decimal | None) -> str:
    """``44.0`` → ``44,0``, ``45.25`` → ``45,25``: as many decimals as the area has (1 or 2)."""
    if area is None:
        return ""
    places = 1 if area == area.quantize(Decimal("0.1")) else 2
    return format_number(area, places)


INCOMPLETE_MARK = "доли не распределены"
INCOMPLETE_TOOLTIP = ("Доли не распределены полностью: сумма долей собственников меньше 1. "
                      "Откройте карточку помещения, чтобы добавить собственника или исправить доли.")


# Hovering (tooltips), sorting and the row itself go the general way; a painted cell's roles
# come from ui.painted_rows; the other roles are not used by this table.
_GENERAL = frozenset({Qt.ItemDataRole.ToolTipRole, SORT_ROLE, ROW_ROLE})
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def _long(text, limit: int = 40):
    """A tooltip with the whole text for cells that may not fit their column."""
    return lambda p: text(p) if len(text(p)) > limit else None


class PremisesModel(SqlTableModel[PremiseSummary]):
    """Columns №, Вид, Площадь, м², Собственники, Доли, Лицевой счёт, Отметка; and Дом
    with ``house_column`` (last by index, so the others keep theirs; the page shows it first)."""

    NUMBER, KIND, AREA, OWNERS, SHARES, ACCOUNT, FLAG, HOUSE = range(8)
    SORT_KEYS = SORT_KEYS  # the service's sort key of each column, in this order

    def __init__(self, parent=None, *, house_column: bool = False):
        self._order: dict[int, int] = {}  # rank in natural order of the rows given by set_rows
        # the house as the «Дом» choice names it: its address (in full when it does not fit)
        house = [Column(tr("Дом"), lambda p: p.house, width=16, stretch=2, tooltip=_long(lambda p: p.house, 24))]
        super().__init__([
            # natural order of numbers (2 before 10, flats before Н1) is the sort value of «№»
            Column(tr("№"), lambda p: p.number, self._number_order, fit=True, sample="Н123"),
            Column(tr("Вид"), lambda p: p.kind.label, lambda p: p.kind.label, fit=True,
                   sample="машино-место"),
            Column(tr("Площадь, м²"), lambda p: area_text(p.area),
                   lambda p: float(p.area) if p.area is not None else -1.0, RIGHT, sample="1\u00a0234,56"),
            # the owners take the spare width: the names are what the register is read for
            Column(tr("Собственники"), lambda p: p.owners, width=30, stretch=6,
                   tooltip=_long(lambda p: p.owners)),
            Column(tr("Доли"), lambda p: p.shares, width=8, stretch=1, tooltip=_long(lambda p: p.shares, 18)),
            Column(tr("Лицевой счёт"), lambda p: p.account or "", fit=True, sample="0000000000"),
            Column(tr("Отметка"), lambda p: tr(INCOMPLETE_MARK) if p.incomplete else "",
                   lambda p: 1 if p.incomplete else 0, fit=True, sample=INCOMPLETE_MARK),
        ] + (house if house_column else []), parent, table_key="register-premises", sort_key="number")
        self._filter = PremiseFilter()
        self._painted = PaintedRows(self, self._columns, self.tone, self._alignments)

    def set_filter(self, flt: PremiseFilter, *, background: bool | None = None) -> None:
        self._order = {}
        self._filter = flt
        self.reload(background=background)

    def set_rows(self, rows) -> None:
        ordered = sorted(rows, key=lambda p: premise_sort_key(p.number))
        self._order = {p.id: i for i, p in enumerate(ordered)}
        super().set_rows(rows)

    def _number_order(self, row: PremiseSummary):
        return self._order[row.id] if row.id in self._order else premise_sort_key(row.number)

    def current_filter(self) -> PremiseFilter:
        return self._filter

    def count_rows(self) -> int:
        return count_premise_rows(self._filter)

    def fetch_rows(self, offset: int, limit: int) -> list[PremiseSummary]:
        return list_premise_rows(self._filter, sort=self.sort_key, descending=self.descending,
                                 offset=offset, limit=limit)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in PAINTED:
            return super().data(index, role) if role in _GENERAL else None
        row = self._rows.get(index.row())
        if row is None or not self._painted.covers(index.column()):
            return super().data(index, role)  # a row not there: the general way (a recount, or nothing)
        return self._painted.value(row, index.column(), role)

    def flags(self, index):
        """As every table's rows (``RowsModel.flags``), without combining the flags again per cell."""
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def tone(self, row: PremiseSummary) -> colors.Tone:
        return colors.Tone.ATTENTION if row.incomplete else colors.Tone.NORMAL

    def row_tooltip(self, row: PremiseSummary) -> str | None:
        return tr(INCOMPLETE_TOOLTIP) if row.incomplete else None
