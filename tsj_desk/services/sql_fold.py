"""Searching text in SQL in any case, as ``domain.text.fold`` compares in Python.

SQLite's ``LIKE`` and ``lower`` fold ASCII only: «ИВАНОВ» does not match «иванов».
Tables that keep a folded search key (requests, premises, persons) compare it with
``contains``. For text with no stored key (an act's number, date, owner and file),
``contains_any_case`` turns the folded needle into a ``GLOB`` pattern of letter
classes — «иван» is ``*[иИ][вВ][аА][нН]*``, е also matches ё — matched in SQLite's C
code, with no Python call per row.
"""

from __future__ import annotations

import peewee

_GLOB_SPECIAL = "*?["


def escaped(needle: str) -> str:
    """``needle`` for LIKE … ESCAPE '\\': % and _ taken literally."""
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(expr, needle: str) -> peewee.Node:
    """``expr`` holds ``needle`` (both already folded), % and _ taken literally."""
    return peewee.NodeList((expr, peewee.SQL("LIKE"), peewee.Value(f"%{escaped(needle)}%"),
                            peewee.SQL("ESCAPE '\\'")))


def _letter_class(ch: str) -> str:
    variants = {ch, ch.upper(), ch.lower()}
    if ch in "её":
        variants |= {"е", "Е", "ё", "Ё"}
    if len(variants) == 1:
        return f"[{ch}]" if ch in _GLOB_SPECIAL else ch
    return "[" + "".join(sorted(variants)) + "]"


def glob_pattern(needle: str) -> str:
    """A GLOB pattern of text holding ``needle`` (folded) in any case, ё for е."""
    return "*" + "".join(_letter_class(ch) for ch in needle) + "*"


def contains_any_case(expr, needle: str) -> peewee.Node:
    """``expr`` (as written) holds ``needle`` (folded: ``domain.text.fold``) in any case."""
    return peewee.NodeList((expr, peewee.SQL("GLOB"), peewee.Value(glob_pattern(needle))))
