"""Common-house meters (ОДПУ) in a readings file without premise and account columns:
found by serial and resource among the meters of the house the file names (in an
«Адрес» column or above the table), created as common meters of that house — or of the
only house — with «создавать счётчики»; several houses and no address is a row error."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tsj_desk.domain.errors import ImportRejected
from tsj_desk.domain.meters import Resource
from tsj_desk.services import meters, readings
from tsj_desk.services.meters import MeterInput
from tsj_desk.services.readings_match import house_of_address
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.database import close_database
from tsj_desk.storage.models import House, Meter, Reading

from tests.cli_run import run
from tests.conftest import NOW, SAMPLES, TODAY
from tests.sheets import sheet
from tests.two_houses import LESNAYA, SADOVAYA, build_two_houses

HEADER = ["Номер прибора учета", "Вид ресурса", "Дата снятия показаний", "Показание"]


def common_cards() -> dict[str, readings.MeterInfo]:
    return {m.serial: m for m in meters.list_meters(common_only=True)}


def periods_of(meter_id: int) -> list[tuple[str, float]]:
    return [(p.period, p.values[0]) for p in readings.meter_history(meter_id)]


@pytest.fixture
def one_house(db):
    """The simple register's house (no address yet) with a common cold-water meter."""
    import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
    house_id = House.select().first().id
    meter_id = meters.add_meter(MeterInput(Resource.COLD_WATER, "ОД-1", house_id=house_id), now=NOW)
    return house_id, meter_id


def test_rows_find_the_common_meter_by_serial_and_resource(one_house, tmp_path):
    house_id, cold = one_house
    heat = meters.add_meter(MeterInput(Resource.HEAT, "ОД-1", house_id=house_id), now=NOW)  # same serial
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОД-1", "ХВС", "25.10.2026", 1500],
                                                 ["ОД-1", "Отопление", "25.10.2026", 81.25]])
    report = readings.import_readings(path, today=TODAY, now=NOW)
    assert (report.imported, report.errors) == (2, [])
    assert periods_of(cold) == [("2026-10", 1500.0)]
    assert periods_of(heat) == [("2026-10", 81.25)]


def test_a_new_common_meter_of_the_only_house_takes_every_month_of_the_file(one_house, tmp_path):
    house_id, _ = one_house
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОД-Т", "Тепловая энергия", "25.10.2026", 120.5],
                                                 ["ОД-Т", "Тепловая энергия", "25.09.2026", 101],
                                                 ["ОД-Т", "Тепловая энергия", "20.11.2026", 140]])
    with pytest.raises(ImportRejected) as caught:  # without «создавать счётчики» it is unknown
        readings.import_readings(path, today=TODAY, now=NOW)
    assert {e.message for e in caught.value.errors} == {
        "счётчик «ОД-Т» не найден. Чтобы завести новые счётчики из файла, загрузите его с параметром "
        "--create-meters (в окне загрузки — отметка «Создавать неизвестные счётчики»)."}
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.rows, report.imported, report.errors) == (3, 3, [])
    card = common_cards()["ОД-Т"]
    assert (card.is_common, card.house_id, card.resource, card.premise_number) == (
        True, house_id, Resource.HEAT, "")
    assert periods_of(card.id) == [("2026-09", 101.0), ("2026-10", 120.5), ("2026-11", 140.0)]
    assert readings.meter_history(card.id)[-1].consumption == 19.5


def test_two_houses_each_row_goes_to_the_house_of_its_address_column(db, tmp_path):
    houses = build_two_houses()
    path = sheet(tmp_path / "одпу.xlsx", ["Адрес дома", *HEADER], [
        ["Московская обл., " + SADOVAYA, "С-ОДПУ", "ХВС", "25.10.2026", 640],
        [LESNAYA, "Л-ОДПУ", "Отопление", "25.10.2026", 55.5],
        [LESNAYA, "Л-ЭЭ-1", "Электроэнергия", "25.10.2026", 30100],
        [SADOVAYA, "С-ЭЭ-1", "Электроэнергия", "25.10.2026", 12000],
    ])
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.imported, report.errors) == (4, [])
    found = common_cards()
    assert {serial: m.house_id for serial, m in found.items()} == {
        "Л-ОДПУ": houses["lesnaya"], "С-ОДПУ": houses["sadovaya"],
        "Л-ЭЭ-1": houses["lesnaya"], "С-ЭЭ-1": houses["sadovaya"]}
    assert periods_of(found["С-ОДПУ"].id) == [("2026-10", 640.0)]
    assert periods_of(found["Л-ЭЭ-1"].id) == [("2026-10", 30100.0)]


