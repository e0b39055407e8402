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
