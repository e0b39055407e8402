"""Meters and readings: resources, consumption with roll-over, the reading checks.

Every check a careful accountant makes lives here, in one place, as pure functions:
the meter's facts, its history and ``today`` are arguments.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from statistics import median

from tsj_desk.domain.billing import verification_lapsed
from tsj_desk.domain.text import fold


class Resource(StrEnum):
    COLD_WATER = "cold_water"
    HOT_WATER = "hot_water"
    ELECTRICITY = "electricity"
    GAS = "gas"
    HEAT = "heat"

    @property
    def label(self) -> str:
        return RESOURCE_LABELS[self]

    @property
    def order(self) -> int:
        """Position in lists: ХВС, ГВС, ЭЭ, газ, тепло — as bills list them."""
        return list(Resource).index(self)

    @property
    def short(self) -> str:
        return RESOURCE_SHORT[self]

    @property
    def unit(self) -> str:
        return RESOURCE_UNITS[self]


RESOURCE_LABELS = {
    Resource.COLD_WATER: "Холодная вода",
    Resource.HOT_WATER: "Горячая вода",
    Resource.ELECTRICITY: "Электроэнергия",
    Resource.GAS: "Газ",
    Resource.HEAT: "Тепловая энергия",
}
RESOURCE_SHORT = {
    Resource.COLD_WATER: "ХВС",
    Resource.HOT_WATER: "ГВС",
    Resource.ELECTRICITY: "ЭЭ",
    Resource.GAS: "Газ",
    Resource.HEAT: "Отопление",
}
RESOURCE_UNITS = {
    Resource.COLD_WATER: "м³",
    Resource.HOT_WATER: "м³",
    Resource.ELECTRICITY: "кВт·ч",
    Resource.GAS: "м³",
    Resource.HEAT: "Гкал",
}

_RESOURCE_WORDS = [
    (Resource.COLD_WATER, ("хвс", "холодн", "хв", "х в", "вода хол")),
    (Resource.HOT_WATER, ("гвс", "горяч", "гв", "г в", "вода гор")),
    (Resource.ELECTRICITY, ("ээ", "э э", "эл", "электр", "свет")),
    (Resource.GAS, ("газ",)),
    (Resource.HEAT, ("отоп", "тепл", "тэ", "т э")),
]
# «Х/В», «Г.В.С.», «Э/Э», «Т/Э», «эл-во»: the marks between letters are spaces
_RESOURCE_MARKS = str.maketrans({".": " ", "/": " ", "\\": " ", "-": " ", "_": " "})
# «XBC» typed on the Latin layout by mistake: the letters that look alike
_LATIN_LOOKALIKES = str.maketrans("xbcetopakhm", "хвсеторакнм")
_LATIN_ONLY = re.compile(r"[a-z ]+")


def parse_resource(value: object) -> Resource | None:
    """«ХВС», «Х/В», «Холодная вода», «ЭЛ», «Э/Э», «Электрическая энергия», «Тепло», «Газ»
    → a Resource; None for anything else («Водоотведение»)."""
    text = " ".join(fold(str(value or "")).translate(_RESOURCE_MARKS).split())
    if not text:
        return None
    if _LATIN_ONLY.fullmatch(text):
        text = text.translate(_LATIN_LOOKALIKES)
    for resource, words in _RESOURCE_WORDS:
        if any(text == w or text.startswith(w) for w in words):
            return resource
    return None


@dataclass(frozen=True)
class Thresholds:
    """Plausibility limits of one resource (editable by the user).

    ``floor``: a spike is flagged only above this monthly consumption;
    ``ceiling``: with too little history, a month above this is flagged.
    """

    floor: float
    ceiling: float


DEFAULT_THRESHOLDS = {
    Resource.COLD_WATER: Thresholds(floor=5, ceiling=30),
    Resource.HOT_WATER: Thresholds(floor=4, ceiling=20),
    Resource.ELECTRICITY: Thresholds(floor=150, ceiling=1500),
    Resource.GAS: Thresholds(floor=20, ceiling=150),
    Resource.HEAT: Thresholds(floor=0.5, ceiling=5),
}

SPIKE_FACTOR = 3
HISTORY_PERIODS = 6
MIN_HISTORY = 3


_PERIOD = re.compile(r"^\s*(\d{1,2})[./-](\d{4})\s*$")
_PERIOD_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?\s*$")


def parse_period(value: object) -> str | None:
    """«10.2026», «2026-10», a date → ``"2026-10"``; None when it is not a period."""
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value or "").strip()
    if match := _PERIOD.match(text):
        month, year = int(match[1]), int(match[2])
    elif match := _PERIOD_ISO.match(text):
        year, month = int(match[1]), int(match[2])
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}"


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_periods(period: str, count: int) -> list[str]:
    year, month = int(period[:4]), int(period[5:7])
    result = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        result.append(f"{year:04d}-{month:02d}")
    return result


def consumption(previous: float, current: float, digits: int | None) -> float | None:
    """Consumption between two readings; None when the new one is a real decrease.

    A meter of ``digits`` whole digits rolls over at 10**digits: 99 950 → 00 030 on a
    5-digit meter is 80 consumed (capacity − previous + new), not a decrease. A
    roll-over is assumed only when the result is under a tenth of the capacity.
    """
    if current >= previous:
        return round(current - previous, 4)  # values carry at most 4 decimals
    if digits:
        capacity = 10 ** digits
        rolled = capacity - previous + current
        if 0 <= rolled < capacity / 10:
            return round(rolled, 4)
    return None


@dataclass(slots=True)  # built once per checked row: no frozen-dataclass overhead
class MeterFacts:
    """What the checks need to know of a meter."""

    id: int
    resource: Resource
    tariffs: int
    digits: int | None
    archived_on: date | None
    next_verification: date | None
    last_values: tuple[float | None, float | None, float | None] | None  # None: no reading yet
    last_taken_on: date | None
    last_period: str | None
    monthly_history: Sequence[float | None] = ()  # total consumption of recent periods
    # the reading after the one checked, when an earlier month is entered or corrected
    next_values: tuple[float | None, float | None, float | None] | None = None
    next_period: str | None = None


@dataclass(slots=True)
class CheckResult:
    errors: list[tuple[str | None, str]] = field(default_factory=list)  # (column key, message)
    warnings: list[tuple[str | None, str]] = field(default_factory=list)
    consumption: tuple[float | None, float | None, float | None] = (None, None, None)


def fmt(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


_VALUE_KEYS = ("t1", "t2", "t3")
_KIND = {2: "двухтарифного", 3: "трёхтарифного"}


def check_reading(
    meter: MeterFacts,
    values: tuple[float | None, float | None, float | None],
    taken_on: date | None,
    *,
    today: date,
    thresholds: Thresholds,
) -> CheckResult:
    """Check one reading of a known meter against its facts and history.

    An import calls this for every row (100,000 in a big file): the usual reading —
    one present, non-negative value per tariff, above the previous one — takes the
    short path of each check, and the detailed messages are built only on a problem.
    """
    errors: list[tuple[str | None, str]] = []
    tariffs = meter.tariffs
    t1, t2, t3 = values
    if meter.archived_on is not None:
        errors.append((None, f"счётчик снят с учёта {meter.archived_on:%d.%m.%Y}; "
                             "показания по нему не принимаются."))
    if taken_on is not None and taken_on > today:
        errors.append(("date", f"дата показаний {taken_on:%d.%m.%Y} ещё не наступила."))
    if t1 is None or (tariffs > 1 and (t2 is None or (tariffs > 2 and t3 is None))):
        kind = _KIND.get(tariffs, "")
        for index in range(tariffs):
            if values[index] is None:
                errors.append((_VALUE_KEYS[index], f"для {kind} счётчика нужно показание Т{index + 1}."
                               if kind else "нет показания."))
    if ((t1 is not None and t1 < 0) or (t2 is not None and t2 < 0)
            or (t3 is not None and t3 < 0)):
        for index, value in enumerate(values):
            if value is not None and value < 0:
                errors.append((_VALUE_KEYS[index], f"показание {fmt(value)} отрицательное."))
    if errors:
        return CheckResult(errors)

    last = meter.last_values
    total = None  # consumption of all tariffs together
    if last is None:
        spent = (None, None, None)
    elif tariffs == 1:
        previous = last[0]
        if previous is None or t1 is None:
            spent = (None, None, None)
        else:
            used = round(t1 - previous, 4) if t1 >= previous else consumption(previous, t1, meter.digits)
            if used is None:
                return CheckResult([("t1", f"показание Т1 {fmt(t1)} меньше предыдущего {fmt(previous)}.")],
                                   consumption=(None, None, None))
            spent = (used, None, None)
            total = used
    else:
        parts: list[float | None] = [None, None, None]
        for index in range(tariffs):
            previous, current = last[index], values[index]
            if previous is None or current is None:
                continue
            used = consumption(previous, current, meter.digits)
            if used is None:
                errors.append((_VALUE_KEYS[index], f"показание Т{index + 1} {fmt(current)} меньше "
                               f"предыдущего {fmt(previous)}."))
            else:
                parts[index] = used
        spent = tuple(parts)
        if errors:
            return CheckResult(errors, consumption=spent)
        known = [part for part in parts if part is not None]
        total = sum(known) if known else None
    if meter.next_values is not None:
        _check_next(meter, values, errors)
        if errors:
            return CheckResult(errors, consumption=spent)

    warnings: list[tuple[str | None, str]] = []
    if meter.last_taken_on and taken_on and taken_on < meter.last_taken_on:
        warnings.append(("date", f"дата показаний {taken_on:%d.%m.%Y} раньше даты "
                                 f"предыдущих {meter.last_taken_on:%d.%m.%Y}."))
    if verification_lapsed(meter.next_verification, taken_on or today):
        warnings.append((None, f"срок поверки истёк {meter.next_verification:%d.%m.%Y}."))
    if total is not None and total > thresholds.floor:
        history = [h for h in meter.monthly_history if h is not None]
        if len(history) >= MIN_HISTORY:
            typical = median(history[-HISTORY_PERIODS:])
            if total > SPIKE_FACTOR * typical:
                warnings.append((None, f"расход {fmt(total)} {meter.resource.unit} больше "
                                       f"{SPIKE_FACTOR}× обычного ({fmt(typical)} в месяц) — проверьте."))
        elif total > thresholds.ceiling:
            warnings.append((None, f"расход {fmt(total)} {meter.resource.unit} за месяц "
                                   f"больше правдоподобного ({fmt(thresholds.ceiling)}) — проверьте."))
    return CheckResult(errors, warnings, spent)


def _check_next(meter: MeterFacts, values: tuple[float | None, float | None, float | None],
                errors: list[tuple[str | None, str]]) -> None:
    """A reading of an earlier month may not exceed the one already after it: that one
    would become a decrease (a roll-over between them is consumption, as always)."""
    following = meter.next_values
    month = f"{meter.next_period[5:]}.{meter.next_period[:4]}" if meter.next_period else ""
    for index in range(meter.tariffs):
        current, later = values[index], following[index]
        if current is None or later is None:
            continue
        if consumption(current, later, meter.digits) is None:
            errors.append((_VALUE_KEYS[index], f"показание Т{index + 1} {fmt(current)} больше "
                                               f"следующего {fmt(later)} (за {month})."))


def next_verification(verified_on: date | None, interval_years: int | None) -> date | None:
    if verified_on is None or not interval_years:
        return None
    try:
        return verified_on.replace(year=verified_on.year + interval_years)
    except ValueError:  # 29 February
        return verified_on.replace(year=verified_on.year + interval_years, day=28)
