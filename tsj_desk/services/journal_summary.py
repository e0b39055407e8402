"""The numbers of the Сводка page and the journal exported as .xlsx.

The journal's filter and listing live in ``services.journal`` (which re-exports these
names); they are imported when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import peewee

from tsj_desk.domain.deadline_rule import day_and_moment
from tsj_desk.domain.journal import Result, Status
from tsj_desk.services import deadline_sql
from tsj_desk.storage.models import Request, RequestCategory

if TYPE_CHECKING:
    from tsj_desk.services.journal import JournalFilter


@dataclass(frozen=True)
class CategoryRate:
    code: str
    label: str
    answered: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None


@dataclass(frozen=True)
class JournalSummary:
    overdue: int
    due_today: int
    due_this_week: int
    received_this_month: int
    rates: list[CategoryRate]
    rates_since: date


def summary_filters(today: date | datetime) -> dict[str, JournalFilter]:
    """The filter behind each number of the Сводка page (one definition for both)."""
    from tsj_desk.services.journal import JournalFilter

    today, _ = day_and_moment(today)
    return {  # the deadline filters take open requests only: never a voided one
        "overdue": JournalFilter(overdue=True),
        "due_today": JournalFilter(due_today=True),
        "due_this_week": JournalFilter(due_this_week=True),
        "received_this_month": JournalFilter(received_from=today.replace(day=1), received_to=today,
                                             without_voided=True),
    }


def rates_window_start(today: date) -> date:
    """The first day of the 12-month window: this month and the 11 before it."""
    year, month = divmod(today.year * 12 + today.month - 12, 12)
    return date(year, month + 1, 1)


def journal_summary(*, today: date | datetime) -> JournalSummary:
    """The numbers of the Сводка page as of ``today`` (a moment also decides deadlines
    in hours); the rate covers answers of the last 12 months."""
    from tsj_desk.services.journal import count_requests

    counts = {name: count_requests(flt, today=today) for name, flt in summary_filters(today).items()}
    since = rates_window_start(day_and_moment(today)[0])
    on_time = peewee.fn.SUM(peewee.Case(None, [(deadline_sql.answered_late(), 0)], 1))
    # the window's answers by the answered_on index (a third of 100,000 requests), then
    # grouped; "+ 0" keeps SQLite from walking the whole category index instead
    window = (Request.select((Request.category + 0).alias("cid"), peewee.fn.COUNT(Request.id).alias("n"),
                             on_time.alias("ok"))
              .where(Request.answered_on >= since, Request.status != Status.VOIDED.value)
              .group_by(peewee.SQL("1")))
    query = (RequestCategory.select(RequestCategory.code, RequestCategory.label, window.c.n, window.c.ok)
             .join(window, peewee.JOIN.LEFT_OUTER, on=(window.c.cid == RequestCategory.id))
             .order_by(RequestCategory.position))
    rates = [CategoryRate(code, label, answered or 0, timely or 0)
             for code, label, answered, timely in query.tuples()]
    return JournalSummary(counts["overdue"], counts["due_today"], counts["due_this_week"],
                          counts["received_this_month"], rates, since)


JOURNAL_EXPORT_HEADERS = ("№", "Дата поступления", "Заявитель", "Помещение", "Категория",
                          "Содержание", "Срок ответа", "Дата ответа", "Результат",
                          "Просрочка (дней)")


def export_journal(out: Path, flt: JournalFilter, *, today: date | datetime, sort: str = "received_at",
                   descending: bool = False) -> int:
    """«Журнал регистрации обращений»: the filtered rows as .xlsx; returns the row count."""
    from tsj_desk.documents.journal import write_journal_xlsx
    from tsj_desk.domain.journal import RESULT_LABELS
    from tsj_desk.services.journal import list_requests

    rows = list_requests(flt, today=today, sort=sort, descending=descending)
    table = [
        (r.reg_no, r.received_at, r.applicant, r.premise_number, r.category_label, r.subject,
         r.due_at or r.due_date, r.answered_on,
         f"аннулировано: {r.void_reason}" if r.status is Status.VOIDED
         else RESULT_LABELS.get(Result(r.result), "") if r.result else "", r.days_late or None)
        for r in rows
    ]
    write_journal_xlsx(Path(out), JOURNAL_EXPORT_HEADERS, table, today=day_and_moment(today)[0])
    return len(table)
