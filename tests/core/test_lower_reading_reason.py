"""A reading below the previous one: refused without a reason (by hand and by import),
saved with one from the fixed list and kept with it in the history; a replaced meter
goes through the replacement instead."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from tsj_desk.domain.errors import ImportRejected, ValidationFailed
from tsj_desk.domain.lower_readings import LowerReason
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings, readings_lower
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import Meter, Reading

from tests.conftest import TODAY

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def meters(db, samples):
    """Flat 1: a cold-water meter whose card gives no digits, read 99 950 in October;
    a hot-water meter of 5 digits read 150 in October (a mistake: it showed 105)."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    ids = {"cold": readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-1", "1"), now=NOW),
           "hot": readings.add_meter(MeterInput(Resource.HOT_WATER, "ГВ-1", "1", digits=5), now=NOW),
           "five": readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-5", "2", digits=5), now=NOW)}
    readings.save_entries("2026-10", [(ids["cold"], (99950.0, None, None), date(2026, 10, 20)),
                                      (ids["hot"], (150.0, None, None), date(2026, 10, 20)),
                                      (ids["five"], (99950.0, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)
    return ids


def register_row(tmp_path, serial):
    out = tmp_path / "реестр.xlsx"
    readings.export_readings("2026-11", out)
    sheet = load_workbook(out).active
    return next(r for r in sheet.iter_rows(min_row=5, values_only=True) if r[3] == serial)


def test_a_lower_reading_without_a_reason_is_still_refused(meters):
    with pytest.raises(ValidationFailed, match="меньше предыдущего 150"):
        readings.save_entries("2026-11", [(meters["hot"], (120.0, None, None), date(2026, 11, 20))],
                              today=TODAY, now=NOW)
    assert not Reading.select().where(Reading.period == "2026-11").exists()


def test_the_import_keeps_refusing_a_lower_reading(meters, tmp_path):
    path = tmp_path / "показания.xlsx"
    workbook = Workbook()
    workbook.active.append(["Кв.", "Номер счётчика", "Дата снятия", "Т1"])
    workbook.active.append(["1", "ГВ-1", "20.11.2026", 120])
    workbook.save(path)
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW, period="2026-11", backup=False)
    assert "меньше предыдущего 150" in caught.value.errors[0].message
    assert not Reading.select().where(Reading.period == "2026-11").exists()


def test_a_roll_over_of_a_five_digit_meter_counts_80(meters, tmp_path):
    # 99 950 → 00 030: 100 000 − 99 950 + 30 = 80
    typed = (30.0, None, None)
    with pytest.raises(ValidationFailed):  # the card gives no digits: a decrease to the checks
        readings.save_entries("2026-11", [(meters["cold"], typed, date(2026, 11, 20))], today=TODAY, now=NOW)
    found = readings_lower.lower_reading(meters["cold"], "2026-11", typed)
    assert (found.previous[0], found.lower, found.digits) == (99950.0, (0,), None)
    result = readings_lower.save_lower_reading(meters["cold"], "2026-11", typed, date(2026, 11, 20),
                                               LowerReason.ROLLOVER, today=TODAY, now=NOW, digits=5)
    assert result.consumption[0] == 80
    assert Meter.get_by_id(meters["cold"]).digits == 5  # kept: every later consumption agrees
    row = register_row(tmp_path, "ХВ-1")
    assert (row[5], row[8], row[12]) == (30, 80, "переход через ноль")
    assert readings.meter_history(meters["cold"])[-1].consumption == 80
    [_, saved] = readings_lower.reasons_history(meters["cold"])
    assert (saved.period, saved.reason) == ("2026-11", LowerReason.ROLLOVER)


def test_a_meter_whose_card_gives_5_digits_rolls_over_without_a_reason(meters, tmp_path):
    readings.save_entries("2026-11", [(meters["five"], (30.0, None, None), date(2026, 11, 20))],
                          today=TODAY, now=NOW)
    row = register_row(tmp_path, "ХВ-5")
    assert (row[5], row[8], row[12]) == (30, 80, None)


def test_a_roll_over_beyond_a_tenth_of_the_scale_is_refused(meters):
    # ГВ-1 has 5 digits: 150 → 120 through zero would be 99 970 m³ in a month
    with pytest.raises(ValidationFailed, match="больше десятой части шкалы"):
        readings_lower.save_lower_reading(meters["hot"], "2026-11", (120.0, None, None), date(2026, 11, 20),
                                          LowerReason.ROLLOVER, today=TODAY, now=NOW)
    assert not Reading.select().where(Reading.period == "2026-11").exists()


def test_a_correction_is_kept_with_its_reason_and_a_negative_consumption(meters, tmp_path):
    readings_lower.save_lower_reading(meters["hot"], "2026-11", (120.0, None, None), date(2026, 11, 20),
                                      LowerReason.CORRECTION, today=TODAY, now=NOW)
    saved = Reading.get((Reading.meter == meters["hot"]) & (Reading.period == "2026-11"))
    assert (float(saved.t1), saved.reason) == (120.0, "correction")
    assert "исправление ошибки прошлого показания" in saved.flagged
    assert "расход Т1 за период −30" in saved.flagged  # 120 − 150
    [before, corrected] = readings_lower.reasons_history(meters["hot"])
    assert (before.reason, corrected.reason) == (None, LowerReason.CORRECTION)
    row = register_row(tmp_path, "ГВ-1")
    assert (row[5], row[8], row[12]) == (120, -30, "исправление ошибки прошлого показания")
    # the grid shows the saved reading as saved, not as an error
    from tsj_desk.services import readings_billing

    check = readings_billing.entry_checker("2026-11", today=TODAY)
    shown = check(meters["hot"], (120.0, None, None), date(2026, 11, 20))
    assert shown.errors == [] and shown.consumption[0] == -30
    # December is counted from the corrected reading: 125 − 120
    readings.save_entries("2026-12", [(meters["hot"], (125.0, None, None), date(2026, 12, 1))],
                          today=date(2026, 12, 2), now=datetime(2026, 12, 2, 9, 0))
    assert readings.meter_history(meters["hot"])[-1].consumption == 5


def test_a_replaced_meter_is_not_saved_as_a_lower_reading(meters):
    with pytest.raises(ValidationFailed, match="оформите замену"):
        readings_lower.save_lower_reading(meters["hot"], "2026-11", (3.0, None, None), date(2026, 11, 20),
                                          LowerReason.REPLACEMENT, today=TODAY, now=NOW)
    assert not Reading.select().where(Reading.period == "2026-11").exists()


def test_a_reading_saved_again_as_usual_drops_the_reason(meters):
    readings_lower.save_lower_reading(meters["hot"], "2026-11", (120.0, None, None), date(2026, 11, 20),
                                      LowerReason.CORRECTION, today=TODAY, now=NOW)
    readings.save_entries("2026-11", [(meters["hot"], (152.0, None, None), date(2026, 11, 20))],
                          today=TODAY, now=NOW)
    saved = Reading.get((Reading.meter == meters["hot"]) & (Reading.period == "2026-11"))
    assert (float(saved.t1), saved.reason, saved.flagged) == (152.0, None, "")


def test_a_reading_not_lower_needs_no_reason(meters):
    with pytest.raises(ValidationFailed, match="причина не нужна"):
        readings_lower.save_lower_reading(meters["hot"], "2026-11", (151.0, None, None), date(2026, 11, 20),
                                          LowerReason.CORRECTION, today=TODAY, now=NOW)
    assert readings_lower.lower_reading(meters["hot"], "2026-11", (151.0, None, None)) is None


def test_migration_17_gives_old_readings_no_reason_and_keeps_a_new_one(tmp_path):
    """An old filled base's readings have no reason after the upgrade; a correction
    saved afterwards keeps its own, and the old readings stay as they were."""
    from tests.core.test_migrations import build_old_base, needs_trigram, read_rows

    from tsj_desk.services import session

    needs_trigram(9)
    path = tmp_path / "v9.sqlite3"
    build_old_base(path, 9)
    session.open_session(path, now=NOW)
    try:
        # meter 1 of the old base read 17.5 in October: 16 in November corrects it
        readings_lower.save_lower_reading(1, "2026-11", (16.0, None, None), date(2026, 11, 20),
                                          LowerReason.CORRECTION, today=TODAY, now=NOW)
    finally:
        session.close_session()
    assert read_rows(path, "reading", ["meter_id", "period", "t1", "reason"]) == [
        (1, "2026-09", 15.25, None), (1, "2026-10", 17.5, None), (2, "2026-10", 1100.5, None),
        (1, "2026-11", 16, "correction")]


def test_the_command_line_import_refuses_a_lower_reading_and_writes_nothing(meters, db_target, tmp_path,
                                                                             capsys):
    from tsj_desk.cli import main
    from tsj_desk.storage.database import close_database

    path = tmp_path / "показания.xlsx"
    workbook = Workbook()
    workbook.active.append(["Кв.", "Номер счётчика", "Дата снятия", "Т1"])
    workbook.active.append(["1", "ГВ-1", "20.11.2026", 120])
    workbook.save(path)
    close_database()  # the command line opens the base itself
    code = main(["import-readings", str(path), "--db", str(db_target), "--period", "2026-11"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "меньше предыдущего 150" in out + err
    from tsj_desk.storage.database import open_database

    open_database(db_target)
    assert not Reading.select().where(Reading.period == "2026-11").exists()
