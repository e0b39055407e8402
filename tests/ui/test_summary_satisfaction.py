"""The Сводка's tab of the residents' scores: the figures of the scores put in here,
worked out by hand, and the same on the demo base as the service counts them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from shown_page import show_page

from tsj_desk.domain.journal import Result
from tsj_desk.services import session
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request
from tsj_desk.services.satisfaction import close_with_satisfaction, satisfaction_figures
from ui.summary.page import SummaryPage

NOW = datetime(2026, 11, 24, 11, 0)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def scored_base(tmp_path):
    """A new base with four scores of November: 5, 5, 4 (maintenance) and 1 (other)."""
    session.open_session(tmp_path / "base.sqlite3", now=NOW)
    for category, score, words in (("maintenance", 5, "Спасибо"), ("maintenance", 5, ""),
                                   ("maintenance", 4, ""), ("other", 1, "Никто не пришёл")):
        received = datetime(2026, 11, 2, 9, 0)
        reg_no = register_request(RequestInput(category=category, received_at=received,
                                               applicant="Сидоров Олег", text="Нет света"), now=received)
        answer_request(reg_no, AnswerInput("Сделано", date(2026, 11, 5), result=Result.SATISFIED),
                       now=datetime(2026, 11, 5, 17, 0))
        close_with_satisfaction(reg_no, now=datetime(2026, 11, 10, 12, 0), score=score, comment=words,
                                channel="телефон")
    yield
    session.close_session()


def shown(qtbot) -> SummaryPage:
    page = show_page(qtbot, SummaryPage(), page_shown=True, width=1100)
    page.show_satisfaction()
    return page


def test_the_tab_shows_the_index_the_share_of_four_and_five_and_the_tables(qtbot, scored_base):
    page = shown(qtbot)
    block = page.satisfaction
    assert page.figure_tabs.tabText(1) == "Оценки заявителей" and block.isVisible()
    # 4 answers: two 5, one 4, one 1 → 4–5: 3 of 4 = 75 %; index (2 − 1) / 4 = +25 points;
    # average 15 / 4 = 3,75, shown to one decimal
    assert block.headline.text() == "Индекс +25 · оценки 4–5 — 75\u00a0% · средняя 3,8 · 4 ответа"
    assert block.explanation.text().startswith(
        "Индекс — доля пятёрок (50\u00a0%) минус доля оценок 1–3 (25\u00a0%), в процентных пунктах; "
        "оценки с 01.12.2025 по 24.11.2026")
    categories = block.table_texts(block.by_category)
    assert categories == [
        ["Об услугах и работах по содержанию общего имущества", "3", "4,7", "100\u00a0%", "+67"],
        ["Запросы, не связанные с ЖКУ и раскрытием информации", "1", "1,0", "0\u00a0%", "\u2212100"],
    ]
    months = block.table_texts(block.by_month)
    assert len(months) == 12
    assert months[0] == ["ноябрь 2026", "4", "3,8", "75\u00a0%", "+25"]  # this month first
    assert months[1] == ["октябрь 2026", "—", "—", "—", "—"]
    assert months[-1][0] == "декабрь 2025"


def test_on_the_demo_base_the_tab_says_what_the_service_counts(qtbot, demo):
    figures = satisfaction_figures(today=NOW)
    total = figures.total
    assert total.answers > 20  # the demo closes its old requests with a score
    page = shown(qtbot)
    texts = page.satisfaction.table_texts(page.satisfaction.by_category)
    assert sum(int(row[1]) for row in texts) == total.answers
    assert f" · {total.answers} ответ" in page.satisfaction.headline.text()
    fives = [row for row in texts if row[0] == "Об услугах и работах по содержанию общего имущества"]
    assert len(fives) == 1 and fives[0][4] != "—"
