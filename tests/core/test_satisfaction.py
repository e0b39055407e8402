"""Satisfaction after a visit: the score with the resident's words and how it was asked,
and the Сводка's figures over 12 months, computed here by hand from the scores put in."""

import sqlite3
from contextlib import closing
from datetime import date, datetime

import pytest

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.journal import Result, Status
from tsj_desk.services import journal, session
from tsj_desk.services.satisfaction import (
    close_with_satisfaction,
    record_satisfaction,
    satisfaction_figures,
    satisfaction_of,
)
from tsj_desk.services.satisfaction_figures import average_text, percent, points

NOW = datetime(2026, 11, 24, 12, 0)


def answered(category: str, received: datetime, answered_on: date) -> str:
    reg_no = journal.register_request(journal.RequestInput(
        category=category, received_at=received, applicant="Иванова Анна", text="Течёт кран"),
        now=received)
    moment = datetime.combine(answered_on, datetime.min.time()).replace(hour=17)
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", answered_on, result=Result.SATISFIED),
                           now=moment)
    return reg_no


def scored(category: str, score: int, at: datetime, channel: str = "телефон") -> str:
    received = at.replace(day=2, hour=9)
    reg_no = answered(category, received, received.date().replace(day=3))
    close_with_satisfaction(reg_no, now=at, score=score, comment="", channel=channel)
    return reg_no


def test_the_score_is_kept_with_the_words_and_the_channel_and_shown_in_the_history(db):
    reg_no = answered("maintenance", datetime(2026, 11, 2, 10, 0), date(2026, 11, 9))
    close_with_satisfaction(reg_no, now=NOW, score=4, comment="  Пришли вовремя,\n но  насорили ",
                            channel="лично")
    card = journal.request_card(reg_no)
    assert card.status is Status.CLOSED and card.satisfaction == 4
    given = satisfaction_of(reg_no)
    assert (given.score, given.comment, given.channel, given.at) == (4, "Пришли вовремя, но насорили",
                                                                    "лично", NOW)
    assert given.text() == "4 из 5, лично: «Пришли вовремя, но насорили»"
    assert given.card_text() == "оценка заявителя: 4, лично: «Пришли вовремя, но насорили»"
    assert [h[2] for h in card.history] == ["Зарегистрировано", "Ответ дан", "Закрыто"]
    assert card.history[-1][3] == "оценка заявителя: 4, лично: «Пришли вовремя, но насорили»"


def test_a_survey_after_closing_replaces_the_score_and_keeps_both_in_the_history(db):
    reg_no = answered("maintenance", datetime(2026, 11, 2, 10, 0), date(2026, 11, 9))
    journal.close_request(reg_no, now=NOW, satisfaction=3)  # the old way: a bare score
    bare = satisfaction_of(reg_no)
    assert (bare.score, bare.comment, bare.channel) == (3, "", "")
    assert bare.text() == "3 из 5" and bare.card_text() == "оценка заявителя: 3"
    later = datetime(2026, 11, 25, 10, 0)
    record_satisfaction(reg_no, score=5, comment="Всё починили", channel="телефон", now=later)
    again = satisfaction_of(reg_no)
    assert (again.score, again.channel, again.at) == (5, "телефон", later)
    assert again.text() == "5 из 5, по телефону: «Всё починили»"
    history = journal.request_card(reg_no).history
    assert [h[3] for h in history if h[2] in ("Закрыто", "Оценка заявителя")] == [
        "оценка заявителя: 3", "5 из 5, по телефону: «Всё починили»"]


@pytest.mark.parametrize(("score", "channel"), [(0, "телефон"), (6, "телефон"), (True, "телефон"),
                                                 ("5", "телефон"), (5, "почта"), (5, "")])
def test_a_score_outside_one_to_five_or_without_a_channel_is_refused_and_nothing_changes(db, score, channel):
    reg_no = answered("maintenance", datetime(2026, 11, 2, 10, 0), date(2026, 11, 9))
    with pytest.raises(ValidationFailed):
        close_with_satisfaction(reg_no, now=NOW, score=score, comment="", channel=channel)
    card = journal.request_card(reg_no)
    assert card.status is Status.ANSWERED and card.satisfaction is None


def test_a_request_without_an_answer_takes_no_score(db):
    reg_no = journal.register_request(journal.RequestInput(
        category="maintenance", received_at=datetime(2026, 11, 20, 9, 0), applicant="Петров",
        text="Нет света"), now=NOW)
    with pytest.raises(ValidationFailed, match="без ответа"):
        record_satisfaction(reg_no, score=5, comment="", channel="телефон", now=NOW)
    assert satisfaction_of(reg_no) is None


