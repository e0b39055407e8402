"""Owners kept honestly: a person's own details, ТСЖ membership with its dates,
the undo of the last sale of a premise, corrections of mistakes that are not sales,
and the list of members (ЖК РФ ст. 143).

Each function that writes runs in one transaction and appends to the audit log with
the values before and after.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.persons import (
    looks_like_legal_entity,
    normalize_name,
    ogrn_problem,
    person_search_key,
    split_fio,
)
from tsj_desk.domain.phones import normalize_phones
from tsj_desk.domain.premises import PremiseKind
from tsj_desk.domain.register import OwnershipFacts, PremiseFacts
from tsj_desk.domain.requisites import digits_of, email_problem, inn_problem
from tsj_desk.domain.shares import ShareHolding, check_total_share, format_share
from tsj_desk.domain.text import clean_cell, format_date
from tsj_desk.services import audit
from tsj_desk.services.registry import OwnerInput, _joint_group, _open_holdings
from tsj_desk.storage.database import database
from tsj_desk.storage.models import AuditEntry, Ownership, Person, Premise, Request
from tsj_desk.storage.versions import guarded_update

MEMBERS_TITLE = "Реестр членов товарищества собственников жилья"


# ---------------------------------------------------------------- the person


@dataclass
class PersonInput:
    """What the owner card collects about the person (not the share)."""

    name: str
    is_legal: bool = False
    ogrn: str | None = None
    inn: str | None = None
    phone: str | None = None
    email: str | None = None
    postal_address: str | None = None

    def problems(self) -> list[str]:
        found = []
        if not normalize_name(self.name):
            found.append("Укажите ФИО собственника или наименование организации."
                         if not self.is_legal else "Укажите наименование организации.")
        if self.ogrn and (message := ogrn_problem(self.ogrn)):
            found.append(message)
        if self.inn:
            digits = digits_of(self.inn)
            if self.is_legal and len(digits) == 12 and not (self.ogrn and len(digits_of(self.ogrn)) == 15):
                found.append(f"ИНН «{self.inn}»: у организации ИНН из 10 цифр "
                             "(12 — у индивидуального предпринимателя и у гражданина).")
            elif not self.is_legal and digits.isdigit() and len(digits) == 10:
                found.append(f"ИНН «{self.inn}»: у гражданина ИНН из 12 цифр (10 — у организации).")
            elif message := inn_problem(self.inn):
                found.append(message)
        if self.email and (message := email_problem(self.email)):
            found.append(message)
        return found

    def validate(self) -> None:
        if found := self.problems():
            raise ValidationFailed(found[0], found)


@dataclass(frozen=True)
class PersonDetails:
    id: int
    name: str
    is_legal: bool
    ogrn: str | None
    inn: str | None
    phone: str | None
    email: str | None
    postal_address: str | None


def person_details(person_id: int) -> PersonDetails:
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise NotFound("Собственник не найден в реестре.")
    return PersonDetails(person.id, person.name, person.is_legal, person.ogrn, person.inn,
                         person.phone, person.email, person.postal_address)


_PERSON_FIELDS = ("name", "is_legal", "ogrn", "inn", "phone", "email", "postal_address")


def edit_person(person_id: int, data: PersonInput, *, now: datetime) -> None:
    """Edit the person's own details; every premise the person owns shows them."""
    data.validate()
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise NotFound("Собственник не найден в реестре.")
    name = normalize_name(data.name)
    is_legal = data.is_legal or bool(data.ogrn) or looks_like_legal_entity(name)
    before = {field: getattr(person, field) for field in _PERSON_FIELDS}
    after = {"name": name, "is_legal": is_legal,
             "ogrn": digits_of(data.ogrn) or None if data.ogrn else None,
             "inn": digits_of(data.inn) or None if data.inn else None,
             "phone": normalize_phones(data.phone), "email": clean_cell(data.email) or None,
             "postal_address": clean_cell(data.postal_address) or None}
    if after == before:
        return
    with database.atomic():
        for field, value in after.items():
            setattr(person, field, value)
        person.last_name, person.first_name, person.patronymic = (
            (None, None, None) if is_legal else split_fio(name))
        person.search_key = person_search_key(name)
        person.save()
        changed = [field for field in _PERSON_FIELDS if before[field] != after[field]]
        audit.record("edit", "person", person.id, now=now,
                     before={f: before[f] for f in changed}, after={f: after[f] for f in changed})


# ---------------------------------------------------------------- membership


