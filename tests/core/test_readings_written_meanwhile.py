"""A readings file checked, then a reading of one of its meters and periods saved
elsewhere (another PC's grid, the same file imported on another PC) before it is
written: the import is refused as a whole, names the reading, and writes nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import Workbook

from tsj_desk.domain.errors import ChangedElsewhere
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import ImportBatch, Reading

from tests.conftest import TODAY

NOW = datetime(2026, 11, 24, 12, 0)


@pytest.fixture
def meters(db, samples):
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    ids = [readings.add_meter(MeterInput(Resource.COLD_WATER, f"ХВ-{n}", str(n), digits=5), now=NOW)
           for n in (1, 2, 3)]
    readings.save_entries("2026-09", [(m, (100.0, None, None), date(2026, 9, 20)) for m in ids],
                          today=TODAY, now=NOW)
    return ids


def readings_file(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Кв.", "Номер счётчика", "Период", "Показание"])
    for flat, value in ((1, 105), (2, 107), (3, 109)):
        sheet.append([str(flat), f"ХВ-{flat}", "10.2026", value])
    book.save(path)
    return path


def test_a_reading_saved_after_the_check_refuses_the_whole_file(meters, tmp_path):
    path = readings_file(tmp_path / "октябрь.xlsx")
    preview = readings.preview_readings(path, today=TODAY)
    assert [c.meter_id for c in preview.checked] == meters and preview.errors == []
    # meanwhile another PC saves flat 2's October reading from its grid
    readings.save_entries("2026-10", [(meters[1], (106.0, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)

    with pytest.raises(ChangedElsewhere) as refused:
        readings.import_readings(path, today=TODAY, now=NOW, preview=preview, backup=False)

    message = str(refused.value)
    assert "обновите страницу и загрузите файл снова" in message
    october = {r.meter_id: float(r.t1) for r in Reading.select().where(Reading.period == "2026-10")}
    assert october == {meters[1]: 106.0}  # the other PC's reading stands; none of the file's
    assert ImportBatch.select().count() == 0


def test_checked_again_the_file_imports_what_is_new(meters, tmp_path):
    path = readings_file(tmp_path / "октябрь.xlsx")
    readings.save_entries("2026-10", [(meters[1], (107.0, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)

    report = readings.import_readings(path, today=TODAY, now=NOW, backup=False)

    assert report.imported == 2  # flat 2's 107 is there already: skipped as loaded
    october = {r.meter_id: float(r.t1) for r in Reading.select().where(Reading.period == "2026-10")}
    assert october == {meters[0]: 105.0, meters[1]: 107.0, meters[2]: 109.0}
