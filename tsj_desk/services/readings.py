"""Meter readings: import with the checks, entry by hand, batches and undo, exports.

The import's hot path reads the meters while the file is parsed, then the history of
the meters the file names from the window its periods need (``readings_tracks``),
checks rows in Python, and writes all readings with one ``executemany`` (peewee's
``insert_many`` costs ~13× more for 100,000 rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import hashlib
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import peewee

from tsj_desk.domain.errors import ImportRejected, NotFound, RowProblem, ValidationFailed
from tsj_desk.domain.meters import (
    DEFAULT_THRESHOLDS,
    HISTORY_PERIODS,
    CheckResult,
    Resource,
    Thresholds,
    check_reading,
    consumption,
    fmt,
    previous_periods,
)
from tsj_desk.services import audit
from tsj_desk.services.importing import Cancelled, ImportReport, Progress, collector_paused
from tsj_desk.services.meters import (  # noqa: F401 - the meter card's actions, kept importable here
    MeterInfo,
    MeterInput,
    add_meter,
    list_meters,
    replace_meter,
    why_no_meter,
)
from tsj_desk.services.readings_match import FileHouses, load_houses
from tsj_desk.services.readings_match import KnownMeter as _Meter
from tsj_desk.services.readings_match import MeterIndex as _MeterIndex
from tsj_desk.services.readings_match import load_meters as _load_meters
from tsj_desk.services.readings_match import meter_values as _values
from tsj_desk.services.readings_new_meters import NewMeter, NewMeters, premises_by_key, write_new_meters
from tsj_desk.services.readings_tariffs import tariffs_against_card
from tsj_desk.services.readings_tracks import MeterHistory as _History
from tsj_desk.services.readings_tracks import last_readings  # noqa: F401 - kept importable here
from tsj_desk.services.reading_versions import lock_import, reading_versions
from tsj_desk.services.reading_writes import write_readings
from tsj_desk.storage.bulk import date_binder, insert_rows
from tsj_desk.storage.database import database
from tsj_desk.storage.models import ImportBatch, Meter, Premise, Reading, Setting
from tsj_desk.storage.versions import retried

if TYPE_CHECKING:  # the file readers load when a file is read, not with the readings page
    from tsj_desk.importers.readings import ParsedReadings, ReadingRow

Values = tuple[float | None, float | None, float | None]

# what an upsert of a meter's reading of a period overwrites (a reason of a lower reading
# saved before is cleared: readings_lower writes its own)
_READING_VALUES = [Reading.taken_on, Reading.t1, Reading.t2, Reading.t3, Reading.source, Reading.flagged,
                   Reading.reason]


# ---------------------------------------------------------------- settings


def thresholds() -> dict[Resource, Thresholds]:
    """Plausibility limits per resource: the defaults, overridden in the settings."""
    result = dict(DEFAULT_THRESHOLDS)
    for row in Setting.select().where(Setting.key.startswith("threshold.")):
        _, resource, which = row.key.split(".")
        current = result[Resource(resource)]
        value = float(row.value)
        result[Resource(resource)] = (Thresholds(value, current.ceiling) if which == "floor"
                                      else Thresholds(current.floor, value))
    return result


def set_threshold(resource: Resource, *, floor: float, ceiling: float, now: datetime) -> None:
    if floor < 0 or ceiling <= 0:
        raise ValidationFailed("Пороги расхода должны быть положительными.")
    with database.atomic():
        for which, value in (("floor", floor), ("ceiling", ceiling)):
            key = f"threshold.{Resource(resource).value}.{which}"
            Setting.put(key, str(value))
        audit.record("edit", "thresholds", None, now=now, resource=str(resource), floor=floor, ceiling=ceiling)


# ---------------------------------------------------------------- meters and history


# ---------------------------------------------------------------- import


@dataclass(slots=True)
class CheckedRow:
    row: ReadingRow
    meter_id: int | None
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    consumption: Values = (None, None, None)
    duplicate: bool = False  # the same reading is already in the database: skipped
    new_meter: bool = False
    new: NewMeter | None = None  # the meter the import creates for this row


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

    python-calamine releases the GIL while it parses, so the meters and their history
    are read meanwhile. The file's periods are not known yet: the history is read
    from a year before the period given, or before this month, which covers any file
    of the last year; ``check_readings`` reads it again for an older file.
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

    new_meters: dict[int, NewMeter | str | None] = {}  # row index → its new meter, or why none
    if create_meters:
        making = NewMeters(meters, houses, context.premises,
                           common_file="premise" not in titles and "account" not in titles)
        for index, row in enumerate(rows):
            meter, problem = match_of(row)
            if meter is None:
                new_meters[index] = making.take(row, problem)
        making.finish()
    named = set()
    for row in rows:
        meter, _ = match_of(row)
        if meter is not None and meter.id > 0:
            named.add(meter.id)
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
        meter, problem = match_of(row)
        if meter is None and create_meters:
            new = new_meters.get(index)
            if isinstance(new, NewMeter):
                item.new_meter, item.new, meter = True, new, new.meter
                card_errors, card_warnings = NewMeters.problems(row, titles, today)
                item.errors.extend(card_errors)
                item.warnings.extend(card_warnings)
                if new.note:
                    item.warnings.append(RowProblem(row.row, serial_title, new.note, is_error=False))
                if card_errors:
                    continue
            else:
                problem = new or problem
        if meter is None:
            item.errors.append(RowProblem(row.row, serial_title or titles.get("gis"), problem))
            continue
        item.meter_id = meter.id if meter.id > 0 else None
        if meter.id > 0 and (row.tariffs or any(row.values[meter.tariffs:])):
            mismatch = tariffs_against_card(row, meter, titles)  # the file's count, not the card's
            if mismatch is not None:
                (item.errors if mismatch.is_error else item.warnings).append(mismatch)
                if mismatch.is_error:
                    continue
        key = (meter.id, row.period)
        if key in seen:
            first_row, first_values = seen[key]
            if first_values == row.values:
                item.duplicate = True
                item.warnings.append(RowProblem(row.row, None, f"повтор строки {first_row}: пропущено.",
                                                is_error=False))
            else:
                item.errors.append(RowProblem(row.row, t1_title,
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
                item.warnings.append(RowProblem(row.row, None, "это показание уже загружено: пропущено.",
                                                is_error=False))
            else:
                item.errors.append(RowProblem(
                    row.row, t1_title,
                    f"за период {row.period[5:]}.{row.period[:4]} по счётчику «{meter.serial}» уже есть "
                    f"показание {fmt(existing[0] or 0)} — другое значение."))
            continue
        result: CheckResult = check_reading(history.facts_at(meter, track, at, at), row.values, row.taken_on,
                                            today=today, thresholds=limits[meter.resource])
        item.consumption = result.consumption
        if result.errors:
            item.errors.extend(RowProblem(row.row, keys.get(name), message)
                               for name, message in result.errors)
        else:
            history.insert(meter.id, track, at, row.period, row.taken_on, row.values, result.consumption)
        if result.warnings:
            item.warnings.extend(RowProblem(row.row, keys.get(name), message, is_error=False)
                                 for name, message in result.warnings)
    for new in new_meters.values():  # the history of meters not made yet is not the base's
        if isinstance(new, NewMeter):
            tracks.pop(new.meter.id, None)
    return ReadingsPreview(parsed, checked, [p for p in parsed.problems if p.is_error],
                           [p for p in parsed.problems if not p.is_error])


def _same(a: Values, b: Values) -> bool:
    return all((x is None and y is None) or (x is not None and y is not None and abs(x - y) < 1e-6)
               for x, y in zip(a, b))


@collector_paused()
def preview_readings(path: str | Path, *, today: date, period: str | None = None,
                     create_meters: bool = False, mapping: dict[str, str] | None = None) -> ReadingsPreview:
    """``mapping`` (header → field) is the user's column layout; without it a layout
    remembered for the file's header row is applied (``column_layouts``)."""
    parsed, context = _read_while_loading(Path(path), period, today, create_meters, mapping)
    return check_readings(parsed, today=today, create_meters=create_meters, context=context)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _decimal_text(value: float | None) -> str | None:
    """A reading as the text stored in the DECIMAL column: the shortest exact repr."""
    if value is None:
        return None
    text = repr(float(value))
    if "e" in text or "n" in text:  # 1e-05, 1e+20: write it out in full
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text


