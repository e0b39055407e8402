"""Several PCs importing and saving readings at once on a PostgreSQL server: no person
twice, no share sum above 1, no reading overwritten unseen, no deadlock.

Each PC is a process of its own (``concurrency_workers``); the server is a real one
(``pg_url``: skipped, with the reason, where there is none).
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import datetime
from fractions import Fraction

import pytest
from openpyxl import Workbook

from tests.core import concurrency_workers as pcs

SAVED_AT = datetime(2026, 11, 24, 10, 42)
PERIOD = "2026-11"
HEADER = ["№ кв.", "Площадь, кв. м", "ФИО собственника", "Доля в праве", "Номер записи ЕГРН",
          "Дата гос. регистрации"]


@pytest.fixture
def server(pg_url):
    """The office's server base: two users, the organisation and its house."""
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.services.users import UserInput, add_user
    from tsj_desk.storage.database import close_database, open_database

    open_database(pg_url)
    try:
        add_user(UserInput("Иванова", "бухгалтер"), now=SAVED_AT)
        add_user(UserInput("Петров", "председатель правления"), now=SAVED_AT)
        ensure_house()
    finally:
        close_database()
    return pg_url


def in_base(target: str, read):
    from tsj_desk.storage.database import close_database, open_database

    open_database(target)
    try:
        return read()
    finally:
        close_database()


