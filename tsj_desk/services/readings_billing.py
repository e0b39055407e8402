"""The readings as billing sees them: the register of a period, the notes of an
import's error report, the checks of the entry grid.

A reading taken after its meter's verification date is listed, but «не к расчёту»
with its consumption left empty (``domain.billing``); a reading saved below the
previous one with a reason (``domain.lower_readings``) has its consumption counted
as the reason says, and the reason in a column of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tsj_desk.domain.billing import not_billable_note
from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.lower_readings import LowerReason, check_lower_reading, lower_tariffs, reasoned_consumption
from tsj_desk.domain.meters import HISTORY_PERIODS, CheckResult, check_reading, previous_periods
from tsj_desk.services.readings import EntryLine, _load_meters, _natural, _same, sheet_lines, thresholds
from tsj_desk.services.readings_tracks import MeterHistory as _History
from tsj_desk.services.readings_lower import saved_reasons
from tsj_desk.storage.models import Meter, Reading

Values = tuple[float | None, float | None, float | None]

# the columns after the eleven a billing program reads by position
NOT_BILLABLE_HEADER = "Не к расчёту"
REASON_HEADER = "Причина меньшего показания"

# the entry grid's remark beside a refused lower value
LOWER_HINT = ("если показание верное — «Сохранить с причиной…» в меню строки (правая кнопка мыши) "
              "или Ctrl+Shift+S: замена счётчика, переход через ноль, исправление ошибки")


def register_rows(period: str) -> list[tuple]:
    """Rows of the readings register: every active meter (and an archived one with a
    reading of the period), its reading or blanks, the consumption of each tariff,
    then «не к расчёту: поверка истекла …» and the reason of a lower reading."""
    history = _History(period)  # the reading before the period is all the register needs
    reasons = saved_reasons(period)
    rows = []
    for meter in sorted(_load_meters(), key=lambda m: (_natural(m.premise), m.resource.order, m.id)):
        current = history.existing(meter.id, period)
        if meter.archived_on is not None and current is None:
            continue
        taken = history.taken_on(meter.id, period)
        used: list[float | None] = [None, None, None]
        note = reason_text = ""
        if current is not None:
            saved = reasons.get(meter.id)
            reason = saved[1] if saved is not None and _same(saved[0], current) else None
            reason_text = reason.label if reason is not None else ""
            note = not_billable_note(meter.next_verification, taken, period) or ""
            facts = history.facts(meter, period)
            if facts.last_values is not None and not note:
                for i in range(3):
                    a, b = facts.last_values[i], current[i]
                    if a is not None and b is not None:
                        used[i] = reasoned_consumption(a, b, meter.digits, reason)
        values = current or (None, None, None)
        rows.append((meter.account, meter.premise or "ОДПУ", meter.resource.short, meter.serial,
                     taken, *values, *used, note or None, reason_text or None))
    return rows


def report_notes(checked) -> dict[int, str]:
    """Row number → «не к расчёту: поверка истекла …» for the rows of an import
    (``ReadingsPreview.checked``) whose reading is taken after its meter's verification
    date: the error report lists them beside the errors."""
    due = dict(Meter.select(Meter.id, Meter.next_verification)
               .where(Meter.next_verification.is_null(False)).tuples())
    notes = {}
    for item in checked:
        row = item.row
        if item.duplicate or not row.period:
            continue
        if item.new is not None:
            next_verification = item.new.meter.next_verification
        else:
            next_verification = due.get(item.meter_id)
        note = not_billable_note(next_verification, row.taken_on, row.period)
        if note:
            notes[row.row] = note
    return notes


def entry_checker(period: str, *, today: date, house_id: int | None = None
                  ) -> Callable[[int, Values, date | None], CheckResult]:
    """``readings.entry_checker`` as the entry grid shows it: a reading taken after the
    verification date keeps no consumption and says «не к расчёту»; a reading saved
    with a reason is checked as saved so (not shown as an error); a refused lower value
    tells how to save it with a reason. Ask for a new one after saving. ``house_id``:
    the grid shows that house's meters only: only their history is read."""
    meters = _load_meters(house_id)
    history = _History(previous_periods(period, HISTORY_PERIODS + 1)[-1],
                       None if house_id is None else [m.id for m in meters])
    return _checker(meters, history, period, today, None if house_id is None else [m.id for m in meters])


