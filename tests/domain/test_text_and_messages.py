"""Russian words and numbers at their boundaries: plural forms, lateness, money-style
numbers, and the problems an error carries. Expected values follow Russian grammar
and the docstrings' rules, worked out by hand."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.text import format_number, lateness_text, plural


@pytest.mark.parametrize("count", [1, 21, 101, 1001, -1])
def test_one(count):
    assert plural(count, "строка", "строки", "строк") == "строка"


@pytest.mark.parametrize("count", [2, 3, 4, 22, 102, 1002, 1004])
def test_few(count):
    assert plural(count, "строка", "строки", "строк") == "строки"


@pytest.mark.parametrize("count", [0, 5, 11, 12, 13, 14, 15, 111, 112, 113, 114, 312, 1012, 1014])
def test_many_including_every_teen_of_every_hundred(count):
    # 11–14 of any hundred take «строк»: 14 строк, 112 строк, 312 строк, 1012 строк
    assert plural(count, "строка", "строки", "строк") == "строк"


@pytest.mark.parametrize(("delta", "days", "text"), [
    (timedelta(0), 0, "0 минут"),
    (timedelta(seconds=-30), 0, "0 минут"),  # not late at all
    (timedelta(seconds=59), 0, "0 минут"),  # whole minutes only
    (timedelta(minutes=59), 0, "59 минут"),
    (timedelta(minutes=60), 0, "1 ч"),
    (timedelta(minutes=61), 0, "1 ч 1 мин"),
    (timedelta(minutes=23 * 60 + 59), 0, "23 ч 59 мин"),  # still within a day
    (timedelta(hours=24), 1, "1 день"),  # a whole day: counted in days
])
def test_lateness_at_the_minute_the_hour_and_the_day(delta, days, text):
    assert lateness_text(delta, days) == text


@pytest.mark.parametrize(("value", "places", "text"), [
    (0, 2, "0,00"),
    (Decimal("-0.5"), 2, "-0,50"),
    (123, 2, "123,00"),
    (Decimal("1234.5"), 2, "1 234,50"),
    (1234567, 2, "1 234 567,00"),
    (Decimal("-1234567.891"), 2, "-1 234 567,89"),
    (Decimal("1234.4"), 0, "1 234"),
    (Fraction(1, 3), 4, "0,3333"),
])
def test_numbers_are_grouped_by_thousands_with_a_decimal_comma(value, places, text):
    # the group separator is a non-breaking space; compared here as a plain one
    assert format_number(value, places).replace("\u00a0", " ") == text


def test_an_error_names_its_problems():
    assert ValidationFailed("Укажите заявителя.").problems == ["Укажите заявителя."]
    both = ["Укажите заявителя.", "Укажите содержание обращения."]
    error = ValidationFailed(both[0], both)
    assert error.message == "Укажите заявителя." and error.problems == both
