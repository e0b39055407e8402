"""The outgoing number of an answer as the letter prints it after «Исх. №».

People type the number as they see it on paper: «45», «№ 45», «Исх. 45», «исх. № 45-П».
The letter and the card write «Исх. №» themselves, so the words typed before the
number itself are left out: «Исх. № Исх. 45» never reaches the owner.
"""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^\s*(?:(?:исх(?:одящий)?[.\-]?|№|n\b|no\.|номер)\s*)+", re.IGNORECASE)


def bare_outgoing_no(typed: str) -> str:
    """«Исх. № 45» → «45»; a number with nothing before it stays as typed."""
    text = " ".join((typed or "").split())
    bare = _PREFIX.sub("", text)
    return bare if bare else text


def outgoing_text(number: str) -> str:
    """«исх. № 15» for the card and the registration book, however the number was typed."""
    bare = bare_outgoing_no(number)
    return f"исх. № {bare}" if bare else ""
