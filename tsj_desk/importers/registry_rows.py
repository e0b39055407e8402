"""One row of an owner register: what it says, and whether it is a row of the table at all.

Under the table offices put totals («Итого», a line of sums), footnotes («* — общая
совместная собственность»), the date the register was made and signatures
(«Председатель правления ____ / Иванов И. И.»). None of them is a premise or an error:
``trailer_kind`` tells them from owner rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from fractions import Fraction

from tsj_desk.domain.errors import RowProblem, ValidationFailed
from tsj_desk.domain.persons import looks_like_legal_entity, normalize_name, ogrn_problem
from tsj_desk.domain.phones import kept_text, parse_phones, problem_of
from tsj_desk.domain.premises import (
    PremiseKind,
    guess_premise_kind,
    normalize_premise_number,
    parse_premise_kind,
)
from tsj_desk.domain.shares import parse_share
from tsj_desk.domain.text import clean_cell, fold, parse_decimal
from tsj_desk.importers.cells import parse_date_cell, parse_yes_no
from tsj_desk.importers.headers import HeaderMatch
from tsj_desk.importers.registry_documents import RightKind, parse_document, right_kind


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
    votes: Decimal | None = None  # «Количество голосов»: usually the m² the owner holds
    right: RightKind | None = None  # the kind of right the document cell names

    @property
    def joint_group(self) -> str | None:
        """Co-owners of one joint holding: same premise, same ЕГРН record if given."""
        if not self.joint:
            return None
        return f"{self.premise_number}|{self.egrn_number or 'совместная'}"


class Trailer(Enum):
    TOTAL = "total"  # a line of sums: skipped, the table may go on (subtotals)
    END = "end"  # a footnote, a note, a signature: the table is over
    NOTE = "note"  # a line of text that names no premise and no owner: skipped


_END_WORDS = re.compile(  # whole words: «Секретарёва» is an owner, «Секретарь» a signature
    r"^(?:\*|¹|²|примечани[ея]|председател[ья](?!\w)|\(?подпись|исполнитель(?!\w)|"
    r"составил[аи]?(?!\w)|составлен[оа]?(?!\w)|секретар[ья](?!\w)|управляющ(?:ий|ая)(?!\w)|"
    r"бухгалтер(?!\w)|руководител[ья](?!\w)|директор(?!\w)|член\w* (?:правлени|счетн)|"
    r"ответственн\w*(?!\w)|м\.\s*п\.?(?!\w)|мп(?!\w)|дата составлени|реестр составлен|"
    r"по состоянию на|сведения (?:предоставлен|указан)|приложени[ея](?!\w))",
)
_TOTAL_WORDS = re.compile(r"^(?:итого|всего)(?!\w)")


def _texts(cells: list[object]) -> list[str]:
    return [t for t in (clean_cell(c) for c in cells) if t]


def trailer_kind(cells: list[object], header: HeaderMatch, area_so_far: Decimal | None,
                 counts: tuple[int, int] = (0, 0)) -> Trailer | None:
    """Whether a non-empty row under the header is not an owner row, and which kind it is.

    ``area_so_far`` is the sum of the areas of the premises above and ``counts`` the number
    of premises and of owner rows above: a row with no owner whose area equals that sum and
    whose premise cell is empty or holds one of those counts is the total line.
    """
    texts = _texts(cells)
    first = texts[0]
    if not first[0].isdigit() and _END_WORDS.match(fold(first)):
        return Trailer.END
    if any("___" in t for t in texts) and not looks_like_owner_row(cells, header):
        return Trailer.END  # a signature line; an owner's row may have a line to sign on
    if any(t[0] in "ИиВв" and _TOTAL_WORDS.match(fold(t)) for t in texts):
        return Trailer.TOTAL
    owner = clean_cell(header.cell(cells, "owner"))
    premise = clean_cell(header.cell(cells, "premise"))
    if not owner:
        area = parse_decimal(header.cell(cells, "area"))
        if (area is not None and area_so_far and abs(area - area_so_far) <= Decimal("0.05")
                and (not premise or premise in {str(n) for n in counts})):
            return Trailer.TOTAL
        if premise and (not re.search(r"\d", premise) or len(premise.split()) >= 4):
            return Trailer.NOTE  # «Нежилые помещения», a note in the premise column
    elif len(texts) >= 2 and len(set(texts)) == 1 and owner == premise:
        # one text over the whole row: a merged title or note line, not an owner
        return Trailer.NOTE
    return None


def looks_like_owner_row(cells: list[object], header: HeaderMatch) -> bool:
    """A row with a premise number and an owner: used to warn about rows below the end."""
    owner = clean_cell(header.cell(cells, "owner"))
    premise = clean_cell(header.cell(cells, "premise"))
    return bool(owner and premise and owner != premise and re.search(r"\d", premise)
                and len(premise) <= 12 and "___" not in owner)


@lru_cache(maxsize=64)
def _about_registration(title: str) -> bool:
    """«Сведения о регистрации права»: a date alone in such a column is the record's."""
    return bool(re.search(r"регистрац|егрн", fold(title)))


