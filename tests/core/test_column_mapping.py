"""Files in other people's layouts: a column the program does not know is mapped once
(``--map``), remembered in the base for files with the same header row, and applied again
without ``--map``; ``--list-fields`` names the fields; a header in two rows is one header;
a file without a recognisable header names what is needed and what it has."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.base_rows import rows
from tests.cli_run import run
from tests.conftest import SAMPLES
from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.headers import HeaderNotFound, find_header, match_header_row
from tsj_desk.importers.readings import READING_COLUMNS, parse_readings_file
from tsj_desk.importers.registry import REGISTRY_COLUMNS, parse_registry_file

TODAY = date(2026, 11, 24)
REGISTER_HEADERS = ["Квартира собственника", "Кому принадлежит", "Часть в праве", "Площадь, м²"]
REGISTER_MAP = ["--map", "Квартира собственника=premise", "--map", "Кому принадлежит=owner",
                "--map", "Часть в праве=share"]


def sheet_file(path: Path, rows: list[list], merged: list[str] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def owners(db: Path) -> list[tuple]:
    """(premise, owner, share) of every ownership in force, by premise and name."""
    return rows(db, "SELECT premise.number, person.name, ownership.share_num || '/' || ownership.share_den "
                    "FROM ownership JOIN premise ON premise.id = ownership.premise_id "
                    "JOIN person ON person.id = ownership.person_id WHERE ownership.valid_to IS NULL "
                    "ORDER BY premise.number, person.name")


def layouts_in(db: Path) -> list[tuple]:
    return rows(db, "SELECT kind, signature, mapping FROM column_layout")


# ---------------------------------------------------------------- the owner register


def test_register_with_unknown_headers_imports_after_map_and_again_from_the_remembered_layout(
        tmp_path, capsys):
    first = sheet_file(tmp_path / "реестр из протокола.xlsx", [
        ["Приложение № 1 к протоколу общего собрания"],
        REGISTER_HEADERS,
        [1, "Иванов Иван Иванович", "1/2", 52.3],
        [1, "Иванова Мария Петровна", "1/2", 52.3],
        [2, "Петров Пётр Петрович", "1", 64.8],
    ])
    db = tmp_path / "офис.sqlite3"

    code, out, err = run(capsys, "import-registry", first, "--db", db)
    assert code == 2
    assert "Нужны столбцы: «№ помещения», «Собственник»." in err
    assert "«Квартира собственника», «Кому принадлежит», «Часть в праве», «Площадь, м²»" in err
    assert "строке 2" in err
    assert not db.exists()  # a refused file makes no base

    code, out, err = run(capsys, "import-registry", first, "--db", db, *REGISTER_MAP)
    assert code == 0, err
    assert "Загружено: 3 строки из 3." in out
    assert "запомнена" in out
    assert owners(db) == [("1", "Иванов Иван Иванович", "1/2"), ("1", "Иванова Мария Петровна", "1/2"),
                          ("2", "Петров Пётр Петрович", "1/1")]
    [(kind, signature, _)] = layouts_in(db)
    assert kind == "registry"
    assert signature == ('["квартира собственника", "кому принадлежит", "часть в праве", "площадь м2"]')

    # another file of the same shape, no --map: the remembered layout reads it
    second = sheet_file(tmp_path / "реестр, дополнение.xlsx", [
        ["Приложение № 2 к протоколу общего собрания"],
        REGISTER_HEADERS,
        [3, "Сидорова Анна Сергеевна", "2/3", 40],
        [3, "Сидоров Олег Игоревич", "1/3", 40],
    ])
    code, out, err = run(capsys, "import-registry", second, "--db", db)
    assert code == 0, err
    assert ("Раскладка запомнена: «Квартира собственника» — № помещения; «Кому принадлежит» — "
            "Собственник; «Часть в праве» — Доля (сохранена 24.11.2026).") in out
    assert "Загружено: 2 строки из 2." in out
    assert ("3", "Сидоров Олег Игоревич", "1/3") in owners(db)
    assert ("3", "Сидорова Анна Сергеевна", "2/3") in owners(db)
    assert len(owners(db)) == 5


def test_a_dry_run_with_map_remembers_nothing(tmp_path, db_target, capsys):
    file = sheet_file(tmp_path / "реестр.xlsx", [REGISTER_HEADERS, [1, "Иванов Иван Иванович", "1", 50]])
    db = db_target
    code, out, err = run(capsys, "import-registry", file, "--db", db, *REGISTER_MAP, "--dry-run")
    assert code == 0, err
    assert "Проверено: 1 строка из 1." in out
    assert layouts_in(db) == []
    code, _, err = run(capsys, "import-registry", file, "--db", db)
    assert code == 2 and "не найдена строка заголовков" in err
    assert owners(db) == []


def test_a_column_the_user_says_is_not_used_is_not_read(tmp_path, db_target, capsys):
    """«Доля в праве» would be read as the share: mapped to «-», every owner holds 1."""
    file = sheet_file(tmp_path / "реестр.xlsx", [
        ["Кв.", "ФИО", "Доля в праве"],
        [1, "Иванов Иван Иванович", "общее имущество 0,012"],
    ])
    db = db_target
    code, _, err = run(capsys, "import-registry", file, "--db", db)
    assert code == 1  # the share cell is not a share
    code, out, err = run(capsys, "import-registry", file, "--db", db, "--map", "Доля в праве=-")
    assert code == 0, err
    assert owners(db) == [("1", "Иванов Иван Иванович", "1/1")]


@pytest.mark.parametrize("option, expected", [
    ("Квартира собственника=kvartira", "поля «kvartira» нет"),
    ("Квартира собственника", "ожидается «Заголовок в файле=поле»"),
    ("Кваритра собственника=premise", "нет столбца «Кваритра собственника»"),
])
def test_a_bad_map_exits_2_in_russian(tmp_path, capsys, option, expected):
    file = sheet_file(tmp_path / "реестр.xlsx", [REGISTER_HEADERS, [1, "Иванов Иван Иванович", "1", 50]])
    db = tmp_path / "офис.sqlite3"
    code, out, err = run(capsys, "import-registry", file, "--db", db, "--map", option,
                         "--map", "Кому принадлежит=owner")
    assert code == 2
    assert expected in err
    assert "Traceback" not in err
    assert not db.exists()


def test_one_field_for_two_columns_is_refused(tmp_path, capsys):
    file = sheet_file(tmp_path / "реестр.xlsx", [REGISTER_HEADERS, [1, "Иванов Иван Иванович", "1", 50]])
    code, _, err = run(capsys, "import-registry", file, "--db", tmp_path / "б.sqlite3",
                       "--map", "Квартира собственника=premise", "--map", "Кому принадлежит=premise")
    assert code == 2
    assert "поле premise указано для двух столбцов" in err


def test_list_fields_names_the_fields_without_a_file_or_a_base(capsys):
    code, out, err = run(capsys, "import-registry", "--list-fields")
    assert code == 0, err
    lines = out.splitlines()
    assert any(line.split()[0] == "premise" and "№ помещения" in line and "(обязательно)" in line
               for line in lines)
    assert any(line.split()[0] == "owner" and "Собственник" in line and "(обязательно)" in line
               for line in lines)
    assert any(line.split()[0] == "share" and "Доля" in line and "обязательно" not in line for line in lines)
    assert lines[-1].split()[0] == "-" and "не используется" in lines[-1]

    code, out, err = run(capsys, "import-readings", "--list-fields")
    assert code == 0, err
    found = {line.split()[0]: line for line in out.splitlines()}
    assert "(обязательно, если нет gis" in found["serial"]
    assert "(обязательно, если нет serial" in found["gis"]
    assert "(обязательно)" in found["t1"]
    assert "обязательно" not in found["t2"] and "обязательно" not in found["date"]

    code, _, err = run(capsys, "import-registry")
    assert code == 2 and "ФАЙЛ" in err and "--db" in err


# ---------------------------------------------------------------- two header rows


def test_a_register_whose_header_takes_two_rows_imports(tmp_path, db_target, capsys):
    """«№ кв.» merged down over two rows, «Собственник» merged over «ФИО» and «ОГРН»,
    «Доля» merged down: one header of four columns, the data from the third row."""
    file = sheet_file(tmp_path / "реестр в две строки.xlsx", [
        ["№ кв.", "Собственник", None, "Доля"],
        [None, "ФИО", "ОГРН", None],
        [1, "Иванов Иван Иванович", None, "1"],
        [2, "ООО «Ромашка»", "1157746000125", "1"],
        [3, "Петров Пётр Петрович", None, "сорок"],
    ], merged=["A1:A2", "B1:C1", "D1:D2"])
    parsed = parse_registry_file(file, today=TODAY)
    assert parsed.header_row == 2
    assert [cell.field for cell in parsed.layout.cells] == ["premise", "owner", "ogrn", "share"]
    assert [(p.row, p.column) for p in parsed.errors] == [(5, "Доля")]  # the sheet's own row number

    db = db_target
    code, out, err = run(capsys, "import-registry", file, "--db", db, "--skip-invalid")
    assert code == 0, err
    assert owners(db) == [("1", "Иванов Иван Иванович", "1/1"), ("2", "ООО «Ромашка»", "1/1")]
    assert rows(db, "SELECT is_legal, ogrn FROM person WHERE name = 'ООО «Ромашка»'") == [
        (1, "1157746000125")]


def test_a_header_in_two_rows_without_merged_cells_is_one_header(tmp_path, db_target, capsys):
    """Neither row alone has every column: «Кв.» and «Доля» above, «ОГРН» only below."""
    file = sheet_file(tmp_path / "реестр.xlsx", [
        ["Кв.", "Собственник", None, "Доля"],
        [None, "ФИО / наименование", "ОГРН", None],
        [7, "ООО «Ромашка»", "1157746000125", "1/2"],
        [7, "Иванов Иван Иванович", None, "1/2"],
    ])
    parsed = parse_registry_file(file, today=TODAY)
    assert parsed.header_row == 2
    assert [(cell.text, cell.field) for cell in parsed.layout.cells] == [
        ("Кв.", "premise"), ("Собственник: ФИО / наименование", "owner"), ("ОГРН", "ogrn"),
        ("Доля", "share")]
    db = db_target
    code, out, err = run(capsys, "import-registry", file, "--db", db)
    assert code == 0, err
    assert owners(db) == [("7", "Иванов Иван Иванович", "1/2"), ("7", "ООО «Ромашка»", "1/2")]
    assert rows(db, "SELECT ogrn FROM person WHERE name = 'ООО «Ромашка»'") == [("1157746000125",)]


def test_a_merged_title_above_a_one_row_header_stays_a_title(tmp_path):
    file = sheet_file(tmp_path / "реестр.xlsx", [
        ["Реестр собственников помещений в доме по адресу: г. Коломна, ул. Лесная, д. 5"],
        ["Кв.", "ФИО", "Доля"],
        [1, "Иванов Иван Иванович", "1"],
    ], merged=["A1:C1"])
    parsed = parse_registry_file(file, today=TODAY)
    assert parsed.header_row == 2
    assert [cell.text for cell in parsed.layout.cells] == ["Кв.", "ФИО", "Доля"]
    assert parsed.house_address is not None and "Лесная" in parsed.house_address


# ---------------------------------------------------------------- the header and the mapping


def test_the_header_says_what_each_cell_was_taken_for():
    cells = ["Кв.", "Кому принадлежит", "Примечание", "Доля"]
    plain = match_header_row(cells, REGISTRY_COLUMNS)
    assert [(c.text, c.field, c.by_mapping) for c in plain.cells] == [
        ("Кв.", "premise", False), ("Кому принадлежит", None, False), ("Примечание", None, False),
        ("Доля", "share", False)]
    mapped = match_header_row(cells, REGISTRY_COLUMNS, {"кому принадлежит": "owner", "доля": ""})
    assert [(c.text, c.field, c.by_mapping) for c in mapped.cells] == [
        ("Кв.", "premise", False), ("Кому принадлежит", "owner", True), ("Примечание", None, False),
        ("Доля", None, True)]
    assert mapped.columns == {"premise": 0, "owner": 1}


def test_a_remembered_layout_is_applied_to_the_row_it_was_remembered_for():
    rows = [["Ведомость"], ["Квартира собственника", "Кому принадлежит"], [1, "Иванов Иван Иванович"]]
    layout = {("квартира собственника", "кому принадлежит"): {"квартира собственника": "premise",
                                                            "кому принадлежит": "owner"}}
    found = find_header(rows, REGISTRY_COLUMNS, "f.xlsx", "реестра", layouts=layout)
    assert (found.row_index, found.columns, found.remembered, found.explicit) == (
        1, {"premise": 0, "owner": 1}, True, False)
    with pytest.raises(HeaderNotFound):
        find_header(rows, REGISTRY_COLUMNS, "f.xlsx", "реестра",
                    layouts={("другой", "заголовок"): {"другой": "premise"}})


def test_no_header_names_the_columns_needed_and_the_cells_seen(tmp_path):
    file = sheet_file(tmp_path / "показания.xlsx", [
        ["Ведомость показаний за ноябрь"],
        ["Прибор учёта (заводской №)", "Помещ.", "Текущие данные", "Снято"],
        ["ХВ-101", "1", 21.25, "20.11.2026"],
    ])
    with pytest.raises(HeaderNotFound) as caught:
        parse_readings_file(file)
    message = caught.value.message
    assert "Нужны столбцы: «Номер счётчика» или «Номер ПУ в ГИС ЖКХ», «Т1»." in message
    assert "В строке 2 есть заголовки: «Прибор учёта (заводской №)», «Помещ.», «Текущие данные», «Снято»." \
        in message
    assert "Нужны столбцы ." not in message
    assert [cell.text for cell in caught.value.cells] == [
        "Прибор учёта (заводской №)", "Помещ.", "Текущие данные", "Снято"]
    assert caught.value.row_index == 1

    numbers = sheet_file(tmp_path / "цифры.xlsx", [[1, 2, 3], [4, 5, 6]])
    with pytest.raises(FileProblem, match="Нужны столбцы: «№ помещения», «Собственник». В этих строках "
                                          "нет ни одного заголовка."):
        parse_registry_file(numbers, today=TODAY)


def test_the_needed_columns_chosen_by_hand_make_the_header(tmp_path):
    """The window offers the cells of the refused row; the user's choice finds the header."""
    rows = [["Ведомость"], ["Прибор", "Помещ.", "Текущие данные"], ["ХВ-101", "1", 21.25]]
    with pytest.raises(HeaderNotFound) as caught:
        find_header(rows, READING_COLUMNS, "f.xlsx", "показаний", needs=[("serial", "gis"), ("t1",)])
    chosen = {caught.value.cells[0].key: "serial", caught.value.cells[2].key: "t1"}
    found = find_header(rows, READING_COLUMNS, "f.xlsx", "показаний", needs=[("serial", "gis"), ("t1",)],
                        mapping=chosen)
    assert (found.row_index, found.columns) == (1, {"serial": 0, "t1": 2})


