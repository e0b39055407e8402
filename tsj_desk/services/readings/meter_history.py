"""A meter's readings of the last months with the monthly consumption (its card's
history, the common-meter report)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.meters import consumption
from tsj_desk.services.readings.values import Values
from tsj_desk.services.readings_match import meter_values as _values
from tsj_desk.storage.models import Meter, Reading


@dataclass(frozen=True)
class HistoryPoint:
    period: str
    taken_on: date | None
    values: Values
    consumption: float | None
    source: str


def meter_history(meter_id: int, months: int = 24) -> list[HistoryPoint]:
    """The meter's readings of the last ``months`` periods with monthly consumption."""
    meter = Meter.get_or_none(Meter.id == meter_id)
    if meter is None:
        raise NotFound("Счётчик не найден.")
    rows = list(Reading.select(Reading.period, Reading.taken_on, Reading.t1, Reading.t2, Reading.t3,
                               Reading.source).where(Reading.meter == meter_id)
                .order_by(Reading.period.desc()).limit(months + 1).tuples())
    rows.reverse()
    points = []
    previous = _values(meter.initial_t1, meter.initial_t2, meter.initial_t3)
    if rows and len(rows) > months:
        previous = _values(*rows[0][2:5])
        rows = rows[1:]
    for period, taken, t1, t2, t3, source in rows:
        values = _values(t1, t2, t3)
        used = [consumption(a, b, meter.digits) for a, b in zip(previous, values)
                if a is not None and b is not None]
        total = sum(u for u in used if u is not None) if used and None not in used else None
        points.append(HistoryPoint(period, taken, values, total, source))
        previous = values
    return points
