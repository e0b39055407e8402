"""The table of the audit log: когда, кто, действие, объект, подробности."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from tsj_desk.domain.text import fold, format_datetime
from ui.audit.details import AuditLine
from ui.tables import Column, Index, RowsModel, SortProxy

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # the folded text of the whole entry


def tr(text: str) -> str:
    return QCoreApplication.translate("AuditModel", text)


def _long(text, limit: int):
    return lambda line: text(line) if len(text(line)) > limit else None


class AuditModel(RowsModel[AuditLine]):
    WHEN, USER, ACTION, OBJECT, DETAILS = range(5)

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Когда"), lambda e: format_datetime(e.at), lambda e: f"{e.at.isoformat()}#{e.id:012d}",
                   fit=True, sample="24.11.2026 10:30"),
            Column(tr("Кто"), lambda e: e.user, width=14),
            Column(tr("Действие"), lambda e: e.action_text, width=20),
            Column(tr("Объект"), lambda e: e.object_text, width=22, tooltip=_long(lambda e: e.object_text, 26)),
            Column(tr("Подробности"), lambda e: e.details_text, width=30,
                   tooltip=_long(lambda e: e.details_text, 50)),
        ], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SEARCH_ROLE:
            if not index.isValid() or index.row() >= len(self._rows):
                return None
            return self._rows[index.row()].search_key
        return super().data(index, role)


def search_in(proxy: SortProxy) -> None:
    """Make the table's proxy filter on the whole entry's folded text: «иванов» finds
    «ИВАНОВ» and «Иванов», «пётр» finds «Петр»."""
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterKeyColumn(0)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


def set_search_text(proxy: SortProxy, text: str) -> None:
    proxy.setFilterFixedString(fold(text))
