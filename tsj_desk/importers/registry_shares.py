"""Shares a register gives indirectly: a common-property share column, and votes.

* A share in the common property of the house (ЖК РФ ст. 37) is proportional to the
  premise's area over the area of all premises; registers made for a general meeting
  carry it. It is not the owner's share of the premise: its header speaks of «общее
  имущество», or its values over the whole house add up to about 1 (or 100 %), where owner
  shares add up to 1 per premise. Such a column is not read as the owner's share; it is
  checked against the areas and the user is told.
* A register for a meeting counts votes (ЖК РФ ст. 48 ч. 3): usually the m² an owner
  holds. Without a share column, co-owners' shares are their votes over the premise's
  area when the votes add up to the area.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from statistics import median

from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.domain.shares import format_share
from tsj_desk.domain.text import clean_cell, fold, format_number, header_key, parse_decimal
from tsj_desk.importers.headers import Column, HeaderMatch, match_header_row

_COMMON_WORDS = re.compile(r"имуществ")
_SHARE_WORD = re.compile(r"(?<!\w)дол[яиейю]")


def is_common_property_title(title: str) -> bool:
    """«Доля в праве общей собственности на общее имущество», «Доля в общем имуществе МКД»."""
    key = header_key(title)
    return bool(_SHARE_WORD.search(key) and _COMMON_WORDS.search(key))


def separate_common_share(header: HeaderMatch, share_column: Column) -> None:
    """Take a common-property share column for ``common_share``, never for ``share``.

    The owner's share is then looked for among the other header cells (a register for a
    meeting may have both columns).
    """
    if header.has("share") and is_common_property_title(header.titles["share"]):
        if not header.has("common_share"):
            header.columns["common_share"] = header.columns["share"]
            header.titles["common_share"] = header.titles["share"]
        header.columns.pop("share")
        header.titles.pop("share")
        taken = set(header.columns.values())
        width = max((cell.index for cell in header.cells), default=-1) + 1
        texts: list[object] = [None] * width
        for cell in header.cells:
            if cell.index not in taken and not is_common_property_title(cell.text):
                texts[cell.index] = cell.text
        found = match_header_row(texts, [share_column])
        if found.has("share"):
            header.columns["share"] = found.columns["share"]
            header.titles["share"] = found.titles["share"]
    if not header.has("common_share"):
        for cell in header.cells:
            if cell.index not in header.columns.values() and is_common_property_title(cell.text):
                header.columns["common_share"] = cell.index
                header.titles["common_share"] = cell.text
                break
    refresh_fields(header)


def refresh_fields(header: HeaderMatch) -> None:
    """Tell the header's cells what they are taken for after columns were moved."""
    fields = {index: key for key, index in header.columns.items()}
    header.cells = [replace(cell, field=fields.get(cell.index)) for cell in header.cells]


