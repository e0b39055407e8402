"""The 1С/Сбербанк readings registry in the shape such systems write it: «#» service
lines around the data, the period in «#DATE_BEGIN/#DATE_END», «[]» for no date, unused
meter slots, the premise in the address however it is written, the tariffs of one
electricity meter in several slots — each file written here as Windows-1251 text and
imported into a base through the command line, asserting what lands in the base."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import NOW, SAMPLES, TODAY
from tsj_desk.cli import main
from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.meters import Resource
from tsj_desk.importers.readings import parse_1c_csv, parse_readings_file
from tsj_desk.importers.readings_1c import month_of_span, premise_in_address
from tsj_desk.services import readings
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import Meter, Reading

STREET = "г. Коломна, ул. Лесная, д. 5"


@pytest.fixture
def base(tmp_path):
    """Premises 1–6 and Н-1 of the simple register (accounts 0001–0006) and meters:
    flat 1 cold water ХВ-11045 and the day/night meter Э-5550132, flat 2 hot water
    ГВ-200 and cold water ХВ-201, flat 3 the three-tariff meter Э-300; readings of
    September 2026 for all but ХВ-201."""
    path = tmp_path / "тсж.sqlite3"
    open_database(path)
    try:
        import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
        add = lambda *a, **k: readings.add_meter(MeterInput(*a, **k), now=NOW)  # noqa: E731
        ids = {"ХВ-11045": add(Resource.COLD_WATER, "ХВ-11045", "1"),
               "Э-5550132": add(Resource.ELECTRICITY, "Э-5550132", "1", tariffs=2),
               "ГВ-200": add(Resource.HOT_WATER, "ГВ-200", "2"),
               "ХВ-201": add(Resource.COLD_WATER, "ХВ-201", "2"),
               "Э-300": add(Resource.ELECTRICITY, "Э-300", "3", tariffs=3)}
        september = date(2026, 9, 20)
        readings.save_entries("2026-09", [(ids["ХВ-11045"], (110.0, None, None), september),
                                          (ids["Э-5550132"], (10000.0, 4000.0, None), september),
                                          (ids["ГВ-200"], (50.0, None, None), september),
                                          (ids["Э-300"], (1000.0, 2000.0, 3000.0), september)],
                              today=TODAY, now=NOW)
    finally:
        close_database()
    return path


def registry_1c(tmp_path, *lines: str, name: str = "реестр.txt"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


def run(capsys, *args) -> tuple[int, dict | None, str]:
    code = main(["import-readings", *map(str, args), "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def landed(base) -> dict[tuple[str, str], tuple]:
    """(serial, period) → (date, Т1, Т2, Т3) of every reading in the base."""
    open_database(base)
    try:
        query = (Reading.select(Meter.serial, Reading.period, Reading.taken_on, Reading.t1, Reading.t2,
                                Reading.t3).join(Meter).tuples())
        return {(serial, period): (taken, *(None if v is None else Decimal(str(v)).normalize()
                                            for v in (t1, t2, t3)))
                for serial, period, taken, t1, t2, t3 in query}
    finally:
        close_database()


def D(text: str) -> Decimal:
    return Decimal(text).normalize()


# ---------------------------------------------------------------- the whole shape


REAL_SHAPE = (
    "#FILESUM 1520,00",
    "#TYPE 7",
    "#SERVICE 5001",
    "#DATE_BEGIN 01.10.2026",
    "#DATE_END: 31.10.2026",
    "",
    f"0001;Абрамов Николай Петрович;;;{STREET}, кв.1;"
    "9;ХВ-11045;Холодная вода;01.03.2027;118,5;[];;"
    "3;Э-5550132;Электроэнергия день;[];10230;20.10.2026;;"
    "4;Э-5550132;Электроэнергия ночь;[];4501;20.10.2026;;"
    ";;;;;[];",
    "",
    f"0002;Белкина Ирина Олеговна;;;{STREET}, кв 2;"
    "8;ГВ-200;Горячая вода;;53;18.10.2026;;"
    "9;ХВ-201;Холодная вода;;7,25;18.10.2026;;"
    ";;;;;18.10.2026;",
    f"0003;Васильева Дарья Игоревна;;;{STREET}, Кв.3;"
    "6;Э-300;Электроэнергия день;;1100;19.10.2026;;"
    "7;Э-300;Электроэнергия ночь;;2050;19.10.2026;;"
    "5;Э-300;Электроэнергия пик;;3020;19.10.2026;",
    f"0004;Гусев Артём Владимирович;;;{STREET}, квартира 4;;;;;;[];;9;;;;;;",
    "#END",
)


def test_the_real_shape_imports_every_reading_with_the_files_period_and_counts_lines(base, tmp_path,
                                                                                   capsys):
    code, payload, err = run(capsys, registry_1c(tmp_path, *REAL_SHAPE), "--db", base)
    assert code == 0, err
    # four data lines (the «#» lines and the empty ones are not data); the fourth has
    # only unused slots: no error, nothing to write; five meters read on three lines
    assert payload == {"rows": 4, "valid": 4, "imported": 5, "errors": [], "warnings": []}
    new = {key: value for key, value in landed(base).items() if key[1] == "2026-10"}
    assert new == {
        ("ХВ-11045", "2026-10"): (None, D("118.5"), None, None),  # «[]»: no date
        ("Э-5550132", "2026-10"): (date(2026, 10, 20), D("10230"), D("4501"), None),
        ("ГВ-200", "2026-10"): (date(2026, 10, 18), D("53"), None, None),
        ("ХВ-201", "2026-10"): (date(2026, 10, 18), D("7.25"), None, None),
        # codes 6/7/5 are day/night/peak: Т1/Т2/Т3 of one three-tariff reading
        ("Э-300", "2026-10"): (date(2026, 10, 19), D("1100"), D("2050"), D("3020")),
    }


def test_the_same_lines_without_service_lines_take_the_period_of_each_reading_date(base, tmp_path,
                                                                                 capsys):
    lines = [line for line in REAL_SHAPE if not line.startswith("#")]
    code, payload, err = run(capsys, registry_1c(tmp_path, *lines), "--db", base)
    # ХВ-11045 has «[]» for its date and the file declares no period: an error naming
    # the field and the meter, and nothing is written
    assert code == 1
    assert (payload["rows"], payload["valid"], payload["imported"]) == (4, 3, 0)
    [error] = payload["errors"]
    assert (error["row"], error["column"]) == (2, "дата показаний")  # line 1 is empty
    assert "ХВ-11045" in error["message"] and "период" in error["message"]
    assert not any(period == "2026-10" for _, period in landed(base))
    # with an explicit period the file goes in
    code, payload, err = run(capsys, registry_1c(tmp_path, *lines), "--db", base, "--period", "2026-10")
    assert code == 0, err
    assert (payload["rows"], payload["valid"], payload["imported"]) == (4, 4, 5)
    assert landed(base)[("ХВ-11045", "2026-10")] == (None, D("118.5"), None, None)


@pytest.mark.parametrize(("begin", "end", "period"), [
    ("#DATE_BEGIN:01.10.2026", "#DATE_END:01.11.2026", "2026-10"),  # one day of November
    ("#DATE_BEGIN 26.09.2026", "#DATE_END 25.10.2026", "2026-10"),  # 5 days of September, 25 of October
    ("#DATE_BEGIN=16.10.2026", "#DATE_END=15.11.2026", "2026-10"),  # 16 days of October, 15 of November
    ("#DATE_BEGIN: 01.10.2026;", "", "2026-10"),
    ("", "#DATE_END: 31.10.2026", "2026-10"),
    ("#date_begin 01.10.26", "#date_end 31.10.26", "2026-10"),
])
def test_the_period_is_the_month_most_of_the_declared_span_lies_in(base, tmp_path, capsys, begin, end,
                                                                   period):
    # the readings are dated in September: the file's span decides the period
    path = registry_1c(tmp_path, *(x for x in (begin, end) if x),
                       f"0002;Белкина;;;{STREET}, кв. 2;8;ГВ-200;Горячая вода;;53;30.09.2026;")
    code, payload, err = run(capsys, path, "--db", base)
    assert code == 0, err
    assert landed(base)[("ГВ-200", period)] == (date(2026, 9, 30), D("53"), None, None)


def test_an_explicit_period_wins_over_the_files_span(base, tmp_path, capsys):
    path = registry_1c(tmp_path, "#DATE_BEGIN 01.08.2026", "#DATE_END 31.08.2026",
                       f"0002;Белкина;;;{STREET}, кв. 2;8;ГВ-200;Горячая вода;;53;[];")
    code, payload, err = run(capsys, path, "--db", base, "--period", "2026-10")
    assert code == 0, err
    assert landed(base)[("ГВ-200", "2026-10")] == (None, D("53"), None, None)
    assert ("ГВ-200", "2026-08") not in landed(base)


def test_the_month_of_a_span_by_hand():
    assert month_of_span(date(2026, 12, 20), date(2027, 1, 19)) == "2027-01"  # 12 days vs 19
    assert month_of_span(date(2026, 12, 17), date(2027, 1, 15)) == "2027-01"  # 15 days vs 15: the later
    assert month_of_span(date(2026, 12, 16), date(2027, 1, 15)) == "2026-12"  # 16 vs 15
    assert month_of_span(date(2026, 10, 31), date(2026, 12, 1)) == "2026-11"  # 1, 30, 1
    assert month_of_span(None, date(2026, 2, 28)) == "2026-02"
    assert month_of_span(None, None) is None


def test_an_unreadable_date_of_the_span_is_told_unless_a_period_is_given(base, tmp_path, capsys):
    path = registry_1c(tmp_path, "#DATE_BEGIN 01.13.2026",
                       f"0002;Белкина;;;{STREET}, кв. 2;8;ГВ-200;Горячая вода;;53;20.10.2026;")
    code, payload, err = run(capsys, path, "--db", base)
    assert code == 2 and payload is None
    assert "в строке 1 дата «01.13.2026» в «#DATE_BEGIN» не распознана" in err
    code, payload, err = run(capsys, path, "--db", base, "--period", "2026-10")
    assert code == 0, err
    assert landed(base)[("ГВ-200", "2026-10")] == (date(2026, 10, 20), D("53"), None, None)


# ---------------------------------------------------------------- errors name the field and the meter


def test_every_error_names_its_field_and_meter_and_nothing_is_written(base, tmp_path, capsys):
    path = registry_1c(
        tmp_path,
        "#DATE_BEGIN 01.10.2026", "#DATE_END 31.10.2026",
        f"0001;Абрамов;;;{STREET}, кв. 1;12;ХВ-11045;Вода;;118;20.10.2026;",          # line 3
        f"0002;Белкина;;;{STREET}, кв. 2;8;ГВ-200;Горячая вода;;53,1,2;20.10.2026;",  # line 4
        f"0003;Васильева;;;{STREET}, кв. 3;6;Э-300;День;;1100;31.09.2026;",           # line 5
        f"0002;Белкина;;;{STREET}, кв. 2;9;ХВ-201;Холодная вода;2027-13-01;7;20.10.2026;",  # line 6
        f"0001;Абрамов;;;{STREET}, кв. 1;9;;Холодная вода;;118;20.10.2026;",          # line 7
        f"0001;Абрамов;;;{STREET}, кв. 1;3;Э-5550132;День;;;20.10.2026;",             # line 8
        f"0001;Абрамов;;;{STREET}, кв. 1;;Э-5550132;;;10230;20.10.2026;",             # line 9
        "какая-то строка не из реестра",                                             # line 10
        f"0002;Белкина;;;{STREET}, кв. 2;8;ГВ-200;Горячая вода;;53;20.10.2026;",     # line 11: good
    )
    before = landed(base)
    code, payload, err = run(capsys, path, "--db", base)
    assert code == 1
    assert (payload["rows"], payload["valid"], payload["imported"]) == (9, 1, 0)
    errors = [(e["row"], e["column"]) for e in payload["errors"]]
    assert errors == [(3, "тип счётчика"), (4, "показание"), (5, "дата показаний"),
                      (6, "дата следующей поверки"), (7, "номер счётчика"), (8, "показание"),
                      (9, "тип счётчика"), (10, None)]
    messages = {e["row"]: e["message"] for e in payload["errors"]}
    assert "«12»" in messages[3] and "ХВ-11045" in messages[3]
    assert "«53,1,2»" in messages[4] and "ГВ-200" in messages[4] and "не число" in messages[4]
    assert "«31.09.2026»" in messages[5] and "Э-300" in messages[5]
    assert "«2027-13-01»" in messages[6] and "ХВ-201" in messages[6]
    assert "«118»" in messages[7] and "блоке 1" in messages[7]
    assert messages[8] == "нет показания счётчика «Э-5550132»."
    assert "не указан код типа" in messages[9] and "Э-5550132" in messages[9]
    assert "1С/Сбербанк" in messages[10]
    assert landed(base) == before


def test_a_slot_that_fails_drops_its_meter_but_not_the_other_meters_of_the_line(base, tmp_path,
                                                                                capsys):
    # the night slot of Э-5550132 is broken: with --skip-invalid the day value alone
    # never lands as a one-tariff reading, the cold water of the same line does
    path = registry_1c(tmp_path, "#DATE_BEGIN 01.10.2026", "#DATE_END 31.10.2026",
                       f"0001;Абрамов;;;{STREET}, кв. 1;3;Э-5550132;День;;10230;20.10.2026;;"
                       "4;Э-5550132;Ночь;;сорок;20.10.2026;;9;ХВ-11045;Вода;;118;20.10.2026;")
    code, payload, err = run(capsys, path, "--db", base, "--skip-invalid")
    assert code == 0, err
    assert (payload["rows"], payload["valid"], payload["imported"]) == (1, 0, 1)
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [(3, "показание")]
    october = {k: v for k, v in landed(base).items() if k[1] == "2026-10"}
    assert october == {("ХВ-11045", "2026-10"): (date(2026, 10, 20), D("118"), None, None)}


# ---------------------------------------------------------------- the premise in the address


@pytest.mark.parametrize(("address", "premise"), [
    ("г. Коломна, ул. Лесная, д. 5, кв.12", "12"),
    ("г. Коломна, ул. Лесная, д. 5, кв 12", "12"),
    ("г. Коломна, ул. Лесная, д. 5, Кв.12а", "12А"),
    ("Коломна, Лесная 5 квартира 7", "7"),
    ("Коломна, Лесная 5, пом. 3Н", "3Н"),
    ("Коломна, Лесная 5, помещение 1", "1"),
    ("Коломна, Лесная 5, ПОМ.Н-1", "Н-1"),
    ("КОЛОМНА, ЛЕСНАЯ 5, КВ. 6", "6"),
    ("Коломна, Лесная 5, кв. № 15", "15"),
    ("Коломна, Лесная д.5 кв12", "12"),
    ("Коломна, ул. Квартальная, д. 7", ""),    # «кв» inside a word
    ("Москва, ул. Тверская, д. 12", ""),      # «ква» of «Москва»
    ("Коломна, мкр. Помещичий, д. 3", ""),    # «пом» inside a word
    ("Коломна, ул. Лесная, д. 5", ""),
    ("", ""),
])
def test_the_premise_after_the_words_for_a_flat_or_a_premise(address, premise):
    assert premise_in_address(address) == premise


def test_new_meters_go_to_the_premise_named_in_the_address(base, tmp_path, capsys):
    # the account field is empty: only the address tells the premise
    lines = [f";Жилец;;;{STREET}, {where};9;ХВ-Н{n};Холодная вода;;{n}0;20.10.2026;"
             for n, where in [(4, "квартира 4"), (5, "помещение 5"), (6, "КВ.6"), (7, "пом. Н-1"),
                              (8, "кв 2")]]
    code, payload, err = run(capsys, registry_1c(tmp_path, *lines), "--db", base, "--create-meters")
    assert code == 0, err
    assert (payload["rows"], payload["valid"], payload["imported"]) == (5, 5, 5)
    open_database(base)
    try:
        placed = {m.serial: m.premise_number for m in readings.list_meters() if m.serial.startswith("ХВ-Н")}
    finally:
        close_database()
    assert placed == {"ХВ-Н4": "4", "ХВ-Н5": "5", "ХВ-Н6": "6", "ХВ-Н7": "Н-1", "ХВ-Н8": "2"}
    assert landed(base)[("ХВ-Н7", "2026-10")] == (date(2026, 10, 20), D("70"), None, None)


# ---------------------------------------------------------------- the sample, as before


def test_the_sample_imports_as_before_one_line_two_readings(tmp_path, capsys):
    base = tmp_path / "образец.sqlite3"
    assert main(["import-registry", str(SAMPLES / "registry_simple.xlsx"), "--db", str(base)]) == 0
    capsys.readouterr()
    code, payload, err = run(capsys, SAMPLES / "readings_1c.csv", "--db", base, "--create-meters")
    assert code == 0, err
    # one line of the sample: cold water 123,5 and the day/night meter 10230 / 4501 of flat 1
    assert payload == {"rows": 1, "valid": 1, "imported": 2, "errors": [], "warnings": []}
    assert landed(base) == {("ХВ-11045", "2026-10"): (date(2026, 10, 20), D("123.5"), None, None),
                            ("Э-5550132", "2026-10"): (date(2026, 10, 20), D("10230"), D("4501"), None)}


def test_the_old_name_still_reads_the_registry(tmp_path):
    path = registry_1c(tmp_path, "#DATE_BEGIN 01.10.2026",
                       f"0002;Белкина;;;{STREET}, кв. 2;8;ГВ-200;Горячая вода;;53;[];")
    for parse in (parse_1c_csv, parse_readings_file):
        parsed = parse(path)
        assert parsed.data_rows == 1 and parsed.problems == []
        assert [(r.serial, r.premise, r.account, r.period, r.taken_on) for r in parsed.rows] == [
            ("ГВ-200", "2", "0002", "2026-10", None)]


def test_a_file_of_service_lines_only_has_no_readings(tmp_path):
    path = registry_1c(tmp_path, "#FILESUM 0", "#TYPE 7", "", "#END")
    with pytest.raises(FileProblem, match="нет ни одной строки показаний"):
        parse_readings_file(path)
