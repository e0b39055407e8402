"""Premises, requests and meters narrowed to one house of a managing organisation.

The base (tests/two_houses.py): Лесная, 5 has flats 1, 2, 3, three meters (two in its
flats, one common-house) and two requests; Садовая, 12 has flats 1 and 4, two meters
(one in flat 1, one common-house) and one request; one more request names no premise.
"""

from __future__ import annotations

import pytest

from tsj_desk.services import journal, readings, registry
from tsj_desk.services.journal import JournalFilter

from tests.conftest import TODAY
from tests.two_houses import build_two_houses


@pytest.fixture
def houses(db):
    return build_two_houses()


def test_register_lists_and_counts_the_premises_of_the_chosen_house(houses):
    assert [p.number for p in registry.list_premises(house_id=houses["lesnaya"])] == ["1", "2", "3"]
    assert [p.number for p in registry.list_premises(house_id=houses["sadovaya"])] == ["1", "4"]
    assert registry.count_premises(houses["lesnaya"]) == 3
    assert registry.count_premises(houses["sadovaya"]) == 2
    assert registry.count_premises() == 5


def test_journal_shows_the_requests_about_the_premises_of_the_chosen_house(houses):
    def shown(house_id):
        flt = JournalFilter(house_id=house_id)
        rows = journal.list_requests(flt, today=TODAY)
        return journal.count_requests(flt, today=TODAY), sorted(r.premise_number for r in rows)

    assert shown(houses["lesnaya"]) == (2, ["3", "3"])
    assert shown(houses["sadovaya"]) == (1, ["4"])
    assert journal.count_requests(JournalFilter(), today=TODAY) == 4  # with the one of no premise


def test_journal_house_combines_with_the_other_filters(houses):
    flt = JournalFilter(house_id=houses["lesnaya"], text="кран")
    assert [r.premise_number for r in journal.list_requests(flt, today=TODAY)] == ["3"]
    flt = JournalFilter(house_id=houses["sadovaya"], text="кран")
    assert journal.count_requests(flt, today=TODAY) == 0


def test_readings_sheet_keeps_the_meters_of_the_house_and_its_common_meters(houses):
    def serials(house_id=None):
        return sorted(line.serial for line in readings.entry_sheet("2026-11", house_id=house_id))

    assert serials(houses["lesnaya"]) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1"]
    assert serials(houses["sadovaya"]) == ["С-ОДПУ", "С-ХВ-1"]
    assert len(serials()) == 5