def _number(cell: object) -> tuple[Fraction, bool] | None:
    """A share-like value as a number, and whether it was written with «%»."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        value = parse_decimal(cell)
        return (Fraction(value), False) if value is not None else None
    text = fold(clean_cell(cell)).replace(" ", "")
    if not text:
        return None
    percent = text.endswith("%")
    text = text.rstrip("%")
    if match := re.fullmatch(r"(\d+)/(\d+)", text):
        return (Fraction(int(match[1]), int(match[2])), False) if int(match[2]) else None
    value = parse_decimal(text)
    if value is None:
        return None
    return (Fraction(value) / 100, True) if percent else (Fraction(value), False)


@dataclass
class CommonShares:
    """The common-property share of each premise, as the file gives it."""

    by_premise: dict[str, list[tuple[int, Fraction]]]  # premise → (Excel row, value) per row
    scale: int  # 1, or 100 for percent written as plain numbers


def common_shares_in(rows: list[tuple[int, str, object]]) -> CommonShares:
    by_premise: dict[str, list[tuple[int, Fraction]]] = defaultdict(list)
    percent_numbers = False
    for excel_row, number, cell in rows:
        if (value := _number(cell)) is not None:
            by_premise[number].append((excel_row, value[0]))
    values = [v for rows_ in by_premise.values() for _, v in rows_]
    if values and max(values) > 1:
        percent_numbers = True
    return CommonShares(dict(by_premise), 100 if percent_numbers else 1)


def _premise_total(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0))


def looks_like_house_shares(rows: list[tuple[int, str, object]],
                           areas: dict[str, Decimal]) -> Fraction | None:
    """The total over the house when the share column's values are shares of the house.

    Owner shares add up to 1 per premise, so over three or more premises they add up
    to 3 or more; shares of the house add up to about 1 (or 100 %) with every premise
    well below a half, and follow the areas (ЖК РФ ст. 37 ч. 1). Without areas it takes
    ten premises: three co-owners' thirds of three flats also add up to 1.
    """
    shares = common_shares_in(rows)
    premises = {n: _premise_total([v for _, v in rows_]) for n, rows_ in shares.by_premise.items()}
    if len(premises) < 3:
        return None
    total = sum(premises.values(), Fraction(0))
    scale = shares.scale
    if abs(total - scale) > Fraction(2, 100) * scale or max(premises.values()) > Fraction(scale, 2):
        return None
    compared = _compared_with_areas(shares, areas)
    if compared is None:
        return total if len(premises) >= 10 else None
    off = sum(1 for _, _, _, fits in compared if not fits)
    return total if off <= len(compared) // 5 else None


def _compared_with_areas(shares: CommonShares, areas: dict[str, Decimal]
                         ) -> list[tuple[str, list[tuple[int, Fraction]], Fraction, bool]] | None:
    """Each premise with an area: its values, the share its area gives and whether they agree;
    ``None`` when fewer than three premises have an area."""
    ratios = {}
    for number, values in shares.by_premise.items():
        if area := areas.get(number):
            ratios[number] = _premise_total([v for _, v in values]) / Fraction(area)
    if len(ratios) < 3:
        return None
    per_m2 = median(ratios.values())
    result = []
    for number, values in shares.by_premise.items():
        if not (area := areas.get(number)):
            continue
        expected = per_m2 * Fraction(area)
        written = [v for _, v in values]
        # co-owners may each carry their part or each the premise's whole share
        candidates = {_premise_total(written), written[0]}
        fits = any(abs(c - expected) <= expected * Fraction(2, 100) + Fraction(1, 20000) * shares.scale
                   for c in candidates)
        result.append((number, values, expected, fits))
    return result


def collect_share_cells(items: list[tuple[int, list[object]]], header: HeaderMatch,
                        key: str) -> list[tuple[int, str, object]]:
    """(Excel row, premise number, cell of ``key``) for the owner rows; co-owner rows that
    leave the premise empty take the one above."""
    result = []
    previous = ""
    for excel_row, cells in items:
        if cells is None:
            previous = ""
            continue
        number = normalize_premise_number(header.cell(cells, "premise")) or previous
        previous = number
        if number:
            result.append((excel_row, number, header.cell(cells, key)))
    return result


def check_common_shares(rows: list[tuple[int, str, object]], areas: dict[str, Decimal],
                        title: str, header_row: int, reason: str | None = None) -> list[RowProblem]:
    """Warnings: the column is not read as owner shares (``reason`` says why it is taken
    for a common-property share, when its header does not); premises where it is not
    proportional to the area (ЖК РФ ст. 37 ч. 1)."""
    problems = [RowProblem(
        header_row, title,
        f"{reason or 'это'} доля в праве на общее имущество дома (ЖК РФ ст. 37), а не доля "
        "собственника в помещении: как доля в помещении она не записана, по ней проверено "
        "только, что она пропорциональна площади.", is_error=False)]
    shares = common_shares_in(rows)
    for number, values, expected, fits in _compared_with_areas(shares, areas) or []:
        if not fits:
            problems.append(RowProblem(
                values[0][0], title,
                f"доля помещения {number} в общем имуществе ({format_number(values[0][1], 4)}) "
                f"не пропорциональна его площади ({format_number(areas[number], 1)} м²): по площади "
                f"выходит {format_number(expected, 4)}. Проверьте площадь или долю.",
                is_error=False))
    return problems


def _unit(value: Decimal) -> Fraction:
    """One unit of the last digit written: 0,01 for «20,33»."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return Fraction(1, 10 ** places)


