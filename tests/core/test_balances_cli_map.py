"""tsj-desk import-balances --map / --list-fields: the message of a file whose debt column
has a header no synonym knows tells the user to give --map on the command line, so the
command must take it (and remember the layout for the next file of that shape)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.cli_run import run
from tests.core.debts_base import build_base
from tsj_desk.storage.database import close_database, open_database


@pytest.fixture
def base_file(db_target):
    open_database(db_target)
    build_base()
    close_database()
    return db_target


def _billing_file(path, debt: str):
    book = Workbook()
    sheet = book.active
    sheet.append(["Расчёты с собственниками на 31.10.2026"])
    sheet.append(["Лицевой счёт", "Остаток долга, руб."])
    sheet.append(["100001", debt])
    sheet.append(["Итого", debt])
    book.save(path)
    return path


def test_list_fields_names_the_balance_fields(capsys):
    code, out, err = run(capsys, "import-balances", "--list-fields")
    assert (code, err) == (0, "")
    assert "debt" in out and "Задолженность" in out and "account" in out


def test_an_unknown_debt_header_is_given_by_map_and_remembered(capsys, tmp_path, base_file):
    first = _billing_file(tmp_path / "октябрь.xlsx", "1 234,56")
    code, _, err = run(capsys, "import-balances", first, "--db", base_file)
    assert code == 2
    assert "--map" in err and "«Остаток долга, руб.»" in err

    code, out, err = run(capsys, "import-balances", first, "--db", base_file,
                         "--map", "Остаток долга, руб.=debt")
    assert code == 0, err
    assert "Загружено: 1 строка из 1." in out
    assert "Раскладка столбцов запомнена" in out
    code, out, _ = run(capsys, "debtors", "--db", base_file)
    assert "л/с 100001: 1\u00a0234,56\u00a0руб. на 31.10.2026" in out

    code, _, err = run(capsys, "import-balances", first, "--db", base_file, "--map", "Долг на дату=debt")
    assert code == 2
    assert "нет столбца «Долг на дату»" in err


def test_a_remembered_layout_reads_the_next_file_without_map(capsys, tmp_path, base_file):
    run(capsys, "import-balances", _billing_file(tmp_path / "октябрь.xlsx", "1 234,56"), "--db", base_file,
        "--map", "Остаток долга, руб.=debt")
    code, out, err = run(capsys, "import-balances", _billing_file(tmp_path / "ноябрь.xlsx", "2 000,00"),
                         "--db", base_file, "--date", "20.11.2026")
    assert code == 0, err
    code, out, _ = run(capsys, "debtors", "--db", base_file)
    assert "л/с 100001: 2\u00a0000,00\u00a0руб. на 20.11.2026" in out
