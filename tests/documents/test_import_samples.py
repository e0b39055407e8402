"""«Скачать образец»: the blank tables in the program's own layout read back by its own
importers, with their example row as it was written and a sheet of explanations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.meters import Resource
from tsj_desk.importers.readings import READING_COLUMNS, parse_readings_file
from tsj_desk.importers.registry import REGISTRY_COLUMNS, parse_registry_file
from tsj_desk.services.importing import write_import_sample

TODAY = date(2026, 11, 24)


def test_the_register_sample_reads_back_with_its_example_owner(tmp_path):
    path = write_import_sample("registry", tmp_path / "Образец реестра.xlsx")
    parsed = parse_registry_file(path, today=TODAY)
    assert parsed.errors == [] and parsed.data_rows == 1
    row = parsed.rows[0]
    assert (row.premise_number, row.owner, row.account) == ("1", "Иванов Иван Иванович", "100001")
    assert row.area == Decimal("54.3") and row.fraction == Fraction(1, 2) and not row.joint
    assert row.egrn_number == "50:57:0000000:123-50/001/2020-1"
    assert row.egrn_date == date(2020, 3, 15)
    # every column of the sample is one the importer recognised
    assert len(parsed.titles) == 12


def test_the_readings_sample_reads_back_with_its_example_reading(tmp_path):
    path = write_import_sample("readings", tmp_path / "Образец показаний.xlsx")
    parsed = parse_readings_file(path, period="2026-11")
    assert [p for p in parsed.problems if p.is_error] == [] and parsed.data_rows == 1
    row = parsed.rows[0]
    assert (row.premise, row.account, row.serial, row.resource) == ("1", "100001", "12345678",
                                                                    Resource.COLD_WATER)
    assert row.taken_on == date(2026, 11, 20)
    assert row.values == (pytest.approx(123.456), None, None)
    assert len(parsed.titles) == 8


@pytest.mark.parametrize("kind, columns", [("registry", REGISTRY_COLUMNS),
                                           ("readings", READING_COLUMNS)])
def test_the_explanations_name_every_column_and_the_required_ones(tmp_path, kind, columns):
    path = write_import_sample(kind, tmp_path / "образец.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[1] == "Пояснения"
    headers = [c.value for c in book.worksheets[0][1]]
    notes = {row[0]: (row[1], row[2]) for row in book["Пояснения"].iter_rows(min_row=2, values_only=True)
             if row[1] is not None}
    assert list(notes) == headers
    required = {c.synonyms[0] for c in columns if c.required}
    assert {name for name, (mark, _) in notes.items() if mark == "да"} == required
    assert all(text for _, text in notes.values())
    assert not any(cell.data_type == "f" for sheet in book for line in sheet.iter_rows() for cell in line)


def test_a_folder_that_cannot_be_written_is_a_message(tmp_path):
    with pytest.raises(TsjError) as refused:
        write_import_sample("registry", tmp_path / "нет такой папки" / "образец.xlsx")
    assert "образец.xlsx" in refused.value.message and "Traceback" not in refused.value.message
