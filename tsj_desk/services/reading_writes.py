"""Many readings written with their version checks in one go (a grid save).

Each reading is ``reading_versions.write_reading``'s one statement — insert where there
is none, overwrite only at the version the grid read — and a reading written meanwhile
on another PC refuses the save. On a PostgreSQL server the statements go in a pipeline
(``storage.bulk.pipeline``): a grid of 300 readings waits for the server once, not 300
times; their row counts are checked when the pipeline has ended, still inside the save's
transaction, so a refusal undoes the whole save as before. On SQLite, one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

import peewee

from tsj_desk.services.reading_versions import reading_upsert, refuse_reading, write_reading
from tsj_desk.storage import bulk
from tsj_desk.storage.database import database


def write_readings(period: str, rows: Sequence[tuple[int, int | None, dict[str, object]]],
                   preserve: Sequence[peewee.Field]) -> None:
    """Write ``rows`` — (meter id, version read or None, values) — of ``period``, in the
    order given (the caller's one order: no deadlock between two saves)."""
    db = database.obj
    if not bulk.pipelines(db):
        for meter_id, expected, values in rows:
            write_reading(meter_id, period, expected, preserve, **values)
        return
    sent = []
    with bulk.pipeline(db):
        for meter_id, expected, values in rows:
            sent.append((meter_id, database.execute(
                reading_upsert(meter_id, period, expected, preserve, **values))))
    for meter_id, cursor in sent:
        if cursor.rowcount == 0:
            refuse_reading(meter_id, period)
