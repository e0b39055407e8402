"""The production calendar and the request categories as the user configured them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.deadlines import (
    CategoryRule,
    DayKind,
    default_category,
    validate_rule_change,
)
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import CalendarOverride, RequestCategory


def production_calendar() -> ProductionCalendar:
    """The Russian production calendar with the user's overrides from the database."""
    overrides = {}
    notes = {}
    for row in CalendarOverride.select():
        overrides[row.day] = row.working
        if row.note:
            notes[row.day] = row.note
    return ProductionCalendar(overrides, notes=notes)


@dataclass(frozen=True)
class OverrideInfo:
    day: date
    working: bool
    note: str


def list_overrides() -> list[OverrideInfo]:
    return [OverrideInfo(o.day, o.working, o.note)
            for o in CalendarOverride.select().order_by(CalendarOverride.day)]


def set_override(day: date, working: bool, note: str = "", *, now: datetime) -> int:
    """Make ``day`` a working day or a day off (a regional holiday, a new decree).

    The deadlines of open requests move with the calendar, in the same transaction;
    returns how many moved.
    """
    with database.atomic():
        before = production_calendar()
        CalendarOverride.delete().where(CalendarOverride.day == day).execute()
        CalendarOverride.create(day=day, working=working, note=note.strip())
        audit.record("set", "calendar", None, now=now, day=day, working=working, note=note)
        return _move_deadlines(before, now)


def remove_override(day: date, *, now: datetime) -> int:
    """Give ``day`` back to the production calendar; returns how many deadlines moved."""
    with database.atomic():
        before = production_calendar()
        CalendarOverride.delete().where(CalendarOverride.day == day).execute()
        audit.record("remove", "calendar", None, now=now, day=day)
        return _move_deadlines(before, now)


def _move_deadlines(before: ProductionCalendar, now: datetime) -> int:
    from tsj_desk.services.journal import recalculate_open_deadlines

    return recalculate_open_deadlines(before, production_calendar(), now=now)


def _rule(row: RequestCategory) -> CategoryRule:
    return CategoryRule(row.code, row.label, row.amount, DayKind(row.kind), row.basis,
                        row.shift_to_working_day, row.note)


def category_rules() -> list[CategoryRule]:
    return [_rule(r) for r in RequestCategory.select().order_by(RequestCategory.position)]


def category_rule(code: str) -> CategoryRule:
    row = RequestCategory.get_or_none(RequestCategory.code == code)
    if row is None:
        codes = ", ".join(r.code for r in RequestCategory.select().order_by(RequestCategory.position))
        raise NotFound(f"Нет категории обращений с кодом «{code}». Есть: {codes}.")
    return _rule(row)


def update_category(code: str, *, amount: int, kind: DayKind | str, basis: str,
                    shift_to_working_day: bool = True, now: datetime) -> CategoryRule:
    """Change a category's deadline: a contract may shorten it, never lengthen it.

    Requests already registered keep the deadline computed when they came in.
    """
    kind = DayKind(kind)
    if amount < 1:
        raise ValidationFailed("Срок должен быть не меньше 1.")
    default = default_category(code)
    validate_rule_change(default, amount, kind)
    if not basis.strip():
        raise ValidationFailed("Укажите основание срока (норму закона или пункт договора).")
    row = RequestCategory.get(RequestCategory.code == code)
    with database.atomic():
        before = _rule(row)
        row.amount, row.kind, row.basis = amount, kind.value, basis.strip()
        row.shift_to_working_day = shift_to_working_day
        row.save()
        audit.record("edit", "category", row.id, now=now, code=code,
                     before=f"{before.period}, {before.basis}",
                     after=f"{_rule(row).period}, {row.basis}")
    return _rule(row)
