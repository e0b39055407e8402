"""Details of an organisation and a house: ИНН, КПП, ОГРН, bank details, cadastral
numbers checked the way the tax service and the banks check them, and the chairman's
grammatical gender («действующий / действующая на основании …»)."""

from __future__ import annotations

import re

from tsj_desk.domain.persons import ogrn_problem
from tsj_desk.domain.text import clean_cell

ORGANIZATION_KINDS = ("ТСЖ", "ЖСК", "УО")
ORGANIZATION_KIND_LABELS = {
    "ТСЖ": "товарищество собственников жилья",
    "ЖСК": "жилищно-строительный кооператив",
    "УО": "управляющая организация",
}

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def digits_of(value: object) -> str:
    """The number as typed, without spaces: «77 01 234567» → «7701234567»."""
    return re.sub(r"\s+", "", clean_cell(value))


def _check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn_problem(value: object) -> str | None:
    """None for a valid ИНН (10 digits of an organisation, 12 of an individual
    entrepreneur), else a Russian message."""
    digits = digits_of(value)
    if not digits.isdigit() or len(digits) not in (10, 12):
        return f"ИНН «{value}» должен состоять из 10 цифр (у индивидуального предпринимателя — из 12)."
    if len(digits) == 10:
        good = _check(digits, _INN10) == int(digits[9])
    else:
        good = (_check(digits, _INN11) == int(digits[10])
                and _check(digits, _INN12) == int(digits[11]))
    return None if good else f"ИНН «{value}»: неверная контрольная цифра — проверьте номер."


def kpp_problem(value: object) -> str | None:
    digits = digits_of(value)
    if not re.fullmatch(r"\d{4}[\dA-Z]{2}\d{3}", digits):
        return f"КПП «{value}» должен состоять из 9 цифр."
    return None


def bik_problem(value: object) -> str | None:
    digits = digits_of(value)
    if not re.fullmatch(r"\d{9}", digits):
        return f"БИК «{value}» должен состоять из 9 цифр."
    return None


def _account_key_ok(prefix: str, account: str) -> bool:
    """The banks' key of an account: weights 7, 1, 3 over the 23 digits, sum ends in 0."""
    weights = (7, 1, 3) * 8
    return sum(int(d) * w for d, w in zip(prefix + account, weights)) % 10 == 0


def settlement_account_problem(value: object, bik: object = "") -> str | None:
    """Расчётный счёт: 20 digits; with a БИК, its key checked against the bank's."""
    digits, bank = digits_of(value), digits_of(bik)
    if not re.fullmatch(r"\d{20}", digits):
        return f"Расчётный счёт «{value}» должен состоять из 20 цифр."
    if re.fullmatch(r"\d{9}", bank) and not _account_key_ok(bank[-3:], digits):
        return (f"Расчётный счёт «{value}» не сходится с БИК {bank} по контрольному ключу — "
                "проверьте счёт и БИК.")
    return None


def corr_account_problem(value: object, bik: object = "") -> str | None:
    """Корреспондентский счёт: 20 digits starting 301; with a БИК, its key checked."""
    digits, bank = digits_of(value), digits_of(bik)
    if not re.fullmatch(r"301\d{17}", digits):
        return f"Корреспондентский счёт «{value}» должен состоять из 20 цифр и начинаться с 301."
    if re.fullmatch(r"\d{9}", bank) and not _account_key_ok("0" + bank[4:6], digits):
        return (f"Корреспондентский счёт «{value}» не сходится с БИК {bank} по контрольному ключу — "
                "проверьте счёт и БИК.")
    return None


def organization_ogrn_problem(value: object) -> str | None:
    return ogrn_problem(str(value))


def email_problem(value: object) -> str | None:
    text = clean_cell(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        return f"Адрес электронной почты «{value}» записан неверно (нужен вид name@example.ru)."
    return None


_CADASTRAL = re.compile(r"\d{2}:\d{2}:\d{6,7}:\d{1,}")


def cadastral_problem(value: object) -> str | None:
    """Кадастровый номер: «77:01:0001001:1001» (округ:район:квартал:номер)."""
    if not _CADASTRAL.fullmatch(digits_of(value)):
        return (f"Кадастровый номер «{value}» записан неверно: нужен вид 77:01:0001001:1001 "
                "(цифры через двоеточие).")
    return None


_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def fias_problem(value: object) -> str | None:
    """The house's code in ФИАС / ГАР: a GUID (ФИАС) or the object's number in ГАР."""
    text = digits_of(value)
    if _GUID.fullmatch(text) or re.fullmatch(r"\d{1,19}", text):
        return None
    return (f"Код ФИАС/ГАР «{value}» записан неверно: нужен идентификатор вида "
            "0c5b2444-70a0-4932-980c-b4dc0d3f02b5 или номер объекта в ГАР (цифры).")


# ---------------------------------------------------------------- the chairman's gender

GENDERS = ("m", "f")


def guess_gender(patronymic: str | None) -> str:
    """«Викторовна», «Кызы» → f; anything else → m (an office corrects it by hand)."""
    text = clean_cell(patronymic).lower()
    return "f" if text.endswith(("вна", "чна", "кызы", "гызы")) else "m"


def acting_word(gender: str) -> str:
    """«действующий» / «действующая» (на основании …)."""
    return "действующая" if gender == "f" else "действующий"
