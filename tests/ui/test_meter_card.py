"""The meter card: reachable from the premise card («Счётчики») and the readings page;
add, correct, replace and take out of service through it."""

from __future__ import annotations

from datetime import date

import pytest
from keys import clear_and_type, type_text
from PySide6.QtCore import Qt

from tsj_desk.services.meters import list_meters, meter_card
from tsj_desk.services.registry import list_premises
from ui import errors
from ui.meters.card import ArchiveDialog, MeterCardDialog
from ui.register.premise_card import PremiseCardDialog


@pytest.fixture
def said(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc.message))
    monkeypatch.setattr(errors, "show_message", lambda parent, text: shown.append(text))
    return shown


def premise_with_meters():
    return next(p for p in list_premises() if p.number.isdigit() and list_meters(premise_id=p.id))


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_premise_card_lists_its_meters(qtbot, demo, today):
    premise = premise_with_meters()
    expected = list_meters(premise_id=premise.id)
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)
    model = dialog.meters.model
    assert model.rowCount() == len(expected)
    assert sorted(model.index(r, 1).data() for r in range(model.rowCount())) == sorted(m.serial for m in expected)


def test_adding_a_meter_from_the_premise_card_with_its_gis_number(qtbot, demo, today, said, monkeypatch):
    premise = premise_with_meters()
    dialog = PremiseCardDialog(None, premise.id, today=today)
    qtbot.addWidget(dialog)
    before = dialog.meters.model.rowCount()

    def fill(self):
        self.resource.setCurrentIndex(1)  # ГВС
        type_text(self.serial, "ГВ-НОВЫЙ-1")
        type_text(self.gis_number, "ГИС-777")
        self.tariffs.setValue(1)
        type_text(self.initial.edits[0], "12,5")
        click(qtbot, self.ok_button)
        return self.result()

    monkeypatch.setattr(MeterCardDialog, "exec", fill)
    click(qtbot, dialog.meters.add_button)
    assert said == []
    assert dialog.meters.model.rowCount() == before + 1
    added = next(m for m in list_meters(premise_id=premise.id) if m.serial == "ГВ-НОВЫЙ-1")
    assert (added.gis_number, added.resource.short, added.initial) == ("ГИС-777", "ГВС", (12.5, None, None))


def test_a_refused_card_stays_open_with_the_reason(qtbot, demo, today, said):
    premise = premise_with_meters()
    taken = list_meters(premise_id=premise.id)[0]
    serials = [m.serial for m in list_meters(premise_id=premise.id)]
    dialog = MeterCardDialog(None, mode="add", premise_id=premise.id)
    qtbot.addWidget(dialog)
    dialog.resource.setCurrentIndex(list(type(taken.resource)).index(taken.resource))
    type_text(dialog.serial, taken.serial)
    dialog.accept()
    assert said and f"«{taken.serial}» уже есть" in said[0]
    assert dialog.saved_id is None and dialog.result() == 0
    said.clear()
    clear_and_type(dialog.serial, "ДРУГОЙ-1")
    type_text(dialog.initial.edits[0], "двенадцать")
    dialog.accept()
    assert said == ["Начальное показание Т1 «двенадцать» — не число."]
    assert dialog.saved_id is None
    assert [m.serial for m in list_meters(premise_id=premise.id)] == serials


def test_card_corrects_the_gis_number(qtbot, demo, said):
    meter = list_meters()[0]
    dialog = MeterCardDialog(None, mode="edit", meter=meter_card(meter.id))
    qtbot.addWidget(dialog)
    assert dialog.serial.text() == meter.serial
    clear_and_type(dialog.gis_number, "ГИС-100500")
    dialog.accept()
    assert said == [] and dialog.changed
    assert meter_card(meter.id).gis_number == "ГИС-100500"


def test_card_says_the_years_and_an_overdue_verification(qtbot, demo):
    meter = list_meters()[0]
    dialog = MeterCardDialog(None, mode="edit", meter=meter_card(meter.id))
    qtbot.addWidget(dialog)
    dialog.verified_on.setDate(date(2021, 11, 23))
    for years, text in ((1, "1 год"), (4, "4 года"), (5, "5 лет")):
        dialog.interval.setValue(years)
        assert dialog.interval.text() == text
    # verified 23.11.2021, every 5 years: due 23.11.2026, the day before today
    assert dialog.next_check.text() == "23.11.2026 — срок поверки истёк"


