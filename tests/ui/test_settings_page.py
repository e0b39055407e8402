"""«Справочники и настройки»: deadlines of the categories, the production calendar."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt

from tsj_desk.services.calendar import category_rule, list_overrides, set_override
from tsj_desk.services.journal import preview_deadline
from ui import errors
from ui.settings_page import calendar_tab as calendar_module
from ui.settings_page.calendar_tab import OverrideDialog, OverridesModel
from ui.settings_page.deadlines import CategoriesModel, CategoryDialog, category_rows
from ui.settings_page.page import SettingsPage
from ui.settings_page.year_view import DayMark
from ui.tables import SortProxy
from ui.widgets import to_qdate
from tests.conftest import NOW

TODAY = date(2026, 11, 24)
RECEIVED = datetime(2026, 11, 24, 10, 0)  # Tuesday
TATARSTAN = "День Республики Татарстан"


@pytest.fixture
def messages(monkeypatch):
    """What ``ui.errors`` would show the user in a warning box."""
    said: list[str] = []
    monkeypatch.setattr(errors, "show_message", lambda parent, text: said.append(text))
    return said


@pytest.fixture
def page(qtbot, demo):
    page = SettingsPage()
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    page.page_shown()
    return page


# ------------------------------------------------------------------ deadlines


def test_table_shows_each_category_with_its_default(page):
    tab = page.deadlines
    assert page.tabs.tabText(0) == "Сроки ответов"
    assert page.tabs.tabText(1) == "Производственный календарь"
    assert page.tabs.tabText(2) == "Шаблоны документов"
    assert [r.rule.code for r in tab.visible_rows()][:4] == [
        "public_info", "utility_info", "act_copy", "maintenance"]  # the order of legal-ru §2
    text = lambda code, column: tab.cell_text(code, column)
    assert text("maintenance", CategoriesModel.LABEL) == "Об услугах и работах по содержанию общего имущества"
    assert text("maintenance", CategoriesModel.PERIOD) == "5 рабочих дней"
    assert text("maintenance", CategoriesModel.DEFAULT) == "5 рабочих дней"
    assert text("maintenance", CategoriesModel.KIND) == "рабочие дни"
    assert text("maintenance", CategoriesModel.BASIS) == "ПП 491 п. 40 «а»"
    assert text("maintenance", CategoriesModel.SHIFT) == "—"
    assert text("owner_register", CategoriesModel.SHIFT) == "да"
    assert text("emergency", CategoriesModel.PERIOD) == "30 минут"
    assert text("emergency", CategoriesModel.KIND) == "часы и минуты"
    assert tab.edit_button.isEnabled()  # the first row is selected: Enter edits it


def test_categories_and_overrides_models_pass_modeltester(qtmodeltester, demo):
    model = CategoriesModel()
    model.set_rows(category_rows())
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(SortProxy(model), force_py=True)
    set_override(date(2026, 8, 31), False, TATARSTAN, now=NOW)
    overrides = OverridesModel()
    overrides.set_rows(list_overrides())
    qtmodeltester.check(overrides, force_py=True)


def edit_maintenance(page, qtbot, monkeypatch, amount: int) -> dict:
    """Select «maintenance», press «Изменить…», type ``amount`` and press «Сохранить»."""
    seen: dict = {}

    def run(dialog: CategoryDialog) -> int:
        dialog.show()
        seen["default"] = dialog.default_label.text()
        dialog.amount.setFocus()
        dialog.amount.selectAll()
        type_text(dialog.amount, str(amount))
        seen["period"] = dialog.period_label.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["open_after_save"] = dialog.isVisible()
        if dialog.isVisible():
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(CategoryDialog, "exec", run)
    tab = page.deadlines
    assert tab.select_category("maintenance")
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    return seen


def test_lengthening_maintenance_is_refused_with_a_message(page, qtbot, monkeypatch, messages):
    seen = edit_maintenance(page, qtbot, monkeypatch, 10)
    assert seen["default"].startswith("Установленный срок: 5 рабочих дней (ПП 491 п. 40 «а»)")
    assert seen["period"] == "10 рабочих дней"
    assert seen["open_after_save"]  # the dialog stays open to fix the value
    assert len(messages) == 1
    assert "может только сократить срок, но не продлить его" in messages[0]
    assert "установленный срок — 5 рабочих дней" in messages[0]
    assert "указано 10 рабочих дней" in messages[0]
    assert page.deadlines.cell_text("maintenance", CategoriesModel.PERIOD) == "5 рабочих дней"
    assert category_rule("maintenance").amount == 5


def test_shortening_maintenance_to_3_is_accepted_and_shown(page, qtbot, monkeypatch, messages):
    calendar = page.calendar
    calendar.set_preview("maintenance", RECEIVED)
    assert calendar.due_text() == "01.12.2026, вторник"

    seen = edit_maintenance(page, qtbot, monkeypatch, 3)
    assert seen["period"] == "3 рабочих дня"
    assert not seen["open_after_save"]
    assert messages == []
    tab = page.deadlines
    assert tab.cell_text("maintenance", CategoriesModel.PERIOD) == "3 рабочих дня"
    assert tab.cell_text("maintenance", CategoriesModel.DEFAULT) == "5 рабочих дней"
    assert tab.selected_category().rule.code == "maintenance"  # the row stays selected
    row = tab.proxy.index(tab.table.currentIndex().row(), CategoriesModel.PERIOD)
    assert row.data(Qt.ItemDataRole.ToolTipRole) == "Изменён: по умолчанию 5 рабочих дней"
    assert category_rule("maintenance").amount == 3
    # the deadline check on the calendar tab counts with the new rule at once
    assert calendar.due_text() == "27.11.2026, пятница"
    assert calendar.due_explanation.text() == "3 рабочих дня, ПП 491 п. 40 «а»"


def test_dialog_restores_the_default(qtbot, demo):
    rule = category_rule("owner_register")
    dialog = CategoryDialog(None, rule, rule, save=None)
    qtbot.addWidget(dialog)
    dialog.set_values(3, "working", "п. 5.2 договора управления", False)
    assert dialog.period_label.text() == "3 рабочих дня"
    assert not dialog.shift.isEnabled()  # working days always end on a working day
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert (dialog.amount.value(), dialog.chosen_kind().value, dialog.basis.text()) == (
        5, "calendar", "ЖК РФ ст. 45 ч. 3.1")
    assert dialog.shift.isEnabled() and dialog.shift.isChecked()
    assert dialog.period_label.text() == "5 календарных дней"


# ------------------------------------------------------------------ calendar


def test_year_view_marks_the_production_calendar(page):
    tab = page.calendar
    page.show_tab(tab)
    assert tab.year.value() == 2026
    view = tab.view
    assert view.mark(date(2026, 1, 7)) is DayMark.HOLIDAY
    assert view.mark(date(2026, 1, 9)) is DayMark.TRANSFERRED
    assert view.mark(date(2026, 3, 9)) is DayMark.TRANSFERRED
    assert view.mark(date(2026, 11, 28)) is DayMark.WEEKEND
    assert view.mark(date(2026, 11, 25)) is DayMark.WORKING
    assert view.day_text(date(2026, 2, 23)) == "23.02.2026, понедельник — праздник: День защитника Отечества"
    assert tab.totals.text() == "В 2026 году: 247 рабочих дней, 118 выходных или праздничных дней."
    tab.year.setValue(2025)  # the year selector
    assert view.mark(date(2025, 11, 1)) is DayMark.WORKING_WEEKEND
    assert view.day_text(date(2025, 11, 1)) == (
        "01.11.2025, суббота — рабочий день (перенос выходного по постановлению)")
    assert view.mark(date(2025, 11, 3)) is DayMark.TRANSFERRED
    assert not view.grab().isNull()


def fill_override(qtbot, day: date, note: str, *, working: bool | None = None):
    """A fake ``exec`` for OverrideDialog: the user picks the date, types the note, saves."""
    seen: dict = {}

    def run(dialog: OverrideDialog) -> int:
        dialog.show()
        dialog.day.setDate(to_qdate(day))
        seen["now"] = dialog.now_label.text()
        seen["offered_day_off"] = dialog.day_off.isChecked()
        if working is not None:
            (dialog.working if working else dialog.day_off).setChecked(True)
        dialog.note.setFocus()
        type_text(dialog.note, note)
        press(dialog.note, Qt.Key.Key_Return)  # Enter saves, as the default button
        seen["problem"] = dialog.problem.text() if dialog.problem.isVisible() else ""
        if dialog.isVisible():
            dialog.reject()
        return dialog.result()

    return seen, run


def test_adding_a_regional_holiday_moves_the_deadline(page, qtbot, monkeypatch):
    tab = page.calendar
    page.show_tab(tab)
    wednesday = date(2026, 11, 25)
    tab.set_preview("maintenance", RECEIVED)
    assert tab.due_text() == "01.12.2026, вторник"
    assert preview_deadline("maintenance", RECEIVED).due == date(2026, 12, 1)

    seen, run = fill_override(qtbot, wednesday, TATARSTAN)
    monkeypatch.setattr(OverrideDialog, "exec", run)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)

    assert seen["now"] == "рабочий день"
    assert seen["offered_day_off"]  # a working day is offered to become a day off
    assert seen["problem"] == ""
    assert [(tab.model.index(0, c).data()) for c in range(3)] == [
        "25.11.2026, ср", "выходной", TATARSTAN]
    assert tab.view.mark(wednesday) is DayMark.USER_DAY_OFF
    assert tab.view.day_text(wednesday) == (
        f"25.11.2026, среда — выходной по решению пользователя: {TATARSTAN}")
    assert tab.totals.text().startswith("В 2026 году: 246 рабочих дней, 119 выходных")
    assert not tab.view.grab().isNull()
    # the deadline moves by a day, in the check and in the service the CLI uses
    assert tab.due_text() == "02.12.2026, среда"
    assert "5 рабочих дней" in tab.due_explanation.text()
    assert preview_deadline("maintenance", RECEIVED).due == date(2026, 12, 2)


def test_the_dialog_refuses_an_exception_that_changes_nothing(page, qtbot, monkeypatch):
    saturday = date(2026, 11, 28)
    seen, run = fill_override(qtbot, saturday, "суббота", working=False)
    monkeypatch.setattr(OverrideDialog, "exec", run)
    qtbot.mouseClick(page.calendar.add_button, Qt.MouseButton.LeftButton)
    assert seen["now"] == "выходной"
    assert not seen["offered_day_off"]  # a day off is offered to become a working day
    assert seen["problem"] == "28.11.2026 и так выходной по производственному календарю."
    assert list_overrides() == []


def test_removing_an_exception_asks_first(page, qtbot, monkeypatch):
    wednesday = date(2026, 11, 25)
    set_override(wednesday, False, TATARSTAN, now=NOW)
    tab = page.calendar
    page.show_tab(tab)
    tab.reload()
    tab.set_preview("maintenance", RECEIVED)
    assert tab.due_text() == "02.12.2026, среда"
    assert tab.select_override(wednesday)
    asked: list[str] = []
    answer = [False]

    def confirm(parent, text, action):
        asked.append(text)
        assert action == "Удалить"
        return answer[0]

    monkeypatch.setattr(calendar_module, "confirm", confirm)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert asked == [(f"Удалить исключение на 25.11.2026 ({TATARSTAN})?\n\n"
                      "По производственному календарю этот день — рабочий день.")]
    assert [o.day for o in tab.visible_overrides()] == [wednesday]  # «Отмена»: nothing changed
    assert tab.view.mark(wednesday) is DayMark.USER_DAY_OFF

    answer[0] = True
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert tab.visible_overrides() == []
    assert list_overrides() == []
    assert tab.view.mark(wednesday) is DayMark.WORKING
    assert tab.due_text() == "01.12.2026, вторник"
    assert not tab.remove_button.isEnabled()


def test_keyboard_on_the_year_opens_an_exception_for_the_chosen_day(page, qtbot, monkeypatch):
    tab = page.calendar
    page.show_tab(tab)
    asked: list[date] = []
    monkeypatch.setattr(OverrideDialog, "ask", classmethod(lambda cls, parent, day, cal: asked.append(day)))
    tab.view.setFocus()
    tab.view.select_day(date(2026, 8, 28))
    press(tab.view, Qt.Key.Key_Right)
    press(tab.view, Qt.Key.Key_Down)
    assert tab.view.selected_day() == date(2026, 9, 5)
    press(tab.view, Qt.Key.Key_Return)
    assert asked == [date(2026, 9, 5)]
