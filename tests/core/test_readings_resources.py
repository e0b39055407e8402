"""The resource a readings file gives is compared with the meter's: a row for
electricity never lands on a cold-water meter with the same serial (or the same number
in ГИС ЖКХ), and two meters of different resources may share a serial — the row's
resource picks the right one."""

from __future__ import annotations

import json

import pytest

from tsj_desk.domain.errors import ImportRejected
from tsj_desk.domain.meters import Resource
from tsj_desk.services import meters, readings
from tsj_desk.services.meters import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.database import close_database
from tsj_desk.storage.models import Meter, Reading

from tests.cli_run import run
from tests.conftest import NOW, SAMPLES, TODAY
from tests.sheets import sheet

HEADER = ["Квартира", "Заводской номер", "Услуга", "Дата", "Показание"]


@pytest.fixture
def flats(db):
    """Flat 3: a cold-water meter «С-9»; flat 1: a cold-water meter with its ГИС ЖКХ number."""
    import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
    return {
        "cold": meters.add_meter(MeterInput(Resource.COLD_WATER, "С-9", "3"), now=NOW),
        "gis": meters.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-1", "1", gis_number="G-1"), now=NOW),
    }


def readings_of(meter_id: int) -> list[tuple[str, float]]:
    return [(p.period, p.values[0]) for p in readings.meter_history(meter_id)]


def test_an_electricity_row_never_lands_on_the_cold_water_meter_of_its_serial(flats, tmp_path):
    path = sheet(tmp_path / "п.xlsx", HEADER, [["3", "С-9", "Электроэнергия", "20.10.2026", 4100]])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW)
    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (2, "Заводской номер", "счётчик «С-9» в базе — холодная вода (помещение 3), а в строке — электроэнергия.")]
    assert Reading.select().count() == 0


def test_the_number_in_gis_of_a_meter_of_another_resource_is_refused(flats, tmp_path):
    path = sheet(tmp_path / "гис.xlsx", ["Номер ПУ в ГИС ЖКХ", "Коммунальный ресурс", "Период", "Т1"],
                 [["G-1", "Электрическая энергия", "10.2026", 4100]])
    for create in (False, True):  # the number is the other meter's: no new meter takes it
        preview = readings.preview_readings(path, today=TODAY, create_meters=create)
        assert [e.message for e in preview.errors] == [
            "номер в ГИС ЖКХ «G-1» в базе у счётчика «ХВ-1» — холодная вода (помещение 1), а в строке — "
            "электроэнергия."]


def test_two_meters_sharing_a_serial_are_told_apart_by_the_resource(flats, tmp_path):
    power = meters.add_meter(MeterInput(Resource.ELECTRICITY, "С-9", "3"), now=NOW)
    path = sheet(tmp_path / "п.xlsx", HEADER, [["3", "С-9", "Э/Э", "20.10.2026", 4100],
                                               ["3", "С-9", "Х/В", "20.10.2026", 12.5]])
    report = readings.import_readings(path, today=TODAY, now=NOW)
    assert (report.imported, report.errors) == (2, [])
    assert readings_of(power) == [("2026-10", 4100.0)]
    assert readings_of(flats["cold"]) == [("2026-10", 12.5)]
    # without the resource the serial alone names two meters of one flat
    bare = sheet(tmp_path / "без услуги.xlsx", ["Квартира", "Заводской номер", "Дата", "Показание"],
                 [["3", "С-9", "20.11.2026", 13]])
    preview = readings.preview_readings(bare, today=TODAY)
    assert [e.message for e in preview.errors] == [
        "несколько счётчиков с номером «С-9»: укажите помещение или лицевой счёт."]


def test_with_create_meters_the_other_resource_gets_its_own_meter(flats, tmp_path):
    path = sheet(tmp_path / "п.xlsx", HEADER, [["3", "С-9", "ЭЛ", "20.10.2026", 4100],
                                               ["3", "С-9", "ХВС", "20.10.2026", 12.5]])
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.imported, report.errors) == (2, [])
    assert [(w.row, w.message) for w in report.warnings] == [
        (2, "с номером «С-9» в базе есть счётчик другого ресурса — холодная вода (помещение 3); "
            "этот будет отдельным.")]
    same_serial = {m.resource: m for m in meters.list_meters(premise_number="3")}
    assert set(same_serial) == {Resource.COLD_WATER, Resource.ELECTRICITY}
    assert readings_of(same_serial[Resource.ELECTRICITY].id) == [("2026-10", 4100.0)]
    assert readings_of(flats["cold"]) == [("2026-10", 12.5)]


def test_the_command_line_refuses_the_wrong_resource_and_creates_the_right_meter(flats, db_target, tmp_path,
                                                                                 capsys):
    close_database()  # the command line opens the base itself
    path = sheet(tmp_path / "п.xlsx", HEADER, [["3", "С-9", "Газ", "20.10.2026", 310]])
    code, out, _ = run(capsys, "import-readings", path, "--db", db_target, "--json")
    assert code == 1
    assert json.loads(out)["errors"] == [{"row": 2, "column": "Заводской номер", "message":
                                          "счётчик «С-9» в базе — холодная вода (помещение 3), а в строке — газ."}]
    code, out, err = run(capsys, "import-readings", path, "--db", db_target, "--json", "--create-meters")
    assert code == 0, err
    assert json.loads(out)["imported"] == 1
    code, out, _ = run(capsys, "meter", "list", "--db", db_target, "--json")
    assert sorted((m["serial"], m["resource"], m["premise_number"]) for m in json.loads(out)) == [
        ("С-9", "cold_water", "3"), ("С-9", "gas", "3"), ("ХВ-1", "cold_water", "1")]


def test_the_samples_still_find_their_meters(flats, samples):
    """The ГИС ЖКХ sample names resources as words («Холодная вода», «Электрическая
    энергия»): they agree with the meters and every reading goes in."""
    Meter.delete().execute()
    made = {}
    for resource, serial, gis, tariffs in ((Resource.COLD_WATER, "ХВ-11045", "GIS-000145", 1),
                                           (Resource.HOT_WATER, "ГВ-2001", "GIS-000146", 1),
                                           (Resource.ELECTRICITY, "Э-5550132", "GIS-000147", 2)):
        made[serial] = meters.add_meter(MeterInput(resource, serial, "1", tariffs=tariffs, gis_number=gis), now=NOW)
    report = readings.import_readings(samples / "readings_gis.xlsx", today=TODAY, now=NOW)
    assert (report.imported, report.errors) == (3, [])
    assert readings_of(made["ГВ-2001"]) == [("2026-10", 77.5)]


def test_without_a_resource_column_the_number_in_gis_still_finds_its_meter(flats, tmp_path):
    path = sheet(tmp_path / "гис.xlsx", ["Номер ПУ в ГИС ЖКХ", "Период", "Т1"], [["G-1", "10.2026", 4.5]])
    report = readings.import_readings(path, today=TODAY, now=NOW)
    assert readings_of(flats["gis"]) == [("2026-10", 4.5)] and report.imported == 1


def test_every_meter_of_the_serial_is_named_when_none_has_the_rows_resource(flats, tmp_path):
    meters.add_meter(MeterInput(Resource.HOT_WATER, "С-9", "4"), now=NOW)
    path = sheet(tmp_path / "п.xlsx", HEADER, [["3", "С-9", "Отопление", "20.10.2026", 4]])
    preview = readings.preview_readings(path, today=TODAY)
    assert [e.message for e in preview.errors] == [
        "счётчики «С-9» в базе — холодная вода (помещение 3), горячая вода (помещение 4), а в строке — "
        "тепловая энергия."]