def _snap(votes: Decimal, area: Decimal) -> Fraction | None:
    """The simplest share (denominator up to 100) that gives these votes once rounded
    (61 m² in thirds are written 20,33 + 20,33 + 20,34: a unit of the last digit apart)."""
    exact = Fraction(votes) / Fraction(area)
    tolerance = _unit(votes) + Fraction(1, 1000)
    for denominator in range(1, 101):
        numerator = round(exact * denominator)
        if numerator > 0 and abs(Fraction(numerator, denominator) * Fraction(area) - Fraction(votes)) <= tolerance:
            return Fraction(numerator, denominator)
    return None


def _number_text(value: Decimal) -> str:
    text = format_number(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def shares_from_votes(number: str, rows: list, titles: dict[str, str]) -> tuple[bool, list[RowProblem]]:
    """Give co-owners without written shares their votes over the premise's area.

    Returns whether the shares were set, and the problems to report (a warning saying
    the shares were computed, or an error asking for them).
    """
    votes_title = titles.get("votes")
    area = next((r.area for r in rows if r.area is not None), None)
    last = rows[-1].row
    missing = [r for r in rows if r.votes is None]
    if missing:
        return False, [RowProblem(
            missing[0].row, titles.get("share") or votes_title,
            f"у помещения {number} несколько собственников, а доли не указаны и голоса указаны не "
            "у всех — укажите долю каждого.")]
    votes = [r.votes for r in rows]
    written = " + ".join(_number_text(v) for v in votes)
    if area is None:
        return False, [RowProblem(
            last, titles.get("share") or votes_title,
            f"у помещения {number} несколько собственников, доли не указаны, а площади нет — "
            f"из голосов ({written}) доли не вычислить. Укажите долю каждого.")]
    total = sum(votes, Decimal(0))
    tolerance = sum((_unit(v) for v in votes), Fraction(0)) / 2 + Fraction(1, 1000)
    if abs(Fraction(total) - Fraction(area)) > tolerance:
        return False, [RowProblem(
            last, titles.get("share") or votes_title,
            f"у помещения {number} несколько собственников, доли не указаны, а голоса "
            f"({written} = {_number_text(total)}) не складываются в площадь помещения "
            f"({_number_text(area)} м²). Укажите долю каждого.")]
    snapped = [_snap(v, area) for v in votes]
    if None in snapped or sum(snapped) != 1:
        if total != area:
            return False, [RowProblem(
                last, titles.get("share") or votes_title,
                f"у помещения {number} несколько собственников, доли не указаны, а из голосов "
                f"({written}) точные доли не получаются. Укажите долю каждого.")]
        snapped = [Fraction(v) / Fraction(area) for v in votes]
    for row, share in zip(rows, snapped):
        row.fraction, row.share_written = share, True
    shares = ", ".join(format_share(s) for s in snapped)
    return True, [RowProblem(
        last, votes_title,
        f"доли собственников помещения {number} не указаны — вычислены из количества голосов "
        f"и площади ({_number_text(area)} м²): {shares}.", is_error=False)]


def votes_are_square_metres(by_premise: dict[str, list]) -> bool:
    """Whether the file counts votes in m² (the usual way): over the premises with votes and an
    area, a premise's votes make its area. Votes in per cent of the house are not m²."""
    ratios = []
    for rows in by_premise.values():
        area = next((r.area for r in rows if r.area is not None), None)
        if area and all(r.votes is not None for r in rows):
            ratios.append(sum((r.votes for r in rows), Decimal(0)) / area)
    return len(ratios) < 3 or Decimal("0.9") <= median(ratios) <= Decimal("1.1")


def sole_owner_votes(row, titles: dict[str, str], square_metres: bool = True) -> list[RowProblem]:
    """One owner holds the whole premise; votes well below the area suggest a co-owner missing."""
    if (not square_metres or row.votes is None or row.area is None or row.share_written
            or row.votes >= row.area * Decimal("0.98")):
        return []
    return [RowProblem(
        row.row, titles.get("votes"),
        f"у помещения {row.premise_number} один собственник, но голосов {_number_text(row.votes)} "
        f"при площади {_number_text(row.area)} м²: записана доля 1. Если собственников больше, "
        "добавьте их строки с долями.", is_error=False)]
