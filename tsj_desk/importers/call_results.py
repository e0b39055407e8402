"""The results of a call campaign as a file (.csv, .xlsx, .xls, .ods): the call list sent
out, with its result columns filled in by a virtual operator, a call centre or a person.

Each row is found by its «Код строки» (the id the list was exported with); the rest are
read by the names the list wrote (and a few others a call service writes):
«Дозвонились» (да / нет / недозвон / занято…), «Обещанная дата», «Обещанная сумма»,
«Оценка» (1–5), «Комментарий», «Показания» («ХВС 123,4; ГВС № 654321 56» — a meter by
its resource or its number, then its value; «Т1/Т2» for a two-tariff meter), «Отказ».
A cell that cannot be read is an error of its row; nothing here knows the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from tsj_desk.domain.errors import FileProblem, RowProblem
from tsj_desk.domain.text import clean_cell, fold, parse_decimal
from tsj_desk.importers.cells import parse_date_cell
from tsj_desk.importers.headers import Column, HeaderMatch, HeaderNotFound, find_header
from tsj_desk.importers.spreadsheet import read_table

COLUMNS = [
    Column("row_id", "Код строки", ("Код строки", "Код", "ID", "Идентификатор", "id строки",
                                    "Внешний id", "external_id"), required=True),
    Column("campaign", "Кампания", ("Кампания", "Обзвон")),
    Column("phone", "Телефон", ("Телефон", "Номер телефона", "phone")),
    Column("due", "Срок", ("Срок",)),
    Column("reached", "Дозвонились", ("Дозвонились", "Дозвон", "Результат звонка", "Статус звонка",
                                      "Статус", "Результат")),
    Column("promised_on", "Обещанная дата", ("Обещанная дата", "Дата обещания", "Обещал оплатить до",
                                             "Дата оплаты")),
    Column("promised_sum", "Обещанная сумма", ("Обещанная сумма", "Сумма обещания", "Сумма оплаты")),
    Column("score", "Оценка", ("Оценка", "Оценка 1-5", "Балл")),
    Column("comment", "Комментарий", ("Комментарий", "Примечание оператора", "Комментарий оператора")),
    Column("readings", "Показания", ("Показания", "Продиктованные показания", "Показания счётчиков")),
    Column("refusal", "Отказ", ("Отказ", "Отказался", "Причина отказа")),
]
_LABELS = {c.key: c.label for c in COLUMNS}
_RESULT_KEYS = ("reached", "promised_on", "promised_sum", "score", "comment", "readings", "refusal")

_REACHED = {"да", "+", "1", "true", "дозвонились", "дозвонился", "дозвон есть", "ответил", "ответила",
            "успешно", "состоялся", "разговор"}
_NOT_REACHED = {"нет", "-", "0", "false", "не дозвонились", "недозвон", "не ответил", "не ответила",
                "не отвечает", "занято", "сброс", "сбросил", "автоответчик", "нет ответа",
                "неверный номер", "номер не существует", "вне сети", "недоступен", "абонент недоступен"}
_YES = {"да", "+", "1", "true", "отказ", "отказался", "отказалась"}
_NO = {"нет", "-", "0", "false", ""}
# a value of up to 12 digits before the comma and 6 after (a meter has at most 9)
_VALUES = re.compile(r"(?<![\d.,])(\d{1,12}(?:[.,]\d{1,6})?(?:\s*/\s*\d{1,12}(?:[.,]\d{1,6})?){0,2})\s*$")
_MAX_SUM = Decimal(10) ** 10  # rubles: no promise of a flat's debt comes near


@dataclass(frozen=True)
class Dictated:
    """One reading read out: the meter as named («ХВС», «№ 123456»), its values."""

    label: str
    values: tuple[float | None, float | None, float | None]


@dataclass
class ResultRow:
    row: int  # the file's row number
    row_id: str
    reached: bool | None
    promised_on: date | None = None
    promised_sum: Decimal | None = None
    score: int | None = None
    comment: str = ""
    readings: list[Dictated] = field(default_factory=list)
    refusal: str = ""  # "" — none; else the reason, or «отказ» when only marked
    due: date | None = None  # the list's «Срок»: a readings call's period ends on it

    @property
    def empty(self) -> bool:
        return (self.reached is None and self.promised_on is None and self.promised_sum is None
                and self.score is None and not self.comment and not self.readings and not self.refusal)


@dataclass
class ParsedResults:
    path: Path
    rows: list[ResultRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    layout: HeaderMatch | None = None


def parse_dictated(text: str) -> list[Dictated]:
    """«ХВС 123,4; ГВС № 654321: 56; ЭЭ 1200/800» → the readings; ``ValueError`` with
    the part that is not «meter value»."""
    found = []
    for part in re.split(r"[;\n]+", text or ""):
        part = part.strip()
        if not part:
            continue
        match = _VALUES.search(part)
        label = part[:match.start()].strip(" :—–-=") if match else ""
        if not match or (not label and match.start() > 0):
            raise ValueError(part)  # a bare value («123,4») is the premise's only meter's
        numbers = [float(n.replace(",", ".")) for n in re.split(r"\s*/\s*", match[1])]
        values = (numbers + [None, None, None])[:3]
        found.append(Dictated(label, (values[0], values[1], values[2])))
    return found


def _reached(value: object) -> bool | None:
    text = fold(clean_cell(value)).strip(" .!")
    if not text:
        return None
    if text in _REACHED:
        return True
    if text in _NOT_REACHED or text.startswith("не "):
        return False
    raise ValueError(text)


def _refusal(value: object) -> str:
    text = clean_cell(value)
    folded = fold(text).strip(" .!")
    if folded in _NO:
        return ""
    return "отказ" if folded in _YES else text


def parse_results_file(path: str | Path) -> ParsedResults:
    path = Path(path)
    table = read_table(path)
    try:
        layout = find_header(table.rows, COLUMNS, path.name, "результатов обзвона")
    except HeaderNotFound:
        raise FileProblem(
            f"В файле «{path.name}» нет столбца «Код строки»: это не результаты обзвона. Загрузите "
            "выгруженный список обзвона с заполненными столбцами результатов (столбец «Код строки» "
            "не меняйте и не удаляйте).") from None
    if not any(key in layout.columns for key in _RESULT_KEYS):
        names = ", ".join(f"«{_LABELS[key]}»" for key in _RESULT_KEYS)
        raise FileProblem(
            f"В файле «{path.name}» есть «{layout.titles['row_id']}», но нет ни одного столбца "
            f"результатов ({names}): результаты не прочитать. Назовите столбцы результатов так, как "
            "в выгруженном списке обзвона.")
    parsed = ParsedResults(path, layout=layout)
    for index in range(layout.row_index + 1, len(table.rows)):
        cells = table.rows[index]
        excel_row = index + 1
        row_id = clean_cell(layout.cell(cells, "row_id")).lstrip("'")
        if not row_id:
            if any(clean_cell(c) for c in cells):
                parsed.problems.append(RowProblem(excel_row, "Код строки", "нет кода строки: "
                                                  "строка не из выгруженного списка обзвона."))
            continue
        problems_before = len(parsed.problems)

        def error(key: str, message: str, row: int = excel_row) -> None:
            parsed.problems.append(RowProblem(row, _LABELS[key], message))

        result = ResultRow(excel_row, row_id, None)
        cell = layout.cell(cells, "reached")
        try:
            result.reached = _reached(cell)
        except ValueError:
            error("reached", f"«{clean_cell(cell)}» — ожидается «да» или «нет».")
        cell = layout.cell(cells, "promised_on")
        try:
            result.promised_on = parse_date_cell(cell)
        except ValueError:
            error("promised_on", f"дата «{clean_cell(cell)}» не распознана (ожидается ДД.ММ.ГГГГ).")
        cell = layout.cell(cells, "promised_sum")
        if clean_cell(cell):
            amount = parse_decimal(re.sub(r"(?i)\s*(руб\.?|р\.|₽)\s*$", "", clean_cell(cell)))
            if amount is None or amount <= 0:
                error("promised_sum", f"сумма «{clean_cell(cell)}» — не положительное число.")
            elif amount >= _MAX_SUM:
                error("promised_sum", f"сумма «{clean_cell(cell)}» слишком велика для обещания оплаты.")
            else:
                result.promised_sum = amount.quantize(Decimal("0.01"))
        cell = layout.cell(cells, "score")
        if clean_cell(cell):
            score = parse_decimal(cell)
            if score is None or score != int(score) or not 1 <= score <= 5:
                error("score", f"оценка «{clean_cell(cell)}» — ожидается целое число от 1 до 5.")
            else:
                result.score = int(score)
        result.comment = clean_cell(layout.cell(cells, "comment")).lstrip("'")
        cell = layout.cell(cells, "readings")
        try:
            result.readings = parse_dictated(clean_cell(cell))
        except ValueError as exc:
            error("readings", f"«{exc}» не понято: ожидается счётчик и показание, например "
                              "«ХВС 123,4; ГВС 56».")
        result.refusal = _refusal(layout.cell(cells, "refusal"))
        try:
            result.due = parse_date_cell(layout.cell(cells, "due"))
        except ValueError:
            result.due = None  # the list's own column: a call service may have reformatted it
        if len(parsed.problems) == problems_before and not result.empty:
            parsed.rows.append(result)
    return parsed
