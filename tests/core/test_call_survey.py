"""The survey and visit campaigns: whom they call, and a survey's results reaching the
request cards and the Сводка's satisfaction figures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook

from tsj_desk.domain.journal import Result
from tsj_desk.services import journal
from tsj_desk.services.call_lists import build_list
from tsj_desk.services.call_results import import_results, person_call_history
from tsj_desk.services.registry import premise_card
from tsj_desk.services.satisfaction import satisfaction_figures, satisfaction_of

from tests.conftest import NOW, TODAY
from tests.core.test_call_lists import ADDRESS, house  # noqa: F401 - the base of four flats


def closed(closed_at: datetime, *, person_id=None, applicant="Абрамов Пётр Ильич", contacts="",
           premise="1", score=None) -> str:
    received = closed_at - timedelta(days=6)
    reg_no = journal.register_request(journal.RequestInput(
        category="maintenance", received_at=received, applicant=applicant, text="Течёт кран",
        subject="Течёт кран", person_id=person_id, premise_number=premise, applicant_contacts=contacts),
        now=received)
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", (closed_at - timedelta(days=1)).date(),
                                                       result=Result.SATISFIED), now=closed_at - timedelta(days=1))
    journal.close_request(reg_no, now=closed_at, satisfaction=score)
    return reg_no


def test_survey_calls_the_requests_closed_lately_and_not_scored(house):  # noqa: F811
    ids, _ = house
    owner = premise_card(ids["1"]).current[0]
    recent = closed(NOW - timedelta(days=3), person_id=owner.person_id)
    outsider = closed(NOW - timedelta(days=5), applicant="Сидоров Олег", contacts="тел. 8 926 000-11-22",
                      premise="")
    closed(NOW - timedelta(days=20), person_id=owner.person_id)  # too long ago
    closed(NOW - timedelta(days=2), person_id=owner.person_id, score=5)  # already scored
    closed(NOW - timedelta(days=2), applicant="Без телефона", premise="")  # nothing to dial

    calls = build_list("survey", today=TODAY, now=NOW, days=14)
    assert [(r.request_no, r.phone, r.name, r.premise) for r in calls.rows] == [
        (recent, "+79161111111", "Абрамов Пётр Ильич", "1"),
        (outsider, "+79260001122", "Сидоров Олег", ""),
    ]
    assert calls.rows[0].address == f"{ADDRESS}, кв. 1"
    assert calls.rows[0].due == (NOW - timedelta(days=3)).date()  # the day it was closed
    assert [s.name for s in calls.skipped] == ["Без телефона"]


def test_survey_results_reach_the_request_cards_and_the_figures(house, tmp_path):  # noqa: F811
    ids, _ = house
    owner = premise_card(ids["1"]).current[0]
    first = closed(NOW - timedelta(days=3), person_id=owner.person_id)
    second = closed(NOW - timedelta(days=4), applicant="Сидоров Олег", contacts="89260001122", premise="")
    rows = {r.request_no: r for r in build_list("survey", today=TODAY, now=NOW).rows}
    book = Workbook()
    book.active.append(["Код строки", "Дозвонились", "Оценка", "Комментарий"])
    book.active.append([rows[first].row_id, "да", 5, "Пришли вовремя"])
    book.active.append([rows[second].row_id, "да", "2", "Грязь оставили"])
    book.save(tmp_path / "опрос.xlsx")

    report = import_results(tmp_path / "опрос.xlsx", today=TODAY, now=NOW)
    assert (report.saved, report.scores, report.problems) == (2, 2, [])
    given = satisfaction_of(first)
    assert (given.score, given.comment, given.channel) == (5, "Пришли вовремя", "телефон")
    assert satisfaction_of(second).text() == "2 из 5, по телефону: «Грязь оставили»"
    card = journal.request_card(first)
    assert card.satisfaction == 5 and card.history[-1][2] == "Оценка заявителя"
    figures = satisfaction_figures(today=TODAY)
    # two answers: one 5, one 2 → half are 4–5; NPS = 50 % fives − 50 % of 1–3 = 0
    assert figures.total.answers == 2 and figures.total.counts == (0, 1, 0, 0, 1)
    assert figures.total.high_share == 0.5 and figures.total.nps == 0
    again = import_results(tmp_path / "опрос.xlsx", today=TODAY, now=NOW)  # the file once more
    assert (again.saved, again.repeated) == (0, 2)
    assert [h[2] for h in journal.request_card(second).history].count("Оценка заявителя") == 1
    [note] = person_call_history(owner.person_id)
    assert note.text == f"Обзвон «Опрос», пом. 1, обращение № {first}, дозвонились, оценка 5 из 5: «Пришли вовремя»"


def test_visit_calls_the_premises_named_by_numbers_and_ranges(house):  # noqa: F811
    calls = build_list("visit", today=TODAY, now=NOW, premises="1 - 3", visit_on=date(2026, 12, 2),
                       note="поверка счётчиков воды 10:00–14:00")
    assert [(r.premise, r.due, r.ask) for r in calls.rows] == [
        ("1", date(2026, 12, 2), "поверка счётчиков воды 10:00–14:00"),
        ("2", date(2026, 12, 2), "поверка счётчиков воды 10:00–14:00")]
    assert [s.premise for s in calls.skipped] == ["3"]
    assert [r.premise for r in build_list("visit", today=TODAY, now=NOW, premises="4, 2").rows] == ["2", "4"]


def test_visit_calls_the_premises_of_an_announced_visit(house):  # noqa: F811
    from tsj_desk.domain.errors import ValidationFailed
    from tsj_desk.services.announcements import AnnouncementInput, create_announcement

    visit = create_announcement(AnnouncementInput(
        kind="visit", starts_at=datetime(2026, 12, 3, 10, 0), ends_at=datetime(2026, 12, 3, 14, 0),
        work="verification", performer="ООО «Метролог»", premises="2-4"), now=NOW)
    calls = build_list("visit", today=TODAY, now=NOW, announcement_id=visit)
    assert [(r.premise, r.due) for r in calls.rows] == [("2", date(2026, 12, 3)), ("4", date(2026, 12, 3))]
    assert calls.rows[0].ask.startswith("Поверка приборов учёта, ")
    assert calls.rows[0].ask.endswith(": нужен доступ в помещение")
    assert [s.premise for s in calls.skipped] == ["3"]
    meeting = create_announcement(AnnouncementInput(
        kind="meeting", starts_at=datetime(2026, 12, 10, 19, 0), meeting_form="in_person", place="холл",
        agenda="Выборы правления"), now=NOW)
    with pytest.raises(ValidationFailed, match="не о визите специалиста"):
        build_list("visit", today=TODAY, now=NOW, announcement_id=meeting)
