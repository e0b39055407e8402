from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from tsj_desk.domain.text import counted, fold, format_date, format_number, header_key, parse_decimal


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 обращение"), (2, "2 обращения"), (5, "5 обращений"), (11, "11 обращений"),
     (12, "12 обращений"), (21, "21 обращение"), (22, "22 обращения"), (111, "111 обращений"),
     (104, "104 обращения"), (0, "0 обращений")],
)
def test_russian_plural_forms(count, text):
    assert counted(count, "обращение", "обращения", "обращений") == text


def test_fold_is_case_insensitive_for_cyrillic_and_yo():
    assert fold("ИВАНОВ Пётр") == fold("иванов петр") == "иванов петр"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Лицевой счёт", "лицевой  счет"), ("№ кв.", "№ КВ"), ("Площадь, кв. м", "площадь кв м"),
     ("Площадь, м²", "Площадь, м2"), ("E-mail", "e mail"), ("Л/с", "л с")],
)
def test_headers_match_after_normalising(a, b):
    assert header_key(a) == header_key(b)


def test_numbers_and_dates_the_russian_way():
    assert format_number(Decimal("12345.5")) == "12\u00a0345,50"
    assert format_number(Fraction(1, 3), 4) == "0,3333"
    assert format_date(date(2026, 1, 9)) == "09.01.2026"


@pytest.mark.parametrize(("text", "value"), [("53,9", Decimal("53.9")), (" 1 234,5 ", Decimal("1234.5")),
                                             (45.2, Decimal("45.2")), ("сорок", None), ("", None)])
def test_decimal_cells(text, value):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("minutes, days, text", [
    (1, 0, "1 минуту"), (3, 0, "3 минуты"), (35, 0, "35 минут"), (60, 0, "1 ч"), (130, 1, "2 ч 10 мин"),
    (24 * 60 + 5, 2, "2 дня"), (3 * 24 * 60, 3, "3 дня"),  # beyond a day: by the calendar
])
def test_lateness_of_a_deadline_in_hours(minutes, days, text):
    from datetime import timedelta

    from tsj_desk.domain.text import lateness_text

    assert lateness_text(timedelta(minutes=minutes), days) == text
