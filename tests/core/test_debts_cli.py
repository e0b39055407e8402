"""tsj-desk import-balances, debtors, notices debt: exit codes, Russian output, and the
combined notices file matching the ОСВ to the kopeck, one notice a page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.cli_run import run
from tests.core.debts_base import build_base, osv_workbook
from tests.core.test_debts import OCTOBER, OCTOBER_TOTAL
from tsj_desk.storage.database import close_database, open_database


@pytest.fixture
def base_file(db_target):
    """The base of the chosen engine (a file, or a server base's URL) with the flats."""
    open_database(db_target)
    build_base()
    close_database()
    return db_target


def query(base, sql: str) -> list[tuple]:
    database = open_database(base)
    try:
        return [tuple(str(v) if hasattr(v, "isoformat") else v for v in row)
                for row in database.execute_sql(sql).fetchall()]
    finally:
        close_database()


def test_import_then_debtors_in_russian_and_in_json(capsys, tmp_path, base_file):
    osv = osv_workbook(tmp_path / "ОСВ.xlsx", OCTOBER, totals=OCTOBER_TOTAL)
    code, out, err = run(capsys, "import-balances", osv, "--db", base_file, "--dry-run")
    assert (code, err) == (0, "")
    assert "Проверено: 5 строк из 5." in out
    assert "Остатки на 31.10.2026 (из заголовка файла)" in out
    assert run(capsys, "debtors", "--db", base_file)[1].startswith("Должников нет")  # dry run wrote nothing

    code, out, err = run(capsys, "import-balances", osv, "--db", base_file)
    assert code == 0, err
    assert "Загружено: 5 строк из 5." in out
    assert "67\u00a0495,33\u00a0руб." in out  # the rows' sum, overpayment of flat 4 subtracted

    code, out, err = run(capsys, "debtors", "--db", base_file, "--min-sum", "5000")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == ("г. Коломна, ул. Лесная, д. 5, кв. 12, л/с 100012: 50\u00a0202,01\u00a0руб. "
                        "на 31.10.2026, 11 месяцев — Волкова Елена Юрьевна, тел. +79267654321")
    assert lines[1].startswith("г. Коломна, ул. Лесная, д. 5, кв. 1, л/с 100001: 13\u00a0512,45\u00a0руб. "
                               "на 31.10.2026, 3 месяца — Иванов Иван Иванович")
    assert lines[-1] == "Итого: 2 должника, задолженность 63\u00a0714,46\u00a0руб."  # 50 202,01 + 13 512,45

    code, out, _ = run(capsys, "debtors", "--db", base_file, "--months", "2", "--json")
    data = json.loads(out)
    assert code == 0 and (data["count"], data["debt"]) == (2, "63714.46")
    assert [d["debt"] for d in data["debtors"]] == ["50202.01", "13512.45"]


def test_a_bad_row_exits_1_naming_it_and_writes_nothing(capsys, tmp_path, base_file):
    rows = list(OCTOBER)
    rows[4] = ("100099", 12, "Волкова Е. Ю.", 0, 0, 0, 50202.01, 11)
    code, out, err = run(capsys, "import-balances", osv_workbook(tmp_path / "осв.xlsx", rows), "--db", base_file)
    assert code == 1
    assert "строка 11, столбец «Лицевой счёт»: лицевой счёт 100099 не найден в базе." in err
    assert "Файл не загружен: 1 ошибка." in err
    assert query(base_file, "SELECT count(*) FROM balance") == [(0,)]
    assert query(base_file, "SELECT count(*) FROM balance_batch") == [(0,)]


def test_bad_arguments_and_files_exit_2_in_russian(capsys, tmp_path, base_file):
    code, _, err = run(capsys, "import-balances", tmp_path / "нет.xlsx", "--db", base_file)
    assert code == 2 and "не найден" in err
    code, _, err = run(capsys, "debtors", "--db", base_file, "--min-sum", "много")
    assert code == 2 and "сумма «много» должна быть числом рублей" in err
    code, _, err = run(capsys, "import-balances", osv_workbook(tmp_path / "о.xlsx", OCTOBER), "--db", base_file,
                       "--date", "31.02.2026")
    assert code == 2 and "даты «31.02.2026» в календаре нет" in err
    nodate = osv_workbook(tmp_path / "долги.xlsx", OCTOBER, title="Список должников", period="")
    code, _, err = run(capsys, "import-balances", nodate, "--db", base_file)
    assert code == 2 and "не найдена дата остатков" in err
    code, out, err = run(capsys, "import-balances", nodate, "--db", base_file, "--date", "2026-11-01")
    assert code == 0 and "Остатки на 01.11.2026 (указана при загрузке)" in out


def _notices(path: Path) -> list[str]:
    """The text of each page of a combined notices file (a page starts at a paragraph
    with «page break before»)."""
    pages: list[list[str]] = []
    for paragraph in Document(str(path)).element.body.iter(qn("w:p")):
        p_pr = paragraph.find(qn("w:pPr"))
        if not pages or (p_pr is not None and p_pr.find(qn("w:pageBreakBefore")) is not None):
            pages.append([])
        pages[-1].append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return ["\n".join(page) for page in pages]


def test_notices_one_a_page_with_the_amounts_of_the_osv_and_each_recorded(capsys, tmp_path, base_file):
    assert run(capsys, "import-balances", osv_workbook(tmp_path / "осв.xlsx", OCTOBER), "--db", base_file)[0] == 0
    out_file = tmp_path / "Уведомления.docx"
    code, out, err = run(capsys, "notices", "debt", "--db", base_file, "--out", out_file, "--min-sum", "4300,87",
                         "--delivery", "signature")
    assert code == 0, err
    assert out.strip() == (f"3 уведомления о задолженности на сумму 68\u00a0015,33\u00a0руб. записаны в {out_file} "
                           "(по одному на странице; доставка: под подпись).")
    pages = _notices(out_file)
    assert len(pages) == 3
    expected = [("100012", "12", "50\u00a0202,01\u00a0руб. (за 11 месяцев)", "Волкова Елена Юрьевна"),
                ("100001", "1", "13\u00a0512,45\u00a0руб. (за 3 месяца)", "Иванов Иван Иванович"),
                ("100003", "3", "4\u00a0300,87\u00a0руб. (за 1 месяц)",
                 "Сидоров Олег Петрович, Сидорова Мария Ивановна")]
    for page, (account, flat, debt, owners) in zip(pages, expected):
        assert "Уведомление о задолженности" in page
        assert (f"по лицевому счёту № {account} (г. Коломна, ул. Лесная, д. 5, кв.\u00a0{flat}) "
                "на 31.10.2026 числится задолженность") in page
        assert f"в размере {debt} по оплате" in page
        assert owners in page
        assert f"В назначении платежа укажите лицевой счёт № {account}." in page
        assert "р/с 40703810440000001234, в ПАО Сбербанк, БИК 044525225" in page
        assert "ч. 1 ст. 155" in page and "ч. 14 ст. 155" in page and "1/300" in page and "1/130" in page
        assert "20 дней со дня доставки предупреждения" in page and "пп. 117–119" in page
        assert "{{" not in page
    recorded = query(base_file, 'SELECT "account", "debt", "balance_date", "delivery" FROM debt_notice ORDER BY "id"')
    assert recorded == [("100012", 5020201, "2026-10-31", "signature"), ("100001", 1351245, "2026-10-31", "signature"),
                        ("100003", 430087, "2026-10-31", "signature")]


def test_notices_without_debtors_exit_1(capsys, tmp_path, base_file):
    code, _, err = run(capsys, "notices", "debt", "--db", base_file, "--out", tmp_path / "у.docx")
    assert code == 1 and "Нет должников" in err
    assert not (tmp_path / "у.docx").exists()


def test_a_promise_from_the_command_line(capsys, tmp_path, base_file):
    assert run(capsys, "import-balances", osv_workbook(tmp_path / "осв.xlsx", OCTOBER), "--db", base_file)[0] == 0
    code, out, err = run(capsys, "promise", "100001", "--db", base_file, "--date", "30.11.2026", "--sum", "5000")
    assert code == 0, err
    assert out.strip() == "Обещание записано: л/с 100001, 5\u00a0000,00\u00a0руб. до 30.11.2026."
    code, _, err = run(capsys, "promise", "7", "--db", base_file, "--date", "30.11.2026", "--sum", "5000")
    assert code == 1 and "Лицевой счёт 7 не найден" in err


def test_the_shipped_notice_template_uses_only_its_fields_and_is_listed_by_name():
    from tsj_desk.documents.debt_notices import DEBT_NOTICE_FIELDS, DEBT_NOTICE_TEMPLATE
    from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR, check_template
    from tsj_desk.services.document_templates import known_documents

    check_template(SHIPPED_TEMPLATES_DIR / DEBT_NOTICE_TEMPLATE, DEBT_NOTICE_FIELDS)
    assert known_documents()[DEBT_NOTICE_TEMPLATE][0] == "Уведомление о задолженности"


def test_the_shipped_notice_template_is_what_its_build_script_makes(tmp_path):
    import importlib.util

    from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR

    script = SHIPPED_TEMPLATES_DIR / "build_debt_notice.py"
    spec = importlib.util.spec_from_file_location("build_debt_notice", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_debt_notice(tmp_path)
    assert built.read_bytes() == (SHIPPED_TEMPLATES_DIR / "debt_notice.docx").read_bytes()
