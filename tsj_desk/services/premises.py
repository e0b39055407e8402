"""Premises of a house entered by hand: add, edit, delete.

A premise's number is unique within its house; its лицевой счёт too. Deleting is
refused while anything refers to the premise (owners or their history, meters and
their readings, requests, acts), with the reason. One transaction each, written to the
change log with the values before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import peewee

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.premises import (
    PremiseKind,
    guess_premise_kind,
    normalize_premise_number,
    parse_premise_kind,
    premise_sort_text,
)
from tsj_desk.domain.requisites import cadastral_problem
from tsj_desk.domain.text import clean_cell, counted, fold, format_number, parse_decimal
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Act, House, Meter, Ownership, Person, Premise, Reading, Request
from tsj_desk.storage.versions import guarded_update, refusal

FIELDS = ("number", "kind", "area", "entrance", "floor", "cadastral_number", "account")
KIND_CODES = {"flat": PremiseKind.FLAT, "nonresidential": PremiseKind.NON_RESIDENTIAL,
              "non_residential": PremiseKind.NON_RESIDENTIAL, "parking": PremiseKind.PARKING}


@dataclass(frozen=True)
class PremiseData:
    id: int | None = None
    house_id: int | None = None
    number: str = ""
    kind: str = PremiseKind.FLAT.value
    area: Decimal | None = None
    entrance: str | None = None
    floor: str | None = None
    cadastral_number: str | None = None
    account: str | None = None
    version: int = 1  # when read: handed back with a save (storage.versions)

    @property
    def kind_label(self) -> str:
        return PremiseKind(self.kind).label


def _data(p: Premise) -> PremiseData:
    return PremiseData(p.id, p.house_id, p.number, p.kind, p.area, p.entrance, p.floor,
                       p.cadastral_number, p.account, p.version)


def premise(premise_id: int) -> PremiseData:
    found = Premise.get_or_none(Premise.id == premise_id)
    if found is None:
        raise NotFound(f"Помещение № {premise_id} не найдено в базе.")
    return _data(found)


def _house(house_id: int) -> House:
    found = House.get_or_none(House.id == house_id)
    if found is None:
        raise NotFound(f"Дом № {house_id} не найден в базе.")
    return found


def find_premise(house_id: int, number: str) -> PremiseData:
    """The premise ``number`` of the house ``house_id`` (NotFound names both)."""
    _house(house_id)
    wanted = normalize_premise_number(number)
    found = Premise.get_or_none((Premise.house == house_id) & (Premise.number == wanted))
    if found is None:
        raise NotFound(f"Помещения № {wanted} в доме № {house_id} нет.")
    return _data(found)


def list_premises(house_id: int | None = None) -> list[PremiseData]:
    query = Premise.select()
    if house_id is not None:
        query = query.where(Premise.house == house_id)
    return [_data(p) for p in query.order_by(Premise.house, Premise.sort_key)]


def parse_kind(value: object) -> PremiseKind:
    """``flat``, ``nonresidential``, ``parking`` or the Russian words («квартира», «нежилое»,
    «машино-место»); ValidationFailed names the choices."""
    text = clean_cell(value)
    if text.lower() in KIND_CODES:
        return KIND_CODES[text.lower()]
    try:
        kind = parse_premise_kind(text)
    except ValueError:
        kind = None
    if kind is None:
        raise ValidationFailed(f"Вид помещения «{text}» неизвестен: укажите квартиру (flat), "
                               "нежилое (nonresidential) или машино-место (parking).")
    return kind


def _values(changes: dict, before: PremiseData, house_id: int, premise_id: int | None) -> dict:
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown premise fields: {sorted(unknown)}")
    problems: list[str] = []
    values = {name: getattr(before, name) for name in FIELDS}
    if "number" in changes:
        values["number"] = normalize_premise_number(changes["number"] or "")
    for name in ("entrance", "floor", "cadastral_number", "account"):
        if name in changes:
            values[name] = clean_cell(changes[name]) or None
    if changes.get("kind"):
        try:
            values["kind"] = parse_kind(changes["kind"]).value
        except ValidationFailed as exc:
            problems.append(exc.message)
    elif premise_id is None:
        values["kind"] = guess_premise_kind(values["number"]).value
    if "area" in changes:
        raw = changes["area"]
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            values["area"] = None
        else:
            area = raw if isinstance(raw, Decimal) else parse_decimal(raw)
            if area is None or area <= 0 or area >= Decimal("100000"):
                problems.append(f"Площадь «{raw}» — не число больше нуля (пример: 52,3).")
            elif area != area.quantize(Decimal("0.01")):
                problems.append(f"Площадь «{raw}»: укажите не больше двух знаков после запятой.")
            else:
                values["area"] = area
    number = values["number"]
    others = Premise.select().where(Premise.house == house_id)
    if premise_id is not None:
        others = others.where(Premise.id != premise_id)
    if not number:
        problems.append("Укажите номер помещения.")
    elif len(number) > 20:
        problems.append(f"Номер помещения «{number}» длиннее 20 знаков.")
    elif others.where(Premise.number == number).exists():
        problems.append(f"Помещение № {number} в этом доме уже есть: номер помещения в доме не повторяется.")
    if values["cadastral_number"] and (problem := cadastral_problem(values["cadastral_number"])):
        problems.append(problem)
    if values["account"]:
        twin = others.where(Premise.account == values["account"]).first()
        if twin is not None:
            problems.append(f"Лицевой счёт {values['account']} уже у помещения № {twin.number} этого дома.")
    if problems:
        raise ValidationFailed(" ".join(problems), problems)
    return values


def _logged(values: dict) -> dict:
    return {k: (format_number(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def _keys(values: dict) -> dict:
    number = values["number"]
    return {"sort_key": premise_sort_text(number), "search_key": fold(f"{number} {values['account'] or ''}")}


def add_premise(house_id: int, changes: dict, *, now: datetime) -> PremiseData:
    """A new premise of the house; ``changes`` holds its fields (number required)."""
    with database.atomic():
        _house(house_id)
        values = _values(changes, PremiseData(house_id=house_id), house_id, None)
        created = Premise.create(house=house_id, **values, **_keys(values))
        audit.record("add", "premise", created.id, now=now, house=house_id, after=_logged(values))
    return premise(created.id)


def edit_premise(premise_id: int, changes: dict, *, now: datetime, version: int | None = None) -> PremiseData:
    """Change the fields given in ``changes``; the others stay. ``version``: the one the
    card was read at — a premise changed since on another PC is refused (``ChangedElsewhere``)."""
    with database.atomic():
        before = premise(premise_id)
        if version is not None and before.version != version:
            raise refusal("premise", premise_id)
        values = _values(changes, before, before.house_id, premise_id)
        old = {name: getattr(before, name) for name in FIELDS}
        changed = {k: v for k, v in values.items() if v != old[k]}
        if changed:
            guarded_update(Premise, premise_id, before.version, **changed, **_keys(values))
            if "number" in changed:  # requests keep the number as written, for the journal
                Request.update(premise_number=values["number"]).where(
                    Request.premise == premise_id).execute()
            audit.record("edit", "premise", premise_id, now=now, house=before.house_id,
                         before=_logged({k: old[k] for k in changed}), after=_logged(changed))
    return premise(premise_id)


def deletion_obstacles(premise_id: int) -> list[str]:
    """Why the premise cannot be deleted, one sentence part each; empty when it can."""
    reasons = []
    owners = [name for (name,) in Ownership.select(Person.name).join(Person)
              .where((Ownership.premise == premise_id) & Ownership.valid_to.is_null())
              .order_by(Ownership.id).tuples()]
    if owners:
        reasons.append(f"у него {counted(len(owners), 'собственник', 'собственника', 'собственников')}"
                       f" ({', '.join(owners)})")
    past = Ownership.select().where((Ownership.premise == premise_id)
                                    & Ownership.valid_to.is_null(False)).count()
    if past:
        reasons.append(f"в истории собственности {counted(past, 'запись', 'записи', 'записей')}")
    meters = Meter.select(Meter.id).where(Meter.premise == premise_id)
    if count := meters.count():
        reasons.append(f"у него {counted(count, 'счётчик', 'счётчика', 'счётчиков')}")
    if count := Reading.select().where(Reading.meter.in_(meters)).count():
        reasons.append(f"по его счётчикам {counted(count, 'показание', 'показания', 'показаний')}")
    if count := Request.select().where(Request.premise == premise_id).count():
        reasons.append(f"по нему {counted(count, 'обращение', 'обращения', 'обращений')}")
    if count := Act.select().where(Act.premise == premise_id).count():
        reasons.append(f"по нему {counted(count, 'акт', 'акта', 'актов')}")
    return reasons


def delete_premise(premise_id: int, *, now: datetime) -> PremiseData:
    """Delete a premise nothing refers to; otherwise ValidationFailed says what does."""
    with database.atomic():
        before = premise(premise_id)
        if reasons := deletion_obstacles(premise_id):
            raise ValidationFailed(f"Помещение № {before.number} нельзя удалить: "
                                   + "; ".join(reasons) + ".", reasons)
        try:
            with database.atomic():
                Premise.delete().where(Premise.id == premise_id).execute()
        except peewee.IntegrityError:  # a record of a kind this check does not know yet
            raise ValidationFailed(f"Помещение № {before.number} нельзя удалить: на него ссылаются "
                                   "другие записи базы.") from None
        audit.record("remove", "premise", premise_id, now=now, house=before.house_id,
                     before=_logged({name: getattr(before, name) for name in FIELDS}))
    return before
