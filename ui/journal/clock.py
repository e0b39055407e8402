"""The one place the journal's window code reads the clock.

Deadline states depend on the date, so tests and screenshots that run on a demo
database made for a fixed day replace ``today`` (``monkeypatch.setattr(clock,
"today", ...)``); ``now`` follows it, keeping the time of day of the real clock.
Code in ``ui.journal`` always calls ``clock.today()`` / ``clock.now()`` through the
module, never imports the functions by name, so one patch reaches every caller.
"""

from __future__ import annotations

from datetime import date, datetime


def today() -> date:
    return date.today()


def now() -> datetime:
    """The current moment to the minute, on the date ``today()`` gives."""
    current = datetime.now().replace(second=0, microsecond=0)
    return datetime.combine(today(), current.time())
