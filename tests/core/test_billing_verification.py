"""Readings taken after the meter's verification date: listed in the register for
billing «не к расчёту» with the date, their consumption empty, the old columns as they
were; the import's error report lists them; the entry grid's checks say so."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from tsj_desk.domain.billing import not_billable_note, verification_lapsed
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings, readings_billing
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry

from tests.conftest import TODAY

NOW = datetime(2026, 11, 24, 12, 0)

# the eleven columns a billing program reads by position, written out as it expects them
OLD_HEADERS = ["Лицевой счёт", "№ помещения", "Ресурс", "Номер счётчика", "Дата снятия", "Т1", "Т2",
               "Т3", "Расход Т1", "Расход Т2", "Расход Т3"]


@pytest.fixture
def meters(db, samples):
    """Flat 1: a cold-water meter verified 01.11.2020 for 6 years (due 01.11.2026), and a
    hot-water one due in 2029; flat 2: a meter due 15.11.2026 read without dates."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    ids = {
        "lapsed": readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-100", "1", digits=5,
                                                verified_on=date(2020, 11, 1), interval_years=6), now=NOW),
        "valid": readings.add_meter(MeterInput(Resource.HOT_WATER, "ГВ-200", "1", digits=5,
                                               verified_on=date(2023, 5, 1), interval_years=6), now=NOW),
        "undated": readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-300", "2", digits=5,
                                                 verified_on=date(2020, 11, 15), interval_years=6), now=NOW),
    }
    readings.save_entries("2026-10", [(ids["lapsed"], (100.0, None, None), date(2026, 10, 20)),
                                      (ids["valid"], (50.0, None, None), date(2026, 10, 20)),
                                      (ids["undated"], (10.0, None, None), None)],
                          today=TODAY, now=NOW)
    readings.save_entries("2026-11", [(ids["lapsed"], (106.5, None, None), date(2026, 11, 20)),
                                      (ids["valid"], (53.0, None, None), date(2026, 11, 20)),
                                      (ids["undated"], (14.0, None, None), None)],
                          today=TODAY, now=NOW)
    return ids


def register(path):
    sheet = load_workbook(path).active
    headers = [c.value for c in sheet[4]]
    rows = {r[3]: r for r in sheet.iter_rows(min_row=5, values_only=True) if r[3]}
    return headers, rows


def test_the_rule_counts_the_verification_day_and_judges_an_undated_reading_by_its_months_end():
    due = date(2026, 11, 1)
    assert verification_lapsed(due, date(2026, 11, 1)) is False
    assert verification_lapsed(due, date(2026, 11, 2)) is True
    assert verification_lapsed(None, date(2030, 1, 1)) is False
    assert not_billable_note(due, date(2026, 11, 2), "2026-11") == "не к расчёту: поверка истекла 01.11.2026"
    assert not_billable_note(due, date(2026, 10, 31), "2026-11") is None
    # without a date: as of 30.11.2026 for November, 31.10.2026 for October
    assert not_billable_note(date(2026, 11, 15), None, "2026-11") == "не к расчёту: поверка истекла 15.11.2026"
    assert not_billable_note(date(2026, 11, 15), None, "2026-10") is None


def test_the_register_marks_a_reading_after_the_verification_date_and_leaves_its_consumption_empty(
        meters, tmp_path):
    out = tmp_path / "реестр.xlsx"
    assert readings.export_readings("2026-11", out) == 3
    headers, rows = register(out)
    assert load_workbook(out).active["A2"].value == (
        "Период 11.2026; счётчиков: 3; не к расчёту (поверка истекла): 2")
    assert headers[:11] == OLD_HEADERS  # the old columns, in their places, as they were
    assert headers[11:] == ["Не к расчёту", "Причина меньшего показания"]
    lapsed = rows["ХВ-100"]
    assert lapsed[5] == 106.5  # the reading itself is listed
    assert lapsed[8:11] == (None, None, None)  # no consumption for billing
    assert lapsed[11] == "не к расчёту: поверка истекла 01.11.2026"
    valid = rows["ГВ-200"]
    assert (valid[5], valid[8], valid[11]) == (53, 3, None)  # 53 − 50
    # read without a date: as of 30.11.2026, after its verification date 15.11.2026
    undated = rows["ХВ-300"]
    assert (undated[5], undated[8], undated[11]) == (14, None, "не к расчёту: поверка истекла 15.11.2026")


def test_the_register_of_the_month_before_counts_every_reading(meters, tmp_path):
    out = tmp_path / "реестр октябрь.xlsx"
    readings.export_readings("2026-10", out)
    _, rows = register(out)
    assert [rows[s][11] for s in ("ХВ-100", "ГВ-200", "ХВ-300")] == [None, None, None]


def test_the_error_report_lists_a_reading_after_the_verification_date(meters, tmp_path):
    sent = tmp_path / "показания декабрь.xlsx"
    workbook = Workbook()
    workbook.active.append(["Кв.", "Номер счётчика", "Дата снятия", "Т1"])
    workbook.active.append(["1", "ХВ-100", "01.12.2026", 108])  # after 01.11.2026: not for billing
    workbook.active.append(["1", "ГВ-200", "01.12.2026", "пятьдесят"])  # an error
    workbook.active.append(["2", "ХВ-300", "01.12.2026", 20])  # after 15.11.2026
    workbook.save(sent)
    preview = readings.preview_readings(sent, today=date(2026, 12, 2), period="2026-12")
    out = tmp_path / "ошибки.xlsx"
    assert readings.write_error_report(preview, out) == 3
    sheet = load_workbook(out).active
    lines = {row[0]: (row[2], row[-1]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert lines[2] == ("ХВ-100", "не к расчёту: поверка истекла 01.11.2026")
    assert lines[3][0] == "ГВ-200" and "не число" in lines[3][1]
    assert lines[4] == ("ХВ-300", "не к расчёту: поверка истекла 15.11.2026")


def test_the_entry_grid_check_says_not_for_billing_and_shows_no_consumption(meters):
    check = readings_billing.entry_checker("2026-12", today=date(2026, 12, 2))
    lapsed = check(meters["lapsed"], (108.0, None, None), date(2026, 12, 1))
    assert lapsed.errors == []
    assert [m for _, m in lapsed.warnings] == ["не к расчёту: поверка истекла 01.11.2026"]
    assert lapsed.consumption == (None, None, None)
    valid = check(meters["valid"], (55.0, None, None), date(2026, 12, 1))
    assert (valid.warnings, valid.consumption) == ([], (2.0, None, None))
