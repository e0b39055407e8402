"""The search line of a list page: filtered as you type, Ctrl+F to reach it, Enter to the table.

Five pages (register, journal, readings, acts, audit) share it through ``FilterPage``,
a mixin placed before ``QWidget`` in the page's bases. The page keeps its own ``tr()``
texts and says what filtering means for it (``apply``); the mixin holds the rest:

- the line edit with its placeholder, clear button and «Ctrl+F» tooltip;
- a single-shot timer, so typing filters once the keys pause (``FILTER_DELAY_MS``),
  or, for a filter cheap enough, at every key;
- Ctrl+F (``focus_filter``) and Enter: filter now and move to the first row of the table.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QTableView

FILTER_DELAY_MS = 150


class FilterPage:
    """A list page with a search line above its table (``self.table``)."""

    filter: QLineEdit
    table: QTableView
    _filter_timer: QTimer | None = None
    _filter_apply: Callable[[], None] | None = None

    def setup_filter(self, placeholder: str, apply: Callable[[], None], *,
                     min_width: int | None = None, delayed: bool = True) -> QLineEdit:
        """Make ``self.filter`` and wire it; ``apply`` filters with the text as it is now.

        ``delayed``: ``apply`` runs once typing pauses (and at once on Enter, which should
        stop ``self._filter_timer``); otherwise at every change, and Enter only moves on.
        """
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(placeholder)
        self.filter.setClearButtonEnabled(True)
        if min_width is not None:
            self.filter.setMinimumWidth(min_width)
        self.filter.setToolTip("Ctrl+F")
        if delayed:
            self._filter_apply = apply
            self._filter_timer = QTimer(self)
            self._filter_timer.setSingleShot(True)
            self._filter_timer.setInterval(FILTER_DELAY_MS)
            self._filter_timer.timeout.connect(apply)
        else:
            self.filter.textChanged.connect(lambda _text: apply())
        self.watch_filter_edit(self.filter)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_filter)
        return self.filter

    def watch_filter_edit(self, edit: QLineEdit) -> None:
        """Another search field of the bar that filters the same way as ``self.filter``."""
        if self._filter_timer is not None:
            edit.textChanged.connect(self._filter_timer.start)
        edit.returnPressed.connect(self._filter_and_go_to_table)

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _filter_and_go_to_table(self) -> None:
        if self._filter_apply is not None:
            self._filter_apply()
        if self.table.model().rowCount():
            self.table.setFocus()
            if not self._row_chosen():
                self._go_to_first_row()

    def _row_chosen(self) -> bool:
        """A page that keeps a row already chosen on Enter says so here."""
        return False

    def _go_to_first_row(self) -> None:
        self.table.selectRow(0)
