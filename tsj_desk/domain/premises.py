"""Premises: kinds and the natural order of numbers (2 before 10, Н1 after flats)."""

from __future__ import annotations

import re
from enum import Enum

from tsj_desk.domain.text import clean_cell, fold


class PremiseKind(str, Enum):
    FLAT = "flat"
    NON_RESIDENTIAL = "non_residential"
    PARKING = "parking"

    @property
    def label(self) -> str:
        return PREMISE_KIND_LABELS[self]


PREMISE_KIND_LABELS = {
    PremiseKind.FLAT: "квартира",
    PremiseKind.NON_RESIDENTIAL: "нежилое",
    PremiseKind.PARKING: "машино-место",
}


def parse_premise_kind(value: object, number: str = "") -> PremiseKind | None:
    """Kind from a cell («жилое», «квартира», «нежилое», «м/м»…).

    An empty cell gives None; the caller then guesses from the number
    (``guess_premise_kind``).
    """
    text = fold(clean_cell(value)).replace("ё", "е")
    if not text:
        return None
    compact = text.replace(" ", "").replace("-", "")
    if compact.startswith("нежил") or "нежил" in compact or compact in {"офис", "магазин", "помещение"}:
        return PremiseKind.NON_RESIDENTIAL
    if compact.startswith(("машино", "машиноместо", "м/м", "мм", "парков", "гараж")):
        return PremiseKind.PARKING
    if compact.startswith(("жил", "кварт", "кв", "комнат")):
        return PremiseKind.FLAT
    raise ValueError(text)


def guess_premise_kind(number: str) -> PremiseKind:
    """Н1, Н-2, «пом. 3Н» are non-residential, ММ5 a parking space; digits are flats."""
    folded = fold(number).replace(" ", "")
    if folded.startswith(("мм", "м/м", "м-м")):
        return PremiseKind.PARKING
    if folded.startswith("н") or folded.endswith("н"):
        return PremiseKind.NON_RESIDENTIAL
    return PremiseKind.FLAT


# «квартира 7», «кв. № 5», «Кв-12», «пом.3Н»: the word goes, never the start of another word
_NUMBER_PREFIX = re.compile(r"^(?:(?:квартира|помещение|кв|пом)(?![a-zа-яё])\.?\s*-?\s*)?(?:№\s*)?",
                            re.IGNORECASE)


def normalize_premise_number(value: object) -> str:
    """``1.0`` → ``"1"``, ``" кв. 12 "`` → ``"12"``, ``"н-1"`` → ``"Н-1"``."""
    text = clean_cell(value)
    if text.isdigit():
        return text
    text = _NUMBER_PREFIX.sub("", text)
    return text.strip().upper() if re.search(r"[a-zа-яё]", text) else text.strip()


_CHUNKS = re.compile(r"(\d+)")


def premise_sort_key(number: str) -> tuple:
    """Natural order: flats by number first, then other premises (Н1, ММ1) by number."""
    folded = fold(number)
    starts_with_digit = folded[:1].isdigit()
    parts = tuple(
        (0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk)
        for chunk in _CHUNKS.split(folded)
        if chunk
    )
    return (0 if starts_with_digit else 1, parts)


def premise_sort_text(number: str) -> str:
    """``premise_sort_key`` as text, so that SQL ``ORDER BY`` gives the natural order."""
    folded = fold(number)
    prefix = "0" if folded[:1].isdigit() else "1"
    body = "".join(chunk.zfill(10) if chunk.isdigit() else chunk for chunk in _CHUNKS.split(folded))
    return f"{prefix}{body}"
