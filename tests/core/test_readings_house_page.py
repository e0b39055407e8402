"""The readings page of one house (``readings_billing.entry_page`` with a house): its rows
show the reading before the month, and a reading typed into a month nobody has entered
yet is still checked against the meter's year of history; a reading saved with a reason
in the house shown is no error, and a reason saved in another house changes nothing here.

Houses of tests/two_houses.py: Лесная, 5 (Л-ХВ-1 in flat 1, Л-ГВ-2, Л-ОДПУ);
Садовая, 12 (С-ХВ-1 in flat 1, С-ОДПУ).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tsj_desk.domain.lower_readings import LowerReason
from tsj_desk.services import readings, readings_billing, readings_lower
from tsj_desk.storage.models import Meter

from tests.two_houses import build_two_houses

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0)
MONTHS = ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")


@pytest.fixture
def houses(db):
    """Л-ХВ-1 and С-ХВ-1 read 100, 105, …, 125 m³ from May to October: 5 m³ a month."""
    ids = build_two_houses()
    serials = {serial: Meter.get(Meter.serial == serial).id for serial in ("Л-ХВ-1", "С-ХВ-1")}
    for number, period in enumerate(MONTHS):
        readings.save_entries(period, [(meter, (100.0 + 5 * number, None, None), date(2026, 5 + number, 20))
                                       for meter in serials.values()], today=TODAY, now=NOW)
    return ids, serials


def line_of(lines, meter_id):
    return next(line for line in lines if line.meter_id == meter_id)


def test_an_empty_month_shows_the_reading_before_it_and_checks_a_typed_one_against_the_year(houses):
    ids, meters = houses
    lines, check = readings_billing.entry_page("2026-11", today=TODAY, house_id=ids["lesnaya"])
    assert sorted(line.serial for line in lines) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1"]
    cold = line_of(lines, meters["Л-ХВ-1"])
    assert (cold.previous, cold.previous_period, cold.previous_date, cold.current) == (
        (125.0, None, None), "2026-10", date(2026, 10, 20), None)

    usual = check(cold.meter_id, (130.5, None, None), TODAY)
    assert (usual.errors, usual.warnings, usual.consumption) == ([], [], (5.5, None, None))
    # 40 m³ against 5 m³ a month: more than 3 times the usual, known only from the months before
    spike = check(cold.meter_id, (165.0, None, None), TODAY)
    assert spike.consumption == (40.0, None, None)
    assert [m for _, m in spike.warnings] == ["расход 40 м³ больше 3× обычного (5 в месяц) — проверьте."]
    lower = check(cold.meter_id, (120.0, None, None), TODAY)
    assert "показание Т1 120 меньше предыдущего 125." in [m for _, m in lower.errors]


def test_a_month_with_readings_is_checked_as_saved_and_a_reason_counts_only_for_its_meter(houses):
    ids, meters = houses
    # October again for both flats: Лесная's saved lower with a reason, Садовая's typed lower
    readings_lower.save_lower_reading(meters["Л-ХВ-1"], "2026-10", (3.0, None, None), date(2026, 10, 21),
                                      LowerReason.CORRECTION, today=TODAY, now=NOW)
    readings_lower.save_lower_reading(meters["С-ХВ-1"], "2026-10", (7.0, None, None), date(2026, 10, 21),
                                      LowerReason.CORRECTION, today=TODAY, now=NOW)

    lines, check = readings_billing.entry_page("2026-10", today=TODAY, house_id=ids["lesnaya"])
    cold = line_of(lines, meters["Л-ХВ-1"])
    assert (cold.previous, cold.current) == ((120.0, None, None), (3.0, None, None))
    saved = check(cold.meter_id, (3.0, None, None), date(2026, 10, 21))
    assert saved.errors == []
    # saved with its reason: a consumption of 3 − 120 = −117 to count when billing again
    assert [m for _, m in saved.warnings] == [
        "меньше предыдущего: исправление ошибки прошлого показания; расход Т1 за период −117: "
        "прошлое показание 120 было завышено — учтите при перерасчёте."]
    # another value than the one saved with the reason is refused as any lower one
    other = check(cold.meter_id, (7.0, None, None), date(2026, 10, 21))
    assert "показание Т1 7 меньше предыдущего 120." in [m for _, m in other.errors]

    lines, check = readings_billing.entry_page("2026-10", today=TODAY, house_id=ids["sadovaya"])
    flat = line_of(lines, meters["С-ХВ-1"])
    assert flat.current == (7.0, None, None)
    assert check(flat.meter_id, (7.0, None, None), date(2026, 10, 21)).errors == []
    # Лесная's reason (3 m³) is not Садовая's
    assert "показание Т1 3 меньше предыдущего 120." in [
        m for _, m in check(flat.meter_id, (3.0, None, None), date(2026, 10, 21)).errors]
