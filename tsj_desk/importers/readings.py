"""Parsing meter readings files into plain rows and row problems (no database).

Accepted: spreadsheets with a header row anywhere in the first 20 rows (our own
layout, ГИС ЖКХ «Импорт показаний ИПУ», the Doma template, other systems' exports)
and the header-less 1С/Сбербанк .csv in Windows-1251 or UTF-8 (``parse_1c_csv``, read
in ``readings_1c``).
Row numbers are the sheet's row numbers (the line number for CSV).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

from tsj_desk.domain.addresses import address_in_titles
from tsj_desk.domain.errors import FileProblem, RowProblem
from tsj_desk.domain.meters import Resource, fmt, parse_period, parse_resource
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.domain.text import clean_cell
from tsj_desk.importers.cells import last_day_of, parse_date_cell, parse_month_cell
from tsj_desk.importers.headers import (
    HEADER_SCAN_ROWS,
    Column,
    HeaderMatch,
    HeaderNotFound,
    Mapping,
    Signature,
    find_header,
)
from tsj_desk.importers.month_format import month_rows, month_styles
from tsj_desk.importers.spreadsheet import TEXT_SUFFIXES, read_table

READING_COLUMNS = [
    Column("gis", "Номер ПУ в ГИС ЖКХ", ("Номер ПУ в ГИС ЖКХ", "Номер прибора учета в ГИС ЖКХ",
                                         "Идентификатор ПУ в ГИС ЖКХ")),
    Column("serial", "Номер счётчика", ("Номер счётчика", "Номер счетчика", "Заводской номер",
                                        "Серийный номер", "Номер ПУ", "Номер прибора учета",
                                        "№ прибора учёта", "Заводской номер ПУ", "№ счетчика")),
    Column("premise", "Помещение", ("Квартира", "Кв.", "№ кв.", "Помещение", "Номер помещения",
                                    "№ помещения")),
    Column("account", "Лицевой счёт", ("Лицевой счёт", "Лицевой счет", "ЛС", "Л/с", "№ ЛС")),
    Column("resource", "Ресурс", ("Ресурс", "Услуга", "Тип счётчика", "Вид ресурса",
                                  "Коммунальный ресурс", "Тип счетчика", "Вид счетчика")),
    Column("date", "Дата показаний", ("Дата", "Дата показаний", "Дата снятия",
                                      "Дата снятия показания", "Дата снятия показаний",
                                      "Дата передачи показаний")),
    Column("period", "Период", ("Период", "Период, за который передаются показания",
                                "Расчётный период", "Месяц", "Расчётный месяц", "Отчётный месяц",
                                "Месяц показаний", "За месяц")),
    Column("t1", "Т1", ("Показание", "Показания", "Значение", "Текущее показание", "Показание 1",
                        "Показание Т1", "Т1", "День", "Значение показания (Т1)",
                        "Текущие показания")),
    Column("t2", "Т2", ("Показание 2", "Показание Т2", "Т2", "Ночь", "Значение показания (Т2)")),
    Column("t3", "Т3", ("Показание 3", "Показание Т3", "Т3", "Пик", "Значение показания (Т3)")),
    Column("t4", "Показание 4", ("Показание 4", "Показание Т4", "Т4")),
    Column("tariffs", "Количество тарифов", ("Количество тарифов", "Тарифность", "Кол-во тарифов")),
    Column("verified_on", "Дата поверки", ("Дата поверки", "Дата последней поверки")),
    Column("next_verification", "Дата следующей поверки", ("Дата следующей поверки",
                                                           "Дата очередной поверки",
                                                           "Межповерочный срок до")),
    Column("installed_on", "Дата установки", ("Дата установки", "Дата ввода в эксплуатацию")),
    Column("place", "Место установки", ("Место установки счетчика", "Место установки")),
]

VALUE_KEYS = ("t1", "t2", "t3")


@dataclass(slots=True)
class ReadingRow:
    row: int
    serial: str
    gis: str
    premise: str
    account: str
    resource: Resource | None
    period: str | None
    taken_on: date | None
    values: tuple[float | None, float | None, float | None]
    tariffs: int | None = None
    verified_on: date | None = None
    next_verification: date | None = None
    installed_on: date | None = None
    place: str = ""
    cells: Sequence[object] = ()  # the original cells, for the error report
    address: str = ""  # the address written in the row itself (a 1С line's fourth field)


@dataclass
class ParsedReadings:
    path: Path
    data_rows: int = 0
    rows: list[ReadingRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    header: list[object] = field(default_factory=list)  # the header cells, for the error report
    header_row: int = 0
    rejected_cells: dict[int, list[object]] = field(default_factory=dict)  # rows that failed parsing
    address: str | None = None  # the house address named in the title rows above the header
    layout: HeaderMatch | None = None  # the header as found: what each of its cells was taken for


def parse_number(value: object) -> float | None:
    """A reading value: a number cell or text with a decimal comma and spaces.

    Returns None for an empty cell; raises ValueError for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".").strip()
        if not text:
            return None
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _date(value: object) -> date | None:
    return parse_date_cell(value)


