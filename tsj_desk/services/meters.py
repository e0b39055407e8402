"""Meters kept in the program: add, edit, replace, archive and the lists of them.

Each action is one transaction written to the change log with the values before and
after. A meter belongs to a premise, or to a house (a common-house meter, ОДПУ).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

import peewee

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.meters import Resource, fmt, next_verification, parse_resource
from tsj_desk.domain.premises import normalize_premise_number
from tsj_desk.services import audit
from tsj_desk.services.readings.values import Values, _decimal_text
from tsj_desk.storage.database import database
from tsj_desk.storage.models import House, Meter, Premise, Reading
from tsj_desk.storage.versions import expect, guarded_update


@dataclass
class MeterInput:
    resource: Resource | str
    serial: str
    premise_number: str = ""  # empty with house_id set: a common-house meter (ОДПУ)
    house_id: int | None = None  # with premise_number: the house of the premise
    tariffs: int = 1
    gis_number: str = ""
    model: str = ""
    place: str = ""
    installed_on: date | None = None
    verified_on: date | None = None
    interval_years: int | None = None
    digits: int | None = None
    initial: Values = (None, None, None)
    premise_id: int | None = None  # instead of premise_number (the window knows the premise)


@dataclass(frozen=True)
class MeterInfo:
    id: int
    premise_number: str
    account: str
    resource: Resource
    tariffs: int
    serial: str
    gis_number: str
    place: str
    next_verification: date | None
    archived_on: date | None
    is_common: bool
    premise_id: int | None = None
    house_id: int | None = None
    house_address: str = ""
    model: str = ""
    installed_on: date | None = None
    verified_on: date | None = None
    interval_years: int | None = None
    digits: int | None = None
    initial: Values = (None, None, None)
    replaced_by: int | None = None
    version: int = 1  # when read: handed back with a save (storage.versions)

    def as_input(self) -> MeterInput:
        """The card's fields, to edit them."""
        return MeterInput(self.resource, self.serial, self.premise_number,
                          self.house_id if self.is_common else None, self.tariffs, self.gis_number,
                          self.model, self.place, self.installed_on, self.verified_on,
                          self.interval_years, self.digits, self.initial, self.premise_id)


def _float(value) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------- checks


def _resolve_resource(value: Resource | str, problems: list[str]) -> Resource:
    if isinstance(value, Resource):
        return value
    try:
        return Resource(value)
    except ValueError:
        found = parse_resource(value)
        if found is None:
            problems.append(f"Неизвестный ресурс «{value}»: укажите ХВС, ГВС, ЭЭ, газ или отопление.")
            return Resource.COLD_WATER
        return found


def _resolve_place(data: MeterInput, problems: list[str]) -> tuple[Premise | None, int | None]:
    """The premise of the meter, or the house of a common-house meter."""
    if data.premise_id is not None:
        premise = Premise.get_or_none(Premise.id == data.premise_id)
        if premise is None:
            problems.append("Помещение не найдено.")
        return premise, None
    number = normalize_premise_number(data.premise_number) if data.premise_number.strip() else ""
    if not number:
        if data.house_id is None:
            problems.append("Укажите помещение (или дом — для общедомового счётчика).")
        elif House.get_or_none(House.id == data.house_id) is None:
            problems.append(f"Дом № {data.house_id} не найден.")
        return None, data.house_id
    query = Premise.select().where(Premise.number == number)
    if data.house_id is not None:
        query = query.where(Premise.house == data.house_id)
    found = list(query.limit(2))
    if not found:
        problems.append(f"Помещение № {number} не найдено" + (" в этом доме." if data.house_id else "."))
        return None, None
    if len(found) > 1:
        problems.append(f"Помещение № {number} есть в нескольких домах: укажите дом.")
        return None, None
    return found[0], None


