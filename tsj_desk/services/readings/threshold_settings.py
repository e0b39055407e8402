"""The plausibility limits of the readings checks: the defaults, overridden in the settings."""

from __future__ import annotations

from datetime import datetime

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.meters import DEFAULT_THRESHOLDS, Resource, Thresholds
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Setting


def thresholds() -> dict[Resource, Thresholds]:
    """Plausibility limits per resource: the defaults, overridden in the settings."""
    result = dict(DEFAULT_THRESHOLDS)
    for row in Setting.select().where(Setting.key.startswith("threshold.")):
        _, resource, which = row.key.split(".")
        current = result[Resource(resource)]
        value = float(row.value)
        result[Resource(resource)] = (Thresholds(value, current.ceiling) if which == "floor"
                                      else Thresholds(current.floor, value))
    return result


def set_threshold(resource: Resource, *, floor: float, ceiling: float, now: datetime) -> None:
    if floor < 0 or ceiling <= 0:
        raise ValidationFailed("Пороги расхода должны быть положительными.")
    with database.atomic():
        for which, value in (("floor", floor), ("ceiling", ceiling)):
            key = f"threshold.{Resource(resource).value}.{which}"
            Setting.put(key, str(value))
        audit.record("edit", "thresholds", None, now=now, resource=str(resource), floor=floor, ceiling=ceiling)