def parse_readings_file(path: str | Path, *, period: str | None = None, mapping: Mapping | None = None,
                        layouts: dict[Signature, Mapping] | None = None,
                        today: date | None = None) -> ParsedReadings:
    """Read a readings file of any accepted layout; ``mapping`` and ``layouts`` as
    ``headers.find_header`` takes them (a .csv without a header is the 1С/Сбербанк registry:
    they do not apply).
    ``today`` bounds the date given to a reading written as a month (``_Columns``)."""
    path = Path(path)
    table = read_table(path)  # a .csv or .txt too: a table saved as text (``text_table``)
    try:
        header = find_header(table.rows, READING_COLUMNS, path.name, "показаний счётчиков",
                             mapping=mapping, layouts=layouts, needs=[("serial", "gis"), ("t1",)])
    except HeaderNotFound:
        if path.suffix.lower() in TEXT_SUFFIXES and _looks_like_1c(table.rows):
            return parse_1c_csv(path, period=period)  # no header row: the 1С/Сбербанк registry
        raise
    if not (header.has("serial") or header.has("gis")):
        raise FileProblem(f"В файле «{path.name}» нет столбца с номером счётчика "
                          "(«Номер счётчика», «Заводской номер», «Номер ПУ в ГИС ЖКХ»…).")
    if not header.has("t1"):
        raise FileProblem(f"В файле «{path.name}» нет столбца с показаниями («Показание», «Т1»…).")
    shown: list[object] = [""] * len(table.rows[header.row_index])  # a two-row header as one
    for cell in header.cells:
        shown[cell.index] = cell.text
    parsed = ParsedReadings(path, titles=dict(header.titles), header=shown,
                            header_row=header.row_index + 1, layout=header)
    parsed.address = address_in_titles(  # a merged title repeats: its first cell is enough
        [next((clean_cell(x) for x in cells if clean_cell(x)), "") for cells in table.rows[:header.first_row]])
    _Columns(parsed, table.rows[header.row_index + 1:], header.row_index + 2, header.columns,
             period, sheet=table.sheet_name or None, today=today).parse()
    if parsed.data_rows == 0:
        raise FileProblem(f"В файле «{path.name}» под строкой заголовков (строка {parsed.header_row}) "
                          "нет ни одной строки показаний.")
    return parsed


def _looks_like_1c(rows: list[list[object]]) -> bool:
    """A text file with data lines ``account; name; id; id; address; code; …`` (a meter
    type code in the sixth field of one of its first lines), or with no line but service
    lines: the 1С/Сбербанк registry, not a table whose header was not recognised."""
    data = [row for row in rows if any(clean_cell(cell) for cell in row)
            and not clean_cell(row[0]).startswith("#")][:HEADER_SCAN_ROWS]
    return not data or any(len(row) > 6 and clean_cell(row[5]).isdigit() for row in data)


_BAD = object()  # a cell that is not what its column holds


