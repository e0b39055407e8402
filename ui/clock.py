"""The one place the window code reads the time: the program's one clock
(``tsj_desk.clock``), cut to what the window shows.

Deadline states, the entry checks («дата ещё не наступила»), default periods and
the stamps of backups depend on the moment, so tests and screenshots fix it with
``tsj_desk.clock.use(FixedClock(...))``: ``today`` and ``now`` both follow, the day
and the time of day together. Code in ``ui`` always calls ``clock.today()`` /
``clock.now()`` through this module.
"""

from __future__ import annotations

from datetime import date, datetime

from tsj_desk import clock as source


def now(*, seconds: bool = False) -> datetime:
    """The current moment to the minute (what records show), or to the second
    (``seconds=True``: the stamp of a backup copy)."""
    current = source.now().replace(microsecond=0)
    return current if seconds else current.replace(second=0)


def today() -> date:
    return source.today()
