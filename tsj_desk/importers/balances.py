"""Parsing a balances file into plain rows and row problems (no database).

The office gets the balances per лицевой счёт from its billing (1С, «Квартплата», ГИС
ЖКХ, a settlement centre) as an оборотно-сальдовая ведомость or a list of debtors:
a title block above the table («Оборотно-сальдовая ведомость за октябрь 2026 г.»,
«Задолженность по состоянию на 31.10.2026»), a header of one or two rows (an ОСВ puts
«Сальдо на конец» over «Дебет» and «Кредит»), the rows, and a totals row («Итого»)
below, with signatures under it. The columns are found by their headers
(``headers.find_header``): an account or a premise number, and the debt, are needed;
the owner, months in debt, accrued and paid are read when there. An ОСВ's closing
balance in two columns («Дебет», «Кредит») gives the debt as debit minus credit; an
empty debt cell of a row with an account is no debt (an ОСВ leaves zeros blank).

The date of the balances is the one given, else the last date named in the title
rows or in the debt column's header («Долг на 31.10.2026»), else the last day of a
month named there («за октябрь 2026 г.»). Money is kept as whole kopecks.
Row numbers are the sheet's row numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tsj_desk.domain.debts import money_text, parse_months, to_kopecks
from tsj_desk.domain.errors import FileProblem, RowProblem
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.domain.text import clean_cell, fold, format_date
from tsj_desk.importers.cells import _MONTH_BY_WORD, last_day_of
from tsj_desk.importers.headers import Column, HeaderMatch, Mapping, Signature, find_header
from tsj_desk.importers.spreadsheet import read_table

BALANCE_COLUMNS = [
    Column("account", "Лицевой счёт", (
        "Лицевой счёт", "Лицевой счет", "ЛС", "Л/с", "№ ЛС", "№ л/с", "Номер ЛС", "Лиц. счёт",
        "Лиц. счет", "Номер лицевого счёта", "Номер лицевого счета", "Лицевой счёт плательщика")),
    Column("premise", "Помещение", (
        "Квартира", "Кв.", "№ кв.", "№ квартиры", "Помещение", "Номер помещения", "№ помещения",
        "№ пом.")),
    Column("owner", "Собственник", (
        "Собственник", "ФИО", "Ф.И.О.", "ФИО собственника", "Плательщик", "ФИО плательщика",
        "Владелец", "Абонент", "Потребитель", "Собственник (наниматель)")),
    Column("debt", "Задолженность", (
        "Задолженность", "Долг", "Сумма долга", "Сумма задолженности", "Задолженность на дату",
        "Задолженность на конец периода", "Долг на конец периода", "Итого задолженность",
        "Сальдо на конец", "Сальдо на конец периода", "Сальдо конечное", "Конечное сальдо",
        "Исходящее сальдо", "Сальдо исходящее", "Сальдо на конец месяца", "Сальдо",
        "Задолженность на", "Долг на", "Сальдо на конец периода Дебет", "Сальдо на конец Дебет",
        "Конечное сальдо Дебет", "Исходящее сальдо Дебет", "Сальдо на конец месяца Дебет"), required=True),
    Column("credit", "Переплата", (
        "Сальдо на конец периода Кредит", "Сальдо на конец Кредит", "Конечное сальдо Кредит",
        "Исходящее сальдо Кредит", "Сальдо на конец месяца Кредит", "Переплата", "Аванс")),
    Column("months", "Месяцев долга", (
        "Месяцев долга", "Мес. долга", "Месяцев задолженности", "Кол-во месяцев",
        "Количество месяцев", "Количество месяцев задолженности", "Срок задолженности, мес.",
        "Срок задолженности", "Период задолженности", "Месяцев")),
    Column("accrued", "Начислено", (
        "Начислено", "Начисления", "Начислено за период", "Начислено за месяц", "Сумма начислений")),
    Column("paid", "Оплачено", (
        "Оплачено", "Оплата", "Поступило", "Поступления", "Оплачено за период", "Оплачено за месяц",
        "Поступило оплат", "Сумма оплат")),
]

_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")
_MONTH = re.compile(r"([а-яa-z]+)\.?\s+(\d{4})")
_TOTALS = ("итог", "всего")


@dataclass(slots=True)
class BalanceRow:
    row: int
    account: str
    premise: str
    owner: str
    debt: int  # kopecks
    months: int | None = None
    accrued: int | None = None
    paid: int | None = None


@dataclass
class ParsedBalances:
    path: Path
    balance_date: date | None = None
    date_source: str = ""  # where the date came from: «указана», «из заголовка файла»
    data_rows: int = 0
    rows: list[BalanceRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    header_row: int = 0
    totals: int | None = None  # the debt the file's «Итого» row gives, kopecks
    totals_row: int | None = None
    layout: HeaderMatch | None = None

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.is_error]


def date_in_titles(lines: list[str]) -> date | None:
    """The last date named in ``lines`` («с 01.10.2026 по 31.10.2026» → 31.10.2026), else
    the last day of the last month named («за октябрь 2026 г.»)."""
    found: date | None = None
    for line in lines:
        for match in _DATE.finditer(line):
            day, month, year = int(match[1]), int(match[2]), int(match[3])
            if year < 100:
                year += 2000
            try:
                found = date(year, month, day)
            except ValueError:
                continue
    if found is not None:
        return found
    for line in lines:
        for match in _MONTH.finditer(fold(line)):
            month = _MONTH_BY_WORD.get(match[1])
            if month is not None:
                found = last_day_of(f"{int(match[2]):04d}-{month:02d}")
    return found


def _account_text(value: object) -> str:
    """An account as text: a number cell 1.0 → «1»."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_cell(value)


