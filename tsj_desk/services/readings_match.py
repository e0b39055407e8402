"""Which meter a row of a readings file is about.

A row names its meter by the number in ГИС ЖКХ or by the serial, with the premise or
the account when it has them, and the resource when the file has that column. The
resource always has to agree: a row for electricity never lands on a cold-water meter
that happens to carry the same serial, and two meters of different resources may share
a serial (the row's resource tells them apart). A row without premise and account (a
file of common-house meters, ОДПУ) is looked for among the meters of the house the
file names: in an «Адрес» column or in the title rows above the table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import peewee

from tsj_desk.domain.meters import Resource
from tsj_desk.domain.text import fold, header_key
from tsj_desk.storage.database import database
from tsj_desk.storage.models import House, Meter, Premise

if TYPE_CHECKING:  # the file readers load when a file is read, not with the readings page
    from tsj_desk.importers.readings import ParsedReadings, ReadingRow

Values = tuple[float | None, float | None, float | None]


@dataclass(slots=True)
class KnownMeter:
    """A meter as the checks of an import see it."""

    id: int
    serial: str
    gis: str | None
    premise: str  # the premise number; "" for a common-house meter
    account: str
    resource: Resource
    tariffs: int
    digits: int | None
    archived_on: date | None
    next_verification: date | None
    initial: Values
    house_id: int | None = None  # the house of its premise, or of a common-house meter
    common: bool = False


def meter_values(t1, t2, t3) -> Values:
    return (None if t1 is None else float(t1), None if t2 is None else float(t2),
            None if t3 is None else float(t3))


def load_meters(house_id: int | None = None, meter_ids: list[int] | None = None) -> list[KnownMeter]:
    """Every meter (of house ``house_id``, when given: its premises' and its common-house
    ones; or those of ``meter_ids``), archived ones too, with its premise and house: one query."""
    query = (Meter.select(Meter.id, Meter.serial, Meter.gis_number, Premise.number, Premise.account,
                          Meter.resource, Meter.tariffs, Meter.digits, Meter.archived_on,
                          Meter.next_verification, Meter.initial_t1, Meter.initial_t2,
                          Meter.initial_t3, Meter.premise, Premise.house, Meter.house)
             .join(Premise, peewee.JOIN.LEFT_OUTER).tuples())
    if house_id is not None:
        # the house's premises by their index, not a pass over every meter of the base
        query = query.where(Meter.premise.in_(Premise.select(Premise.id).where(Premise.house == house_id))
                            | (Meter.house == house_id))
    if meter_ids is not None:
        from tsj_desk.storage.bulk import id_list

        query = query.where(Meter.id.in_(id_list(meter_ids)) if meter_ids else Meter.id.is_null())
    # converted by hand: peewee's per-value conversion costs most of the read for 15,000 meters
    sql, params = query.sql()
    resources = {r.value: r for r in Resource}
    days: dict[object, date | None] = {None: None}

    def day(value) -> date | None:
        found = days.get(value)
        if found is None and value is not None:
            found = days[value] = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return found

    return [KnownMeter(mid, serial, gis, number or "", account or "", resources[resource], tariffs,
                       digits, day(archived), day(next_check), meter_values(i1, i2, i3),
                       premise_house if premise is not None else meter_house, premise is None)
            for (mid, serial, gis, number, account, resource, tariffs, digits, archived, next_check,
                 i1, i2, i3, premise, premise_house, meter_house) in database.execute_sql(sql, params)]


def where_is(meter: KnownMeter) -> str:
    """«помещение 3» or «общедомовой», for messages."""
    return f"помещение {meter.premise}" if meter.premise else "общедомовой"


def _resource_word(resource: Resource) -> str:
    return resource.label.lower()  # «холодная вода», «электроэнергия», «газ»


# said after «счётчик … не найден» when the import creates no meters: the way to have them
CREATE_HINT = ("Чтобы завести новые счётчики из файла, загрузите его с параметром --create-meters "
               "(в окне загрузки — отметка «Создавать неизвестные счётчики»).")


class MeterIndex:
    unknown_hint = ""  # CREATE_HINT when the import creates no meters

    def __init__(self, meters: list[KnownMeter], houses: dict[int, str] | None = None):
        self.by_serial: dict[str, list[KnownMeter]] = defaultdict(list)
        self.by_gis: dict[str, KnownMeter] = {}
        self.meters = meters
        self.houses = houses or {}
        for meter in meters:
            self.by_serial[meter.serial.casefold()].append(meter)
            if meter.gis:
                self.by_gis[meter.gis.casefold()] = meter

    def of_premise(self, row: ReadingRow, house_id: int | None = None) -> list[KnownMeter]:
        """The active meters of the row's premise (by number, else by account), in house
        ``house_id`` when it is known."""
        return [m for m in self.meters if m.archived_on is None
                and (house_id is None or m.house_id == house_id)
                and ((row.premise and m.premise == row.premise) or (not row.premise and m.account == row.account))]

    def active_twins(self, serial: str, resource: Resource) -> list[KnownMeter]:
        """Active meters of ``resource`` with this serial: a new one may not repeat them."""
        return [m for m in self.by_serial.get(serial.casefold(), ())
                if m.resource is resource and m.archived_on is None]

    def other_resources(self, row: ReadingRow) -> list[KnownMeter]:
        """Meters with the row's serial but of another resource."""
        return [m for m in self.by_serial.get(row.serial.casefold(), ())
                if row.resource is not None and m.resource is not row.resource]

    def find(self, row: ReadingRow, house_id: int | None = None) -> tuple[KnownMeter | None, str | None]:
        """The meter of a row, or an error message.

        ``house_id``: the house the row's address (or the file's) names; only that
        house's meters are then the row's — a meter of another house with the same
        serial is not.
        """
        resource = row.resource
        if row.gis:
            meter = self.by_gis.get(row.gis.casefold())
            if meter is not None:
                if resource is not None and meter.resource is not resource:
                    return None, (f"номер в ГИС ЖКХ «{row.gis}» в базе у счётчика «{meter.serial}» — "
                                  f"{_resource_word(meter.resource)} ({where_is(meter)}), а в строке — "
                                  f"{_resource_word(resource)}.")
                return meter, None
            if not row.serial:
                return None, f"счётчик с номером в ГИС ЖКХ «{row.gis}» не найден."
        candidates = self.by_serial.get(row.serial.casefold())
        if not candidates:
            return None, " ".join(filter(None, (f"счётчик «{row.serial}» не найден.", self.unknown_hint)))
        if resource is not None:
            same = [m for m in candidates if m.resource is resource]
            if not same:
                listed = ", ".join(f"{_resource_word(m.resource)} ({where_is(m)})"
                                   for m in sorted(candidates, key=lambda m: (m.resource.order, m.id)))
                which = "счётчик" if len(candidates) == 1 else "счётчики"
                return None, (f"{which} «{row.serial}» в базе — {listed}, а в строке — "
                              f"{_resource_word(resource)}.")
            candidates = same
        placed = bool(row.premise or row.account)
        if house_id is not None:
            here = [m for m in candidates if m.house_id == house_id]
            if not here:
                address = self.houses.get(house_id, "")
                if not placed:
                    lost = f"счётчик «{row.serial}» в доме «{address}» не найден."
                    return None, " ".join(filter(None, (lost, self.unknown_hint)))
                elsewhere = ", ".join(f"{where_is(m)} дома «{self.houses.get(m.house_id, '')}»"
                                      for m in candidates)
                return None, (f"счётчик «{row.serial}» в доме «{address}» не найден: счётчик с этим "
                              f"номером в базе — {elsewhere}.")
            candidates = here
        if len(candidates) == 1:
            return candidates[0], None
        if placed:
            narrowed = [m for m in candidates
                        if (row.premise and m.premise == row.premise)
                        or (row.account and m.account == row.account)]
        else:  # a row of a common-house meter
            narrowed = [m for m in candidates if m.common]
        active = [m for m in narrowed or candidates if m.archived_on is None]
        if len(narrowed) == 1:
            return narrowed[0], None
        if len(active) == 1 and narrowed:
            return active[0], None
        if placed and len({m.house_id for m in narrowed}) > 1:
            return None, (f"счётчики «{row.serial}» есть в нескольких домах: "
                          f"{houses_listed({m.house_id for m in narrowed}, self.houses)}; "
                          f"{ASK_FOR_ADDRESS}.")
        return None, (f"несколько счётчиков с номером «{row.serial}»: укажите помещение "
                      "или лицевой счёт.")


