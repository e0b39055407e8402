"""The one place the window code reads the clock.

Deadline states, the entry checks («дата ещё не наступила»), default periods and
the stamps of backups depend on the date, so tests and screenshots that run on a
demo database made for a fixed day replace ``today`` (``monkeypatch.setattr(clock,
"today", ...)``); ``now`` follows it, keeping the time of day of the real clock.
Code in ``ui`` always calls ``clock.today()`` / ``clock.now()`` through the module,
never imports the functions by name, so one patch reaches every caller.
"""

from __future__ import annotations

from datetime import date, datetime


def today() -> date:
    return date.today()


def now(*, seconds: bool = False) -> datetime:
    """The current moment on the date ``today()`` gives: to the minute (what records
    show), or to the second (``seconds=True``: the stamp of a backup copy)."""
    current = datetime.now().replace(microsecond=0)
    if not seconds:
        current = current.replace(second=0)
    return datetime.combine(today(), current.time())
