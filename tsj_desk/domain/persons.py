"""Owners as persons: individuals (ФИО) and legal entities (name, ОГРН)."""

from __future__ import annotations

import re

from tsj_desk.domain.text import clean_cell, fold

_LEGAL_FORMS = (
    "ооо", "ао", "пао", "зао", "оао", "нао", "гуп", "муп", "фгуп", "гбу", "мбу", "гку",
    "мку", "ано", "нко", "тсж", "жск", "тсн", "ип", "муниципальное образование",
    "городской округ", "российская федерация", "субъект российской федерации",
    "общество с ограниченной ответственностью", "акционерное общество",
    "публичное акционерное общество", "администрация", "комитет", "департамент",
    "министерство", "фонд", "учреждение", "предприятие",
)
_LEGAL_RE = re.compile(
    r"(^|[\s«\"'(])(" + "|".join(re.escape(f) for f in _LEGAL_FORMS) + r")($|[\s»\"')])"
)


def looks_like_legal_entity(name: str) -> bool:
    """ООО «Ромашка», АО «…», «Муниципальное образование …» and the like."""
    return bool(_LEGAL_RE.search(fold(name)))


def ogrn_problem(value: str) -> str | None:
    """None for a valid ОГРН (13 digits) or ОГРНИП (15 digits), else a Russian message."""
    digits = clean_cell(value).replace(" ", "")
    if not digits.isdigit() or len(digits) not in (13, 15):
        return f"ОГРН «{value}» должен состоять из 13 цифр (ОГРНИП — из 15)."
    body, check = int(digits[:-1]), int(digits[-1])
    modulus = 11 if len(digits) == 13 else 13
    if body % modulus % 10 != check:
        return f"ОГРН «{value}»: неверная контрольная цифра — проверьте номер."
    return None


_LETTERS = re.compile(r"[^\W\d_]{2,}")  # a run of two letters or more: a word, not an initial


def normalize_name(name: object) -> str:
    """Trim spaces; «ЕРМОЛАЕВА Вера» → «Ермолаева Вера» (surnames in capitals are normal)."""
    text = clean_cell(name)
    if looks_like_legal_entity(text):
        return text
    words = []
    for word in text.split(" "):
        if len(word) > 1 and word.isupper():  # initials «А.А.» stay as they are
            word = _LETTERS.sub(lambda run: run[0].capitalize(), word)
        words.append(word)
    return " ".join(words)


def split_fio(name: str) -> tuple[str | None, str | None, str | None]:
    """Фамилия, имя, отчество of an individual's full name (extra words go to отчество)."""
    parts = clean_cell(name).split(" ")
    last = parts[0] if parts and parts[0] else None
    first = parts[1] if len(parts) > 1 else None
    patronymic = " ".join(parts[2:]) if len(parts) > 2 else None
    return last, first, patronymic


def person_search_key(name: str, *extra: str | None) -> str:
    """Folded text that case-insensitive Cyrillic search runs over."""
    return " ".join(fold(part) for part in (name, *extra) if part)
