"""Ownership forms and shares: parsing what real files say, exact arithmetic.

Forms of ownership (ГК РФ ст. 244): sole (one owner), shared — общая долевая, each
co-owner holds a fraction — and joint — общая совместная, co-owners hold the premise
(or a fraction of it) together without fractions between them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.text import clean_cell, fold


class OwnershipForm(str, Enum):
    SOLE = "sole"
    SHARED = "shared"
    JOINT = "joint"

    @property
    def label(self) -> str:
        return {
            OwnershipForm.SOLE: "единоличная",
            OwnershipForm.SHARED: "общая долевая",
            OwnershipForm.JOINT: "общая совместная",
        }[self]


@dataclass(frozen=True)
class ParsedShare:
    """A share read from a cell: the fraction and whether it is joint ownership.

    For joint ownership the fraction is the part of the premise held jointly
    (usually the whole premise).
    """

    fraction: Fraction
    joint: bool = False
    written: bool = True  # False when the cell was empty (a sole owner implied)


_FRACTION = re.compile(r"^(\d+)\s*/\s*(\d+)$")
_DECIMAL = re.compile(r"^(\d+)(?:[.,](\d+))?$")
_PERCENT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*%$")


_FRACTION_IN_TEXT = re.compile(r"(\d+)\s*/\s*(\d+)")
# «с/с» is how a register abbreviates «совместная собственность»
_JOINT_WORDS = re.compile(r"совм|(?<!\w)с\s*/\s*с(?!\w)")
_SOLE_WORDS = re.compile(r"^(?:индивидуальная|единоличная|(?:частная\s+)?собственность)"
                         r"(?:\s+собственность)?$")
_SHARED_WORDS = re.compile(r"общая|общей|долевая|долевой|собственность|собственности|доля|доли|долей|в праве|[,;:()]")
_SHARE_WORD = re.compile(r"(?<!\w)(?:доля|доли|долей|долев)")
_NOTE = re.compile(r"\([^()]*\)")  # «1/2 (одна вторая)»: a note in brackets
_SPACES = re.compile(r"\s+")
_UNRECOGNISED = "Пишите так: 1, 1/2, 0,5, 50% или «совместная»."


def parse_share(value: object) -> ParsedShare:
    """Parse a share as offices write it.

    Accepts ``"1/2"``, ``"0,5"``, ``"0.5"``, ``"50%"``, ``"1"``, ``"1/1"``, an
    empty cell (sole owner), ``"общая совместная"``/``"совместная"``/``"совм."``/``"с/с"``
    (joint), a share marked with ``*`` as ЕГРН-extract tools mark joint ownership
    (``"1*"``, ``"1/2*"``), «общая долевая, 1/3» (the share), «индивидуальная» or
    «собственность» (the whole premise), and numbers from Excel cells. Raises
    ``ValidationFailed`` with a Russian message.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValidationFailed(f"Доля «{clean_cell(value)}» не распознана. {_UNRECOGNISED}")
        return _checked(Fraction(str(value)), value)
    text = clean_cell(value)
    if not text:
        return ParsedShare(Fraction(1), written=False)
    folded = _fraction_signs(fold(text))
    starred = folded.endswith("*")
    if starred:
        folded = folded.rstrip("* ").strip()
        if not folded:
            raise ValidationFailed(f"Доля «{text}» не распознана. {_UNRECOGNISED}")
    if starred or _JOINT_WORDS.search(folded):
        # "1/2 в общей совместной" is a joint half; plain "совместная" is the whole
        if starred and not _JOINT_WORDS.search(folded):
            plain = _plain_share(folded, value, text)
            return ParsedShare(plain.fraction, joint=True)
        match = _FRACTION_IN_TEXT.search(folded)
        fraction = Fraction(int(match[1]), int(match[2])) if match and int(match[2]) else Fraction(1)
        return ParsedShare(_checked(fraction, value).fraction, joint=True)
    folded = _SPACES.sub(" ", _NOTE.sub(" ", folded)).strip() or folded.strip("() ")
    if _SOLE_WORDS.match(folded):
        return ParsedShare(Fraction(1))
    if _SHARE_WORD.search(folded):  # «общая долевая, 1/3», «1/2 доли»
        rest = _SPACES.sub(" ", _SHARED_WORDS.sub(" ", folded)).strip()
        if not rest:
            raise ValidationFailed(f"Доля «{text}»: укажите размер доли, например 1/2.")
        return _plain_share(rest, value, text)
    return _plain_share(folded, value, text)


def _fraction_signs(text: str) -> str:
    """«½» → «1/2» and «1⁄3» (the fraction slash) → «1/3», as Word writes them."""
    if text.isascii():
        return text
    out = []
    for ch in text:
        parts = unicodedata.decomposition(ch).split()
        if parts[:1] == ["<fraction>"]:
            out.append(" " + "".join(chr(int(code, 16)) for code in parts[1:]).replace("\u2044", "/"))
        else:
            out.append("/" if ch == "\u2044" else ch)
    return "".join(out).strip()


def _plain_share(folded: str, value: object, text: str) -> ParsedShare:
    folded = folded.replace(" ", "")
    if match := _FRACTION.match(folded):
        numerator, denominator = int(match[1]), int(match[2])
        if denominator == 0:
            raise ValidationFailed(f"Доля «{text}»: знаменатель не может быть нулём.")
        return _checked(Fraction(numerator, denominator), value)
    if match := _PERCENT.match(folded):
        return _checked(Fraction(match[1].replace(",", ".")) / 100, value)
    if match := _DECIMAL.match(folded):
        return _checked(Fraction(folded.replace(",", ".")), value)
    raise ValidationFailed(f"Доля «{text}» не распознана. {_UNRECOGNISED}")


def _checked(fraction: Fraction, original: object) -> ParsedShare:
    if fraction <= 0 or fraction > 1:
        raise ValidationFailed(
            f"Доля «{clean_cell(original)}» должна быть больше нуля и не больше 1."
        )
    return ParsedShare(fraction)


def format_share(fraction: Fraction, joint: bool = False) -> str:
    """``"1"``, ``"1/2"``; joint ownership is written «совместная» (with its part)."""
    if fraction.denominator == 1:
        text = str(fraction.numerator)
    else:
        text = f"{fraction.numerator}/{fraction.denominator}"
    if joint:
        return "совместная" if fraction == 1 else f"{text} (совместная)"
    return text


@dataclass(frozen=True)
class ShareHolding:
    """One open ownership of a premise, as far as share arithmetic cares."""

    fraction: Fraction
    joint_group: str | None = None  # co-owners of one joint holding share a key


def total_share(holdings: list[ShareHolding]) -> Fraction:
    """Sum of the open shares of a premise; a joint holding counts once."""
    total = Fraction(0)
    seen_groups: set[str] = set()
    for holding in holdings:
        if holding.joint_group is not None:
            if holding.joint_group in seen_groups:
                continue
            seen_groups.add(holding.joint_group)
        total += holding.fraction
    return total


def check_total_share(holdings: list[ShareHolding], premise_label: str) -> Fraction:
    """Raise when the open shares of a premise exceed 1; return the total."""
    total = total_share(holdings)
    if total > 1:
        raise ValidationFailed(
            f"Помещение {premise_label}: сумма долей {format_share(total)} больше 1. "
            "Проверьте доли собственников."
        )
    return total
