"""A readings file in a base of two houses: the premise of a row is looked for in the
house its address names (a 1С line's own address, an «Адрес» column, the title above
the table); an address naming no house of the base, or a premise number of two houses
with no address, is a row error — never the first house found. Also: the account
named as an account, the way to create unknown meters, the file's own period beside
the one given at loading, and a row whose tariffs are not its meter's card.

The base (tests/two_houses.py): Лесная, 5 — flats 1, 2, 3, cold-water meter Л-ХВ-1 in
flat 1; Садовая, 12 — flats 1 and 4, cold-water meter С-ХВ-1 in flat 1. Лесная is the
first house of the base."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tsj_desk.cli import main
from tsj_desk.domain.errors import ImportRejected
from tsj_desk.services import readings
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import House, Meter, Premise, Reading

from tests.conftest import NOW, TODAY
from tests.sheets import sheet
from tests.two_houses import LESNAYA, SADOVAYA, build_two_houses

HINT = ("Чтобы завести новые счётчики из файла, загрузите его с параметром --create-meters "
        "(в окне загрузки — отметка «Создавать неизвестные счётчики»).")
ASK = "укажите в файле адрес дома (столбец «Адрес» или строка «Адрес: …» над таблицей)"


@pytest.fixture
def houses(db):
    return build_two_houses()


def registry_1c(path: Path, *lines: str) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


def placed(serial: str) -> tuple[str, str]:
    """(street address of the house, premise number) of the meter with this serial."""
    meter = Meter.get(Meter.serial == serial)
    premise = Premise.get_by_id(meter.premise_id)
    return House.get_by_id(premise.house_id).address, premise.number


def values_of(serial: str) -> dict[str, tuple]:
    return {r.period: tuple(None if v is None else Decimal(str(v)).normalize() for v in (r.t1, r.t2))
            for r in Reading.select().join(Meter).where(Meter.serial == serial)}


# ---------------------------------------------------------------- the house of a row


def test_a_1c_line_creates_its_meter_in_the_flat_of_the_house_its_address_names(houses, tmp_path):
    path = registry_1c(tmp_path / "реестр.txt", "#DATE_BEGIN 01.11.2026", "#DATE_END 30.11.2026",
                       f"0101;Садовников;;;{SADOVAYA}, кв. 1;9;Н-С-1;Холодная вода;;12,5;20.11.2026;",
                       f"0201;Лесников;;;{LESNAYA}, кв. 1;8;Н-Л-1;Горячая вода;;30;20.11.2026;")
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert report.errors == []
    assert report.imported == 2
    # flat 1 of Садовая, though Лесная (the first house) has a flat 1 too
    assert placed("Н-С-1") == (SADOVAYA, "1")
    assert placed("Н-Л-1") == (LESNAYA, "1")
    assert values_of("Н-С-1") == {"2026-11": (Decimal("12.5"), None)}


def test_a_1c_line_of_a_house_the_base_lacks_is_an_error_naming_its_address(houses, tmp_path):
    address = "г. Коломна, ул. Полевая, д. 7, кв. 1"
    path = registry_1c(tmp_path / "реестр.txt", "#DATE_BEGIN 01.11.2026", "#DATE_END 30.11.2026",
                       f"0101;Полевой;;;{address};9;Н-П-1;Холодная вода;;12;20.11.2026;")
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [(e.row, e.message) for e in refused.value.errors] == [
        (3, f"счётчик «Н-П-1» не найден, а адрес «{address}» не совпадает ни с одним домом базы "
            f"(«{LESNAYA}», «{SADOVAYA}») — сверьте адрес в файле с адресами домов.")]
    assert Meter.select().where(Meter.serial == "Н-П-1").count() == 0
    assert Reading.select().count() == 0


def test_a_meter_of_another_house_is_not_taken_for_the_one_the_address_names(houses, tmp_path):
    # Л-ХВ-1 is in flat 1 of Лесная; the line says flat 1 of Садовая
    path = registry_1c(tmp_path / "реестр.txt", "#DATE_BEGIN 01.11.2026", "#DATE_END 30.11.2026",
                       f"0101;Садовников;;;{SADOVAYA}, кв. 1;9;Л-ХВ-1;Холодная вода;;12;20.11.2026;")
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [e.message for e in refused.value.errors] == [
        f"счётчик «Л-ХВ-1» в доме «{SADOVAYA}» не найден: счётчик с этим номером в базе — "
        f"помещение 1 дома «{LESNAYA}»."]
    assert Reading.select().count() == 0


def test_a_premise_number_of_two_houses_without_an_address_is_an_error(houses, tmp_path):
    header = ["Помещение", "Ресурс", "Номер счётчика", "Дата", "Показание"]
    path = sheet(tmp_path / "показания.xlsx", header, [
        ["1", "ХВС", "Н-1", "20.11.2026", 10],  # a new meter of flat 1: which house?
        ["4", "ХВС", "Н-4", "20.11.2026", 20],  # flat 4 is in Садовая only
        ["1", "ХВС", "С-ХВ-1", "20.11.2026", 30],  # the serial names one meter: Садовая's
    ])
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [(e.row, e.message) for e in refused.value.errors] == [
        (2, f"счётчик «Н-1» не найден, а помещение 1 есть в нескольких домах: «{LESNAYA}», "
            f"«{SADOVAYA}»; {ASK}.")]
    assert Meter.select().where(Meter.serial == "Н-1").count() == 0
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True, skip_invalid=True)
    assert report.imported == 2
    assert Meter.select().where(Meter.serial == "Н-1").count() == 0
    assert placed("Н-4") == (SADOVAYA, "4")
    assert values_of("С-ХВ-1") == {"2026-11": (Decimal("30"), None)}


def test_the_title_address_puts_a_new_meter_in_the_flat_of_that_house(houses, tmp_path):
    header = ["Помещение", "Ресурс", "Номер счётчика", "Дата", "Показание"]
    path = sheet(tmp_path / "показания.xlsx", header, [["1", "ГВС", "Н-1", "20.11.2026", 10]],
                 titles=("Показания счётчиков за ноябрь 2026 г.", f"Адрес: {SADOVAYA}"))
    report = readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert report.errors == []
    assert placed("Н-1") == (SADOVAYA, "1")


# ---------------------------------------------------------------- messages


def test_an_account_not_in_the_register_is_called_an_account(houses, tmp_path):
    header = ["Лицевой счёт", "Ресурс", "Номер счётчика", "Дата", "Показание"]
    path = sheet(tmp_path / "показания.xlsx", header, [["0003", "ХВС", "Н-1", "20.11.2026", 10]],
                 titles=(f"Адрес: {LESNAYA}",))
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert [e.message for e in refused.value.errors] == [
        f"счётчик «Н-1» не найден, а лицевой счёт «0003» не найден в реестре дома «{LESNAYA}»."]


def test_an_unknown_meter_says_how_to_create_it(houses, tmp_path):
    header = ["Помещение", "Ресурс", "Номер счётчика", "Дата", "Показание"]
    path = sheet(tmp_path / "показания.xlsx", header, [["2", "ХВС", "Н-2", "20.11.2026", 10]],
                 titles=(f"Адрес: {LESNAYA}",))
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW)
    assert [e.message for e in refused.value.errors] == [f"счётчик «Н-2» не найден. {HINT}"]
    readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)  # as the hint says
    assert placed("Н-2") == (LESNAYA, "2")


def test_a_period_given_at_loading_is_kept_and_the_files_other_month_is_told(tmp_path, capsys):
    base = tmp_path / "база.sqlite3"
    open_database(base)
    try:
        build_two_houses()
    finally:
        close_database()
    path = registry_1c(tmp_path / "реестр.txt", "#SERVICE 5001", "#DATE_BEGIN 01.10.2026",
                       "#DATE_END 31.10.2026",
                       f"0201;Лесников;;;{LESNAYA}, кв. 1;9;Л-ХВ-1;Холодная вода;;15;[];")
    code = main(["import-readings", str(path), "--db", str(base), "--period", "2026-11", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    payload = json.loads(out)
    assert (payload["rows"], payload["valid"], payload["imported"]) == (1, 1, 1)
    assert payload["warnings"] == [{
        "row": 2, "column": None,
        "message": "в файле период 10.2026 (#DATE_BEGIN 01.10.2026, #DATE_END 31.10.2026), а показания "
                   "загружаются за 11.2026 — период, указанный при загрузке (--period; в окне — "
                   "«Период показаний»)."}]
    open_database(base)
    try:
        assert values_of("Л-ХВ-1") == {"2026-11": (Decimal("15"), None)}
    finally:
        close_database()


# ---------------------------------------------------------------- tariffs against the card


def test_a_second_tariff_for_a_one_tariff_card_is_an_error_not_a_lost_value(houses, tmp_path):
    header = ["Помещение", "Тип счетчика", "Номер счетчика", "Количество тарифов", "Показание 1",
              "Показание 2", "Дата передачи показаний"]
    path = sheet(tmp_path / "дома.xlsx", header, [["1", "ХВС", "Л-ХВ-1", 2, 12, 5, "20.11.2026"]],
                 titles=(f"Адрес: {LESNAYA}",))
    with pytest.raises(ImportRejected) as refused:
        readings.import_readings(path, today=TODAY, now=NOW)
    assert [(e.column, e.message) for e in refused.value.errors] == [
        ("Показание 2", "у счётчика «Л-ХВ-1» (помещение 1) в карточке 1 тариф, а в файле 2 тарифа: "
                        "показание Т2 5 записать некуда. Исправьте количество тарифов в карточке "
                        "счётчика или в файле.")]
    assert Reading.select().count() == 0


def test_a_declared_count_that_differs_from_the_card_is_a_warning_when_nothing_is_lost(houses, tmp_path):
    header = ["Помещение", "Тип счетчика", "Номер счетчика", "Количество тарифов", "Показание 1",
              "Показание 2", "Дата передачи показаний"]
    path = sheet(tmp_path / "дома.xlsx", header, [["1", "ХВС", "Л-ХВ-1", 2, 12, None, "20.11.2026"]],
                 titles=(f"Адрес: {LESNAYA}",))
    report = readings.import_readings(path, today=TODAY, now=NOW)
    assert [(w.column, w.message) for w in report.warnings] == [
        ("Количество тарифов", "у счётчика «Л-ХВ-1» (помещение 1) в карточке 1 тариф, а в файле "
                               "2 тарифа: показания взяты по карточке.")]
    assert values_of("Л-ХВ-1") == {"2026-11": (Decimal("12"), None)}