@retried
@collector_paused()
def import_readings(path: str | Path, *, today: date, now: datetime, period: str | None = None,
                    skip_invalid: bool = False, dry_run: bool = False, create_meters: bool = False,
                    progress: Progress | None = None, cancel: threading.Event | None = None,
                    preview: ReadingsPreview | None = None, source: str = "excel",
                    backup: bool = True, mapping: dict[str, str] | None = None) -> ImportReport:
    """Import a readings file as one batch, in one transaction.

    Any error stops the whole file (``ImportRejected``) unless ``skip_invalid``;
    warnings never block. A cancelled or failed import changes nothing. A backup is
    made first (``backup=False`` skips it: the benchmark of the bare import).
    A ``mapping`` the file was read with is remembered once the batch is written.
    """
    path = Path(path)
    if preview is None:
        parsed, context = _read_while_loading(path, period, today, create_meters, mapping)
        if progress:
            progress(1, 4)
        preview = check_readings(parsed, today=today, create_meters=create_meters, cancel=cancel,
                                 context=context)
    errors, warnings = preview.errors, preview.warnings
    valid = preview.valid()
    error_rows = {e.row for e in errors}
    # valid: the data rows without an error (a 1С line without readings is one of them)
    report = ImportReport(preview.parsed.data_rows, preview.parsed.data_rows - len(error_rows),
                          0, errors, warnings, dry_run)
    if errors and not skip_invalid:
        raise ImportRejected(errors)
    if progress:
        progress(2, 4)
    if dry_run:
        return report
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    to_write = [c for c in valid if not c.duplicate]
    if backup:
        from tsj_desk.services.backups import backup_before_import

        backup_before_import(now)
    with database.atomic() as transaction:
        # a server: one import of a house at a time, and none over readings written meanwhile
        lock_import({(c.meter_id, c.row.period) for c in to_write if c.meter_id is not None},
                    new_meters=any(c.new is not None for c in to_write))
        batch = ImportBatch.create(file_name=path.name, sha256=_sha256(path), at=now,
                                   user=audit.current_user(), rows=report.rows)
        created = write_new_meters(list({id(c.new): c.new for c in to_write if c.new is not None}.values()),
                                   batch.id)
        flagged = defaultdict(list)
        for w in warnings:
            flagged[w.row].append(w.message)
        bind_date = date_binder(Reading)
        days: dict[date | None, object] = {None: None}  # dates as bound, each made once
        rows = []
        for c in to_write:
            row = c.row
            meter_id = c.meter_id if c.meter_id is not None else created[c.new.meter.id]
            day = days.get(row.taken_on)
            if day is None and row.taken_on is not None:
                day = days[row.taken_on] = bind_date(row.taken_on)
            notes = flagged.get(row.row)
            rows.append((meter_id, row.period, day, *row.values, source, batch.id,
                         "; ".join(notes) if notes else ""))
        insert_rows(Reading, ["meter", "period", "taken_on", "t1", "t2", "t3", "source", "batch",
                              "flagged"], rows, stored_form=True)
        if cancel is not None and cancel.is_set():
            transaction.rollback()
            raise Cancelled()
        ImportBatch.update(imported=len(rows), warnings=len(warnings), meters_created=len(created)
                           ).where(ImportBatch.id == batch.id).execute()
        audit.record("import", "readings", batch.id, now=now, file=path.name, rows=len(rows),
                     meters_created=len(created))
        if preview.parsed.layout is not None:
            from tsj_desk.services import column_layouts

            column_layouts.remember(column_layouts.READINGS, preview.parsed.layout, file_name=path.name,
                                    now=now)
    if progress:
        progress(4, 4)
    report.imported = len(rows)
    report.batch_id = batch.id
    return report


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    sha256: str
    at: datetime
    user: str
    rows: int
    imported: int
    warnings: int
    meters_created: int
    undone_at: datetime | None


