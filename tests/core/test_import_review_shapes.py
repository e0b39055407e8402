"""Files as an office hands them over, found wanting on review: initials in a register,
a month column headed «Месяц», a file with nothing under its header, a workbook saved
under a .csv name. Each file is built here and imported; the base is asked what it holds."""

from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import Workbook

from tests.conftest import NOW, TODAY
from tsj_desk.cli import main
from tsj_desk.domain.errors import FileProblem, ImportRejected
from tsj_desk.services import readings
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import Meter, Ownership, Person, Premise, Reading


def book(path, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    workbook.save(path)
    return path


def test_initials_in_a_register_are_kept_as_written(db, tmp_path):
    path = book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Собственник", "Доля"],
        ["1", "Алексеев А.А.", "1"],
        ["2", "БОРИСОВА В.П.", "1"],
    ])
    import_registry(path, now=NOW, backup=False)
    names = {o.premise.number: o.person.name
             for o in Ownership.select(Ownership, Premise, Person).join(Premise).switch(Ownership).join(Person)}
    assert names == {"1": "Алексеев А.А.", "2": "Борисова В.П."}


@pytest.mark.parametrize("title", ["Месяц", "Расчётный месяц", "Отчетный месяц"])
def test_a_month_column_headed_month_gives_the_period(db, tmp_path, title):
    import_registry(book(tmp_path / "реестр.xlsx", [["№ кв.", "Собственник"], ["1", "Иванов Иван"],
                                                    ["2", "Петров Пётр"]]), now=NOW, backup=False)
    path = book(tmp_path / "показания.xlsx", [
        ["№ кв.", "Ресурс", "Заводской номер", title, "Показание"],
        ["1", "ХВС", "ХВ-1", "октябрь 2026", 12.5],
        ["2", "ХВС", "ХВ-2", "10.2026", 7],
    ])
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.rows, report.valid, report.imported, report.errors) == (2, 2, 2, [])
    landed = set(Reading.select(Meter.serial, Reading.period, Reading.taken_on, Reading.t1).join(Meter).tuples())
    october_end = date(2026, 10, 31)
    assert {(s, p, d, float(v)) for s, p, d, v in landed} == {("ХВ-1", "2026-10", october_end, 12.5),
                                                              ("ХВ-2", "2026-10", october_end, 7.0)}


def test_a_register_with_only_its_header_is_refused_not_loaded_as_nothing(db, tmp_path):
    path = book(tmp_path / "пустой.xlsx", [["Реестр собственников"], ["№ кв.", "ФИО", "Доля"],
                                           [], ["Председатель ____ / Иванов И.И."]])
    with pytest.raises(FileProblem, match=r"под строкой заголовков \(строка 2\) нет ни одной строки с собственником"):
        import_registry(path, now=NOW, backup=False)
    assert Premise.select().count() == 0