def set_membership(ownership_id: int, member: bool, since: date | None = None,
                   until: date | None = None, *, now: datetime) -> None:
    """ТСЖ membership of the owner of this ownership with its dates (ЖК РФ ст. 143)."""
    ownership = Ownership.get_or_none(Ownership.id == ownership_id)
    if ownership is None:
        raise NotFound("Запись о собственности не найдена.")
    if not member and (since or until):
        since = until = None
    if since and until and until < since:
        raise ValidationFailed(f"Членство не может закончиться ({format_date(until)}) раньше, "
                               f"чем началось ({format_date(since)}).")
    if since and ownership.valid_from and since < ownership.valid_from:
        raise ValidationFailed(f"Член товарищества — собственник: членство не может начаться "
                               f"({format_date(since)}) раньше права собственности "
                               f"({format_date(ownership.valid_from)}).")
    before = {"member": ownership.member, "member_since": ownership.member_since,
              "member_until": ownership.member_until}
    after = {"member": member, "member_since": since, "member_until": until}
    if before == after:
        return
    with database.atomic():
        guarded_update(Ownership, ownership_id, ownership.version, **after)  # not changed meanwhile
        audit.record("edit", "ownership", ownership_id, now=now,
                     premise=ownership.premise.number, owner=ownership.person.name,
                     before=before, after=after)


def save_owner_card(ownership_id: int, person: PersonInput, member: bool,
                    since: date | None = None, until: date | None = None, *,
                    now: datetime) -> None:
    """The owner card's «Сохранить»: the person's details and the membership of this
    ownership together, in one transaction (both checked before anything is written)."""
    ownership = Ownership.get_or_none(Ownership.id == ownership_id)
    if ownership is None:
        raise NotFound("Запись о собственности не найдена.")
    person.validate()
    with database.atomic():
        edit_person(ownership.person_id, person, now=now)
        set_membership(ownership_id, member, since, until, now=now)


@dataclass(frozen=True)
class Membership:
    member: bool
    since: date | None
    until: date | None


def membership(ownership_id: int) -> Membership:
    ownership = Ownership.get_or_none(Ownership.id == ownership_id)
    if ownership is None:
        raise NotFound("Запись о собственности не найдена.")
    return Membership(ownership.member, ownership.member_since, ownership.member_until)


def is_member_on(ownership: Ownership, day: date) -> bool:
    """A member on ``day``: the membership started on or before it and had not ended by it."""
    if not ownership.member:
        return False
    if ownership.member_since is not None and ownership.member_since > day:
        return False
    return ownership.member_until is None or ownership.member_until > day


def member_facts(house_id: int, as_of: date) -> tuple[list[PremiseFacts], list[OwnershipFacts]]:
    """The register facts of one house with only the ownerships whose owner is a member
    of the association on ``as_of``."""
    premises = [PremiseFacts(p.id, p.number, PremiseKind(p.kind), p.area)
                for p in Premise.select().where(Premise.house == house_id)]
    query = (Ownership.select(Ownership, Person).join(Person).switch(Ownership).join(Premise)
             .where(Premise.house == house_id, Ownership.member == True))  # noqa: E712
    ownerships = [
        OwnershipFacts(o.premise_id, o.person.name, o.person.ogrn,
                       Fraction(o.share_num, o.share_den), o.joint_group, o.egrn_number,
                       o.egrn_date, o.valid_from, o.valid_to)
        for o in query if is_member_on(o, as_of)
    ]
    return premises, ownerships


# ---------------------------------------------------------------- undo of a sale


@dataclass(frozen=True)
class TransferInfo:
    """The last sale of a premise that can be considered for undo."""

    audit_id: int
    on: date
    sellers: list[str]
    buyers: list[str]

    @property
    def text(self) -> str:
        return (f"Переход права {format_date(self.on)}: от {', '.join(self.sellers)} "
                f"к {', '.join(self.buyers)}")


def _details(entry: AuditEntry) -> dict:
    try:
        return json.loads(entry.details or "{}")
    except ValueError:
        return {}


def _last_transfer_entry(premise_id: int) -> AuditEntry | None:
    entries = list(AuditEntry.select().where(
        AuditEntry.entity == "premise", AuditEntry.entity_id == premise_id,
        AuditEntry.action.in_(("transfer", "undo_transfer"))).order_by(AuditEntry.id))
    undone = {_details(e).get("transfer") for e in entries if e.action == "undo_transfer"}
    for entry in reversed(entries):
        if entry.action == "transfer" and entry.id not in undone:
            return entry
    return None


def _names(ids: list[int]) -> list[str]:
    by_id = {o.id: o.person.name for o in
             Ownership.select(Ownership, Person).join(Person).where(Ownership.id.in_(ids))}
    return [by_id.get(i, f"запись №{i}") for i in ids]


