"""The one place the readings window code reads the clock.

The entry checks («дата ещё не наступила», «срок поверки истёк») and the default
period depend on the date, so tests and screenshots that run on a demo database
made for a fixed day replace ``today`` (``monkeypatch.setattr(clock, "today", ...)``);
``now`` follows it, keeping the time of day of the real clock. Code in
``ui.readings`` always calls ``clock.today()`` / ``clock.now()`` through the module.
"""

from __future__ import annotations

from datetime import date, datetime


def today() -> date:
    return date.today()


def now() -> datetime:
    """The current moment to the minute, on the date ``today()`` gives."""
    current = datetime.now().replace(second=0, microsecond=0)
    return datetime.combine(today(), current.time())
