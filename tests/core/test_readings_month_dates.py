"""Readings dated by a month: «2026-10», «10.2026», «октябрь 2026», «Октябрь 2026 г.»,
«октября 2026», an Excel date shown as a month (number formats ``mmmm yyyy``,
``mm.yyyy``, ``MMM-YY``), in the date column or a period column. The reading's period
is that month; its date the date column's day if the row has one, else the month's
last day — never after today. Workbooks are built here with openpyxl, imported into
a base, and what lands in the base is compared with the dates worked out by hand."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from tests.conftest import NOW, SAMPLES, TODAY
from tsj_desk.cli import main
from tsj_desk.importers.cells import last_day_of, parse_month_cell
from tsj_desk.importers.month_format import is_month_format
from tsj_desk.importers.readings import parse_readings_file
from tsj_desk.services import readings
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import Meter, Reading


@pytest.mark.parametrize(("text", "period"), [
    ("2026-10", "2026-10"), ("10.2026", "2026-10"), ("1.2027", "2027-01"), ("10/2026", "2026-10"),
    ("октябрь 2026", "2026-10"), ("ОКТЯБРЬ 2026", "2026-10"), ("Октябрь 2026 г.", "2026-10"),
    ("октября 2026", "2026-10"), ("Октября 2026 года", "2026-10"), ("за октябрь 2026 г", "2026-10"),
    ("май 2026", "2026-05"), ("мая 2026", "2026-05"), ("сент. 2026", "2026-09"), ("ноя.26", "2026-11"),
    ("Nov-26", "2026-11"), ("February 2027", "2027-02"),
    ("20.10.2026", None), ("2026-10-20", None), ("13.2026", None), ("октябрьский 2026", None),
    ("октябрь", None), ("2026", None), ("", None),
])
def test_a_month_written_as_text(text, period):
    assert parse_month_cell(text) == period


@pytest.mark.parametrize(("code", "month"), [
    ("mmmm yyyy", True), ("mm.yyyy", True), ("MMM-YY", True), ("mmm-yy", True),
    ("[$-419]mmmm yyyy;@", True), ("MMMM\\ YYYY", True), ('mmmm yyyy "г."', True),
    ("dd.mm.yyyy", False), ("yyyy-mm-dd h:mm:ss", False), ("General", False), ("h:mm", False),
    ("mm:ss", False), ("d mmmm yyyy", False), ("0.00", False), ("@", False),
])
def test_number_formats_that_show_a_month(code, month):
    assert is_month_format(code) is month


def test_the_last_day_of_a_month():
    assert [last_day_of(p) for p in ("2026-02", "2028-02", "2026-10", "2026-12")] == [
        date(2026, 2, 28), date(2028, 2, 29), date(2026, 10, 31), date(2026, 12, 31)]


# ---------------------------------------------------------------- into a base


HEADER = ["Кв.", "Номер счётчика", "Ресурс", "Дата", "Показание"]


def workbook(path, header, rows, formats=None):
    """``rows`` of cells; ``formats``: {(row index, column index): number format}."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for (row, column), code in (formats or {}).items():
        sheet.cell(row + 2, column + 1).number_format = code
    book.save(path)
    return path


def landed() -> dict[str, tuple]:
    """serial → (period, date, Т1) of the readings in the base."""
    query = Reading.select(Meter.serial, Reading.period, Reading.taken_on, Reading.t1).join(Meter).tuples()
    return {serial: (period, taken, float(t1)) for serial, period, taken, t1 in query}


@pytest.fixture
def flats(db):
    import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)


def test_months_in_the_date_column_give_the_period_and_the_last_day(flats, tmp_path):
    first = datetime(2026, 10, 1)
    rows = [["1", "ХВ-1", "ХВС", "2026-10", 10], ["1", "ХВ-2", "ХВС", "10.2026", 20],
            ["2", "ХВ-3", "ХВС", "Октябрь 2026 г.", 30], ["2", "ХВ-4", "ХВС", "октября 2026", 40],
            ["3", "ХВ-5", "ХВС", first, 50], ["3", "ХВ-6", "ХВС", first, 60],
            ["4", "ХВ-7", "ХВС", datetime(2026, 9, 15), 70],  # shown «09.2026»: September
            ["4", "ХВ-8", "ХВС", first, 80],  # the same date shown as a day: 01.10.2026
            ["5", "ХВ-9", "ХВС", "20.10.2026", 90]]
    path = workbook(tmp_path / "месяцы.xlsx", HEADER, rows,
                    {(4, 3): "mmmm yyyy", (5, 3): "MMM-YY", (6, 3): "mm.yyyy", (7, 3): "dd.mm.yyyy"})
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.rows, report.valid, report.imported, report.errors) == (9, 9, 9, [])
    october_end = date(2026, 10, 31)
    assert landed() == {
        "ХВ-1": ("2026-10", october_end, 10.0), "ХВ-2": ("2026-10", october_end, 20.0),
        "ХВ-3": ("2026-10", october_end, 30.0), "ХВ-4": ("2026-10", october_end, 40.0),
        "ХВ-5": ("2026-10", october_end, 50.0), "ХВ-6": ("2026-10", october_end, 60.0),
        "ХВ-7": ("2026-09", date(2026, 9, 30), 70.0),
        "ХВ-8": ("2026-10", date(2026, 10, 1), 80.0),
        "ХВ-9": ("2026-10", date(2026, 10, 20), 90.0),
    }