# ---------------------------------------------------------------- a readings file


def readings_file(path: Path, rows: list[list]) -> Path:
    return sheet_file(path, [["Ведомость показаний"],
                             ["Прибор учёта (заводской №)", "Помещ.", "Текущие данные", "Снято"], *rows])


def readings_of(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT meter.serial, reading.period, reading.taken_on, CAST(reading.t1 AS TEXT) FROM reading "
            "JOIN meter ON meter.id = reading.meter_id WHERE reading.source = 'excel' "
            "ORDER BY reading.period, meter.serial").fetchall()


def test_a_readings_file_with_unknown_headers_imports_after_map_and_again_without(tmp_path, capsys):
    db = tmp_path / "офис.sqlite3"
    code, _, err = run(capsys, "import-registry", SAMPLES / "registry_simple.xlsx", "--db", db)
    assert code == 0, err
    for premise, resource, serial in (("1", "ХВС", "ХВ-101"), ("2", "ГВС", "ГВ-201")):
        code, _, err = run(capsys, "meter", "add", "--db", db, "--premise", premise, "--resource", resource,
                           "--serial", serial, "--verified", "2024-05-20", "--interval", "6",
                           "--initial", "10")
        assert code == 0, err
    october = readings_file(tmp_path / "октябрь.xlsx", [
        ["ХВ-101", "1", 14.5, datetime(2026, 10, 20)],
        ["ГВ-201", "2", "12,25", datetime(2026, 10, 21)],
    ])
    code, _, err = run(capsys, "import-readings", october, "--db", db)
    assert code == 2
    assert "«Номер счётчика» или «Номер ПУ в ГИС ЖКХ», «Т1»" in err and "«Текущие данные»" in err

    mapping = ["--map", "Прибор учёта (заводской №)=serial", "--map", "Текущие данные=t1",
               "--map", "Снято=date", "--map", "Помещ.=premise"]
    code, out, err = run(capsys, "import-readings", october, "--db", db, *mapping)
    assert code == 0, err
    assert "Загружено: 2 строки из 2." in out

    november = readings_file(tmp_path / "ноябрь.xlsx", [
        ["ХВ-101", "1", 18, datetime(2026, 11, 20)],
        ["ГВ-201", "2", "15,5", datetime(2026, 11, 20)],
    ])
    code, out, err = run(capsys, "import-readings", november, "--db", db, "--json")
    assert code == 0, err
    assert "Раскладка запомнена: «Прибор учёта (заводской №)» — Номер счётчика" in err
    assert readings_of(db) == [
        ("ГВ-201", "2026-10", "2026-10-21", "12.25"), ("ХВ-101", "2026-10", "2026-10-20", "14.5"),
        ("ГВ-201", "2026-11", "2026-11-20", "15.5"), ("ХВ-101", "2026-11", "2026-11-20", "18")]


