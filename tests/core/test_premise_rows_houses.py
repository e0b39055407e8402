"""The register's rows of a base with several houses: each row names its house, so
flat «1» of one house is told from flat «1» of another, and «Дом» sorts by address."""

from __future__ import annotations

import pytest

from tsj_desk.services import organization, premises
from tsj_desk.services.premise_pages import PremiseFilter, count_premise_rows, list_premise_rows

from tests.conftest import NOW

# added in this order on purpose: by id Садовая, 12 comes first, by address «ул. Лесная, д. 10»
# («Л» before «С»), and «д. 10» after «д. 9» (numbers in their natural order, not as text)
SADOVAYA = "г. Коломна, ул. Садовая, д. 12"
LESNAYA_10 = "г. Коломна, ул. Лесная, д. 10"
LESNAYA_9 = "г. Коломна, ул. Лесная, д. 9"


@pytest.fixture
def houses(db):
    organization.save_organization({"kind": "УО", "name": "ООО «УК Коломна»"}, now=NOW)
    made = {}
    for address, numbers in ((SADOVAYA, ("1", "2")), (LESNAYA_10, ("1",)), (LESNAYA_9, ("1", "3"))):
        made[address] = organization.add_house({"address": address}, now=NOW).id
        for number in numbers:
            premises.add_premise(made[address], {"number": number}, now=NOW)
    return made


def test_every_house_lists_each_flat_1_with_its_own_house(houses):
    rows = list_premise_rows(PremiseFilter())
    assert sorted((r.number, r.house) for r in rows if r.number == "1") == sorted([
        ("1", SADOVAYA), ("1", LESNAYA_10), ("1", LESNAYA_9)])
    assert count_premise_rows(PremiseFilter()) == 5


def test_sorting_by_house_orders_the_addresses_naturally_then_the_numbers(houses):
    rows = list_premise_rows(PremiseFilter(), sort="house")
    assert [(r.house, r.number) for r in rows] == [
        (LESNAYA_9, "1"), (LESNAYA_9, "3"), (LESNAYA_10, "1"), (SADOVAYA, "1"), (SADOVAYA, "2")]
    rows = list_premise_rows(PremiseFilter(), sort="house", descending=True)
    assert [(r.house, r.number) for r in rows] == [
        (SADOVAYA, "2"), (SADOVAYA, "1"), (LESNAYA_10, "1"), (LESNAYA_9, "3"), (LESNAYA_9, "1")]


def test_a_page_sorted_by_house_holds_the_rows_of_that_place(houses):
    page = list_premise_rows(PremiseFilter(), sort="house", offset=2, limit=2)
    assert [(r.house, r.number) for r in page] == [(LESNAYA_10, "1"), (SADOVAYA, "1")]


def test_one_house_and_a_search_still_name_the_house(houses):
    rows = list_premise_rows(PremiseFilter(house_id=houses[LESNAYA_9]), sort="house")
    assert [(r.house, r.number) for r in rows] == [(LESNAYA_9, "1"), (LESNAYA_9, "3")]
    # the search matches numbers as before, not the digits of an address («д. 12»)
    found = list_premise_rows(PremiseFilter(text="2"))
    assert [(r.house, r.number) for r in found] == [(SADOVAYA, "2")]
