"""Owners and premises as pure rules: the ОГРН check digit, names, premise numbers and
kinds, register rows of unusual premises. Expected values are worked out by hand
from the rules quoted in each test."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from tsj_desk.domain.persons import normalize_name, ogrn_problem, split_fio
from tsj_desk.domain.premises import (
    PremiseKind,
    guess_premise_kind,
    normalize_premise_number,
    parse_premise_kind,
    premise_sort_key,
    premise_sort_text,
)
from tsj_desk.domain.register import OwnershipFacts, PremiseFacts, build_register

# ---------------------------------------------------------------- ОГРН
# 13 digits: the last one is the remainder of the first 12 divided by 11, its last
# digit when the remainder is 10; ОГРНИП, 15 digits: the first 14 divided by 13.
# 1027700132195 is ПАО Сбербанк's ОГРН: 102770013219 = 11 × 9342728474 + 5.


@pytest.mark.parametrize("value", [
    "1027700132195",
    "1 027 700 132 195",  # spaces as people type them
    "1027700132240",  # 102770013224 = 11 × 9342728474 + 10: the check digit is 0
    "304500116000157",  # ОГРНИП: 30450011600015 = 13 × 2342308584616 + 7
])
def test_a_valid_ogrn_passes(value):
    assert ogrn_problem(value) is None


@pytest.mark.parametrize("value", ["1027700132194", "1027700132241", "304500116000158"])
def test_a_wrong_check_digit_is_named(value):
    assert ogrn_problem(value) == f"ОГРН «{value}»: неверная контрольная цифра — проверьте номер."


@pytest.mark.parametrize("value", ["102770013219", "10277001321950", "1027700132195000", "10277OO132195", ""])
def test_an_ogrn_of_the_wrong_length_or_with_letters_is_refused(value):
    assert ogrn_problem(value) == f"ОГРН «{value}» должен состоять из 13 цифр (ОГРНИП — из 15)."


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(("name", "normal"), [
    ("ЕРМОЛАЕВА Вера", "Ермолаева Вера"),
    ("ПЕТРОВА-ВОДКИНА Анна Ивановна", "Петрова-Водкина Анна Ивановна"),
    ("ЛИ Ан", "Ли Ан"),  # a two-letter surname in capitals is a surname too
    ("ван дер Берг Анна", "ван дер Берг Анна"),  # only words in capitals change
    ("  Иванов   Иван ", "Иванов Иван"),
    ("ООО «РОМАШКА»", "ООО «РОМАШКА»"),  # an organisation's name is left as written
    ("Алексеев А.А.", "Алексеев А.А."),  # initials are not a word in capitals
    ("ПЕТРОВ П.П.", "Петров П.П."),
    ("Сидорова А.", "Сидорова А."),
    ("ИВАНОВА И.С.-ПЕТРОВА", "Иванова И.С.-Петрова"),
])
def test_names_in_capitals_are_written_normally(name, normal):
    assert normalize_name(name) == normal


@pytest.mark.parametrize(("name", "parts"), [
    ("Иванов Иван Иванович", ("Иванов", "Иван", "Иванович")),
    ("Алиев Рашид Гасан оглы", ("Алиев", "Рашид", "Гасан оглы")),
    ("Иванов Иван", ("Иванов", "Иван", None)),
    ("Иванов", ("Иванов", None, None)),
    ("", (None, None, None)),
])
def test_a_full_name_splits_into_surname_name_and_patronymic(name, parts):
    assert split_fio(name) == parts


# ---------------------------------------------------------------- premises


def test_flats_come_first_by_number_then_other_premises():
    numbers = ["10", "Н1", "2", "1а", "ММ1", "1", "Н10", "Н2"]
    expected = ["1", "1а", "2", "10", "ММ1", "Н1", "Н2", "Н10"]
    assert sorted(numbers, key=premise_sort_key) == expected
    assert sorted(numbers, key=premise_sort_text) == expected


@pytest.mark.parametrize(("number", "kind"), [
    ("12", PremiseKind.FLAT), ("Н1", PremiseKind.NON_RESIDENTIAL), ("Н-2", PremiseKind.NON_RESIDENTIAL),
    ("3Н", PremiseKind.NON_RESIDENTIAL), ("ММ5", PremiseKind.PARKING), ("м/м 7", PremiseKind.PARKING),
])
def test_the_kind_is_guessed_from_the_number(number, kind):
    assert guess_premise_kind(number) is kind


@pytest.mark.parametrize(("cell", "kind"), [
    ("жилое", PremiseKind.FLAT), ("Квартира", PremiseKind.FLAT), ("нежилое", PremiseKind.NON_RESIDENTIAL),
    ("Нежилое помещение", PremiseKind.NON_RESIDENTIAL), ("м/м", PremiseKind.PARKING),
    ("машино-место", PremiseKind.PARKING), ("", None),
])
def test_the_kind_is_read_from_a_cell(cell, kind):
    assert parse_premise_kind(cell) is kind


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        parse_premise_kind("склад")


@pytest.mark.parametrize(("cell", "number"), [(1.0, "1"), (" кв. 12 ", "12"), ("н-1", "Н-1"), ("№ 5", "5"),
                                              ("квартира 7", "7"), ("Квартира № 7", "7"), ("помещение 12а", "12А"),
                                              ("кв. № 5", "5"), ("Кв-12", "12"), ("пом.3Н", "3Н"), ("кв5", "5")])
def test_premise_numbers_are_written_one_way(cell, number):
    assert normalize_premise_number(cell) == number


# ---------------------------------------------------------------- register rows


def owner(premise, name, fraction, joint=None):
    return OwnershipFacts(premise, name, None, fraction, joint, None, None, None, None)


def test_a_premise_of_unknown_area_is_listed_without_area_share_or_votes():
    premises = [PremiseFacts(1, "1", PremiseKind.FLAT, Decimal("60")), PremiseFacts(2, "2", PremiseKind.FLAT, None)]
    rows = build_register(premises, [owner(1, "Андреев", Fraction(1)), owner(2, "Борисов", Fraction(1))],
                          date(2026, 1, 1))
    assert [(r.owner, r.area_owned, r.common_share, r.votes) for r in rows] == [
        ("Андреев", 60, 1, 60),  # the only known area: the whole of the house's 60 m²
        ("Борисов", None, None, None)]


def test_joint_and_separate_owners_of_one_premise_are_listed_together():
    # the separate owner's half first (no joint group), then the joint couple by name
    premises = [PremiseFacts(1, "1", PremiseKind.FLAT, Decimal("80"))]
    rows = build_register(premises, [owner(1, "Ильина", Fraction(1, 2), "1|j"), owner(1, "Борисов", Fraction(1, 2)),
                                     owner(1, "Ильин", Fraction(1, 2), "1|j")], date(2026, 1, 1))
    assert [(r.owner, r.area_owned) for r in rows] == [("Борисов", 40), ("Ильин", 40), ("Ильина", 40)]
    assert not any(r.incomplete for r in rows)  # ½ + ½ (the joint half counted once)