def test_two_houses_the_address_above_the_table_names_the_house(db, tmp_path):
    houses = build_two_houses()
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОДПУ-ГВ", "ГВС", "25.10.2026", 310]],
                 titles=(f"Показания общедомовых приборов учёта по адресу: {SADOVAYA}", "за октябрь 2026 г."))
    readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    card = common_cards()["ОДПУ-ГВ"]
    assert (card.house_id, card.resource) == (houses["sadovaya"], Resource.HOT_WATER)


def test_two_houses_and_no_address_is_a_row_error_and_nothing_is_made(db, tmp_path):
    build_two_houses()
    before = Meter.select().count()
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОДПУ-ГВ", "ГВС", "25.10.2026", 310]])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [(
        2, "Номер прибора учета",
        "счётчик «ОДПУ-ГВ» не найден, а в базе несколько домов и в файле не указан адрес дома — создать "
        "общедомовой счётчик нельзя: укажите адрес над таблицей («Адрес: г. …, ул. …, д. …») или в "
        "столбце «Адрес».")]
    unknown = sheet(tmp_path / "чужой.xlsx", ["Адрес", *HEADER],
                    [["г. Коломна, ул. Полевая, д. 3", "ОДПУ-ГВ", "ГВС", "25.10.2026", 310]])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(unknown, today=TODAY, now=NOW, create_meters=True)
    assert caught.value.errors[0].message == (
        "счётчик «ОДПУ-ГВ» не найден, а дома «г. Коломна, ул. Полевая, д. 3» в базе нет — создать "
        "общедомовой счётчик нельзя: сверьте адрес в файле с адресом дома.")
    assert (Meter.select().count(), Reading.select().count()) == (before, 0)


def test_a_known_common_meter_of_another_house_never_takes_the_reading(db, tmp_path):
    houses = build_two_houses()
    path = sheet(tmp_path / "одпу.xlsx", ["Адрес", *HEADER], [[LESNAYA, "С-ОДПУ", "ХВС", "25.10.2026", 640]])
    preview = readings.preview_readings(path, today=TODAY, create_meters=True)
    assert [e.message for e in preview.errors] == [f"счётчик «С-ОДПУ» в доме «{LESNAYA}» не найден."]
    # the same row naming its own house finds it
    right = sheet(tmp_path / "верно.xlsx", ["Адрес", *HEADER], [[SADOVAYA, "С-ОДПУ", "ХВС", "25.10.2026", 640]])
    report = readings.import_readings(right, today=TODAY, now=NOW)
    meter = common_cards()["С-ОДПУ"]
    assert (report.imported, meter.house_id, periods_of(meter.id)) == (1, houses["sadovaya"], [("2026-10", 640.0)])


@pytest.mark.parametrize(("address", "street"), [
    ("г. Коломна, ул. Лесная, д. 5", "lesnaya"),
    ("Московская обл., г.Коломна, ул.Лесная, д.5", "lesnaya"),
    ("140400, Московская область, город Коломна, улица Садовая, дом 12", "sadovaya"),
    ("г. Коломна, ул. Садовая, д. 12, кв. 4", "sadovaya"),
    ("г. Коломна, ул. Садовая, д. 15", None),
    ("г. Коломна", None),
])
def test_an_address_names_a_house_whatever_its_spelling(address, street):
    houses = {1: LESNAYA, 2: SADOVAYA}
    assert house_of_address(address, houses) == {"lesnaya": 1, "sadovaya": 2, None: None}[street]


def test_the_command_line_makes_common_meters_of_the_house_the_title_names(db, db_target, tmp_path, capsys):
    houses = build_two_houses()
    close_database()  # the command line opens the base itself
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОДПУ-Э", "ЭЭ", "25.09.2026", 5000],
                                                 ["ОДПУ-Э", "ЭЭ", "25.10.2026", 5600]],
                 titles=(f"Адрес: {LESNAYA}",))
    code, out, err = run(capsys, "import-readings", path, "--db", db_target, "--create-meters", "--json")
    assert code == 0, err
    assert json.loads(out) == {"rows": 2, "valid": 2, "imported": 2, "errors": [], "warnings": []}
    code, out, err = run(capsys, "meter", "list", "--db", db_target, "--json")
    assert code == 0, err
    made = next(m for m in json.loads(out) if m["serial"] == "ОДПУ-Э")
    assert (made["is_common"], made["house_id"], made["resource"], made["premise_number"]) == (
        True, houses["lesnaya"], "electricity", "")
    code, out, err = run(capsys, "export-readings", "--db", db_target, "--period", "2026-10",
                         "--out", tmp_path / "реестр.xlsx")
    assert code == 0, err
    rows = readings_register_rows(tmp_path / "реестр.xlsx")
    assert ("ОДПУ", "ЭЭ", "ОДПУ-Э", 5600, 600) in rows


