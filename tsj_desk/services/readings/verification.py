"""Meters whose verification ends soon or has ended."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import peewee

from tsj_desk.domain.meters import Resource
from tsj_desk.storage.models import Meter, Premise


@dataclass(frozen=True)
class VerificationDue:
    meter_id: int
    premise_number: str
    owners: str
    resource: Resource
    serial: str
    next_verification: date
    days_left: int


def verification_due(*, today: date, within_days: int = 60) -> list[VerificationDue]:
    """Meters whose verification ends within ``within_days`` or has ended."""
    from datetime import timedelta

    from tsj_desk.storage.models import Ownership, Person

    limit = today + timedelta(days=within_days)
    owners: dict[int, list[str]] = defaultdict(list)
    for premise_id, name in (Ownership.select(Ownership.premise, Person.name).join(Person)
                             .where(Ownership.valid_to.is_null()).tuples()):
        owners[premise_id].append(name)
    query = (Meter.select(Meter.id, Meter.premise, Premise.number, Meter.resource, Meter.serial,
                          Meter.next_verification)
             .join(Premise, peewee.JOIN.LEFT_OUTER)
             .where(Meter.archived_on.is_null(), Meter.next_verification.is_null(False),
                    Meter.next_verification <= limit)
             .order_by(Meter.next_verification).tuples())
    return [VerificationDue(mid, number or "ОДПУ", "; ".join(owners.get(pid, [])), Resource(res),
                            serial, due, (due - today).days)
            for mid, pid, number, res, serial, due in query]
