"""Other shapes of a balances file: an ОСВ with «Сальдо на конец» over «Дебет» and
«Кредит» (a header of two rows, merged cells), and a debtors list saved as a
semicolon .csv in Windows-1251 by a settlement centre."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from tests.core.debts_base import build_base
from tsj_desk.importers.balances import date_in_titles, parse_balances_file
from tsj_desk.services import debts

TODAY = date(2026, 11, 24)


def test_an_osv_with_debit_and_credit_under_the_closing_balance(db, tmp_path):
    build_base()
    book = Workbook()
    sheet = book.active
    sheet.append(["Оборотно-сальдовая ведомость по лицевым счетам"])
    sheet.append(["Период: с 01.10.2026 по 31.10.2026"])
    sheet.append(["Лицевой счёт", "Помещение", "Сальдо на начало периода", None, "Начислено", "Оплачено",
                  "Сальдо на конец периода", None])
    sheet.append([None, None, "Дебет", "Кредит", None, None, "Дебет", "Кредит"])
    for cells in ("C3:D3", "G3:H3", "A3:A4", "B3:B4", "E3:E4", "F3:F4"):
        sheet.merge_cells(cells)
    sheet.append(["100001", "1", 1000, None, 2500.5, 1000, 2500.5, None])
    sheet.append(["100004", "4", None, 200, 2980, 3000, None, 220])  # paid in advance: credit only
    sheet.append(["100012", "12", 45000.99, None, 5201.02, 0, 50202.01, None])
    sheet.append(["Итого", None, None, None, None, None, 52702.51, 220])
    path = tmp_path / "ОСВ.xlsx"
    book.save(path)

    parsed = parse_balances_file(path, today=TODAY)
    assert parsed.balance_date == date(2026, 10, 31)  # the last date of «с … по …»
    assert parsed.titles["debt"] == "Сальдо на конец периода: Дебет"
    assert parsed.titles["credit"] == "Сальдо на конец периода: Кредит"
    assert parsed.problems == []  # «Итого»: 52 702,51 − 220,00 is the rows' 2 500,50 − 220,00 + 50 202,01
    assert [(r.premise, r.debt) for r in parsed.rows] == [("1", 250050), ("4", -22000), ("12", 5020201)]
    debts.import_balances(path, today=TODAY, now=debts_now())
    assert [(r.premise_number, r.debt) for r in debts.debtors(today=TODAY)] == [
        ("12", Decimal("50202.01")), ("1", Decimal("2500.50"))]


def debts_now():
    from datetime import datetime

    return datetime(2026, 11, 24, 12, 0)


def test_a_debtors_list_in_windows_1251_csv_matched_by_premise_number(db, tmp_path):
    build_base()
    text = ("Список должников на 01.11.2026\r\n"
            "\r\n"
            "№ кв.;ФИО;Сумма долга;Кол-во месяцев\r\n"
            "1;Иванов И.И.;13 512,45;3\r\n"
            "12;Волкова Е.Ю.;50202,01 руб.;11\r\n"
            "Итого;;63 714,46;\r\n")
    path = tmp_path / "должники.csv"
    path.write_bytes(text.encode("cp1251"))
    preview = debts.preview_balances(path, today=TODAY)
    assert preview.errors == [] and preview.warnings == []
    assert preview.parsed.balance_date == date(2026, 11, 1)
    assert [(c.premise_number, c.row.debt, c.row.months) for c in preview.checked] == [
        ("1", 1351245, 3), ("12", 5020201, 11)]


def test_dates_in_titles():
    assert date_in_titles(["ОСВ за октябрь 2026 г."]) == date(2026, 10, 31)
    assert date_in_titles(["Задолженность на 01.11.26"]) == date(2026, 11, 1)
    assert date_in_titles(["ведомость за февраль 2028 года"]) == date(2028, 2, 29)
    assert date_in_titles(["Список должников"]) is None