def list_batches() -> list[BatchInfo]:
    return [BatchInfo(b.id, b.file_name, b.sha256, b.at, b.user, b.rows, b.imported, b.warnings,
                      b.meters_created, b.undone_at)
            for b in ImportBatch.select().order_by(ImportBatch.at.desc(), ImportBatch.id.desc())]


def undo_batch(batch_id: int, *, now: datetime) -> int:
    """Remove every reading (and meter) an import created; returns the readings removed."""
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise NotFound("Загрузка не найдена.")
    if batch.undone_at is not None:
        raise ValidationFailed(f"Загрузка «{batch.file_name}» уже отменена {batch.undone_at:%d.%m.%Y %H:%M}.")
    with database.atomic():
        removed = Reading.delete().where(Reading.batch == batch_id).execute()
        created = [m.id for m in Meter.select(Meter.id).where(Meter.batch == batch_id)]
        if created:
            if Reading.select().where(Reading.meter.in_(created)).exists():
                raise ValidationFailed("По счётчикам, созданным этой загрузкой, уже внесены другие "
                                       "показания — отмените сначала их.")
            Meter.delete().where(Meter.id.in_(created)).execute()
        batch.undone_at = now
        batch.save()
        audit.record("undo", "readings", batch_id, now=now, file=batch.file_name, readings=removed)
    return removed


def write_error_report(preview: ReadingsPreview, out: Path) -> int:
    """The original rows with a column «Ошибка», to send back to whoever sent the file
    (with the rows whose reading is taken after the meter's verification date)."""
    from tsj_desk.documents.readings import write_error_report_xlsx
    from tsj_desk.services.readings_billing import report_notes

    messages: dict[int, list[str]] = defaultdict(list)
    for problem in preview.errors:
        messages[problem.row].append(_short(problem))
    for row, note in report_notes(preview.checked).items():  # listed too: billing will not count them
        messages[row].append(note)
    cells_by_row = dict(preview.parsed.rejected_cells)
    cells_by_row.update((c.row.row, c.row.cells) for c in preview.checked)
    rows = [(row, cells_by_row.get(row, []), "; ".join(text)) for row, text in sorted(messages.items())]
    write_error_report_xlsx(out, preview.parsed.header, rows)
    return len(rows)


