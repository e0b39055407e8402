"""Whether a reading counts for billing: the one rule, in one place.

A meter whose verification interval has run out is no longer a measuring instrument
(Федеральный закон № 102-ФЗ ст. 13; ПП 354 п. 81(12)): readings taken after its
verification date are not accepted for the charge, which is then made as the rules
say for a meter out of order. The register for billing, its export, the import's
error report, the entry grid and the import checks all ask this module.
"""

from __future__ import annotations

import calendar
from datetime import date

NOT_BILLABLE_PREFIX = "не к расчёту"


def verification_lapsed(next_verification: date | None, day: date | None) -> bool:
    """True when a reading taken on ``day`` came after the verification date (a reading of
    the verification day itself still counts); False when either date is unknown."""
    return next_verification is not None and day is not None and day > next_verification


def last_day(period: str) -> date:
    """The last day of ``period`` (``"2026-10"`` → 31.10.2026)."""
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def reading_day(taken_on: date | None, period: str) -> date:
    """The day a reading is judged by: its own date; a reading without one is taken as
    of the last day of its month (the day the entry grid offers for a finished month)."""
    return taken_on if taken_on is not None else last_day(period)


def not_billable_note(next_verification: date | None, taken_on: date | None, period: str) -> str | None:
    """«не к расчёту: поверка истекла 01.03.2027» for a reading taken after the meter's
    verification date; None for a reading that counts."""
    if not verification_lapsed(next_verification, reading_day(taken_on, period)):
        return None
    return f"{NOT_BILLABLE_PREFIX}: поверка истекла {next_verification:%d.%m.%Y}"
