"""The registration book of requests is kept per year: the whole journal printed with no
period of receipt covers the current calendar year and says so under its title; a
selection (a search, the overdue) prints every request it keeps, and a filter's own
period is printed as the filter names it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tsj_desk.services.journal import JournalFilter, RequestInput, register_request
from tsj_desk.services.print_sheets import journal_book

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def two_years(db):
    """Two requests received in 2025 (one on the year's last evening) and two in 2026
    (one on the first morning of the year), all from the same applicant and none answered:
    at 24.11.2026 every one is past its day for an answer (a day or two for this category)."""
    def received(moment: datetime, subject: str) -> str:
        return register_request(RequestInput(
            "public_info", moment, "Сидорова Анна Петровна", "Прошу сообщить, где опубликован отчёт.",
            channel="letter", subject=subject), now=NOW)

    return {
        2025: [received(datetime(2025, 3, 14, 10, 0), "Отчёт за 2024 год"),
               received(datetime(2025, 12, 31, 18, 30), "График уборки")],
        2026: [received(datetime(2026, 1, 1, 9, 0), "Отчёт за 2025 год"),
               received(datetime(2026, 11, 20, 11, 0), "Смета на 2027 год")],
    }


def numbers(book) -> list[str]:
    return [row[0] for row in book.tables[0].rows]


def test_an_unfiltered_book_lists_this_years_requests_and_names_the_period(two_years):
    book = journal_book(JournalFilter(), now=NOW)
    assert numbers(book) == two_years[2026]
    assert "Поступившие с 01.01.2026 по 24.11.2026" in book.lines
    assert book.closing[0] == "Всего: 2 обращения, из них просрочено без ответа: 2."


def test_a_selection_without_a_period_lists_its_requests_of_every_year(two_years):
    book = journal_book(JournalFilter(text="Сидорова"), now=NOW, described="Отбор: поиск «Сидорова».")
    assert numbers(book) == two_years[2025] + two_years[2026]
    assert not any(line.startswith("Поступившие") for line in book.lines)
    assert book.lines[-1] == "Отбор: поиск «Сидорова»."


def test_the_overdue_printed_include_last_years_unanswered(two_years):
    book = journal_book(JournalFilter(overdue=True), now=NOW)
    assert numbers(book) == two_years[2025] + two_years[2026]
    assert book.closing[0] == "Всего: 4 обращения, из них просрочено без ответа: 4."


def test_a_filter_with_a_period_of_2025_lists_the_2025_requests(two_years):
    flt = JournalFilter(received_from=date(2025, 1, 1), received_to=date(2025, 12, 31))
    book = journal_book(flt, now=NOW)
    assert numbers(book) == two_years[2025]
    assert "Поступившие с 01.01.2025 по 31.12.2025" in book.lines
    assert book.closing[0] == "Всего: 2 обращения, из них просрочено без ответа: 2."


def test_a_filter_with_only_a_start_keeps_its_open_period(two_years):
    book = journal_book(JournalFilter(received_from=date(2025, 12, 1)), now=NOW)
    assert numbers(book) == [two_years[2025][1], *two_years[2026]]
    assert "Поступившие с 01.12.2025" in book.lines


def test_on_the_last_day_of_2025_the_book_is_the_book_of_2025(two_years):
    book = journal_book(JournalFilter(), now=datetime(2025, 12, 31, 20, 0))
    assert numbers(book) == two_years[2025]
    assert "Поступившие с 01.01.2025 по 31.12.2025" in book.lines
