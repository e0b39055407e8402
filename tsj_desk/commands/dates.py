"""Dates and moments typed on the command line: as a Russian office writes them
(«04.12.2026», «04.12.2026 09:15») or in ISO form («2026-12-04», «2026-12-04T09:15»)."""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time

_RUSSIAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SEPARATOR = re.compile(r"\s+|T")

DAY_FORMS = "ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД)"
MOMENT_FORMS = "ДД.ММ.ГГГГ ЧЧ:ММ (или ГГГГ-ММ-ДД ЧЧ:ММ)"


def parse_day(text: str) -> date | None:
    """«04.12.2026», «4.12.2026» or «2026-12-04»; None for anything else."""
    text = text.strip()
    if match := _RUSSIAN_DAY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DAY.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_clock(text: str) -> time | None:
    """«09:15» or «9:15»; None for anything else."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_moment(text: str) -> datetime | None:
    """A day with an optional time of day («04.12.2026 09:15», «2026-12-04T09:15»);
    a day alone is its midnight. None for anything else."""
    parts = _SEPARATOR.split(text.strip(), maxsplit=1)
    day = parse_day(parts[0])
    if day is None:
        return None
    if len(parts) == 1:
        return datetime.combine(day, time())
    at = parse_clock(parts[1])
    return datetime.combine(day, at) if at is not None else None


def _looks_like_a_day(text: str) -> bool:
    return bool(_RUSSIAN_DAY.fullmatch(text.strip()) or _ISO_DAY.fullmatch(text.strip()))


def is_russian(text: str) -> bool:
    """Whether the date was typed the Russian way (then it is echoed the same way)."""
    return _RUSSIAN_DAY.match(text.strip()) is not None


def day_arg(text: str) -> date:
    """argparse ``type=`` for a date."""
    day = parse_day(text)
    if day is None and _looks_like_a_day(text):
        raise argparse.ArgumentTypeError(f"даты «{text.strip()}» в календаре нет")
    if day is None:
        raise argparse.ArgumentTypeError(f"дата «{text.strip()}» должна быть в виде {DAY_FORMS}")
    return day


def clock_arg(text: str) -> time:
    """argparse ``type=`` for a time of day."""
    at = parse_clock(text)
    if at is None:
        raise argparse.ArgumentTypeError(f"время «{text.strip()}» должно быть в виде ЧЧ:ММ")
    return at


def moment_problem(text: str) -> str:
    """What to say of a moment that could not be read, echoing it as it was typed."""
    day = _SEPARATOR.split(text.strip(), maxsplit=1)[0]
    if _looks_like_a_day(day) and parse_day(day) is None:
        return f"Даты «{day}» в календаре нет."
    return f"Дата и время «{text.strip()}» должны быть в виде {MOMENT_FORMS}."
