"""An ОСВ as 1С prints it ends with the accountant's signature under the «Итого» row, in
the first column (where the accounts are): that line is no account of the file."""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook

from tsj_desk.importers.balances import parse_balances_file


def test_signatures_under_the_totals_row_are_not_accounts(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Оборотно-сальдовая ведомость по счёту 76 за октябрь 2026 г."])
    sheet.append(["Лицевой счет", "Адрес", "Сальдо на конец периода", None])
    sheet.append([None, None, "Дебет", "Кредит"])
    for cells in ("A2:A3", "B2:B3", "C2:D2"):
        sheet.merge_cells(cells)
    sheet.append(["0012", "ул. Лесная, д. 5, кв. 12", "12 345,67", None])
    sheet.append(["0045", "ул. Лесная, д. 5, кв. 45", None, "500,00"])
    sheet.append(["Итого", None, "12 345,67", "500,00"])
    sheet.append([None])
    sheet.append(["Главный бухгалтер ______________ / Смирнова О. В."])
    sheet.append(["Председатель правления ______________ / Кузнецов А. П."])
    path = tmp_path / "ОСВ 76.xlsx"
    book.save(path)

    parsed = parse_balances_file(path, today=date(2026, 11, 24))

    assert parsed.problems == []
    assert parsed.data_rows == 2
    # 12 345,67 of debit; 500,00 of credit is an overpayment of 500 roubles
    assert [(r.account, r.debt) for r in parsed.rows] == [("0012", 1234567), ("0045", -50000)]
    assert parsed.totals == 1234567 - 50000


def test_an_osv_saved_as_csv_with_debit_and_credit_under_unmerged_headings(tmp_path):
    """A .csv keeps no merged cells: «Сальдо на конец периода» stands over «Дебет» alone and
    the row of «Дебет» / «Кредит» comes under the header. It is no row of an account."""
    text = ("Оборотно-сальдовая ведомость по счёту 76 за октябрь 2026 г.\r\n"
            "Задолженность по состоянию на 31.10.2026\r\n"
            "\r\n"
            "Лицевой счет;Адрес;Сальдо на начало периода;;Обороты за период;;Сальдо на конец периода;\r\n"
            ";;Дебет;Кредит;Дебет;Кредит;Дебет;Кредит\r\n"
            "0012;ул. Лесная, д. 5, кв. 12;10 000,00;;5 000,00;2 654,33;12 345,67;\r\n"
            "0003;ул. Лесная, д. 5, кв. 3;1 000,00;;3 000,00;1 000,00;3 000,00;\r\n"
            "0100;ул. Лесная, д. 5, кв. 100;1 000,00;;1 234,56;1 000,00;1 234,56;\r\n"
            "Итого;;12 000,00;;9 234,56;4 654,33;16 580,23;\r\n")
    path = tmp_path / "ОСВ 76.csv"
    path.write_bytes(text.encode("cp1251"))

    parsed = parse_balances_file(path, today=date(2026, 11, 24))

    assert parsed.problems == []
    assert parsed.balance_date == date(2026, 10, 31)
    # 12 345,67 + 3 000,00 + 1 234,56 = 16 580,23, the file's «Итого»
    assert [(r.account, r.debt) for r in parsed.rows] == [("0012", 1234567), ("0003", 300000), ("0100", 123456)]
    assert parsed.totals == 1658023
