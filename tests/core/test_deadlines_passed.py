"""``journal.deadlines_passed(since, until)``: whether an open request's deadline in
hours fell in (since, until] — the journal and the Сводка read again only then. It
looks the requests up by their due date (an index); here it is shown to answer what
the definition says for many pairs of moments over a generated journal, including a
span across midnight and the exact due minute, and to answer False when no time went
by. It and the overdue notices' query (``deadline_sql.turned_overdue``) are planned as
index searches by due date, not as a scan of the journal."""

from __future__ import annotations

import logging
import random
from datetime import datetime, time, timedelta

import peewee
import pytest

from tsj_desk.domain.journal import Status
from tsj_desk.services import deadline_sql, journal
from tsj_desk.storage.models import Request
from tests.core.test_deadline_rule_sql import BASE, _moments, _populate

OPEN = {Status.REGISTERED.value, Status.IN_PROGRESS.value, Status.INSPECTION.value}


def _expected(rows: list[dict], since: datetime, until: datetime) -> bool:
    return any(r["status"] in OPEN and r["due_at"] is not None and since < r["due_at"] <= until
               for r in rows)


def test_deadlines_passed_says_what_the_definition_says(db):
    rng = random.Random(41)
    rows = _populate(rng, 1200)
    moments = [m for m in _moments(rows, rng) if isinstance(m, datetime)]
    pairs = list(zip(moments, moments[1:]))  # neighbours: short spans, many of them empty
    pairs += [(a, a + timedelta(hours=rng.choice((1, 6, 30, 24 * 3)))) for a in rng.sample(moments, 60)]
    answers = set()
    for since, until in pairs:
        expected = _expected(rows, since, until)
        answers.add(expected)
        assert journal.deadlines_passed(since, until) is expected, (since, until)
    assert answers == {True, False}  # the pairs test both answers


def test_a_deadline_passed_across_midnight_is_seen(db):
    rows = _populate(random.Random(5), 1)
    due = datetime.combine(BASE, time(23, 50))
    Request.update(status=Status.REGISTERED.value, due_at=due, due_date=due.date(),
                   answered_on=None, answered_at=None).where(Request.id == rows[0]["id"]).execute()
    since = datetime.combine(BASE, time(23, 40))
    assert journal.deadlines_passed(since, since + timedelta(minutes=30))  # 23:40 → 00:10 next day
    assert journal.deadlines_passed(since, due)  # the due minute itself has passed at it
    assert not journal.deadlines_passed(due, due + timedelta(hours=2))  # passed before, not in it
    assert not journal.deadlines_passed(since - timedelta(days=2), since)


def test_no_time_gone_by_nothing_passed(db):
    rows = _populate(random.Random(9), 1)
    due = datetime.combine(BASE, time(10, 0))
    Request.update(status=Status.IN_PROGRESS.value, due_at=due, due_date=due.date(),
                   answered_on=None, answered_at=None).where(Request.id == rows[0]["id"]).execute()
    assert not journal.deadlines_passed(due, due)
    assert not journal.deadlines_passed(due + timedelta(minutes=1), due - timedelta(minutes=1))


def _plans(db, caplog, ask) -> list[list[str]]:
    """SQLite's plan of each statement ``ask()`` runs on the requests, as the service runs it."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        ask()
    statements = [r.msg for r in caplog.records if isinstance(r.msg, tuple) and '"request"' in r.msg[0]]
    assert statements, "no query of the requests was seen"
    return [[row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, tuple(params))]
            for sql, params in statements]


def test_the_minute_checks_find_requests_by_their_due_date_not_by_a_scan(db, caplog):
    """What the journal and the Сводка ask at each show, and the journal's overdue notices
    each minute, is looked up in the (status, due_date) index: a scan of every request took
    50–100 ms of 100,000."""
    if not isinstance(db, peewee.SqliteDatabase):
        pytest.skip("the server plans by its own statistics; the answers are tested above")
    _populate(random.Random(3), 1500)
    db.execute_sql("ANALYZE")  # the statistics a used base has: a status alone is not selective
    since = datetime.combine(BASE, time(10, 0))
    until = since + timedelta(minutes=1)
    plans = _plans(db, caplog, lambda: journal.deadlines_passed(since, until))
    sql, params = Request.select(Request.id).where(deadline_sql.turned_overdue(since, until)).sql()
    plans.append([row[-1] for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params)])
    for plan in plans:
        assert not [step for step in plan if step.startswith("SCAN") and "CONSTANT ROW" not in step], plan
        assert all("due_date" in step for step in plan if step.startswith("SEARCH")), plan
