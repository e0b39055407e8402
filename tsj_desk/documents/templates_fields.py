"""Template fields: values as printed text, dotted names, the messages about bad fields.

The Russian formatting of values (ДД.ММ.ГГГГ, ЧЧ:ММ, decimal comma), the lookup of
dotted names in the context and the ``TemplateProblem`` a wrong field raises (see
``tsj_desk.documents.templates`` for the syntax and the API).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.text import format_date, format_datetime, format_number

LINE = "________________"
"""A short line for handwriting, the usual ``blank`` of forms printed for signing."""


class TemplateProblem(TsjError):
    """A template cannot be used: unknown or malformed field, missing file.

    ``template`` is the template's file name; ``fields`` the offending fields as
    written (``"{{ lunar_phase }}"``).
    """

    def __init__(self, message: str, template: str = "", fields: Iterable[str] = ()):
        super().__init__(message)
        self.template = template
        self.fields = list(fields)


_MISSING = object()
_LOOP_VAR = "loop"


# --------------------------------------------------------------------------- values


def format_value(value: object) -> str:
    """A context value as printed text (ДД.ММ.ГГГГ, ЧЧ:ММ, decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (Decimal, float)):
        number = Decimal(str(value)).normalize()
        exponent = number.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return format_number(number, places)
    return str(value)


def _malformed_problem(label: str, fields: list[str]) -> TemplateProblem:
    unique = list(dict.fromkeys(fields))
    shown = ", ".join(f"«{field}»" for field in unique[:5])
    if len(unique) == 1:
        message = (
            f"Шаблон «{label}» содержит неправильно записанное поле {shown}. "
            f"Поле записывается как {{{{ имя }}}}: латинские буквы, цифры, «_» и точки "
            f"между двумя парами фигурных скобок. Исправьте шаблон или удалите поле."
        )
    else:
        message = (
            f"Шаблон «{label}» содержит неправильно записанные поля: {shown}. "
            f"Поле записывается как {{{{ имя }}}}: латинские буквы, цифры, «_» и точки "
            f"между двумя парами фигурных скобок. Исправьте шаблон или удалите эти поля."
        )
    return TemplateProblem(message, template=label, fields=unique)


def _unknown_problem(label: str, fields: list[str]) -> TemplateProblem:
    unique = list(dict.fromkeys(fields))
    shown = ", ".join(f"«{field}»" for field in unique[:8])
    if len(unique) > 8:
        shown += f" и ещё {len(unique) - 8}"
    if len(unique) == 1:
        message = (
            f"Шаблон «{label}» содержит неизвестное поле {shown}. "
            f"Исправьте шаблон или удалите поле."
        )
    else:
        message = (
            f"Шаблон «{label}» содержит неизвестные поля: {shown}. "
            f"Исправьте шаблон или удалите эти поля."
        )
    return TemplateProblem(message, template=label, fields=unique)


# --------------------------------------------------------------------------- lookup of values


def _lookup(source: object, path: str) -> object:
    """Follow a dotted path; ``_MISSING`` when a step does not exist, None when one is None."""
    value = source
    for step in path.split("."):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(step, _MISSING)
        else:
            value = getattr(value, step, _MISSING)
        if value is _MISSING:
            return _MISSING
    return value


def _items(value: object, list_path: str) -> list:
    if value is None or value is _MISSING:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"template list {list_path!r} must be a sequence, got {type(value).__name__}")
    return list(value)


# Characters XML 1.0 cannot hold; a vertical tab is Word's line break when pasted.
_NOT_XML = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\ufffe\uffff]")


def _printable(text: str) -> str:
    """Line breaks as ``\\n``; characters a .docx cannot hold dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _NOT_XML.sub("", text)
