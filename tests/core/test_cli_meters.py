"""``tsj-desk meter add|list`` and, end to end through the command line only, a fresh
base whose meters get their ГИС ЖКХ numbers and then take a ГИС ЖКХ readings file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.cli_run import register_base, run


@pytest.fixture
def base(tmp_path, db_target, capsys) -> Path:
    """A fresh base with premises 1–6 and Н-1, made by the register import."""
    return register_base(tmp_path, capsys, db_target)


def listed(capsys, db: Path) -> list[dict]:
    code, out, err = run(capsys, "meter", "list", "--db", db, "--json")
    assert code == 0, err
    return json.loads(out)


def gis_readings_file(path: Path, rows: list[list]) -> Path:
    """The ГИС ЖКХ «Импорт показаний ИПУ» layout (tests/samples/readings_gis.xlsx)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Импорт показаний ИПУ"
    sheet.append(["Адрес дома", "Номер ПУ в ГИС ЖКХ", "Коммунальный ресурс",
                  "Период, за который передаются показания", "Значение показания (Т1)",
                  "Значение показания (Т2), является обязательным для двух- и трехтарифного ПУ",
                  "Значение показания (Т3), является обязательным для трехтарифного ПУ",
                  "Дата снятия показания"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_fresh_base_meters_by_command_line_take_the_gis_readings_file(base, capsys, tmp_path):
    meters = [("1", "ХВС", "ХВ-101", "1111-0001", "1", "15,5"),
              ("1", "ГВС", "ГВ-102", "1111-0002", "1", "7"),
              ("2", "ЭЭ", "Э-201", "1111-0003", "2", "1000")]
    for premise, resource, serial, gis, tariffs, initial in meters:
        code, out, err = run(capsys, "meter", "add", "--db", base, "--premise", premise, "--resource", resource,
                             "--serial", serial, "--gis-number", gis, "--tariffs", tariffs,
                             "--verified", "2024-05-20", "--interval", "6", "--initial", initial)
        assert code == 0, err
        assert f"«{serial}»" in out
    address = "г. Коломна, ул. Лесная, д. 5"
    file = gis_readings_file(tmp_path / "gis.xlsx", [
        [address, "1111-0001", "Холодная вода", "11.2026", 21.25, None, None, datetime(2026, 11, 20)],
        [address, "1111-0002", "Горячая вода", "11.2026", 9.5, None, None, "20.11.2026"],
        [address, "1111-0003", "Электрическая энергия", "11.2026", 1150, 420, None, datetime(2026, 11, 21)],
    ])
    code, out, err = run(capsys, "import-readings", file, "--db", base)
    assert code == 0, err
    assert "Загружено: 3 строки из 3." in out
    found = {m["gis_number"]: m for m in listed(capsys, base)}
    assert set(found) == {"1111-0001", "1111-0002", "1111-0003"}
    assert found["1111-0001"]["premise_number"] == "1" and found["1111-0001"]["initial"][0] == 15.5
    assert found["1111-0001"]["next_verification"] == "2030-05-20"
    assert found["1111-0001"]["last_reading"] == {"period": "2026-11", "taken_on": "2026-11-20",
                                                  "values": [21.25, None, None]}
    assert found["1111-0003"]["last_reading"]["values"] == [1150, 420, None]
    assert found["1111-0002"]["last_reading"]["taken_on"] == "2026-11-20"


def test_list_gives_each_meter_its_id_and_fields(base, capsys):
    code, out, _ = run(capsys, "meter", "add", "--db", base, "--premise", "3", "--resource", "газ",
                       "--serial", "Г-1", "--model", "СГМН-1", "--place", "кухня")
    assert code == 0 and "добавлен: помещение № 3" in out
    code, out, _ = run(capsys, "meter", "add", "--db", base, "--common", "--resource", "отопление",
                       "--serial", "ОДПУ-1")
    assert code == 0 and "общедомовой" in out
    items = listed(capsys, base)
    assert [(m["serial"], m["premise_number"], m["is_common"], m["resource"]) for m in items] == [
        ("ОДПУ-1", "", True, "heat"), ("Г-1", "3", False, "gas")]
    assert len({m["id"] for m in items}) == 2
    assert (items[1]["model"], items[1]["place"], items[1]["tariffs"]) == ("СГМН-1", "кухня", 1)


@pytest.mark.parametrize(("extra", "code", "words"), [
    (["--premise", "77", "--resource", "ХВС", "--serial", "Н-1"], 2, "Помещение № 77 не найдено"),
    (["--premise", "1", "--resource", "пар", "--serial", "Н-1"], 2, "Неизвестный ресурс «пар»"),
    (["--premise", "1", "--resource", "ХВС", "--serial", "Н-1", "--tariffs", "4"], 1, "тарифов от 1 до 3"),
    (["--premise", "1", "--resource", "ХВС", "--serial", "Н-1", "--verified", "2026-12-01"], 1,
     "Дата поверки 01.12.2026 ещё не наступила"),
    (["--premise", "1", "--resource", "ХВС", "--serial", "Н-1", "--verified", "2026/12/01"], 2,
     "ГГГГ-ММ-ДД"),
    (["--premise", "2", "--resource", "ХВС", "--serial", "ХВ-1"], 1, "«ХВ-1» уже есть"),
    (["--premise", "2", "--resource", "ГВС", "--serial", "ГВ-9", "--gis-number", "G-1"], 1,
     "«G-1» уже указан у счётчика «ХВ-1»"),
    (["--resource", "ХВС", "--serial", "Н-1"], 2, "Укажите помещение (--premise) или --common"),
    (["--premise", "1", "--common", "--resource", "ХВС", "--serial", "Н-1"], 2, "уберите --premise"),
    (["--premise", "1", "--house", "9", "--resource", "ХВС", "--serial", "Н-1"], 2, "Дом № 9 не найден"),
    (["--premise", "1", "--resource", "ХВС", "--serial", "Н-1", "--initial", "1", "2", "3", "4"], 2,
     "не больше трёх"),
    (["--premise", "1", "--resource", "ХВС", "--serial", "Н-1", "--initial", "10", "5"], 1,
     "У однотарифного счётчика нет показания Т2"),
    (["--premise", "1", "--resource", "ХВС", "--serial", "Н-1", "--initial", "много"], 2, "«много» — не число"),
])
def test_refusals_say_why_and_add_nothing(base, capsys, extra, code, words):
    assert run(capsys, "meter", "add", "--db", base, "--premise", "1", "--resource", "ХВС",
               "--serial", "ХВ-1", "--gis-number", "G-1")[0] == 0
    got, out, err = run(capsys, "meter", "add", "--db", base, *extra)
    assert (got, out) == (code, "")
    assert words in err
    assert [m["serial"] for m in listed(capsys, base)] == ["ХВ-1"]


def test_missing_base_is_a_bad_argument(tmp_path, capsys):
    code, _, err = run(capsys, "meter", "list", "--db", tmp_path / "нет.sqlite3", "--json")
    assert code == 2 and "не найдена" in err


def test_with_two_houses_the_house_picks_the_premise(base, capsys):
    from tsj_desk.services.organization import add_house
    from tsj_desk.services.premises import add_premise
    from tsj_desk.services.session import close_session, open_session
    from tests.conftest import NOW

    open_session(base, now=NOW)
    try:
        add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=NOW)  # the register's house
        second = add_house({"address": "г. Коломна, ул. Лесная, д. 7"}, now=NOW).id
        add_premise(second, {"number": "1"}, now=NOW)
    finally:
        close_session()
    code, out, err = run(capsys, "meter", "add", "--db", base, "--premise", "1", "--resource", "ХВС",
                         "--serial", "ХВ-7-1")
    assert (code, out) == (2, "") and "Помещение № 1 есть в нескольких домах: укажите дом." in err
    code, out, err = run(capsys, "meter", "add", "--db", base, "--common", "--resource", "отопление",
                         "--serial", "ОДПУ-7")
    assert (code, out) == (2, "") and "укажите --house" in err
    for extra in (["--premise", "1", "--house", second], ["--common", "--house", second]):
        code, _, err = run(capsys, "meter", "add", "--db", base, *extra, "--resource", "ХВС",
                           "--serial", f"ХВ-{len(extra)}")
        assert code == 0, err
    items = listed(capsys, base)
    assert {(m["serial"], m["premise_number"], m["house_id"], m["house_address"]) for m in items} == {
        ("ХВ-4", "1", second, "г. Коломна, ул. Лесная, д. 7"), ("ХВ-3", "", second, "г. Коломна, ул. Лесная, д. 7")}
    code, out, _ = run(capsys, "meter", "list", "--db", base, "--house", second, "--json")
    assert code == 0 and len(json.loads(out)) == 2


def test_list_narrows_to_a_premise_and_shows_archived_only_when_asked(base, capsys):
    from datetime import date

    from tsj_desk.services.meters import archive_meter
    from tsj_desk.services.session import close_session, open_session
    from tests.conftest import NOW

    for premise, serial in (("1", "ХВ-1"), ("2", "ХВ-2"), ("2", "ХВ-3")):
        assert run(capsys, "meter", "add", "--db", base, "--premise", premise, "--resource", "ХВС",
                   "--serial", serial)[0] == 0
    open_session(base, now=NOW)
    try:
        archive_meter(3, on=date(2026, 11, 1), now=NOW)
    finally:
        close_session()
    code, out, _ = run(capsys, "meter", "list", "--db", base, "--premise", "2", "--json")
    assert code == 0 and [m["serial"] for m in json.loads(out)] == ["ХВ-2"]
    code, out, _ = run(capsys, "meter", "list", "--db", base, "--premise", "2", "--archived", "--json")
    assert [(m["serial"], m["archived_on"]) for m in json.loads(out)] == [("ХВ-2", None), ("ХВ-3", "2026-11-01")]
