"""The deadline rule is written once in the domain (tsj_desk.domain.deadline_rule) and
once as SQL (tsj_desk.services.deadline_sql): here the two are shown to select the
same requests, over a real SQLite base of generated requests and many moments,
including the boundaries — the exact due minute, midnight, deadlines in hours,
answers late and on time, voided requests, «today» given as a day or as a moment."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsj_desk.domain.deadline_rule import (
    DeadlineStatus,
    due_this_week,
    missed,
    state_at,
)
from tsj_desk.domain.journal import Status
from tsj_desk.services import deadline_watch, journal
from tsj_desk.services.calendar import production_calendar
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Request, RequestCategory

BASE = date(2026, 12, 28)  # a week running into the new-year holidays
OPEN = (Status.REGISTERED, Status.IN_PROGRESS, Status.INSPECTION)


def _populate(rng: random.Random, count: int) -> list[dict]:
    category = RequestCategory.select().first()
    rows = []
    for n in range(count):
        received = datetime.combine(BASE + timedelta(days=rng.randint(-20, 5)),
                                    time(rng.randint(0, 23), rng.choice((0, 1, 29, 30, 59))))
        if rng.random() < 0.35:  # a deadline in hours, some of them at midnight or a minute before
            due_at = received + rng.choice((timedelta(minutes=30), timedelta(hours=1), timedelta(hours=24)))
            if rng.random() < 0.2:
                due_at = datetime.combine(due_at.date(), rng.choice((time(0, 0), time(23, 59))))
            due_date = due_at.date()
        else:
            due_at = None
            due_date = received.date() + timedelta(days=rng.randint(0, 30))
        status = rng.choice((*OPEN, *OPEN, Status.ANSWERED, Status.CLOSED, Status.VOIDED))
        answered_on = answered_at = None
        if status in (Status.ANSWERED, Status.CLOSED):
            # around the deadline: the due day itself and its minute are the interesting ones
            answered_on = min(max(received.date(), due_date + timedelta(days=rng.randint(-2, 2))), BASE)
            if rng.random() < 0.7:
                if due_at is not None and rng.random() < 0.5:
                    answered_at = due_at + timedelta(minutes=rng.choice((-1, 0, 1)))
                    answered_on = answered_at.date()
                else:
                    answered_at = datetime.combine(answered_on, time(rng.randint(0, 23), rng.randint(0, 59)))
        rows.append(dict(reg_no=f"2026-{n:05d}", received_at=received, channel="in_person",
                         applicant="Заявитель", category=category.id, due_date=due_date, due_at=due_at,
                         status=status.value, answered_on=answered_on, answered_at=answered_at))
    with database.atomic():
        for start in range(0, len(rows), 200):
            Request.insert_many(rows[start:start + 200]).execute()
    ids = dict(Request.select(Request.reg_no, Request.id).tuples())
    for row in rows:
        row["id"] = ids[row["reg_no"]]
    return rows


def _moments(rows: list[dict], rng: random.Random) -> list[date | datetime]:
    """Each due minute and the minutes around it, the midnights around each due date,
    days given without a time, and random moments."""
    moments: set[date | datetime] = set()
    for row in rng.sample(rows, 100):
        if row["due_at"] is not None:
            moments |= {row["due_at"] + timedelta(minutes=k) for k in (-1, 0, 1)}
        midnight = datetime.combine(row["due_date"], time(0, 0))
        moments |= {midnight, midnight + timedelta(days=1), midnight - timedelta(minutes=1),
                    row["due_date"], row["due_date"] + timedelta(days=1)}
    for _ in range(40):
        moments.add(datetime.combine(BASE + timedelta(days=rng.randint(-25, 35)),
                                     time(rng.randint(0, 23), rng.randint(0, 59))))
    return sorted(moments, key=lambda m: m if isinstance(m, datetime) else datetime.combine(m, time(0)))


def _day_and_moment(now: date | datetime) -> tuple[date, datetime | None]:
    return (now.date(), now) if isinstance(now, datetime) else (now, None)


def _states(rows: list[dict], now: date | datetime) -> dict[int, DeadlineStatus]:
    day, moment = _day_and_moment(now)
    next_working = production_calendar().add_working_days(day, 1)
    return {r["id"]: state_at(r["due_date"], r["due_at"], r["answered_on"], r["answered_at"], day, moment,
                              next_working, voided=r["status"] == Status.VOIDED.value)
            for r in rows}


def _selected(flt: journal.JournalFilter, now: date | datetime) -> set[int]:
    return {rid for (rid,) in journal._filtered(flt, now).select(Request.id).tuples()}


def _check(rows: list[dict], now: date | datetime) -> None:
    states = _states(rows, now)
    day, _ = _day_and_moment(now)
    by_state = {s: {rid for rid, st_ in states.items() if st_ is s} for s in DeadlineStatus}
    assert _selected(journal.JournalFilter(overdue=True), now) == by_state[DeadlineStatus.OVERDUE], now
    assert _selected(journal.JournalFilter(due_today=True), now) == by_state[DeadlineStatus.DUE_TODAY], now
    week = {r["id"] for r in rows if due_this_week(states[r["id"]], r["due_date"], day)}
    assert _selected(journal.JournalFilter(due_this_week=True), now) == week, now
    assert _selected(journal.JournalFilter(answered_late=True), now) == by_state[DeadlineStatus.ANSWERED_LATE]
    counts = journal.recompute_states(today=now)
    assert counts == {s: len(ids) for s, ids in by_state.items()}, now
    summary = journal.journal_summary(today=now)
    assert (summary.overdue, summary.due_today, summary.due_this_week) == (
        len(by_state[DeadlineStatus.OVERDUE]), len(by_state[DeadlineStatus.DUE_TODAY]), len(week))


def test_the_sql_filters_and_counts_select_what_the_domain_rule_says(db):
    rng = random.Random(19)
    rows = _populate(rng, 2500)
    moments = _moments(rows, rng)
    assert len(moments) > 300
    for now in moments:
        _check(rows, now)


def test_the_journal_rows_carry_the_domain_state(db):
    rng = random.Random(7)
    rows = _populate(rng, 600)
    for now in _moments(rows, rng)[::10]:
        states = _states(rows, now)
        shown = journal.list_requests(journal.JournalFilter(), today=now)
        assert {row.id: row.state for row in shown} == states, now


def test_the_requests_turning_overdue_are_those_the_rule_says(db):
    rng = random.Random(23)
    rows = _populate(rng, 1500)
    moments = [m for m in _moments(rows, rng) if isinstance(m, datetime)]
    open_rows = [r for r in rows if r["status"] in {s.value for s in OPEN}]
    for since, until in zip(moments, moments[1:]):
        expected = {r["reg_no"] for r in open_rows
                    if missed(r["due_date"], r["due_at"], until.date(), until)
                    and not missed(r["due_date"], r["due_at"], since.date(), since)}
        assert {t.reg_no for t in deadline_watch.turned_overdue(since, until)} == expected, (since, until)


_MINUTES = st.integers(min_value=-60 * 24 * 40, max_value=60 * 24 * 40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=_MINUTES, as_day=st.booleans())
def test_any_moment_over_a_generated_journal(db, offset, as_day):
    """Hypothesis picks the moments (as a day or as a minute) over one generated journal."""
    if Request.select().count() == 0:
        _populate(random.Random(31), 800)
    rows = [dict(id=r.id, reg_no=r.reg_no, due_date=r.due_date, due_at=r.due_at, status=r.status,
                 answered_on=r.answered_on, answered_at=r.answered_at) for r in Request.select()]
    now = datetime.combine(BASE, time(12, 0)) + timedelta(minutes=offset)
    _check(rows, now.date() if as_day else now)
