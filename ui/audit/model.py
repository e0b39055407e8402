"""The table of the audit log: когда, кто, действие, объект, подробности.

``AuditModel`` is an ``SqlTableModel``: without a search text the entries are counted,
sorted and paged by ``services.audit_pages`` and only the rows of a shown page are
described (object names read for that page). The search text is matched against what
the rows show — names of owners, meters and requests read from other tables, labels
of codes — which the database does not hold: it searches the newest ``LIMIT`` entries
of the object type and period, described once per filter and kept, so a keystroke
compares the kept texts only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from tsj_desk.domain.text import fold, format_datetime
from tsj_desk.services.audit import category_labels, object_names
from tsj_desk.services.audit_pages import SORT_KEYS, AuditFilter, count_audit, list_audit_page
from ui.audit.details import AuditLine, describe_entry
from ui.sql_table import SqlTableModel
from ui.tables import Column, Index, SortProxy

SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2  # the folded text of the whole entry
LIMIT = 5000  # the newest entries a search text looks through; a narrower filter reaches older ones
DESCRIBE_AT_ONCE = 1000  # more entries than this are described for a search off the GUI thread


def tr(text: str) -> str:
    return QCoreApplication.translate("AuditModel", text)


def _long(text, limit: int):
    return lambda line: text(line) if len(text(line)) > limit else None


def described(rows) -> list[AuditLine]:
    """The entries as the page shows them (the names they refer to read at once)."""
    names = object_names(rows)
    categories = category_labels()
    return [describe_entry(r, names, categories) for r in rows]


class AuditModel(SqlTableModel[AuditLine]):
    WHEN, USER, ACTION, OBJECT, DETAILS = range(5)
    SORT_KEYS = SORT_KEYS  # the service's sort key of each column, in this order

    def __init__(self, parent=None):
        super().__init__([
            Column(tr("Когда"), lambda e: format_datetime(e.at), lambda e: f"{e.at.isoformat()}#{e.id:012d}",
                   fit=True, sample="24.11.2026 10:30"),
            Column(tr("Кто"), lambda e: e.user, width=14),
            Column(tr("Действие"), lambda e: e.action_text, width=20),
            Column(tr("Объект"), lambda e: e.object_text, width=22, tooltip=_long(lambda e: e.object_text, 26)),
            Column(tr("Подробности"), lambda e: e.details_text, width=30,
                   tooltip=_long(lambda e: e.details_text, 50)),
        ], parent, table_key="audit", sort_key="at", descending=True)
        self._filter = AuditFilter()
        self._needle = ""
        self._kept: tuple[AuditFilter, list[AuditLine]] | None = None  # the newest, described
        # the matches of each search asked (a load in the background writes its own)
        self._matches: dict[tuple, list[AuditLine]] = {}
        self.searched = 0  # how many entries the search text looked through (≤ LIMIT)

    def set_filter(self, flt: AuditFilter, text: str, *, total: int = 0,
                   background: bool | None = None) -> None:
        """Show the entries of ``flt`` whose shown text holds ``text``; ``total``: how
        many entries ``flt`` selects (a search that must first describe more than
        ``DESCRIBE_AT_ONCE`` of them runs in the background)."""
        if flt != self._filter:
            self._kept = None
            self._matches.clear()
        self._filter = flt
        self._needle = fold(text)
        if background is None and self._needle and self._kept is None and total > DESCRIBE_AT_ONCE:
            background = True
        self.reload(background=background)

    def forget(self) -> None:
        """The entries may have changed: describe them anew at the next search."""
        self._kept = None
        self._matches.clear()

    def _search_key(self) -> tuple:
        return self._filter, self._needle, self.sort_key, self.descending

    @property
    def needle(self) -> str:
        return self._needle

    def count_rows(self) -> int:
        if not self._needle:
            return count_audit(self._filter)
        wanted = self._search_key()
        flt, needle = self._filter, self._needle
        kept = self._kept
        if kept is None or kept[0] != flt:
            kept = (flt, described(list_audit_page(flt, limit=LIMIT)))
            self._kept = kept
        self.searched = len(kept[1])
        column = SORT_KEYS.index(self.sort_key) if self.sort_key in SORT_KEYS else 0
        shown = self._columns[column]
        value = shown.sort or shown.text

        def key(line: AuditLine):  # the column's value, then the moment: as the database sorts
            return value(line), line.at, line.id
        matches = sorted((line for line in kept[1] if needle in line.search_key), key=key,
                         reverse=self.descending)
        if len(self._matches) > 16:
            self._matches.clear()
        self._matches[wanted] = matches
        return len(matches)

    def fetch_rows(self, offset: int, limit: int) -> list[AuditLine]:
        if self._needle:
            return self._matches.get(self._search_key(), [])[offset:offset + limit]
        return described(list_audit_page(self._filter, sort=self.sort_key, descending=self.descending,
                                         offset=offset, limit=limit))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        before = (self.sort_key, self.descending)
        super().sort(column, order)
        if self._needle and (self.sort_key, self.descending) != before and not self.loading:
            self.reload(background=False)  # the kept matches in the new order

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SEARCH_ROLE:
            line = self.row_at(index.row()) if index.isValid() else None
            return line.search_key if line is not None else None
        return super().data(index, role)


def search_in(proxy: SortProxy) -> None:
    """Make a proxy over the model filter on the whole entry's folded text: «иванов»
    finds «ИВАНОВ» and «Иванов», «пётр» finds «Петр»."""
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterKeyColumn(0)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


def set_search_text(proxy: SortProxy, text: str) -> None:
    proxy.setFilterFixedString(fold(text))