class _Columns:
    """The body of a readings sheet read column by column.

    A sheet repeats its periods, dates and resources on every row, and a file of
    several months repeats every meter number: each distinct cell of a column is
    converted once, and plain number cells go through without a call. Problems are
    collected per row in the order a row is read: values, dates, period, meter.

    A reading dated by a month — «2026-11», «11.2026», «ноябрь 2026», an Excel date
    shown as a month (``month_format``) in the date column, or a period column — has
    that month for its period (an explicit one wins) and for its date the date
    column's day when the row has one, else the month's last day, never after
    ``today`` (the readings of a month still running were taken by today).
    """

    def __init__(self, parsed: ParsedReadings, body: list[list[object]], first_row: int,
                 columns: dict[str, int], period: str | None, *, sheet: str | None = None,
                 today: date | None = None):
        self.parsed, self.body, self.first_row = parsed, body, first_row
        self.columns, self.period = columns, period
        self.sheet, self.today = sheet, today
        self.problems: dict[int, list[RowProblem]] = {}  # body index → its problems
        width = min(map(len, body), default=0)
        self.whole = all(index < width for index in columns.values())  # no short row to guard

    def column(self, key: str) -> list[object] | None:
        index = self.columns.get(key)
        if index is None:
            return None
        if self.whole:
            return list(map(itemgetter(index), self.body))
        return [cells[index] if index < len(cells) else None for cells in self.body]

    def problem(self, index: int, key: str, message: str) -> None:
        row = RowProblem(self.first_row + index, self.parsed.titles.get(key), message)
        self.problems.setdefault(index, []).append(row)

    def numbers(self, key: str) -> list[float | None]:
        cells = self.column(key)
        if cells is None:
            return [None] * len(self.body)
        # a finite float passes as it is (inf - inf and nan - nan are not 0)
        values = [v if type(v) is float and v - v == 0.0 else _BAD for v in cells]
        if any(v is _BAD for v in values):
            for index, value in enumerate(values):
                if value is _BAD:
                    raw = cells[index]
                    try:
                        values[index] = parse_number(raw)
                    except (ValueError, TypeError):
                        values[index] = None
                        self.problem(index, key, f"показание «{clean_cell(raw)}» — не число.")
        return values

    def mapped(self, key: str, convert, default=None) -> list:
        """``convert`` of each distinct cell; a cell ``convert`` refuses maps to ``_BAD``."""
        cells = self.column(key)
        if cells is None:
            return [default] * len(self.body)
        known = {}
        for value in set(cells):
            try:
                known[value] = convert(value)
            except (ValueError, TypeError):
                known[value] = _BAD
        return list(map(known.__getitem__, cells))

    def dates(self, key: str) -> list[date | None]:
        days = self.mapped(key, _date)
        if any(d is _BAD for d in days):
            cells = self.column(key)
            for index, day in enumerate(days):
                if day is _BAD:
                    days[index] = None
                    self.problem(index, key, f"дата «{clean_cell(cells[index])}» "
                                             "не распознана (ожидается ДД.ММ.ГГГГ).")
        return days

    def taken(self) -> list[date | _Month | None]:
        """The date column: a day, a month (``_Month``) or None."""
        if "date" not in self.columns:
            return [None] * len(self.body)
        days = self.mapped("date", _date_or_month)
        if any(d is _BAD for d in days):
            cells = self.column("date")
            for index, day in enumerate(days):
                if day is _BAD:
                    days[index] = None
                    self.problem(index, "date", f"дата «{clean_cell(cells[index])}» не распознана "
                                                "(ожидается ДД.ММ.ГГГГ или месяц: ММ.ГГГГ, «ноябрь 2026»).")
        if self.sheet is not None and month_styles(self.parsed.path):
            offset = self.first_row - 1  # body index → index into Table.rows
            cells = self.column("date")
            shown = month_rows(self.parsed.path, self.sheet, self.columns["date"],
                               {offset + i for i, cell in enumerate(cells) if isinstance(cell, date)})
            for row in shown:
                day = days[row - offset]
                if isinstance(day, date):
                    days[row - offset] = _Month(f"{day.year:04d}-{day.month:02d}")
        return days

    def month_end(self, period: str) -> date:
        day = last_day_of(period)
        return min(day, self.today) if self.today is not None else day

    def periods(self) -> list[str | None]:
        if self.period is not None or "period" not in self.columns:
            return [self.period] * len(self.body)
        periods = self.mapped("period", _period_cell)
        if any(p is _BAD for p in periods):
            cells = self.column("period")
            for index, value in enumerate(periods):
                if value is _BAD:
                    periods[index] = None
                    self.problem(index, "period", f"период «{clean_cell(cells[index])}» не распознан "
                                                  "(ожидается ММ.ГГГГ или «ноябрь 2026»).")
        return periods

    def parse(self) -> None:
        parsed, body = self.parsed, self.body
        titles = parsed.titles
        t1, t2, t3 = (self.numbers(key) for key in VALUE_KEYS)
        for index, fourth in enumerate(self.numbers("t4")):
            if fourth:  # Doma's template has a fourth value; a meter here has three tariffs at most
                self.problem(index, "t4", f"показание 4 ({fmt(fourth)}) загрузить некуда: "
                                          "в программе у счётчика не больше трёх тарифов (Т1–Т3).")
        taken = self.taken()
        verified, next_check, installed = (
            self.dates(key) if key in self.columns else [None] * len(body)
            for key in ("verified_on", "next_verification", "installed_on"))
        periods = self.periods()
        written = self.period is None and "period" in self.columns  # the periods the file writes
        serials = self.mapped("serial", clean_cell, "")
        gis_numbers = self.mapped("gis", clean_cell, "")
        premises = self.mapped("premise", normalize_premise_number, "")
        accounts = self.mapped("account", clean_cell, "")
        places = self.mapped("place", clean_cell, "")
        resources = self.mapped("resource", parse_resource)
        tariffs = self.mapped("tariffs", _tariffs)
        problems, rows = parsed.problems, parsed.rows
        month_of: dict[date, str] = {}
        month_ends: dict[str, date] = {}
        for index, cells in enumerate(body):
            if not any(cells) and cells.count("") + cells.count(None) == len(cells):
                continue  # an empty row, wherever it is
            excel_row = self.first_row + index
            parsed.data_rows += 1
            found = self.problems.get(index)
            serial, gis = serials[index], gis_numbers[index]
            values = (t1[index], t2[index], t3[index])
            row_period, taken_on = periods[index], taken[index]
            month = None
            if taken_on.__class__ is _Month:
                month, taken_on = taken_on, None
                row_period = row_period or month
            elif taken_on is None and written and row_period is not None:
                month = row_period
            if month is not None and taken_on is None:
                taken_on = month_ends.get(month)
                if taken_on is None:
                    taken_on = month_ends[month] = self.month_end(month)
            elif row_period is None and taken_on is not None:
                row_period = month_of.get(taken_on)
                if row_period is None:
                    row_period = month_of[taken_on] = f"{taken_on.year:04d}-{taken_on.month:02d}"
            if not serial and not gis:
                found = [*(found or ()), RowProblem(excel_row, titles.get("serial") or titles.get("gis"),
                                                    "не указан номер счётчика.")]
            if not found and values == (None, None, None):
                found = [RowProblem(excel_row, titles.get("t1"), "нет показаний.")]
            if row_period is None and not found:
                found = [RowProblem(excel_row, titles.get("period") or titles.get("date"),
                                    "не указаны ни период, ни дата показаний.")]
            if found:
                problems.extend(found)
                parsed.rejected_cells[excel_row] = cells
                continue
            rows.append(ReadingRow(
                excel_row, serial, gis, premises[index], accounts[index], resources[index], row_period,
                taken_on, values, tariffs[index], verified[index], next_check[index], installed[index],
                places[index], tuple(cells),  # a tuple of plain values: no object for the collector
            ))


class _Month(str):
    """A month written where a reading's date goes: its ``YYYY-MM``."""

    __slots__ = ()


def _date_or_month(value: object) -> date | _Month | None:
    """A date cell, or a month written as text; ``ValueError`` for anything else."""
    if isinstance(value, str) and (month := parse_month_cell(value)) is not None:
        return _Month(month)
    return parse_date_cell(value)


def _period_cell(value: object) -> str | None:
    """A period cell: None when empty; ``ValueError`` when it is not a period."""
    if value in ("", None) or not clean_cell(value):
        return None
    period = parse_period(value) or parse_month_cell(value)
    if period is None:
        raise ValueError(value)
    return period


def _tariffs(value: object) -> int | None:
    """The number of tariffs a row declares; anything unreadable is no declaration."""
    if value in ("", None):
        return None
    try:
        number = parse_number(value)
    except ValueError:
        return None
    return int(number) if number else None


def parse_1c_csv(path: str | Path, *, period: str | None = None) -> ParsedReadings:
    """The header-less 1С/Сбербанк registry (``tsj_desk.importers.readings_1c``)."""
    from tsj_desk.importers.readings_1c import parse_1c_csv as parse

    return parse(Path(path), period=period)
