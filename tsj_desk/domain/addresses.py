"""The house address a register file names in its title rows.

Registers are headed «Реестр собственников помещений в многоквартирном доме по адресу:
г. Коломна, ул. Садовая, д. 12» or «… МКД: Московская обл., г. Коломна, ул. Лесная,
д. 5». The address is the text after the colon (or from the first place word: «г.»,
«ул.», «… обл.») up to a date or a parenthesis; it counts only when it names a house
number and a street or a town, so that «Реестр собственников: на 01.11.2026» gives none.
"""

from __future__ import annotations

import re

_AFTER_LABEL = re.compile(r"(?:по\s+адресу|адрес(?:\s+дома|\s+мкд)?|мкд|дом[ау]?)\s*:\s*(.+)$",
                          re.IGNORECASE)
_PLACE_START = re.compile(
    r"([А-ЯЁ][а-яё-]+(?:ая|ий|ой)\s+(?:обл\.|область|край)|\bг\.\s*|\bгород\s|\bпос\.|\bул\.|\bулица\s)",
)
_HOUSE = re.compile(r"(?:\bд\.|\bдом)\s*№?\s*\d", re.IGNORECASE)
_PLACE = re.compile(r"(?:\bг\.|\bгород|\bул\.|\bулица|\bпр-т|\bпр\.|\bпроспект|\bпер\.|\bпереулок"
                    r"|\bш\.|\bшоссе|\bб-р|\bбульвар|\bпос\.|\bпгт|\bобл\.|\bобласть|\bмкр)", re.IGNORECASE)
_TAIL = re.compile(r"\s*(?:\(|\bпо\s+состоянию\b|\bна\s+\d{1,2}\.\d{1,2}\.\d{2,4}|\bот\s+\d{1,2}\.\d{1,2}"
                   r"\.\d{2,4}).*$", re.IGNORECASE)


def address_in_title(text: str) -> str | None:
    """The address named in one title line, or ``None``."""
    line = " ".join(str(text).split())
    if not line:
        return None
    found = _AFTER_LABEL.search(line)
    if found is not None:
        candidate = found.group(1)
    else:
        start = _PLACE_START.search(line)
        if start is None:
            return None
        candidate = line[start.start():]
    candidate = _cut_after_house(_TAIL.sub("", candidate)).strip(" ,.;:«»\"")
    if candidate.endswith((" д", " обл", " г", " ул")):  # the full stop of an abbreviation
        candidate += "."
    if not (_HOUSE.search(candidate) and _PLACE.search(candidate)):
        return None
    return candidate


_HOUSE_PART = re.compile(r"^\s*(?:корп|корпус|к\.|стр|строение|лит|литер|соор|сооружение|блок|секция|вл\.|влад)",
                         re.IGNORECASE)


def _cut_after_house(candidate: str) -> str:
    """«…, д. 7, корп. 2, проводимого в форме …» ends at the house (with its building)."""
    parts = candidate.split(",")
    house = next((i for i, part in enumerate(parts) if _HOUSE.search(part)), None)
    if house is None:
        return candidate
    end = house + 1
    while end < len(parts) and (_HOUSE_PART.match(parts[end]) or _PLACE.search(parts[end])):
        end += 1
    return ",".join(parts[:end])


def address_in_titles(lines: list[str]) -> str | None:
    """The first address named in a file's title rows."""
    for line in lines:
        if address := address_in_title(line):
            return address
    return None
