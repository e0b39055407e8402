"""The owner register (ЖК РФ ст. 45 ч. 3.1): who owns what on a date, and the
arithmetic of areas, shares in common property and votes.

Everything is exact (``Fraction``) and rounded only for display. Votes at a general
meeting are counted as square metres owned (1 m² = 1 vote), the way meeting
protocols under Приказ Минстроя № 44/пр (from 01.09.2025 № 266/пр) count them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from tsj_desk.domain.premises import PremiseKind, premise_sort_key
from tsj_desk.domain.shares import ShareHolding, format_share, total_share

REGISTER_HEADERS = (
    "№ помещения",
    "Вид помещения",
    "Площадь помещения, м²",
    "Собственник",
    "ОГРН",
    "Доля в праве на помещение",
    "Площадь, приходящаяся на долю, м²",
    "Доля в праве на общее имущество, %",
    "Количество голосов",
    "Номер регистрации права",
    "Дата регистрации права",
)

INCOMPLETE_SHARES = "доли не распределены полностью"


@dataclass(frozen=True)
class PremiseFacts:
    id: int
    number: str
    kind: PremiseKind
    area: Decimal | None


@dataclass(frozen=True)
class OwnershipFacts:
    premise_id: int
    owner: str
    ogrn: str | None
    fraction: Fraction
    joint_group: str | None
    egrn_number: str | None
    egrn_date: date | None
    valid_from: date | None
    valid_to: date | None

    def is_open_on(self, day: date) -> bool:
        """Open on ``day``: started on or before it and not ended by it.

        A sale on day D closes the seller's ownership with ``valid_to = D`` and
        opens the buyer's with ``valid_from = D``: on D the buyer owns.
        """
        started = self.valid_from is None or self.valid_from <= day
        ended = self.valid_to is not None and self.valid_to <= day
        return started and not ended


@dataclass(frozen=True)
class RegisterRow:
    premise_number: str
    premise_kind: PremiseKind
    premise_area: Decimal | None
    owner: str
    ogrn: str | None
    fraction: Fraction
    joint_group: str | None
    area_owned: Fraction | None
    common_share: Fraction | None  # a fraction of the whole; ×100 for percent
    votes: Fraction | None
    egrn_number: str | None
    egrn_date: date | None
    incomplete: bool

    @property
    def joint(self) -> bool:
        return self.joint_group is not None

    @property
    def share_text(self) -> str:
        return format_share(self.fraction, self.joint)


def area_owned(premise_area: Decimal | None, fraction: Fraction) -> Fraction | None:
    if premise_area is None:
        return None
    return Fraction(premise_area) * fraction


def house_area(premises: list[PremiseFacts]) -> Fraction:
    """Sum of the areas of all premises of the house (the base of common-property shares)."""
    return sum((Fraction(p.area) for p in premises if p.area is not None), Fraction(0))


def build_register(
    premises: list[PremiseFacts], ownerships: list[OwnershipFacts], as_of: date
) -> list[RegisterRow]:
    """Rows of the register of one house as of ``as_of``: one row per open ownership.

    Premises without an open ownership are listed with an empty owner so that the
    register shows every premise. Joint co-owners each get a row with the joint
    holding's area and votes (they vote together); ``register_totals`` counts a
    joint holding once.
    """
    total_area = house_area(premises)
    by_premise: dict[int, list[OwnershipFacts]] = {}
    for ownership in ownerships:
        if ownership.is_open_on(as_of):
            by_premise.setdefault(ownership.premise_id, []).append(ownership)

    rows: list[RegisterRow] = []
    for premise in sorted(premises, key=lambda p: premise_sort_key(p.number)):
        current = by_premise.get(premise.id, [])
        holdings = [ShareHolding(o.fraction, o.joint_group) for o in current]
        incomplete = total_share(holdings) < 1
        if not current:
            rows.append(
                RegisterRow(premise.number, premise.kind, premise.area, "", None, Fraction(0),
                            None, None, None, None, None, None, True)
            )
            continue
        for ownership in sorted(current, key=lambda o: (o.joint_group or "", o.owner)):
            owned = area_owned(premise.area, ownership.fraction)
            share = owned / total_area if owned is not None and total_area else None
            rows.append(
                RegisterRow(
                    premise_number=premise.number,
                    premise_kind=premise.kind,
                    premise_area=premise.area,
                    owner=ownership.owner,
                    ogrn=ownership.ogrn,
                    fraction=ownership.fraction,
                    joint_group=ownership.joint_group,
                    area_owned=owned,
                    common_share=share,
                    votes=owned,
                    egrn_number=ownership.egrn_number,
                    egrn_date=ownership.egrn_date,
                    incomplete=incomplete,
                )
            )
    return rows


@dataclass(frozen=True)
class RegisterTotals:
    premises: int
    owners: int
    house_area: Fraction
    owned_area: Fraction
    votes: Fraction


def register_totals(premises: list[PremiseFacts], rows: list[RegisterRow]) -> RegisterTotals:
    """Totals of a register: a joint holding's area and votes count once."""
    owned = Fraction(0)
    seen_joint: set[tuple[str, str]] = set()
    owners = 0
    for row in rows:
        if not row.owner:
            continue
        owners += 1
        if row.area_owned is None:
            continue
        if row.joint:
            key = (row.premise_number, row.joint_group)
            if key in seen_joint:
                continue
            seen_joint.add(key)
        owned += row.area_owned
    return RegisterTotals(len(premises), owners, house_area(premises), owned, owned)
