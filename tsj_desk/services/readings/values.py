"""A reading's three values: their type, their comparison, the text the DECIMAL column
stores, and what an upsert of a meter's reading of a period overwrites."""

from __future__ import annotations

from tsj_desk.storage.models import Reading

Values = tuple[float | None, float | None, float | None]

# what an upsert of a meter's reading of a period overwrites (a reason of a lower reading
# saved before is cleared: readings_lower writes its own)
_READING_VALUES = [Reading.taken_on, Reading.t1, Reading.t2, Reading.t3, Reading.source, Reading.flagged,
                   Reading.reason]


def _decimal_text(value: float | None) -> str | None:
    """A reading as the text stored in the DECIMAL column: the shortest exact repr."""
    if value is None:
        return None
    text = repr(float(value))
    if "e" in text or "n" in text:  # 1e-05, 1e+20: write it out in full
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text


def _same(a: Values, b: Values) -> bool:
    return all((x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-6)
               for x, y in zip(a, b))
