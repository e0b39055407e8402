"""The Сводка's scores tab is counted when it is in front (it reads every request, which
the window's start does not wait for): scores given while it was behind are there when
it is brought forward, and with the tab in front «Обновить» counts them at once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from shown_page import show_page

from tsj_desk.domain.journal import Result
from tsj_desk.services import session
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request
from tsj_desk.services.satisfaction import close_with_satisfaction
from ui.summary.page import SummaryPage

NOW = datetime(2026, 11, 24, 11, 0)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


def scored(score: int) -> None:
    """A request received, answered and closed in November with ``score``."""
    received = datetime(2026, 11, 2, 9, 0)
    reg_no = register_request(RequestInput(category="maintenance", received_at=received,
                                           applicant="Петрова Анна", text="Течёт кран"), now=received)
    answer_request(reg_no, AnswerInput("Заменили кран", date(2026, 11, 5), result=Result.SATISFIED),
                   now=datetime(2026, 11, 5, 17, 0))
    close_with_satisfaction(reg_no, now=datetime(2026, 11, 10, 12, 0), score=score, comment="",
                            channel="телефон")


@pytest.fixture
def two_scores(tmp_path):
    session.open_session(tmp_path / "base.sqlite3", now=NOW)
    scored(5)
    scored(4)
    yield
    session.close_session()


def test_a_score_given_while_the_tab_was_behind_is_shown_when_it_comes_forward(qtbot, two_scores):
    page = show_page(qtbot, SummaryPage(), page_shown=True, width=1100)
    page.show_satisfaction()
    assert page.satisfaction.headline.text().endswith(" · 2 ответа")
    page.figure_tabs.setCurrentIndex(0)  # «Ответы в срок» in front again
    scored(1)
    page.refresh_button.click()
    page.show_satisfaction()
    # 5, 4 and 1: 4–5 two of three = 67 %; index (one 5 − one 1–3) / 3 = 0; average 10 / 3 = 3,3
    assert page.satisfaction.isVisible()
    assert page.satisfaction.headline.text() == "Индекс 0 · оценки 4–5 — 67\u00a0% · средняя 3,3 · 3 ответа"


def test_with_the_tab_in_front_a_refresh_counts_a_new_score_at_once(qtbot, two_scores):
    page = show_page(qtbot, SummaryPage(), page_shown=True, width=1100)
    page.show_satisfaction()
    # 5 and 4: both 4–5; index (one 5 − none) / 2 = +50; average 4,5
    assert page.satisfaction.headline.text() == "Индекс +50 · оценки 4–5 — 100\u00a0% · средняя 4,5 · 2 ответа"
    scored(2)
    page.refresh_button.click()
    # 5, 4, 2: 4–5 two of three = 67 %; index (1 − 1) / 3 = 0; average 11 / 3 = 3,7
    assert page.satisfaction.headline.text() == "Индекс 0 · оценки 4–5 — 67\u00a0% · средняя 3,7 · 3 ответа"
