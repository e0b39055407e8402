"""A real office from a blank start, only through the command line: the organisation
(a female chairman), its house and three premises; the register export names them in
its title, an act prints «действующая» and the chairman's name. Then each refusal and
its exit code (0 done, 1 refused by the data, 2 bad arguments or an unknown name).

Runs ``tsj_desk.cli.main`` in this process under the suite's fixed clock. ИНН 5032012343
and ОГРН 1155022001232: check digits worked out in tests/core/test_organization.py.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

from tsj_desk.cli import main

from tests.base_rows import rows

NAME = "Товарищество собственников жилья «Берёзка»"
ADDRESS = "Московская обл., г. Коломна, ул. Лесная, д. 5"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))


def office(capsys, db: Path) -> None:
    assert run(capsys, "org", "set", "--db", db, "--kind", "ТСЖ", "--name", NAME,
               "--short-name", "ТСЖ «Берёзка»", "--inn", "5032012343", "--ogrn", "1155022001232",
               "--address", ADDRESS, "--chairman", "Орлова Марина Викторовна",
               "--chairman-gender", "f", "--position", "председатель правления")[0] == 0
    assert run(capsys, "house", "add", "--db", db, "--address", ADDRESS, "--area", "4210,5")[0] == 0
    for number, kind, area in (("1", "flat", "52,3"), ("2", "flat", "64,8"), ("Н1", "nonresidential", "120")):
        code, _, err = run(capsys, "premise", "add", "--db", db, "--house", "1", "--number", number,
                           "--kind", kind, "--area", area, "--account", f"10{number}")
        assert code == 0, err


def test_a_fresh_base_through_the_command_line_prints_its_organisation(tmp_path, db_target, capsys):
    db = db_target
    office(capsys, db)

    code, out, _ = run(capsys, "org", "show", "--db", db, "--json")
    assert code == 0
    [org] = json.loads(out)
    assert (org["id"], org["name"], org["inn"], org["chairman"], org["chairman_gender"]) == (
        1, NAME, "5032012343", "Орлова Марина Викторовна", "f")
    code, out, _ = run(capsys, "house", "list", "--db", db, "--json")
    assert json.loads(out) == [{"id": 1, "address": ADDRESS, "fias": None, "cadastral": None,
                                "area": 4210.5, "common_area": None, "year": None}]
    code, out, _ = run(capsys, "premise", "list", "--db", db, "--json")
    assert [(p["number"], p["kind"], p["area"], p["account"]) for p in json.loads(out)] == [
        ("1", "flat", 52.3, "101"), ("2", "flat", 64.8, "102"), ("Н1", "non_residential", 120.0, "10Н1")]

    out_xlsx = tmp_path / "реестр.xlsx"
    code, _, err = run(capsys, "export-register", "--db", db, "--out", out_xlsx,
                       "--requested-by", "Сидоров С. С., кв. 2", "--purpose", "созыв собрания")
    assert code == 0, err
    sheet = load_workbook(out_xlsx).active
    title = [sheet.cell(row, 1).value for row in (1, 2, 3)]
    assert title[1] == f"{ADDRESS}, по состоянию на 24.11.2026"
    assert title[2] == NAME
    assert "Адрес дома не указан" not in str(title) and "ТСЖ" != title[2]

    code, out, _ = run(capsys, "request", "add", "--db", db, "--category", "maintenance",
                       "--received", "2026-11-24 09:00", "--applicant", "Иванов Иван Иванович",
                       "--premise", "1", "--text", "Течёт кровля над квартирой")
    assert code == 0
    act = tmp_path / "акт.docx"
    code, _, err = run(capsys, "act", "damage", "--request", out.strip(), "--db", db, "--out", act)
    assert code == 0, err
    text = docx_text(act)
    assert ("Орлова Марина Викторовна, председатель правления, действующая на основании Устава"
            in text)
    assert NAME in text and f"№ 1, адрес: {ADDRESS}" in text


def test_a_male_chairman_acts_as_действующий(tmp_path, db_target, capsys):
    db = db_target
    office(capsys, db)
    assert run(capsys, "org", "set", "--db", db, "--chairman", "Петров Пётр Ильич")[0] == 0
    run(capsys, "request", "add", "--db", db, "--category", "maintenance", "--received",
        "2026-11-24 09:00", "--applicant", "Иванов И. И.", "--premise", "2", "--text", "Сырость")
    act = tmp_path / "акт.docx"
    assert run(capsys, "act", "damage", "--request", "2026-0001", "--db", db, "--out", act)[0] == 0
    assert "Петров Пётр Ильич, председатель правления, действующий на основании Устава" in docx_text(act)


def premises_in(db: Path) -> list[str]:
    return [number for (number,) in rows(db, "SELECT number FROM premise ORDER BY id")]


def test_refusals_of_the_data_exit_1_and_change_nothing(tmp_path, capsys):
    db = tmp_path / "office.sqlite3"
    office(capsys, db)
    code, _, err = run(capsys, "premise", "add", "--db", db, "--house", "1", "--number", "2")
    assert code == 1 and "Помещение № 2 в этом доме уже есть" in err
    code, _, err = run(capsys, "org", "set", "--db", db, "--inn", "5032012344")
    assert code == 1 and "ИНН «5032012344»: неверная контрольная цифра" in err
    code, _, err = run(capsys, "org", "set", "--db", db, "--ogrn", "1155022001231")
    assert code == 1 and "ОГРН «1155022001231»: неверная контрольная цифра" in err
    with sqlite3.connect(db) as connection:
        person = connection.execute("INSERT INTO person (is_legal, name, search_key) "
                                    "VALUES (0, 'Иванов Иван Иванович', 'иванов')").lastrowid
        connection.execute("INSERT INTO ownership (premise_id, person_id, share_num, share_den, member) "
                           "VALUES (1, ?, 1, 1, 0)", (person,))
    code, _, err = run(capsys, "premise", "delete", "--db", db, "--house", "1", "--number", "1")
    assert code == 1
    assert err.strip() == "Помещение № 1 нельзя удалить: у него 1 собственник (Иванов Иван Иванович)."
    assert premises_in(db) == ["1", "2", "Н1"]
    assert run(capsys, "premise", "delete", "--db", db, "--number", "Н1")[0] == 0  # the one house
    assert premises_in(db) == ["1", "2"]


def test_a_house_before_the_organisation_is_refused(tmp_path, capsys):
    db = tmp_path / "office.sqlite3"
    code, _, err = run(capsys, "house", "add", "--db", db, "--address", ADDRESS)
    assert code == 2 and "не найдена" in err and not db.exists()
    assert run(capsys, "org", "set", "--db", db, "--name", NAME)[0] == 0  # creates the base
    assert db.exists()
    with sqlite3.connect(db) as connection:
        connection.execute("DELETE FROM organization")
    code, _, err = run(capsys, "house", "add", "--db", db, "--address", ADDRESS)
    assert code == 1 and "Сначала внесите организацию" in err


def test_bad_arguments_and_unknown_names_exit_2(tmp_path, db_target, capsys):
    db = db_target
    office(capsys, db)
    for args, said in (
        (("org", "set", "--db", db, "--kind", "СНТ"), "вид «СНТ» неизвестен"),
        (("org", "set", "--db", db, "--chairman-gender", "x"), "род «x» неизвестен"),
        (("org", "set", "--db", db), "Укажите, что внести"),
        (("house", "add", "--db", db, "--address", "д. 7", "--area", "много"), "площадь «много» — не число"),
        (("premise", "add", "--db", db, "--number", "3", "--kind", "чердак"), "вид «чердак» неизвестен"),
        (("premise", "edit", "--db", db, "--house", "1", "--number", "99", "--area", "50"),
         "Помещения № 99 в доме № 1 нет"),
        (("premise", "delete", "--db", db, "--house", "5", "--number", "1"), "Дом № 5 не найден"),
        (("org", "show", "--db", tmp_path / "missing.sqlite3", "--json"), "не найдена"),
    ):
        code, _, err = run_exit(capsys, *args)
        assert code == 2 and said in err, (args, err)
    assert premises_in(db) == ["1", "2", "Н1"]


def run_exit(capsys, *args) -> tuple[int, str, str]:
    try:
        return run(capsys, *args)
    except SystemExit as exc:  # argparse refuses a bad value before any handler runs
        out, err = capsys.readouterr()
        return exc.code, out, err


def test_the_whole_blank_start_takes_the_gis_readings_file(tmp_path, db_target, capsys):
    """The issue's first «Done when», in one piece: organisation, house and three premises,
    their meters with ГИС ЖКХ numbers, then a ГИС ЖКХ readings file for those meters —
    every step a command, on a base the first command made."""
    from datetime import datetime

    from tests.core.test_cli_meters import gis_readings_file

    db = db_target
    office(capsys, db)
    for premise, resource, serial, gis in (("1", "ХВС", "ХВ-1", "7700-0001"), ("2", "ХВС", "ХВ-2", "7700-0002"),
                                           ("Н1", "ЭЭ", "Э-3", "7700-0003")):
        code, _, err = run(capsys, "meter", "add", "--db", db, "--premise", premise, "--resource", resource,
                           "--serial", serial, "--gis-number", gis, "--initial", "10")
        assert code == 0, err
    file = gis_readings_file(tmp_path / "ГИС ЖКХ ноябрь.xlsx", [
        [ADDRESS, "7700-0001", "Холодная вода", "11.2026", 14.5, None, None, datetime(2026, 11, 20)],
        [ADDRESS, "7700-0002", "Холодная вода", "11.2026", 12, None, None, datetime(2026, 11, 20)],
        [ADDRESS, "7700-0003", "Электрическая энергия", "11.2026", 250, None, None, datetime(2026, 11, 21)],
    ])
    code, out, err = run(capsys, "import-readings", file, "--db", db)
    assert code == 0, err
    assert "Загружено: 3 строки из 3." in out
    code, out, _ = run(capsys, "meter", "list", "--db", db, "--json")
    last = {m["gis_number"]: (m["premise_number"], m["last_reading"]["values"][0]) for m in json.loads(out)}
    assert last == {"7700-0001": ("1", 14.5), "7700-0002": ("2", 12), "7700-0003": ("Н1", 250)}
