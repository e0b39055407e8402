"""A reading's three values: their type, their comparison, the text the DECIMAL column
stores, and what an upsert of a meter's reading of a period overwrites."""

from __future__ import annotations

from tsj_desk.services.meters import Values, _decimal_text  # noqa: F401 - one definition, kept here too
from tsj_desk.storage.models import Reading

# what an upsert of a meter's reading of a period overwrites (a reason of a lower reading
# saved before is cleared: readings_lower writes its own)
_READING_VALUES = [Reading.taken_on, Reading.t1, Reading.t2, Reading.t3, Reading.source, Reading.flagged,
                   Reading.reason]


def _same(a: Values, b: Values) -> bool:
    return all((x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-6)
               for x, y in zip(a, b))
