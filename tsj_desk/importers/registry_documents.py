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
_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря")
# «от 11 мая 2017 г.», as a certificate or a contract writes its date
_WORDED = re.compile(r"(?<![\d.])(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})(?!\d)", re.IGNORECASE)
_AFTER_SIGN = re.compile(r"№\s*(?P<number>[^,;]+?)(?=\s*(?:[,;]|\bот\b|\(|$))", re.IGNORECASE)
# a record of the register itself: «50:34:0010203:71-50/034/2017-1», «50-50/034-50/034/001/2016-123/1»
_RECORD_LIKE = re.compile(r"\d[\d:]*[-/]\d+[/-]\d")
_SHARE_AFTER_WORD = re.compile(r"долев\w*[^\d]{0,40}?(?<![\d/:-])(\d{1,4})\s*/\s*(\d{1,5})(?![\d/-])")
_REGISTRATION_WORDS = re.compile(r"егрн|регистрац|выписк|свидетельств|запис", re.IGNORECASE)
_OTHER_DOCUMENT = re.compile(r"договор|наследств|решени|справк|ордер|постановлени|приватизац", re.IGNORECASE)


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
    number, end = _number_in(text)
    when, bad_date = _date_in(text, end)
    record = number is not None and _RECORD_LIKE.search(number) is not None
    if not (registration or record or _REGISTRATION_WORDS.search(text)):
        if number is None or _OTHER_DOCUMENT.search(text):
            # «Договор купли-продажи № 12 от 01.02.2010»: a contract, not a record of the register
            number, when, bad_date = None, None, None
    return DocumentFacts(number, when, right, share, bad_date)


def _date_in(text: str, after: int) -> tuple[date | None, str | None]:
    """The date following the record number (after «от» if one is), else the first date
    after «от», else the first date; a date-like text that is no date comes back as text."""
    candidates = []
    for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3)), (_WORDED, (3, 2, 1))):
        for match in pattern.finditer(text):
            year, month, day = (int(match[i]) if match[i].isdigit() else _MONTHS.index(match[i].lower()) + 1
                                for i in order)
            if year < 100:
                year += 2000 if year < 70 else 1900
            after_ot = bool(re.search(r"\bот\s*$", text[:match.start()], re.IGNORECASE))
            candidates.append((match.start() < after, not after_ot, match.start(),
                               year, month, day, match[0]))
    if not candidates:
        return None, None
    *_, year, month, day, written = min(candidates)
    try:
        return date(year, month, day), None
    except ValueError:
        return None, written


def _number_in(text: str) -> tuple[str | None, int]:
    """The record number and where it ends: the number after «№» (a record-like one first),
    else a record number standing alone («78:14:…-78/011/2016-3, 2016-03-04, …»)."""
    signed = [(m["number"].strip(" ."), m.end()) for m in _AFTER_SIGN.finditer(text)]
    signed = [(n, e) for n, e in signed if n]
    for number, end in signed:
        if _RECORD_LIKE.search(number):
            return number, end
    for part in re.finditer(r"[^,;]+", text):
        token = next((t for t in part[0].split() if _RECORD_LIKE.search(t)), None)
        if token and not _DMY.fullmatch(token) and not _ISO.fullmatch(token):
            return token.strip(" ."), part.start() + part[0].index(token) + len(token)
    if signed:
        return signed[0]
    return None, 0
