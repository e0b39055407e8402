"""The Russian production calendar (производственный календарь).

Working days come from the ``holidays`` package (public holidays of ТК РФ ст. 112,
days off moved by the Government's yearly decree, working Saturdays) plus the
user's overrides: a regional holiday or a new decree the package does not know yet
(a date made a day off), or a date made a working day. For a year after the
package's last decree the calendar applies ТК РФ ст. 112 ч. 2 itself (a holiday on
a weekend gives the next working day off) and calls the year computed
(``calendar_years``).

The object is immutable and answers for any year. Each year is built once, on
first use, into a table of day flags and a sorted list of working days, so
counting N working days is a binary search, not a walk over the days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from tsj_desk.domain import calendar_years, holiday_source
from tsj_desk.domain.calendar_years import moved_days_off

_EMPTY: Mapping = MappingProxyType({})


def __getattr__(name: str):
    """``calendar.holidays``: the package, imported on first use (half a second)."""
    if name == "holidays":
        import holidays

        return holidays
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

REASON_WEEKEND = "выходной"
REASON_HOLIDAY = "праздник"
REASON_TRANSFERRED = "перенесённый выходной"
REASON_COMPUTED = "перенесённый выходной по ТК РФ ст. 112 ч. 2, рассчитано"
REASON_USER_DAY_OFF = "выходной по решению пользователя"


def _is_transferred(name: str) -> bool:
    """A day off moved by decree or by ТК РФ ст. 112 ч. 2, not a holiday itself.

    The package names them «Выходной (перенесено с 04.01.2025)» (decree) and
    «День Победы (выходной)» (a holiday that fell on a weekend). These are the
    package's source strings for Russia, not translations, so they are stable;
    the tests pin them on known dates.
    """
    return name.startswith("Выходной") or name.endswith("(выходной)")


@dataclass(frozen=True)
class _Year:
    """One year of the calendar with the overrides applied."""

    first: int  # ordinal of 1 January
    working_flags: bytes  # 1 = working, indexed by ordinal - first
    working: tuple[int, ...]  # ordinals of the working days, ascending
    holiday_names: Mapping[date, str]
    transferred: frozenset[date]
    computed: frozenset[date]  # days off given by ст. 112 ч. 2 in a computed year
    non_working_weekdays: frozenset[date]  # Mon–Fri days off (from holidays)
    working_weekends: frozenset[date]  # Sat/Sun made working by decree


class ProductionCalendar:
    """Working and non-working days of Russia, with user overrides.

    ``overrides`` maps a date to True (made a working day) or False (made a day
    off); they win over everything else. ``notes`` optionally gives the reason
    of an override («День Республики Татарстан»); it is shown in explanations.

    Years the ``holidays`` package has no decree for (the future) contain the
    holidays of ТК РФ ст. 112 ч. 1, ordinary weekends and the days off that ч. 2
    gives for a holiday on a weekend (``REASON_COMPUTED``); the user's overrides
    fill the gap when a new decree is published, and win over the computed days.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] = _EMPTY,
        *,
        notes: Mapping[date, str] = _EMPTY,
    ):
        self._overrides: dict[date, bool] = {_as_date(d): bool(v) for d, v in overrides.items()}
        self._notes: dict[date, str] = {_as_date(d): str(v) for d, v in notes.items() if v}
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return f"ProductionCalendar(overrides={len(self._overrides)})"

    @property
    def overrides(self) -> Mapping[date, bool]:
        return MappingProxyType(self._overrides)

    # ------------------------------------------------------------------ years

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is None:
            cached = self._years[year] = self._build_year(year)
        return cached

    def _build_year(self, year: int) -> _Year:
        facts = holiday_source.current().year(year)  # the package's answer (``holiday_source``)
        names = dict(facts.names)
        working_weekends = frozenset(d for d in facts.weekend_workdays if d.weekday() >= 5)
        non_working_weekdays = frozenset(d for d in names if d.weekday() < 5)
        transferred = frozenset(d for d, name in names.items() if _is_transferred(name))
        computed: frozenset[date] = frozenset()
        if calendar_years.is_computed_year(year) and not transferred:
            # the package had no decree: ст. 112 ч. 2 by the program (never on top
            # of days off the package already moved)
            moved = moved_days_off(names)
            computed = frozenset(d for d in moved.values() if d.year == year)
            non_working_weekdays |= computed

        first_day = date(year, 1, 1)
        first = first_day.toordinal()
        length = date(year, 12, 31).toordinal() - first + 1
        flags = bytearray(length)
        for index in range(length):
            weekday = (first_day.weekday() + index) % 7
            flags[index] = 1 if weekday < 5 else 0
        for day in non_working_weekdays:
            flags[day.toordinal() - first] = 0
        for day in working_weekends:
            flags[day.toordinal() - first] = 1
        for day, is_working in self._overrides.items():
            if day.year == year:
                flags[day.toordinal() - first] = 1 if is_working else 0
        working = tuple(first + index for index in range(length) if flags[index])
        return _Year(
            first=first,
            working_flags=bytes(flags),
            working=working,
            holiday_names=MappingProxyType(names),
            transferred=transferred,
            computed=computed,
            non_working_weekdays=non_working_weekdays,
            working_weekends=working_weekends,
        )

    # ---------------------------------------------------------------- queries

    @staticmethod
    def is_official_year(year: int) -> bool:
        """True when the year's days off come from the Government's decree."""
        return calendar_years.is_official_year(year)

    @staticmethod
    def is_computed_year(year: int) -> bool:
        """True when the program applied ТК РФ ст. 112 ч. 2 itself (no decree yet)."""
        return calendar_years.is_computed_year(year)

    def is_working_day(self, d: date) -> bool:
        """True for a working day: overrides, then working Saturdays, then weekends and
        holidays (including days off moved by decree)."""
        year = self._years.get(d.year) or self._year(d.year)
        return year.working_flags[d.toordinal() - year.first] == 1

    def next_working_day(self, d: date) -> date:
        """The first working day on or after ``d``."""
        ordinal = _as_date(d).toordinal()
        year_number = d.year
        while True:
            year = self._year(year_number)
            index = bisect_left(year.working, ordinal)
            if index < len(year.working):
                return date.fromordinal(year.working[index])
            year_number += 1

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day strictly after ``d``; ``n == 0`` gives ``d`` itself.

        ``add_working_days(30.12.2025, 3)`` is 14.01.2026 (31.12 and 1–11 January
        are days off).
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        d = _as_date(d)
        if n == 0:
            return d
        year_number = d.year
        year = self._year(year_number)
        index = bisect_right(year.working, d.toordinal())
        while True:
            available = len(year.working) - index
            if n <= available:
                return date.fromordinal(year.working[index + n - 1])
            n -= available
            year_number += 1
            year = self._year(year_number)
            index = 0

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in the half-open interval (a, b]: after ``a``, up to ``b`` inclusive.

        It is the count that ``add_working_days`` uses: for a working day ``b``,
        ``add_working_days(a, working_days_between(a, b)) == b``. Negative when
        ``b`` is before ``a``; zero when they are equal.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        for year_number in range(a.year, b.year):
            count += len(self._year(year_number).working)
        count += bisect_right(self._year(b.year).working, b.toordinal())
        count -= bisect_right(self._year(a.year).working, a.toordinal())
        return count

    def day_off_reason(self, d: date) -> str:
        """Why ``d`` is a day off, in Russian; empty for a working day.

        «выходной», «праздник: Новогодние каникулы», «перенесённый выходной»,
        «перенесённый выходной по ТК РФ ст. 112 ч. 2, рассчитано» in a computed year,
        «выходной по решению пользователя» (with the user's note after a colon).
        """
        d = _as_date(d)
        if self.is_working_day(d):
            return ""
        if self._overrides.get(d) is False:
            note = self._notes.get(d)
            return f"{REASON_USER_DAY_OFF}: {note}" if note else REASON_USER_DAY_OFF
        year = self._year(d.year)
        if d in year.transferred:
            return REASON_TRANSFERRED
        if d in year.computed:
            return REASON_COMPUTED
        name = year.holiday_names.get(d)
        if name:
            return f"{REASON_HOLIDAY}: {name}"
        return REASON_WEEKEND


def _as_date(value: date) -> date:
    """A plain date (a datetime is a date too; keys and bisects need the date)."""
    return value.date() if isinstance(value, datetime) else value

