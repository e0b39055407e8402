"""Readings written for people: the register for billing, the walk-round sheet, the
common-meter report."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import peewee

from tsj_desk.domain.meters import Resource, fmt, previous_periods
from tsj_desk.services.readings.entry import entry_sheet
from tsj_desk.services.readings.meter_history import meter_history
from tsj_desk.storage.bulk import id_list
from tsj_desk.storage.models import Meter, Premise


READINGS_REGISTER_HEADERS = ("Лицевой счёт", "№ помещения", "Ресурс", "Номер счётчика",
                             "Дата снятия", "Т1", "Т2", "Т3", "Расход Т1", "Расход Т2",
                             "Расход Т3",
                             # added at the end: billing programs read the columns above by position
                             "Не к расчёту", "Причина меньшего показания")


def readings_register(period: str) -> list[tuple]:
    """Rows of the readings register for billing: every active meter, a reading or blanks
    (readings_billing: a reading after the verification date is «не к расчёту»)."""
    from tsj_desk.services.readings_billing import register_rows

    return register_rows(period)


def export_readings(period: str, out: str | Path) -> int:
    """The readings register of ``period`` as .xlsx; returns the number of meters listed."""
    from tsj_desk.documents.readings import write_readings_register

    rows = readings_register(period)
    write_readings_register(Path(out), READINGS_REGISTER_HEADERS, rows, period)
    return len(rows)


def walk_sheet(out: str | Path, *, period: str, house_id: int | None = None) -> int:
    """Обходной лист: premise, owner, meter, previous reading, an empty column; of house
    ``house_id`` when given (the house the page shows). The owners are those of the
    meter's own premise: flat 5 of one house never lists the owners of another's flat 5."""
    from tsj_desk.documents.readings import write_walk_sheet
    from tsj_desk.storage.models import Ownership, Person

    owners: dict[int, list[str]] = defaultdict(list)
    query = (Ownership.select(Meter.id, Person.name).join(Premise)
             .join(Meter, on=(Meter.premise == Premise.id))
             .switch(Ownership).join(Person).where(Ownership.valid_to.is_null()))
    if house_id is not None:
        query = query.where(Premise.house == house_id)
    for meter_id, name in query.order_by(Ownership.id).tuples():
        owners[meter_id].append(name)
    lines = entry_sheet(period, house_id=house_id)
    rows = [(line.premise_number or "ОДПУ", "; ".join(owners.get(line.meter_id, [])),
             f"{line.resource.short} № {line.serial}" + (f" ({line.tariffs} т.)" if line.tariffs > 1 else ""),
             " / ".join(fmt(v) for v in (line.previous or ()) if v is not None),
             line.previous_date) for line in lines]
    if house_id is not None:
        write_walk_sheet(Path(out), rows, period)
    else:
        write_walk_sheet(Path(out), _by_house([line.meter_id for line in lines], rows), period)
    return len(rows)


def _by_house(meter_ids: list[int], rows: list[tuple]) -> list[tuple | str]:
    """The sheet of every house of a base of several: house by house, as the round is
    walked, each under its address (flat 5 of one house is told from flat 5 of another).
    A base of one house keeps its plain list."""
    from tsj_desk.storage.models import House

    addresses = dict(House.select(House.id, House.address).order_by(House.id).tuples())
    if len(addresses) < 2:
        return list(rows)
    house_of = {meter_id: premise_house or meter_house for meter_id, premise_house, meter_house in (
        Meter.select(Meter.id, Premise.house, Meter.house).join(Premise, peewee.JOIN.LEFT_OUTER)
        .where(Meter.id.in_(id_list(meter_ids))).tuples())} if meter_ids else {}
    grouped: dict[int | None, list[tuple]] = defaultdict(list)
    for meter_id, row in zip(meter_ids, rows, strict=True):
        grouped[house_of.get(meter_id)].append(row)
    result: list[tuple | str] = []
    for house, address in addresses.items():
        if grouped.get(house):
            result += [address or "Дом без адреса", *grouped.pop(house)]
    for rest in grouped.values():  # a meter of no house (none is made so): kept, at the end
        result += ["Без дома", *rest]
    return result


def common_meter_report(out: str | Path, *, today: date, months: int = 36,
                        house_id: int | None = None) -> int:
    """ОДПУ readings and monthly volumes for up to 3 years (an answer attachment for
    ``utility_info`` requests, ПП 416 п. 34); of house ``house_id`` when given."""
    from tsj_desk.documents.readings import write_common_meter_report

    meters = Meter.select().where(Meter.premise.is_null())
    if house_id is not None:
        meters = meters.where(Meter.house == house_id)
    blocks = []
    first_period = previous_periods(f"{today.year:04d}-{today.month:02d}", months)[-1]
    for meter in meters:
        points = [p for p in meter_history(meter.id, months + 1) if p.period >= first_period]
        blocks.append((f"{Resource(meter.resource).label}, счётчик № {meter.serial}",
                       Resource(meter.resource).unit, points))
    write_common_meter_report(Path(out), blocks, today=today)
    return len(blocks)