def test_a_forgotten_layout_is_not_applied_again(tmp_path, capsys):
    from tsj_desk.domain.errors import NotFound
    from tsj_desk.services import column_layouts, session

    file = sheet_file(tmp_path / "реестр.xlsx", [REGISTER_HEADERS, [1, "Иванов Иван Иванович", "1", 50]])
    db = tmp_path / "офис.sqlite3"
    code, _, err = run(capsys, "import-registry", file, "--db", db, *REGISTER_MAP)
    assert code == 0, err
    session.open_session(db, now=datetime(2026, 11, 24, 12, 0))
    try:
        [layout] = column_layouts.list_layouts()
        assert layout.kind_label == "реестр собственников"
        assert layout.choices_text() == ("«Квартира собственника» — № помещения; «Кому принадлежит» — "
                                         "Собственник; «Часть в праве» — Доля")
        assert layout.headers == tuple(REGISTER_HEADERS)
        column_layouts.forget(layout.id, now=datetime(2026, 11, 24, 12, 5))
        assert column_layouts.list_layouts() == []
        with pytest.raises(NotFound):
            column_layouts.forget(layout.id, now=datetime(2026, 11, 24, 12, 6))
    finally:
        session.close_session()
    code, _, err = run(capsys, "import-registry", file, "--db", db)
    assert code == 2 and "не найдена строка заголовков" in err


