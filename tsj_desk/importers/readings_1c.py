"""The header-less 1С/Сбербанк readings registry (.csv/.txt, Windows-1251 or UTF-8).

A data line is ``account; name; id; id; address;`` and then slots of 7 fields per
meter: type code, serial, name, next verification date, value, date, extra. Around
the data a registry carries service lines starting with ``#`` (``#FILESUM``,
``#TYPE``, ``#SERVICE``, ``#DATE_BEGIN 01.10.2026``, ``#DATE_END: 31.10.2026``…) and
empty lines: neither is data nor counted.

- The period: an explicit one wins (a warning when the file declares another month);
  else the month ``#DATE_BEGIN``/``#DATE_END``
  cover — the month holding most days of the span (``01.10–01.11`` is October,
  ``26.10–25.11`` is November; a tie goes to the later month); else each meter's own
  reading date.
- ``[]`` in a date field is no date. A slot with neither a serial nor a value (only a
  code, a name or dates) is an unused slot: not an error, not a reading.
- The premise is the number after «кв», «кв.», «квартира», «пом.», «помещение» in the
  address (any case, with or without a dot or a space), never inside another word.
- Type codes 3/4 (day/night) and 5/6/7 (peak/day/night) of one serial are the tariffs
  of one electricity meter and become one reading of a two- or three-tariff meter.
- Counts as for spreadsheets: ``data_rows`` is the data lines read (a line of three
  meters is one row); each reading keeps its line number as its row.
- Every problem names its field («тип счётчика», «номер счётчика», «показание»,
  «дата показаний», «дата следующей поверки») and the meter.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from pathlib import Path

from tsj_desk.domain.errors import FileProblem, RowProblem
from tsj_desk.domain.meters import Resource
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.importers.cells import parse_date_cell
from tsj_desk.importers.readings import ParsedReadings, ReadingRow, parse_number
from tsj_desk.importers.spreadsheet import check_file
from tsj_desk.importers.text_encoding import decode_russian_text

# type code → (resource, tariff index: 0 = Т1 (day), 1 = Т2 (night), 2 = Т3 (peak))
TYPE_CODES = {
    "1": (Resource.GAS, 0), "2": (Resource.ELECTRICITY, 0), "3": (Resource.ELECTRICITY, 0),
    "4": (Resource.ELECTRICITY, 1), "5": (Resource.ELECTRICITY, 2), "6": (Resource.ELECTRICITY, 0),
    "7": (Resource.ELECTRICITY, 1), "8": (Resource.HOT_WATER, 0), "9": (Resource.COLD_WATER, 0),
    "10": (Resource.HEAT, 0),
}
_TWO_TARIFFS, _THREE_TARIFFS = {"3", "4"}, {"5", "6", "7"}
SLOT = 7
HEAD = 5  # account; name; id; id; address

TYPE, SERIAL, VALUE, DATE, NEXT_CHECK = ("тип счётчика", "номер счётчика", "показание",
                                         "дата показаний", "дата следующей поверки")
TITLES = {"t1": VALUE, "t2": VALUE, "t3": VALUE, "serial": SERIAL, "date": DATE,
          "account": "лицевой счёт", "resource": TYPE, "next_verification": NEXT_CHECK}

_PREMISE = re.compile(
    r"(?<![0-9a-zа-яё])(?:помещение|пом|квартира|кв)(?:\.\s*|\s+|(?=[0-9№]))(?:№\s*)?"
    r"([0-9a-zа-яё][0-9a-zа-яё/-]*)", re.IGNORECASE)
_SERVICE = re.compile(r"^#\s*([a-z_]+)\s*[:=]?\s*(.*)$", re.IGNORECASE)


def premise_in_address(address: str) -> str:
    """The premise number the address ends with («…, кв. 12» → «12»), or ``""``."""
    found = [m[1].rstrip("-/") for m in _PREMISE.finditer(address) if any(c.isdigit() for c in m[1])]
    return normalize_premise_number(found[-1]) if found else ""


def month_of_span(begin: date | None, end: date | None) -> str | None:
    """The month holding most days of ``begin``–``end`` (a tie: the later month)."""
    if begin is None or end is None:
        day = begin or end
        return f"{day.year:04d}-{day.month:02d}" if day else None
    if end < begin:
        begin, end = end, begin
    best, best_days = None, 0
    day = begin
    while day <= end:
        last = date(day.year, day.month, monthrange(day.year, day.month)[1])
        days = (min(last, end) - day).days + 1
        if days >= best_days:
            best, best_days = f"{day.year:04d}-{day.month:02d}", days
        day = last + timedelta(days=1)
    return best


def _date_field(text: str) -> date | None:
    """A date field: empty or ``[]`` is no date; ``ValueError`` for anything else unreadable."""
    if text in ("", "[]"):
        return None
    return parse_date_cell(text)


class _Header:
    """The ``#`` service lines: the span they declare, and where."""

    def __init__(self, name: str):
        self.name = name
        self.dates: dict[str, tuple[int, str, date | None]] = {}

    def read(self, line_no: int, line: str) -> None:
        match = _SERVICE.match(line.strip())
        if match is None:
            return
        key = match[1].upper()
        if key not in ("DATE_BEGIN", "DATE_END"):
            return
        text = match[2].strip().strip(";").strip()
        try:
            day = _date_field(text.split(";")[0].strip().split()[0] if text else "")
        except (ValueError, IndexError):
            day = None
        self.dates[key] = (line_no, text, day)

    def period(self) -> str | None:
        for key in ("DATE_BEGIN", "DATE_END"):
            if key in self.dates and self.dates[key][2] is None and self.dates[key][1]:
                line_no, text, _ = self.dates[key]
                raise FileProblem(f"В файле «{self.name}» в строке {line_no} дата «{text}» в «#{key}» "
                                  "не распознана (ожидается ДД.ММ.ГГГГ); исправьте её или укажите "
                                  "период показаний при загрузке.")
        return month_of_span(*(self.dates.get(k, (0, "", None))[2] for k in ("DATE_BEGIN", "DATE_END")))

    def other_period(self, period: str) -> RowProblem | None:
        """A warning when the period given at loading is not the month the file declares."""
        try:
            declared = self.period()
        except FileProblem:  # an unreadable date: the period given stands, nothing to compare
            return None
        if declared is None or declared == period:
            return None
        shown = ", ".join(f"#{key} {self.dates[key][1]}" for key in ("DATE_BEGIN", "DATE_END")
                          if key in self.dates)
        line = min(line_no for line_no, _, _ in self.dates.values())
        return RowProblem(line, None, f"в файле период {declared[5:]}.{declared[:4]} ({shown}), а показания "
                                      f"загружаются за {period[5:]}.{period[:4]} — период, указанный при "
                                      "загрузке (--period; в окне — «Период показаний»).", is_error=False)


