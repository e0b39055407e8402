"""The Doma («Дома») meter template with «создавать счётчики»: the row fills the new
meter's card (resource from the short codes, tariffs, verification and installation
dates, place), one new meter may carry several months, and the checks of a meter
already kept apply to it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tsj_desk.domain.errors import ImportRejected
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import ImportBatch, Meter, Reading

from tests.cli_run import run
from tests.conftest import NOW, SAMPLES, TODAY

DOMA_HEADER = ["Адрес", "Помещение", "Тип помещения", "Лицевой счет", "Тип счетчика", "Номер счетчика",
               "Количество тарифов", "Показание 1", "Показание 2", "Показание 3", "Показание 4",
               "Дата передачи показаний", "Дата поверки", "Дата следующей поверки", "Дата установки",
               "Дата ввода в эксплуатацию", "Дата опломбирования", "Дата контрольных показаний",
               "Место установки счетчика", "Автоматический", "Дата вывода из эксплуатации"]
ADDRESS = "г. Коломна, ул. Лесная, д. 5"


def doma_row(flat, kind, serial, tariffs, values, taken, verified="", due="", installed="", place=""):
    """One line of the template, as Doma's sample fills it (text cells, decimal comma)."""
    v = list(values) + [None] * (4 - len(values))
    return [ADDRESS, flat, "Квартира", "", kind, serial, tariffs, *v, taken, verified, due, installed,
            installed, None, None, place, "Нет", None]


def doma_file(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(DOMA_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


CARDS = [
    # the same hot-water meter in two months, October written first
    doma_row("2", "ГВС", "ГВ-700", 1, ["48"], "20.10.2026", "15.04.2022", "15.04.2028", "10.04.2022", "Ванная"),
    doma_row("2", "ГВС", "ГВ-700", 1, ["45,5"], "20.09.2026", "15.04.2022", "15.04.2028", "10.04.2022", "Ванная"),
    doma_row("3", "ЭЛ", "Э-300", 2, ["1200", "500"], "21.10.2026", "01.08.2010", "01.08.2026", "01.08.2010",
             "Лестничная площадка"),
    doma_row("4", "ТЕПЛО", "Т-4", 1, ["3,25"], "22.10.2026"),
    doma_row("5", "ГАЗ", "Г-5", 1, ["1024"], "23.10.2026", "05.05.2020", "05.05.2030", "05.05.2020", "Кухня"),
    doma_row("6", "ХВС", "ХВ-6", None, ["10"], "24.10.2026"),
]


@pytest.fixture
def flats(db):
    """Premises 1–6 and Н-1 of the simple register, no meters."""
    import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)


def cards() -> dict[str, readings.MeterInfo]:
    return {m.serial: m for m in readings.list_meters(include_archived=True)}


def test_each_row_fills_the_card_of_its_new_meter(flats, tmp_path):
    path = doma_file(tmp_path / "doma.xlsx", CARDS)
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.rows, report.imported, report.errors) == (6, 6, [])
    found = cards()
    assert sorted(found) == ["Г-5", "ГВ-700", "Т-4", "ХВ-6", "Э-300"]  # one card for two months
    hot = found["ГВ-700"]
    assert (hot.premise_number, hot.resource, hot.tariffs, hot.place, hot.is_common) == (
        "2", Resource.HOT_WATER, 1, "Ванная", False)
    assert (hot.installed_on, hot.verified_on, hot.next_verification, hot.interval_years) == (
        date(2022, 4, 10), date(2022, 4, 15), date(2028, 4, 15), 6)
    power = found["Э-300"]
    assert (power.premise_number, power.resource, power.tariffs, power.place, power.interval_years) == (
        "3", Resource.ELECTRICITY, 2, "Лестничная площадка", 16)
    heat = found["Т-4"]
    assert (heat.resource, heat.tariffs, heat.verified_on, heat.next_verification, heat.place) == (
        Resource.HEAT, 1, None, None, "")
    gas = found["Г-5"]
    assert (gas.resource, gas.place, gas.next_verification, gas.interval_years) == (
        Resource.GAS, "Кухня", date(2030, 5, 5), 10)
    assert (found["ХВ-6"].resource, found["ХВ-6"].tariffs) == (Resource.COLD_WATER, 1)

    # the two months are the new meter's history: September, then October, 2,5 m³ between
    history = readings.meter_history(hot.id)
    assert [(p.period, p.values[0], p.taken_on) for p in history] == [
        ("2026-09", 45.5, date(2026, 9, 20)), ("2026-10", 48.0, date(2026, 10, 20))]
    assert history[-1].consumption == 2.5
    assert readings.meter_history(power.id)[-1].values == (1200.0, 500.0, None)
    # the verification of Э-300 ended on 01.08.2026: its October reading is flagged for review
    flagged = Reading.get(Reading.meter == power.id).flagged
    assert flagged == "срок поверки истёк 01.08.2026."
    assert [w.row for w in report.warnings] == [4]
    assert ImportBatch.get_by_id(report.batch_id).meters_created == 5


