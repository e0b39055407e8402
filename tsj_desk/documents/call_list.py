"""A call list as a file: .csv for a telephony service or a virtual operator, .xlsx for
a person with a phone. Both have one header row and the same columns: the call's own
ones, then the empty result columns the results come back in.

The .csv is UTF-8 with a byte-order mark, «;» between fields, CRLF line ends:
- Excel on a Russian Windows opens a .csv by double click in the ANSI code page
  (cp1251) unless the file starts with the UTF-8 mark: without it every Cyrillic
  name is mojibake; with it Excel reads UTF-8.
- The list separator of the Russian locale is «;» (the comma is the decimal mark):
  Excel splits «;» files into columns on open, a comma-separated file lands whole in
  column A. Telephony services (their «загрузка базы обзвона») take «;» or «,» and
  UTF-8; the mark is an invisible prefix of the first header, which they ignore or
  which lands in the «Кампания» column's name, never in a phone or an id.
- Amounts are written «1234,56» and dates ДД.ММ.ГГГГ, as a Russian Excel reads them.
- Excel opening a .csv by double click still guesses types: an account «0001» shows as 1
  and the phone as a number without its «+». The file itself keeps them as written (a
  telephony service reads text); for a person working in Excel the .xlsx is the one to
  take, its cells are text.
A cell a spreadsheet would take for a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe, the usual defence for a
.csv; the phone column is left as it is: it is always «+7» and ten digits, built here,
which a spreadsheet reads as a number at worst, never as a formula with references.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tsj_desk.documents.xlsx import FORMULA_STARTS, save_workbook, set_value
from tsj_desk.private_files import save_private

CALL_HEADERS = ("Кампания", "Телефон", "ФИО", "Лицевой счёт", "Помещение", "Адрес", "Сумма",
                "Сумма на дату", "Срок", "№ обращения", "Код строки", "Что спросить")
# filled in by whoever calls; the results import reads them back by these names
RESULT_HEADERS = ("Дозвонились", "Обещанная дата", "Обещанная сумма", "Оценка", "Комментарий",
                  "Показания", "Отказ")
_WIDTHS = (11, 15, 32, 14, 10, 40, 12, 12, 11, 12, 14, 36, 12, 14, 14, 8, 30, 24, 20)


@dataclass(frozen=True)
class CallRow:
    campaign: str  # «Показания», «Долг», «Визит», «Опрос»
    phone: str  # +7XXXXXXXXXX
    name: str
    account: str
    premise: str
    address: str
    amount: Decimal | None
    amount_on: date | None
    due: date | None
    request_no: str
    row_id: str  # the id the results come back with
    ask: str = ""  # what to ask: the meters without a reading, the visit's time…

    def values(self) -> tuple:
        return (self.campaign, self.phone, self.name, self.account, self.premise, self.address,
                self.amount, self.amount_on, self.due, self.request_no, self.row_id, self.ask)


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Sequence[CallRow]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CALL_HEADERS + RESULT_HEADERS)
    for row in rows:
        values = row.values()
        writer.writerow([v if i == 1 else _csv_text(v) for i, v in enumerate(values)]
                        + [""] * len(RESULT_HEADERS))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def write_csv(rows: Sequence[CallRow], out: Path) -> None:
    data = csv_bytes(rows)
    save_private(Path(out), lambda stream: stream.write(data))


def write_xlsx(rows: Sequence[CallRow], out: Path, *, title: str) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for column, header in enumerate(CALL_HEADERS + RESULT_HEADERS, start=1):
        cell = sheet.cell(1, column, header)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    for index, row in enumerate(rows, start=2):
        for column, value in enumerate(row.values(), start=1):
            cell = sheet.cell(index, column)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "#,##0.00"
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = "DD.MM.YYYY"
            else:
                set_value(cell, value if value not in (None, "") else None)
    sheet.freeze_panes = "A2"
    save_workbook(book, Path(out))
