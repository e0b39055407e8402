"""«Сохранить с причиной…» on the entry grid: a lower value refused as typed is saved
with a reason chosen in the dialog; a replaced meter goes to the replacement."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tsj_desk.domain.lower_readings import LowerReason
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import Reading
from ui.readings import lower_reading_dialog
from ui.readings.entry_model import EntryModel
from ui.readings.lower_reading_dialog import LowerReadingDialog
from ui.readings.page import ReadingsPage

NOW = datetime(2026, 11, 24, 12, 0)
TODAY = date(2026, 11, 24)


@pytest.fixture
def meters(db, samples):
    """Flat 1: cold water without digits on its card, 99 950 in October; hot water of
    5 digits, 150 in October (a mistake)."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    ids = {"cold": readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-1", "1"), now=NOW),
           "hot": readings.add_meter(MeterInput(Resource.HOT_WATER, "ГВ-1", "1", digits=5), now=NOW)}
    readings.save_entries("2026-10", [(ids["cold"], (99950.0, None, None), date(2026, 10, 20)),
                                      (ids["hot"], (150.0, None, None), date(2026, 10, 20))],
                          today=TODAY, now=NOW)
    return ids


@pytest.fixture
def page(qtbot, meters):
    page = ReadingsPage()
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    yield page
    page.reload(keep_typed=False)


@pytest.fixture
def dialogs(monkeypatch):
    """Each dialog opened: ``steps`` (a function of the dialog) plays the user's part."""
    seen: list[dict] = []
    steps: list = []

    def run(dialog: LowerReadingDialog) -> int:
        record = {"title": dialog.windowTitle(), "text": dialog.findChildren(type(dialog.outcome))[0].text()}
        seen.append(record)
        steps.pop(0)(dialog, record)
        return dialog.result()

    monkeypatch.setattr(LowerReadingDialog, "exec", run)
    return seen, steps


def row_of(page: ReadingsPage, meter_id: int) -> int:
    return page.proxy_row_of(meter_id)


def type_value(page: ReadingsPage, meter_id: int, text: str) -> int:
    row = row_of(page, meter_id)
    page.table.setCurrentIndex(page.entry_index(row))
    type_text(page.delegate.editor, text)
    press(page.delegate.editor, Qt.Key.Key_Return)
    page.table.setCurrentIndex(page.entry_index(row))
    return row


def cell(page: ReadingsPage, row: int, column: int) -> str:
    return page.proxy.index(row, column).data()


def test_a_roll_over_is_saved_with_its_reason_and_the_grid_shows_80(page, meters, dialogs):
    seen, steps = dialogs
    row = type_value(page, meters["cold"], "30")
    remarks = cell(page, row, EntryModel.REMARKS)
    assert "меньше предыдущего 99950" in remarks and "Сохранить с причиной…" in remarks

    def roll_over(dialog, record):
        assert "ХВ-1: показание Т1 30 меньше предыдущего 99950 (за 10.2026)." in record["text"]
        assert not dialog.ok_button.isEnabled()  # no reason chosen yet
        dialog.choose(LowerReason.ROLLOVER)
        assert dialog.digits.isEnabled() and dialog.digits.value() == 5  # those of 99 950: the card has none
        record["outcome"] = dialog.outcome.text()
        dialog.ok_button.click()

    steps.append(roll_over)
    assert page.lower_action.text() == "Сохранить с причиной…"
    assert page.lower_action in page.table.actions()  # in the row's context menu
    page.lower_action.trigger()
    assert seen[0]["outcome"] == "Расход за месяц: 80 м³. Причина останется в истории показаний."
    saved = Reading.get((Reading.meter == meters["cold"]) & (Reading.period == "2026-11"))
    assert (float(saved.t1), saved.reason) == (30.0, "rollover")
    row = row_of(page, meters["cold"])
    assert cell(page, row, EntryModel.CONSUMPTION) == "80 м³"
    assert "переход через ноль" in cell(page, row, EntryModel.REMARKS)
    assert not page.has_unsaved()
    assert page.status.text() == "Сохранено показание счётчика № ХВ-1 с причиной «переход через ноль»."


def test_a_correction_is_saved_after_a_roll_over_is_refused_for_a_five_digit_meter(page, meters, dialogs):
    seen, steps = dialogs
    type_value(page, meters["hot"], "120")

    def correct(dialog, record):
        dialog.choose(LowerReason.ROLLOVER)
        assert not dialog.digits.isEnabled() and dialog.digits.value() == 5  # from the card
        assert "больше десятой части шкалы" in dialog.outcome.text()
        assert not dialog.ok_button.isEnabled()
        dialog.choose(LowerReason.CORRECTION)
        record["outcome"] = dialog.outcome.text()
        dialog.ok_button.click()

    steps.append(correct)
    page.lower_action.trigger()
    assert seen[0]["outcome"] == "Расход за месяц: −30 м³. Причина останется в истории показаний."
    saved = Reading.get((Reading.meter == meters["hot"]) & (Reading.period == "2026-11"))
    assert (float(saved.t1), saved.reason) == (120.0, "correction")
    row = row_of(page, meters["hot"])
    assert "исправление ошибки прошлого показания" in cell(page, row, EntryModel.REMARKS)


def test_a_replaced_meter_opens_the_replacement_and_saves_no_reading(page, meters, dialogs, monkeypatch):
    seen, steps = dialogs
    asked: list[int] = []
    from ui.meters.card import MeterCardDialog

    monkeypatch.setattr(MeterCardDialog, "ask_replace", classmethod(lambda cls, parent, mid: asked.append(mid)))
    type_value(page, meters["hot"], "3")

    def replacement(dialog, record):
        dialog.choose(LowerReason.REPLACEMENT)
        record["ok"] = dialog.ok_button.text()
        dialog.ok_button.click()

    steps.append(replacement)
    page.lower_action.trigger()
    assert seen[0]["ok"] == "Заменить счётчик…"
    assert asked == [meters["hot"]]
    assert not Reading.select().where(Reading.period == "2026-11").exists()


def test_cancel_saves_nothing_and_a_value_not_lower_needs_no_reason(page, meters, dialogs, monkeypatch):
    seen, steps = dialogs
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    type_value(page, meters["hot"], "120")
    steps.append(lambda dialog, record: dialog.reject())
    assert lower_reading_dialog.save_with_reason(page) is False
    assert len(seen) == 1 and not Reading.select().where(Reading.period == "2026-11").exists()
    # still refused by «Сохранить»
    assert page.save() is False and "меньше предыдущего" in said[-1]
    type_value(page, meters["cold"], "99960")
    assert lower_reading_dialog.save_with_reason(page) is False
    assert said[-1].startswith("Показание не меньше предыдущего")
    assert len(seen) == 1  # no dialog for it
