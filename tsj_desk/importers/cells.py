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


# Month names as a date cell written as text spells them: nominative («ноябрь»),
# genitive («ноября»), short («ноя», «нояб.»), and the English ones of an Excel in English.
_MONTH_WORDS = {
    1: ("январь", "января", "янв", "january", "jan"),
    2: ("февраль", "февраля", "фев", "февр", "february", "feb"),
    3: ("март", "марта", "мар", "march", "mar"),
    4: ("апрель", "апреля", "апр", "april", "apr"),
    5: ("май", "мая", "may"),
    6: ("июнь", "июня", "июн", "june", "jun"),
    7: ("июль", "июля", "июл", "july", "jul"),
    8: ("август", "августа", "авг", "august", "aug"),
    9: ("сентябрь", "сентября", "сен", "сент", "september", "sep", "sept"),
    10: ("октябрь", "октября", "окт", "october", "oct"),
    11: ("ноябрь", "ноября", "ноя", "нояб", "november", "nov"),
    12: ("декабрь", "декабря", "дек", "december", "dec"),
}
_MONTH_BY_WORD = {word: month for month, words in _MONTH_WORDS.items() for word in words}
_NAMED_MONTH = re.compile(
    r"^(?:за\s+)?([a-zа-я]+)\.?[\s.\-/']*(\d{4}|\d{2})\s*(?:г\.?|года?|гг\.?)?\.?$")
_NUMBER_MONTH = re.compile(r"^(\d{1,2})[./-](\d{4})$|^(\d{4})[./-](\d{1,2})$")


def parse_month_cell(value: object) -> str | None:
    """A month written as text → ``"2026-11"``: «2026-11», «11.2026», «11/2026»,
    «ноябрь 2026», «Ноябрь 2026 г.», «ноября 2026 года», «ноя.26», «Nov-26».

    None for anything else (a date, a number cell, other text): a month is never
    guessed from a full date. A two-digit year is taken only after a month name.
    """
    if not isinstance(value, str):
        return None
    text = fold(clean_cell(value))
    if not text:
        return None
    if match := _NUMBER_MONTH.match(text):
        month, year = (int(match[1]), int(match[2])) if match[1] else (int(match[4]), int(match[3]))
    elif match := _NAMED_MONTH.match(text):
        month = _MONTH_BY_WORD.get(match[1])
        if month is None:
            return None
        year = int(match[2])
        if len(match[2]) == 2:
            year += 2000
    else:
        return None
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        return None
    return f"{year:04d}-{month:02d}"


def last_day_of(period: str) -> date:
    """The last day of a ``YYYY-MM`` month."""
    from calendar import monthrange

    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, monthrange(year, month)[1])
