"""A reading below the previous one saved with a reason (``domain.lower_readings``).

The entry by hand and the import refuse a decrease; the window offers to save it
with a reason from a fixed list. A replaced meter is never saved here (the meter is
replaced instead: ``services.meters.replace_meter``); a roll-over keeps the digits
it was counted with on a meter whose card had none, so that every consumption
computed later agrees; a correction keeps the negative consumption. The reason is
kept with the reading (column ``reason``) and among its remarks (``flagged``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.lower_readings import LowerCheck, LowerReason, check_lower_reading, lower_tariffs, parse_reason
from tsj_desk.domain.meters import HISTORY_PERIODS, MeterFacts, Resource, previous_periods
from tsj_desk.services import audit
from tsj_desk.services.readings import _READING_VALUES, _decimal_text, _load_meters, thresholds
from tsj_desk.services.readings_tracks import MeterHistory as _History
from tsj_desk.services.readings_match import KnownMeter, meter_values
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Meter, Reading

Values = tuple[float | None, float | None, float | None]


@dataclass(frozen=True)
class LowerReading:
    """A typed reading below the previous one: what the dialog shows."""

    meter_id: int
    premise_number: str
    serial: str
    resource: Resource
    tariffs: int
    digits: int | None  # the meter card's, None when unknown
    previous: Values
    previous_period: str | None
    values: Values
    lower: tuple[int, ...]  # the tariffs below the previous reading


def _facts(meter_id: int, period: str) -> tuple[KnownMeter, MeterFacts]:
    meter = next((m for m in _load_meters() if m.id == meter_id), None)
    if meter is None:
        raise NotFound("Счётчик не найден.")
    history = _History(previous_periods(period, HISTORY_PERIODS + 1)[-1], [meter_id])
    return meter, history.facts(meter, period)


def lower_reading(meter_id: int, period: str, values: Values) -> LowerReading | None:
    """The reading as the dialog needs it when it is below the previous one (and no
    roll-over the meter's digits explain); None otherwise."""
    meter, facts = _facts(meter_id, period)
    lower = lower_tariffs(facts, values)
    if not lower or facts.last_values is None:
        return None
    return LowerReading(meter.id, meter.premise, meter.serial, meter.resource, meter.tariffs, meter.digits,
                        facts.last_values, facts.last_period, values, lower)


def check_lower_entry(meter_id: int, period: str, values: Values, taken_on: date | None,
                      reason: LowerReason, *, today: date, digits: int | None = None) -> LowerCheck:
    """What saving the reading with ``reason`` would give (shown while choosing)."""
    meter, facts = _facts(meter_id, period)
    return check_lower_reading(facts, values, taken_on, reason, today=today,
                               thresholds=thresholds()[meter.resource], digits=digits)


def save_lower_reading(meter_id: int, period: str, values: Values, taken_on: date | None,
                       reason: LowerReason, *, today: date, now: datetime,
                       digits: int | None = None) -> LowerCheck:
    """Save a reading below the previous one with ``reason``, in one transaction.

    Refused (``ValidationFailed``, nothing written) for a replaced meter, for a reading
    that is not lower, and for any error of the usual checks.
    """
    meter, facts = _facts(meter_id, period)
    result = check_lower_reading(facts, values, taken_on, reason, today=today,
                                 thresholds=thresholds()[meter.resource], digits=digits)
    if result.errors:
        where = f"{meter.premise or 'ОДПУ'}, {meter.serial}: "
        raise ValidationFailed(where + result.errors[0], [where + m for m in result.errors])
    with database.atomic():
        if result.digits_to_keep is not None:
            Meter.update(digits=result.digits_to_keep).where(Meter.id == meter_id).execute()
            audit.record("edit", "meter", meter_id, now=now, serial=meter.serial,
                         before={"digits": None}, after={"digits": result.digits_to_keep})
        Reading.insert(meter=meter_id, period=period, taken_on=taken_on, t1=_decimal_text(values[0]),
                       t2=_decimal_text(values[1]), t3=_decimal_text(values[2]), source="manual",
                       flagged=result.note, reason=reason.value
                       ).on_conflict(conflict_target=[Reading.meter, Reading.period],
                                     preserve=_READING_VALUES).execute()
        audit.record("enter", "readings", None, now=now, period=period, count=1, meter=meter_id,
                     serial=meter.serial, reason=reason.label,
                     values=[v for v in values[:meter.tariffs]],
                     previous=[v for v in (facts.last_values or ())[:meter.tariffs]])
    return result


def saved_reasons(period: str, meter_ids: list[int] | None = None) -> dict[int, tuple[Values, LowerReason]]:
    """Meter → the values and the reason of its reading of ``period`` saved with one.
    ``meter_ids``: only these meters (a house's grid), by seeks in the (meter, period)
    index instead of a pass over every reading of the period."""
    from tsj_desk.services.readings_history import CHUNK
    from tsj_desk.storage.bulk import id_list

    wanted = (Reading.period == period) & Reading.reason.is_null(False)
    ids = None if meter_ids is None else sorted(set(meter_ids))
    chunks = [None] if ids is None else [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    result = {}
    for chunk in chunks:
        where = wanted if chunk is None else wanted & Reading.meter.in_(id_list(chunk))
        query = Reading.select(Reading.meter, Reading.t1, Reading.t2, Reading.t3, Reading.reason).where(where)
        for meter_id, t1, t2, t3, code in query.tuples():
            reason = parse_reason(code)
            if reason is not None:
                result[meter_id] = (meter_values(t1, t2, t3), reason)
    return result


@dataclass(frozen=True)
class ReasonedReading:
    """One reading of a meter's history with the reason it was saved with."""

    period: str
    values: Values
    reason: LowerReason | None
    remarks: str


def reasons_history(meter_id: int) -> list[ReasonedReading]:
    """The meter's readings in period order, each with its reason (None for most)."""
    query = (Reading.select(Reading.period, Reading.t1, Reading.t2, Reading.t3, Reading.reason,
                            Reading.flagged)
             .where(Reading.meter == meter_id).order_by(Reading.period).tuples())
    return [ReasonedReading(period, meter_values(t1, t2, t3), parse_reason(code), flagged or "")
            for period, t1, t2, t3, code, flagged in query]
