"""The organisation and its houses."""

from __future__ import annotations

from dataclasses import dataclass

from tsj_desk.storage.database import database
from tsj_desk.storage.models import House, Organization


@dataclass(frozen=True)
class HouseInfo:
    id: int
    address: str
    organization: str


def ensure_house(address: str | None = None) -> int:
    """The id of the first house, creating an organisation and a house if there is none."""
    house = House.select().order_by(House.id).first()
    if house is not None:
        return house.id
    with database.atomic():
        org = Organization.select().order_by(Organization.id).first()
        if org is None:
            org = Organization.create(name="ТСЖ", kind="ТСЖ")
        return House.create(organization=org, address=address or "Адрес дома не указан").id


def list_houses() -> list[HouseInfo]:
    query = House.select(House, Organization).join(Organization).order_by(House.id)
    return [HouseInfo(h.id, h.address, h.organization.name) for h in query]


def organization_name() -> str:
    org = Organization.select().order_by(Organization.id).first()
    return org.name if org else ""
