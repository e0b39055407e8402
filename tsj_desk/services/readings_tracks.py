"""The readings history the checks read: each meter's readings in period order and the
total consumption from each to the next (``MeterHistory``).

An import, the readings grid, the billing register and the walk-round sheet all ask
the same questions of it — the reading before a period, the monthly history before
it, the reading after it — so it is built once per action, for the meters concerned
only, from two index reads (``readings_history``): the last reading before the window
and the readings inside it, streamed in meter then period order into the tracks.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

import peewee

from tsj_desk.domain.meters import HISTORY_PERIODS, MeterFacts, consumption
from tsj_desk.services.readings_match import KnownMeter
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Meter

Values = tuple[float | None, float | None, float | None]

# above this many meters, their digits are read for every meter (one scan) rather than by id
_DIGITS_BY_ID = 2000


def raw_readings(query: peewee.Query):
    """(meter, period, taken_on, values) of a readings query, converted by hand.

    Hundreds of thousands of rows go through here on an import: peewee's per-value
    conversion (Decimal, date parsing) would cost several times the query. The driver
    gives numbers as int/float (SQLite) or Decimal (PostgreSQL), dates as ISO text or
    ``date``: both are handled.
    """
    sql, params = query.sql()
    days: dict[object, date | None] = {None: None}
    for mid, period, taken, t1, t2, t3 in database.execute_sql(sql, params):
        day = days.get(taken)
        if day is None and taken is not None:
            day = days[taken] = taken if isinstance(taken, date) else date.fromisoformat(str(taken)[:10])
        yield mid, period, day, (None if t1 is None else float(t1), None if t2 is None else float(t2),
                                 None if t3 is None else float(t3))


def last_readings(meter_ids: list[int] | None = None, *, before: str | None = None
                  ) -> dict[int, tuple[str, date | None, Values]]:
    """The last reading of each meter (before period ``before`` if given): a seek per
    meter in the (meter, period) index (``readings_history``)."""
    from tsj_desk.services.readings_history import last_before

    return {mid: (period, taken, values) for query in last_before(before, meter_ids)
            for mid, period, taken, values in raw_readings(query)}


def total_between(before: Values, after: Values, digits: int | None) -> float | None:
    """Total consumption of all tariffs between two readings; None if any decreased."""
    if after[1] is None and after[2] is None:  # a one-tariff meter: most of them
        if before[0] is None or after[0] is None:
            return 0.0
        return consumption(before[0], after[0], digits)
    total = 0.0
    for a, b in zip(before, after):
        if a is None or b is None:
            continue
        used = consumption(a, b, digits)
        if used is None:
            return None
        total += used
    return total


@dataclass(slots=True)
class Track:
    """One meter's readings in period order, and the total consumption up to each."""

    periods: list[str] = field(default_factory=list)
    entries: list[tuple[date | None, Values]] = field(default_factory=list)
    totals: list[float | None] = field(default_factory=list)
    facts: MeterFacts | None = None
    window: str = ""  # the window ``window_start`` was found for
    window_start: int = 0