def last_transfer(premise_id: int) -> TransferInfo | None:
    entry = _last_transfer_entry(premise_id)
    if entry is None:
        return None
    details = _details(entry)
    return TransferInfo(entry.id, date.fromisoformat(str(details["on"])[:10]),
                        _names(details.get("closed", [])), _names(details.get("opened", [])))


def _undo_obstacle(premise: Premise, entry: AuditEntry, closed: list[int], opened: list[int],
                   on: date) -> str | None:
    """Why the sale cannot be undone, or None."""
    rows = {o.id: o for o in Ownership.select(Ownership, Person).join(Person)
            .where(Ownership.id.in_(closed + opened))}
    for oid in opened:
        buyer = rows.get(oid)
        if buyer is None:
            return "запись о праве покупателя уже удалена"
        if buyer.valid_to is not None:
            return (f"право {buyer.person.name} уже прекращено {format_date(buyer.valid_to)} "
                    "следующей сделкой — сначала отмените её")
    for oid in closed:
        seller = rows.get(oid)
        if seller is None:
            return "запись о праве продавца удалена"
        if seller.valid_to != on:
            return f"запись о праве {seller.person.name} изменена после перехода"
    later = (Ownership.select().where(Ownership.premise == premise.id,
                                      Ownership.id > max(opened)).first())
    if later is not None:
        return f"после перехода в помещении записан собственник {later.person.name}"
    persons = [rows[oid].person_id for oid in opened]
    edits = (AuditEntry.select().where(
        AuditEntry.id > entry.id,
        ((AuditEntry.entity == "ownership") & AuditEntry.entity_id.in_(closed + opened))
        | ((AuditEntry.entity == "person") & AuditEntry.entity_id.in_(persons))).first())
    if edits is not None:
        return (f"запись о праве изменена после перехода ({edits.at:%d.%m.%Y}, "
                f"{audit.ACTION_LABELS.get(edits.action, edits.action)})")
    return None


@dataclass(frozen=True)
class UndoneTransfer:
    on: date
    reopened: list[int]
    removed: list[int]


def undo_last_transfer(premise_id: int, *, now: datetime) -> UndoneTransfer:
    """Undo the last sale of a premise: the buyers' ownerships it opened are removed and
    the sellers' it closed are open again, in one transaction. Refused when a later
    change depends on it (the buyer sold on, a record edited after the sale)."""
    premise = Premise.get_or_none(Premise.id == premise_id)
    if premise is None:
        raise NotFound("Помещение не найдено.")
    entry = _last_transfer_entry(premise_id)
    if entry is None:
        raise ValidationFailed(f"У помещения {premise.number} нет перехода права, который можно отменить.")
    details = _details(entry)
    closed = [int(i) for i in details.get("closed", [])]
    opened = [int(i) for i in details.get("opened", [])]
    on = date.fromisoformat(str(details["on"])[:10])
    if not closed or not opened:
        raise ValidationFailed("Запись о переходе права неполна: отменить его нельзя.")
    if reason := _undo_obstacle(premise, entry, closed, opened, on):
        raise ValidationFailed(f"Переход права {format_date(on)} не отменён: {reason}.")
    holdings = _open_holdings(premise_id, set(opened)) + [
        ShareHolding(Fraction(o.share_num, o.share_den), o.joint_group)
        for o in Ownership.select().where(Ownership.id.in_(closed))]
    check_total_share(holdings, premise.number)
    with database.atomic():
        buyers = list(Ownership.select(Ownership, Person).join(Person).where(Ownership.id.in_(opened)))
        removed = [{"owner": o.person.name, "share": format_share(
            Fraction(o.share_num, o.share_den), o.joint_group is not None)} for o in buyers]
        Ownership.update(valid_to=None).where(Ownership.id.in_(closed)).execute()
        Ownership.delete().where(Ownership.id.in_(opened)).execute()
        for buyer in buyers:  # a buyer the sale brought into the register leaves it again
            person = buyer.person
            if (not Ownership.select().where(Ownership.person == person).exists()
                    and not Request.select().where(Request.person == person).exists()):
                person.delete_instance()
        audit.record("undo_transfer", "premise", premise.id, now=now, premise=premise.number,
                     transfer=entry.id, on=on, before={"opened": removed},
                     after={"reopened": _names(closed)})
    return UndoneTransfer(on, closed, opened)


# ---------------------------------------------------------------- correction


def _snapshot(o: Ownership) -> dict:
    return {"name": o.person.name,
            "share": format_share(Fraction(o.share_num, o.share_den), o.joint_group is not None),
            "egrn_number": o.egrn_number, "egrn_date": o.egrn_date}


