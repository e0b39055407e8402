"""The first run: whether a base is still blank, so the window offers its setup wizard.

A base is blank while it has neither the organisation's name (none, or only the
placeholder a register import gives) nor a premise. Once the organisation is named
or premises are in, the wizard is not offered again.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsj_desk.services.organization import PLACEHOLDER_ADDRESS, PLACEHOLDER_ORGANIZATION
from tsj_desk.storage.database import database, database_path
from tsj_desk.storage.models import House, Organization, Premise, Setting


@dataclass(frozen=True)
class SetupState:
    organization: str  # "" while not named (or named only by a register import's placeholder)
    houses: int  # with an address
    premises: int


def setup_state() -> SetupState:
    org = Organization.select().order_by(Organization.id).first()
    name = org.name if org is not None and org.name != PLACEHOLDER_ORGANIZATION else ""
    houses = House.select().where(House.address != PLACEHOLDER_ADDRESS).count()
    return SetupState(name or "", houses, Premise.select().count())


def needs_setup() -> bool:
    """Whether the base is blank: no organisation name and no premises (asked at every
    start: a named organisation answers at once, premises by whether there is one)."""
    org = Organization.select().order_by(Organization.id).first()
    if org is not None and org.name and org.name != PLACEHOLDER_ORGANIZATION:
        return False
    return not Premise.select().exists()


def base_key() -> str:
    """What tells this base from others in the window's settings: its id, else its file."""
    row = Setting.get_or_none(Setting.key == "base.id")
    return row.value if row is not None and row.value else str(database_path() or database.obj)