class MeterHistory:
    """Readings of the meters concerned from ``since`` on, plus the last one before it.

    Per meter: the readings in period order and the total consumption from each to
    the next, so that the facts for a new reading are a bisect, not a rescan.
    Readings accepted from the file being checked are added with ``add`` so that a
    file holding several months checks each month against the one before.

    A history read from an earlier ``since`` than an action needs gives the same facts
    once ``narrow`` limits the monthly history to what a history read from the later
    ``since`` would hold.
    """

    def __init__(self, since: str, meter_ids: Collection[int] | None = None):
        """``meter_ids``: the meters whose history is read (None: every meter); the
        facts of any other meter are those of a meter without readings."""
        from tsj_desk.services.readings_history import readings_from
        from tsj_desk.storage.bulk import id_list

        self.since = since
        self.window = since
        self.tracks: dict[int, Track] = {}
        digits = Meter.select(Meter.id, Meter.digits)
        if meter_ids is not None and len(meter_ids) <= _DIGITS_BY_ID:  # a house, a grid: not every meter
            digits = digits.where(Meter.id.in_(id_list(meter_ids)) if meter_ids else Meter.id.is_null())
        self.digits: dict[int, int | None] = dict(digits.tuples())
        before = last_readings(None if meter_ids is None else list(meter_ids), before=since)
        for query in readings_from(since, meter_ids):
            sql, params = query.sql()
            self._load(database.execute_sql(sql, params), before)
        for mid, (period, taken, values) in before.items():  # no reading since the window began
            if mid not in self.tracks:
                self.tracks[mid] = Track([period], [(taken, values)], [None])

    def _load(self, rows: Iterable[tuple], before: dict[int, tuple[str, date | None, Values]]) -> None:
        """Build the tracks from the driver's rows (meter, period, taken_on, t1, t2, t3)
        in meter then period order, all later than the one of ``before`` that starts
        each track: appends, no bisect, values converted as ``raw_readings`` does."""
        tracks, digits_of = self.tracks, self.digits
        days: dict[object, date | None] = {None: None}
        current = None
        periods = entries = totals = None
        last: Values | None = None
        digits = None
        for mid, period, taken_on, t1, t2, t3 in rows:
            taken = days.get(taken_on)
            if taken is None and taken_on is not None:
                taken = days[taken_on] = (taken_on if isinstance(taken_on, date)
                                          else date.fromisoformat(str(taken_on)[:10]))
            values = (None if t1 is None else float(t1), None if t2 is None else float(t2),
                      None if t3 is None else float(t3))
            if mid != current:  # each meter's readings come together (one query holds a meter)
                current = mid
                digits = digits_of.get(mid)
                start = before.get(mid)
                if start is None:
                    track = tracks[mid] = Track([period], [(taken, values)], [None])
                    periods, entries, totals = track.periods, track.entries, track.totals
                    last = values
                    continue
                track = tracks[mid] = Track([start[0]], [(start[1], start[2])], [None])
                periods, entries, totals = track.periods, track.entries, track.totals
                last = start[2]
            periods.append(period)
            entries.append((taken, values))
            if values[1] is None and values[2] is None:  # one tariff: total_between, inlined
                if values[0] is None or last[0] is None:
                    totals.append(0.0)
                else:
                    previous, value = last[0], values[0]
                    totals.append(round(value - previous, 4) if value >= previous
                                  else consumption(previous, value, digits))
            else:
                totals.append(total_between(last, values, digits))
            last = values

    def narrow(self, since: str) -> None:
        """Give facts as a history read from ``since`` (not earlier than ``self.since``) would."""
        self.window = since

    def track(self, meter_id: int) -> Track:
        track = self.tracks.get(meter_id)
        if track is None:
            track = self.tracks[meter_id] = Track()
        return track

    def add(self, meter_id: int, period: str, taken: date | None, values: Values) -> None:
        track = self.track(meter_id)
        self.insert(meter_id, track, bisect_left(track.periods, period), period, taken, values)

    def insert(self, meter_id: int, track: Track, index: int, period: str, taken: date | None,
               values: Values, checked: Values | None = None) -> None:
        """Put a reading at ``index`` of the meter's track (``bisect_left`` of its period).

        ``checked``: the consumption the checks found from the reading before ``index``;
        for a one-tariff reading it is the monthly total, not computed again.
        """
        periods, entries, totals = track.periods, track.entries, track.totals
        if index == len(periods):  # the usual case: a later month
            periods.append(period)
            entries.append((taken, values))
            if not index:
                totals.append(None)
            elif checked is not None and checked[0] is not None and values[1] is None and values[2] is None:
                totals.append(checked[0])
            else:
                totals.append(total_between(entries[-2][1], values, self.digits.get(meter_id)))
            return
        digits = self.digits.get(meter_id)
        if periods[index] == period:
            entries[index] = (taken, values)
        else:
            periods.insert(index, period)
            entries.insert(index, (taken, values))
            totals.insert(index, None)
            track.window = ""  # positions after the new reading have moved
        for i in (index, index + 1):  # the new reading's total and its successor's
            if 0 < i < len(entries):
                totals[i] = total_between(entries[i - 1][1], entries[i][1], digits)

    def entry(self, meter_id: int, period: str) -> tuple[date | None, Values] | None:
        """The meter's reading of ``period`` (its date and values), if there is one."""
        track = self.tracks.get(meter_id)
        if track is None:
            return None
        index = bisect_left(track.periods, period)
        if index < len(track.periods) and track.periods[index] == period:
            return track.entries[index]
        return None

    def existing(self, meter_id: int, period: str) -> Values | None:
        entry = self.entry(meter_id, period)
        return None if entry is None else entry[1]

    def taken_on(self, meter_id: int, period: str) -> date | None:
        entry = self.entry(meter_id, period)
        return None if entry is None else entry[0]

    def facts(self, meter: KnownMeter, period: str) -> MeterFacts:
        """The meter's facts for a reading of ``period``: previous reading, monthly
        history, and the reading after it (the one that follows a month being corrected)."""
        track = self.track(meter.id)
        index = bisect_left(track.periods, period)
        replaced = index < len(track.periods) and track.periods[index] == period
        return self.facts_at(meter, track, index, index + 1 if replaced else index)

    def facts_at(self, meter: KnownMeter, track: Track, index: int, following: int) -> MeterFacts:
        """The facts for a reading going to ``index`` of the meter's track, whose
        next reading (if any) is at ``following``.

        One ``MeterFacts`` per meter is kept and updated: the checks read it and keep
        nothing, and an import asks for the facts of every row.
        """
        facts = track.facts
        if facts is None:
            facts = track.facts = MeterFacts(
                meter.id, meter.resource, meter.tariffs, meter.digits, meter.archived_on,
                meter.next_verification, None, None, None, ())
        if index:
            facts.last_taken_on, facts.last_values = track.entries[index - 1]
            facts.last_period = track.periods[index - 1]
            # the first total inside the window is the one from the last reading before it
            low = index - HISTORY_PERIODS
            if self.window != self.since:
                if track.window != self.window:
                    track.window, track.window_start = self.window, bisect_left(track.periods, self.window)
                if low < track.window_start:
                    low = track.window_start
            facts.monthly_history = track.totals[low if low > 1 else 1:index]
        else:
            facts.last_taken_on = facts.last_period = None
            facts.last_values = meter.initial if meter.initial != (None, None, None) else None
            facts.monthly_history = ()
        if following < len(track.periods):  # an earlier month: the usual reading is the last
            facts.next_values, facts.next_period = track.entries[following][1], track.periods[following]
        else:
            facts.next_values = facts.next_period = None
        return facts

