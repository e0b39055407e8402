"""The deadline rule, defined once: where a request stands against its deadline.

A request's standing is a function of its deadline (the due date, and the due moment
``due_at`` for a deadline in hours), its answer (the day, and the moment when known)
and the present (a day, and a moment when one is known). Everything else — the
journal's rows, its filters and counts in SQL, the Сводка, the notices of requests
turning overdue — follows this rule; the SQL is proven equal to it by a property test.

- Answered: late when the answer came after the deadline — by the moment for a
  deadline in hours when the answer's moment is known, by the day otherwise (an
  answer on the due date is on time).
- Unanswered: overdue once a moment past ``due_at`` or a day past the due date has
  come; due today on the due date; due next when the due date is no later than the
  next working day; open otherwise.
- Voided (registered by mistake): neither due nor overdue.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum


class DeadlineStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_NEXT = "due_next"
    OPEN = "open"
    ANSWERED_LATE = "answered_late"
    ANSWERED_ON_TIME = "answered_on_time"
    VOIDED = "voided"  # registered by mistake: neither due nor overdue

    @property
    def label(self) -> str:
        return DEADLINE_STATUS_LABELS[self]


DEADLINE_STATUS_LABELS = {
    DeadlineStatus.OVERDUE: "просрочено",
    DeadlineStatus.DUE_TODAY: "срок сегодня",
    DeadlineStatus.DUE_NEXT: "срок в следующий рабочий день",
    DeadlineStatus.OPEN: "срок не истёк",  # not «в работе»: the status beside it may be «Зарегистрировано»
    DeadlineStatus.ANSWERED_LATE: "отвечено с опозданием",
    DeadlineStatus.ANSWERED_ON_TIME: "отвечено в срок",
    DeadlineStatus.VOIDED: "аннулировано",
}

#: the states of a request still waiting for its answer
UNANSWERED_STATES = frozenset({DeadlineStatus.OVERDUE, DeadlineStatus.DUE_TODAY,
                               DeadlineStatus.DUE_NEXT, DeadlineStatus.OPEN})


def answered_late(due_date: date, due_at: datetime | None, answered_on: date,
                  answered_at: datetime | None) -> bool:
    """Whether an answer came after the deadline."""
    if due_at is not None and answered_at is not None:
        return answered_at > due_at
    return answered_on > due_date


def missed(due_date: date, due_at: datetime | None, day: date, moment: datetime | None) -> bool:
    """Whether the deadline has passed by ``day`` (and ``moment``, when known)."""
    if due_at is not None and moment is not None and moment > due_at:
        return True
    return day > due_date


def state_at(due_date: date, due_at: datetime | None, answered_on: date | None,
             answered_at: datetime | None, day: date, moment: datetime | None,
             next_working: date, *, voided: bool = False) -> DeadlineStatus:
    """The request's deadline state on ``day`` (at ``moment`` when known);
    ``next_working`` is the working day after ``day``."""
    if voided:
        return DeadlineStatus.VOIDED
    if answered_on is not None:
        late = answered_late(due_date, due_at, answered_on, answered_at)
        return DeadlineStatus.ANSWERED_LATE if late else DeadlineStatus.ANSWERED_ON_TIME
    if missed(due_date, due_at, day, moment):
        return DeadlineStatus.OVERDUE
    if day == due_date:
        return DeadlineStatus.DUE_TODAY
    if due_date <= next_working:
        return DeadlineStatus.DUE_NEXT
    return DeadlineStatus.OPEN


def week_end(day: date) -> date:
    """The Sunday of ``day``'s week."""
    return day + timedelta(days=6 - day.weekday())


def due_this_week(state: DeadlineStatus, due_date: date, day: date) -> bool:
    """Unanswered, not yet overdue and due by the end of ``day``'s week."""
    return state in UNANSWERED_STATES and state is not DeadlineStatus.OVERDUE and due_date <= week_end(day)


def day_and_moment(now: date | datetime) -> tuple[date, datetime | None]:
    """``now`` as a day, and as a moment when it is one: a deadline in hours is
    missed by the minute, and only a moment can tell."""
    if isinstance(now, datetime):
        return now.date(), now
    return now, None
