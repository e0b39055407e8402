"""The readings grid after another PC saved a reading it shows: the save is refused as a
whole with who and when, the colleague's reading is shown, what was typed stays."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt

from tsj_desk.domain.meters import fmt
from tsj_desk.services import readings
from tsj_desk.services.users import UserInput, add_user, choose_user
from ui import errors
from ui.readings.page import ReadingsPage

TODAY = date(2026, 11, 24)
ELSEWHERE = datetime(2026, 11, 24, 10, 42)


@pytest.fixture
def shown(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(errors, "show_message", lambda parent, text: said.append(text))
    return said


@pytest.fixture
def page(qtbot, demo):
    page = ReadingsPage()
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    qtbot.waitExposed(page)
    yield page
    page.reload(keep_typed=False)


def type_at(page: ReadingsPage, row: int, value: str) -> None:
    page.table.setCurrentIndex(page.entry_index(row, 0))
    type_text(page.delegate.editor, value)
    press(page.delegate.editor, Qt.Key.Key_Return)


def test_a_reading_saved_on_another_pc_while_typed_here_is_not_overwritten(page, shown):
    row = next(r for r in range(page.proxy.rowCount())
               if page.proxy.row_at(r).tariffs == 1 and page.proxy.row_at(r).line.previous
               and page.proxy.row_at(r).line.current is None)
    other = row + 1 if page.proxy.row_at(row + 1).line.current is None else row + 2
    line, other_line = page.proxy.row_at(row).line, page.proxy.row_at(other).line
    colleague, mine = line.previous[0] + 3, line.previous[0] + 7
    # the dispatcher saves the same meter's reading at her PC while the grid is open here
    add_user(UserInput("Сидорова", "диспетчер"), now=ELSEWHERE)
    choose_user("Сидорова", check_password=False)
    readings.save_entries("2026-11", [(line.meter_id, (colleague, None, None), TODAY)], today=TODAY,
                          now=ELSEWHERE)

    type_at(page, row, fmt(mine))
    type_at(page, other, fmt(other_line.previous[0] + 1))
    assert page.save() is False
    assert shown == [f"Показание счётчика № {line.serial} за ноябрь 2026 изменено на другом компьютере "
                     "(Сидорова, диспетчер, 10:42) — обновите таблицу"]
    # nothing of this save was written: the colleague's reading stands, the other meter has none
    assert readings.meter_history(line.meter_id)[-1].values[0] == pytest.approx(colleague)
    assert readings.meter_history(other_line.meter_id)[-1].period == "2026-10"
    # the grid was read again: the colleague's reading is there, what was typed is kept
    assert set(page.model.typed()) == {line.meter_id, other_line.meter_id}
    fresh = next(page.proxy.row_at(r).line for r in range(page.proxy.rowCount())
                 if page.proxy.row_at(r).line.meter_id == line.meter_id)
    assert fresh.current[0] == pytest.approx(colleague)
