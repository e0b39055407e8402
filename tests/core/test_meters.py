"""Meters entered in the program: add, edit, replace, archive, the lists, each refusal."""

import json
from datetime import date

import pytest

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.meters import Resource
from tsj_desk.services import meters, readings
from tsj_desk.services.meters import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import AuditEntry, House, Meter, Reading

from tests.conftest import NOW, TODAY


@pytest.fixture
def flats(db, samples):
    """Premises 1–6 and Н-1 of the simple register; flat 1 has a cold-water meter."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    cold = meters.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-100", "1", gis_number="GIS-1",
                                       verified_on=date(2022, 3, 15), interval_years=6,
                                       initial=(12.5, None, None)), now=NOW)
    return {"cold": cold, "house": House.select().first().id}


def test_added_meter_is_listed_with_its_card(flats):
    new = meters.add_meter(MeterInput("ГВС", "ГВ-7", "2", gis_number="GIS-2", model="СГВ-15",
                                      place="ванная", installed_on=date(2020, 1, 10),
                                      verified_on=date(2024, 2, 29), interval_years=4, digits=5,
                                      initial=(3.0, None, None)), now=NOW)
    card = meters.meter_card(new)
    assert (card.premise_number, card.resource, card.serial, card.gis_number, card.model, card.place) == (
        "2", Resource.HOT_WATER, "ГВ-7", "GIS-2", "СГВ-15", "ванная")
    # verified 29.02.2024, every 4 years: 29.02.2028 (a leap year again)
    assert card.next_verification == date(2028, 2, 29)
    assert card.initial == (3.0, None, None)
    assert [m.serial for m in meters.list_meters(premise_number="2")] == ["ГВ-7"]
    assert [m.serial for m in meters.list_meters(house_id=flats["house"])] == ["ХВ-100", "ГВ-7"]
    entry = AuditEntry.select().where(AuditEntry.entity == "meter", AuditEntry.entity_id == new).get()
    assert entry.action == "add" and json.loads(entry.details)["gis_number"] == "GIS-2"


def test_common_house_meter_has_no_premise(flats):
    odpu = meters.add_meter(MeterInput("отопление", "ОДПУ-1", house_id=flats["house"]), now=NOW)
    card = meters.meter_card(odpu)
    assert card.is_common and card.premise_number == "" and card.house_id == flats["house"]
    assert [m.id for m in meters.list_meters(common_only=True)] == [odpu]


@pytest.mark.parametrize(("data", "words"), [
    (MeterInput("ХВС", "хв-100", "3"), "«хв-100» уже есть (в помещении № 1)"),
    (MeterInput("ГВС", "ГВ-1", "3", gis_number="GIS-1"), "«GIS-1» уже указан у счётчика «ХВ-100»"),
    (MeterInput("ХВС", "ХВ-5", "3", tariffs=4), "тарифов от 1 до 3"),
    (MeterInput("ХВС", "ХВ-5", "3", tariffs=0), "тарифов от 1 до 3"),
    (MeterInput("ХВС", "ХВ-5", "3", verified_on=date(2026, 11, 25)), "Дата поверки 25.11.2026 ещё не наступила"),
    (MeterInput("ХВС", "ХВ-5", "77"), "Помещение № 77 не найдено"),
    (MeterInput("пар", "ХВ-5", "3"), "Неизвестный ресурс «пар»"),
    (MeterInput("ХВС", " ", "3"), "Укажите заводской номер"),
    (MeterInput("ХВС", "ХВ-5", ""), "Укажите помещение"),
    (MeterInput("ХВС", "ХВ-5", "3", interval_years=40), "Межповерочный интервал"),
    (MeterInput("ХВС", "ХВ-5", "3", initial=(-1.0, None, None)), "не может быть отрицательным"),
    (MeterInput("ХВС", "ХВ-5", "3", initial=(1.0, 2.0, None)), "нет показания Т2"),
])
def test_each_refusal_says_why_and_adds_nothing(flats, data, words):
    count = Meter.select().count()
    with pytest.raises(ValidationFailed) as caught:
        meters.add_meter(data, now=NOW)
    assert words in caught.value.message
    assert Meter.select().count() == count


def test_same_serial_is_allowed_for_another_resource_or_after_archiving(flats):
    meters.add_meter(MeterInput("ГВС", "ХВ-100", "3"), now=NOW)  # another resource
    meters.archive_meter(flats["cold"], on=date(2026, 11, 1), now=NOW)
    meters.add_meter(MeterInput("ХВС", "ХВ-100", "3"), now=NOW)  # the old one is archived
    assert len(meters.list_meters()) == 2
    # the archived one is corrected later: its serial, shared with an active meter, is no conflict
    data = meters.meter_card(flats["cold"]).as_input()
    data.model = "ВСКМ 90-15"
    assert meters.edit_meter(flats["cold"], data, now=NOW) is True


def test_edit_logs_each_changed_field_before_and_after(flats):
    data = meters.meter_card(flats["cold"]).as_input()
    data.gis_number, data.place = "GIS-9", "кухня"
    assert meters.edit_meter(flats["cold"], data, now=NOW) is True
    card = meters.meter_card(flats["cold"])
    assert (card.gis_number, card.place, card.serial) == ("GIS-9", "кухня", "ХВ-100")
    entry = AuditEntry.select().where(AuditEntry.action == "edit", AuditEntry.entity == "meter").get()
    details = json.loads(entry.details)
    assert details == {"serial": "ХВ-100", "before": {"gis_number": "GIS-1", "place": ""},
                       "after": {"gis_number": "GIS-9", "place": "кухня"}}
    assert meters.edit_meter(flats["cold"], data, now=NOW) is False  # nothing changed, nothing logged
    assert AuditEntry.select().where(AuditEntry.action == "edit").count() == 1


def test_edit_refuses_a_gis_number_of_another_meter_and_keeps_its_own(flats):
    other = meters.add_meter(MeterInput("ГВС", "ГВ-1", "3", gis_number="GIS-3"), now=NOW)
    data = meters.meter_card(other).as_input()
    assert meters.edit_meter(other, data, now=NOW) is False  # its own number is no conflict
    data.gis_number = "GIS-1"
    with pytest.raises(ValidationFailed, match="уже указан у счётчика «ХВ-100»"):
        meters.edit_meter(other, data, now=NOW)
    assert meters.meter_card(other).gis_number == "GIS-3"
    with pytest.raises(NotFound):
        meters.edit_meter(9999, data, now=NOW)


def test_replace_writes_the_final_reading_and_starts_the_new_meter(flats):
    readings.save_entries("2026-10", [(flats["cold"], (40.0, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)
    new = meters.replace_meter(flats["cold"], (42.0, None, None), on=date(2026, 11, 10),
                               new=MeterInput("ХВС", "ХВ-200", gis_number="GIS-5",
                                              initial=(0.5, None, None)), now=NOW)
    old = meters.meter_card(flats["cold"])
    assert old.archived_on == date(2026, 11, 10) and old.replaced_by == new
    card = meters.meter_card(new)
    assert (card.premise_number, card.installed_on, card.initial) == ("1", date(2026, 11, 10), (0.5, None, None))
    final = Reading.get(Reading.meter == flats["cold"], Reading.period == "2026-11")
    assert (float(final.t1), final.source) == (42.0, "final")
    assert [m.serial for m in meters.list_meters(premise_number="1")] == ["ХВ-200"]


def test_replace_refuses_a_final_reading_below_the_last_and_changes_nothing(flats):
    readings.save_entries("2026-10", [(flats["cold"], (40.0, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)
    with pytest.raises(ValidationFailed, match="Конечное показание"):
        meters.replace_meter(flats["cold"], (30.0, None, None), on=date(2026, 11, 10),
                             new=MeterInput("ХВС", "ХВ-200"), now=NOW)
    assert meters.meter_card(flats["cold"]).archived_on is None
    assert [m.serial for m in meters.list_meters(include_archived=True)] == ["ХВ-100"]


def test_replace_of_an_archived_meter_and_in_the_future_are_refused(flats):
    with pytest.raises(ValidationFailed, match="Дата замены 01.12.2026 ещё не наступила"):
        meters.replace_meter(flats["cold"], (42.0, None, None), on=date(2026, 12, 1),
                             new=MeterInput("ХВС", "ХВ-200"), now=NOW)
    meters.archive_meter(flats["cold"], on=date(2026, 11, 1), now=NOW)
    with pytest.raises(ValidationFailed, match="уже снят 01.11.2026"):
        meters.replace_meter(flats["cold"], (42.0, None, None), on=date(2026, 11, 10),
                             new=MeterInput("ХВС", "ХВ-200"), now=NOW)


def test_archive_hides_the_meter_from_the_list_but_keeps_it(flats):
    meters.archive_meter(flats["cold"], on=date(2026, 11, 1), now=NOW, final=(20.0, None, None))
    assert meters.list_meters() == []
    assert [m.archived_on for m in meters.list_meters(include_archived=True)] == [date(2026, 11, 1)]
    assert float(Reading.get(Reading.meter == flats["cold"]).t1) == 20.0
    entry = AuditEntry.select().where(AuditEntry.action == "archive").get()
    assert json.loads(entry.details)["after"] == {"archived_on": "2026-11-01"}
    with pytest.raises(ValidationFailed, match="уже снят 01.11.2026"):
        meters.archive_meter(flats["cold"], on=date(2026, 11, 2), now=NOW)
