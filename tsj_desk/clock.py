"""The one clock of the program.

Deadlines, the checks of dates («дата ещё не наступила»), the stamps of backups and
of the change log all depend on the moment. Only the entry points read it: the
command line (``tsj_desk.cli``) and the window (``ui.clock``), both from here;
everything beneath them (domain rules, services, storage) takes ``now`` or ``today``
as an argument. Tests and the screenshot scripts put a fixed moment in with ``use``,
so what they check or show does not depend on the hour they run at.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The computer's local time."""

    def now(self) -> datetime:
        return datetime.now()


class FixedClock:
    """A moment that stands still until it is moved on."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def advance(self, by: timedelta) -> None:
        self.moment += by


_source: Clock = SystemClock()


def use(clock: Clock) -> Clock:
    """Read the time from ``clock`` from now on; returns the clock used before."""
    global _source
    previous, _source = _source, clock
    return previous


def now() -> datetime:
    return _source.now()


def today() -> date:
    return now().date()
