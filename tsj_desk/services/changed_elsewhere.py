"""The refusal of a save whose record another PC changed since the card was read
(``storage.versions``), in the office's words: what, where, who and when —
«Обращение 2026-0123 изменено на другом компьютере (Иванова, бухгалтер, 10:42) —
обновите карточку».

Who and when come from the change log: its last entry about the record (the office
user the session named, ``services.users``, and the moment of the save); the user's
role is added from the office users when there is one. A record removed meanwhile
is told as removed.
"""

from __future__ import annotations

import json
from datetime import datetime

import peewee

from tsj_desk.domain.errors import ChangedElsewhere
from tsj_desk.domain.text import format_date

CARD_HINT = "обновите карточку"
TABLE_HINT = "обновите таблицу"

_MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
           "сентябрь", "октябрь", "ноябрь", "декабрь")

# the change log's name of each versioned table (its entries' ``entity``)
_ENTITIES = {"request": "request", "premise": "premise", "ownership": "ownership",
             "meter": "meter", "organization": "organization", "house": "house"}


def period_text(period: str) -> str:
    """«2026-11» → «ноябрь 2026»."""
    try:
        year, month = period.split("-")
        return f"{_MONTHS[int(month) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return period


def refusal(table: str, row_id: object, *, hint: str | None = None,
            now: datetime | None = None) -> ChangedElsewhere:
    """The refusal of a save of ``table``'s row ``row_id``. ``now`` (when known): a
    save of another day is told with its date, one of today by its time only."""
    from tsj_desk.storage import models

    described = _describe(models, table, row_id)
    if described is None:
        subject, removed_word = _generic(table)
        return ChangedElsewhere(f"{subject} {removed_word} на другом компьютере — обновите список",
                                table, row_id)
    subject, changed_word, entry = described
    who = _who_and_when(entry, now) if entry is not None else ""
    text = f"{subject} {changed_word} на другом компьютере{who} — {hint or CARD_HINT}"
    return ChangedElsewhere(text, table, row_id)


def _generic(table: str) -> tuple[str, str]:
    return {
        "request": ("Обращение", "удалено"), "premise": ("Помещение", "удалено"),
        "ownership": ("Запись о собственности", "удалена"), "meter": ("Счётчик", "удалён"),
        "reading": ("Показание", "удалено"),
        "organization": ("Организация", "удалена"), "house": ("Дом", "удалён"),
    }.get(table, ("Запись", "удалена"))


def _describe(models, table: str, row_id: object):
    """(subject, the verb «изменено» agreeing with it, the change log's last entry about
    the record) — None when the record is gone."""
    A = models.AuditEntry
    if table == "request":
        row = models.Request.get_or_none(models.Request.id == row_id)
        return None if row is None else (f"Обращение {row.reg_no}", "изменено", _last(A, "request", row_id))
    if table == "premise":
        row = models.Premise.get_or_none(models.Premise.id == row_id)
        return None if row is None else (f"Помещение {row.number}", "изменено",
                        _last(A, "premise", row_id, also=("ownership", _ownership_ids(models, row_id))))
    if table == "ownership":
        row = (models.Ownership.select(models.Ownership, models.Person, models.Premise)
               .join(models.Person).switch(models.Ownership).join(models.Premise)
               .where(models.Ownership.id == row_id).first())
        if row is None:
            return None
        entry = _last(A, "ownership", row_id, also=("premise", [row.premise_id], ("transfer",)))
        return (f"Запись о собственности ({row.person.name}, помещение {row.premise.number})",
                "изменена", entry)
    if table == "meter":
        row = models.Meter.get_or_none(models.Meter.id == row_id)
        return None if row is None else (f"Счётчик № {row.serial}", "изменён", _last(A, "meter", row_id))
    if table == "reading":
        row = (models.Reading.select(models.Reading, models.Meter).join(models.Meter)
               .where(models.Reading.id == row_id).first())
        if row is None:
            return None
        return (f"Показание счётчика № {row.meter.serial} за {period_text(row.period)}", "изменено",
                _reading_entry(A, row))
    if table == "organization":
        row = models.Organization.get_or_none(models.Organization.id == row_id)
        return None if row is None else ("Реквизиты организации", "изменены", _last(A, "organization", row_id))
    if table == "house":
        row = models.House.get_or_none(models.House.id == row_id)
        return None if row is None else (f"Дом «{row.address}»", "изменён", _last(A, "house", row_id))
    return None


def _ownership_ids(models, premise_id: object) -> list[int]:
    return [oid for (oid,) in models.Ownership.select(models.Ownership.id)
            .where(models.Ownership.premise == premise_id).tuples()]


def _last(A, entity: str, row_id: object, also: tuple | None = None):
    condition = (A.entity == entity) & (A.entity_id == row_id)
    if also is not None:
        other, ids = also[0], list(also[1])
        extra = (A.entity == other) & (A.entity_id.in_(ids)) if ids else None
        if extra is not None and len(also) > 2:
            extra &= A.action.in_(also[2])
        if extra is not None:
            condition |= extra
    return _last_of(A.select().where(condition))


def _last_of(query: peewee.ModelSelect):
    """The newest entry of ``query``."""
    return query.order_by(query.model.id.desc()).first()


def _reading_entry(A, reading):
    """A reading's last save: its import's entry, else the last hand entry of its period."""
    if reading.batch_id is not None:
        entry = _last_of(A.select().where(A.entity == "readings", A.action == "import",
                                          A.entity_id == reading.batch_id))
        if entry is not None:
            return entry
    for entry in (A.select().where(A.entity == "readings", A.action == "enter")
                  .order_by(A.id.desc()).limit(50)):
        try:
            details = json.loads(entry.details or "{}")
        except ValueError:
            continue
        if isinstance(details, dict) and details.get("period") == reading.period:
            return entry
    return None


def _who_and_when(entry, now: datetime | None) -> str:
    from tsj_desk.storage.models import OfficeUser

    who = entry.user or ""
    role = (OfficeUser.select(OfficeUser.role).where(OfficeUser.name == who).scalar() or "").strip()
    if role and role.casefold() != who.casefold():
        who = f"{who}, {role}"
    at = entry.at
    if not isinstance(at, datetime):
        return f" ({who})" if who else ""
    when = f"{at:%H:%M}" if now is None or at.date() == now.date() else f"{format_date(at)} {at:%H:%M}"
    return f" ({who}, {when})" if who else f" ({when})"
