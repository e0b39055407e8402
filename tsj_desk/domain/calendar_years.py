"""Which years the production calendar takes from a decree, and ТК РФ ст. 112 ч. 2 for the rest.

The ``holidays`` package carries, year by year, the Government's decree on moving
days off (``Выходной (перенесено с …)``) and, for recent years, the days off a
holiday on a weekend gives (``День Победы (выходной)``). It adds both by hand, per
year, from the published decree; it never applies the rule of ст. 112 ч. 2 by
itself. A year the package has a decree for is *official*. For a later year the
package knows only the holidays of ст. 112 ч. 1, so the calendar applies ч. 2
itself and marks the year as *computed* until a newer package (or the user's
exceptions) brings the decree (``reference/legal-ru.md`` §7).

ТК РФ ст. 112 ч. 2: when a weekend day coincides with a non-working public holiday,
the day off moves to the next working day after the holiday — except the holidays
of 1–8 January (ч. 1 абз. 2–3), whose weekend days the yearly decree moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache

# The package's label of a day off moved by decree; its years go back to 1991, and
# since 2013 every decree has moved at least one weekend day of 1–8 January.
_DECREE_LABEL = "Выходной (перенесено"
_SCAN_FROM = 2013


@cache
def decree_years() -> tuple[int, int]:
    """The first and the last year the installed ``holidays`` package has a decree for
    (as the calendar's source gives it: ``holiday_source``)."""
    from tsj_desk.domain import holiday_source

    return holiday_source.current().decree_years()


def package_decree_years() -> tuple[int, int]:
    """``decree_years`` read from the package itself."""
    try:
        from holidays.countries.russia import RussiaStaticHolidays

        years = set(RussiaStaticHolidays.special_public_holidays)
        years |= set(getattr(RussiaStaticHolidays, "special_public_holidays_observed", {}))
        if years:
            return min(years), max(years)
    except (ImportError, AttributeError, TypeError):  # pragma: no cover - a reshaped package
        pass
    return _decree_years_by_labels()  # pragma: no cover - the same answer, slower


def _decree_years_by_labels() -> tuple[int, int]:
    """The decree years found through the package's public interface alone: the last
    year, from 2013 on, whose calendar lists a day off moved by decree."""
    import holidays  # imported when needed: half a second at start otherwise

    last = _SCAN_FROM - 1
    year = _SCAN_FROM
    while any(name.startswith(_DECREE_LABEL)
              for name in holidays.country_holidays("RU", years=year, language="ru").values()):
        last, year = year, year + 1
    first = getattr(holidays.countries.Russia, "start_year", _SCAN_FROM)
    return first, last


def last_official_year() -> int:
    return decree_years()[1]


def first_computed_year() -> int:
    return decree_years()[1] + 1


def is_official_year(year: int) -> bool:
    """True for a year whose days off come from the Government's decree."""
    first, last = decree_years()
    return first <= year <= last


def is_computed_year(year: int) -> bool:
    """True for a year after the last decree: ст. 112 ч. 2 is applied by the program."""
    return year > decree_years()[1]


def computed_years_text() -> str:
    """«Официальный календарь: 1991–2027; рассчитаны по ТК РФ ст. 112: 2028 год и далее»."""
    first, last = decree_years()
    return (f"Официальный календарь (по постановлениям Правительства): {first}–{last}; "
            f"рассчитаны по ТК РФ ст. 112: {last + 1} год и далее")


def computed_year_note(year: int) -> str:
    """The note on a deadline that ends in a computed year."""
    return (f"{year} год: производственный календарь рассчитан по ТК РФ ст. 112, "
            f"постановления Правительства ещё нет")


def _new_year_holiday(day: date) -> bool:
    """1–8 January (ст. 112 ч. 1 абз. 2–3): their weekend days are moved by decree only."""
    return day.month == 1 and day.day <= 8


def moved_days_off(public_holidays: Iterable[date]) -> dict[date, date]:
    """ТК РФ ст. 112 ч. 2 over the non-working public holidays of a year.

    Gives ``{holiday on a Saturday or Sunday: the weekday that becomes a day off}``.
    The day off goes to the first day after the holiday that is neither a weekend,
    nor a holiday, nor already taken by an earlier holiday's day off: so two
    holidays on one weekend give Monday and Tuesday. Holidays of 1–8 January give
    nothing (the decree moves them).
    """
    days = sorted(set(public_holidays))
    closed = set(days)
    moved: dict[date, date] = {}
    for holiday in days:
        if holiday.weekday() < 5 or _new_year_holiday(holiday):
            continue
        day = holiday + timedelta(days=1)
        while day.weekday() >= 5 or day in closed:
            day += timedelta(days=1)
        moved[holiday] = day
        closed.add(day)
    return moved