def _short(problem: RowProblem) -> str:
    return f"{problem.column}: {problem.message}" if problem.column else problem.message


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


# ---------------------------------------------------------------- entry by hand


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
        rows.append((meter_id, values, taken_on, "; ".join(m for _, m in result.warnings)))
    if problems:
        raise ValidationFailed(problems[0], problems)
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


# ---------------------------------------------------------------- exports


READINGS_REGISTER_HEADERS = ("Лицевой счёт", "№ помещения", "Ресурс", "Номер счётчика",
                             "Дата снятия", "Т1", "Т2", "Т3", "Расход Т1", "Расход Т2",
                             "Расход Т3",
                             # added at the end: billing programs read the columns above by position
                             "Не к расчёту", "Причина меньшего показания")


def readings_register(period: str) -> list[tuple]:
    """Rows of the readings register for billing: every active meter, a reading or blanks
    (readings_billing: a reading after the verification date is «не к расчёту»)."""
    from tsj_desk.services.readings_billing import register_rows

    return register_rows(period)


def export_readings(period: str, out: str | Path) -> int:
    """The readings register of ``period`` as .xlsx; returns the number of meters listed."""
    from tsj_desk.documents.readings import write_readings_register

    rows = readings_register(period)
    write_readings_register(Path(out), READINGS_REGISTER_HEADERS, rows, period)
    return len(rows)


def walk_sheet(out: str | Path, *, period: str) -> int:
    """Обходной лист: premise, owner, meter, previous reading, an empty column."""
    from tsj_desk.documents.readings import write_walk_sheet
    from tsj_desk.storage.models import Ownership, Person

    owners: dict[str, list[str]] = defaultdict(list)
    for number, name in (Ownership.select(Premise.number, Person.name).join(Premise)
                         .switch(Ownership).join(Person).where(Ownership.valid_to.is_null())
                         .tuples()):
        owners[number].append(name)
    lines = entry_sheet(period)
    rows = [(line.premise_number or "ОДПУ", "; ".join(owners.get(line.premise_number, [])),
             f"{line.resource.short} № {line.serial}" + (f" ({line.tariffs} т.)" if line.tariffs > 1 else ""),
             " / ".join(fmt(v) for v in (line.previous or ()) if v is not None),
             line.previous_date) for line in lines]
    write_walk_sheet(Path(out), rows, period)
    return len(rows)


def common_meter_report(out: str | Path, *, today: date, months: int = 36) -> int:
    """ОДПУ readings and monthly volumes for up to 3 years (an answer attachment for
    ``utility_info`` requests, ПП 416 п. 34)."""
    from tsj_desk.documents.readings import write_common_meter_report

    meters = Meter.select().where(Meter.premise.is_null())
    blocks = []
    first_period = previous_periods(f"{today.year:04d}-{today.month:02d}", months)[-1]
    for meter in meters:
        points = [p for p in meter_history(meter.id, months + 1) if p.period >= first_period]
        blocks.append((f"{Resource(meter.resource).label}, счётчик № {meter.serial}",
                       Resource(meter.resource).unit, points))
    write_common_meter_report(Path(out), blocks, today=today)
    return len(blocks)


@dataclass(frozen=True)
class VerificationDue:
    meter_id: int
    premise_number: str
    owners: str
    resource: Resource
    serial: str
    next_verification: date
    days_left: int


def verification_due(*, today: date, within_days: int = 60) -> list[VerificationDue]:
    """Meters whose verification ends within ``within_days`` or has ended."""
    from datetime import timedelta

    from tsj_desk.storage.models import Ownership, Person

    limit = today + timedelta(days=within_days)
    owners: dict[int, list[str]] = defaultdict(list)
    for premise_id, name in (Ownership.select(Ownership.premise, Person.name).join(Person)
                             .where(Ownership.valid_to.is_null()).tuples()):
        owners[premise_id].append(name)
    query = (Meter.select(Meter.id, Meter.premise, Premise.number, Meter.resource, Meter.serial,
                          Meter.next_verification)
             .join(Premise, peewee.JOIN.LEFT_OUTER)
             .where(Meter.archived_on.is_null(), Meter.next_verification.is_null(False),
                    Meter.next_verification <= limit)
             .order_by(Meter.next_verification).tuples())
    return [VerificationDue(mid, number or "ОДПУ", "; ".join(owners.get(pid, [])), Resource(res),
                            serial, due, (due - today).days)
            for mid, pid, number, res, serial, due in query]
