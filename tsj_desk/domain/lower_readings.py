"""A reading below the previous one, saved with a reason the user chose.

A decrease is refused by the checks (``meters.check_reading``): it needs a person's
decision. The reasons are a fixed list:

- «замена счётчика»: the reading is the new meter's; it is never saved as a lower
  reading of the old one — the meter is replaced instead (its final reading, the
  new one's initial reading);
- «переход через ноль»: the counter passed its last value and began again; the
  consumption is the capacity (10 to the power of the meter's whole digits) minus
  the previous reading plus the new one: 99 950 → 00 030 on a 5-digit meter is 80;
- «исправление ошибки прошлого показания»: the previous reading was wrong (too
  high); this one is kept and the period's consumption is the plain difference,
  below zero: over the two periods the consumption adds up to what was really used,
  and the negative part is what the earlier charge overstated.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from tsj_desk.domain.meters import MeterFacts, Thresholds, check_reading, consumption, fmt

Values = tuple[float | None, float | None, float | None]


class LowerReason(StrEnum):
    REPLACEMENT = "replacement"
    ROLLOVER = "rollover"
    CORRECTION = "correction"

    @property
    def label(self) -> str:
        return REASON_LABELS[self]


REASON_LABELS = {
    LowerReason.REPLACEMENT: "замена счётчика",
    LowerReason.ROLLOVER: "переход через ноль",
    LowerReason.CORRECTION: "исправление ошибки прошлого показания",
}


def parse_reason(code: object) -> LowerReason | None:
    """The reason stored with a reading (its code), None for a reading without one."""
    try:
        return LowerReason(str(code)) if code else None
    except ValueError:
        return None


def signed(value: float) -> str:
    """«−30» with the minus sign, not a hyphen."""
    return ("−" + fmt(-value)) if value < 0 else fmt(value)


def inferred_digits(previous: float) -> int:
    """The whole digits of the previous reading: the capacity a roll-over is counted
    with when the meter's card does not give it (99 950 → 5)."""
    return max(1, len(str(int(abs(previous)))))


def rolled_over(previous: float, current: float, digits: int) -> float | None:
    """Capacity − previous + current; None when either value does not fit the digits."""
    capacity = 10 ** digits
    if not (0 <= current < capacity and 0 <= previous < capacity):
        return None
    return round(capacity - previous + current, 4)


def reasoned_consumption(previous: float, current: float, digits: int | None,
                         reason: LowerReason | None) -> float | None:
    """A period's consumption of one tariff, as the reason saved with the reading says:
    a correction below the previous reading gives the (negative) difference, a roll-over
    counts through the capacity; anything else is ``meters.consumption``."""
    if current < previous:
        if reason is LowerReason.CORRECTION:
            return round(current - previous, 4)
        if reason is LowerReason.ROLLOVER:
            used = rolled_over(previous, current, digits or inferred_digits(previous))
            if used is not None:
                return used
    return consumption(previous, current, digits)


def lower_tariffs(meter: MeterFacts, values: Values) -> tuple[int, ...]:
    """The tariffs (0, 1, 2) whose value is below the previous reading and is no
    roll-over the meter's digits explain: the ones the checks refuse."""
    last = meter.last_values
    if last is None:
        return ()
    return tuple(i for i in range(meter.tariffs)
                 if last[i] is not None and values[i] is not None
                 and consumption(last[i], values[i], meter.digits) is None)


@dataclass
class LowerCheck:
    """What saving a lower reading with ``reason`` would do."""

    reason: LowerReason
    lower: tuple[int, ...]  # the tariffs below the previous reading
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    consumption: Values = (None, None, None)
    digits: int | None = None  # a roll-over: the digits it was counted with
    digits_to_keep: int | None = None  # a roll-over on a meter whose card had no digits

    @property
    def note(self) -> str:
        """What the reading keeps among its remarks: the reason and, for a correction,
        the negative consumption."""
        return "; ".join([f"меньше предыдущего: {self.reason.label}", *self.warnings])


def check_lower_reading(meter: MeterFacts, values: Values, taken_on: date | None,
                        reason: LowerReason, *, today: date, thresholds: Thresholds,
                        digits: int | None = None) -> LowerCheck:
    """The checks of a reading below the previous one saved with ``reason``.

    Every other check of ``check_reading`` still applies (an archived meter, a date to
    come, a missing or negative value, a later reading it would exceed). ``digits``: the
    meter's whole digits as the user gives them for a roll-over when its card has none
    (by default, those of the previous reading).
    """
    lower = lower_tariffs(meter, values)
    result = LowerCheck(reason, lower)
    if not lower:
        result.errors.append("показание не меньше предыдущего: причина не нужна, сохраните его как обычно.")
        return result
    if reason is LowerReason.REPLACEMENT:
        result.errors.append("при замене счётчика меньшее показание — это показание нового счётчика: "
                             "оформите замену (конечное показание старого, начальное нового).")
        return result
    others = check_reading(replace(meter, last_values=None), values, taken_on, today=today,
                           thresholds=thresholds)
    result.errors.extend(message for _, message in others.errors)
    result.warnings.extend(message for _, message in others.warnings)
    last = meter.last_values
    spent: list[float | None] = [None, None, None]
    if reason is LowerReason.ROLLOVER:
        used_digits = meter.digits or digits or inferred_digits(max(last[i] for i in lower))
        result.digits = used_digits
        if meter.digits is None:
            result.digits_to_keep = used_digits
        capacity = 10 ** used_digits
        for i in lower:
            rolled = rolled_over(last[i], values[i], used_digits)
            if rolled is None:
                result.errors.append(f"показание Т{i + 1} {fmt(max(last[i], values[i]))} не умещается "
                                     f"в {used_digits} разрядов счётчика.")
            elif rolled >= capacity / 10:
                result.errors.append(
                    f"переход через ноль от {fmt(last[i])} к {fmt(values[i])} на счётчике "
                    f"с {used_digits} разрядами — расход {fmt(rolled)}, больше десятой части шкалы: "
                    "проверьте показание и разрядность счётчика.")
    reason_digits = result.digits if reason is LowerReason.ROLLOVER else meter.digits
    for i in range(meter.tariffs):
        if last[i] is None or values[i] is None:
            continue
        spent[i] = reasoned_consumption(last[i], values[i], reason_digits, reason)
    result.consumption = (spent[0], spent[1], spent[2])
    if reason is LowerReason.CORRECTION:
        for i in lower:
            result.warnings.append(f"расход Т{i + 1} за период {signed(spent[i])}: прошлое показание "
                                   f"{fmt(last[i])} было завышено — учтите при перерасчёте.")
    return result
