"""An ОСВ saved as .csv with a header of two rows: nothing in a .csv is merged, so
«Сальдо на конец периода» stands above «Дебет» only and the cell above «Кредит» is
empty. The empty heading is the one to its left, as the merged cell was, so the
credit (an overpayment) is read, not taken for 0,00."""

from __future__ import annotations

from datetime import date

from tsj_desk.importers.balances import parse_balances_file
from tsj_desk.importers.headers import Column, find_header, header_cells

TODAY = date(2026, 11, 24)


def test_an_osv_csv_reads_the_credit_under_an_empty_upper_cell(tmp_path):
    text = ("Оборотно-сальдовая ведомость за октябрь 2026 г.\r\n"
            "Лицевой счёт;Помещение;Сальдо на начало периода;;Начислено;Оплачено;"
            "Сальдо на конец периода;\r\n"
            ";;Дебет;Кредит;;;Дебет;Кредит\r\n"
            "100001;1;1000,00;;2500,50;1000,00;2500,50;\r\n"
            "100004;4;;200,00;2980,00;3000,00;;220,00\r\n"
            "Итого;;;;;;2500,50;220,00\r\n")
    path = tmp_path / "ОСВ.csv"
    path.write_bytes(text.encode("cp1251"))

    parsed = parse_balances_file(path, today=TODAY)
    assert parsed.titles["debt"] == "Сальдо на конец периода: Дебет"
    assert parsed.titles["credit"] == "Сальдо на конец периода: Кредит"
    # 100004 paid 3 000,00 of 2 980,00 over an advance of 200,00: 220,00 overpaid
    assert [(r.account, r.debt) for r in parsed.rows] == [("100001", 250050), ("100004", -22000)]
    assert parsed.problems == []


def test_a_title_alone_above_the_header_is_not_carried_over_its_columns():
    rows = [["Ведомость показаний", None, None],
            ["Кв.", "Номер счётчика", "Показание"]]
    columns = [Column("premise", "Квартира", ("Кв.",), required=True),
               Column("meter", "Номер счётчика", ("Номер счётчика",)),
               Column("value", "Показание", ("Показание",))]
    match = find_header(rows, columns, "показания.csv", "показаний")
    assert match.first_row == match.row_index == 1
    assert match.titles == {"premise": "Кв.", "meter": "Номер счётчика", "value": "Показание"}
    # the two rows read together, empty upper cells filled: the title stays over its own column
    assert [cell.text for cell in header_cells(rows, 0, 2, carry=True)] == [
        "Ведомость показаний: Кв.", "Номер счётчика", "Показание"]


def test_a_heading_merged_down_is_not_carried_to_the_next_column():
    # «№ кв.» merged over both rows in the spreadsheet is written in the upper row of the .csv:
    # nothing under it, so it is not a heading over «ФИО»
    rows = [["№ кв.", None, "Доля"],
            [None, "ФИО", None]]
    assert [cell.text for cell in header_cells(rows, 0, 2, carry=True)] == ["№ кв.", "ФИО", "Доля"]
