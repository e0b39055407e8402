"""A 1С/Сбербанк .csv is read in UTF-8 (with or without its mark) or Windows-1251, and
only when its text then reads as Russian; the same file saved in KOI8-R, DOS (866) or
Mac Cyrillic is refused with what to do, and nothing of it reaches the base."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tests.conftest import NOW, SAMPLES, TODAY
from tsj_desk.cli import main
from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.meters import Resource
from tsj_desk.importers.readings import parse_readings_file
from tsj_desk.services import readings
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import ImportBatch, Meter, Reading

# The sample as a Russian office's 1С writes it (Windows-1251), taken as text.
TEXT = (SAMPLES / "readings_1c.csv").read_bytes().decode("cp1251")
ACCEPTED = ["utf-8", "utf-8-sig", "cp1251"]
REFUSED = ["koi8_r", "cp866", "mac_cyrillic"]

# What its one line holds, read by hand: account 0001, flat 1 («кв. 1»), cold water
# ХВ-11045 at 123,5 and the day/night electricity meter Э-5550132 at 10230 / 4501,
# all taken 20.10.2026.
EXPECTED_ROWS = [
    ("ХВ-11045", Resource.COLD_WATER, "1", "0001", "2026-10", date(2026, 10, 20), (123.5, None, None)),
    ("Э-5550132", Resource.ELECTRICITY, "1", "0001", "2026-10", date(2026, 10, 20), (10230.0, 4501.0, None)),
]


def refusal(name: str) -> str:
    return (f"Не удалось определить кодировку файла «{name}»: сохраните его в UTF-8 "
            "или Windows-1251.")


def saved(tmp_path, encoding: str, text: str = TEXT):
    path = tmp_path / f"показания {encoding}.csv"
    path.write_bytes(text.encode(encoding))
    return path


def rows_of(path) -> list[tuple]:
    return [(r.serial, r.resource, r.premise, r.account, r.period, r.taken_on, r.values)
            for r in parse_readings_file(path).rows]


def test_the_same_file_is_read_in_utf8_or_windows_1251_and_refused_in_other_code_pages(tmp_path):
    for encoding in ACCEPTED:
        assert rows_of(saved(tmp_path, encoding)) == EXPECTED_ROWS, encoding
    for encoding in REFUSED:
        path = saved(tmp_path, encoding)
        with pytest.raises(FileProblem) as caught:
            parse_readings_file(path)
        assert caught.value.message == refusal(path.name), encoding


@pytest.mark.parametrize("encoding", REFUSED)
def test_a_file_in_another_code_page_imports_nothing(db, tmp_path, encoding):
    import_registry(SAMPLES / "registry_simple.xlsx", now=NOW)
    path = saved(tmp_path, encoding)
    with pytest.raises(FileProblem, match="Не удалось определить кодировку"):
        readings.import_readings(path, today=TODAY, now=NOW, create_meters=True)
    assert (Meter.select().count(), Reading.select().count(), ImportBatch.select().count()) == (0, 0, 0)

    report = readings.import_readings(saved(tmp_path, "cp1251"), today=TODAY, now=NOW,
                                      create_meters=True)
    assert report.imported == 2
    assert sorted(m.serial for m in Meter.select()) == ["ХВ-11045", "Э-5550132"]


@pytest.mark.parametrize("encoding", REFUSED)
def test_the_command_line_refuses_it_with_exit_2(tmp_path, capsys, encoding):
    base = tmp_path / "тсж.sqlite3"
    assert main(["import-registry", str(SAMPLES / "registry_simple.xlsx"), "--db", str(base)]) == 0
    capsys.readouterr()
    path = saved(tmp_path, encoding)
    code = main(["import-readings", str(path), "--db", str(base), "--create-meters"])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.strip() == refusal(path.name)


# ------------------------------------------------- many lines of names, addresses, meters

SURNAMES = ["Иванов", "Смирнова", "Кузнецов", "Фёдорова", "Щукин", "Соловьёв", "Яковлева",
            "Григорьев", "Эльдаров", "Юдина", "Цветков", "Шевчук", "Жукова", "Хабибуллин"]
NAMES = ["Александр Сергеевич", "Елена Викторовна", "Пётр Саввич", "Юлия Олеговна",
         "Артём Юрьевич", "Дарья Ильинична", "Эдуард Щербакович", "Ольга Ивановна"]
PLACES = ["Коломна, ул. Лесная", "Щёлково, пр-т Мира", "Москва, ул. Зелёная", "Химки, б-р Цветной",
          "Жуковский, пер. Южный", "Подольск, ш. Объездное"]
METERS = [("9", "ХВ", "Холодная вода"), ("8", "ГВ", "Горячая вода"), ("1", "Г", "Газ"),
          ("3", "Э", "Электроэнергия день"), ("4", "Э", "Электроэнергия ночь"), ("10", "Т", "Отопление")]


def one_line(rng: random.Random) -> str:
    blocks = "".join(
        f"{code};{prefix}-{rng.randint(1000, 99999)};{label};01.03.2027;{rng.randint(1, 9999)},5;20.10.2026;;"
        for code, prefix, label in rng.sample(METERS, rng.randint(1, 3)))
    line = (f"{rng.randint(1, 9999):04d};{rng.choice(SURNAMES)} {rng.choice(NAMES)};;;"
            f"{rng.choice(PLACES)}, д. {rng.randint(1, 40)}, кв. {rng.randint(1, 200)};{blocks}")
    return line.upper() if rng.random() < 0.2 else line  # some systems write capitals only


def test_every_single_line_file_is_told_apart(tmp_path):
    """Files of one line each (the shortest a 1С export gets): each is read in UTF-8
    and Windows-1251 with every field as written, and refused in the three other code
    pages."""
    rng = random.Random(11)
    path = tmp_path / "показания.csv"
    for _ in range(300):
        text = one_line(rng) + "\r\n"
        fields = [field.strip() for field in text.strip().split(";")]
        for encoding in ACCEPTED:
            path.write_bytes(text.encode(encoding))
            assert parse_readings_file(path).rows[0].cells == fields, (encoding, text)
        for encoding in REFUSED:
            path.write_bytes(text.encode(encoding))
            with pytest.raises(FileProblem, match="Не удалось определить кодировку"):
                parse_readings_file(path)