def test_a_comment_without_a_score_is_refused_on_closing(db):
    reg_no = answered("maintenance", datetime(2026, 11, 2, 10, 0), date(2026, 11, 9))
    with pytest.raises(ValidationFailed, match="выберите оценку"):
        close_with_satisfaction(reg_no, now=NOW, score=None, comment="Хорошо", channel="лично")
    assert journal.request_card(reg_no).status is Status.ANSWERED
    close_with_satisfaction(reg_no, now=NOW, score=None)
    assert journal.request_card(reg_no).status is Status.CLOSED and satisfaction_of(reg_no) is None


def test_the_figures_of_twelve_months_by_category_and_by_month(db):
    november = datetime(2026, 11, 20, 15, 0)
    march = datetime(2026, 3, 20, 15, 0)
    for score in (5, 5, 5, 4):
        scored("maintenance", score, november)
    scored("maintenance", 2, march)
    scored("other", 5, november, channel="лично")
    scored("other", 3, november)
    scored("other", 1, march)
    scored("act_copy", 5, november)
    # a bare score counts in the month of its answer (October)
    bare = answered("act_copy", datetime(2026, 10, 12, 9, 0), date(2026, 10, 15))
    journal.close_request(bare, now=NOW, satisfaction=4)
    # outside the window (before 01.12.2025) and a request never scored: not counted
    scored("maintenance", 1, datetime(2025, 11, 28, 10, 0))
    answered("maintenance", datetime(2026, 11, 2, 10, 0), date(2026, 11, 9))

    figures = satisfaction_figures(today=date(2026, 11, 24))
    assert figures.since == date(2025, 12, 1)
    # all ten: 5 fives, 2 fours, one 3, one 2, one 1
    assert figures.total.counts == (1, 1, 1, 2, 5)
    assert figures.total.answers == 10
    assert average_text(figures.total.average) == "3,9"  # 39 / 10
    assert percent(figures.total.high_share) == "70\u00a0%"  # 7 of 10
    assert points(figures.total.nps) == "+20"  # 50 % fives − 30 % of 1–3

    by_category = {g.key: g for g in figures.by_category}
    assert list(by_category) == ["act_copy", "maintenance", "other"]  # the journal's order
    maintenance, other, copies = by_category["maintenance"], by_category["other"], by_category["act_copy"]
    assert (maintenance.answers, average_text(maintenance.average), percent(maintenance.high_share),
            points(maintenance.nps)) == (5, "4,2", "80\u00a0%", "+40")  # 5,5,5,4,2: (3 − 1) / 5
    assert (other.answers, average_text(other.average), percent(other.high_share),
            points(other.nps)) == (3, "3,0", "33\u00a0%", "\u221233")  # 5,3,1: (1 − 2) / 3
    assert (copies.answers, average_text(copies.average), percent(copies.high_share),
            points(copies.nps)) == (2, "4,5", "100\u00a0%", "+50")  # 5,4: (1 − 0) / 2

    months = {g.key: g for g in figures.by_month}
    assert list(months) == ["2025-12", *(f"2026-{m:02d}" for m in range(1, 12))]
    assert figures.by_month[0].label == "декабрь 2025"
    assert months["2026-11"].counts == (0, 0, 1, 1, 5)  # 5,5,5,4 · 5,3 · 5
    assert points(months["2026-11"].nps) == "+57"  # (5 − 1) / 7 = 57,1
    assert months["2026-03"].counts == (1, 1, 0, 0, 0)
    assert points(months["2026-03"].nps) == "\u2212100"
    assert months["2026-10"].counts == (0, 0, 0, 1, 0) and points(months["2026-10"].nps) == "0"
    assert months["2026-06"].answers == 0 and points(months["2026-06"].nps) == "—"


def test_the_migration_dates_the_scores_of_an_old_base_by_their_closing(tmp_path):
    from tests.core.test_migrations import build_old_base, needs_trigram

    needs_trigram(9)
    path = tmp_path / "v9.sqlite3"
    build_old_base(path, 9)  # request 2026-0001 answered with a score 5
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE request SET status = 'closed' WHERE id = 1")
        connection.execute("INSERT INTO request_event (request_id, at, user, action, details) "
                           "VALUES (1, '2026-11-06 09:30:00', 'admin', 'Закрыто', 'оценка заявителя: 5')")
        connection.commit()
    session.open_session(path, now=NOW)
    try:
        given = satisfaction_of("2026-0001")
        assert (given.score, given.comment, given.channel, given.at) == (5, "", "", datetime(2026, 11, 6, 9, 30))
        assert satisfaction_of("2026-0002") is None
        assert satisfaction_figures(today=date(2026, 11, 24)).by_month[-1].counts == (0, 0, 0, 0, 1)
    finally:
        session.close_session()
