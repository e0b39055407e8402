"""The checks of a readings file before it is imported: the file is parsed on a second
thread while the meters are read, then every row is matched and checked against the
history (``readings_tracks``) in Python; nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.meters import HISTORY_PERIODS, CheckResult, check_reading, fmt, previous_periods
from tsj_desk.services.importing import Cancelled, collector_paused
from tsj_desk.services.readings.threshold_settings import thresholds
from tsj_desk.services.readings.values import Values, _same
from tsj_desk.services.readings_match import FileHouses, load_houses
from tsj_desk.services.readings_match import KnownMeter as _Meter
from tsj_desk.services.readings_match import MeterIndex as _MeterIndex
from tsj_desk.services.readings_match import load_meters as _load_meters
from tsj_desk.services.readings_new_meters import NewMeter, NewMeters, premises_by_key
from tsj_desk.services.readings_tariffs import tariffs_against_card
from tsj_desk.services.readings_tracks import MeterHistory as _History

if TYPE_CHECKING:  # the file readers load when a file is read, not with the readings page
    from tsj_desk.importers.readings import ParsedReadings, ReadingRow


@dataclass(slots=True)
class CheckedRow:
    """A row of the file after the checks. Its errors and warnings are an empty tuple
    until it has one (``add_errors``, ``add_warnings``): most rows of a file have none,
    and 200,000 empty lists of a 100,000-row file were as many objects for the cycle
    collector to walk again and again."""

    row: ReadingRow
    meter_id: int | None
    errors: Sequence[RowProblem] = ()
    warnings: Sequence[RowProblem] = ()
    consumption: Values = (None, None, None)
    duplicate: bool = False  # the same reading is already in the database: skipped
    new_meter: bool = False
    new: NewMeter | None = None  # the meter the import creates for this row

    def add_errors(self, *problems: RowProblem) -> None:
        self.errors = [*self.errors, *problems]

    def add_warnings(self, *problems: RowProblem) -> None:
        self.warnings = [*self.warnings, *problems]


@dataclass
class ReadingsPreview:
    parsed: ParsedReadings
    checked: list[CheckedRow]
    file_errors: list[RowProblem]  # problems of rows that could not be parsed at all
    file_warnings: list[RowProblem] = field(default_factory=list)  # of the file (its period…)

    @property
    def errors(self) -> list[RowProblem]:
        return self.file_errors + [e for c in self.checked for e in c.errors]

    @property
    def warnings(self) -> list[RowProblem]:
        return self.file_warnings + [w for c in self.checked for w in c.warnings]

    def valid(self) -> list[CheckedRow]:
        return [c for c in self.checked if not c.errors]


def _since(first_period: str) -> str:
    """The first period whose readings the checks of ``first_period`` need."""
    return previous_periods(first_period, HISTORY_PERIODS + 1)[-1]


class _Context:
    """What the checks read from the database: meters, thresholds, premises. The
    history is read once the file's rows are matched (``history_for``): of the meters
    the file names, from the window its periods need."""

    def __init__(self, create_meters: bool):
        self.houses = load_houses()
        self.meters = _MeterIndex(_load_meters(), self.houses)
        if not create_meters:
            from tsj_desk.services.readings_match import CREATE_HINT

            self.meters.unknown_hint = CREATE_HINT
        self.limits = thresholds()
        self.premises = premises_by_key() if create_meters else ({}, {})
        self.create_meters = create_meters

    def history_for(self, since: str, meter_ids: set[int]) -> _History:
        """The history of ``meter_ids`` from ``since`` on, read anew (the checks add the
        file's accepted readings to it). A file naming most meters reads every meter's:
        one pass over the index beats thousands of seeks."""
        everyone = len(meter_ids) * 2 > len(self.meters.meters)
        return _History(since, None if everyone else meter_ids)


def _read_while_loading(path: Path, period: str | None, today: date, create_meters: bool,
                        mapping: dict[str, str] | None = None) -> tuple[ParsedReadings, _Context]:
    """Parse the file on a second thread while the database is read on this one.

    python-calamine releases the GIL while it parses, so the meters, the thresholds and
    the houses are read meanwhile. The history is read afterwards
    (``_Context.history_for``): only the file says which meters and periods it needs.
    """
    outcome: dict[str, object] = {}
    from tsj_desk.services import column_layouts

    layouts = column_layouts.layouts_or_none(column_layouts.READINGS, mapping)

    def read() -> None:
        from tsj_desk.importers.readings import parse_readings_file

        try:
            outcome["parsed"] = parse_readings_file(path, period=period, mapping=mapping, layouts=layouts,
                                                    today=today)
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    reader = threading.Thread(target=read, name="readings-file", daemon=True)
    reader.start()
    try:
        context = _Context(create_meters)
    finally:
        reader.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["parsed"], context


@collector_paused()
def check_readings(parsed: ParsedReadings, *, today: date, create_meters: bool = False,
                   cancel: threading.Event | None = None, context: _Context | None = None
                   ) -> ReadingsPreview:
    """Run every check on the parsed rows against the database (nothing is written)."""
    rows = parsed.rows
    periods = sorted({r.period for r in rows if r.period})
    since = _since(periods[0]) if periods else "0000-00"
    if context is None or context.create_meters != create_meters:
        context = _Context(create_meters)
    meters, limits = context.meters, context.limits
    titles = parsed.titles
    seen: dict[tuple[int | str, str], tuple[int, Values]] = {}
    keys = {"t1": titles.get("t1"), "t2": titles.get("t2"), "t3": titles.get("t3"),
            "date": titles.get("date"), None: None}
    serial_title = titles.get("serial")
    t1_title = titles.get("t1")
    houses = FileHouses(parsed, context.houses)
    found: dict[tuple, tuple[_Meter | None, str | None]] = {}

    def match_of(row: ReadingRow) -> tuple[_Meter | None, str | None]:
        # a row is looked for in the house its address (or the file's) names
        house_id = houses.named(row)
        lookup = (row.serial, row.gis, row.premise, row.account, row.resource, house_id)
        match = found.get(lookup)
        if match is None:
            match = found[lookup] = meters.find(row, house_id)
        return match

    matches = [match_of(row) for row in rows]
    new_meters: dict[int, NewMeter | str | None] = {}  # row index → its new meter, or why none
    if create_meters:
        making = NewMeters(meters, houses, context.premises,
                           common_file="premise" not in titles and "account" not in titles)
        for index, (meter, problem) in enumerate(matches):
            if meter is None:
                new_meters[index] = making.take(rows[index], problem)
        making.finish()
    named = {meter.id for meter, _ in matches if meter is not None and meter.id > 0}
    history = context.history_for(since, named)
    tracks = history.tracks
    row_periods = [r.period or "" for r in rows]
    order = sorted(range(len(rows)), key=row_periods.__getitem__)
    checked: list[CheckedRow | None] = [None] * len(rows)
    for count, index in enumerate(order):
        if cancel is not None and count % 5000 == 0 and cancel.is_set():
            raise Cancelled()
        row = rows[index]
        item = checked[index] = CheckedRow(row, None)
        meter, problem = matches[index]
        if meter is None and create_meters:
            new = new_meters.get(index)
            if isinstance(new, NewMeter):
                item.new_meter, item.new, meter = True, new, new.meter
                card_errors, card_warnings = NewMeters.problems(row, titles, today)
                item.add_errors(*card_errors)
                item.add_warnings(*card_warnings)
                if new.note:
                    item.add_warnings(RowProblem(row.row, serial_title, new.note, is_error=False))
                if card_errors:
                    continue
            else:
                problem = new or problem
        if meter is None:
            item.add_errors(RowProblem(row.row, serial_title or titles.get("gis"), problem))
            continue
        item.meter_id = meter.id if meter.id > 0 else None
        if meter.id > 0 and (row.tariffs or any(row.values[meter.tariffs:])):
            mismatch = tariffs_against_card(row, meter, titles)  # the file's count, not the card's
            if mismatch is not None:
                (item.add_errors if mismatch.is_error else item.add_warnings)(mismatch)
                if mismatch.is_error:
                    continue
        key = (meter.id, row.period)
        if key in seen:
            first_row, first_values = seen[key]
            if first_values == row.values:
                item.duplicate = True
                item.add_warnings(RowProblem(row.row, None, f"повтор строки {first_row}: пропущено.",
                                                is_error=False))
            else:
                item.add_errors(RowProblem(row.row, t1_title,
                                              f"счётчик «{meter.serial}» за этот период уже указан в строке "
                                              f"{first_row} с другими показаниями."))
            continue
        seen[key] = (row.row, row.values)
        track = tracks.get(meter.id) or history.track(meter.id)
        periods = track.periods
        at = bisect_left(periods, row.period)
        if at < len(periods) and periods[at] == row.period:
            existing = track.entries[at][1]
            if _same(existing, row.values):
                item.duplicate = True
                item.add_warnings(RowProblem(row.row, None, "это показание уже загружено: пропущено.",
                                                is_error=False))
            else:
                item.add_errors(RowProblem(
                    row.row, t1_title,
                    f"за период {row.period[5:]}.{row.period[:4]} по счётчику «{meter.serial}» уже есть "
                    f"показание {fmt(existing[0] or 0)} — другое значение."))
            continue
        result: CheckResult = check_reading(history.facts_at(meter, track, at, at), row.values, row.taken_on,
                                            today=today, thresholds=limits[meter.resource])
        item.consumption = result.consumption
        if result.errors:
            item.add_errors(*(RowProblem(row.row, keys.get(name), message)
                              for name, message in result.errors))
        else:
            history.insert(meter.id, track, at, row.period, row.taken_on, row.values, result.consumption)
        if result.warnings:
            item.add_warnings(*(RowProblem(row.row, keys.get(name), message, is_error=False)
                                for name, message in result.warnings))
    for new in new_meters.values():  # the history of meters not made yet is not the base's
        if isinstance(new, NewMeter):
            tracks.pop(new.meter.id, None)
    return ReadingsPreview(parsed, checked, [p for p in parsed.problems if p.is_error],
                           [p for p in parsed.problems if not p.is_error])


@collector_paused()
def preview_readings(path: str | Path, *, today: date, period: str | None = None,
                     create_meters: bool = False, mapping: dict[str, str] | None = None) -> ReadingsPreview:
    """``mapping`` (header → field) is the user's column layout; without it a layout
    remembered for the file's header row is applied (``column_layouts``)."""
    parsed, context = _read_while_loading(Path(path), period, today, create_meters, mapping)
    return check_readings(parsed, today=today, create_meters=create_meters, context=context)
