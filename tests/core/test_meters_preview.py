"""With «создавать счётчики» on, the preview says why a row still found no meter."""

from datetime import date

import pytest

from tsj_desk.services import meters, readings
from tsj_desk.services.meters import MeterInput
from tsj_desk.services.registry import import_registry

from tests.conftest import NOW, TODAY
from tests.sheets import sheet

GIS_HEADER = ["Номер ПУ в ГИС ЖКХ", "Коммунальный ресурс", "Период, за который передаются показания",
              "Значение показания (Т1)"]


@pytest.fixture
def flats(db, samples):
    """Flat 1: one cold-water meter without a ГИС ЖКХ number; flat 2: two of them;
    flat 3: one with its number; flat 4: none."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    for serial, premise, gis in (("ХВ-100", "1", ""), ("ХВ-201", "2", ""), ("ХВ-202", "2", ""),
                                 ("ХВ-300", "3", "G-300")):
        meters.add_meter(MeterInput("ХВС", serial, premise, gis_number=gis), now=NOW)


def remarks(path, *, create_meters):
    preview = readings.preview_readings(path, today=TODAY, create_meters=create_meters)
    return {e.row: e.message for e in preview.errors}


def test_a_gis_row_with_its_premise_says_which_card_lacks_the_number(flats, tmp_path):
    path = sheet(tmp_path / "гис.xlsx", ["Квартира", *GIS_HEADER], [
        ["1", "G-1", "Холодная вода", "11.2026", 10],
        ["2", "G-2", "Холодная вода", "11.2026", 10],
        ["3", "G-3", "Холодная вода", "11.2026", 10],
        ["4", "G-4", "Холодная вода", "11.2026", 10],
        ["77", "G-77", "Холодная вода", "11.2026", 10],
    ])
    found = remarks(path, create_meters=True)
    assert found[2] == ("счётчик с номером в ГИС ЖКХ «G-1» не найден: нет номера в ГИС ЖКХ у счётчика "
                        "ХВС «ХВ-100» помещения 1 — внесите его в карточку счётчика.")
    assert found[3].startswith("счётчик с номером в ГИС ЖКХ «G-2» не найден: в помещении 2 два счётчика "
                               "ХВС без номера в ГИС ЖКХ — укажите в файле заводской номер")
    assert found[4] == ("счётчик с номером в ГИС ЖКХ «G-3» не найден: у счётчиков ХВС помещения 3 "
                        "другие номера в ГИС ЖКХ («G-300»).")
    assert found[5] == ("счётчик с номером в ГИС ЖКХ «G-4» не найден: в помещении 4 нет счётчика ХВС, "
                        "а без заводского номера создать его нельзя.")
    assert found[6] == "счётчик с номером в ГИС ЖКХ «G-77» не найден, а помещение «77» не найдено в реестре."
    # without «создавать счётчики» the message stays the short one
    assert remarks(path, create_meters=False)[2] == "счётчик с номером в ГИС ЖКХ «G-1» не найден."


def test_the_gis_template_without_premises_says_where_to_enter_the_number(flats, tmp_path):
    path = sheet(tmp_path / "гис.xlsx", ["Адрес дома", *GIS_HEADER],
                 [["г. Коломна, ул. Лесная, д. 5", "G-1", "Холодная вода", "11.2026", 10]])
    message = remarks(path, create_meters=True)[2]
    assert "нет ни заводского номера, ни помещения — создать счётчик нельзя" in message
    assert "Внесите номер в ГИС ЖКХ в карточку счётчика (карточка помещения → «Счётчики»)" in message


def test_a_serial_without_premise_says_the_premise_is_missing(flats, tmp_path):
    # a file of premises whose premise cell is empty (a file without a premise column is one
    # of common-house meters: tests/core/test_readings_common_meters.py)
    path = sheet(tmp_path / "номера.xlsx", ["Квартира", "Номер счётчика", "Ресурс", "Дата", "Показание"],
                 [["", "ХВ-999", "ХВС", date(2026, 11, 20), 10]])
    assert remarks(path, create_meters=True)[2] == ("счётчик «ХВ-999» не найден, а помещение в строке "
                                                    "не указано — создать его нельзя.")


def test_once_the_number_is_entered_the_gis_row_finds_its_meter(flats, tmp_path):
    path = sheet(tmp_path / "гис.xlsx", ["Квартира", *GIS_HEADER], [["1", "G-1", "Холодная вода", "11.2026", 10]])
    meter = next(m for m in meters.list_meters(premise_number="1"))
    data = meter.as_input()
    data.gis_number = "G-1"
    meters.edit_meter(meter.id, data, now=NOW)
    assert remarks(path, create_meters=True) == {}