def correct_ownership(ownership_id: int, owner: OwnerInput, *, now: datetime, reason: str) -> None:
    """Correct a mistake in a record (a wrong owner, a wrong share, a typo in a name)
    in place: not a sale, the premise history shows it as a correction.

    A changed name corrects the person; when that person also owns elsewhere, the
    record gets a person of its own (a wrong owner here is not renamed everywhere).
    """
    reason = clean_cell(reason)
    if not reason:
        raise ValidationFailed("Укажите, в чём была ошибка: причина исправления записывается в журнал.")
    owner.validate()
    ownership = Ownership.get_or_none(Ownership.id == ownership_id)
    if ownership is None:
        raise NotFound("Запись о собственности не найдена.")
    premise = ownership.premise
    group = _joint_group(premise, owner)
    if ownership.valid_to is None:
        check_total_share(_open_holdings(premise.id, {ownership_id})
                          + [ShareHolding(owner.fraction, group)], premise.number)
    before = _snapshot(ownership)
    name = normalize_name(owner.name)
    with database.atomic():
        person = ownership.person
        if owner.person_id is not None and owner.person_id != person.id:
            person = Person.get_or_none(Person.id == owner.person_id)
            if person is None:
                raise NotFound("Выбранный собственник не найден в реестре.")
        elif name != person.name:
            elsewhere = Ownership.select().where(Ownership.person == person,
                                                 Ownership.id != ownership_id).exists()
            is_legal = bool(owner.ogrn) or looks_like_legal_entity(name)
            last, first, patronymic = (None, None, None) if is_legal else split_fio(name)
            if elsewhere:
                person = Person.create(
                    is_legal=is_legal, name=name, last_name=last, first_name=first,
                    patronymic=patronymic, ogrn=owner.ogrn or None, phone=normalize_phones(owner.phone),
                    email=owner.email or None, search_key=person_search_key(name))
            else:
                Person.update(name=name, is_legal=is_legal, last_name=last, first_name=first,
                              patronymic=patronymic, search_key=person_search_key(name),
                              ogrn=owner.ogrn or person.ogrn).where(Person.id == person.id).execute()
        guarded_update(  # refused when another PC changed the record since it was read
            Ownership, ownership_id, ownership.version, person=person,
            share_num=owner.fraction.numerator, share_den=owner.fraction.denominator,
            joint_group=group, egrn_number=owner.egrn_number, egrn_date=owner.egrn_date,
        )
        after = _snapshot(Ownership.get_by_id(ownership_id))
        changed = [key for key in before if before[key] != after[key]]
        audit.record("correct", "ownership", ownership_id, now=now, premise=premise.number,
                     reason=reason, before={k: before[k] for k in changed},
                     after={k: after[k] for k in changed})


# ---------------------------------------------------------------- history notes

_FIELD_WORDS = {"name": "собственник", "share": "доля", "egrn_number": "номер записи ЕГРН",
                "egrn_date": "дата записи ЕГРН"}


@dataclass(frozen=True)
class HistoryNote:
    at: datetime
    user: str
    text: str


def _value(key: str, value: object) -> str:
    if value in (None, ""):
        return "—"
    if key.endswith("date") and isinstance(value, str) and len(value) >= 10:
        return format_date(date.fromisoformat(value[:10]))
    return str(value)


def premise_history_notes(premise_id: int) -> list[HistoryNote]:
    """Corrections and undone sales of a premise, newest first, as the card shows them:
    «Исправлено: доля 1/3 → 1/2 (причина: …)»."""
    ids = [o.id for o in Ownership.select(Ownership.id).where(Ownership.premise == premise_id)]
    corrections = AuditEntry.select().where(
        (AuditEntry.action == "correct") & (AuditEntry.entity == "ownership")
        & AuditEntry.entity_id.in_(ids or [0]))
    undos = AuditEntry.select().where(
        (AuditEntry.action == "undo_transfer") & (AuditEntry.entity == "premise")
        & (AuditEntry.entity_id == premise_id))
    notes = []
    for entry in sorted([*corrections, *undos], key=lambda e: e.id, reverse=True):
        details = _details(entry)
        if entry.action == "correct":
            before, after = details.get("before", {}), details.get("after", {})
            parts = [f"{_FIELD_WORDS.get(k, k)} {_value(k, before.get(k))} → {_value(k, after.get(k))}"
                     for k in after]
            text = f"Исправлено: {'; '.join(parts) or 'без изменений'} (причина: {details.get('reason', '')})"
        else:
            on = _value("on_date", details.get("on"))
            reopened = ", ".join(details.get("after", {}).get("reopened", []))
            text = f"Отменён переход права {on}: собственник снова {reopened}"
        notes.append(HistoryNote(entry.at, entry.user, text))
    return notes
