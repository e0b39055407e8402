"""The document cell of an owner register: the ЕГРН record, its date and the kind of right.

Registers name the title to a premise in many ways:

* «№ 50:34:0010203:71-50/034/2017-1 от 11.04.2017» (number and date of the record);
* «№ 78:14:0007501:1234-78/011/2016-3, 2016-03-04, Собственность» (how ЕГРН-extract
  tools write it: number, ISO date, the kind of right);
* «Выписка из ЕГРН, № 99/2016/123456789 от 04.03.2016»;
* «Общая долевая собственность, 1/3, № … от …».

The kind of right (ГК РФ ст. 244) decides joint ownership: «Общая совместная» is joint,
«Собственность» or «Индивидуальная» is the whole premise, «Общая долевая» needs a share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from fractions import Fraction

from tsj_desk.domain.text import clean_cell, fold


class RightKind(str, Enum):
    SOLE = "sole"  # «Собственность», «Индивидуальная»
    SHARED = "shared"  # «Общая долевая»
    JOINT = "joint"  # «Общая совместная»


@dataclass(frozen=True)
class DocumentFacts:
    """What one document cell says; ``bad_date`` holds a date-like text that is no date."""

    number: str | None = None
    date: date | None = None
    right: RightKind | None = None
    share: Fraction | None = None  # «Общая долевая, 1/3» names the share too
    bad_date: str | None = None

    @property
    def found_anything(self) -> bool:
        return any(v is not None for v in (self.number, self.date, self.right, self.bad_date))


_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.])")
_ISO = re.compile(r"(?<![\d/.:-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])")
_AFTER_SIGN = re.compile(r"№\s*(?P<number>[^,;]+?)(?=\s*(?:[,;]|\bот\b|\(|$))", re.IGNORECASE)
# a record of the register itself: «50:34:0010203:71-50/034/2017-1», «50-50/034-50/034/001/2016-123/1»
_RECORD_LIKE = re.compile(r"\d[\d:]*[-/]\d+[/-]\d")
_SHARE_AFTER_WORD = re.compile(r"долев\w*[^\d]{0,40}?(?<![\d/:-])(\d{1,4})\s*/\s*(\d{1,5})(?![\d/-])")
_REGISTRATION_WORDS = re.compile(r"егрн|регистрац|выписк|свидетельств|запис", re.IGNORECASE)
_DOCUMENT_WORDS = re.compile(r"^(?:выписка|свидетельство|запись|регистрац|государственн|гос\.|егрн|номер)",
                             re.IGNORECASE)


def right_kind(text: str) -> RightKind | None:
    """The kind of right a text names, if any."""
    folded = fold(text)
    if "совместн" in folded:
        return RightKind.JOINT
    if "долев" in folded:
        return RightKind.SHARED
    if re.search(r"индивидуальн|единоличн", folded) or re.search(r"(?<!\w)собственность(?!\w)", folded):
        return RightKind.SOLE
    return None


def parse_document(value: object, *, registration: bool = True) -> DocumentFacts:
    """Read the ЕГРН record number, its date and the kind of right from a document cell.

    ``registration`` says the column is about the registration of the right: there a date
    alone is the date of the record. Elsewhere («Документ») a date counts only next to a
    record number or words of registration: «Договор купли-продажи от 01.02.2010» is a
    contract, its date is not that of the record.
    """
    text = clean_cell(value)
    if not text:
        return DocumentFacts()
    right = right_kind(text)
    share = None
    if right is RightKind.SHARED and (found := _SHARE_AFTER_WORD.search(fold(text))):
        numerator, denominator = int(found[1]), int(found[2])
        if 0 < numerator <= denominator:
            share = Fraction(numerator, denominator)
    number = _number_in(text)
    when, bad_date = _date_in(text)
    if not (registration or number or _REGISTRATION_WORDS.search(text)):
        when, bad_date = None, None
    return DocumentFacts(number, when, right, share, bad_date)


def _date_in(text: str) -> tuple[date | None, str | None]:
    """The date after «от», else the first date; a date-like text that is no date is returned."""
    candidates = []
    for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3))):
        for match in pattern.finditer(text):
            year, month, day = (int(match[i]) for i in order)
            if year < 100:
                year += 2000 if year < 70 else 1900
            after_ot = bool(re.search(r"\bот\s*$", text[:match.start()], re.IGNORECASE))
            candidates.append((not after_ot, match.start(), year, month, day, match[0]))
    if not candidates:
        return None, None
    _, _, year, month, day, written = min(candidates)
    try:
        return date(year, month, day), None
    except ValueError:
        return None, written


def _number_in(text: str) -> str | None:
    """The number after «№», else a leading record number («78:14:…-78/011/2016-3, …»)."""
    if found := _AFTER_SIGN.search(text):
        number = found["number"].strip(" .")
        return number or None
    first = re.split(r"\s*[,;]\s*|\s+от\s+", text, maxsplit=1)[0].strip(" .")
    if _RECORD_LIKE.search(first) and not _DMY.fullmatch(first) and not _ISO.fullmatch(first):
        # «Запись регистрации 50:34:…» → the number without its words
        words = re.match(r"^(?:[^\d]*?)(?=\d)", first)
        number = first[words.end():] if words and _DOCUMENT_WORDS.match(first) else first
        return number.strip() or None
    return None
