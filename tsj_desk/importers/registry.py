"""Parsing an owner register file into plain rows and row problems (no database).

One row per owner; premise cells are often merged over the rows of co-owners
(expanded by ``read_table``) or simply left empty under the first co-owner, never
across an empty row. What a row says is read in ``registry_rows`` (the ЕГРН document
cell in ``registry_documents``); totals, footnotes and signatures under the table are
told from owner rows there too. Shares given indirectly — a column of shares in the
house's common property, votes — are in ``registry_shares``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from tsj_desk.domain.addresses import address_in_titles
from tsj_desk.domain.errors import FileProblem, RowProblem
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.domain.shares import format_share
from tsj_desk.domain.text import clean_cell, parse_decimal
from tsj_desk.importers.headers import Column, HeaderMatch, Mapping, Signature, find_header
from tsj_desk.importers.registry_rows import (
    RegistryRow,
    Trailer,
    looks_like_owner_row,
    parse_row,
    trailer_kind,
)
from tsj_desk.importers.registry_shares import (
    check_common_shares,
    collect_share_cells,
    looks_like_house_shares,
    refresh_fields,
    separate_common_share,
    shares_from_votes,
    sole_owner_votes,
    votes_are_square_metres,
)
from tsj_desk.importers.spreadsheet import read_table

__all__ = ["REGISTRY_COLUMNS", "ParsedRegistry", "RegistryRow", "parse_registry_file"]

REGISTRY_COLUMNS = [
    Column("premise", "№ помещения", ("№ помещения", "Номер помещения", "Помещение", "Квартира",
                                       "№ кв.", "Кв.", "№ квартиры", "Номер квартиры", "№ пом.",
                                       "№ кв., помещения", "Номер квартиры (помещения)",
                                       "Номер квартиры, помещения", "№ квартиры (помещения)",
                                       "№ квартиры, помещения", "№ кв./пом.", "Кв./пом."), required=True),
    Column("kind", "Вид помещения", ("Вид помещения", "Тип помещения", "Назначение",
                                      "Назначение помещения")),
    Column("area", "Площадь", ("Площадь", "Общая площадь", "Площадь, кв. м", "Площадь, м²",
                               "Площадь помещения", "Площадь помещения, м²", "Площадь, м2",
                               "Площадь помещения, кв. м", "Общая площадь, кв. м",
                               "Общая площадь помещения", "Площадь квартиры (помещения)",
                               "Площадь квартиры")),
    Column("account", "Лицевой счёт", ("Лицевой счёт", "Лицевой счет", "ЛС", "Л/с", "№ ЛС",
                                        "Номер лицевого счета")),
    Column("owner", "Собственник", ("ФИО", "ФИО собственника", "Собственник",
                                    "Наименование собственника", "ФИО собственника / наименование",
                                    "ФИО / наименование", "Собственник (ФИО / наименование)",
                                    "Ф.И.О.", "Ф.И.О. собственника", "Собственник: ФИО", "Фамилия, имя, отчество",
                                    "Фамилия, имя, отчество собственника", "ФИО / Полное наименование",
                                    "ФИО / Полное наименование и ОГРН", "Собственник помещения",
                                    "Собственники", "Собственник (правообладатель)", "Правообладатель"),
           required=True),
    Column("ogrn", "ОГРН", ("ОГРН", "ОГРН/ОГРНИП")),
    # a share of the house's common property (ЖК РФ ст. 37): never the owner's share
    Column("common_share", "Доля в общем имуществе", (
        "Доля в праве общей собственности на общее имущество", "Доля в общем имуществе",
        "Доля в праве на общее имущество", "Доля в общем имуществе МКД",
        "Доля в праве общей долевой собственности на общее имущество")),
    Column("share", "Доля", ("Доля", "Доля в праве", "Размер доли", "Доля в праве на помещение",
                             "Доля в праве собственности", "Размер доли в праве", "Доля собственника",
                             "Доля в праве собственности на помещение")),
    Column("votes", "Количество голосов", ("Количество голосов", "Кол-во голосов", "Голоса",
                                           "Число голосов", "Количество голосов собственника",
                                           "Кол-во голосов собственника", "Голосов")),
    Column("right", "Вид права", ("Вид права", "Вид собственности", "Форма собственности",
                                  "Вид права собственности", "Вид зарегистрированного права")),
    Column("egrn", "Номер и дата регистрации права", ("Номер и дата регистрации права",
                                                      "Номер и дата гос. регистрации",
                                                      "Реквизиты регистрации права",
                                                      "Вид, номер и дата государственной регистрации права",
                                                      "Номер и дата государственной регистрации права",
                                                      "Сведения о регистрации права",
                                                      "Сведения о государственной регистрации права",
                                                      "Выписка из ЕГРН", "ЕГРН")),
    Column("document", "Документ о праве собственности", (
        "Документ", "Документ, подтверждающий право собственности", "Правоустанавливающий документ",
        "Правоустанавливающие документы", "Документ о праве собственности",
        "Реквизиты документа, подтверждающего право собственности",
        "Реквизиты документа о праве собственности", "Документ-основание",
        "Документ, подтверждающий право")),
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
_SHARE_COLUMN = next(c for c in REGISTRY_COLUMNS if c.key == "share")


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
    # the sheet's cells as read: the preview shows them for rows whose values failed to parse
    table_rows: list[list[object]] = field(default_factory=list, repr=False, compare=False)

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
    if not _set_by_user(header, "share"):
        separate_common_share(header, _SHARE_COLUMN)
    parsed = ParsedRegistry(table.path, table.sheet_name, header.row_index + 1, 0,
                            titles=dict(header.titles), layout=header, table_rows=table.rows)
    parsed.house_address = address_in_titles(  # a merged title repeats: its first cell is enough
        [next((clean_cell(c) for c in cells if clean_cell(c)), "") for cells in table.rows[:header.first_row]])
    items, areas = _table_rows(table.rows, header, parsed)
    if parsed.data_rows == 0:
        raise FileProblem(f"В файле «{table.path.name}» под строкой заголовков (строка {parsed.header_row}) "
                          "нет ни одной строки с собственником.")
    common_rows, reason = _common_share_rows(items, areas, header, parsed)
    previous: dict[str, object] = {}
    for excel_row, cells in items:
        if cells is None:
            previous.clear()  # an empty row ends a premise: the next row names its own
            continue
        row = parse_row(excel_row, cells, header, previous, parsed.problems, today)
        if row is not None:
            parsed.rows.append(row)
    if common_rows:
        parsed.problems.extend(check_common_shares(common_rows, areas, header.titles["common_share"],
                                                   parsed.header_row, reason))
    _check_premises(parsed)
    return parsed


def _table_rows(rows: list[list[object]], header: HeaderMatch, parsed: ParsedRegistry
                ) -> tuple[list[tuple[int, list[object] | None]], dict[str, Decimal]]:
    """The owner rows under the header as (Excel row, cells), ``None`` cells for an empty
    row; and the area of each premise (the first one written).

    Totals and notes are left out; a footnote, a signature or the like ends the table, and
    a row below it that looks like an owner's is reported as not read.
    """
    items: list[tuple[int, list[object] | None]] = []
    areas: dict[str, Decimal] = {}
    area_total = Decimal(0)
    previous = ""
    for index in range(header.row_index + 1, len(rows)):
        cells = rows[index]
        if not any(clean_cell(c) for c in cells):
            items.append((index + 1, None))
            previous = ""
            continue
        kind = trailer_kind(cells, header, area_total if len(areas) > 1 else None,
                            (len(areas), parsed.data_rows))
        if kind is Trailer.END:
            _warn_rows_below(rows, index, header, parsed)
            break
        if kind is not None:
            items.append((index + 1, None))
            previous = ""
            continue
        parsed.data_rows += 1
        items.append((index + 1, cells))
        number = normalize_premise_number(header.cell(cells, "premise")) or previous
        previous = number
        area = parse_decimal(header.cell(cells, "area"))
        if number and area is not None and area > 0 and number not in areas:
            areas[number] = area
            area_total += area
    return items, areas


def _warn_rows_below(rows: list[list[object]], end: int, header: HeaderMatch, parsed: ParsedRegistry) -> None:
    ending = next(t for t in (clean_cell(c) for c in rows[end]) if t)
    if len(ending) > 40:
        ending = ending[:40].rstrip() + "…"
    skipped = [i + 1 for i in range(end + 1, len(rows)) if looks_like_owner_row(rows[i], header)]
    if skipped:
        parsed.problems.append(RowProblem(
            skipped[0], None,
            f"таблица закончилась в строке {end + 1} («{ending}»): строки ниже не прочитаны "
            f"({', '.join(map(str, skipped[:10]))}{' …' if len(skipped) > 10 else ''}). "
            "Если это собственники, перенесите их выше подписей и примечаний.",
            is_error=False))


def _common_share_rows(items: list[tuple[int, list[object] | None]], areas: dict[str, Decimal],
                       header: HeaderMatch, parsed: ParsedRegistry) -> tuple[list[tuple[int, str, object]], str | None]:
    """The common-property share of each row, when the file has such a column.

    A share column whose values over the house add up to about 1 (or 100 %) is one,
    whatever its header says: it is then not read as the owner's share.
    """
    reason = None
    if header.has("share") and not _set_by_user(header, "share"):
        share_rows = collect_share_cells(items, header, "share")
        total = looks_like_house_shares(share_rows, areas)
        if total is not None:
            written = format_share(total) if total.denominator < 1000 else _decimal(total)
            reason = f"значения в сумме по всему дому дают {written}: это"
            if not header.has("common_share"):
                header.columns["common_share"] = header.columns["share"]
                header.titles["common_share"] = header.titles["share"]
            header.columns.pop("share")
            header.titles.pop("share")
            refresh_fields(header)
    parsed.titles = dict(header.titles)
    if not header.has("common_share"):
        return [], None
    return collect_share_cells(items, header, "common_share"), reason


def _decimal(value: Fraction) -> str:
    return f"{float(value):.4f}".rstrip("0").rstrip(".").replace(".", ",")


def _set_by_user(header: HeaderMatch, key: str) -> bool:
    """Whether the user's mapping (or a remembered one) put this column there."""
    index = header.columns.get(key)
    return any(cell.index == index and cell.by_mapping for cell in header.cells)


def _check_premises(parsed: ParsedRegistry) -> None:
    """Rules across the rows of one premise: shares, duplicate owners, one area."""
    by_premise: dict[str, list[RegistryRow]] = defaultdict(list)
    for row in parsed.rows:
        by_premise[row.premise_number].append(row)
    titles = parsed.titles
    square_metres = votes_are_square_metres(by_premise)
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
        unwritten = [r for r in rows if not r.share_written and not r.joint]
        if len(rows) > 1 and len(unwritten) == len(rows) and any(r.votes is not None for r in rows):
            _, problems = shares_from_votes(number, rows, titles)
            parsed.problems.extend(problems)
        elif len(rows) > 1:
            for r in unwritten:
                parsed.problems.append(RowProblem(
                    r.row, titles.get("share"),
                    f"у помещения {number} несколько собственников — укажите долю каждого.",
                ))
        else:
            parsed.problems.extend(sole_owner_votes(rows[0], titles, square_metres))
        if len(rows) > 1 and unwritten:
            continue  # the rows are already asked for their shares: no sum of guesses
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