def _is_totals(cells: list[object]) -> bool:
    return any(fold(clean_cell(c)).startswith(_TOTALS) for c in cells if isinstance(c, str))


def _is_heading(value: object) -> bool:
    """A word where a sum should be («Дебет» under a heading a .csv could not merge):
    a line of the header, not a row of an account."""
    try:
        to_kopecks(value)
    except ValueError:
        return True
    return False


def parse_balances_file(path: str | Path, *, balance_date: date | None = None,
                        today: date | None = None, mapping: Mapping | None = None,
                        layouts: dict[Signature, Mapping] | None = None) -> ParsedBalances:
    """Read a balances file; ``balance_date`` overrides the date in its title; ``mapping``
    and ``layouts`` as ``headers.find_header`` takes them (the user's column layout)."""
    path = Path(path)
    table = read_table(path)
    header = find_header(table.rows, BALANCE_COLUMNS, path.name, "остатков по лицевым счетам",
                         mapping=mapping, layouts=layouts, needs=[("account", "premise"), ("debt",)])
    parsed = ParsedBalances(path, titles=dict(header.titles), header_row=header.row_index + 1,
                            layout=header)
    titles = [" ".join(clean_cell(x) for x in cells if clean_cell(x)) for cells in table.rows[:header.first_row]]
    if balance_date is not None:
        parsed.balance_date, parsed.date_source = balance_date, "указана при загрузке"
    else:
        parsed.balance_date = date_in_titles(titles + [header.titles.get("debt", "")])
        parsed.date_source = "из заголовка файла"
    if parsed.balance_date is None:
        raise FileProblem(f"В файле «{path.name}» не найдена дата остатков (над таблицей нет "
                          "«на ДД.ММ.ГГГГ» или «за месяц ГГГГ»). Укажите дату при загрузке.")
    if today is not None and parsed.balance_date > today:
        raise FileProblem(f"Дата остатков {format_date(parsed.balance_date)} позже сегодняшней "
                          f"({format_date(today)}): проверьте файл или укажите дату при загрузке.")
    _read_rows(parsed, table.rows[header.row_index + 1:], header.row_index + 2, header)
    if parsed.data_rows == 0:
        raise FileProblem(f"В файле «{path.name}» под строкой заголовков (строка {parsed.header_row}) "
                          "нет ни одной строки с лицевым счётом и суммой.")
    if parsed.totals is not None:
        total = sum(r.debt for r in parsed.rows)
        if not parsed.errors and total != parsed.totals:
            parsed.problems.append(RowProblem(
                parsed.totals_row or 0, header.titles.get("debt"),
                f"сумма строк файла {money_text(total)} не равна итогу файла {money_text(parsed.totals)}",
                is_error=False))
    return parsed


def _read_rows(parsed: ParsedBalances, body: list[list[object]], first_row: int,
               header: HeaderMatch) -> None:
    titles = header.titles
    seen: dict[str, int] = {}
    after_totals = False
    for offset, cells in enumerate(body):
        number = first_row + offset
        if after_totals and not any(clean_cell(header.cell(cells, key))
                                    for key in ("debt", "credit", "accrued", "paid")):
            continue  # the signatures under the «Итого» row
        account = _account_text(header.cell(cells, "account"))
        premise = normalize_premise_number(header.cell(cells, "premise")) if header.has("premise") else ""
        debt_cell = header.cell(cells, "debt")
        if _is_totals(cells):
            after_totals = True
        if _is_totals(cells) and parsed.totals is None:
            try:
                debit, credit = to_kopecks(debt_cell), to_kopecks(header.cell(cells, "credit"))
                if debit is not None or credit is not None:
                    parsed.totals = (debit or 0) - (credit or 0)
                    parsed.totals_row = number
            except ValueError:
                pass
            continue
        if _is_totals(cells):
            continue
        if not account and not premise:
            if clean_cell(debt_cell) and not clean_cell(header.cell(cells, "owner")) \
                    and not _is_heading(debt_cell):
                problem = RowProblem(number, titles.get("account") or titles.get("premise"),
                                     "нет ни лицевого счёта, ни номера помещения.")
                parsed.problems.append(problem)
                parsed.data_rows += 1
            continue  # an empty row, a signature under the table, a line of the header
        parsed.data_rows += 1
        problems: list[RowProblem] = []

        def amount(key: str) -> int | None:
            value = header.cell(cells, key)
            try:
                return to_kopecks(value)
            except ValueError:
                problems.append(RowProblem(number, titles.get(key),
                                           f"сумма «{clean_cell(value)}» — не число."))
                return None

        debt, credit = amount("debt"), amount("credit")
        debt = (debt or 0) - (credit or 0)
        accrued, paid = amount("accrued"), amount("paid")
        months = None
        try:
            months = parse_months(header.cell(cells, "months"))
        except ValueError:
            problems.append(RowProblem(number, titles.get("months"),
                                       f"«{clean_cell(header.cell(cells, 'months'))}» — не число месяцев."))
        key = f"ls:{account}" if account else f"pr:{premise}"
        if key in seen:
            what = f"лицевой счёт {account}" if account else f"помещение {premise}"
            problems.append(RowProblem(number, titles.get("account") or titles.get("premise"),
                                       f"{what} уже есть в строке {seen[key]}."))
        else:
            seen[key] = number
        parsed.problems.extend(problems)
        if problems:
            continue
        parsed.rows.append(BalanceRow(number, account, premise, clean_cell(header.cell(cells, "owner")),
                                      debt, months, accrued, paid))
