"""Reading single cells as offices fill them: dates, numbers, yes/no."""

from __future__ import annotations

import re
from datetime import date, datetime

from tsj_desk.domain.text import clean_cell, fold

_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_date_cell(value: object) -> date | None:
    """A date from an Excel date cell, ``ДД.ММ.ГГГГ``, ``ДД.ММ.ГГ`` or ISO text.

    Returns None for an empty cell; raises ``ValueError`` for text that is not a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_cell(value)
    if not text:
        return None
    if match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        if year < 100:
            year += 2000 if year < 70 else 1900
        return date(year, month, day)
    if match := _ISO.match(text):
        return date(int(match[1]), int(match[2]), int(match[3]))
    raise ValueError(text)


_YES = {"да", "+", "1", "член", "является", "yes", "true", "v", "✓", "есть"}
_NO = {"нет", "-", "0", "не член", "не является", "no", "false", ""}


def parse_yes_no(value: object) -> bool:
    """«да»/«нет», «+»/«-», 1/0; raises ``ValueError`` otherwise."""
    if isinstance(value, bool):
        return value
    text = fold(clean_cell(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(text)
