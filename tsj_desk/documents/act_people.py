"""Who signs an act: everyone the act names as present, each once.

The signature table of an act is made from its people, not typed again: the
representative of the organisation, the owner (or the applicant), the person whose
premise or act caused the damage, every witness named under «В присутствии», then the
other participants typed in the act's list (a plumber, an engineer). A name given
twice — «Орлова Марина Викторовна» as the representative and «Орлова М. В.» in the
list — signs once, as the list writes him. An act naming nobody keeps its blank rows
for handwriting. A person the act leaves blank (no witness, no culprit typed) is a line
for handwriting in the act's text, so the signature table keeps a row with that role and
no name: whoever is written in by hand has a place to sign.

The city: the act's template prints «г.» before it, so whatever the user typed
(«г. Коломна», «Коломна», «город Коломна») is kept as «Коломна».
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

REPRESENTATIVE = "Представитель исполнителя"
OWNER = "Собственник (пользователь) помещения"
CULPRIT = "Причинитель вреда"
WITNESS = "Присутствовал(а)"

_CITY_PREFIX = re.compile(r"^\s*(?:(?:г|гор|город)\s*\.\s*|(?:г|гор|город)\s+)+", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")


def city_name(text: object) -> str:
    """«г. Коломна», «Г.Коломна», «город Коломна», «г. г. Коломна» → «Коломна»."""
    return _CITY_PREFIX.sub("", " ".join(str(text or "").split()))


def name_key(name: str) -> str:
    """The same person written in full or by initials: «Орлова Марина Викторовна» and
    «Орлова М. В.» both give «орлова мв»; what stands in brackets (кв. 21) is left out."""
    bare = _PARENTHESES.sub(" ", name).replace("ё", "е").replace("Ё", "Е")
    words = [w for w in re.split(r"[\s.]+", bare.casefold()) if w]
    if not words:
        return ""
    return " ".join([words[0], "".join(w[0] for w in words[1:3])]).strip()


def split_names(text: str) -> list[str]:
    """«Сидоров П. А. (кв. 21), Кузнецова Е. В., кв. 19; Миронов» → the three people:
    commas and semicolons outside brackets part people; a part starting with a small
    letter or a digit («кв. 19») belongs to the person before it."""
    parts, depth, current = [], 0, ""
    for char in text or "":
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char in ",;" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    people: list[str] = []
    for part in (" ".join(p.split()) for p in parts):
        if not part:
            continue
        if people and (part[0].islower() or part[0].isdigit()):
            people[-1] = f"{people[-1]}, {part}"
        else:
            people.append(part)
    return people


def _people(values: Mapping, field: str, role: str, blank: Collection[str]) -> list[tuple[str, str | None]]:
    names = split_names(str(values.get(field) or ""))
    if not names and field in blank:
        return [(role, None)]  # a line in the act's text: a row to sign, its name by hand
    return [(role, name) for name in names]


def signers(values: Mapping, blank: Collection[str] = ()) -> list[dict]:
    """The rows of the signature table (``role``, ``name``) of an act's ``values``.

    ``blank``: the fields of people (``culprit``, ``witnesses``) the act prints as a
    line when nobody is typed; each such field left blank keeps its row, with no name,
    in its place. An act naming nobody gives no rows (the template's blank ones)."""
    position = " ".join(str(values.get("rep_position") or "").split())
    named: list[tuple[str, str | None]] = [
        (f"{REPRESENTATIVE}, {position}" if position else REPRESENTATIVE, str(values.get("rep_name") or "")),
    ]
    named += [(OWNER, name) for name in split_names(str(values.get("owner_name") or ""))]
    named += _people(values, "culprit", CULPRIT, blank)
    named += _people(values, "witnesses", WITNESS, blank)
    typed = len(named)
    for item in values.get("participants") or []:
        named.append((str(item.get("role") or ""), str(item.get("name") or "")))
    rows: list[dict] = []
    seen: dict[str, dict] = {}
    for n, (role, name) in enumerate(named):
        if name is None:
            rows.append({"role": role, "name": ""})
            continue
        name = " ".join(name.split())
        key = name_key(name)
        if not key:
            continue
        row = {"role": " ".join(role.split()), "name": name}
        if key in seen:
            if n >= typed:  # the list of participants as typed wins: its role and spelling
                seen[key].update({k: v for k, v in row.items() if v})
            continue
        seen[key] = row
        rows.append(row)
    return rows if seen else []

