"""Text helpers: folding for search and header matching, Russian formatting."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

_SPACES = re.compile(r"\s+")
_HEADER_JUNK = re.compile(r"[^\w№%]+")
# «N кв.», «No. кв.», «N° кв.», «Nº пом.» (NFKC makes «º» an «o») are «№ кв.»: Latin N as the sign
_LATIN_NUMBER_SIGN = re.compile(r"^n[o°]?(?:\s*\.\s*|\s+|(?=[а-я]))")
_GLUED_NUMBER_SIGN = re.compile(r"№(?=\S)")


def fold(text: str | None) -> str:
    """Lowercase for search in any alphabet: ``ИВАНОВ Пётр`` → ``иванов петр``.

    SQLite folds ASCII only, so search keys are folded here and stored.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    return _SPACES.sub(" ", text).strip()


def header_key(text: object) -> str:
    """Normalise a column header for matching: case, ё/е, spaces, punctuation.

    ``«№ кв.»``, ``«N кв.»`` and ``«№кв.»`` → ``"№ кв"``, ``"Площадь,  кв. м²"`` → ``"площадь кв м2"``.
    """
    folded = fold(str(text) if text is not None else "").replace("²", "2")
    folded = _GLUED_NUMBER_SIGN.sub("№ ", _LATIN_NUMBER_SIGN.sub("№ ", folded))
    folded = _HEADER_JUNK.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


def clean_cell(value: object) -> str:
    """A cell as trimmed text, non-breaking spaces and doubled spaces removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # str.split() splits on every Unicode space, non-breaking ones included
    return " ".join(str(value).split())


def plural(count: int, one: str, few: str, many: str) -> str:
    """Russian plural form: 1 обращение, 2 обращения, 5 обращений."""
    count = abs(int(count))
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def counted(count: int, one: str, few: str, many: str) -> str:
    """``counted(5, "строка", "строки", "строк")`` → ``"5 строк"``."""
    return f"{count} {plural(count, one, few, many)}"


def lateness_text(delta: timedelta, days: int) -> str:
    """How late a deadline in hours was missed: «35 минут», «2 ч 10 мин» within a day;
    beyond it, in ``days`` (counted by the calendar, as for deadlines in days): «2 дня»."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes >= 24 * 60:
        return counted(days, "день", "дня", "дней")
    if minutes >= 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} ч {rest} мин" if rest else f"{hours} ч"
    return counted(minutes, "минуту", "минуты", "минут")


def _hours_and_minutes(minutes: int) -> str:
    """«2 ч 15 мин», «2 ч», «35 мин»."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} мин"
    return f"{hours} ч {rest} мин" if rest else f"{hours} ч"


def lateness_short(delta: timedelta | None, days: int) -> str:
    """How late, for a narrow column: «3 д» past a deadline in days (``days`` by the
    calendar, as the journal's export counts them); «2 ч 15 мин» or «35 мин» past a
    deadline in hours within its first day; empty when not late."""
    if delta is not None:
        minutes = max(0, int(delta.total_seconds() // 60))
        if minutes < 24 * 60:
            return _hours_and_minutes(minutes) if minutes else ""
    return f"{days} д" if days > 0 else ""


def time_left_text(delta: timedelta) -> str:
    """What is left of a deadline in hours: «осталось 12 мин», «осталось 1 ч 5 мин»;
    a part of a minute counts as a minute (at 10:29:30 of a deadline at 10:30, 1 мин)."""
    minutes = max(0, math.ceil(delta.total_seconds() / 60))
    return f"осталось {_hours_and_minutes(minutes)}"


def joined_notes(notes: Iterable[str]) -> str:
    """Several notes of one row in one line, «…; …»: a note followed by another drops its
    closing full stop («срок поверки истёк 26.03.2026; расход выше обычного.», not «….; …»)."""
    kept = [note for note in notes if note]
    return "; ".join([note[:-1] if note.endswith(".") and not note.endswith("..") else note
                      for note in kept[:-1]] + kept[-1:])


def format_date(value: date | datetime | None) -> str:
    """ДД.ММ.ГГГГ, empty for None."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y %H:%M")


def format_number(value: Fraction | Decimal | float | int | None, places: int = 2) -> str:
    """A number the Russian way: thousands by a thin space, decimal comma.

    ``format_number(12345.5)`` → ``"12 345,50"``. Trailing zeros are kept to
    ``places`` digits so columns line up.
    """
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        number = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum)
    else:
        number = Decimal(str(value)).quantize(quantum)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = "\u00a0".join(groups)
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


def parse_decimal(text: object) -> Decimal | None:
    """Parse ``"53,9"``, ``" 1 234,5 "``, ``53.9`` into a Decimal; None if not a number."""
    if text is None:
        return None
    if isinstance(text, bool):
        return None
    if isinstance(text, float) and not math.isfinite(text):
        return None  # NaN or infinity from a number cell: not an area
    if isinstance(text, (int, float)):
        return Decimal(str(text))
    raw = clean_cell(text).replace(" ", "").replace(",", ".")
    if not raw:
        return None
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", raw):
        return None
    return Decimal(raw)
