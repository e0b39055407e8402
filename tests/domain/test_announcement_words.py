"""The words of announcements: the resource's gender, the number of premises, the dates
with their weekdays, the ranges of premise numbers, the meeting's 10 days' notice."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tsj_desk.domain.announcements import (
    RESOURCES,
    access_sentence,
    entrances_text,
    greeting,
    meeting_notice_warning,
    numbers_text,
    outage_sentence,
    parse_numbers,
    period_text,
)
from tsj_desk.domain.errors import ValidationFailed


@pytest.mark.parametrize(("code", "words"), [
    ("cold_water", "будет отключена холодная вода."), ("heating", "будет отключено отопление."),
    ("gas", "будет отключён газ."), ("lift", "будет отключён лифт."),
    ("sewerage", "будет отключено водоотведение (канализация)."),
])
def test_the_participle_agrees_with_the_resource(code, words):
    sentence = outage_sentence(RESOURCES[code], datetime(2026, 12, 7, 8, 0), datetime(2026, 12, 7, 20, 0))
    assert sentence == f"07.12.2026 (понедельник) с 08:00 до 20:00 {words}"


def test_periods_over_one_day_several_days_and_without_an_end():
    assert period_text(datetime(2026, 12, 31, 22, 0), datetime(2027, 1, 1, 6, 0)) == (
        "с 22:00 31.12.2026 (четверг) до 06:00 01.01.2027 (пятница)")
    assert period_text(datetime(2026, 12, 6, 9, 5), None) == "с 09:05 06.12.2026 (воскресенье)"
    with pytest.raises(ValidationFailed, match="позже начала"):
        period_text(datetime(2026, 12, 6, 9, 0), datetime(2026, 12, 6, 9, 0))


def test_one_premise_or_several_flats_or_premises():
    assert access_sentence(["5"], True) == "Просим обеспечить доступ в квартиру №\u00a05."
    assert access_sentence(["1", "2"], True) == "Просим обеспечить доступ в квартиры №\u00a01, 2."
    assert access_sentence(["Н1", "Н2"], False) == "Просим обеспечить доступ в помещения №\u00a0Н1, Н2."
    assert access_sentence([], True) == ""
    assert numbers_text(["7", "1", "2", "3", "10", "11", "12", "13", "14а"]) == "1–3, 7, 10–13, 14а"
    assert entrances_text(["2"]) == "подъезд № 2" and entrances_text(["1", "2", "3"]) == "подъезды № 1–3"


def test_premise_numbers_as_an_office_types_them():
    assert parse_numbers("1–36, 40; 41а") == ([(1, 36), (40, 40)], {"41а"})
    assert parse_numbers("1 - 12 , 15…17") == ([(1, 12), (15, 17)], set())
    assert parse_numbers("") == ([], set())
    with pytest.raises(ValidationFailed, match="начало больше конца"):
        parse_numbers("30-1")
    with pytest.raises(ValidationFailed, match="Не понятен"):
        parse_numbers("1-2-3")


def test_the_greeting_by_the_patronymic():
    assert greeting("Иванова", "Анна", "Ивановна", "f") == "Уважаемая Анна Ивановна!"
    assert greeting("Алиев", "Рашид", "Гасанович", "m") == "Уважаемый Рашид Гасанович!"
    assert greeting(None, None, None, "m") == "Уважаемый собственник!"


def test_a_meeting_announced_less_than_ten_days_ahead_is_flagged():
    today = date(2026, 11, 24)
    assert meeting_notice_warning(datetime(2026, 12, 4, 19, 0), today) == ""  # exactly 10 days
    assert meeting_notice_warning(datetime(2026, 12, 1, 19, 0), today).endswith(
        "(ЖК РФ ст. 45 ч. 4), а до собрания 7 дней: проверьте дату.")
    assert "до собрания 1 день" in meeting_notice_warning(datetime(2026, 11, 25, 19, 0), today)
    assert "собрание сегодня" in meeting_notice_warning(datetime(2026, 11, 24, 19, 0), today)