# ---------------------------------------------------------------- the house a file names


ADDRESS_HEADERS = frozenset(header_key(h) for h in (
    "Адрес", "Адрес дома", "Адрес МКД", "Адрес объекта", "Адрес многоквартирного дома",
    "Адрес объекта жилищного фонда"))

# words that only say what kind of place a word of an address is
_ADDRESS_WORDS = frozenset((
    "г", "город", "ул", "улица", "д", "дом", "обл", "область", "край", "р н", "район", "р", "н",
    "пр", "пр т", "т", "проспект", "пер", "переулок", "ш", "шоссе", "б р", "б", "бульвар", "пл",
    "площадь", "наб", "набережная", "мкр", "микрорайон", "пос", "поселок", "пгт", "с", "село",
    "россия", "рф", "российская", "федерация", "адрес", "мкд", "№", "n", "корп", "корпус", "к",
    "стр", "строение", "лит", "литера"))
_POSTCODE = re.compile(r"^\d{6}$")
_FLAT = re.compile(r"[,\s](?:кв|квартира|пом|помещение)\b.*$", re.IGNORECASE)
_MARKS = re.compile(r"[.,;:«»\"'()/\\-]+")


def names_a_premise(address: str) -> bool:
    """«…, д. 5, кв. 12»: the address of a flat, not of a house."""
    return _FLAT.search(" " + fold(address)) is not None


