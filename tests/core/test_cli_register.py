"""The command line of the register, run as a user runs it: a separate process."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[2]


def tsj(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "tsj_desk", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120)


def test_demo_creates_a_database_without_a_window(tmp_path):
    result = tsj("demo", "--no-gui", "--db", tmp_path / "demo.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "demo.sqlite3")
    export = tsj("export-register", "--db", tmp_path / "demo.sqlite3", "--out", tmp_path / "r.xlsx",
                 "--requested-by", "Собственник кв. 7", "--purpose", "ОСС", "--as-of", "2026-11-01")
    assert export.returncode == 0, export.stderr
    sheet = load_workbook(tmp_path / "r.xlsx").active
    kinds = {sheet.cell(r, 2).value for r in range(6, sheet.max_row + 1)}
    shares = {sheet.cell(r, 6).value for r in range(6, sheet.max_row + 1)}
    assert {"квартира", "нежилое"} <= kinds
    assert {"1", "1/2", "совместная"} <= shares
    assert any(str(sheet.cell(r, 5).value or "").isdigit() for r in range(6, sheet.max_row + 1))


def test_import_json_with_errors_exits_1_and_changes_nothing(tmp_path, db_target):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Кв.", "Площадь", "Собственник", "Доля"])
    sheet.append([1, "сорок", "Иванов Иван", "1"])
    sheet.append([2, 30, "Петров Пётр", "1"])
    workbook.save(tmp_path / "bad.xlsx")
    db = db_target
    result = tsj("import-registry", tmp_path / "bad.xlsx", "--db", db, "--json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["rows"] == 2 and payload["valid"] == 1 and payload["imported"] == 0
    assert payload["errors"][0]["row"] == 2 and payload["errors"][0]["column"] == "Площадь"
    listed = tsj("import-registry", tmp_path / "bad.xlsx", "--db", db, "--json", "--skip-invalid")
    assert listed.returncode == 0
    assert json.loads(listed.stdout)["imported"] == 1


def test_dry_run_writes_nothing(tmp_path, db_target, samples):
    db = db_target
    first = tsj("import-registry", samples / "registry_simple.xlsx", "--db", db, "--dry-run", "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["valid"] == 10
    second = tsj("import-registry", samples / "registry_simple.xlsx", "--db", db, "--json")
    assert json.loads(second.stdout)["imported"] == 10
    export = tsj("export-register", "--db", db, "--out", tmp_path / "r.xlsx",
                 "--requested-by", "Инициатор ОСС, кв. 3", "--purpose", "созыв общего собрания")
    assert export.returncode == 0
    assert "10 строк" in export.stdout


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken zip", "привет".encode()])
def test_unreadable_file_exits_2_with_a_russian_message(tmp_path, content):
    bad = tmp_path / "реестр.xlsx"
    bad.write_bytes(content)
    db = tmp_path / "r.sqlite3"
    result = tsj("import-registry", bad, "--db", db, "--json")
    assert result.returncode == 2
    assert "реестр.xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()


def test_bad_arguments_exit_2_in_russian(tmp_path):
    result = tsj("export-register", "--db", tmp_path / "x.sqlite3", "--out", tmp_path / "r.pdf")
    assert result.returncode == 2 and ".xlsx или .docx" in result.stderr
    result = tsj("export-register", "--db", tmp_path / "x.sqlite3", "--out", "r.xlsx", "--as-of", "1/1/2026")
    assert result.returncode == 2 and "ГГГГ-ММ-ДД" in result.stderr
