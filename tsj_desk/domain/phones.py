"""Russian phone numbers as one form, +7XXXXXXXXXX, the one a telephony service dials.

People write a phone a dozen ways: «8 (916) 123-45-67», «+7 916 1234567», «7-916-123-45-67»,
«9161234567», «(495) 123-45-67 доб. 12». Each is ten digits after the country code 7
(or the trunk prefix 8): those are written as +7 and the ten digits. An extension
(«доб. 12», «вн. 12», «ext. 12») is not part of the number dialled: it is kept aside and
written after it, «+74951234567 доб. 12». A cell may hold several phones separated by
commas or semicolons; each is read on its own.

What is not ten digits after 7 or 8 (a six-digit city number without its code, a
foreign number, a typo) is kept exactly as written and flagged: nothing a person
typed is lost, and the card and the register show that it cannot be dialled as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EXTENSION = re.compile(r"\s*[,(]?\s*(?:доб|вн|внутр|ext|extension|x)\.?\s*:?\s*(\d{1,6})\s*\)?\s*$",
                        re.IGNORECASE)
_SEPARATORS = re.compile(r"[;,\n]")
_ONLY_EXTENSION = re.compile(r"^\(?\s*(?:доб|вн|внутр|ext|extension)\b", re.IGNORECASE)
# what may stand between the digits of one number: spaces, brackets, dashes, dots, slashes
_NUMBER_CHARS = re.compile(r"^\+?[\d\s()\-–.\/]+$")
_NON_DIGITS = re.compile(r"\D")
_NORMAL = re.compile(r"\+7[3489]\d{9}")  # already in the normal form: nothing to read


@dataclass(frozen=True)
class Phone:
    """One phone as written and as read."""

    written: str  # the text as the person wrote it (trimmed)
    number: str | None  # +7XXXXXXXXXX, None when the text is not a Russian number
    extension: str = ""  # «доб.» digits, kept aside

    @property
    def valid(self) -> bool:
        return self.number is not None

    @property
    def text(self) -> str:
        """What the base keeps: the normal form (with the extension), or the text as written."""
        if self.number is None:
            return self.written
        return f"{self.number} доб. {self.extension}" if self.extension else self.number


def parse_phone(text: str) -> Phone:
    """Read one phone (no separators inside): ``Phone.number`` is None when it is not one."""
    written = " ".join(str(text).split())
    if _NORMAL.fullmatch(written):
        return Phone(written, written)
    body, extension = written, ""
    if match := _EXTENSION.search(body):
        body, extension = body[:match.start()], match.group(1)
    if not body or not _NUMBER_CHARS.match(body) or "+" in body[1:]:
        return Phone(written, None)
    digits = _NON_DIGITS.sub("", body)
    if body.startswith("+"):
        number = digits[1:] if len(digits) == 11 and digits[0] == "7" else None
    elif len(digits) == 11 and digits[0] in "78":
        number = digits[1:]
    elif len(digits) == 10 and not digits.startswith("89"):  # «8 916 123-45-6»: a digit short
        number = digits
    else:
        number = None
    if number is None or number[0] not in "3489":  # Russian codes: 3xx, 4xx, 8xx, 9xx
        return Phone(written, None)
    return Phone(written, "+7" + number, extension)


def split_phones(text: str | None) -> list[str]:
    """The phones of one cell, as written: separated by commas, semicolons or new lines."""
    if not text:
        return []
    parts: list[str] = []
    for part in (p.strip() for p in _SEPARATORS.split(str(text))):
        if not part:
            continue
        if parts and _ONLY_EXTENSION.match(part):  # «(495) 123-45-67, доб. 12»: the extension of the one before
            parts[-1] = f"{parts[-1]} {part}"
        else:
            parts.append(part)
    return parts


def parse_phones(text: str | None) -> list[Phone]:
    return [parse_phone(part) for part in split_phones(text)]


def normalize_phones(text: str | None) -> str | None:
    """The text the base keeps for a phone cell: every phone read in the normal form,
    those not read as written, joined by «, »; None for an empty cell."""
    return kept_text(parse_phones(text))


def kept_text(phones: list[Phone]) -> str | None:
    """``normalize_phones`` of phones already read."""
    if not phones:
        return None
    return ", ".join(phone.text for phone in phones)


def unreadable_phones(text: str | None) -> list[str]:
    """The phones of a cell that cannot be dialled as written (shown flagged)."""
    return [phone.written for phone in parse_phones(text) if not phone.valid]


def phone_problem(text: str | None) -> str:
    """A Russian sentence naming the phones not in the form +7XXXXXXXXXX; "" when all are."""
    return problem_of(parse_phones(text))


def problem_of(phones: list[Phone]) -> str:
    """``phone_problem`` of phones already read."""
    bad = [phone.written for phone in phones if not phone.valid]
    if not bad:
        return ""
    names = ", ".join(f"«{phone}»" for phone in bad)
    if len(bad) == 1:
        return f"Телефон {names} не распознан (ожидается +7XXXXXXXXXX): сохранён как написан."
    return f"Телефоны {names} не распознаны (ожидается +7XXXXXXXXXX): сохранены как написаны."


# a number inside other words («тел. 8 926 000-11-22, звонить вечером»)
_EMBEDDED = re.compile(r"(?<![\d+])(?:\+\s*7|8|7)?[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)")


def numbers_in_text(text: str | None) -> list[str]:
    """The Russian numbers (+7XXXXXXXXXX) written anywhere in a text, in order."""
    found = []
    for match in _EMBEDDED.finditer(text or ""):
        phone = parse_phone(match.group(0))
        if phone.valid and phone.number not in found:
            found.append(phone.number)
    return found


def first_number(text: str | None) -> str | None:
    """The phone a call list dials: the first mobile one (+79…), else the first readable one;
    a number written among other words is found too («тел. 8 926 000-11-22»)."""
    numbers = [phone.number for phone in parse_phones(text) if phone.valid] or numbers_in_text(text)
    mobile = next((n for n in numbers if n.startswith("+79")), None)
    return mobile or (numbers[0] if numbers else None)