class _Line:
    """One data line: its slots merged into one reading per serial."""

    def __init__(self, parsed: ParsedReadings, line_no: int, fields: list[str], period: str | None):
        self.parsed, self.line_no, self.fields, self.period = parsed, line_no, fields, period
        self.account = fields[0]
        self.premise = premise_in_address(fields[4])
        self.merged: dict[str, ReadingRow] = {}
        self.codes: dict[str, set[str]] = {}
        self.failed: set[str] = set()

    def problem(self, column: str, message: str, serial: str = "") -> None:
        self.parsed.problems.append(RowProblem(self.line_no, column, message))
        if serial:
            self.failed.add(serial)

    def read(self) -> None:
        fields = self.fields
        for start in range(HEAD, len(fields), SLOT):
            self.slot((start - HEAD) // SLOT + 1, fields[start:start + SLOT])
        self.parsed.rows.extend(row for serial, row in self.merged.items() if serial not in self.failed)

    def slot(self, number: int, block: list[str]) -> None:
        block = block + [""] * (SLOT - len(block))
        code, serial, _name, next_check, raw_value, raw_date = block[:6]
        if not serial and raw_value in ("", "[]"):
            return  # an unused slot: a code, a name or dates at most
        meter = f"счётчика «{serial}»" if serial else f"в блоке {number}"
        if not serial:
            self.problem(SERIAL, f"не указан номер счётчика, а показание «{raw_value}» {meter} есть.")
            return
        kind = TYPE_CODES.get(code)
        if kind is None:
            what = f"неизвестный код типа «{code}»" if code else "не указан код типа"
            self.problem(TYPE, f"{what} у {meter} (1 газ, 2 электроэнергия, 3/4 день/ночь, "
                               "5/6/7 пик/день/ночь, 8 горячая вода, 9 холодная вода, 10 отопление).",
                         serial)
            return
        failed = False
        try:
            value = parse_number(raw_value)
        except ValueError:
            value, failed = None, True
            self.problem(VALUE, f"показание «{raw_value}» {meter} — не число.", serial)
        if value is None and not failed:
            failed = True
            self.problem(VALUE, f"нет показания {meter}.", serial)
        try:
            taken_on = _date_field(raw_date)
        except ValueError:
            taken_on, failed = None, True
            self.problem(DATE, f"дата «{raw_date}» {meter} не распознана (ожидается ДД.ММ.ГГГГ).", serial)
        try:
            verification = _date_field(next_check)
        except ValueError:
            verification, failed = None, True
            self.problem(NEXT_CHECK, f"дата «{next_check}» {meter} не распознана (ожидается ДД.ММ.ГГГГ).",
                         serial)
        if failed:
            return
        self.add(code, serial, kind, value, taken_on, verification)

    def add(self, code: str, serial: str, kind: tuple[Resource, int], value: float,
            taken_on: date | None, verification: date | None) -> None:
        resource, tariff = kind
        meter = f"счётчика «{serial}»"
        row = self.merged.get(serial)
        if row is None:
            period = self.period or (f"{taken_on.year:04d}-{taken_on.month:02d}" if taken_on else None)
            if period is None:
                self.problem(DATE, f"нет даты показаний {meter}, а период в файле не указан "
                                   "(#DATE_BEGIN/#DATE_END): укажите период показаний при загрузке.",
                             serial)
                return
            row = self.merged[serial] = ReadingRow(
                row=self.line_no, serial=serial, gis="", premise=self.premise, account=self.account,
                resource=resource, period=period, taken_on=taken_on, values=(None, None, None),
                next_verification=verification, cells=self.fields, address=self.fields[4])
            self.codes[serial] = set()
        elif row.resource is not resource:
            self.problem(TYPE, f"у {meter} в строке разные ресурсы: код «{code}» — "
                               f"{resource.label.lower()}, а выше — {row.resource.label.lower()}.", serial)
            return
        values = list(row.values)
        if values[tariff] is not None and code in self.codes[serial]:
            self.problem(SERIAL, f"счётчик «{serial}» с кодом «{code}» указан в строке дважды.", serial)
            return
        if values[tariff] is not None:
            codes = " и ".join(f"«{c}»" for c in sorted({*self.codes[serial], code}, key=int)
                              if TYPE_CODES[c][1] == tariff)
            self.problem(TYPE, f"у {meter} два показания одного тарифа (коды {codes}).", serial)
            return
        values[tariff] = value
        row.values = tuple(values)
        row.taken_on = row.taken_on or taken_on
        row.next_verification = row.next_verification or verification
        self.codes[serial].add(code)
        if code in _TWO_TARIFFS:
            row.tariffs = max(row.tariffs or 0, 2)
        elif code in _THREE_TARIFFS:
            row.tariffs = 3


def parse_1c_csv(path: Path, *, period: str | None = None) -> ParsedReadings:
    """Read a 1С/Сбербанк registry (see the module's description)."""
    path = Path(path)
    check_file(path)
    text = decode_russian_text(path.read_bytes(), path.name)
    if "\x00" in text:
        raise FileProblem(f"Файл «{path.name}» не является текстовым файлом .csv.")
    parsed = ParsedReadings(path, titles=dict(TITLES))
    header = _Header(path.name)
    data: list[tuple[int, str]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or not stripped.strip(";").strip():
            continue
        if stripped.startswith("#"):
            header.read(line_no, stripped)
            continue
        data.append((line_no, line))
    if period is None:
        period = header.period()
    elif (differs := header.other_period(period)) is not None:
        parsed.problems.append(differs)
    for line_no, line in data:
        parsed.data_rows += 1
        fields = [f.strip() for f in line.split(";")]
        if len(fields) < HEAD:
            parsed.problems.append(RowProblem(line_no, None, "строка не в формате 1С/Сбербанк "
                                              "(лицевой счёт; ФИО; …; блоки по 7 полей на счётчик)."))
            parsed.rejected_cells[line_no] = fields
            continue
        before = len(parsed.problems)
        _Line(parsed, line_no, fields, period).read()
        if len(parsed.problems) > before:
            parsed.rejected_cells[line_no] = fields
    if parsed.data_rows == 0:
        raise FileProblem(f"В файле «{path.name}» нет ни одной строки показаний.")
    return parsed
