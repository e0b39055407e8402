"""Table models of the acts: the list of stored acts (paged from SQL: counted, filtered
and sorted by ``services.act_pages``), and the small editable tables of the act dialog
(participants, damaged items)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from tsj_desk.services.act_kinds import ACT_KINDS
from tsj_desk.domain.text import fold, format_datetime
from tsj_desk.services.act_pages import SORT_KEYS, ActFilter, count_acts, list_act_page
from tsj_desk.services.acts import ActInfo
from ui import colors
from ui.sql_table import SqlTableModel
from ui.tables import LEFT, Column

Index = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("ActsModel", text)


KIND_LABELS = {
    "damage": "О причинении ущерба",
    "maintenance_quality": "О нарушении качества содержания",
    "utility_quality": "Проверки качества коммунальных услуг",
}
"""Short names of the kinds for tables and lists; the full title is the tooltip."""


def kind_label(code: str) -> str:
    return KIND_LABELS.get(code, ACT_KINDS[code].title if code in ACT_KINDS else code)


def premise_sort_key(number: str) -> str:
    """Flats by number (2 before 10), then the others (Н1…): a text that sorts so."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return f"{0 if number.isdigit() else 1}{int(digits) if digits else 0:010d}{number}"


@dataclass(frozen=True)
class ActRow:
    """A stored act as the list shows it; ``missing`` — its file is not on disk."""

    act: ActInfo
    missing: bool

    @classmethod
    def of(cls, act: ActInfo) -> ActRow:
        return cls(act, not act.stored and (act.file is None or not act.file.is_file()))

    def search_text(self) -> str:
        act = self.act
        return fold(" ".join((kind_label(act.kind), act.title, act.number, format_datetime(act.made_at),
                              act.reg_no, act.premise_number, act.file.name if act.file else "",
                              str(act.fields.get("owner_name") or ""))))


def kind_words() -> dict[str, str]:
    """What a search finds each kind by: its short name in the table and its title."""
    return {code: f"{kind_label(code)} {spec.title}" for code, spec in ACT_KINDS.items()}


class ActsModel(SqlTableModel[ActRow]):
    """Вид, №, дата, обращение, помещение, файл; a row whose file is gone is tinted."""

    SORT_KEYS = SORT_KEYS  # the service's sort key of each column, in this order

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Вид"), lambda r: kind_label(r.act.kind), width=37,
                   tooltip=lambda r: r.act.title),
            Column(tr("№"), lambda r: r.act.number, width=9),
            Column(tr("Дата"), lambda r: format_datetime(r.act.made_at),
                   lambda r: f"{r.act.made_at.isoformat()}#{r.act.id:010d}", width=16),
            Column(tr("Обращение"), lambda r: r.act.reg_no, width=11),
            Column(tr("Помещение"), lambda r: r.act.premise_number,
                   lambda r: premise_sort_key(r.act.premise_number), width=10),
            Column(tr("Файл"), lambda r: r.act.file.name if r.act.file else "", width=28,
                   tooltip=lambda r: str(r.act.file) if r.act.file else None),
        ], parent, table_key="acts", sort_key="made_at", descending=True)
        self._filter = ActFilter(kind_words=kind_words())

    def set_filter(self, text: str, kind: str, *, background: bool | None = None) -> None:
        self._filter = ActFilter(text, kind, kind_words=self._filter.kind_words)
        self.reload(background=background)

    def current_filter(self) -> ActFilter:
        return self._filter

    def count_rows(self) -> int:
        return count_acts(self._filter)

    def fetch_rows(self, offset: int, limit: int) -> list[ActRow]:
        # whether each file is on disk: asked for the rows of this page only
        return [ActRow.of(act) for act in list_act_page(self._filter, sort=self.sort_key,
                                                        descending=self.descending,
                                                        offset=offset, limit=limit)]

    def tone(self, row: ActRow) -> colors.Tone:
        return colors.Tone.WARNING if row.missing else colors.Tone.NORMAL

    def row_tooltip(self, row: ActRow) -> str | None:
        if row.missing:
            return tr("Файл акта не найден. Выберите акт и нажмите «Сформировать заново».")
        return None


class EditableRowsModel(QAbstractTableModel):
    """Rows of text typed by the user (participants, damaged items): one dict per row.

    ``columns`` are ``(key, title)``; ``values()`` gives the rows with at least one
    non-blank cell, stripped.
    """

    def __init__(self, columns: Sequence[tuple[str, str]], parent=None):
        super().__init__(parent)
        self._keys = [key for key, _ in columns]
        self._titles = [title for _, title in columns]
        self._rows: list[dict[str, str]] = []

    def set_values(self, rows: Sequence[dict] | None) -> None:
        self.beginResetModel()
        self._rows = [{key: str(row.get(key) or "") for key in self._keys} for row in rows or ()]
        self.endResetModel()

    def values(self) -> list[dict[str, str]]:
        cleaned = [{key: row[key].strip() for key in self._keys} for row in self._rows]
        return [row for row in cleaned if any(row.values())]

    def keys(self) -> list[str]:
        return list(self._keys)

    # -- Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._keys):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][self._keys[index.column()]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._rows[index.row()][self._keys[index.column()]] or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() >= len(self._rows):
            return False
        key = self._keys[index.column()]
        text = "" if value is None else str(value)
        if self._rows[index.row()][key] == text:
            return True
        self._rows[index.row()][key] = text
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._titles):
            return self._titles[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or count < 1 or not 0 <= row <= len(self._rows):
            return False
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for offset in range(count):
            self._rows.insert(row + offset, {key: "" for key in self._keys})
        self.endInsertRows()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row:row + count]
        self.endRemoveRows()
        return True
