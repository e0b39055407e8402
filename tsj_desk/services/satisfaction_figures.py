"""The Сводка's satisfaction figures over the last 12 months (this month and the 11
before it, as the on-time rates): the score by category and by month, the share of 4–5
and an NPS-style index — the share of 5 minus the share of 1–3, in percentage points —
with the number of answers each rests on.

A score counts in the month it was given (``request.satisfaction_at``); a bare score
from before the channel was recorded, without that moment, counts in the month of the
answer. Voided requests never count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from tsj_desk.domain.deadline_rule import day_and_moment
from tsj_desk.domain.journal import Status
from tsj_desk.domain.text import format_number
from tsj_desk.services.journal import rates_window_start
from tsj_desk.storage.models import Request, RequestCategory

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
          "сентябрь", "октябрь", "ноябрь", "декабрь")


@dataclass(frozen=True)
class ScoreGroup:
    """The scores of one group (a category, a month, or all): how many of each."""

    label: str
    counts: tuple[int, int, int, int, int]  # answers with 1, 2, 3, 4, 5
    key: str = ""  # the category code or "YYYY-MM"

    @property
    def answers(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        if not self.answers:
            return None
        return sum(score * n for score, n in zip(range(1, 6), self.counts)) / self.answers

    @property
    def high_share(self) -> float | None:
        """The share of 4–5, 0…1."""
        return (self.counts[3] + self.counts[4]) / self.answers if self.answers else None

    @property
    def nps(self) -> float | None:
        """Share of 5 minus share of 1–3, in percentage points (−100…+100)."""
        if not self.answers:
            return None
        return (self.counts[4] - sum(self.counts[:3])) * 100 / self.answers


@dataclass(frozen=True)
class SatisfactionFigures:
    since: date
    until: date
    total: ScoreGroup
    by_category: list[ScoreGroup]  # categories with answers, in the journal's order
    by_month: list[ScoreGroup]  # the 12 months, oldest first, empty ones too


def month_label(first: date) -> str:
    return f"{MONTHS[first.month - 1]} {first.year}"


def _months(since: date) -> list[date]:
    out = []
    year, month = since.year, since.month
    for _ in range(12):
        out.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def satisfaction_figures(*, today: date | datetime) -> SatisfactionFigures:
    day = day_and_moment(today)[0]
    since = rates_window_start(day)
    start = datetime.combine(since, datetime.min.time())
    end = datetime.combine(day, datetime.max.time())
    query = (Request.select(Request.satisfaction, Request.satisfaction_at, Request.answered_on,
                            RequestCategory.code, RequestCategory.label, RequestCategory.position)
             .join(RequestCategory)
             .where(Request.satisfaction.is_null(False), Request.status != Status.VOIDED.value,
                    ((Request.satisfaction_at >= start) & (Request.satisfaction_at <= end))
                    | (Request.satisfaction_at.is_null()
                       & (Request.answered_on >= since) & (Request.answered_on <= day))))
    total: Counter = Counter()
    by_category: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, tuple[int, str]] = {}
    by_month: dict[date, Counter] = defaultdict(Counter)
    for score, at, answered_on, code, label, position in query.tuples():
        if not 1 <= score <= 5:
            continue
        when = at.date() if isinstance(at, datetime) else (at or answered_on)
        if when is None:
            continue
        total[score] += 1
        by_category[code][score] += 1
        labels[code] = (position, label)
        by_month[date(when.year, when.month, 1)][score] += 1

    def counts(counter: Counter) -> tuple[int, int, int, int, int]:
        return tuple(counter[s] for s in range(1, 6))  # type: ignore[return-value]

    categories = [ScoreGroup(labels[code][1], counts(by_category[code]), code)
                  for code in sorted(by_category, key=lambda c: labels[c])]
    months = [ScoreGroup(month_label(first), counts(by_month[first]), f"{first:%Y-%m}")
              for first in _months(since)]
    return SatisfactionFigures(since, day, ScoreGroup("Все обращения", counts(total)),
                               categories, months)


def percent(share: float | None) -> str:
    """«67 %» (rounded to a whole percent), «—» without answers."""
    return "—" if share is None else f"{round(share * 100)}\u00a0%"


def points(value: float | None) -> str:
    """The NPS-style index as the office reads it: «+40», «−17», «0»; «—» without answers."""
    if value is None:
        return "—"
    whole = round(value)
    if whole > 0:
        return f"+{whole}"
    if whole < 0:
        return f"\u2212{-whole}"
    return "0"


def average_text(value: float | None) -> str:
    return "—" if value is None else format_number(value, 1)
