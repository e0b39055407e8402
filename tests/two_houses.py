"""A managing organisation with two houses, built through the services as an office would.

Лесная, 5: flats 1, 2, 3; a cold-water meter in flat 1, a hot-water one in flat 2 and a
common-house heat meter; two requests about flat 3.
Садовая, 12: flats 1 and 4; a cold-water meter in flat 1 and a common-house cold-water
meter; one request about flat 4.
One more request names no premise (it belongs to no house).
"""

from __future__ import annotations

from datetime import datetime

from tsj_desk.domain.meters import Resource
from tsj_desk.services import journal, meters, organization, premises
from tsj_desk.services.meters import MeterInput

NOW = datetime(2026, 11, 24, 12, 0)
LESNAYA = "г. Коломна, ул. Лесная, д. 5"
SADOVAYA = "г. Коломна, ул. Садовая, д. 12"


def _request(premise_number: str, text: str, received: datetime) -> str:
    return journal.register_request(journal.RequestInput(
        category="maintenance", received_at=received, applicant="Петров Пётр",
        text=text, premise_number=premise_number), now=NOW)


def build_two_houses() -> dict[str, int]:
    """The two houses above; returns their ids by street ("lesnaya", "sadovaya")."""
    organization.save_organization({"kind": "УО", "name": "ООО «УК Коломна»"}, now=NOW)
    lesnaya = organization.add_house({"address": LESNAYA}, now=NOW).id
    sadovaya = organization.add_house({"address": SADOVAYA}, now=NOW).id
    for number in ("1", "2", "3"):
        premises.add_premise(lesnaya, {"number": number}, now=NOW)
    for number in ("1", "4"):
        premises.add_premise(sadovaya, {"number": number}, now=NOW)
    meters.add_meter(MeterInput(Resource.COLD_WATER, "Л-ХВ-1", "1", house_id=lesnaya), now=NOW)
    meters.add_meter(MeterInput(Resource.HOT_WATER, "Л-ГВ-2", "2", house_id=lesnaya), now=NOW)
    meters.add_meter(MeterInput(Resource.HEAT, "Л-ОДПУ", house_id=lesnaya), now=NOW)
    meters.add_meter(MeterInput(Resource.COLD_WATER, "С-ХВ-1", "1", house_id=sadovaya), now=NOW)
    meters.add_meter(MeterInput(Resource.COLD_WATER, "С-ОДПУ", house_id=sadovaya), now=NOW)
    _request("3", "Течёт кран на кухне", datetime(2026, 11, 2, 10, 0))
    _request("3", "Не закрывается окно в подъезде", datetime(2026, 11, 3, 10, 0))
    _request("4", "Нет горячей воды", datetime(2026, 11, 4, 10, 0))
    _request("", "Когда покрасят детскую площадку?", datetime(2026, 11, 5, 10, 0))
    return {"lesnaya": lesnaya, "sadovaya": sadovaya}