def readings_register_rows(path: Path) -> list[tuple]:
    from openpyxl import load_workbook

    sheet_ = load_workbook(path).active
    found = []
    for cells in sheet_.iter_rows(values_only=True):
        if len(cells) >= 9 and cells[3] and cells[1] == "ОДПУ":
            found.append((cells[1], cells[2], cells[3], cells[5], cells[8]))
    return found


def test_a_dated_row_is_kept_as_the_reading_date(one_house, tmp_path):
    _, cold = one_house
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОД-1", "Х/В", date(2026, 10, 26), 1500]])
    readings.import_readings(path, today=TODAY, now=NOW)
    assert [(p.period, p.taken_on) for p in readings.meter_history(cold)] == [("2026-10", date(2026, 10, 26))]


def test_a_flat_named_only_in_the_address_is_not_taken_for_a_common_meter(one_house, tmp_path):
    path = sheet(tmp_path / "адреса.xlsx", ["Адрес", *HEADER],
                 [["г. Коломна, ул. Лесная, д. 5, кв. 2", "ХВ-77", "ХВС", "25.10.2026", 12]])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [e.message for e in caught.value.errors] == [
        "счётчик «ХВ-77» не найден, а помещение в файле есть только в адресе «г. Коломна, ул. Лесная, д. 5, "
        "кв. 2» — создать счётчик нельзя: добавьте столбец «Помещение»."]
    assert list(common_cards()) == ["ОД-1"]


def test_a_common_meter_replaced_by_one_with_the_same_serial_takes_the_reading(one_house, tmp_path):
    house_id, old = one_house
    new = meters.replace_meter(old, (1400.0, None, None), on=date(2026, 10, 1),
                               new=MeterInput(Resource.COLD_WATER, "ОД-1", house_id=house_id), now=NOW)
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОД-1", "ХВС", "25.10.2026", 1500]])
    readings.import_readings(path, today=TODAY, now=NOW)
    assert periods_of(new) == [("2026-10", 1500.0)]
    assert periods_of(old) == [("2026-10", 1400.0)]  # only its final reading


def test_the_only_house_with_another_address_gets_the_meter_with_a_warning(one_house, tmp_path):
    house_id, _ = one_house
    House.update(address=LESNAYA).where(House.id == house_id).execute()
    path = sheet(tmp_path / "одпу.xlsx", ["Адрес", *HEADER], [[SADOVAYA, "ОД-9", "ГВС", "25.10.2026", 300]])
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [w.message for w in report.warnings] == [
        f"адрес «{SADOVAYA}» в файле не совпадает с адресом дома «{LESNAYA}»; счётчик будет общедомовым "
        "счётчиком этого дома."]
    assert common_cards()["ОД-9"].house_id == house_id
    same = sheet(tmp_path / "тот же.xlsx", ["Адрес", *HEADER], [[LESNAYA, "ОД-8", "ГВС", "25.10.2026", 30]])
    assert readings.import_readings(same, today=TODAY, now=NOW, create_meters=True).warnings == []


def test_a_base_without_houses_cannot_take_a_common_meter(db, tmp_path):
    path = sheet(tmp_path / "одпу.xlsx", HEADER, [["ОД-1", "ХВС", "25.10.2026", 1500]])
    preview = readings.preview_readings(path, today=TODAY, create_meters=True)
    assert [e.message for e in preview.errors] == [
        "счётчик «ОД-1» не найден, а в базе нет ни одного дома — создать общедомовой счётчик нельзя."]


@pytest.mark.parametrize(("address", "house"), [
    ("ул. Лесная, д. 5", 1), ("ул. Лесная, д. 5, корп. 2", 2), ("г. Коломна, ул. Лесная, д. 5", 1),
])
def test_of_two_houses_that_both_fit_the_one_with_the_same_words_is_chosen(address, house):
    assert house_of_address(address, {1: "г. Коломна, ул. Лесная, д. 5",
                                      2: "г. Коломна, ул. Лесная, д. 5, корп. 2"}) == house


def test_two_equally_close_houses_name_none():
    houses = {1: "ул. Лесная, д. 5, корп. 2", 2: "ул. Лесная, д. 5, корп. 3"}
    assert house_of_address("ул. Лесная, д. 5", houses) is None


def test_an_empty_address_cell_leaves_the_house_to_the_title(db, tmp_path):
    houses = build_two_houses()
    path = sheet(tmp_path / "одпу.xlsx", ["Адрес", *HEADER], [[None, "ОДПУ-ГВ", "ГВС", "25.10.2026", 310]],
                 titles=(f"Адрес: {SADOVAYA}",))
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert report.errors == [] and common_cards()["ОДПУ-ГВ"].house_id == houses["sadovaya"]