def _check(data: MeterInput, *, today: date, meter_id: int | None = None, active: bool = True
           ) -> tuple[Resource, Premise | None, int | None]:
    """Every rule of a meter card; ValidationFailed lists each broken one."""
    problems: list[str] = []
    resource = _resolve_resource(data.resource, problems)
    serial = data.serial.strip()
    gis = data.gis_number.strip()
    if not serial:
        problems.append("Укажите заводской номер счётчика.")
    if data.tariffs not in (1, 2, 3):
        problems.append("Счётчик может быть одно-, двух- или трёхтарифным (тарифов от 1 до 3).")
    if data.digits is not None and not 3 <= data.digits <= 9:
        problems.append("Разрядность счётчика — от 3 до 9 цифр.")
    if data.interval_years is not None and not 1 <= data.interval_years <= 20:
        problems.append("Межповерочный интервал — от 1 до 20 лет.")
    if data.verified_on is not None and data.verified_on > today:
        problems.append(f"Дата поверки {data.verified_on:%d.%m.%Y} ещё не наступила.")
    if data.installed_on is not None and data.installed_on > today:
        problems.append(f"Дата установки {data.installed_on:%d.%m.%Y} ещё не наступила.")
    for index, value in enumerate(data.initial):
        if value is None:
            continue
        if value < 0:
            problems.append(f"Начальное показание Т{index + 1} не может быть отрицательным.")
        elif index >= data.tariffs:
            problems.append(f"У {'одно' if data.tariffs == 1 else 'двух'}тарифного счётчика нет "
                            f"показания Т{index + 1}.")
        elif data.digits is not None and value >= 10 ** data.digits:
            problems.append(f"Начальное показание {fmt(value)} не помещается в {data.digits} "
                            "разрядов счётчика.")
    premise, house_id = _resolve_place(data, problems)
    if serial and active and not problems:  # a meter out of service may share its serial
        others = (Meter.select(Meter.id, Meter.serial, Premise.number)
                  .join(Premise, peewee.JOIN.LEFT_OUTER)
                  .where(Meter.resource == resource.value, Meter.archived_on.is_null()))
        if meter_id is not None:
            others = others.where(Meter.id != meter_id)
        for _, other_serial, number in others.tuples():
            if other_serial.casefold() == serial.casefold():
                where = f"в помещении № {number}" if number else "общедомовой"
                problems.append(f"Счётчик {resource.short} с заводским номером «{serial}» уже есть "
                                f"({where}).")
                break
    if gis:
        others = (Meter.select(Meter.id, Meter.serial, Meter.archived_on)
                  .where(Meter.gis_number == gis))
        if meter_id is not None:
            others = others.where(Meter.id != meter_id)
        other = others.first()
        if other is not None:
            state = f", снят {other.archived_on:%d.%m.%Y}" if other.archived_on else ""
            problems.append(f"Номер в ГИС ЖКХ «{gis}» уже указан у счётчика «{other.serial}»{state}.")
    if problems:
        raise ValidationFailed(problems[0], problems)
    return resource, premise, house_id


def _columns(data: MeterInput, resource: Resource, premise: Premise | None, house_id: int | None) -> dict:
    return dict(
        premise=premise, house=house_id if premise is None else None, resource=resource.value,
        tariffs=data.tariffs, serial=data.serial.strip(), gis_number=data.gis_number.strip() or None,
        model=data.model.strip(), place=data.place.strip(), installed_on=data.installed_on,
        verified_on=data.verified_on, interval_years=data.interval_years,
        next_verification=next_verification(data.verified_on, data.interval_years),
        digits=data.digits, initial_t1=_decimal_text(data.initial[0]),
        initial_t2=_decimal_text(data.initial[1]), initial_t3=_decimal_text(data.initial[2]))


def _logged(columns: dict) -> dict:
    """The columns as the change log keeps them: ids and plain values."""
    result = {}
    for key, value in columns.items():
        if isinstance(value, Premise):
            value = value.number  # the log shows the premise as the office knows it
        elif isinstance(value, Decimal):
            value = str(value.normalize())
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, str) and key.startswith("initial_"):
            value = str(Decimal(value).normalize())
        result[key] = value
    return result


# ---------------------------------------------------------------- actions


def add_meter(data: MeterInput, *, now: datetime) -> int:
    """A new meter of a premise (or a common-house meter); its initial reading."""
    resource, premise, house_id = _check(data, today=now.date())
    columns = _columns(data, resource, premise, house_id)
    with database.atomic():
        meter = Meter.create(**columns)
        audit.record("add", "meter", meter.id, now=now, **_logged(columns))
    return meter.id


def edit_meter(meter_id: int, data: MeterInput, *, now: datetime, version: int | None = None) -> bool:
    """Correct a meter's card; the change log keeps each changed field before and after.
    False when nothing changed. ``version``: the one the card was read at — a meter
    changed since on another PC is refused (``ChangedElsewhere``)."""
    meter = Meter.get_or_none(Meter.id == meter_id)
    if meter is None:
        raise NotFound("Счётчик не найден.")
    expect(meter, version)
    resource, premise, house_id = _check(data, today=now.date(), meter_id=meter_id,
                                         active=meter.archived_on is None)
    if meter.archived_on is not None and premise is not None and premise.id != meter.premise_id:
        raise ValidationFailed("Снятый счётчик нельзя перенести в другое помещение.")
    columns = _columns(data, resource, premise, house_id)
    before_all = _logged({key: getattr(meter, key if key != "house" else "house_id") for key in columns})
    after_all = _logged(columns)
    changed = [key for key in columns if before_all[key] != after_all[key]]
    if not changed:
        return False
    with database.atomic():
        guarded_update(Meter, meter_id, meter.version, **columns)
        audit.record("edit", "meter", meter_id, now=now, serial=meter.serial,
                     before={key: before_all[key] for key in changed},
                     after={key: after_all[key] for key in changed})
    return True


