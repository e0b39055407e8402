"""Which open requests turned overdue between two moments: what the window tells the
user once, in the status bar (and the tray), while it stays open.

A deadline in hours (an emergency's 30 minutes) is missed at its moment ``due_at``;
a deadline in days at the end of its day, i.e. at midnight after ``due_date``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services import deadline_sql
from tsj_desk.storage.models import Request, RequestCategory

_OPEN = deadline_sql.OPEN


@dataclass(frozen=True)
class TurnedOverdue:
    reg_no: str
    applicant: str
    category_label: str
    due: str  # «24.11.2026 10:30» for a deadline in hours, «24.11.2026» for one in days

    def notice(self) -> str:
        """«Просрочено обращение № 2026-0042 — Сидорова Анна, аварийная заявка: срок
        истёк 24.11.2026 10:30» (a category's label may hold brackets of its own)."""
        label = self.category_label[:1].lower() + self.category_label[1:]
        return f"Просрочено обращение № {self.reg_no} — {self.applicant}, {label}: срок истёк {self.due}"


def turned_overdue(since: datetime, until: datetime) -> list[TurnedOverdue]:
    """Open requests overdue at ``until`` that were not at ``since``, by deadline (the
    journal's rule: a moment past ``due_at``, a day past ``due_date``)."""
    query = (Request.select(Request.reg_no, Request.applicant, RequestCategory.label,
                            Request.due_date, Request.due_at)
             .join(RequestCategory)
             .where(deadline_sql.turned_overdue(since, until))
             .order_by(Request.due_date, Request.due_at, Request.id))
    return [TurnedOverdue(reg_no, applicant, label,
                          format_datetime(due_at) if due_at is not None else format_date(due_date))
            for reg_no, applicant, label, due_date, due_at in query.tuples()]



@dataclass(frozen=True)
class RunningDeadline:
    reg_no: str
    applicant: str
    due_at: datetime


def next_deadline_in_hours(now: datetime) -> RunningDeadline | None:
    """The open request whose deadline in hours runs out next, not before ``now`` (an
    emergency's half hour): the Сводка counts its minutes down."""
    row = (Request.select(Request.reg_no, Request.applicant, Request.due_at)
           .where(Request.status.in_(_OPEN) & Request.due_at.is_null(False) & (Request.due_at >= now))
           .order_by(Request.due_at, Request.id).tuples().first())
    return RunningDeadline(*row) if row is not None else None
