"""The register's arithmetic: areas, shares in common property, votes, history."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from tsj_desk.domain.premises import PremiseKind, premise_sort_key, premise_sort_text
from tsj_desk.domain.register import OwnershipFacts, PremiseFacts, build_register, register_totals

PREMISES = [
    PremiseFacts(1, "1", PremiseKind.FLAT, Decimal("50.00")),
    PremiseFacts(2, "2", PremiseKind.FLAT, Decimal("30.00")),
    PremiseFacts(3, "Н1", PremiseKind.NON_RESIDENTIAL, Decimal("20.00")),
]


def owner(premise, name, fraction=Fraction(1), joint=None, since=None, until=None):
    return OwnershipFacts(premise, name, None, fraction, joint, f"rec-{name}", since, since, until)


def test_area_share_and_votes_are_exact():
    rows = build_register(PREMISES, [
        owner(1, "Андреев", Fraction(1, 3)), owner(1, "Андреева", Fraction(2, 3)),
        owner(2, "Борисов"), owner(3, "ООО «Ромашка»"),
    ], date(2026, 1, 1))
    first = rows[0]
    assert first.area_owned == Fraction(50, 3)
    assert first.votes == Fraction(50, 3)
    assert first.common_share == Fraction(50, 3) / 100  # house area 100 m²
    assert sum(r.common_share for r in rows) == 1
    assert [r.premise_number for r in rows] == ["1", "1", "2", "Н1"]


def test_joint_owners_share_one_holding_and_totals_count_it_once():
    rows = build_register(PREMISES, [
        owner(1, "Ильин", joint="1|j"), owner(1, "Ильина", joint="1|j"), owner(2, "Борисов"),
    ], date(2026, 1, 1))
    assert [r.share_text for r in rows[:2]] == ["совместная", "совместная"]
    assert not rows[0].incomplete
    totals = register_totals(PREMISES, rows)
    assert totals.owned_area == 80  # 50 once for the joint holding, 30 for flat 2
    assert totals.owners == 3


def test_incomplete_shares_are_flagged_and_empty_premises_listed():
    rows = build_register(PREMISES, [owner(1, "Андреев", Fraction(1, 2))], date(2026, 1, 1))
    assert rows[0].incomplete
    assert [r.owner for r in rows] == ["Андреев", "", ""]
    assert rows[1].incomplete


def test_register_as_of_a_date_before_and_after_a_sale():
    history = [owner(2, "Продавец", since=date(2010, 5, 1), until=date(2024, 3, 15)),
               owner(2, "Покупатель", since=date(2024, 3, 15))]
    before = build_register(PREMISES[1:2], history, date(2024, 3, 14))
    on_the_day = build_register(PREMISES[1:2], history, date(2024, 3, 15))
    long_ago = build_register(PREMISES[1:2], history, date(2009, 1, 1))
    assert [r.owner for r in before] == ["Продавец"]
    assert [r.owner for r in on_the_day] == ["Покупатель"]
    assert [r.owner for r in long_ago] == [""]


def test_premise_numbers_sort_naturally_in_python_and_in_sql_text():
    numbers = ["10", "2", "Н1", "1", "Н10", "Н2", "100", "12а"]
    expected = ["1", "2", "10", "12а", "100", "Н1", "Н2", "Н10"]
    assert sorted(numbers, key=premise_sort_key) == expected
    assert sorted(numbers, key=premise_sort_text) == expected
