"""How the readings screens write periods, values, consumption and counts."""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QCoreApplication

from tsj_desk.domain.meters import Resource, fmt
from tsj_desk.domain.text import counted

Values = tuple[float | None, float | None, float | None]

MONTHS = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь",
          "Октябрь", "Ноябрь", "Декабрь")

SOURCE_LABELS = {
    "manual": "вручную",
    "phone": "по телефону",
    "excel": "из файла",
    "gis": "ГИС ЖКХ",
    "final": "конечное (замена)",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Readings", text)


def period_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def period_of(day: date) -> str:
    return period_key(day.year, day.month)


def period_text(period: str | None) -> str:
    """``"2026-11"`` → «11.2026»."""
    if not period:
        return ""
    return f"{period[5:7]}.{period[:4]}"


def last_day(period: str) -> date:
    year, month = int(period[:4]), int(period[5:7])
    return date(year, month, calendar.monthrange(year, month)[1])


def default_taken_on(period: str, today: date) -> date:
    """The reading date offered for a period: today, or the period's last day if it is over."""
    return min(today, last_day(period))


def values_text(values: Values | None, tariffs: int) -> str:
    """«2616,778»; «10450 / 5120» for a two-tariff meter."""
    if values is None:
        return ""
    shown = [fmt(v) if v is not None else "—" for v in values[:tariffs]]
    return " / ".join(shown)


def consumption_text(used: Values, tariffs: int, resource: Resource) -> str:
    """«3,2 м³»; «450 / 1120 кВт·ч» per tariff; empty when nothing was computed."""
    spent = list(used[:tariffs])
    if all(v is None for v in spent):
        return ""
    return f"{' / '.join(fmt(v) if v is not None else '—' for v in spent)} {resource.unit}"


def sentence(message: str) -> str:
    """A check's message as a sentence of its own: first letter capitalised."""
    return message[:1].upper() + message[1:] if message else message


def meters_text(count: int) -> str:
    return counted(count, "счётчик", "счётчика", "счётчиков")


def readings_text(count: int) -> str:
    return counted(count, "показание", "показания", "показаний")


def rows_text(count: int) -> str:
    return counted(count, "строка", "строки", "строк")


def letters_text(count: int) -> str:
    return counted(count, "письмо", "письма", "писем")


def days_text(count: int) -> str:
    return counted(count, "день", "дня", "дней")
