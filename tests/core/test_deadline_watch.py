"""Which requests turned overdue between two looks at the clock, by the journal's rule:
a deadline in hours is missed once its minute has passed, one in days at midnight."""

from __future__ import annotations

from datetime import datetime

from tsj_desk.domain.journal import Status
from tsj_desk.services.deadline_watch import next_deadline_in_hours, turned_overdue
from tsj_desk.services.journal import RequestInput, register_request, set_status


def emergency(received: datetime, applicant: str = "Сидорова Анна") -> str:
    return register_request(RequestInput(category="emergency", received_at=received, applicant=applicant,
                                         text="Затопление"), now=received)


def test_an_emergency_turns_overdue_in_the_minute_after_its_half_hour(db):
    reg_no = emergency(datetime(2026, 11, 24, 10, 0))  # due 10:30
    assert turned_overdue(datetime(2026, 11, 24, 10, 29), datetime(2026, 11, 24, 10, 30)) == []
    turned = turned_overdue(datetime(2026, 11, 24, 10, 30), datetime(2026, 11, 24, 10, 31))
    assert [(t.reg_no, t.due) for t in turned] == [(reg_no, "24.11.2026 10:30")]
    # the next look starts where this one ended: not again
    assert turned_overdue(datetime(2026, 11, 24, 10, 31), datetime(2026, 11, 24, 10, 32)) == []


def test_a_deadline_in_days_turns_overdue_at_midnight(db):
    # «public_info»: one working day; received Monday 23.11, due Tuesday 24.11
    reg_no = register_request(RequestInput(category="public_info", received_at=datetime(2026, 11, 23, 10, 0),
                                           applicant="Гостев Павел", text="Где отчёт?"),
                              now=datetime(2026, 11, 23, 10, 0))
    assert turned_overdue(datetime(2026, 11, 24, 12, 0), datetime(2026, 11, 24, 23, 59)) == []
    turned = turned_overdue(datetime(2026, 11, 24, 23, 59), datetime(2026, 11, 25, 0, 0))
    assert [(t.reg_no, t.due) for t in turned] == [(reg_no, "24.11.2026")]


def test_an_answered_request_is_never_told(db):
    reg_no = emergency(datetime(2026, 11, 24, 10, 0))
    set_status(reg_no, Status.IN_PROGRESS, now=datetime(2026, 11, 24, 10, 5))
    assert [t.reg_no for t in turned_overdue(datetime(2026, 11, 24, 10, 0), datetime(2026, 11, 24, 11, 0))] == [reg_no]
    from tsj_desk.services.journal import AnswerInput, answer_request

    answer_request(reg_no, AnswerInput(text="Устранено", on=datetime(2026, 11, 24).date(),
                                       at=datetime(2026, 11, 24, 10, 20).time()),
                   now=datetime(2026, 11, 24, 10, 20))
    assert turned_overdue(datetime(2026, 11, 24, 10, 0), datetime(2026, 11, 24, 11, 0)) == []


def test_the_next_running_deadline_in_hours(db):
    assert next_deadline_in_hours(datetime(2026, 11, 24, 10, 0)) is None
    late = emergency(datetime(2026, 11, 24, 10, 5), "Петров Иван")  # due 10:35
    early = emergency(datetime(2026, 11, 24, 10, 0))  # due 10:30
    assert next_deadline_in_hours(datetime(2026, 11, 24, 10, 10)).reg_no == early
    assert next_deadline_in_hours(datetime(2026, 11, 24, 10, 31)).reg_no == late
    assert next_deadline_in_hours(datetime(2026, 11, 24, 10, 36)) is None
