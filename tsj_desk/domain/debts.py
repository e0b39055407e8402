"""Debts in plain Python: money as whole kopecks, how a notice is delivered, and the
rule telling a promise to pay kept, due or broken (``reference/legal-ru.md`` §8)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from tsj_desk.domain.text import clean_cell, format_number

KOPECK = Decimal("0.01")

# how a notice reached the debtor: code → as the office writes it
DELIVERIES: dict[str, str] = {
    "mailbox": "в почтовый ящик",
    "signature": "под подпись",
    "registered": "заказным письмом",
    "phone": "по телефону",
    "sms": "SMS",
}
# the ways legal-ru §8 names for the written warning before a utility is restricted
WARNING_DELIVERIES = frozenset({"signature", "registered"})

PROMISE_DUE_DAYS = 7  # a promise whose date falls within this week is «скоро срок»

_MONEY_TEXT = re.compile(r"^[-+]?\d+(\.\d+)?$")
_CURRENCY = re.compile(r"(руб(лей|ля|ль)?\.?|р\.|₽|rub)", re.IGNORECASE)


def to_kopecks(value: object) -> int | None:
    """A sum from a cell or an argument as whole kopecks: a number cell, «1 234,56»,
    «1234.56 руб.», a Decimal. None for an empty cell; ``ValueError`` for anything
    else. More than two decimals are rounded half up (a float cell's 0.1 + 0.2)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(value)
        number = Decimal(repr(value))
    else:
        text = _CURRENCY.sub("", clean_cell(value))
        text = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
        if text in ("", "-", "—"):
            return None
        if text.startswith("(") and text.endswith(")"):  # (1 234,56): a negative in accounts
            text = "-" + text[1:-1]
        if not _MONEY_TEXT.match(text):
            raise ValueError(value)
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return int((number.quantize(KOPECK, rounding=ROUND_HALF_UP) * 100).to_integral_value())


def rubles(kopecks: int | None) -> Decimal | None:
    """Kopecks as a Decimal of rubles with two places (12345 → Decimal('123.45'))."""
    if kopecks is None:
        return None
    return (Decimal(kopecks) / 100).quantize(KOPECK)


def money_text(kopecks: int | None, *, unit: bool = True) -> str:
    """«12 345,67 руб.» (a no-break space between thousands)."""
    if kopecks is None:
        return ""
    text = format_number(rubles(kopecks), 2)
    return f"{text}\u00a0руб." if unit else text


def parse_months(value: object) -> int | None:
    """Months in debt from a cell: 3, 3.0, «3», «3 мес.»; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value < 0:
            raise ValueError(value)
        return int(round(value))
    text = clean_cell(value).lower().replace(",", ".")
    text = re.sub(r"\s*(мес(яц(ев|а)?)?\.?)$", "", text)
    if not text:
        return None
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(value)
    return int(round(float(text)))


@dataclass(frozen=True)
class PromiseFacts:
    promised_date: date
    debt: int  # kopecks, the balance it was given against
    balance_date: date | None
    made_on: date


def promise_kept(promise: PromiseFacts, later_balances: list[tuple[date, int]]) -> bool:
    """Kept when a balance later than the one it was given against is lower than it
    was (the debtor paid something): such a debtor drops off the broken list."""
    since = promise.balance_date or promise.made_on
    return any(day > since and debt < promise.debt for day, debt in later_balances)


def promise_state(promise: PromiseFacts, later_balances: list[tuple[date, int]], today: date) -> str:
    """«kept», «broken» (the date passed and nothing lower came), «due» (the date is
    within ``PROMISE_DUE_DAYS`` from today) or «waiting»."""
    if promise_kept(promise, later_balances):
        return "kept"
    if promise.promised_date < today:
        return "broken"
    if promise.promised_date <= today + timedelta(days=PROMISE_DUE_DAYS):
        return "due"
    return "waiting"


PROMISE_STATES = {"kept": "выполнено", "broken": "не выполнено", "due": "скоро срок",
                  "waiting": "ожидается"}