def archive_meter(meter_id: int, *, on: date, now: datetime, final: Values | None = None) -> None:
    """Take a meter out of service (removed, not replaced); with ``final`` its last reading."""
    meter = Meter.get_or_none(Meter.id == meter_id)
    if meter is None:
        raise NotFound("Счётчик не найден.")
    if meter.archived_on is not None:
        raise ValidationFailed(f"Счётчик «{meter.serial}» уже снят {meter.archived_on:%d.%m.%Y}.")
    if on > now.date():
        raise ValidationFailed(f"Дата снятия {on:%d.%m.%Y} ещё не наступила.")
    if meter.installed_on is not None and on < meter.installed_on:
        raise ValidationFailed(f"Дата снятия {on:%d.%m.%Y} раньше даты установки "
                               f"{meter.installed_on:%d.%m.%Y}.")
    with database.atomic():
        if final is not None:
            _final_reading(meter, final, on, today=now.date())
        guarded_update(Meter, meter_id, meter.version, archived_on=on)  # not changed meanwhile
        audit.record("archive", "meter", meter_id, now=now, serial=meter.serial,
                     before={"archived_on": None}, after={"archived_on": on.isoformat()},
                     final=[v for v in final] if final else None)


def _final_reading(meter: Meter, final: Values, on: date, *, today: date) -> None:
    """Check and write the last reading of a meter taken out of service."""
    from tsj_desk.services import readings  # readings imports this module

    period = f"{on.year:04d}-{on.month:02d}"
    result = readings.check_entry(meter.id, period, final, on, today=today)
    if result.errors:
        raise ValidationFailed("Конечное показание: " + result.errors[0][1])
    Reading.insert(meter=meter.id, period=period, taken_on=on, t1=_decimal_text(final[0]),
                   t2=_decimal_text(final[1]), t3=_decimal_text(final[2]), source="final",
                   flagged="").on_conflict(conflict_target=[Reading.meter, Reading.period],
                                           preserve=readings._READING_VALUES).execute()


def replace_meter(old_id: int, final: Values, *, on: date, new: MeterInput, now: datetime) -> int:
    """Replacement: the old meter's final reading, archived; the new one starts from its
    initial reading in the same place. History stays with each meter."""
    old = Meter.get_or_none(Meter.id == old_id)
    if old is None:
        raise NotFound("Счётчик не найден.")
    if old.archived_on is not None:
        raise ValidationFailed(f"Счётчик «{old.serial}» уже снят {old.archived_on:%d.%m.%Y}.")
    if on > now.date():
        raise ValidationFailed(f"Дата замены {on:%d.%m.%Y} ещё не наступила.")
    if final[0] is None:
        raise ValidationFailed(f"Укажите конечное показание счётчика «{old.serial}».")
    new.premise_id = new.premise_id or old.premise_id
    if new.premise_id is None:
        new.house_id = new.house_id or old.house_id
    new.installed_on = new.installed_on or on
    with database.atomic():
        _final_reading(old, final, on, today=now.date())
        # the old meter leaves service first: the new one may carry the same serial
        guarded_update(Meter, old_id, old.version, archived_on=on)  # not changed meanwhile
        new_id = add_meter(new, now=now)
        Meter.update(replaced_by=new_id).where(Meter.id == old_id).execute()
        audit.record("replace", "meter", old_id, now=now, new_meter=new_id, on=on,
                     final=[v for v in final])
    return new_id


# ---------------------------------------------------------------- lists


