"""Parsing an owner register file into plain rows and row problems (no database).

One row per owner; premise cells are often merged over the rows of co-owners
(expanded by ``read_table``) or simply left empty under the first co-owner.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from tsj_desk.domain.addresses import address_in_titles
from tsj_desk.domain.errors import RowProblem, ValidationFailed
from tsj_desk.domain.persons import looks_like_legal_entity, normalize_name, ogrn_problem
from tsj_desk.domain.premises import (
    PremiseKind,
    guess_premise_kind,
    normalize_premise_number,
    parse_premise_kind,
)
from tsj_desk.domain.shares import format_share, parse_share
from tsj_desk.domain.text import clean_cell, parse_decimal
from tsj_desk.importers.cells import parse_date_cell, parse_yes_no
from tsj_desk.importers.headers import Column, HeaderMatch, Mapping, Signature, find_header
from tsj_desk.importers.spreadsheet import read_table

REGISTRY_COLUMNS = [
    Column("premise", "№ помещения", ("№ помещения", "Номер помещения", "Помещение", "Квартира",
                                       "№ кв.", "Кв.", "№ квартиры", "Номер квартиры"), required=True),
    Column("kind", "Вид помещения", ("Вид помещения", "Тип помещения", "Назначение",
                                      "Назначение помещения")),
    Column("area", "Площадь", ("Площадь", "Общая площадь", "Площадь, кв. м", "Площадь, м²",
                               "Площадь помещения", "Площадь помещения, м²", "Площадь, м2",
                               "Площадь помещения, кв. м", "Общая площадь, кв. м")),
    Column("account", "Лицевой счёт", ("Лицевой счёт", "Лицевой счет", "ЛС", "Л/с", "№ ЛС",
                                        "Номер лицевого счета")),
    Column("owner", "Собственник", ("ФИО", "ФИО собственника", "Собственник",
                                    "Наименование собственника", "ФИО собственника / наименование",
                                    "ФИО / наименование", "Собственник (ФИО / наименование)"),
           required=True),
    Column("ogrn", "ОГРН", ("ОГРН", "ОГРН/ОГРНИП")),
    Column("share", "Доля", ("Доля", "Доля в праве", "Размер доли", "Доля в праве на помещение",
                             "Доля в праве собственности")),
    Column("egrn", "Номер и дата регистрации права", ("Номер и дата регистрации права",
                                                      "Номер и дата гос. регистрации",
                                                      "Реквизиты регистрации права")),
    Column("egrn_number", "Номер регистрации права", ("Номер регистрации права",
                                                      "№ гос. регистрации", "Номер записи ЕГРН",
                                                      "Номер государственной регистрации",
                                                      "№ регистрации права", "Номер записи")),
    Column("egrn_date", "Дата регистрации права", ("Дата регистрации права",
                                                   "Дата гос. регистрации", "Дата записи ЕГРН",
                                                   "Дата государственной регистрации")),
    Column("phone", "Телефон", ("Телефон", "Тел.", "Контактный телефон")),
    Column("email", "E-mail", ("E-mail", "Эл. почта", "Email", "Электронная почта")),
    Column("member", "Член ТСЖ", ("Член ТСЖ", "Членство в ТСЖ", "Член ЖСК", "Член товарищества")),
]

_EGRN_COMBINED = re.compile(r"^(?:№\s*)?(?P<number>.+?)\s+от\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})\s*г?\.?$",
                            re.IGNORECASE)


@dataclass
class RegistryRow:
    """One valid owner row of a register file."""

    row: int  # Excel row number
    premise_number: str
    kind: PremiseKind
    area: Decimal | None
    account: str | None
    owner: str
    is_legal: bool
    ogrn: str | None
    fraction: Fraction
    joint: bool
    share_written: bool
    egrn_number: str | None
    egrn_date: date | None
    phone: str | None
    email: str | None
    member: bool | None

    @property
    def joint_group(self) -> str | None:
        """Co-owners of one joint holding: same premise, same ЕГРН record if given."""
        if not self.joint:
            return None
        return f"{self.premise_number}|{self.egrn_number or 'совместная'}"


@dataclass
class ParsedRegistry:
    path: Path
    sheet: str
    header_row: int
    data_rows: int
    rows: list[RegistryRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    database_checked: bool = False  # set by the import service once it added its own checks
    house_address: str | None = None  # named in the title rows above the header, if any
    layout: HeaderMatch | None = None  # the header as found: what each of its cells was taken for

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.is_error]

    def error_rows(self) -> set[int]:
        return {p.row for p in self.errors}

    def valid_rows(self) -> list[RegistryRow]:
        bad = self.error_rows()
        return [r for r in self.rows if r.row not in bad]


def parse_registry_file(path: str | Path, *, today: date, mapping: Mapping | None = None,
                        layouts: dict[Signature, Mapping] | None = None) -> ParsedRegistry:
    """Read a register file; every problem is reported with its Excel row and column.
    ``mapping`` and ``layouts`` as ``headers.find_header`` takes them."""
    table = read_table(path)
    header = find_header(table.rows, REGISTRY_COLUMNS, table.path.name, "реестра собственников",
                         mapping=mapping, layouts=layouts)
    parsed = ParsedRegistry(table.path, table.sheet_name, header.row_index + 1, 0,
                            titles=dict(header.titles), layout=header)
    parsed.house_address = address_in_titles(  # a merged title repeats: its first cell is enough
        [next((clean_cell(c) for c in cells if clean_cell(c)), "") for cells in table.rows[:header.first_row]])
    previous: dict[str, object] = {}
    for index in range(header.row_index + 1, len(table.rows)):
        cells = table.rows[index]
        if not any(clean_cell(c) for c in cells):
            continue
        parsed.data_rows += 1
        row = _parse_row(index + 1, cells, header, previous, parsed.problems, today)
        if row is not None:
            parsed.rows.append(row)
    _check_premises(parsed)
    return parsed


def _parse_row(
    excel_row: int,
    cells: list[object],
    header: HeaderMatch,
    previous: dict[str, object],
    problems: list[RowProblem],
    today: date,
) -> RegistryRow | None:
    def title(key: str) -> str:
        return header.titles.get(key, key)

    def error(key: str | None, message: str) -> None:
        problems.append(RowProblem(excel_row, title(key) if key else None, message))

    def warning(key: str | None, message: str) -> None:
        problems.append(RowProblem(excel_row, title(key) if key else None, message, is_error=False))

    errors_before = sum(1 for p in problems if p.is_error)
    owner_raw = clean_cell(header.cell(cells, "owner"))
    number = normalize_premise_number(header.cell(cells, "premise"))
    if not owner_raw:
        if number:
            error("owner", "не указан собственник.")
        else:
            # a total line or a note under the table
            return None
    if not number:
        if previous.get("number"):
            number = str(previous["number"])
            warning("premise", f"номер помещения не указан — взят из строки выше ({number}).")
            for key in ("kind", "area", "account"):
                if not clean_cell(header.cell(cells, key)):
                    cells = list(cells)
                    if header.has(key):
                        cells[header.columns[key]] = previous.get(key, "")
        else:
            error("premise", "не указан номер помещения.")
            return None

    kind_cell = header.cell(cells, "kind")
    try:
        kind = parse_premise_kind(kind_cell) or guess_premise_kind(number)
    except ValueError:
        error("kind", f"вид помещения «{clean_cell(kind_cell)}» не распознан "
                      "(ожидается: квартира, нежилое, машино-место).")
        kind = guess_premise_kind(number)

    area_cell = header.cell(cells, "area")
    area = parse_decimal(area_cell)
    if area is None and clean_cell(area_cell):
        error("area", f"площадь «{clean_cell(area_cell)}» — не число.")
    elif area is not None and area <= 0:
        error("area", f"площадь {clean_cell(area_cell)} должна быть больше нуля.")
        area = None
    elif area is not None and area > 100_000:
        error("area", f"площадь {clean_cell(area_cell)} м² неправдоподобно велика.")
        area = None

    account = clean_cell(header.cell(cells, "account")) or None
    owner = normalize_name(owner_raw)

    ogrn = clean_cell(header.cell(cells, "ogrn")).replace(" ", "") or None
    if ogrn and (message := ogrn_problem(ogrn)):
        error("ogrn", message)
    is_legal = bool(ogrn) or looks_like_legal_entity(owner)

    share_cell = header.cell(cells, "share")
    try:
        share = parse_share(share_cell)
    except ValidationFailed as exc:
        error("share", exc.message)
        share = None

    egrn_number = clean_cell(header.cell(cells, "egrn_number")) or None
    egrn_date = None
    if header.has("egrn"):
        combined = clean_cell(header.cell(cells, "egrn"))
        if combined:
            if match := _EGRN_COMBINED.match(combined):
                egrn_number = egrn_number or match["number"].strip()
                try:
                    egrn_date = parse_date_cell(match["date"])
                except ValueError:
                    error("egrn", f"дата в «{combined}» не распознана.")
            else:
                egrn_number = egrn_number or combined.lstrip("№ ").strip()
                warning("egrn", "дата регистрации права не найдена: ожидается «№ … от ДД.ММ.ГГГГ».")
    date_cell = header.cell(cells, "egrn_date")
    if clean_cell(date_cell):
        try:
            egrn_date = parse_date_cell(date_cell)
        except ValueError:
            error("egrn_date", f"дата «{clean_cell(date_cell)}» не распознана (ожидается ДД.ММ.ГГГГ).")
    if egrn_date is not None and egrn_date > today:
        error("egrn_date" if header.has("egrn_date") else "egrn",
              f"дата регистрации права {egrn_date:%d.%m.%Y} ещё не наступила.")

    member_cell = header.cell(cells, "member")
    member = None
    if clean_cell(member_cell):
        try:
            member = parse_yes_no(member_cell)
        except ValueError:
            warning("member", f"«{clean_cell(member_cell)}» — ожидается «да» или «нет»; членство не записано.")

    previous.update(number=number, kind=kind_cell, area=area_cell, account=account or "")
    if sum(1 for p in problems if p.is_error) > errors_before or share is None:
        return None
    return RegistryRow(
        row=excel_row,
        premise_number=number,
        kind=kind,
        area=area,
        account=account,
        owner=owner,
        is_legal=is_legal,
        ogrn=ogrn,
        fraction=share.fraction,
        joint=share.joint,
        share_written=share.written,
        egrn_number=egrn_number,
        egrn_date=egrn_date,
        phone=clean_cell(header.cell(cells, "phone")) or None,
        email=clean_cell(header.cell(cells, "email")) or None,
        member=member,
    )


def _check_premises(parsed: ParsedRegistry) -> None:
    """Rules across the rows of one premise: shares, duplicate owners, one area."""
    by_premise: dict[str, list[RegistryRow]] = defaultdict(list)
    for row in parsed.rows:
        by_premise[row.premise_number].append(row)
    titles = parsed.titles
    for number, rows in by_premise.items():
        areas = {r.area for r in rows if r.area is not None}
        if len(areas) > 1:
            for r in rows[1:]:
                parsed.problems.append(RowProblem(
                    r.row, titles.get("area"),
                    f"у помещения {number} в разных строках разная площадь "
                    f"({', '.join(str(a).replace('.', ',') for a in sorted(areas))}).",
                ))
        seen: dict[str, int] = {}
        for r in rows:
            key = r.owner.casefold()
            if key in seen:
                parsed.problems.append(RowProblem(
                    r.row, titles.get("owner"),
                    f"собственник «{r.owner}» помещения {number} уже указан в строке {seen[key]}.",
                ))
            else:
                seen[key] = r.row
        if len(rows) > 1:
            for r in rows:
                if not r.share_written and not r.joint:
                    parsed.problems.append(RowProblem(
                        r.row, titles.get("share"),
                        f"у помещения {number} несколько собственников — укажите долю каждого.",
                    ))
        total = Fraction(0)
        groups: set[str] = set()
        for r in rows:
            if r.joint_group:
                if r.joint_group in groups:
                    continue
                groups.add(r.joint_group)
            total += r.fraction
        if total > 1:
            parsed.problems.append(RowProblem(
                rows[-1].row, titles.get("share"),
                f"сумма долей помещения {number} равна {format_share(total)} — больше 1.",
            ))
        elif total < 1:
            parsed.problems.append(RowProblem(
                rows[-1].row, titles.get("share"),
                f"сумма долей помещения {number} равна {format_share(total)}: "
                "доли не распределены полностью.",
                is_error=False,
            ))
