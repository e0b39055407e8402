"""The walk-round sheet (Обходной лист) and the common-meter report of a base of two
houses (tests/two_houses.py): Лесная, 5 — meters Л-ХВ-1 (flat 1), Л-ГВ-2 (flat 2), the
common Л-ОДПУ; Садовая, 12 — С-ХВ-1 (flat 1), the common С-ОДПУ. Both houses have a flat 1,
each with an owner of its own."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from tsj_desk.services import readings
from tsj_desk.services.premises import list_premises
from tsj_desk.services.registry import OwnerInput, add_owner

from tests.two_houses import NOW, build_two_houses


@pytest.fixture
def houses(db):
    ids = build_two_houses()
    for key, name in (("lesnaya", "Лесной Леонид Львович"), ("sadovaya", "Садовая Софья Семёновна")):
        flat = next(p for p in list_premises(ids[key]) if p.number == "1")
        add_owner(flat.id, OwnerInput(name=name), now=NOW)
    return ids


def sheet_rows(out) -> list[tuple]:
    """(premise, owner, meter) of each row under the header row «Помещение»."""
    rows = [tuple(c.value for c in row[:3]) for row in load_workbook(out).active.iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == "Помещение") + 1
    return [(number, owner or "", meter) for number, owner, meter in rows[start:]]


def test_each_flat_1_lists_its_own_owner_only(houses, tmp_path):
    out = tmp_path / "обход.xlsx"
    assert readings.walk_sheet(out, period="2026-11") == 5
    flat_1 = sorted((owner, meter) for number, owner, meter in sheet_rows(out) if number == "1")
    assert flat_1 == [("Лесной Леонид Львович", "ХВС № Л-ХВ-1"), ("Садовая Софья Семёновна", "ХВС № С-ХВ-1")]


def test_the_sheet_of_one_house_lists_its_meters_only(houses, tmp_path):
    out = tmp_path / "обход.xlsx"
    assert readings.walk_sheet(out, period="2026-11", house_id=houses["sadovaya"]) == 2
    assert sorted(sheet_rows(out)) == [("1", "Садовая Софья Семёновна", "ХВС № С-ХВ-1"),
                                       ("ОДПУ", "", "ХВС № С-ОДПУ")]


def test_the_common_meter_report_of_one_house_names_its_meter_only(houses, tmp_path):
    out = tmp_path / "одпу.xlsx"
    readings.common_meter_report(out, today=date(2026, 11, 24), house_id=houses["lesnaya"])
    texts = " ".join(str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value)
    assert "Л-ОДПУ" in texts and "С-ОДПУ" not in texts


def test_the_sheet_of_every_house_goes_house_by_house_under_each_address(houses, tmp_path):
    """The round is walked house by house: each house's meters follow its address, so the
    two flats 1 are told apart on paper (the meter reader sees no base, only the sheet)."""
    from tests.two_houses import LESNAYA, SADOVAYA

    out = tmp_path / "обход.xlsx"
    assert readings.walk_sheet(out, period="2026-11") == 5  # meters, not the address lines
    rows = sheet_rows(out)
    assert [row[0] for row in rows] == [LESNAYA, "1", "2", "ОДПУ", SADOVAYA, "1", "ОДПУ"]
    assert rows[1] == ("1", "Лесной Леонид Львович", "ХВС № Л-ХВ-1")
    assert rows[5] == ("1", "Садовая Софья Семёновна", "ХВС № С-ХВ-1")
    assert rows[0][1:] == ("", None)  # the address alone on its line


def test_the_sheet_prints_every_column_on_the_page_of_its_flat(houses, tmp_path):
    """The reader writes the new reading and signs beside each flat: the sheet prints one
    page wide (its last two columns were cut off onto pages of their own)."""
    from tsj_desk.documents import pdf

    out = tmp_path / "обход.xlsx"
    readings.walk_sheet(out, period="2026-11")
    sheet = load_workbook(out).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    if pdf.find_libreoffice() is None:
        pytest.skip("LibreOffice is not installed: the printed pages are not counted")
    (made,) = pdf.to_pdf([out], tmp_path / "pdf")
    assert pdf.pdf_page_count(made) == 1  # 5 meters under 2 addresses, all 7 columns
