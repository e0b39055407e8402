"""Readings typed by hand: the entry sheet, the checks while typing, the save of the grid."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import peewee

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.meters import HISTORY_PERIODS, CheckResult, Resource, check_reading, fmt, previous_periods
from tsj_desk.domain.text import joined_notes
from tsj_desk.services import audit
from tsj_desk.services.readings.threshold_settings import thresholds
from tsj_desk.services.readings.values import _READING_VALUES, Values, _decimal_text
from tsj_desk.services.readings_match import KnownMeter as _Meter
from tsj_desk.services.readings_match import load_meters as _load_meters
from tsj_desk.services.readings_tracks import MeterHistory as _History
from tsj_desk.services.reading_versions import reading_versions
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Meter, Premise, Reading
from tsj_desk.storage.versions import retried


@dataclass(frozen=True)
class EntryLine:
    meter_id: int
    premise_number: str
    resource: Resource
    serial: str
    tariffs: int
    previous: Values | None
    previous_period: str | None
    previous_date: date | None
    current: Values | None  # already entered for the period
    next_verification: date | None


def entry_sheet(period: str, *, house_id: int | None = None) -> list[EntryLine]:
    """All active meters (of house ``house_id``, when given: its premises' meters and its
    common-house ones) with the previous reading and the one of ``period`` if entered."""
    meters = _load_meters(house_id)
    history = _History(period, None if house_id is None else [m.id for m in meters])  # the reading before
    return sheet_lines(meters, history, period)


def sheet_lines(meters: list[_Meter], history: _History, period: str) -> list[EntryLine]:
    """``entry_sheet`` of ``meters`` from a history read from ``period`` or earlier."""
    lines = []
    for meter in sorted(meters, key=lambda m: (_natural(m.premise), m.resource.order, m.id)):
        if meter.archived_on is not None:
            continue
        facts = history.facts(meter, period)
        lines.append(EntryLine(meter.id, meter.premise, meter.resource, meter.serial, meter.tariffs,
                               facts.last_values, facts.last_period, facts.last_taken_on,
                               history.existing(meter.id, period), meter.next_verification))
    return lines


@lru_cache(maxsize=20_000)  # a premise's three meters sort by one text, computed once
def _natural(number: str) -> str:
    from tsj_desk.domain.premises import premise_sort_text

    return premise_sort_text(number) if number else "~"


def check_entry(meter_id: int, period: str, values: Values, taken_on: date | None, *,
                today: date) -> CheckResult:
    """The checks of one reading typed by hand (shown inline while typing)."""
    meter = next((m for m in _load_meters() if m.id == meter_id), None)
    if meter is None:
        raise NotFound("Счётчик не найден.")
    history = _History(previous_periods(period, HISTORY_PERIODS + 1)[-1], [meter_id])
    return check_reading(history.facts(meter, period), values, taken_on, today=today,
                         thresholds=thresholds()[meter.resource])


def entry_checker(period: str, *, today: date, meter_ids: Collection[int] | None = None):
    """``check_entry`` for many readings of one period, as the entry grid needs it on
    every keystroke: the meters, their history and the thresholds are read once here,
    and the returned ``check(meter_id, values, taken_on) -> CheckResult`` reads nothing.
    Ask for a new one after saving (the history has changed). ``meter_ids``: the meters
    checked (None: every meter); only their history is read."""
    meters = {m.id: m for m in _load_meters()}
    history = _History(previous_periods(period, HISTORY_PERIODS + 1)[-1], meter_ids)
    limits = thresholds()

    def check(meter_id: int, values: Values, taken_on: date | None) -> CheckResult:
        meter = meters.get(meter_id)
        if meter is None:
            raise NotFound("Счётчик не найден.")
        return check_reading(history.facts(meter, period), values, taken_on, today=today,
                             thresholds=limits[meter.resource])

    return check


@retried
def save_entries(period: str, entries: list[tuple[int, Values, date | None]], *, today: date,
                 now: datetime, source: str = "manual", remove: Sequence[int] = (),
                 versions: dict[int, int] | None = None) -> int:
    """Save readings typed by hand in one transaction; any error saves nothing.

    ``remove``: meters whose reading of ``period`` is deleted in the same transaction
    (a reading entered for the wrong meter); the audit log keeps the values removed.
    ``versions``: the versions of the period's readings when the grid was read
    (``reading_versions``; None: read here) — a reading saved meanwhile on another PC
    refuses the whole save instead of being overwritten. Returns the number of readings saved.
    """
    asked = sorted({e[0] for e in entries})
    if versions is None:
        versions = reading_versions(period, asked)
    meters = {m.id: m for m in _load_meters(meter_ids=asked)}
    history = _History(previous_periods(period, HISTORY_PERIODS + 1)[-1], asked)
    limits = thresholds()
    problems = []
    rows = []
    for meter_id, values, taken_on in entries:
        meter = meters.get(meter_id)
        if meter is None:
            raise NotFound("Счётчик не найден.")
        result = check_reading(history.facts(meter, period), values, taken_on, today=today,
                               thresholds=limits[meter.resource])
        problems.extend(f"{meter.premise or 'ОДПУ'}, {meter.serial}: {m}" for _, m in result.errors)
        rows.append((meter_id, values, taken_on, joined_notes(m for _, m in result.warnings)))
    if problems:
        raise ValidationFailed(problems[0], problems)
    from tsj_desk.services.reading_writes import write_readings  # loaded by a save, not with the page

    with database.atomic():
        if remove:
            _remove_readings(period, remove, now=now)
        write_readings(period, [  # one order: no deadlock; a server gets them in one pipeline
            (meter_id, versions.get(meter_id),
             {"taken_on": taken_on, "t1": _decimal_text(values[0]), "t2": _decimal_text(values[1]),
              "t3": _decimal_text(values[2]), "source": source, "flagged": flagged})
            for meter_id, values, taken_on, flagged in sorted(rows, key=lambda r: r[0])],
            _READING_VALUES)
        audit.record("enter", "readings", None, now=now, period=period, count=len(rows))
    return len(rows)


def _remove_readings(period: str, meter_ids: Sequence[int], *, now: datetime) -> None:
    """Delete the readings of ``period`` of these meters, writing what they held to the log."""
    gone = list(Reading.select(Reading.id, Reading.t1, Reading.t2, Reading.t3, Meter.serial,
                               Meter.tariffs, Premise.number)
                .join(Meter).join(Premise, peewee.JOIN.LEFT_OUTER)
                .where(Reading.meter.in_(list(meter_ids)) & (Reading.period == period))
                .order_by(Reading.id).objects())
    if not gone:
        return
    Reading.delete().where(Reading.id.in_([r.id for r in gone])).execute()
    removed = [f"{r.number or 'ОДПУ'}, {r.serial}: "
               + " / ".join(fmt(float(v)) for v in (r.t1, r.t2, r.t3)[:r.tariffs] if v is not None)
               for r in gone]
    audit.record("remove", "readings", None, now=now, period=period, count=len(gone), removed=removed)
