"""Where the production calendar takes, year by year, what the ``holidays`` package
knows of Russia: the named days (public holidays and days off moved by decree), the
weekends made working days, and the years the package has a decree for.

The package itself is the source unless another one is in use (``use``): importing it
costs 0.7–1 s (it loads every country's and every calendar system's rules), which the
window would pay on the first page that counts a deadline. ``services.calendar_store``
keeps what the package answered in a file per package version and is used by the
program's entry points; the answers are the package's, whichever source gives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class YearFacts:
    """One year as the package gives it."""

    names: Mapping[date, str]  # the package's named days of the year
    weekend_workdays: frozenset[date]  # Saturdays and Sundays made working days by decree


class HolidaySource(Protocol):
    def year(self, year: int) -> YearFacts: ...

    def decree_years(self) -> tuple[int, int]: ...


class PackageSource:
    """The ``holidays`` package, asked directly (imported on first use)."""

    def year(self, year: int) -> YearFacts:
        import holidays

        try:
            source = holidays.country_holidays("RU", years=year, language="ru")
        except NotImplementedError:  # pragma: no cover - "ru" is Russia's own language
            source = holidays.country_holidays("RU", years=year)
        return YearFacts({d: name for d, name in source.items() if d.year == year},
                         frozenset(d for d in source.weekend_workdays if d.year == year))

    def decree_years(self) -> tuple[int, int]:
        from tsj_desk.domain.calendar_years import package_decree_years

        return package_decree_years()


PACKAGE = PackageSource()
_source: HolidaySource = PACKAGE


def current() -> HolidaySource:
    return _source


def use(source: HolidaySource) -> HolidaySource:
    """Make ``source`` the calendar's source; returns the one it replaces."""
    global _source
    previous, _source = _source, source
    return previous
