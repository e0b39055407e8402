"""The house address a register file names in its title rows: found, offered for a house
that has none, and never written over an address the house already has unless asked."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from tsj_desk.domain.addresses import address_in_title
from tsj_desk.importers.registry import parse_registry_file
from tsj_desk.services import organization
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import AuditEntry

from tests.conftest import NOW, TODAY

SADOVAYA = "г. Коломна, ул. Садовая, д. 12"
LESNAYA = "Московская обл., г. Коломна, ул. Лесная, д. 5"  # the title of registry_merged.xlsx


@pytest.fixture
def titled(tmp_path):
    """A register whose title names Садовая, 12 (the wording of the issue)."""
    book = Workbook()
    sheet = book.active
    sheet.append([f"Реестр собственников помещений в многоквартирном доме по адресу: {SADOVAYA}"])
    sheet.append(["№ помещения", "Собственник", "Доля"])
    sheet.append(["1", "Иванов Иван Иванович", "1"])
    sheet.append(["2", "Петрова Анна Сергеевна", "1"])
    path = tmp_path / "реестр.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(("title", "address"), [
    (f"Реестр собственников помещений в многоквартирном доме по адресу: {SADOVAYA}", SADOVAYA),
    (f"Реестр собственников помещений МКД: {LESNAYA}", LESNAYA),
    (f"Реестр собственников помещений дома {SADOVAYA} по состоянию на 01.11.2026", SADOVAYA),
    ("Реестр собственников помещений", None),
    ("Реестр собственников: на 01.11.2026", None),  # a colon, but no street and no house
])
def test_address_is_read_from_a_title_line(title, address):
    assert address_in_title(title) == address


def test_the_samples_title_rows(samples):
    assert parse_registry_file(samples / "registry_merged.xlsx", today=TODAY).house_address == LESNAYA
    assert parse_registry_file(samples / "registry_simple.xlsx", today=TODAY).house_address is None


def test_on_an_empty_base_the_house_gets_the_address_of_the_file(db, titled):
    parsed = parse_registry_file(titled, today=TODAY)
    offer = organization.address_offer(parsed.house_address)
    assert (offer.from_file, offer.current, offer.write_by_default) == (SADOVAYA, None, True)
    import_registry(titled, now=NOW, backup=False, house_address=offer.from_file)
    assert [h.address for h in organization.houses()] == [SADOVAYA]


def test_a_house_placeholder_address_is_offered_to_be_replaced(db, titled, samples):
    import_registry(samples / "registry_simple.xlsx", now=NOW, backup=False)  # no title
    assert [h.address for h in organization.houses()] == [organization.PLACEHOLDER_ADDRESS]
    offer = organization.address_offer(SADOVAYA)
    assert (offer.current, offer.write_by_default) == (None, True)


@pytest.fixture
def lesnaya(db):
    organization.save_organization({"kind": "ТСЖ", "name": "ТСЖ «Лесная, 5»"}, now=NOW)
    return organization.add_house({"address": LESNAYA}, now=NOW).id


def test_an_existing_address_stays_unless_asked(lesnaya, titled):
    offer = organization.address_offer(parse_registry_file(titled, today=TODAY).house_address)
    assert (offer.from_file, offer.current, offer.write_by_default) == (SADOVAYA, LESNAYA, False)
    import_registry(titled, now=NOW, backup=False)
    assert organization.house(lesnaya).address == LESNAYA


def test_an_existing_address_is_replaced_when_asked_with_the_change_logged(lesnaya, titled):
    import_registry(titled, now=NOW, backup=False, house_address=SADOVAYA)
    assert organization.house(lesnaya).address == SADOVAYA
    edits = [json.loads(e.details) for e in AuditEntry.select().where(
        AuditEntry.entity == "house", AuditEntry.action == "edit")]
    assert edits == [{"before": {"address": LESNAYA}, "after": {"address": SADOVAYA}}]


def test_nothing_is_offered_when_the_house_has_the_same_address(lesnaya):
    assert organization.address_offer(LESNAYA.replace(", ", ",  ")) is None
    assert organization.address_offer(None) is None