def test_a_decrease_between_two_months_of_a_new_meter_is_an_error_and_nothing_is_made(flats, tmp_path):
    path = doma_file(tmp_path / "doma.xlsx", [
        doma_row("2", "ГВС", "ГВ-700", 1, ["45"], "20.10.2026"),
        doma_row("2", "ГВС", "ГВ-700", 1, ["50"], "20.09.2026"),
    ])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    # September is checked first, October against it
    assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
        (2, "Показание 1", "показание Т1 45 меньше предыдущего 50.")]
    assert (Meter.select().count(), Reading.select().count()) == (0, 0)


def test_the_same_month_twice_is_a_repeat_or_a_conflict_not_a_second_meter(flats, tmp_path):
    same = doma_file(tmp_path / "повтор.xlsx", [doma_row("2", "ГВС", "ГВ-700", 1, ["45"], "20.10.2026")] * 2)
    report = readings.import_readings(same, today=TODAY, now=NOW, create_meters=True)
    assert (report.imported, [w.message for w in report.warnings]) == (1, ["повтор строки 2: пропущено."])
    assert Meter.select().count() == 1

    other = doma_file(tmp_path / "разные.xlsx", [doma_row("3", "ХВС", "ХВ-3", 1, ["7"], "20.10.2026"),
                                                 doma_row("3", "ХВС", "ХВ-3", 1, ["8"], "21.10.2026")])
    with pytest.raises(ImportRejected) as caught:
        readings.import_readings(other, today=TODAY, now=NOW, create_meters=True)
    assert [(e.row, e.message) for e in caught.value.errors] == [
        (3, "счётчик «ХВ-3» за этот период уже указан в строке 2 с другими показаниями.")]
    assert Meter.select().count() == 1


def test_a_two_tariff_card_needs_both_values_and_the_card_dates_are_checked(flats, tmp_path):
    path = doma_file(tmp_path / "doma.xlsx", [
        doma_row("1", "ЭЭ", "Э-1", 2, ["100"], "20.10.2026"),
        doma_row("2", "ХВС", "ХВ-2", 1, ["5"], "20.10.2026", "01.12.2026", "01.12.2032"),
        doma_row("3", "ХВС", "ХВ-3", 4, ["5"], "20.10.2026"),
        doma_row("4", "ГВС", "ГВ-4", 1, ["5"], "20.10.2026", "01.03.2021", "01.03.2020"),
        doma_row("5", "ГВС", "ГВ-5", 1, ["5"], "20.10.2026", installed="25.12.2026"),
        doma_row("6", "ЭЭ", "Э-6", 3, ["100", "50"], "20.10.2026"),
    ])
    preview = readings.preview_readings(path, today=TODAY, create_meters=True)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "Показание 2", "для двухтарифного счётчика нужно показание Т2."),
        (3, "Дата поверки", "дата поверки 01.12.2026 ещё не наступила."),
        (4, "Количество тарифов", "количество тарифов 4: счётчик может быть одно-, двух- или трёхтарифным."),
        (5, "Дата следующей поверки", "дата следующей поверки 01.03.2020 не позже даты поверки 01.03.2021."),
        (6, "Дата установки", "дата установки 25.12.2026 ещё не наступила."),
        (7, "Показание 3", "для трёхтарифного счётчика нужно показание Т3."),
    ]


def test_a_reading_before_the_installation_of_a_new_meter_is_flagged(flats, tmp_path):
    path = doma_file(tmp_path / "doma.xlsx", [
        doma_row("2", "ХВС", "ХВ-2", 1, ["5"], "20.09.2026", "01.10.2026", "01.10.2032", "01.10.2026")])
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [w.message for w in report.warnings] == [
        "дата показаний 20.09.2026 раньше даты установки счётчика 01.10.2026."]
    assert report.imported == 1 and not report.warnings[0].is_error  # flagged, not refused


