"""Parsing meter readings files into plain rows and row problems (no database).

Accepted: spreadsheets with a header row anywhere in the first 20 rows (our own
layout, ГИС ЖКХ «Импорт показаний ИПУ», the Doma template, other systems' exports)
and the header-less 1С/Сбербанк .csv in Windows-1251 (``parse_1c_csv``).
Row numbers are the sheet's row numbers (the line number for CSV).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tsj_desk.domain.errors import FileProblem, RowProblem
from tsj_desk.domain.meters import Resource, parse_period, parse_resource
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.domain.text import clean_cell
from tsj_desk.importers.cells import parse_date_cell
from tsj_desk.importers.headers import Column, find_header
from tsj_desk.importers.spreadsheet import check_file, read_table

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
                                "Расчётный период")),
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
    cells: list[object] = field(default_factory=list)  # the original cells, for the error report


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


def parse_readings_file(path: str | Path, *, period: str | None = None) -> ParsedReadings:
    """Read a readings file of any accepted layout."""
    path = Path(path)
    if path.suffix.lower() in {".csv", ".txt"}:
        return parse_1c_csv(path, period=period)
    table = read_table(path)
    header = find_header(table.rows, READING_COLUMNS, path.name, "показаний счётчиков")
    if not (header.has("serial") or header.has("gis")):
        raise FileProblem(f"В файле «{path.name}» нет столбца с номером счётчика "
                          "(«Номер счётчика», «Заводской номер», «Номер ПУ в ГИС ЖКХ»…).")
    if not header.has("t1"):
        raise FileProblem(f"В файле «{path.name}» нет столбца с показаниями («Показание», «Т1»…).")
    parsed = ParsedReadings(path, titles=dict(header.titles), header=list(table.rows[header.row_index]),
                            header_row=header.row_index + 1)
    problems = parsed.problems
    titles = parsed.titles
    # one getter per column, resolved once: a missing column always reads as empty
    getters = {column.key: _getter(header.columns.get(column.key)) for column in READING_COLUMNS}
    value_getters = [(key, getters[key]) for key in VALUE_KEYS]
    date_getters = [(key, getters[key]) for key in ("date", "verified_on", "next_verification",
                                                    "installed_on") if key in header.columns]
    get_period, get_serial, get_gis = getters["period"], getters["serial"], getters["gis"]
    get_premise, get_account, get_place = getters["premise"], getters["account"], getters["place"]
    get_resource, get_tariffs = getters["resource"], getters["tariffs"]
    has_period = "period" in header.columns
    # periods, dates and resources repeat on every row: parse each distinct cell once
    period_cache: dict[object, str | None] = {}
    date_cache: dict[object, date | None] = {}
    resource_cache: dict[object, Resource | None] = {}
    for index in range(header.row_index + 1, len(table.rows)):
        cells = table.rows[index]
        if cells.count("") + cells.count(None) == len(cells):  # an empty row, wherever it is
            continue
        excel_row = index + 1
        parsed.data_rows += 1
        errors_before = len(problems)
        values = []
        for key, get in value_getters:
            raw = get(cells)
            try:
                values.append(parse_number(raw))
            except (ValueError, TypeError):
                values.append(None)
                problems.append(RowProblem(excel_row, titles.get(key),
                                           f"показание «{clean_cell(raw)}» — не число."))
        dates = {}
        for key, get in date_getters:
            raw = get(cells)
            try:
                dates[key] = date_cache[raw]
            except KeyError:
                try:
                    dates[key] = date_cache[raw] = _date(raw)
                except (ValueError, TypeError):
                    dates[key] = None
                    problems.append(RowProblem(excel_row, titles.get(key), f"дата «{clean_cell(raw)}» "
                                               "не распознана (ожидается ДД.ММ.ГГГГ)."))
            except TypeError:  # an unhashable cell value
                dates[key] = None
        taken_on = dates.get("date")
        row_period = period
        if row_period is None and has_period:
            raw = get_period(cells)
            if raw not in ("", None):
                if raw not in period_cache:
                    period_cache[raw] = parse_period(raw) if clean_cell(raw) else None
                row_period = period_cache[raw]
                if row_period is None and clean_cell(raw):
                    problems.append(RowProblem(excel_row, titles.get("period"),
                                               f"период «{clean_cell(raw)}» не распознан (ожидается ММ.ГГГГ)."))
        if row_period is None and taken_on is not None:
            row_period = f"{taken_on.year:04d}-{taken_on.month:02d}"
        serial = clean_cell(get_serial(cells))
        gis = clean_cell(get_gis(cells))
        if not serial and not gis:
            problems.append(RowProblem(excel_row, titles.get("serial") or titles.get("gis"),
                                       "не указан номер счётчика."))
        if len(problems) == errors_before and values.count(None) == len(values):
            problems.append(RowProblem(excel_row, titles.get("t1"), "нет показаний."))
        if row_period is None and len(problems) == errors_before:
            problems.append(RowProblem(excel_row, titles.get("period") or titles.get("date"),
                                       "не указаны ни период, ни дата показаний."))
        if len(problems) > errors_before:
            parsed.rejected_cells[excel_row] = cells
            continue
        resource_raw = get_resource(cells)
        if resource_raw not in resource_cache:
            resource_cache[resource_raw] = parse_resource(resource_raw)
        tariffs = None
        raw_tariffs = get_tariffs(cells)
        if raw_tariffs not in ("", None):
            try:
                number = parse_number(raw_tariffs)
                tariffs = int(number) if number else None
            except ValueError:
                tariffs = None
        parsed.rows.append(ReadingRow(
            excel_row, serial, gis, normalize_premise_number(get_premise(cells)),
            clean_cell(get_account(cells)), resource_cache[resource_raw], row_period, taken_on,
            tuple(values), tariffs, dates.get("verified_on"), dates.get("next_verification"),
            dates.get("installed_on"), clean_cell(get_place(cells)), cells,
        ))
    return parsed


def _getter(index: int | None):
    if index is None:
        return lambda cells: None
    return lambda cells: cells[index] if index < len(cells) else None


# 1С / Сбербанк: type code → (resource, tariff index)
_1C_TYPES = {
    "1": (Resource.GAS, 0), "2": (Resource.ELECTRICITY, 0), "3": (Resource.ELECTRICITY, 0),
    "4": (Resource.ELECTRICITY, 1), "5": (Resource.ELECTRICITY, 2), "6": (Resource.ELECTRICITY, 0),
    "7": (Resource.ELECTRICITY, 1), "8": (Resource.HOT_WATER, 0), "9": (Resource.COLD_WATER, 0),
    "10": (Resource.HEAT, 0),
}
_1C_BLOCK = 7
_1C_HEAD = 5


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileProblem(f"Файл «{name}» помечен как UTF-8, но записан в другой кодировке: "
                              "сохраните его заново в UTF-8 или Windows-1251.") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"Файл «{name}» не в кодировке Windows-1251 или UTF-8.") from exc


def parse_1c_csv(path: Path, *, period: str | None = None) -> ParsedReadings:
    """The header-less 1С/Сбербанк export: ``account; name; id; id; address;`` then
    blocks of 7 fields per meter: type code, serial, name, next verification date,
    value, date, extra. Codes 3/4 (and 5/6/7) of one serial are the tariffs of one
    electricity meter and become one reading."""
    check_file(path)
    text = _decode(path.read_bytes(), path.name)
    if "\x00" in text:
        raise FileProblem(f"Файл «{path.name}» не является текстовым файлом .csv.")
    parsed = ParsedReadings(path, titles={"t1": "показание", "serial": "номер счётчика",
                                          "date": "дата", "account": "лицевой счёт"})
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(";")]
        if len(fields) < _1C_HEAD + _1C_BLOCK - 1:
            parsed.problems.append(RowProblem(line_no, None, "строка не в формате 1С/Сбербанк "
                                              "(лицевой счёт; ФИО; …; блоки по 7 полей на счётчик)."))
            parsed.data_rows += 1
            continue
        account, address = fields[0], fields[4]
        premise = ""
        if "кв." in address:
            premise = normalize_premise_number(address.rsplit("кв.", 1)[1].strip(" ,"))
        merged: dict[str, ReadingRow] = {}
        order: list[str] = []
        for start in range(_1C_HEAD, len(fields), _1C_BLOCK):
            block = fields[start:start + _1C_BLOCK]
            if len(block) < 6 or not any(block):
                continue
            parsed.data_rows += 1
            code, serial, _name, verification, raw_value, raw_date = block[:6]
            kind = _1C_TYPES.get(code)
            if kind is None:
                parsed.problems.append(RowProblem(line_no, "тип счётчика", f"неизвестный код типа «{code}»."))
                continue
            try:
                value = parse_number(raw_value)
            except ValueError:
                parsed.problems.append(RowProblem(line_no, "показание", f"показание «{raw_value}» "
                                                  f"счётчика {serial} — не число."))
                continue
            try:
                taken_on = _date(raw_date)
                next_check = _date(verification)
            except ValueError:
                parsed.problems.append(RowProblem(line_no, "дата", f"дата «{raw_date}» счётчика {serial} "
                                                  "не распознана."))
                continue
            if not serial:
                parsed.problems.append(RowProblem(line_no, "номер счётчика", "не указан номер счётчика."))
                continue
            resource, tariff = kind
            row = merged.get(serial)
            if row is None:
                row_period = period or (f"{taken_on.year:04d}-{taken_on.month:02d}" if taken_on else None)
                if row_period is None:
                    parsed.problems.append(RowProblem(line_no, "дата", f"у счётчика {serial} нет даты "
                                                      "показаний; укажите период."))
                    continue
                row = ReadingRow(row=line_no, serial=serial, gis="", premise=premise, account=account,
                                 resource=resource, period=row_period, taken_on=taken_on,
                                 values=(None, None, None), next_verification=next_check,
                                 cells=fields)
                merged[serial] = row
                order.append(serial)
            values = list(row.values)
            values[tariff] = value
            row.values = tuple(values)
            if code in {"3", "4"}:
                row.tariffs = max(row.tariffs or 0, 2)
            elif code in {"5", "6", "7"}:
                row.tariffs = 3
        parsed.rows.extend(merged[s] for s in order)
        if parsed.problems and parsed.problems[-1].row == line_no:
            parsed.rejected_cells[line_no] = fields
    if parsed.data_rows == 0:
        raise FileProblem(f"В файле «{path.name}» нет ни одной строки показаний.")
    return parsed
