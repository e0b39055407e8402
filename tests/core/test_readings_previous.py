"""The previous reading of each meter, as the page, the register, the grid's checks and
a save find it: the last reading before the period, however far back, read for the
meters concerned only (tests/two_houses.py: Лесная, 5 and Садовая, 12).

Readings written by the test:
- Л-ХВ-1 (Лесная, кв. 1): 06.2026 — 100; 08.2026 — 130,5; 10.2026 — 150,25 (no 07 and 09);
- Л-ГВ-2 (Лесная, кв. 2): 01.2025 — 7, nothing since (outside any six-month window);
- С-ХВ-1 (Садовая, кв. 1): 10.2026 — 12; 11.2026 — 15;
- the common-house meters: none.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.services import readings, readings_billing
from tsj_desk.storage.models import Meter, Reading

from tests.conftest import NOW, TODAY
from tests.two_houses import build_two_houses

WRITTEN = {
    "Л-ХВ-1": [("2026-06", "100"), ("2026-08", "130.5"), ("2026-10", "150.25")],
    "Л-ГВ-2": [("2025-01", "7")],
    "С-ХВ-1": [("2026-10", "12"), ("2026-11", "15")],
}


@pytest.fixture
def houses(db):
    ids = build_two_houses()
    for serial, rows in WRITTEN.items():
        meter = Meter.get(Meter.serial == serial)
        for period, value in rows:
            Reading.create(meter=meter, period=period, t1=Decimal(value), source="manual",
                           taken_on=date(int(period[:4]), int(period[5:]), 20))
    return ids


def lines(period, house_id=None):
    return {line.serial: line for line in readings.entry_sheet(period, house_id=house_id)}


def test_the_previous_reading_is_the_last_one_before_the_period(houses):
    sheet = lines("2026-11")
    assert (sheet["Л-ХВ-1"].previous, sheet["Л-ХВ-1"].previous_period) == ((150.25, None, None), "2026-10")
    assert sheet["Л-ХВ-1"].previous_date == date(2026, 10, 20)
    assert (sheet["Л-ГВ-2"].previous, sheet["Л-ГВ-2"].previous_period) == ((7.0, None, None), "2025-01")
    assert (sheet["С-ХВ-1"].previous, sheet["С-ХВ-1"].current) == ((12.0, None, None), (15.0, None, None))
    assert sheet["Л-ОДПУ"].previous is None and sheet["Л-ОДПУ"].current is None


def test_an_earlier_month_shows_the_reading_before_it_and_its_own(houses):
    september, august = lines("2026-09"), lines("2026-08")
    assert (september["Л-ХВ-1"].previous, september["Л-ХВ-1"].previous_period) == ((130.5, None, None), "2026-08")
    assert september["Л-ХВ-1"].current is None
    assert (august["Л-ХВ-1"].previous, august["Л-ХВ-1"].previous_period) == ((100.0, None, None), "2026-06")
    assert august["Л-ХВ-1"].current == (130.5, None, None)
    assert lines("2026-06")["Л-ХВ-1"].previous is None  # its first reading


def test_a_house_chosen_shows_the_same_previous_readings(houses):
    sheet = lines("2026-11", houses["lesnaya"])
    assert sorted(sheet) == ["Л-ГВ-2", "Л-ОДПУ", "Л-ХВ-1"]
    assert sheet["Л-ХВ-1"].previous == (150.25, None, None)
    assert sheet["Л-ГВ-2"].previous_period == "2025-01"


def test_register_counts_the_consumption_from_the_reading_before(houses):
    rows = {row[3]: row for row in readings.readings_register("2026-10")}
    assert rows["Л-ХВ-1"][5] == 150.25 and rows["Л-ХВ-1"][8] == pytest.approx(19.75)  # 150,25 − 130,5
    assert rows["С-ХВ-1"][5] == 12.0 and rows["С-ХВ-1"][8] is None  # its first reading: nothing before
    assert rows["Л-ГВ-2"][5] is None  # no reading of 10.2026


def test_grid_checks_of_a_house_compare_with_the_previous_reading(houses):
    check = readings_billing.entry_checker("2026-11", today=TODAY, house_id=houses["lesnaya"])
    meter = Meter.get(Meter.serial == "Л-ХВ-1").id
    assert check(meter, (149.0, None, None), date(2026, 11, 20)).errors  # below 150,25
    fine = check(meter, (151.0, None, None), date(2026, 11, 20))
    assert not fine.errors and fine.consumption[0] == pytest.approx(0.75)


def test_save_checks_against_the_previous_reading_and_keeps_the_others(houses):
    meter = Meter.get(Meter.serial == "Л-ХВ-1").id
    with pytest.raises(ValidationFailed):
        readings.save_entries("2026-11", [(meter, (149.0, None, None), date(2026, 11, 20))], today=TODAY, now=NOW)
    assert lines("2026-11")["Л-ХВ-1"].current is None  # nothing saved
    assert readings.save_entries("2026-11", [(meter, (151.0, None, None), date(2026, 11, 20))],
                                 today=TODAY, now=NOW) == 1
    sheet = lines("2026-11")
    assert (sheet["Л-ХВ-1"].previous, sheet["Л-ХВ-1"].current) == ((150.25, None, None), (151.0, None, None))
    assert sheet["С-ХВ-1"].current == (15.0, None, None)
    assert lines("2026-12")["Л-ХВ-1"].previous == (151.0, None, None)


def test_last_readings_of_the_meters_asked(houses):
    first, second = Meter.get(Meter.serial == "Л-ХВ-1").id, Meter.get(Meter.serial == "Л-ГВ-2").id
    found = readings.last_readings([first, second], before="2026-08")
    assert found == {first: ("2026-06", date(2026, 6, 20), (100.0, None, None)),
                     second: ("2025-01", date(2025, 1, 20), (7.0, None, None))}
    assert readings.last_readings([first])[first][0] == "2026-10"
