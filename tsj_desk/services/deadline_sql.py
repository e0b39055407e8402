"""The deadline rule of ``tsj_desk.domain.deadline_rule`` as SQL conditions over the
requests table: what the journal's filters, the Сводка's counts and the notices of
requests turning overdue select. Each condition here stands for one predicate of the
domain rule; tests/core/test_deadline_rule_sql.py proves them equal on generated
requests and moments. Nothing else writes a deadline comparison in SQL.
"""

from __future__ import annotations

from datetime import date, datetime

import peewee

from tsj_desk.domain.deadline_rule import DeadlineStatus, week_end
from tsj_desk.domain.journal import OPEN_STATUSES, Status
from tsj_desk.storage.models import Request

OPEN = [s.value for s in Status if s in OPEN_STATUSES]


def _is_open() -> peewee.Expression:
    return Request.status.in_(OPEN)


def _missed_by_the_hour(moment: datetime | None) -> peewee.Expression | None:
    """A deadline in hours passed before ``moment``."""
    if moment is None:
        return None
    return Request.due_at.is_null(False) & (Request.due_at < moment)


def answered_late() -> peewee.Expression:
    """``answered_late``: after the deadline, by the moment for a deadline in hours
    when the answer's moment is known, by the day otherwise."""
    by_moment = Request.due_at.is_null(False) & Request.answered_at.is_null(False)
    return Request.answered_on.is_null(False) & (
        (by_moment & (Request.answered_at > Request.due_at))
        | (~by_moment & (Request.answered_on > Request.due_date)))


def overdue(day: date, moment: datetime | None) -> peewee.Expression:
    """Open and ``missed``: state OVERDUE."""
    missed = _missed_by_the_hour(moment)
    if missed is None:
        return _is_open() & (Request.due_date < day)
    # a range on the (status, due date) index, then the few due today by the hour
    return _is_open() & (Request.due_date <= day) & ((Request.due_date < day) | missed)


def due_today(day: date, moment: datetime | None) -> peewee.Expression:
    """State DUE_TODAY: open, due on ``day`` and not missed by the hour."""
    due = Request.due_date == day
    missed = _missed_by_the_hour(moment)
    return _is_open() & (due if missed is None else due & ~missed)


def due_this_week(day: date, moment: datetime | None) -> peewee.Expression:
    """``due_this_week``: open, not yet overdue, due by the end of ``day``'s week."""
    coming = Request.due_date.between(day, week_end(day))
    missed = _missed_by_the_hour(moment)
    return _is_open() & (coming if missed is None else coming & ~missed)


def state(day: date, moment: datetime | None, next_working: date) -> peewee.Case:
    """``state_at`` as one SQL expression (its value is a DeadlineStatus value)."""
    missed = _missed_by_the_hour(moment)
    late = Request.due_date < day if missed is None else (Request.due_date < day) | missed
    return peewee.Case(None, [
        (Request.status == Status.VOIDED.value, DeadlineStatus.VOIDED.value),
        (answered_late(), DeadlineStatus.ANSWERED_LATE.value),
        (Request.answered_on.is_null(False), DeadlineStatus.ANSWERED_ON_TIME.value),
        (late, DeadlineStatus.OVERDUE.value),
        (Request.due_date == day, DeadlineStatus.DUE_TODAY.value),
        (Request.due_date <= next_working, DeadlineStatus.DUE_NEXT.value),
    ], DeadlineStatus.OPEN.value)


def turned_overdue(since: datetime, until: datetime) -> peewee.Expression:
    """Open requests overdue at ``until`` that were not at ``since``: a deadline in
    hours passed in between, or one in days whose next midnight came in between
    (written as two index ranges rather than as overdue(until) & ~overdue(since))."""
    # a deadline in hours falls on its due date: bounding that too lets the (status, due_date)
    # index serve both ranges, where due_at alone scanned every request each minute
    by_the_hour = (Request.due_at.is_null(False) & Request.due_date.between(since.date(), until.date())
                   & (Request.due_at >= since) & (Request.due_at < until))
    by_the_day = (Request.due_at.is_null() & (Request.due_date >= since.date())
                  & (Request.due_date < until.date()))
    return _is_open() & (by_the_hour | by_the_day)
