"""The readings page opened on one house of a large base, on a month nobody has entered
yet: a reading typed is checked at once against the meter's previous months, as on a
small base (a spike turns yellow, a value below the previous red).

Лесная, 5 of tests/two_houses.py: its cold-water meter Л-ХВ-1 read 100, 105, …, 125 m³
from May to October (5 m³ a month). A large base is stood in for by lowering the page's
limit.
"""

from __future__ import annotations

from datetime import date

import pytest
from keys import clear_and_type, type_text
from PySide6.QtCore import Qt
from shown_page import show_page

from tsj_desk.services import readings
from tsj_desk.storage.models import Meter
from ui import colors
from ui.readings import page as page_module
from ui.readings.entry_model import EntryModel
from ui.readings.page import ReadingsPage
from ui.settings import settings

from tests.two_houses import LESNAYA, NOW, build_two_houses

TODAY = date(2026, 11, 24)
MONTHS = ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")


@pytest.fixture
def page(qtbot, db, monkeypatch):
    build_two_houses()
    cold = Meter.get(Meter.serial == "Л-ХВ-1").id
    for number, period in enumerate(MONTHS):
        readings.save_entries(period, [(cold, (100.0 + 5 * number, None, None), date(2026, 5 + number, 20))],
                              today=TODAY, now=NOW)
    settings().remove(page_module.HOUSE_KEY)
    monkeypatch.setattr(page_module, "ONE_HOUSE_ABOVE", 4)  # 5 meters: a large base
    page = show_page(qtbot, ReadingsPage(), width=1300, height=760)
    yield page
    page.reload(keep_typed=False)  # nothing left to ask about when the widget closes
    settings().remove(page_module.HOUSE_KEY)


def cell(page: ReadingsPage, row: int, column: int) -> str:
    return page.proxy.index(row, column).data()


def test_a_reading_typed_on_one_house_is_checked_against_the_months_before(page):
    assert page.house.combo.currentText() == LESNAYA and page.period() == "2026-11"
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.row_at(r).line.serial == "Л-ХВ-1")
    assert cell(page, row, EntryModel.PREVIOUS) == "125"
    page.table.setCurrentIndex(page.entry_index(row, 0))
    editor = page.delegate.editor
    type_text(editor, "165")  # 40 m³ against 5 m³ a month
    assert cell(page, row, EntryModel.CONSUMPTION) == "40 м³"
    assert "больше 3× обычного (5 в месяц) — проверьте" in cell(page, row, EntryModel.REMARKS)
    background = page.proxy.index(row, EntryModel.PREMISE).data(Qt.ItemDataRole.BackgroundRole)
    assert background == colors.background(colors.Tone.WARNING)

    clear_and_type(editor, "120")
    assert "меньше предыдущего" in cell(page, row, EntryModel.REMARKS)
    assert "с ошибками: 1" in page.count_label.text()
