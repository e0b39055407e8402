"""«Проверить базу» of a base on a PostgreSQL server (``tsj-desk check --db URL``).

A server keeps its own files sound (its checksums, its WAL): what is checked here is
what the data must be for this program, by queries that read the open base and change
nothing — they run on a file base just as well:

- every reference between tables leads to a record that exists (a constraint switched
  off, a table restored by hand, a constraint not yet validated: none hides a gap);
- the open shares of each premise add up to no more than 1 (a joint holding counts once);
- every reading belongs to a meter, and every meter to a premise or a house.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

import peewee

from tsj_desk.domain.shares import ShareHolding, format_share, total_share
from tsj_desk.domain.text import counted
from tsj_desk.storage import models
from tsj_desk.storage.database import database

SHOWN = 5  # the examples a problem names


@dataclass(frozen=True)
class ServerCheck:
    """What the check found; ``problems`` in words, empty when all is well."""

    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        if self.ok:
            return "База исправна: " + ", ".join(self.checked) + " — нарушений нет."
        return "В базе найдены нарушения:\n" + "\n".join(f"— {p}" for p in self.problems)


def _models() -> list[type[peewee.Model]]:
    return [m for m in vars(models).values()
            if isinstance(m, type) and issubclass(m, models.BaseModel) and m is not models.BaseModel]


def _existing(db, model) -> bool:
    return db.table_exists(model._meta.table_name)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def broken_references(db=None) -> list[str]:
    """Every reference of the program's tables to a record that does not exist."""
    db = db or database.obj
    problems = []
    for model in _models():
        if not _existing(db, model):
            continue
        table = _quoted(model._meta.table_name)
        for fk in model._meta.fields.values():
            if not isinstance(fk, peewee.ForeignKeyField) or not _existing(db, fk.rel_model):
                continue
            column, target = _quoted(fk.column_name), _quoted(fk.rel_model._meta.table_name)
            key = _quoted(fk.rel_field.column_name)
            rows = db.execute_sql(
                f"SELECT c.{column} FROM {table} c WHERE c.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {target} p WHERE p.{key} = c.{column}) ORDER BY 1").fetchall()
            if rows:
                shown = ", ".join(str(r[0]) for r in rows[:SHOWN]) + (" …" if len(rows) > SHOWN else "")
                problems.append(f"таблица {model._meta.table_name}: "
                                f"{counted(len(rows), 'ссылка', 'ссылки', 'ссылок')} в поле "
                                f"{fk.column_name} на несуществующие записи {fk.rel_model._meta.table_name} "
                                f"({shown})")
    return problems


def unvalidated_constraints(db=None) -> list[str]:
    """Foreign keys of a PostgreSQL base added ``NOT VALID`` and never validated."""
    db = db or database.obj
    if not isinstance(db, peewee.PostgresqlDatabase):
        return []
    rows = db.execute_sql(
        "SELECT conrelid::regclass::text, conname FROM pg_catalog.pg_constraint "
        "WHERE contype = 'f' AND NOT convalidated AND connamespace = current_schema()::regnamespace "
        "ORDER BY 1, 2").fetchall()
    return [f"ограничение {name} таблицы {table} не проверено сервером (NOT VALID)" for table, name in rows]


def shares_over_one() -> list[str]:
    """Premises whose open ownerships hold more than the whole premise."""
    holdings: dict[int, list[ShareHolding]] = defaultdict(list)
    query = (models.Ownership.select(models.Ownership.premise, models.Ownership.share_num,
                                     models.Ownership.share_den, models.Ownership.joint_group)
             .where(models.Ownership.valid_to.is_null()).tuples())
    bad_fraction = []
    for premise, num, den, group in query:
        if not den or num is None or num < 0 or den < 0:
            bad_fraction.append(premise)
            continue
        holdings[premise].append(ShareHolding(Fraction(num, den), group))
    over = {p: total for p, h in holdings.items() if (total := total_share(h)) > 1}
    problems = []
    if over:
        numbers = dict(models.Premise.select(models.Premise.id, models.Premise.number)
                       .where(models.Premise.id.in_(list(over))).tuples())
        shown = "; ".join(f"№ {numbers.get(p, p)} — {format_share(total)}"
                          for p, total in sorted(over.items())[:SHOWN])
        problems.append(f"сумма долей открытых прав больше 1 у "
                        f"{counted(len(over), 'помещения', 'помещений', 'помещений')}: {shown}"
                        + (" …" if len(over) > SHOWN else ""))
    if bad_fraction:
        problems.append(f"доля с нулевым или отрицательным знаменателем у "
                        f"{counted(len(set(bad_fraction)), 'помещения', 'помещений', 'помещений')}")
    return problems


def orphaned_readings() -> list[str]:
    """Readings of no meter, and meters (with their readings) of neither a premise nor a house."""
    meter, reading = models.Meter, models.Reading
    problems = []
    lost = (reading.select(peewee.fn.COUNT(reading.id))
            .join(meter, peewee.JOIN.LEFT_OUTER, on=(reading.meter == meter.id))
            .where(meter.id.is_null()).scalar())
    if lost:
        problems.append(f"{counted(lost, 'показание', 'показания', 'показаний')} без счётчика")
    nobody = list(meter.select(meter.id, meter.serial)
                  .where(meter.premise.is_null(), meter.house.is_null()).tuples())
    if nobody:
        readings = reading.select().where(reading.meter.in_([m for m, _ in nobody])).count()
        shown = ", ".join(serial or f"id {m}" for m, serial in nobody[:SHOWN])
        problems.append(f"счётчики, не привязанные ни к помещению, ни к дому: {len(nobody)} ({shown}), "
                        f"показаний у них: {readings}")
    return problems


def check_open_base() -> ServerCheck:
    """The consistency queries on the open base; nothing is changed."""
    db = database.obj
    # one snapshot of the data for every query (a file base's transaction is one already)
    snapshot = {"isolation_level": "REPEATABLE READ"} if isinstance(db, peewee.PostgresqlDatabase) else {}
    with db.atomic(**snapshot):
        problems = broken_references(db) + unvalidated_constraints(db)
        problems += shares_over_one()
        problems += orphaned_readings()
    return ServerCheck(problems, ["связи между таблицами", "суммы долей по помещениям",
                                  "показания и счётчики"])