def test_replace_from_the_card(qtbot, demo, said, monkeypatch):
    meter = next(m for m in list_meters() if m.tariffs == 1 and not m.is_common)
    from tsj_desk.services.readings import last_readings

    last = last_readings([meter.id])[meter.id][2][0]

    def fill(self):
        assert self.mode == "replace"
        type_text(self.final.edits[0], f"{last + 3:.0f}")
        type_text(self.serial, "ЗАМЕНА-1")
        type_text(self.initial.edits[0], "0")
        click(qtbot, self.ok_button)
        return self.result()

    monkeypatch.setattr(MeterCardDialog, "exec", fill)
    new_id = MeterCardDialog.ask_replace(None, meter.id)
    assert said == [] and new_id is not None
    assert meter_card(meter.id).archived_on == date(2026, 11, 24)
    new = meter_card(new_id)
    assert (new.serial, new.premise_id, new.installed_on) == ("ЗАМЕНА-1", meter.premise_id, date(2026, 11, 24))


def test_archive_asks_the_date_and_hides_the_meter(qtbot, demo, said):
    meter = list_meters()[0]
    dialog = ArchiveDialog(None, meter_card(meter.id))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert said == [] and dialog.done_ok
    assert meter.id not in {m.id for m in list_meters()}
    assert meter_card(meter.id).archived_on == date(2026, 11, 24)


def test_readings_page_opens_the_card_of_the_selected_meter(qtbot, demo, said, monkeypatch):
    from ui.readings.page import ReadingsPage

    page = ReadingsPage()
    qtbot.addWidget(page)
    page.reload()
    page.table.setCurrentIndex(page.proxy.index(2, 0))
    meter_id = page.proxy.row_at(2).line.meter_id
    opened = []
    monkeypatch.setattr(MeterCardDialog, "edit", classmethod(lambda cls, parent, meter_id: opened.append(meter_id)))
    page.card_action.trigger()  # «Счётчик» → «Карточка счётчика…»
    assert said == [] and opened == [meter_id]


def test_the_change_log_shows_a_corrected_and_an_archived_meter_in_words(qtbot, demo):
    from tsj_desk.services.audit import list_audit
    from tsj_desk.services.meters import archive_meter, edit_meter
    from ui.audit.details import describe_entry
    from tests.conftest import NOW

    meter = next(m for m in list_meters() if not m.is_common)
    data = meter_card(meter.id).as_input()
    data.gis_number = "ГИС-42"
    edit_meter(meter.id, data, now=NOW)
    archive_meter(meter.id, on=date(2026, 11, 20), now=NOW)
    lines = [describe_entry(row) for row in list_audit(entity="meter", limit=2)]
    assert {line.object_text for line in lines} == {f"счётчик {meter.serial}"}
    texts = {line.action_text: line.details_text for line in lines}
    assert "№ в ГИС ЖКХ" in texts["изменение"] and "ГИС-42" in texts["изменение"]
    assert "снят: 20.11.2026" in texts["снятие счётчика"]


def test_readings_page_adds_a_common_house_meter(qtbot, demo, said, monkeypatch):
    from tsj_desk.services.organization import list_houses
    from ui.readings.page import ReadingsPage

    house = list_houses()[0]
    page = ReadingsPage()
    qtbot.addWidget(page)
    seen = {}

    def fill(self):
        seen["heading"] = self.heading.text()
        self.resource.setCurrentIndex(4)  # отопление
        type_text(self.serial, "ОДПУ-ТЕПЛО-2")
        click(qtbot, self.ok_button)
        return self.result()

    monkeypatch.setattr(MeterCardDialog, "exec", fill)
    before = {m.id for m in list_meters(common_only=True)}
    page.common_add_action.trigger()  # «Счётчик» → «Новый общедомовой счётчик (ОДПУ)…»
    assert said == [] and seen["heading"] == f"Общедомовой счётчик — {house.address}"
    added = [m for m in list_meters(common_only=True) if m.id not in before]
    assert [(m.serial, m.resource.short, m.house_id, m.premise_number) for m in added] == [
        ("ОДПУ-ТЕПЛО-2", "Отопление", house.id, "")]


def test_the_readings_page_still_fits_a_1280_pixel_screen(qtbot, main_window):
    main_window.show_page("readings")
    assert main_window.minimumSizeHint().width() <= 1280