def address_words(address: str) -> frozenset[str]:
    """The words of an address that tell houses apart: town, street, numbers."""
    text = _FLAT.sub("", " " + fold(address))
    words = _MARKS.sub(" ", text).split()
    return frozenset(w for w in words if w not in _ADDRESS_WORDS and not _POSTCODE.match(w))


def house_of_address(address: str, houses: dict[int, str]) -> int | None:
    """The house an address names: its words and the house's agree (one may say more,
    «Московская обл.» or a postcode), the closest of those that do; None when none or
    two equally close houses fit."""
    wanted = address_words(address)
    if not wanted or not any(w[0].isdigit() for w in wanted):
        return None
    fitting = []  # (words that differ, house)
    for house_id, known in houses.items():
        words = address_words(known)
        if words and (wanted <= words or words <= wanted):
            fitting.append((len(words ^ wanted), house_id))
    if not fitting:
        return None
    fitting.sort()
    if len(fitting) > 1 and fitting[0][0] == fitting[1][0]:
        return None  # «ул. Лесная, д. 5» of «… д. 5, корп. 2» and «… д. 5, корп. 3»
    return fitting[0][1]


ASK_FOR_ADDRESS = ("укажите в файле адрес дома (столбец «Адрес» или строка «Адрес: …» над таблицей)")


def houses_listed(ids, houses: dict[int, str]) -> str:
    """«г. Коломна, ул. Лесная, д. 5», «…»: the addresses of these houses, in the base's order."""
    return ", ".join(f"«{address}»" for house_id, address in houses.items() if house_id in ids)


def load_houses() -> dict[int, str]:
    return dict(House.select(House.id, House.address).order_by(House.id).tuples())


class FileHouses:
    """The house each row of a file names: the row's «Адрес» cell, else the address in
    the title rows; and the only house of the base when nothing is named."""

    def __init__(self, parsed: ParsedReadings, houses: dict[int, str]):
        self.houses = houses
        self.file_address = getattr(parsed, "address", None) or ""
        keys = [header_key(c) if isinstance(c, str) else "" for c in parsed.header]
        self.column = next((i for i, key in enumerate(keys) if key in ADDRESS_HEADERS), None)
        self.matched: dict[object, int | None] = {}  # address cell → house

    def address(self, row: ReadingRow) -> str:
        """The address the row (or else the file) names; "" when none."""
        if row.address:  # a 1С line's own address
            return " ".join(row.address.split())
        if self.column is not None and self.column < len(row.cells):
            cell = row.cells[self.column]
            if cell not in (None, "") and str(cell).strip():
                return " ".join(str(cell).split())
        return self.file_address

    def named(self, row: ReadingRow) -> int | None:
        """The house the row's address names, when it names one of the base."""
        cells, column = row.cells, self.column
        cell = row.address or (cells[column] if column is not None and column < len(cells) else None)
        try:  # a file repeats its address on every row: each distinct cell is matched once
            return self.matched[cell]
        except KeyError:
            address = self.address(row)
            found = self.matched[cell] = house_of_address(address, self.houses) if address else None
            return found

    def only(self) -> int | None:
        return next(iter(self.houses)) if len(self.houses) == 1 else None

    def of_premises(self, row: ReadingRow) -> tuple[int | None, str | None]:
        """The house in which the row's premise (or account) is looked for: the one its
        address names, else the only house; ``(None, why)`` when the address names no
        house of several; ``(None, None)`` when several houses and no address (the
        premise decides, if its number is in one house only)."""
        named = self.named(row)
        if named is not None:
            return named, None
        only = self.only()
        if only is not None:
            return only, None
        address = self.address(row)
        if address and self.houses:
            return None, (f"адрес «{address}» не совпадает ни с одним домом базы "
                          f"({houses_listed(self.houses, self.houses)}) — сверьте адрес в файле "
                          "с адресами домов")
        return None, None
