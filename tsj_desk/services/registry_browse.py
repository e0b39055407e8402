"""The owner register read: premises with their owners, a premise's card, owners found by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.premises import PremiseKind
from tsj_desk.domain.shares import ShareHolding, format_share, total_share
from tsj_desk.domain.text import fold
from tsj_desk.storage.models import Ownership, Person, Premise


@dataclass(frozen=True)
class PremiseSummary:
    id: int
    number: str
    kind: PremiseKind
    area: Decimal | None
    account: str | None
    owners: str
    shares: str
    incomplete: bool
    house: str = ""  # the house's address, as the «Дом» choice names it


def list_premises(text: str = "", *, incomplete_only: bool = False,
                  house_id: int | None = None) -> list[PremiseSummary]:
    """Premises with their current owners, in natural number order.

    ``text`` matches the premise number, account or an owner's name, case-insensitive
    in any alphabet (search keys are folded in Python and stored). The register page
    reads the same a page at a time (``services.premise_pages``).
    """
    from tsj_desk.services.premise_pages import PremiseFilter, list_premise_rows

    return list_premise_rows(PremiseFilter(text, incomplete_only, house_id))


def count_premises(house_id: int | None = None) -> int:
    """How many premises the base (or the house ``house_id``) has."""
    query = Premise.select()
    if house_id is not None:
        query = query.where(Premise.house == house_id)
    return query.count()


@dataclass(frozen=True)
class OwnershipInfo:
    id: int
    person_id: int
    owner: str
    is_legal: bool
    ogrn: str | None
    phone: str | None
    email: str | None
    fraction: Fraction
    joint_group: str | None
    egrn_number: str | None
    egrn_date: date | None
    valid_from: date | None
    valid_to: date | None
    member: bool

    @property
    def share_text(self) -> str:
        return format_share(self.fraction, self.joint_group is not None)


@dataclass(frozen=True)
class PremiseCard:
    id: int
    number: str
    kind: PremiseKind
    area: Decimal | None
    account: str | None
    cadastral_number: str | None
    current: list[OwnershipInfo]
    history: list[OwnershipInfo]
    total_share: Fraction


def premise_card(premise_id: int) -> PremiseCard:
    premise = Premise.get_or_none(Premise.id == premise_id)
    if premise is None:
        raise NotFound(f"Помещение №{premise_id} не найдено.")
    infos = [_ownership_info(o) for o in
             Ownership.select(Ownership, Person).join(Person)
             .where(Ownership.premise == premise_id)
             .order_by(Ownership.valid_from.desc(nulls="LAST"), Ownership.id)]
    current = [i for i in infos if i.valid_to is None]
    history = [i for i in infos if i.valid_to is not None]
    total = total_share([ShareHolding(i.fraction, i.joint_group) for i in current])
    return PremiseCard(premise.id, premise.number, PremiseKind(premise.kind), premise.area,
                       premise.account, premise.cadastral_number, current, history, total)


def _ownership_info(o: Ownership) -> OwnershipInfo:
    return OwnershipInfo(
        id=o.id, person_id=o.person.id, owner=o.person.name, is_legal=o.person.is_legal,
        ogrn=o.person.ogrn, phone=o.person.phone, email=o.person.email,
        fraction=Fraction(o.share_num, o.share_den), joint_group=o.joint_group,
        egrn_number=o.egrn_number, egrn_date=o.egrn_date, valid_from=o.valid_from,
        valid_to=o.valid_to, member=o.member,
    )


@dataclass(frozen=True)
class PersonMatch:
    id: int
    name: str
    premises: str


def search_persons(text: str, limit: int = 20) -> list[PersonMatch]:
    """Owners whose name contains ``text``, case-insensitive for Cyrillic."""
    needle = fold(text)
    if not needle:
        return []
    people = (Person.select().where(Person.search_key ** f"%{needle}%")
              .order_by(Person.name).limit(limit))
    result = []
    for person in people:
        numbers = [o.premise.number for o in
                   Ownership.select(Ownership, Premise).join(Premise)
                   .where(Ownership.person == person, Ownership.valid_to.is_null())]
        result.append(PersonMatch(person.id, person.name, ", ".join(numbers)))
    return result