def test_map_on_a_1c_file_without_headers_exits_2(tmp_path, capsys):
    csv = tmp_path / "sber.csv"
    csv.write_bytes("100001;Иванов И.И.;1;1;г. Коломна, ул. Лесная, д. 5, кв. 1;9;ХВ-101;ХВС;;21,25;20.11.2026;\n"
                    .encode("cp1251"))
    code, _, err = run(capsys, "import-readings", csv, "--db", tmp_path / "б.sqlite3", "--map", "Счётчик=serial")
    assert code == 2
    assert "нет строки заголовков" in err and "--map к нему не применяется" in err
    assert not (tmp_path / "б.sqlite3").exists()


def test_a_known_header_row_is_read_by_synonyms_when_another_layout_is_remembered(tmp_path, capsys):
    db = tmp_path / "офис.sqlite3"
    unknown = sheet_file(tmp_path / "реестр.xlsx", [REGISTER_HEADERS, [1, "Иванов Иван Иванович", "1", 50]])
    code, _, err = run(capsys, "import-registry", unknown, "--db", db, *REGISTER_MAP)
    assert code == 0, err
    known = sheet_file(tmp_path / "обычный.xlsx", [["Кв.", "ФИО", "Доля"], [2, "Петров Пётр Петрович", "1"]])
    code, out, err = run(capsys, "import-registry", known, "--db", db)
    assert code == 0, err
    assert "Раскладка запомнена" not in out
    assert ("2", "Петров Пётр Петрович", "1/1") in owners(db)


def test_a_readings_sheet_with_day_and_night_under_one_merged_header(tmp_path):
    """«Показания» merged over «День» and «Ночь», the other headers merged down."""
    file = sheet_file(tmp_path / "показания.xlsx", [
        ["Номер счётчика", "Кв.", "Показания", None, "Дата"],
        [None, None, "День", "Ночь", None],
        ["Э-201", "2", 1150, 420.5, datetime(2026, 11, 21)],
    ], merged=["A1:A2", "B1:B2", "C1:D1", "E1:E2"])
    parsed = parse_readings_file(file)
    assert parsed.header_row == 2
    assert [cell.field for cell in parsed.layout.cells] == ["serial", "premise", "t1", "t2", "date"]
    [row] = parsed.rows
    assert (row.row, row.serial, row.premise, row.values[:2], row.taken_on, row.period) == (
        3, "Э-201", "2", (1150, 420.5), date(2026, 11, 21), "2026-11")