def entry_page(period: str, *, today: date, house_id: int | None = None
               ) -> tuple[list[EntryLine], Callable[[int, Values, date | None], CheckResult]]:
    """The entry grid's rows (``readings.entry_sheet``) and its checks (``entry_checker``)
    from one read of the meters and their history: what the readings page shows."""
    meters = _load_meters(house_id)
    if house_id is None:  # every house, read off the GUI thread: the checks' history at once
        history = _History(previous_periods(period, HISTORY_PERIODS + 1)[-1])
        return sheet_lines(meters, history, period), _checker(meters, history, period, today)
    ids = [m.id for m in meters]
    since = previous_periods(period, HISTORY_PERIODS + 1)[-1]
    if _has_readings(period, ids):  # readings to check at once: one read of the year for both
        history = _History(since, ids)
        return sheet_lines(meters, history, period), _checker(meters, history, period, today, ids)
    # an empty month of one house: the reading before it is all the rows show; the year of
    # history the checks compare with is read at the first check (a reading typed)
    return sheet_lines(meters, _History(period, ids), period), _on_first_check(
        lambda: _checker(meters, _History(since, ids), period, today, ids))


def _has_readings(period: str, meter_ids: list[int]) -> bool:
    """Some of these meters have a reading of ``period``: a seek per meter in the
    (meter, period) index, stopping at the first found."""
    from tsj_desk.services.readings_history import CHUNK
    from tsj_desk.storage.bulk import id_list

    for start in range(0, len(meter_ids), CHUNK):
        chunk = meter_ids[start:start + CHUNK]
        if Reading.select(Reading.id).where((Reading.period == period)
                                            & Reading.meter.in_(id_list(chunk))).exists():
            return True
    return False


def _on_first_check(make: Callable[[], Callable[[int, Values, date | None], CheckResult]]
                    ) -> Callable[[int, Values, date | None], CheckResult]:
    """A checker made by ``make`` (which reads the history) when it first checks a reading."""
    made: list[Callable[[int, Values, date | None], CheckResult]] = []

    def check(meter_id: int, values: Values, taken_on: date | None) -> CheckResult:
        if not made:
            made.append(make())
        return made[0](meter_id, values, taken_on)

    return check


def active_meter_count() -> int:
    """The meters the entry grid of every house would show (not archived): one count."""
    return Meter.select().where(Meter.archived_on.is_null()).count()


def _checker(meter_list: list, history: _History, period: str, today: date, meter_ids: list[int] | None = None
             ) -> Callable[[int, Values, date | None], CheckResult]:
    """``meter_ids``: the meters of ``meter_list`` when it is one house's (None: every meter)."""
    meters = {m.id: m for m in meter_list}
    limits = thresholds()
    reasons = saved_reasons(period, meter_ids)

    def check(meter_id: int, values: Values, taken_on: date | None) -> CheckResult:
        meter = meters.get(meter_id)
        if meter is None:
            raise NotFound("Счётчик не найден.")
        facts = history.facts(meter, period)
        saved = reasons.get(meter_id)
        reason: LowerReason | None = saved[1] if saved is not None and _same(saved[0], values) else None
        result = None
        if reason is not None and lower_tariffs(facts, values):
            lower = check_lower_reading(facts, values, taken_on, reason, today=today,
                                        thresholds=limits[meter.resource], digits=meter.digits)
            result = CheckResult([(None, m) for m in lower.errors],
                                 [(None, lower.note)], lower.consumption)
        if result is None:
            result = check_reading(facts, values, taken_on, today=today, thresholds=limits[meter.resource])
            if reason is not None:
                result.warnings.insert(0, (None, f"меньше предыдущего: {reason.label}"))
            elif result.errors and lower_tariffs(facts, values):
                result.errors.append((None, LOWER_HINT))
        note = not_billable_note(meter.next_verification, taken_on, period)
        if note and not result.errors:
            lapsed = f"срок поверки истёк {meter.next_verification:%d.%m.%Y}."  # the check's own words
            result.warnings = [w for w in result.warnings if w[1] != lapsed] + [(None, note)]
            result.consumption = (None, None, None)
        return result

    return check
