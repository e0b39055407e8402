"""Meter readings: the sample layouts, every check with its row, batches, exports."""

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tsj_desk.domain.errors import FileProblem, ImportRejected, ValidationFailed
from tsj_desk.domain.meters import Resource, consumption
from tsj_desk.services import readings
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import Reading

from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def house(db, samples):
    """Premises 1–6 and Н-1 of the simple register, with a few meters and a history."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    ids = {}
    ids["cold"] = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-11045", "1", gis_number="GIS-000145",
                                                digits=5, verified_on=date(2021, 3, 1), interval_years=6), now=NOW)
    ids["hot"] = readings.add_meter(MeterInput(Resource.HOT_WATER, "ГВ-2001", "1", gis_number="GIS-000146",
                                               verified_on=date(2021, 3, 1), interval_years=6), now=NOW)
    ids["power"] = readings.add_meter(MeterInput(Resource.ELECTRICITY, "Э-5550132", "1", tariffs=2,
                                                 gis_number="GIS-000147"), now=NOW)
    ids["flat2"] = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-2", "2", digits=5), now=NOW)
    history = [("2026-05", 90.0), ("2026-06", 95.0), ("2026-07", 100.0), ("2026-08", 104.0),
               ("2026-09", 110.0)]
    entries = [(ids["cold"], (v, None, None), date(int(p[:4]), int(p[5:]), 20)) for p, v in history]
    for period, entry in zip([p for p, _ in history], entries):
        readings.save_entries(period, [entry], today=TODAY, now=NOW)
    readings.save_entries("2026-09", [(ids["power"], (10000.0, 4000.0, None), date(2026, 9, 20)),
                                      (ids["hot"], (70.0, None, None), date(2026, 9, 20)),
                                      (ids["flat2"], (99990.0, None, None), date(2026, 9, 20))],
                          today=TODAY, now=NOW)
    return ids


def write_xlsx(path, header, rows, title=None):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_gis_sample_imports_with_meters_found_by_gis_number(house, samples):
    report = readings.import_readings(samples / "readings_gis.xlsx", today=TODAY, now=NOW)
    assert (report.rows, report.imported, report.errors) == (3, 3, [])
    power = readings.meter_history(house["power"])
    assert power[-1].period == "2026-10" and power[-1].values == (10450.0, 5120.0, None)
    assert power[-1].consumption == 450.0 + 1120.0


def test_doma_and_1c_samples_import(house, samples):
    report = readings.import_readings(samples / "readings_doma.xlsx", today=TODAY, now=NOW)
    assert report.imported == 2 and report.errors == []
    again = readings.import_readings(samples / "readings_1c.csv", today=TODAY, now=NOW)
    assert again.imported == 0  # the same readings, already loaded: skipped, no duplicates
    assert len(again.warnings) == 2
    assert Reading.select().where(Reading.period == "2026-10").count() == 2


def test_1c_csv_creates_meters_for_known_premises(db, samples):
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(samples / "readings_1c.csv", today=TODAY, now=NOW)
    assert all("не найден" in e.message for e in caught.value.errors)
    report = readings.import_readings(samples / "readings_1c.csv", today=TODAY, now=NOW, create_meters=True)
    assert report.imported == 2
    meters = {m.serial: m for m in readings.list_meters()}
    assert meters["Э-5550132"].tariffs == 2 and meters["Э-5550132"].premise_number == "1"
    assert meters["ХВ-11045"].resource is Resource.COLD_WATER


HEADER = ["Кв.", "Номер счётчика", "Дата снятия", "Т1", "Т2"]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (["1", "ХВ-11045", "20.10.2026", "сто"], "Т1", "не число"),
        (["1", "ХВ-11045", "20.10.2026", -5], "Т1", "отрицательное"),
        (["1", "ХВ-11045", "20.10.2026", 105.5], "Т1", "меньше предыдущего"),
        (["1", "ХВ-11045", "20.12.2026", 120], "Дата снятия", "ещё не наступила"),
        (["1", "Э-5550132", "20.10.2026", 10100], "Т2", "нужно показание Т2"),
        (["1", "НЕТ-999", "20.10.2026", 10], "Номер счётчика", "не найден"),
        (["1", "ХВ-11045", "32.10.2026", 120], "Дата снятия", "не распознана"),
    ],
)
def test_each_error_names_its_row_and_column_and_changes_nothing(house, base_snapshot, tmp_path, row, column,
                                                                 words):
    path = write_xlsx(tmp_path / "показания.xlsx", HEADER, [["2", "ХВ-2", "20.10.2026", 99995], row],
                      title="Показания за октябрь")
    before = base_snapshot()
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == [(4, column)]
    assert words in caught.value.errors[0].message
    assert base_snapshot() == before


def test_same_meter_twice_with_different_values_and_archived_meter(house, tmp_path):
    readings.replace_meter(house["hot"], (75.0, None, None), on=date(2026, 10, 10),
                           new=MeterInput(Resource.HOT_WATER, "ГВ-НОВЫЙ", initial=(0.0, None, None)), now=NOW)
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [
        ["1", "ХВ-11045", "20.10.2026", 115], ["1", "ХВ-11045", "21.10.2026", 116],
        ["1", "ГВ-2001", "20.11.2026", 80], ["1", "ГВ-НОВЫЙ", "20.11.2026", 3]])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW)
    messages = {e.row: e.message for e in caught.value.errors}
    assert set(messages) == {3, 4}
    assert "уже указан в строке 2" in messages[3]
    assert "снят с учёта 10.10.2026" in messages[4]
    report = readings.import_readings(path, today=TODAY, now=NOW, skip_invalid=True)
    assert report.imported == 2  # row 2 and the new meter, which starts from its initial 0


def test_roll_over_is_consumption_not_a_decrease(house, tmp_path):
    assert consumption(99990.0, 25.0, 5) == 35.0
    assert consumption(500.0, 25.0, 5) is None
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [["2", "ХВ-2", "20.10.2026", 25]])
    report = readings.import_readings(path, today=TODAY, now=NOW)
    assert report.imported == 1 and report.errors == []
    assert readings.meter_history(house["flat2"])[-1].consumption == 35.0


def test_warnings_do_not_block_and_are_kept_for_review(house, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [
        ["1", "ХВ-11045", "20.10.2026", 160],       # 50 m³ against ~5 a month: a spike
        ["1", "ГВ-2001", "15.09.2026", 71],         # older than the previous reading's date
        ["2", "ХВ-2", "20.10.2026", 99999.5]])
    report = readings.import_readings(path, today=TODAY, now=NOW, period="2026-10")
    assert report.imported == 3 and report.errors == []
    by_row = {w.row: w.message for w in report.warnings}
    assert "больше 3× обычного" in by_row[2]
    assert "раньше даты предыдущих" in by_row[3]
    flagged = Reading.get((Reading.meter == house["cold"]) & (Reading.period == "2026-10")).flagged
    assert "больше 3× обычного" in flagged


def test_verification_passed_is_a_warning(house, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [["1", "ХВ-11045", "20.10.2026", 115]])
    later = date(2027, 3, 5)
    report = readings.import_readings(path, today=later, now=datetime(2027, 3, 5, 9, 0))
    assert any("срок поверки истёк 01.03.2027" in w.message for w in report.warnings) is False
    path = write_xlsx(tmp_path / "q.xlsx", HEADER, [["1", "ГВ-2001", "04.03.2027", 80]])
    report = readings.import_readings(path, today=later, now=datetime(2027, 3, 5, 9, 0), period="2027-03")
    assert any("срок поверки истёк 01.03.2027" in w.message for w in report.warnings)
    due = readings.verification_due(today=date(2027, 2, 1), within_days=60)
    assert {d.serial for d in due} >= {"ХВ-11045", "ГВ-2001"}


def test_undo_batch_removes_exactly_its_readings(house, samples, tmp_path):
    before = Reading.select().count()
    report = readings.import_readings(samples / "readings_gis.xlsx", today=TODAY, now=NOW)
    assert Reading.select().count() == before + 3
    assert readings.undo_batch(report.batch_id, now=NOW) == 3
    assert Reading.select().count() == before
    with pytest.raises(ValidationFailed, match="уже отменена"):
        readings.undo_batch(report.batch_id, now=NOW)


def test_error_report_lists_original_rows_with_the_error(house, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [["1", "ХВ-11045", "20.10.2026", 115],
                                                    ["1", "ХВ-11045", "20.10.2026", "сто"]])
    preview = readings.preview_readings(path, today=TODAY)
    assert readings.write_error_report(preview, tmp_path / "ошибки.xlsx") == 1
    sheet = load_workbook(tmp_path / "ошибки.xlsx").active
    assert [c.value for c in sheet[1]] == ["Строка", *HEADER, "Ошибка"]
    assert [c.value for c in sheet[2]][:5] == [3, "1", "ХВ-11045", "20.10.2026", "сто"]
    assert "не число" in sheet.cell(2, 7).value


def test_readings_register_lists_missing_meters_with_blanks(house, samples, tmp_path):
    readings.import_readings(samples / "readings_gis.xlsx", today=TODAY, now=NOW)
    count = readings.export_readings("2026-10", tmp_path / "реестр.xlsx")
    sheet = load_workbook(tmp_path / "реестр.xlsx").active
    assert [c.value for c in sheet[4]] == list(readings.READINGS_REGISTER_HEADERS)
    rows = {r[3]: r for r in sheet.iter_rows(min_row=5, max_row=4 + count, values_only=True)}
    assert rows["ХВ-2"][5] is None  # no reading for October: listed empty
    assert rows["Э-5550132"][5:7] == (10450, 5120) and rows["Э-5550132"][8:10] == (450, 1120)
    assert rows["ХВ-11045"][0] == "0001" and rows["ХВ-11045"][2] == "ХВС"


def test_bad_files_are_refused(db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(FileProblem):
        readings.preview_readings(empty, today=TODAY)
    header_less = write_xlsx(tmp_path / "x.xlsx", ["что-то", "ещё"], [[1, 2]])
    with pytest.raises(FileProblem, match="не найдена строка заголовков"):
        readings.preview_readings(header_less, today=TODAY)


def tsj(*args):
    return subprocess.run([sys.executable, "-m", "tsj_desk", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_import_readings_json_and_exit_codes(tmp_path, samples):
    db = tmp_path / "r.sqlite3"
    assert tsj("import-registry", samples / "registry_simple.xlsx", "--db", db).returncode == 0
    rejected = tsj("import-readings", samples / "readings_doma.xlsx", "--db", db, "--json")
    assert rejected.returncode == 1
    payload = json.loads(rejected.stdout)
    assert payload["imported"] == 0 and [e["row"] for e in payload["errors"]] == [2, 3]
    created = tsj("import-readings", samples / "readings_doma.xlsx", "--db", db, "--json", "--create-meters")
    assert created.returncode == 0, created.stderr
    assert json.loads(created.stdout) == {"rows": 2, "valid": 2, "imported": 2, "errors": [], "warnings": []}
    csv = tsj("import-readings", samples / "readings_1c.csv", "--db", db, "--json", "--period", "2026-10")
    assert csv.returncode == 0 and json.loads(csv.stdout)["imported"] == 0
    bad = tsj("import-readings", tmp_path / "нет.xlsx", "--db", db, "--json")
    assert bad.returncode == 2 and "не найден" in bad.stderr
    out = tmp_path / "r.xlsx"
    exported = tsj("export-readings", "--db", db, "--period", "2026-10", "--out", out)
    assert exported.returncode == 0, exported.stderr
    assert load_workbook(out).active.cell(5, 4).value in {"ХВ-11045", "Э-5550132"}


def _monthly(meter_id, start, values):
    """Save one reading a month from ``start`` (``YYYY-MM``), the 20th of each month."""
    year, month = int(start[:4]), int(start[5:])
    for value in values:
        period = f"{year:04d}-{month:02d}"
        readings.save_entries(period, [(meter_id, (value, None, None), date(year, month, 20))],
                              today=TODAY, now=NOW)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


SPIKE = "больше 3× обычного"


def test_a_file_older_than_a_year_is_checked_against_its_own_months(house, tmp_path):
    # the history read while the file is parsed covers the last year only: an older
    # file gets its history read again, so its spike is measured against its months
    meter = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-300", "3"), now=NOW)
    _monthly(meter, "2023-10", [100, 102, 104, 106, 108, 110, 112])  # 2 m³ a month to 2024-04
    path = write_xlsx(tmp_path / "old.xlsx", HEADER, [["3", "ХВ-300", "20.05.2024", 122]])
    report = readings.import_readings(path, today=TODAY, now=NOW)
    assert report.imported == 1 and report.errors == []
    assert [w.row for w in report.warnings if SPIKE in w.message] == [2]


def test_the_spike_is_measured_against_the_last_six_months_only(house, tmp_path):
    # 2025: 100 m³ a month; then a gap; 2026-06..09: 2 m³ a month. The months before
    # the file's window (from 2026-03 for a file of 2026-10) do not count: 8 m³ in
    # October is a spike against 2 a month, whatever 2025 held
    meter = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-301", "3", digits=6), now=NOW)
    _monthly(meter, "2025-01", [100 * n for n in range(1, 13)])
    _monthly(meter, "2026-06", [1210, 1212, 1214, 1216])
    path = write_xlsx(tmp_path / "oct.xlsx", HEADER, [["3", "ХВ-301", "20.10.2026", 1224]])
    preview = readings.preview_readings(path, today=TODAY)  # the history read with the file
    parsed_alone = readings.check_readings(preview.parsed, today=TODAY)  # read for the file's months
    for checked in (preview, parsed_alone):
        assert [w.row for w in checked.warnings if SPIKE in w.message] == [2]
        assert checked.checked[0].consumption == (8.0, None, None)


def test_a_reading_entered_by_mistake_is_removed_in_the_save_and_its_values_logged(house):
    from tsj_desk.services.audit import list_audit

    readings.save_entries("2026-10", [(house["hot"], (75.5, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)
    # one save: the wrong meter's reading removed, the right one written
    saved = readings.save_entries("2026-10", [(house["flat2"], (99995.0, None, None), date(2026, 10, 20))],
                                  today=TODAY, now=NOW, remove=[house["hot"]])
    assert saved == 1
    assert readings.meter_history(house["hot"])[-1].period == "2026-09"
    assert readings.meter_history(house["flat2"])[-1].period == "2026-10"
    entry = next(e for e in list_audit() if e.action == "remove" and e.entity == "readings")
    assert "ГВ-2001: 75,5" in entry.details and "2026-10" in entry.details


def test_an_error_in_the_same_save_removes_nothing(house):
    readings.save_entries("2026-10", [(house["hot"], (75.5, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)
    with pytest.raises(ValidationFailed):
        readings.save_entries("2026-10", [(house["flat2"], (50000.0, None, None), date(2026, 10, 20))],
                              today=TODAY, now=NOW, remove=[house["hot"]])  # below 99990, not a roll-over
    assert readings.meter_history(house["hot"])[-1].period == "2026-10"


def test_an_earlier_month_may_not_exceed_the_reading_after_it(house, tmp_path):
    # the cold meter has 2026-05..09 = 90, 95, 100, 104, 110
    with pytest.raises(ValidationFailed) as caught:
        readings.save_entries("2026-07", [(house["cold"], (106.0, None, None), date(2026, 7, 20))],
                              today=TODAY, now=NOW)  # a correction of July above August's 104
    assert "больше следующего 104 (за 08.2026)" in caught.value.message
    assert readings.save_entries("2026-07", [(house["cold"], (101.0, None, None), date(2026, 7, 20))],
                                 today=TODAY, now=NOW) == 1  # between June and August: fine
    # a file filling a missing month is checked against the month after it as well
    rolled = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-302", "3", digits=5), now=NOW)
    _monthly(rolled, "2026-07", [99_990])
    _monthly(rolled, "2026-09", [15])  # past the 5-digit capacity: a roll-over, 25 m³ in two months
    gap = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-303", "3"), now=NOW)
    _monthly(gap, "2026-07", [50])
    _monthly(gap, "2026-09", [60])
    path = write_xlsx(tmp_path / "aug.xlsx", HEADER, [["3", "ХВ-302", "20.08.2026", 99_995],
                                                      ["3", "ХВ-303", "20.08.2026", 70]])
    with pytest.raises(ImportRejected) as rejected:
        readings.import_readings(path, today=TODAY, now=NOW, period="2026-08")
    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, "Т1")]
    assert "больше следующего 60 (за 09.2026)" in rejected.value.errors[0].message


# ---------------------------------------------------------------- boundaries found by the mutation pass


def test_a_two_tariff_month_is_the_sum_of_its_tariffs_in_the_history_too(house):
    # Т1 +60 and Т2 +40 a month: 100 kWh in June, July, August; September +400 and +200
    # is 600 kWh, above 3 × 100 and above the electricity floor of 150
    meter = readings.add_meter(MeterInput(Resource.ELECTRICITY, "Э-77", "3", tariffs=2), now=NOW)
    for month, (t1, t2) in zip((5, 6, 7, 8), ((1000, 500), (1060, 540), (1120, 580), (1180, 620))):
        readings.save_entries(f"2026-{month:02d}", [(meter, (float(t1), float(t2), None), date(2026, month, 20))],
                              today=TODAY, now=NOW)
    result = readings.check_entry(meter, "2026-09", (1580.0, 820.0, None), date(2026, 9, 20), today=TODAY)
    assert result.errors == [] and result.consumption == (400.0, 200.0, None)
    assert [m for _, m in result.warnings] == ["расход 600 кВт·ч больше 3× обычного (100 в месяц) — проверьте."]


def test_the_first_reading_of_a_meter_is_checked_against_its_initial_values(house):
    meter = readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-400", "3", initial=(100.0, None, None)), now=NOW)
    lower = readings.check_entry(meter, "2026-10", (90.0, None, None), date(2026, 10, 20), today=TODAY)
    assert lower.errors == [("t1", "показание Т1 90 меньше предыдущего 100.")]
    higher = readings.check_entry(meter, "2026-10", (104.0, None, None), date(2026, 10, 20), today=TODAY)
    assert higher.errors == [] and higher.consumption == (4.0, None, None)


def test_verification_due_within_sixty_days_counts_the_sixtieth_day(house):
    # today 24.11.2026 + 60 days = 23.01.2027: a meter due that day is listed, the next day's is not
    readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-500", "3", verified_on=date(2021, 1, 23),
                                  interval_years=6), now=NOW)
    readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-501", "3", verified_on=date(2021, 1, 24),
                                  interval_years=6), now=NOW)
    for due in (readings.verification_due(today=TODAY, within_days=60), readings.verification_due(today=TODAY)):
        days_left = {d.serial: d.days_left for d in due}
        assert days_left.get("ХВ-500") == 60
        assert "ХВ-501" not in days_left


def test_a_serial_shared_by_two_meters_is_told_apart_by_the_premise(house, tmp_path):
    # meters of two resources from different makers may carry one serial
    first = readings.add_meter(MeterInput(Resource.COLD_WATER, "С-9", "3"), now=NOW)
    readings.add_meter(MeterInput(Resource.HOT_WATER, "С-9", "4"), now=NOW)
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, [["3", "С-9", "20.10.2026", 15], ["", "С-9", "20.10.2026", 16]])
    preview = readings.preview_readings(path, today=TODAY)
    assert [(c.row.row, c.meter_id) for c in preview.checked if c.meter_id is not None] == [(2, first)]
    assert [(e.row, e.message) for e in preview.errors] == [
        (3, "несколько счётчиков с номером «С-9»: укажите помещение или лицевой счёт.")]
