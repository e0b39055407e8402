"""The register's rows as the page reads them, a page at a time: owners in the order
entered, shares as an office writes them, a joint holding counted once."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tsj_desk.services import organization, premises, registry
from tsj_desk.services.premise_pages import PremiseFilter, list_premise_rows
from tsj_desk.services.registry import OwnerInput

from tests.conftest import NOW

THIRD, HALF = Fraction(1, 3), Fraction(1, 2)

# number → area, owners (name, share, joint)
PREMISES = {
    "1": ("44,5", [("Иванов Олег", THIRD, False), ("Петров Илья", THIRD, False)]),
    "2": ("45,25", [("Абрамов Глеб", THIRD, False), ("Абрамова Нина", THIRD, False),
                    ("Абрамов Юрий", THIRD, False)]),
    "3": ("60", [("Котов Лев", Fraction(1), True), ("Котова Ада", Fraction(1), True)]),
    "4": (None, [("Лисин Ян", HALF, True), ("Лисина Ия", HALF, True), ("Орлов Ян", HALF, False)]),
    "5": (None, [("Седов Ян", HALF, True), ("Седова Ия", HALF, True)]),
    "6": (None, []),
    "7": (None, [("Титов Ян", Fraction(1), False)]),
}


@pytest.fixture
def base(db):
    organization.save_organization({"kind": "ТСЖ", "name": "ТСЖ «Лесная, 5»"}, now=NOW)
    house = organization.add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=NOW).id
    for number, (area, owners) in PREMISES.items():
        made = premises.add_premise(house, {"number": number, "area": area}, now=NOW).id
        for name, share, joint in owners:
            registry.add_owner(made, OwnerInput(name, share, joint=joint), now=NOW)


def test_shares_written_and_counted_as_the_law_counts_them(base):
    rows = {r.number: r for r in list_premise_rows(PremiseFilter())}
    assert [(n, rows[n].shares, rows[n].incomplete) for n in PREMISES] == [
        ("1", "1/3; 1/3", True),  # two thirds written: a third is missing
        ("2", "1/3; 1/3; 1/3", False),
        ("3", "совместная; совместная", False),  # the spouses hold the whole premise together
        ("4", "1/2 (совместная); 1/2 (совместная); 1/2", False),  # half together + half
        ("5", "1/2 (совместная); 1/2 (совместная)", True),  # the joint half once: half missing
        ("6", "", True),  # nobody
        ("7", "1", False),
    ]
    assert rows["4"].owners == "Лисин Ян; Лисина Ия; Орлов Ян"
    assert rows["6"].owners == ""
    assert [rows[n].area for n in ("1", "2", "3", "4")] == [Decimal("44.5"), Decimal("45.25"), Decimal("60"), None]


def test_a_page_holds_its_own_premises_with_their_own_owners(base):
    page = list_premise_rows(PremiseFilter(), sort="number", descending=True, offset=2, limit=3)
    assert [(r.number, r.owners) for r in page] == [
        ("5", "Седов Ян; Седова Ия"), ("4", "Лисин Ян; Лисина Ия; Орлов Ян"),
        ("3", "Котов Лев; Котова Ада")]
