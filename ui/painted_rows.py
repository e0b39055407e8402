"""What the cells of a big table paint, worked out once per row.

The view asks every visible cell for ~10 roles each time it paints (several times on a
page's first show): a model over thousands of rows answers the roles a painted cell uses
— its text, alignment and colours — from values worked out once per row and kept for
``KEPT_ROWS`` rows (a few screens of scrolling), and the other roles the general way.
The journal and the register use it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt

from ui import colors

DISPLAY, ALIGN, BACKGROUND, FOREGROUND = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                                          Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
PAINTED = frozenset({DISPLAY, ALIGN, BACKGROUND, FOREGROUND})
KEPT_ROWS = 1000


class PaintedRows:
    """Each row's texts (by ``columns``) and the colours of its tone (``tone``), kept
    while the model is not reset; ``clear`` forgets them (the same rows at another
    moment). A row is held with its values, so its id stays its own."""

    def __init__(self, model: QAbstractItemModel, columns, tone, alignments):
        self._columns, self._tone, self._alignments = columns, tone, alignments
        self._kept: dict[int, tuple] = {}
        model.modelReset.connect(self.clear)

    def clear(self) -> None:
        self._kept.clear()

    def covers(self, column: int) -> bool:
        return 0 <= column < len(self._alignments)

    def value(self, row, column: int, role: int):
        """``role`` (one of ``PAINTED``) of the cell of ``row`` in ``column`` (``covers`` it)."""
        if role == ALIGN:
            return self._alignments[column]
        kept = self._kept.get(id(row))
        if kept is None or kept[0] is not row:
            if len(self._kept) >= KEPT_ROWS:
                self._kept.clear()
            tone = self._tone(row)
            kept = self._kept[id(row)] = (row, tuple(c.text(row) for c in self._columns),
                                          colors.background(tone), colors.foreground(tone))
        if role == DISPLAY:
            return kept[1][column]
        return kept[2] if role == BACKGROUND else kept[3]