def register_file(path):
    """30 flats: the odd ones with one owner, the even ones shared half and half."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    owners = []
    for flat in range(1, 31):
        if flat % 2:
            owners.append((flat, f"Жильцов{flat} Иван Петрович", "1"))
        else:
            owners += [(flat, f"Жильцова{flat} Анна Сергеевна", "1/2"),
                       (flat, f"Жильцов{flat} Олег Сергеевич", "1/2")]
    for flat, name, share in owners:
        sheet.append([flat, 50, name, share, f"77:01:{flat}", "01.02.2020"])
    book.save(path)
    return owners


def test_two_pcs_importing_one_register_at_once_no_person_twice_no_share_above_one(server, tmp_path):
    from tsj_desk.storage.models import Ownership, Person, Premise

    owners = register_file(tmp_path / "реестр.xlsx")
    results = pcs.run_all([(pcs.import_register, server, name, tmp_path / "реестр.xlsx", SAVED_AT)
                           for name in ("Иванова", "Петров")])
    assert results == {"Иванова": ("ok", len(owners)), "Петров": ("ok", len(owners))}

    def facts():
        names = [p.name for p in Person.select(Person.name)]
        shares = defaultdict(Fraction)
        for number, num, den in (Ownership.select(Premise.number, Ownership.share_num, Ownership.share_den)
                                 .join(Premise).where(Ownership.valid_to.is_null()).tuples()):
            shares[number] += Fraction(num, den)
        return names, dict(shares), Premise.select().count()

    names, shares, premises = in_base(server, facts)
    assert sorted(names) == sorted(name for _, name, _ in owners)  # each person once
    assert shares == {str(flat): Fraction(1) for flat in range(1, 31)}  # never 3/2
    assert premises == 30


def meters(target: str, count: int) -> list[tuple[int, str]]:
    """``count`` flats with a cold-water meter each: (meter id, serial), by id."""
    from tsj_desk.services.meters import MeterInput, add_meter
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.services.premises import add_premise

    def make():
        house = ensure_house()
        made = []
        for flat in range(1, count + 1):
            add_premise(house, {"number": str(flat)}, now=SAVED_AT)
            serial = f"ХВ-{flat:03d}"
            made.append((add_meter(MeterInput("cold_water", serial, premise_number=str(flat),
                                              house_id=house), now=SAVED_AT), serial))
        return made

    return in_base(target, make)


def stored(target: str) -> dict[int, float]:
    from tsj_desk.storage.models import Reading

    return in_base(target, lambda: {m: float(t1) for m, t1 in Reading.select(Reading.meter, Reading.t1)
                                    .where(Reading.period == PERIOD).tuples()})


def test_two_pcs_saving_a_reading_of_one_meter_and_period_one_is_refused_nothing_overwritten(server):
    [(meter_id, serial)] = meters(server, 1)
    from tsj_desk.services.reading_versions import reading_versions

    grid = in_base(server, lambda: reading_versions(PERIOD))
    assert grid == {}  # no reading yet on either PC's grid
    values = {"Иванова": 123.0, "Петров": 321.0}
    results = pcs.run_all([(pcs.save_readings, server, name, PERIOD, [(meter_id, (value, None, None), None)],
                            grid, SAVED_AT) for name, value in values.items()])

    winner = next(name for name, (kind, _) in results.items() if kind == "ok")
    loser = next(name for name in values if name != winner)
    assert results[winner] == ("ok", 1)
    role = {"Иванова": "бухгалтер", "Петров": "председатель правления"}[winner]
    assert results[loser] == ("ChangedElsewhere", f"Показание счётчика № {serial} за ноябрь 2026 изменено "
                                                  f"на другом компьютере ({winner}, {role}, 10:42) — "
                                                  "обновите таблицу")
    assert stored(server) == {meter_id: values[winner]}


def deadlocks(target: str) -> int:
    from tsj_desk.storage.database import database

    def read():
        time.sleep(1.5)  # the server counts a deadlock when its backend reports its statistics
        database.execute_sql("SELECT pg_stat_clear_snapshot()")
        return database.execute_sql("SELECT deadlocks FROM pg_stat_database "
                                    "WHERE datname = current_database()").fetchone()[0]

    return in_base(target, read)


def test_two_grid_saves_in_opposite_orders_both_finish_without_a_deadlock(server):
    made = meters(server, 60)
    before = deadlocks(server)
    ascending = [(meter_id, (100.0 + n, None, None), None) for n, (meter_id, _) in enumerate(made)]
    descending = [(meter_id, (500.0 + n, None, None), None) for n, (meter_id, _) in enumerate(made)][::-1]
    results = pcs.run_all([(pcs.save_readings, server, "Иванова", PERIOD, ascending, {}, SAVED_AT),
                           (pcs.save_readings, server, "Петров", PERIOD, descending, {}, SAVED_AT)])

    # both finished: one saved its grid, the other was told to reload — no deadlock, no bug dialog
    assert sorted(kind for kind, _ in results.values()) == ["ChangedElsewhere", "ok"]
    winner = next(name for name, (kind, _) in results.items() if kind == "ok")
    saved = dict((m, v[0]) for m, v, _ in (ascending if winner == "Иванова" else descending))
    assert stored(server) == saved  # the winner's grid whole, none of the other's values
    assert deadlocks(server) == before


def test_two_pcs_selling_one_share_at_once_one_sale_stands(server):
    from datetime import date

    from tsj_desk.services.premises import add_premise
    from tsj_desk.services.registry import OwnerInput, add_owner, premise_card

    def flat_with_owner():
        from tsj_desk.services.organization import ensure_house

        flat = add_premise(ensure_house(), {"number": "7"}, now=SAVED_AT).id
        return flat, add_owner(flat, OwnerInput("Смирнова Анна Петровна", Fraction(1)), now=SAVED_AT)

    flat, owner = in_base(server, flat_with_owner)
    results = pcs.run_all([(pcs.sell, server, "Иванова", flat, [owner], "Кузнецов Олег Ильич", date(2026, 11, 20),
                            SAVED_AT),
                           (pcs.sell, server, "Петров", flat, [owner], "Орлов Пётр Ильич", date(2026, 11, 21),
                            SAVED_AT)])

    winner = next(name for name, (kind, _) in results.items() if kind == "ok")
    loser = next(name for name in results if name != winner)
    # refused whether it read the share before the other sale was written or after it
    assert results[loser] in (
        ("ChangedElsewhere", f"Помещение 7 изменено на другом компьютере ({winner}, "
                             f"{ {'Иванова': 'бухгалтер', 'Петров': 'председатель правления'}[winner]}, 10:42) — "
                             "обновите карточку"),
        ("ValidationFailed", "Часть выбранных записей уже закрыта или относится к другому помещению."))
    buyer = {"Иванова": "Кузнецов Олег Ильич", "Петров": "Орлов Пётр Ильич"}[winner]
    current = in_base(server, lambda: premise_card(flat).current)
    assert [(o.owner, o.fraction) for o in current] == [(buyer, Fraction(1))]  # one owner, share 1
