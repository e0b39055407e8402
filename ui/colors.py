"""Row colours of every table, in one place.

Tints are light enough for black text on the Fusion palette; rows that carry a tint
also set their text colour, so they stay readable with a dark system palette.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QBrush, QColor


class Tone(Enum):
    NORMAL = "normal"
    ERROR = "error"  # a row that cannot be used as it is
    WARNING = "warning"  # usable, but look at it
    ATTENTION = "attention"  # a record that needs work (e.g. shares not fully distributed)
    MUTED = "muted"  # done, but not as it should have been (answered late): grey text, no tint


_BACKGROUNDS = {
    Tone.ERROR: QColor("#f7d4d4"),
    Tone.WARNING: QColor("#fff3c4"),
    Tone.ATTENTION: QColor("#fde3c8"),
}
TEXT_ON_TINT = QColor("#1e1e1e")
ERROR_TEXT = QColor("#b3261e")
MUTED_TEXT = QColor("#6f7378")


def background(tone: Tone) -> QBrush | None:
    color = _BACKGROUNDS.get(tone)
    return QBrush(color) if color is not None else None


def foreground(tone: Tone) -> QBrush | None:
    if tone is Tone.MUTED:
        return QBrush(MUTED_TEXT)
    return QBrush(TEXT_ON_TINT) if tone in _BACKGROUNDS else None


ERROR_LABEL_STYLE = f"color: {ERROR_TEXT.name()};"