def test_the_month_still_running_is_dated_today_not_its_last_day(flats, tmp_path):
    # today is 24.11.2026: «ноябрь 2026» is not dated 30.11.2026 (a date still to come)
    path = workbook(tmp_path / "ноябрь.xlsx", HEADER, [["1", "ХВ-1", "ХВС", "ноябрь 2026", 10],
                                                       ["2", "ХВ-2", "ХВС", datetime(2026, 11, 1), 20]],
                    {(1, 3): "mmmm yyyy"})
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.imported, report.errors) == (2, [])
    assert landed() == {"ХВ-1": ("2026-11", TODAY, 10.0), "ХВ-2": ("2026-11", TODAY, 20.0)}


def test_a_period_column_with_a_month_and_a_date_column(flats, tmp_path):
    header = ["Кв.", "Номер счётчика", "Ресурс", "Период", "Дата", "Показание"]
    rows = [["1", "ХВ-1", "ХВС", "сентябрь 2026", "05.10.2026", 10],  # the month is September, read 5 Oct
            ["1", "ХВ-2", "ХВС", "10.2026", None, 20],                  # no date: the month's last day
            ["2", "ХВ-3", "ХВС", datetime(2026, 10, 1), "20.10.2026", 30],
            ["2", "ХВ-4", "ХВС", "Октябрь 2026 г.", "октябрь 2026", 40]]
    path = workbook(tmp_path / "период.xlsx", header, rows, {(2, 3): "mmmm yyyy"})
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.imported, report.errors) == (4, [])
    assert landed() == {"ХВ-1": ("2026-09", date(2026, 10, 5), 10.0),
                        "ХВ-2": ("2026-10", date(2026, 10, 31), 20.0),
                        "ХВ-3": ("2026-10", date(2026, 10, 20), 30.0),
                        "ХВ-4": ("2026-10", date(2026, 10, 31), 40.0)}


def test_an_explicit_period_wins_over_the_month_of_the_date_column(flats, tmp_path):
    path = workbook(tmp_path / "явный.xlsx", HEADER, [["1", "ХВ-1", "ХВС", "сентябрь 2026", 10]])
    report = readings.import_readings(path, today=TODAY, now=NOW, period="2026-10", create_meters=True)
    assert report.errors == []
    assert landed() == {"ХВ-1": ("2026-10", date(2026, 9, 30), 10.0)}


def test_the_command_line_counts_and_names_the_date_column_of_a_bad_month(tmp_path, capsys):
    base = tmp_path / "тсж.sqlite3"
    assert main(["import-registry", str(SAMPLES / "registry_simple.xlsx"), "--db", str(base)]) == 0
    rows = [["1", "ХВ-1", "ХВС", "Октябрь 2026 г.", 10], ["2", "ХВ-2", "ХВС", "октябрь", 20],
            ["3", "ХВ-3", "ХВС", datetime(2026, 10, 1), 30]]
    path = workbook(tmp_path / "месяцы.xlsx", HEADER, rows, {(2, 3): "mm.yyyy"})
    capsys.readouterr()
    code = main(["import-readings", str(path), "--db", str(base), "--json", "--create-meters"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (payload["rows"], payload["valid"], payload["imported"]) == (3, 2, 0)
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [(3, "Дата")]
    assert payload["errors"][0]["message"].startswith("дата «октябрь» не распознана")
    code = main(["import-readings", str(path), "--db", str(base), "--json", "--create-meters",
                 "--skip-invalid"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 0 and (payload["rows"], payload["valid"], payload["imported"]) == (3, 2, 2)
    open_database(base)
    try:
        assert landed() == {"ХВ-1": ("2026-10", date(2026, 10, 31), 10.0),
                            "ХВ-3": ("2026-10", date(2026, 10, 31), 30.0)}
    finally:
        close_database()


def test_without_today_the_parser_gives_the_last_day_itself(tmp_path):
    path = workbook(tmp_path / "ноябрь.xlsx", HEADER, [["1", "ХВ-1", "ХВС", "ноябрь 2026", 10]])
    assert [(r.period, r.taken_on) for r in parse_readings_file(path).rows] == [
        ("2026-11", date(2026, 11, 30))]
    assert [(r.period, r.taken_on) for r in parse_readings_file(path, today=TODAY).rows] == [
        ("2026-11", TODAY)]
