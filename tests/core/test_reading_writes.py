"""A grid save writes its readings with their version checks in one go (a pipeline on a
server): all saved, or — one of them saved meanwhile elsewhere — none."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tsj_desk.domain.errors import ChangedElsewhere
from tsj_desk.services.reading_versions import reading_versions
from tsj_desk.services.readings import save_entries
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Reading

NOW = datetime(2026, 11, 24, 12, 0)
PERIOD = "2026-11"
FLATS = 120


@pytest.fixture
def meters(db):
    from tsj_desk.domain.premises import premise_sort_text
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.models import Meter, Premise

    with database.atomic():
        house = ensure_house("Лесная, 5")
        insert_rows(Premise, ["house", "number", "sort_key", "kind", "account", "search_key"],
                    [(house, str(n), premise_sort_text(str(n)), "flat", f"{n:06d}", str(n))
                     for n in range(1, FLATS + 1)])
        premises = {int(p.number): p.id for p in Premise.select()}
        insert_rows(Meter, ["premise", "resource", "tariffs", "serial", "digits"],
                    [(premises[n], "cold_water", 1, f"ХВ-{n:03d}", 6) for n in range(1, FLATS + 1)])
    return sorted(m.id for m in Meter.select())


def stored() -> dict[int, float]:
    return {m: float(t1) for m, t1 in Reading.select(Reading.meter, Reading.t1)
            .where(Reading.period == PERIOD).tuples()}


def grid(ids: list[int], base: float) -> list:
    return [(meter_id, (base + n, None, None), date(2026, 11, 20)) for n, meter_id in enumerate(ids)]


def test_a_grid_save_writes_every_reading_and_a_second_overwrites_at_the_versions_read(meters):
    assert save_entries(PERIOD, grid(meters, 100.0), today=date(2026, 11, 24), now=NOW, versions={}) == FLATS
    assert stored() == {m: 100.0 + n for n, m in enumerate(meters)}
    versions = reading_versions(PERIOD)
    assert set(versions) == set(meters)
    save_entries(PERIOD, grid(meters, 110.0), today=date(2026, 11, 24), now=NOW, versions=versions)
    assert stored() == {m: 110.0 + n for n, m in enumerate(meters)}


def test_a_grid_save_with_one_reading_saved_meanwhile_elsewhere_saves_none(meters):
    save_entries(PERIOD, grid(meters, 100.0), today=date(2026, 11, 24), now=NOW, versions={})
    versions = reading_versions(PERIOD)
    # another PC saves the 50th meter's reading after this grid was read
    save_entries(PERIOD, [(meters[49], (155.5, None, None), date(2026, 11, 21))],
                 today=date(2026, 11, 24), now=NOW, versions=versions)
    with pytest.raises(ChangedElsewhere, match="ХВ-050"):
        save_entries(PERIOD, grid(meters, 120.0), today=date(2026, 11, 24), now=NOW, versions=versions)
    expected = {m: 100.0 + n for n, m in enumerate(meters)}
    expected[meters[49]] = 155.5  # the other PC's reading stays; nothing of the refused grid
    assert stored() == expected
