"""The readings history of given meters, read by seeks on the (meter, period) index.

``last_before`` is each meter's last reading before a period: one correlated
``ORDER BY period DESC LIMIT 1`` per meter, a seek to the end of the meter's range in
the index (no grouping of the whole readings table). ``readings_from`` is each meter's
readings from a period on: one range of the index per meter. Both take the meters
concerned (``None``: every meter), a few hundred to a query.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

import peewee

from tsj_desk.storage.bulk import id_list

from tsj_desk.storage.models import Meter, Reading

CHUNK = 500  # meters to a query: a statement of modest length on any engine


def _chunks(meter_ids: Collection[int] | None) -> Iterator[peewee.SQL | None]:
    if meter_ids is None:
        yield None
        return
    ids = sorted(set(meter_ids))
    for start in range(0, len(ids), CHUNK):
        yield id_list(ids[start:start + CHUNK])


def last_before(before: str | None, meter_ids: Collection[int] | None = None) -> Iterator[peewee.Query]:
    """Queries of (meter, period, taken_on, t1, t2, t3): each meter's last reading
    (before period ``before`` if given)."""
    for chunk in _chunks(meter_ids):
        previous = Reading.alias("previous")
        last = previous.select(previous.id).where(previous.meter == Meter.id)
        if before is not None:
            last = last.where(previous.period < before)
        last = last.order_by(previous.period.desc()).limit(1)
        query = (Meter.select(Reading.meter, Reading.period, Reading.taken_on, Reading.t1, Reading.t2,
                              Reading.t3)
                 .join(Reading, on=(Reading.id == last)))
        if chunk is not None:
            query = query.where(Meter.id.in_(chunk))
        yield query


def readings_from(since: str, meter_ids: Collection[int] | None = None) -> Iterator[peewee.Query]:
    """Queries of (meter, period, taken_on, t1, t2, t3): each meter's readings of period
    ``since`` and later, in meter then period order."""
    for chunk in _chunks(meter_ids):
        query = (Meter.select(Reading.meter, Reading.period, Reading.taken_on, Reading.t1, Reading.t2,
                              Reading.t3)
                 .join(Reading, on=((Reading.meter == Meter.id) & (Reading.period >= since)))
                 .order_by(Meter.id, Reading.period))
        if chunk is not None:
            query = query.where(Meter.id.in_(chunk))
        yield query