def list_meters(*, include_archived: bool = False, premise_number: str = "", premise_id: int | None = None,
                house_id: int | None = None, common_only: bool = False,
                meter_id: int | None = None) -> list[MeterInfo]:
    """Meters in the order of premises (common-house ones first), each with its card."""
    query = (Meter.select(Meter.id, Premise.number, Premise.account, Meter.resource, Meter.tariffs,
                          Meter.serial, Meter.gis_number, Meter.place, Meter.next_verification,
                          Meter.archived_on, Meter.premise, Premise.house, Meter.house, Meter.model,
                          Meter.installed_on, Meter.verified_on, Meter.interval_years, Meter.digits,
                          Meter.initial_t1, Meter.initial_t2, Meter.initial_t3, Meter.replaced_by,
                          Meter.version)
             # common-house meters (no premise) first on both engines: PostgreSQL puts NULL last
             .join(Premise, peewee.JOIN.LEFT_OUTER)
             .order_by(Premise.sort_key.asc(nulls="first"), Meter.id))
    if not include_archived:
        query = query.where(Meter.archived_on.is_null())
    if premise_number:
        query = query.where(Premise.number == premise_number)
    if premise_id is not None:
        query = query.where(Meter.premise == premise_id)
    if house_id is not None:
        query = query.where((Premise.house == house_id) | (Meter.house == house_id))
    if common_only:
        query = query.where(Meter.premise.is_null())
    if meter_id is not None:
        query = query.where(Meter.id == meter_id)
    addresses = dict(House.select(House.id, House.address).tuples())
    result = []
    for (mid, number, account, resource, tariffs, serial, gis, place, next_check, archived, premise,
         premise_house, meter_house, model, installed, verified, interval, digits, i1, i2, i3,
         replaced_by, version) in query.tuples():
        house = premise_house if premise is not None else meter_house
        result.append(MeterInfo(
            mid, number or "", account or "", Resource(resource), tariffs, serial, gis or "", place,
            next_check, archived, premise is None, premise, house, addresses.get(house, ""), model,
            installed, verified, interval, digits, (_float(i1), _float(i2), _float(i3)), replaced_by,
            version))
    return result


def house_meter_ids(house_id: int) -> set[int]:
    """The meters of a house: those of its premises and its common-house ones."""
    query = (Meter.select(Meter.id).join(Premise, peewee.JOIN.LEFT_OUTER)
             .where((Premise.house == house_id) | (Meter.house == house_id)))
    return {mid for (mid,) in query.tuples()}


def meter_card(meter_id: int) -> MeterInfo:
    """One meter's card, archived or not."""
    found = list_meters(include_archived=True, meter_id=meter_id)
    if not found:
        raise NotFound("Счётчик не найден.")
    return found[0]


def meter_json(meter: MeterInfo) -> dict:
    """A meter as the command line prints it (``meter list --json``)."""
    data = {f.name: getattr(meter, f.name) for f in fields(meter) if f.name != "version"}
    data["resource"] = meter.resource.value
    data["resource_short"] = meter.resource.short
    for key in ("next_verification", "archived_on", "installed_on", "verified_on"):
        data[key] = data[key].isoformat() if data[key] else None
    data["initial"] = list(meter.initial)
    return data


# ---------------------------------------------------------------- why an imported row found no meter


def why_no_meter(row, *, premise_known: bool, premise_meters: list) -> str | None:
    """With «создавать счётчики» on, why a row of a readings file still found no meter
    and none can be created, or None when the import's own message says it. ``row`` is
    an importers.readings.ReadingRow, ``premise_meters`` the active meters of its
    premise (each with ``serial``, ``gis``, ``resource``)."""
    where = row.premise or row.account
    kind = f" {row.resource.short}" if row.resource else ""
    if row.serial:
        if not where:
            return (f"счётчик «{row.serial}» не найден, а помещение в строке не указано — "
                    "создать его нельзя.")
        return None
    lost = f"счётчик с номером в ГИС ЖКХ «{row.gis}» не найден"
    if not where:
        return (f"{lost}; в строке нет ни заводского номера, ни помещения — создать счётчик нельзя. "
                "Внесите номер в ГИС ЖКХ в карточку счётчика (карточка помещения → «Счётчики»).")
    if not premise_known:
        named = (f"помещение «{row.premise}» не найдено" if row.premise
                 else f"лицевой счёт «{row.account}» не найден")
        return f"{lost}, а {named} в реестре."
    same = [m for m in premise_meters if row.resource is None or m.resource == row.resource]
    if not same:
        return f"{lost}: в помещении {where} нет счётчика{kind}, а без заводского номера создать его нельзя."
    without = [m for m in same if not m.gis]
    if not without:
        numbers = ", ".join(f"«{m.gis}»" for m in same)
        return f"{lost}: у счётчиков{kind} помещения {where} другие номера в ГИС ЖКХ ({numbers})."
    if len(without) == 1:
        return (f"{lost}: нет номера в ГИС ЖКХ у счётчика{kind} «{without[0].serial}» помещения {where} — "
                "внесите его в карточку счётчика.")
    from tsj_desk.domain.text import counted

    many = {2: "два счётчика", 3: "три счётчика", 4: "четыре счётчика"}.get(
        len(without)) or counted(len(without), "счётчик", "счётчика", "счётчиков")
    return (f"{lost}: в помещении {where} {many}{kind} "
            "без номера в ГИС ЖКХ — укажите в файле заводской номер или внесите номер в ГИС ЖКХ "
            "в карточку нужного счётчика.")
