"""Meters a readings import creates when «создавать неизвестные счётчики» is on.

A row whose meter is not in the base becomes a new meter of its premise (found by
number or account) or, in a file without premise and account columns, a common-house
meter (ОДПУ) of the house the file names, or of the only house. The card is filled from
the row: resource, tariffs, serial, verification and installation dates, place. One
new meter may have several months in the file — that is its history: it is created
once and every month is checked against the one before, as for a meter already kept.
Until it is written a new meter carries a negative id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from datetime import date

from tsj_desk.domain.errors import RowProblem
from tsj_desk.domain.meters import Resource
from tsj_desk.services.meters import why_no_meter
from tsj_desk.services.readings_match import (
    ASK_FOR_ADDRESS,
    FileHouses,
    KnownMeter,
    MeterIndex,
    houses_listed,
    names_a_premise,
    where_is,
)
from tsj_desk.storage.bulk import insert_rows
from tsj_desk.storage.models import Meter, Premise

if TYPE_CHECKING:  # the file readers load when a file is read, not with the readings page
    from tsj_desk.importers.readings import ReadingRow

CARD_DATES = ("verified_on", "next_verification", "installed_on")


Places = dict[str, list[tuple[int, int]]]  # a premise number or an account → [(house, premise)]


def premises_by_key() -> tuple[Places, Places]:
    """Every premise by its number and by its account, with its house: a number (or an
    account) may be in several houses of the base."""
    by_number: Places = {}
    by_account: Places = {}
    for pid, house, number, account in (Premise.select(Premise.id, Premise.house, Premise.number,
                                                       Premise.account).order_by(Premise.id).tuples()):
        by_number.setdefault(number, []).append((house, pid))
        if account:
            by_account.setdefault(account, []).append((house, pid))
    return by_number, by_account


def premise_words(row: ReadingRow) -> str:
    """«помещение «1»», «лицевой счёт «0003»» or both: what the row names its premise by."""
    named = []
    if row.premise:
        named.append(f"помещение «{row.premise}»")
    if row.account:
        named.append(f"лицевой счёт «{row.account}»")
    return " и ".join(named)


@dataclass(slots=True)
class NewMeter:
    meter: KnownMeter  # what the checks see; its id is negative until it is written
    premise_id: int | None
    house_id: int | None  # the house of a common-house meter
    first_row: int
    declared: int = 0  # the most tariffs a row declares («Количество тарифов»)
    filled: int = 1  # the most tariffs a row has values for
    # card field → (period of the row it came from, value): the newest row's value wins
    card: dict[str, tuple[str, object]] = field(default_factory=dict)
    note: str = ""  # a warning for each of its rows

    def take(self, row: ReadingRow) -> None:
        """What one more row of this meter says of its card."""
        if row.tariffs and row.tariffs > self.declared:
            self.declared = row.tariffs
        filled = max((i + 1 for i, v in enumerate(row.values) if v is not None), default=1)
        if filled > self.filled:
            self.filled = filled
        period = row.period or ""
        for name in (*CARD_DATES, "place"):
            value = getattr(row, name)
            if value and (name not in self.card or period >= self.card[name][0]):
                self.card[name] = (period, value)

    def value(self, name: str):
        found = self.card.get(name)
        return None if found is None else found[1]

    @property
    def tariffs(self) -> int:
        return self.declared if 1 <= self.declared <= 3 else min(self.filled, 3)

    @property
    def interval_years(self) -> int | None:
        """The verification interval, when the two dates are whole years apart."""
        verified, due = self.value("verified_on"), self.value("next_verification")
        if verified is None or due is None:
            return None
        years = due.year - verified.year
        if not 1 <= years <= 20 or (due.month, due.day) != (verified.month, verified.day):
            return None
        return years


class NewMeters:
    """The meters one import would create, found row by row."""

    def __init__(self, index: MeterIndex, houses: FileHouses, premises: tuple[Places, Places],
                 *, common_file: bool):
        self.index, self.houses, self.common_file = index, houses, common_file
        self.by_number, self.by_account = premises
        self.by_key: dict[tuple, NewMeter] = {}

    def __iter__(self):
        return iter(self.by_key.values())

    def take(self, row: ReadingRow, problem: str | None) -> NewMeter | str | None:
        """The new meter of a row whose meter was not found, or why none can be created."""
        placed = bool(row.premise or row.account)
        premise_id, house_of_premise, unknown = self._premise(row) if placed else (None, None, None)
        if row.gis and row.gis.casefold() in self.index.by_gis:
            return problem  # the number is another meter's (of another resource): no new one takes it
        if not row.serial or (not placed and not self.common_file):
            if not row.serial and row.gis and unknown and premise_id is None and house_of_premise is None:
                return f"счётчик с номером в ГИС ЖКХ «{row.gis}» не найден, а {unknown}."
            return why_no_meter(row, premise_known=premise_id is not None,
                                premise_meters=self.index.of_premise(row, house_of_premise)) or problem
        note = ""
        house_id = None
        if placed:
            if premise_id is None:
                return f"счётчик «{row.serial}» не найден, а {unknown}."
        else:
            address = self.houses.address(row)
            if address and names_a_premise(address):
                return (f"счётчик «{row.serial}» не найден, а помещение в файле есть только в адресе "
                        f"«{address}» — создать счётчик нельзя: добавьте столбец «Помещение».")
            house_id, note = self._common_house(row)
            if house_id is None:
                return note
        if not row.resource:
            return f"счётчик «{row.serial}» не найден, а ресурс не указан — создать его нельзя."
        if self.index.active_twins(row.serial, row.resource):
            return problem  # a meter with this number is in service: a second one is not made
        key = (row.serial.casefold(), row.resource, premise_id, house_id)
        new = self.by_key.get(key)
        if new is None:
            others = self.index.other_resources(row)
            if others:
                kinds = ", ".join(f"{m.resource.label.lower()} ({where_is(m)})" for m in others)
                note = " ".join(filter(None, (note, f"с номером «{row.serial}» в базе есть счётчик "
                                                    f"другого ресурса — {kinds}; этот будет отдельным.")))
            meter = KnownMeter(-1 - len(self.by_key), row.serial, None, row.premise, row.account,
                               row.resource, 1, None, None, None, (None, None, None), house_id,
                               not placed)
            new = self.by_key[key] = NewMeter(meter, premise_id, house_id, row.row, note=note)
        new.take(row)
        return new

    def _premise(self, row: ReadingRow) -> tuple[int | None, int | None, str | None]:
        """The premise of a row with a premise number or an account, looked for in the
        house its address names (or the only house): ``(premise, its house, None)``, or
        ``(None, house or None, why not)``. Without an address in a base of several houses
        the number (or account) must be in one house only: never the first one found."""
        house_id, why = self.houses.of_premises(row)
        if why is not None:
            return None, None, why
        for key, places in ((row.premise, self.by_number), (row.account, self.by_account)):
            if not key:
                continue
            found = [(house, pid) for house, pid in places.get(key, ())
                     if house_id is None or house == house_id]
            if len(found) == 1:
                return found[0][1], found[0][0], None
            if len(found) > 1 and house_id is None:
                what = f"помещение {key}" if key == row.premise else f"лицевой счёт «{key}»"
                listed = houses_listed({house for house, _ in found}, self.houses.houses)
                return None, None, f"{what} есть в нескольких домах: {listed}; {ASK_FOR_ADDRESS}"
        several = house_id is not None and len(self.houses.houses) > 1
        where = f" дома «{self.houses.houses[house_id]}»" if several else ""
        missing = "не найдены" if row.premise and row.account else (
            "не найдено" if row.premise else "не найден")
        return None, house_id, f"{premise_words(row)} {missing} в реестре{where}"

    def _common_house(self, row: ReadingRow) -> tuple[int | None, str]:
        """The house of a new common-house meter, and a warning; or None and why not."""
        from tsj_desk.services.organization import PLACEHOLDER_ADDRESS

        named = self.houses.named(row)
        if named is not None:
            return named, ""
        address = self.houses.address(row)
        only = self.houses.only()
        if only is not None:
            known = self.houses.houses[only]
            if address and known != PLACEHOLDER_ADDRESS:
                return only, (f"адрес «{address}» в файле не совпадает с адресом дома «{known}»; "
                              "счётчик будет общедомовым счётчиком этого дома.")
            return only, ""
        if not self.houses.houses:
            return None, (f"счётчик «{row.serial}» не найден, а в базе нет ни одного дома — "
                          "создать общедомовой счётчик нельзя.")
        if address:
            return None, (f"счётчик «{row.serial}» не найден, а дома «{address}» в базе нет — "
                          "создать общедомовой счётчик нельзя: сверьте адрес в файле с адресом дома.")
        return None, (f"счётчик «{row.serial}» не найден, а в базе несколько домов и в файле не указан "
                      "адрес дома — создать общедомовой счётчик нельзя: укажите адрес над таблицей "
                      "(«Адрес: г. …, ул. …, д. …») или в столбце «Адрес».")

    def finish(self) -> None:
        """The card as the checks need it, once every row has been seen."""
        for new in self.by_key.values():
            new.meter.tariffs = new.tariffs
            new.meter.next_verification = new.value("next_verification")

    @staticmethod
    def problems(row: ReadingRow, titles: dict[str, str], today: date) -> tuple[list[RowProblem], list[RowProblem]]:
        """The rules of a meter card applied to what the row says of a new meter:
        (errors, warnings)."""
        errors, warnings = [], []
        if row.tariffs is not None and not 1 <= row.tariffs <= 3:
            errors.append(RowProblem(row.row, titles.get("tariffs"),
                                     f"количество тарифов {row.tariffs}: счётчик может быть одно-, двух- "
                                     "или трёхтарифным."))
        if row.verified_on is not None and row.verified_on > today:
            errors.append(RowProblem(row.row, titles.get("verified_on"),
                                     f"дата поверки {row.verified_on:%d.%m.%Y} ещё не наступила."))
        if row.installed_on is not None and row.installed_on > today:
            errors.append(RowProblem(row.row, titles.get("installed_on"),
                                     f"дата установки {row.installed_on:%d.%m.%Y} ещё не наступила."))
        if row.verified_on and row.next_verification and row.next_verification <= row.verified_on:
            errors.append(RowProblem(row.row, titles.get("next_verification"),
                                     f"дата следующей поверки {row.next_verification:%d.%m.%Y} не позже "
                                     f"даты поверки {row.verified_on:%d.%m.%Y}."))
        if row.installed_on and row.taken_on and row.taken_on < row.installed_on:
            warnings.append(RowProblem(row.row, titles.get("date"),
                                       f"дата показаний {row.taken_on:%d.%m.%Y} раньше даты установки "
                                       f"счётчика {row.installed_on:%d.%m.%Y}.", is_error=False))
        return errors, warnings


_FIELDS = ["premise", "house", "resource", "tariffs", "serial", "verified_on", "interval_years",
           "next_verification", "installed_on", "place", "batch"]


def write_new_meters(news: list[NewMeter], batch_id: int) -> dict[int, int]:
    """Create the meters (one statement); their ids by the negative ids the checks used."""
    if not news:
        return {}
    rows = [(n.premise_id, n.house_id, n.meter.resource.value, n.meter.tariffs, n.meter.serial,
             n.value("verified_on"), n.interval_years, n.value("next_verification"),
             n.value("installed_on"), n.value("place") or "", batch_id) for n in news]
    insert_rows(Meter, _FIELDS, rows)
    ids = {(serial.casefold(), premise, house, Resource(resource)): mid for mid, serial, premise, house, resource
           in Meter.select(Meter.id, Meter.serial, Meter.premise, Meter.house, Meter.resource)
           .where(Meter.batch == batch_id).tuples()}
    return {n.meter.id: ids[(n.meter.serial.casefold(), n.premise_id, n.house_id, n.meter.resource)]
            for n in news}