_OGRN_IN_NAME = re.compile(r"[,;]?\s*\(?\s*ОГРН(?:ИП)?\s*[:№]?\s*(\d[\d ]{11,17}\d)\s*\)?", re.IGNORECASE)


def parse_row(
    excel_row: int,
    cells: list[object],
    header: HeaderMatch,
    previous: dict[str, object],
    problems: list[RowProblem],
    today: date,
) -> RegistryRow | None:
    """One owner row; its problems go to ``problems`` with the row and the column's title.

    ``previous`` holds the premise of the row above: a co-owner's row may leave the
    premise empty. The caller empties it at an empty row.
    """
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
            return None  # a total line or a note under the table
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
    ogrn = clean_cell(header.cell(cells, "ogrn")).replace(" ", "") or None
    if found := _OGRN_IN_NAME.search(owner_raw):  # «ООО «Ромашка», ОГРН 1027700132195»
        ogrn = ogrn or found[1].replace(" ", "")
        owner_raw = (owner_raw[:found.start()] + owner_raw[found.end():]).strip(" ,;")
    owner = normalize_name(owner_raw)
    if ogrn and (message := ogrn_problem(ogrn)):
        error("ogrn" if header.has("ogrn") else "owner", message)
    is_legal = bool(ogrn) or looks_like_legal_entity(owner)

    try:
        share = parse_share(header.cell(cells, "share"))
    except ValidationFailed as exc:
        error("share", exc.message)
        share = None

    egrn_number = clean_cell(header.cell(cells, "egrn_number")) or None
    egrn_date, right, document_share = None, None, None
    for key in ("egrn", "document"):
        text = clean_cell(header.cell(cells, key))
        if not text:
            continue
        facts = parse_document(text, registration=key == "egrn" or _about_registration(title(key)))
        if facts.bad_date:
            error(key, f"дата «{facts.bad_date}» в «{text}» не распознана.")
        number_found = facts.number
        if key == "egrn" and not facts.found_anything:
            number_found = text.lstrip("№ ").strip()  # a number in a form of its own
        if key == "egrn" and number_found and facts.date is None and not facts.bad_date:
            warning("egrn", "дата регистрации права не найдена: ожидается «№ … от ДД.ММ.ГГГГ».")
        egrn_number = egrn_number or number_found
        egrn_date = egrn_date or facts.date
        right = right or facts.right
        document_share = document_share or facts.share
    date_cell = header.cell(cells, "egrn_date")
    if clean_cell(date_cell):
        try:
            egrn_date = parse_date_cell(date_cell)
        except ValueError:
            error("egrn_date", f"дата «{clean_cell(date_cell)}» не распознана (ожидается ДД.ММ.ГГГГ).")
    if egrn_date is not None and egrn_date > today:
        where = next((k for k in ("egrn_date", "egrn", "document") if header.has(k)), None)
        error(where, f"дата регистрации права {egrn_date:%d.%m.%Y} ещё не наступила.")
    right_cell = clean_cell(header.cell(cells, "right"))
    if right_cell:
        if (named := right_kind(right_cell)) is None:
            warning("right", f"вид права «{right_cell}» не распознан (ожидается: собственность, "
                             "общая долевая, общая совместная).")
        right = named or right

    votes_cell = header.cell(cells, "votes")
    votes = parse_decimal(votes_cell)
    if clean_cell(votes_cell) and (votes is None or votes <= 0):
        warning("votes", f"количество голосов «{clean_cell(votes_cell)}» — не положительное число; "
                         "голоса не учтены.")
        votes = None

    member_cell = header.cell(cells, "member")
    member = None
    if clean_cell(member_cell):
        try:
            member = parse_yes_no(member_cell)
        except ValueError:
            warning("member", f"«{clean_cell(member_cell)}» — ожидается «да» или «нет»; членство не записано.")

    phones = parse_phones(clean_cell(header.cell(cells, "phone")))  # read once: the warning and the kept text
    if problem := problem_of(phones):
        warning("phone", problem)

    previous.update(number=number, kind=kind_cell, area=area_cell, account=account or "")
    if sum(1 for p in problems if p.is_error) > errors_before or share is None:
        return None
    fraction, joint, written = share.fraction, share.joint, share.written
    if right is RightKind.JOINT:
        joint = True  # «Общая совместная» in the document: the share cell may be empty or «1»
    elif not written and document_share is not None:
        fraction, written = document_share, True  # «Общая долевая собственность, 1/3»
    return RegistryRow(
        row=excel_row, premise_number=number, kind=kind, area=area, account=account,
        owner=owner, is_legal=is_legal, ogrn=ogrn, fraction=fraction, joint=joint,
        share_written=written, egrn_number=egrn_number, egrn_date=egrn_date,
        phone=kept_text(phones),
        email=clean_cell(header.cell(cells, "email")) or None,
        member=member, votes=votes, right=right,
    )
