"""Phones written the ways people write them, read as +7XXXXXXXXXX (cases by hand)."""

from __future__ import annotations

import pytest

from tsj_desk.domain.phones import (
    first_number,
    normalize_phones,
    parse_phone,
    phone_problem,
    split_phones,
    unreadable_phones,
)


@pytest.mark.parametrize("written, number", [
    ("8 (916) 123-45-67", "+79161234567"),
    ("+7 916 123-45-67", "+79161234567"),
    ("+7(916)1234567", "+79161234567"),
    ("7-916-123-45-67", "+79161234567"),
    ("89161234567", "+79161234567"),
    ("9161234567", "+79161234567"),
    ("(495) 123-45-67", "+74951234567"),
    ("8.495.123.45.67", "+74951234567"),
    ("  +7   495   1234567 ", "+74951234567"),
])
def test_russian_numbers_read_in_one_form(written, number):
    phone = parse_phone(written)
    assert phone.valid
    assert phone.number == number
    assert phone.extension == ""
    assert phone.text == number


@pytest.mark.parametrize("written, number, extension", [
    ("(495) 123-45-67 доб. 12", "+74951234567", "12"),
    ("8 495 123-45-67, доб.305", "+74951234567", "305"),
    ("+7 495 123 45 67 (вн. 7)", "+74951234567", "7"),
    ("8-495-123-45-67 ext. 4401", "+74951234567", "4401"),
])
def test_extension_kept_aside(written, number, extension):
    phones = [parse_phone(p) for p in split_phones(written)]
    assert len(phones) == 1
    assert phones[0].number == number
    assert phones[0].extension == extension
    assert normalize_phones(written) == f"{number} доб. {extension}"


@pytest.mark.parametrize("written", [
    "123-45-67",  # a city number without its code: 7 digits
    "+375 29 123-45-67",  # Belarus
    "8 916 123-45-6",  # a digit short
    "8 916 123-45-678",  # a digit too many
    "+8 916 123-45-67",  # «+8» is no country
    "0 916 123 45 67",
    "звонить вечером",
    "916-123-45-67 или 45-67",
])
def test_what_is_not_a_russian_number_is_kept_as_written(written):
    phone = parse_phone(written)
    assert not phone.valid
    assert phone.number is None
    assert phone.text == " ".join(written.split())


def test_several_phones_in_one_cell():
    cell = "8 (916) 123-45-67; 123-45-67, +7 495 765 43 21 доб. 9"
    assert normalize_phones(cell) == "+79161234567, 123-45-67, +74957654321 доб. 9"
    assert unreadable_phones(cell) == ["123-45-67"]
    assert phone_problem(cell) == ("Телефон «123-45-67» не распознан (ожидается +7XXXXXXXXXX): "
                                   "сохранён как написан.")


def test_normal_form_is_read_again_unchanged():
    once = normalize_phones("8(495)123-45-67 доб. 12, 8 916 111 22 33")
    assert normalize_phones(once) == once == "+74951234567 доб. 12, +79161112233"


def test_two_unreadable_phones_named_in_the_plural():
    assert phone_problem("12-34; 56-78") == ("Телефоны «12-34», «56-78» не распознаны "
                                            "(ожидается +7XXXXXXXXXX): сохранены как написаны.")


def test_empty_cell_has_no_phone_and_no_problem():
    assert normalize_phones("") is None
    assert normalize_phones(None) is None
    assert normalize_phones(" ; ") is None
    assert phone_problem(None) == ""
    assert phone_problem("+7 916 123-45-67") == ""


def test_call_list_dials_the_first_mobile_phone():
    assert first_number("(495) 123-45-67, 8 916 123-45-67") == "+79161234567"
    assert first_number("(495) 123-45-67 доб. 5; 12-34") == "+74951234567"
    assert first_number("12-34") is None
    assert first_number(None) is None


def test_a_number_among_other_words_is_found_for_a_call():
    assert first_number("тел. 8 926 000-11-22, звонить после 18") == "+79260001122"
    assert first_number("ivanov@example.ru; моб.+7(903)555-12-34") == "+79035551234"
    assert first_number("кв. 12, подъезд 3") is None
    assert first_number("ИНН 500100732259") is None  # twelve digits are no phone