def test_the_command_line_creates_the_same_cards(tmp_path, capsys):
    base = tmp_path / "офис.sqlite3"
    assert run(capsys, "import-registry", SAMPLES / "registry_simple.xlsx", "--db", base)[0] == 0
    path = doma_file(tmp_path / "doma.xlsx", CARDS)
    code, out, err = run(capsys, "import-readings", path, "--db", base, "--create-meters", "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert (payload["rows"], payload["valid"], payload["imported"], payload["errors"]) == (6, 6, 6, [])
    assert payload["warnings"] == [{"row": 4, "column": None, "message": "срок поверки истёк 01.08.2026."}]
    code, out, err = run(capsys, "meter", "list", "--db", base, "--json")
    assert code == 0, err
    listed = {m["serial"]: m for m in json.loads(out)}
    assert {k: listed["ГВ-700"][k] for k in ("premise_number", "resource", "tariffs", "place", "installed_on",
                                              "verified_on", "next_verification", "interval_years")} == {
        "premise_number": "2", "resource": "hot_water", "tariffs": 1, "place": "Ванная",
        "installed_on": "2022-04-10", "verified_on": "2022-04-15", "next_verification": "2028-04-15",
        "interval_years": 6}
    assert (listed["Э-300"]["resource"], listed["Э-300"]["tariffs"]) == ("electricity", 2)
    assert (listed["Т-4"]["resource"], listed["Г-5"]["resource"]) == ("heat", "gas")
    # the same file again: every reading is already there, nothing new is made
    code, out, _ = run(capsys, "import-readings", path, "--db", base, "--create-meters", "--json")
    assert code == 0 and json.loads(out)["imported"] == 0
    code, out, _ = run(capsys, "meter", "list", "--db", base, "--json")
    assert len(json.loads(out)) == 5


@pytest.mark.parametrize(("code", "resource"), [
    ("ГВС", Resource.HOT_WATER), ("ХВС", Resource.COLD_WATER), ("ЭЛ", Resource.ELECTRICITY),
    ("ТЕПЛО", Resource.HEAT), ("ГАЗ", Resource.GAS), ("ЭЭ", Resource.ELECTRICITY),
    ("Электроэнергия", Resource.ELECTRICITY), ("Газ", Resource.GAS), ("Отопление", Resource.HEAT),
    ("ХВ", Resource.COLD_WATER), ("ГВ", Resource.HOT_WATER), ("Х/В", Resource.COLD_WATER),
    ("Г/В", Resource.HOT_WATER), ("Э/Э", Resource.ELECTRICITY), ("Т/Э", Resource.HEAT),
    ("Вода холодная", Resource.COLD_WATER), ("XBC", Resource.COLD_WATER),
])
def test_the_type_codes_of_the_template_give_the_meters_resource(flats, tmp_path, code, resource):
    path = doma_file(tmp_path / "doma.xlsx", [doma_row("1", code, "N-1", 1, ["5"], "20.10.2026")])
    readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert cards()["N-1"].resource is resource


def test_a_type_that_is_no_meter_resource_is_not_guessed(flats, tmp_path):
    path = doma_file(tmp_path / "doma.xlsx", [doma_row("1", "Водоотведение", "N-1", 1, ["5"], "20.10.2026")])
    preview = readings.preview_readings(path, today=TODAY, create_meters=True)
    assert [e.message for e in preview.errors] == [
        "счётчик «N-1» не найден, а ресурс не указан — создать его нельзя."]


def test_card_dates_of_today_are_accepted_and_a_next_date_equal_to_the_last_is_not(flats, tmp_path):
    today = f"{TODAY:%d.%m.%Y}"
    path = doma_file(tmp_path / "doma.xlsx", [
        doma_row("1", "ХВС", "ХВ-1", 1, ["5"], today, today, "24.11.2032", today),
        doma_row("2", "ХВС", "ХВ-2", 1, ["5"], "20.11.2026", "01.03.2021", "01.03.2021"),
    ])
    preview = readings.preview_readings(path, today=TODAY, create_meters=True)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Дата следующей поверки")]
    assert preview.warnings == []  # read on the day of installation: nothing to flag


def test_the_newest_month_gives_the_card_and_the_tariffs_come_from_the_values(flats, tmp_path):
    path = doma_file(tmp_path / "doma.xlsx", [
        # re-verified in October: the October row's dates are the card's, whatever the order
        doma_row("2", "ГВС", "ГВ-7", None, ["48"], "20.10.2026", "05.10.2026", "05.10.2032", "", "Ванная"),
        doma_row("2", "ГВС", "ГВ-7", None, ["45"], "20.09.2026", "01.09.2020", "01.09.2026", "01.09.2020", "Кухня"),
        doma_row("3", "ЭЭ", "Э-3", None, ["100", "50"], "20.10.2026"),
        doma_row("4", "ЭЭ", "Э-4", 3, ["100", "50", "20"], "20.10.2026", "01.02.2020", "15.02.2036"),
        doma_row("5", "ЭЭ", "Э-5", None, ["100", "50", "20"], "20.10.2026"),
    ])
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert report.errors == []
    found = cards()
    hot = found["ГВ-7"]
    assert (hot.verified_on, hot.next_verification, hot.interval_years, hot.installed_on, hot.place) == (
        date(2026, 10, 5), date(2032, 10, 5), 6, date(2020, 9, 1), "Ванная")
    # the September reading was taken after the verification the September row gives ran out,
    # but the card's (newest) date is what the checks use, as for a kept meter
    assert report.warnings == []
    assert (found["Э-3"].tariffs, found["Э-4"].tariffs, found["Э-5"].tariffs) == (2, 3, 3)
    assert found["Э-4"].interval_years is None  # 16 years and 14 days: no whole interval


@pytest.mark.parametrize(("verified", "due", "years"), [
    ("01.03.2021", "01.03.2022", 1), ("01.03.2010", "01.03.2030", 20), ("01.03.2005", "01.03.2026", None),
    ("01.03.2021", "02.03.2027", None), ("01.03.2021", "", None),
])
def test_the_interval_is_kept_only_when_the_dates_are_whole_years_apart(flats, tmp_path, verified, due, years):
    path = doma_file(tmp_path / "doma.xlsx", [doma_row("1", "ХВС", "ХВ-1", 1, ["5"], "20.10.2026", verified, due)])
    readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert cards()["ХВ-1"].interval_years == years
