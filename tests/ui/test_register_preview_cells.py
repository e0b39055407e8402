"""The register import preview shows the file's cells from the one reading the parse
made: the file is not read a second time for them."""

from __future__ import annotations

from openpyxl import Workbook

from tsj_desk.services import registry_cells
from ui.register import import_preview


def test_the_preview_shows_the_cells_of_the_one_reading(db, tmp_path, today, monkeypatch):
    path = tmp_path / "реестр.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["Реестр собственников"])
    sheet.append(["№ помещения", "Вид помещения", "Площадь", "Собственник", "Доля"])
    sheet.append(["1", "квартира", 45.5, "Иванов Иван Иванович", "1"])
    sheet.append(["2", "квартира", "сорок", "Петрова Анна Сергеевна", "1"])  # an area that is no number
    book.save(path)

    readings = []
    real_read = registry_cells.read_table
    monkeypatch.setattr(registry_cells, "read_table", lambda *a, **k: readings.append(a) or real_read(*a, **k))
    preview = import_preview.load_preview(path, today)

    assert readings == []
    by_row = {row.row: row for row in preview.rows}
    assert by_row[4].premise == "2" and by_row[4].area == "сорок"  # as the file says, though it failed
    assert by_row[4].problems
    assert by_row[3].owner == "Иванов Иван Иванович"