def test_a_readings_file_with_only_its_header_is_refused(tmp_path, capsys):
    base = tmp_path / "тсж.sqlite3"
    path = book(tmp_path / "показания.xlsx", [["№ кв.", "Заводской номер", "Показание"]])
    assert main(["import-readings", str(path), "--db", str(base), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "под строкой заголовков (строка 1) нет ни одной строки показаний" in captured.err


@pytest.mark.parametrize("command", ["import-registry", "import-readings"])
@pytest.mark.parametrize("name", ["реестр.csv", "реестр.txt"])
def test_a_workbook_saved_under_a_text_name_is_named_for_what_it_is(tmp_path, capsys, command, name):
    path = book(tmp_path / name, [["№ кв.", "ФИО", "Доля"], ["1", "Иванов Иван", "1"]])
    assert main([command, str(path), "--db", str(tmp_path / "тсж.sqlite3"), "--json"]) == 2
    err = capsys.readouterr().err
    assert f"Файл «{name}» — книга Excel" in err
    assert "Переименуйте его в «реестр.xlsx»" in err
    assert "кодировк" not in err


def test_an_old_excel_book_under_a_csv_name(tmp_path, capsys):
    path = tmp_path / "показания.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # the OLE signature of an .xls
    assert main(["import-readings", str(path), "--db", str(tmp_path / "тсж.sqlite3"), "--json"]) == 2
    assert "книга Excel 97–2003" in capsys.readouterr().err


def test_a_real_1c_registry_is_still_read_as_text(tmp_path, capsys):
    path = tmp_path / "реестр.csv"
    path.write_bytes("#DATE_BEGIN 01.10.2026\r\n0001;Иванов;;;Коломна, кв. 1;9;ХВ-1;ХВС;;5;20.10.2026;\r\n"
                     .encode("cp1251"))
    base = tmp_path / "тсж.sqlite3"
    assert main(["import-readings", str(path), "--db", str(base), "--json", "--dry-run"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["rows"] == 1 and payload["errors"][0]["column"] == "номер счётчика"


def test_a_header_with_a_note_in_brackets_is_the_column_it_names(db, tmp_path):
    path = book(tmp_path / "реестр.xlsx", [
        ["№ п/п", "Номер помещения", "Собственник (Ф.И.О. или наименование юр. лица)",
         "Общая площадь помещения, кв.м.", "Доля в праве"],
        [1, "3", "Зимина Ольга Петровна", 41.5, "1/2"],
        [2, "3", "Зимин Олег Иванович", 41.5, "1/2"],
    ])
    report = import_registry(path, now=NOW, backup=False)
    assert (report.rows, report.imported, report.errors) == (2, 2, [])
    rows = [(o.premise.number, o.person.name, o.share_num, o.share_den) for o in
            Ownership.select(Ownership, Premise, Person).join(Premise).switch(Ownership).join(Person)
            .order_by(Ownership.id)]
    assert rows == [("3", "Зимина Ольга Петровна", 1, 2), ("3", "Зимин Олег Иванович", 1, 2)]


def test_two_headers_alike_but_for_their_brackets_are_neither_taken_by_guess(tmp_path):
    from tsj_desk.importers.headers import HeaderNotFound
    from tsj_desk.importers.readings import parse_readings_file

    path = book(tmp_path / "показания.xlsx", [["Кв", "Заводской номер", "Показание (день)", "Показание (ночь)"],
                                              ["1", "Э-1", 100, 50]])
    with pytest.raises(HeaderNotFound, match="Не найдены: «Т1»"):
        parse_readings_file(path, today=TODAY)


def test_a_fourth_tariff_value_is_never_dropped_silently(db, tmp_path):
    import_registry(book(tmp_path / "реестр.xlsx", [["№ кв.", "Собственник"], ["2", "Петров Пётр"]]),
                    now=NOW, backup=False)
    header = ["Номер помещения", "Тип счетчика", "Номер счетчика", "Количество тарифов", "Показание 1",
              "Показание 2", "Показание 3", "Показание 4", "Дата передачи показаний"]
    path = book(tmp_path / "дома.xlsx", [header,
                                         ["2", "ЭЛ", "Э-1", 3, 100, 50, 30, 7, "20.11.2026"],
                                         ["2", "ХВС", "ХВ-1", 1, 12, None, None, 0, "20.11.2026"]])
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == [
        (2, "Показание 4", "показание 4 (7) загрузить некуда: в программе у счётчика не больше трёх "
                           "тарифов (Т1–Т3).")]
    assert Reading.select().count() == 0
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True, skip_invalid=True)
    assert report.imported == 1  # the cold-water row, whose «Показание 4» is 0
    assert [(m.serial, float(r.t1)) for r in Reading.select() for m in [r.meter]] == [("ХВ-1", 12.0)]


def test_1c_messages_about_a_meter_named_twice_in_a_line(tmp_path):
    from tsj_desk.importers.readings import parse_readings_file

    path = tmp_path / "реестр.csv"
    path.write_bytes(("#DATE_BEGIN 01.11.2026\r\n"
                      "0001;Иванов;;;кв.1;2;Э-1;Эл;;300;20.11.2026;;3;Э-1;День;;100;20.11.2026;\r\n"
                      "0004;Кузнецов;;;кв.4;4;Э-4;Ночь;;10;20.11.2026;;3;Э-4;День;;20;20.11.2026;"
                      ";4;Э-4;Ночь;;11;20.11.2026;\r\n").encode("cp1251"))
    parsed = parse_readings_file(path)
    assert [(p.row, p.column, p.message) for p in parsed.problems] == [
        (2, "тип счётчика", "у счётчика «Э-1» два показания одного тарифа (коды «2» и «3»)."),
        (3, "номер счётчика", "счётчик «Э-4» с кодом «4» указан в строке дважды."),
    ]
    assert parsed.rows == []


def test_map_naming_two_headers_the_file_lacks_speaks_of_columns(tmp_path, capsys):
    path = book(tmp_path / "реестр.xlsx", [["Квартирка", "Кто владеет"], ["1", "Иванов Иван"]])
    code = main(["import-registry", str(path), "--db", str(tmp_path / "тсж.sqlite3"),
                 "--map", "Квартира=premise", "--map", "Хозяин=owner"])
    assert code == 2
    assert ("В файле «реестр.xlsx» нет столбцов «Квартира», «Хозяин» (--map). "
            "Заголовки в файле: «Квартирка», «Кто владеет».") in capsys.readouterr().err


def test_premise_cells_written_with_the_word_land_as_the_number(db, tmp_path):
    path = book(tmp_path / "реестр.xlsx", [
        ["Номер квартиры (помещения)", "Собственник"],
        ["квартира 7", "Иванов Иван"],
        ["помещение 12а", "Петров Пётр"],
        ["кв. № 5", "Сидоров Сидор"],
    ])
    import_registry(path, now=NOW, backup=False)
    assert sorted(p.number for p in Premise.select()) == ["12А", "5", "7"]


def test_with_two_houses_a_register_goes_to_the_house_its_title_names(tmp_path, capsys):
    from tsj_desk.services.organization import add_house, edit_house, ensure_house
    from tsj_desk.services.session import close_session, open_session

    base = tmp_path / "тсж.sqlite3"
    open_session(base, now=NOW)
    try:
        first = ensure_house()
        edit_house(first, {"address": "г. Коломна, ул. Садовая, д. 12"}, now=NOW)
        second = add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=NOW).id
    finally:
        close_session()
    titled = book(tmp_path / "лесная.xlsx", [
        ["Реестр собственников помещений в многоквартирном доме по адресу: г. Коломна, ул. Лесная, д. 5"],
        ["№ кв.", "Собственник"], ["1", "Андреев Андрей"]])
    untitled = book(tmp_path / "без адреса.xlsx", [["№ кв.", "Собственник"], ["2", "Борисов Борис"]])
    elsewhere = book(tmp_path / "мира.xlsx", [["Реестр собственников, г. Москва, ул. Мира, д. 1"],
                                              ["№ кв.", "Собственник"], ["3", "Васильев Василий"]])
    assert main(["import-registry", str(titled), "--db", str(base)]) == 0
    assert main(["import-registry", str(untitled), "--db", str(base)]) == 2
    assert "В базе несколько домов" in capsys.readouterr().err
    assert main(["import-registry", str(elsewhere), "--db", str(base)]) == 2
    assert "«г. Москва, ул. Мира, д. 1», а в базе такого дома нет" in capsys.readouterr().err
    assert main(["import-registry", str(untitled), "--db", str(base), "--house", str(first)]) == 0
    open_session(base, now=NOW)
    try:
        placed = {(p.number, p.house_id) for p in Premise.select()}
    finally:
        close_session()
    assert placed == {("1", second), ("2", first)}


@pytest.mark.parametrize("typed", ["ноябрь 2026", "11.2026", "2026-11"])
def test_the_period_option_takes_a_month_as_the_office_writes_it(tmp_path, capsys, typed):
    base = tmp_path / "тсж.sqlite3"
    assert main(["import-registry", str(book(tmp_path / "реестр.xlsx", [["№ кв.", "Собственник"],
                                                                       ["1", "Иванов Иван"]])),
                 "--db", str(base)]) == 0
    path = tmp_path / "реестр.csv"
    path.write_bytes("0001;Иванов;;;кв. 1;9;ХВ-1;ХВС;;5;;\r\n".encode("cp1251"))
    capsys.readouterr()
    assert main(["import-readings", str(path), "--db", str(base), "--json", "--create-meters",
                 "--period", typed]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 1
    open_database(base)
    try:
        assert [r.period for r in Reading.select()] == ["2026-11"]
    finally:
        close_database()


def test_a_period_option_that_is_no_month_names_the_forms(tmp_path, capsys):
    path = tmp_path / "реестр.csv"
    path.write_bytes("0001;Иванов;;;кв. 1;9;ХВ-1;ХВС;;5;;\r\n".encode("cp1251"))
    assert main(["import-readings", str(path), "--db", str(tmp_path / "б.sqlite3"), "--period", "2026-13"]) == 2
    assert ("Период «2026-13» не распознан: укажите его как ГГГГ-ММ, ММ.ГГГГ или «ноябрь 2026»."
            in capsys.readouterr().err)


def test_a_registration_date_written_in_words_is_read(db, tmp_path):
    path = book(tmp_path / "реестр.xlsx", [
        ["№ кв.", "Собственник", "Документ о праве собственности"],
        ["1", "Иванов Иван", "Выписка из ЕГРН, рег. № 50:57:0010101:201-50/001/2017-5 от 11 мая 2017 г."],
        ["2", "Петров Пётр", "Собственность № 50:57:0010101:202-50/001/2018-1 от 1 Декабря 2018 года"],
    ])
    import_registry(path, now=NOW, backup=False)
    assert {(o.premise.number, o.egrn_number, o.egrn_date)
            for o in Ownership.select(Ownership, Premise).join(Premise)} == {
        ("1", "50:57:0010101:201-50/001/2017-5", date(2017, 5, 11)),
        ("2", "50:57:0010101:202-50/001/2018-1", date(2018, 12, 1))}


@pytest.mark.parametrize(("cell", "fraction", "joint"), [
    ("1/2 доли", (1, 2), False), ("⅔ доли", (2, 3), False), ("½", (1, 2), False), ("1⁄3", (1, 3), False),
    ("1/2 (одна вторая)", (1, 2), False), ("(1/4)", (1, 4), False), ("Доля 1/2", (1, 2), False),
    ("1/2 (совместная)", (1, 2), True),
])
def test_share_cells_as_word_and_hurried_typing_write_them(cell, fraction, joint):
    from fractions import Fraction

    from tsj_desk.domain.shares import parse_share

    share = parse_share(cell)
    assert (share.fraction, share.joint) == (Fraction(*fraction), joint)


def test_co_owners_written_with_doli_land_with_their_shares(db, tmp_path):
    path = book(tmp_path / "реестр.xlsx", [["№ кв.", "Собственник", "Доля в праве"],
                                           ["4", "Орлов Денис", "1/3 доли"], ["4", "Орлова Нина", "⅔ доли"]])
    import_registry(path, now=NOW, backup=False)
    assert {(o.person.name, o.share_num, o.share_den) for o in Ownership.select(Ownership, Person).join(Person)} == {
        ("Орлов Денис", 1, 3), ("Орлова Нина", 2, 3)}


def test_a_register_saved_as_csv_from_excel(db, tmp_path):
    path = tmp_path / "реестр.csv"
    path.write_bytes("№ кв.;ФИО собственника;Площадь, м2;Доля\r\n"
                     "1;Иванов Иван Иванович;45,3;1\r\n"
                     '2;"Петрова Анна; по доверенности";60,2;1/2\r\n'
                     "2;Петров Олег;60,2;1/2\r\n".encode("cp1251"))
    report = import_registry(path, now=NOW, backup=False)
    assert (report.rows, report.imported, report.errors) == (3, 3, [])
    rows = {(o.premise.number, str(o.premise.area), o.person.name, o.share_num, o.share_den)
            for o in Ownership.select(Ownership, Premise, Person).join(Premise).switch(Ownership).join(Person)}
    assert rows == {("1", "45.3", "Иванов Иван Иванович", 1, 1),
                    ("2", "60.2", "Петрова Анна; по доверенности", 1, 2), ("2", "60.2", "Петров Олег", 1, 2)}


def test_a_readings_sheet_saved_as_csv_with_a_header(db, tmp_path):
    import_registry(book(tmp_path / "реестр.xlsx", [["№ кв.", "Собственник"], ["3", "Иванов Иван"]]),
                    now=NOW, backup=False)
    path = tmp_path / "показания.csv"
    path.write_text("Квартира,Ресурс,Заводской номер,Дата,Показание\n"
                    '3,ХВС,ХВ-3,20.10.2026,"12,5"\n', encoding="utf-8-sig")
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (report.rows, report.imported, report.errors) == (1, 1, [])
    landed = [(m.serial, m.premise.number, r.period, r.taken_on, float(r.t1))
              for r in Reading.select() for m in [r.meter]]
    assert landed == [("ХВ-3", "3", "2026-10", date(2026, 10, 20), 12.5)]


def test_a_text_table_over_the_limits_is_refused_before_it_is_read_whole(tmp_path):
    from tsj_desk.importers.sheet_limits import Limits
    from tsj_desk.importers.spreadsheet import read_table

    path = tmp_path / "много.csv"
    path.write_text("№ кв.;ФИО\n" + "1;Иванов\n" * 21, encoding="utf-8")
    with pytest.raises(FileProblem, match="В файле «много.csv» 22 строки — больше допустимых 10."):
        read_table(path, limits=Limits(rows=10))
    with pytest.raises(FileProblem, match="больше 30 ячеек"):
        read_table(path, limits=Limits(cells=30))


def test_a_csv_table_with_unknown_headers_asks_for_the_columns_and_takes_map(tmp_path, capsys):
    base = tmp_path / "тсж.sqlite3"
    assert main(["import-registry", str(book(tmp_path / "реестр.xlsx", [["№ кв.", "Собственник"],
                                                                       ["1", "Иванов Иван"]])),
                 "--db", str(base)]) == 0
    path = tmp_path / "показания.csv"
    path.write_bytes("Кв;Вода;Счётчик;Сколько;Когда\r\n1;ХВС;ХВ-1;5;20.10.2026\r\n".encode("cp1251"))
    capsys.readouterr()
    assert main(["import-readings", str(path), "--db", str(base), "--json"]) == 2
    err = capsys.readouterr().err
    assert "не найдена строка заголовков показаний" in err and "«Счётчик», «Сколько»" in err
    assert "1С" not in err
    assert main(["import-readings", str(path), "--db", str(base), "--json", "--create-meters",
                 "--map", "Счётчик=serial", "--map", "Сколько=t1", "--map", "Когда=date",
                 "--map", "Вода=resource"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 1


def test_a_1c_registry_whose_first_payer_has_no_meters_is_still_the_1c_registry(tmp_path):
    from tsj_desk.importers.readings import parse_readings_file

    path = tmp_path / "реестр.csv"
    path.write_bytes(("#DATE_BEGIN 01.10.2026\r\n0007;Без счётчиков;;;кв. 7\r\n"
                      "0001;Иванов;;;кв. 1;9;ХВ-1;ХВС;;5;20.10.2026;\r\n").encode("cp1251"))
    parsed = parse_readings_file(path)
    assert (parsed.data_rows, parsed.problems) == (2, [])
    assert [(r.serial, r.premise, r.period, r.values[0]) for r in parsed.rows] == [("ХВ-1", "1", "2026-10", 5.0)]
