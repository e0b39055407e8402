"""Readings saved from two PCs at once: the one saved second is refused, never written
over the first (``storage.versions``).

The grid reads the version of each reading it shows (``reading_versions``: none where
no reading was entered yet) and hands them back with the save; ``write_reading``
inserts a reading only where there is still none, and overwrites one only at the
version read — in one statement, so the check and the write cannot be split by
another PC's save. A save writes its rows in the order of the meters' ids: two saves
that share rows wait for one another instead of deadlocking.

An import of readings holds the advisory lock of each of its houses on a server
(``lock_import``). When another PC wrote readings of its meters and periods after the
file was checked, the base's uniqueness of (meter, period) stops the write, and the
import is refused as a whole (``written_meanwhile``): no query per import looks first.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import peewee

from tsj_desk.domain.errors import ChangedElsewhere
from tsj_desk.services.changed_elsewhere import TABLE_HINT
from tsj_desk.storage.bulk import id_chunks, id_list
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Meter, Premise, Reading
from tsj_desk.storage.versions import is_postgres, is_unique_violation, lock_houses, refusal

def reading_versions(period: str, meter_ids: Collection[int] | None = None) -> dict[int, int]:
    """The version of each reading of ``period`` (by meter id); a meter without a
    reading of the period is absent. ``meter_ids`` None: every meter."""
    query = Reading.select(Reading.meter, Reading.version).where(Reading.period == period)
    if meter_ids is None:
        return dict(query.tuples())
    ids = sorted(set(meter_ids))
    found: dict[int, int] = {}
    for part in id_chunks(ids):  # one query on a server, whatever the import's size
        found.update(query.where(Reading.meter.in_(id_list(part))).tuples())
    return found


def write_reading(meter_id: int, period: str, expected: int | None,
                  preserve: Sequence[peewee.Field], **values: object) -> None:
    """Insert the reading of ``meter_id`` for ``period``, or overwrite the one there if
    its version is still ``expected`` (None: there was none when the grid was read);
    otherwise refused (``ChangedElsewhere``) naming the meter, the period, who and when."""
    cursor = database.execute(reading_upsert(meter_id, period, expected, preserve, **values))
    if cursor.rowcount == 0:
        refuse_reading(meter_id, period)


def reading_upsert(meter_id: int, period: str, expected: int | None,
                   preserve: Sequence[peewee.Field], **values: object) -> peewee.Insert:
    """``write_reading``'s one statement (``reading_writes`` sends many at once)."""
    condition = (Reading.version == expected) if expected is not None else peewee.SQL("1 = 0")
    return (Reading.insert(meter=meter_id, period=period, **values)
            .on_conflict(conflict_target=[Reading.meter, Reading.period], preserve=list(preserve),
                         update={Reading.version: Reading.version + 1}, where=condition))


def refuse_reading(meter_id: int, period: str) -> None:
    """The refusal of a reading written meanwhile on another PC (or gone)."""
    there = Reading.get_or_none((Reading.meter == meter_id) & (Reading.period == period))
    raise refusal("reading", there.id if there is not None else None, hint=TABLE_HINT)


def meter_houses(meter_ids: Iterable[int]) -> set[int]:
    """The houses of these meters (a premise's, or a common meter's own)."""
    ids = sorted(set(meter_ids))
    houses: set[int] = set()
    for part in id_chunks(ids):
        for premise_house, own_house in (Meter.select(Premise.house, Meter.house)
                                         .join(Premise, peewee.JOIN.LEFT_OUTER)
                                         .where(Meter.id.in_(id_list(part))).tuples()):
            houses.add(premise_house or own_house or 0)
    return houses


def lock_import(meter_ids: Iterable[int], *, new_meters: bool) -> None:
    """Inside an import's transaction on a server: hold the advisory locks of the houses
    of its meters (house 0 too when it makes meters), so that two imports of one house
    run one after the other. Nothing on SQLite, whose one writer does it already."""
    if not is_postgres(database.obj):
        return
    houses = meter_houses(meter_ids)
    if new_meters:
        houses.add(0)
    lock_houses("readings", houses)


def written_meanwhile(failure: BaseException, pairs: Collection[tuple[int, str]]) -> ChangedElsewhere | None:
    """The refusal of an import whose write met a reading of one of its meters and
    periods already in the base — written on another PC after the file was checked (the
    same file imported twice at once): none of its rows may be written twice. None
    when ``failure`` is anything else. Called after the import's transaction was rolled
    back: it reads the reading it names."""
    if not is_unique_violation(failure):
        return None
    by_period: dict[str, list[int]] = {}
    for meter_id, period in pairs:
        by_period.setdefault(period, []).append(meter_id)
    for period in sorted(by_period):
        taken = reading_versions(period, by_period[period])
        if taken:
            there = Reading.get((Reading.meter == min(taken)) & (Reading.period == period))
            return refusal("reading", there.id,
                           hint="обновите страницу и загрузите файл снова: уже записанные "
                                "показания пропускаются")
    return None
