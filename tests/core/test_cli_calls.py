"""``tsj-desk calls export|import`` on a base built by the services: the readings list
out as .csv, its results back with one reading below the previous one (exit 1, the row
named, the good row saved), --dry-run writing nothing, bad arguments exiting 2."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook

import pytest

from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import Reading

from tests.cli_run import run
from tests.core.test_call_lists import NOVEMBER, build_house


@pytest.fixture
def base(db_target):
    """The four flats of ``build_house`` in a base the command line opens itself."""
    open_database(db_target)
    try:
        built = build_house()
    finally:
        close_database()
    return db_target, built


def test_export_then_import_by_the_command_line(base, tmp_path, capsys):
    db_path, (_, meters) = base
    out = tmp_path / "обзвон.csv"
    code, text, err = run(capsys, "calls", "export", "readings", "--db", db_path, "--out", out)
    assert code == 0, err
    assert "В списке 2 звонка; без телефона — 1 помещение" in text
    assert "пом. 3 (Власов Игорь Олегович) — нет телефона" in err
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    ids = [r[rows[0].index("Код строки")] for r in rows[1:]]

    book = Workbook()
    book.active.append(["Код строки", "Дозвонились", "Показания"])
    book.active.append([ids[0], "да", "ГВС 41"])
    book.active.append([ids[1], "да", "ХВС 99,9"])  # flat 2 read 100 in October
    book.save(tmp_path / "итоги.xlsx")

    code, text, err = run(capsys, "calls", "import", tmp_path / "итоги.xlsx", "--db", db_path,
                          "--dry-run", "--json")
    report = json.loads(text)
    assert (code, report["saved"], report["dry_run"]) == (1, 1, True)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "Показания")]

    code, text, err = run(capsys, "calls", "import", tmp_path / "итоги.xlsx", "--db", db_path)
    assert code == 1
    assert "Ошибка, строка 3, столбец «Показания»" in err and "меньше предыдущего" in err
    assert text.startswith("Загружено 1 результат из 2; показаний: 1;")

    open_database(db_path)
    try:
        assert [(r.meter_id, float(r.t1), r.source) for r in
                Reading.select().where(Reading.period == NOVEMBER, Reading.source == "phone")] == [
            (meters["1g"], 41.0, "phone")]
    finally:
        close_database()


def test_bad_arguments_exit_2(base, tmp_path, capsys):
    db_path, _ = base
    code, _, err = run(capsys, "calls", "export", "phones", "--db", db_path, "--out", tmp_path / "a.csv")
    assert code == 2 and "КАМПАНИЯ" in err
    code, _, err = run(capsys, "calls", "export", "readings", "--db", db_path, "--out", tmp_path / "a.txt")
    assert code == 2 and ".csv или .xlsx" in err
    code, _, err = run(capsys, "calls", "export", "visit", "--db", db_path, "--out", tmp_path / "a.csv",
                       "--premises", "1-2, 77")
    assert code == 2 and "Нет таких помещений: № 77." in err
    code, _, err = run(capsys, "calls", "import", tmp_path / "нет.xlsx", "--db", db_path)
    assert code == 2
    (tmp_path / "чужой.csv").write_text("Телефон;ФИО\n+79161234567;Иванов\n", encoding="utf-8")
    code, _, err = run(capsys, "calls", "import", tmp_path / "чужой.csv", "--db", db_path)
    assert code == 2
    assert err.startswith("В файле «чужой.csv» нет столбца «Код строки»: это не результаты обзвона.")
