"""Keyboard and focus: dates typed as digits, forms opening in their first text field,
Esc asking before a filled form is thrown away, Delete clearing a reading, a
back-dated request said to be overdue before it is saved."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from tsj_desk.services.journal import JournalFilter, count_requests, list_requests
from ui import form_guard
from ui.journal.request_dialog import RequestDialog
from ui.readings.entry_model import EntryModel
from ui.readings.page import ReadingsPage
from ui.register.owner_dialog import OwnerDialog
from ui.widgets import DateEdit, date_edit, date_value, datetime_edit, from_qdatetime, to_qdatetime


def show_active(qtbot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def form_with(qtbot, edit: QWidget) -> tuple[QWidget, QLineEdit]:
    """A line edit and then ``edit``: Tab from the first brings the focus to the date."""
    host = QWidget()
    layout = QVBoxLayout(host)
    before = QLineEdit()
    layout.addWidget(before)
    layout.addWidget(edit)
    show_active(qtbot, host)
    before.setFocus()
    press(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(edit.hasFocus)
    return host, before


def test_typing_eight_digits_fills_the_date_from_the_left(qtbot):
    edit = date_edit(None, date(2026, 2, 5))
    assert isinstance(edit, DateEdit)
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "24112026")
    assert date_value(edit) == date(2026, 11, 24)
    assert edit.text() == "24.11.2026"


def test_a_day_that_the_shown_month_lacks_is_typed_all_the_same(qtbot):
    # 05.02.2026 shown: «30» is no day of February, yet 30.04.2026 is what is typed
    edit = date_edit(None, date(2026, 2, 5))
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "30042026")
    assert date_value(edit) == date(2026, 4, 30)


def test_backspace_takes_the_last_digit_back(qtbot):
    edit = date_edit(None, date(2026, 2, 5))
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "24112026")
    for _ in range(4):
        press(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, "2025")
    assert date_value(edit) == date(2025, 11, 24)


def test_a_click_into_the_field_and_typing_starts_the_date_anew(qtbot):
    edit = date_edit(None, date(2026, 2, 5))
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "01012020")
    qtbot.mouseClick(edit.lineEdit(), Qt.MouseButton.LeftButton)  # wherever the caret lands
    qtbot.keyClicks(edit, "24112026")
    assert date_value(edit) == date(2026, 11, 24)


def test_an_optional_date_left_empty_takes_typed_digits(qtbot):
    edit = date_edit(None, None, optional=True)
    assert date_value(edit) is None
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "15032021")
    assert date_value(edit) == date(2021, 3, 15)


def test_a_date_and_time_field_takes_twelve_digits(qtbot):
    edit = datetime_edit(None, datetime(2026, 11, 24, 12, 0))
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "201120260915")
    assert from_qdatetime(edit.dateTime()) == datetime(2026, 11, 20, 9, 15)


def test_the_owner_dialog_opens_in_the_name_and_a_typed_name_lands_there(qtbot, demo):
    dialog = OwnerDialog(None, title="Новый собственник")
    show_active(qtbot, dialog)
    assert dialog.focusWidget() is dialog.name
    type_text(QApplication.focusWidget(), "Кузнецова Ольга")
    assert dialog.name.text() == "Кузнецова Ольга"
    assert date_value(dialog.egrn_date) is None  # the date beside it untouched


def test_tab_reaches_the_owner_dialog_date_in_its_place_in_the_form(qtbot, demo):
    dialog = OwnerDialog(None, title="Новый собственник")
    show_active(qtbot, dialog)
    dialog.egrn_number.setFocus()
    press(dialog.egrn_number, Qt.Key.Key_Tab)
    assert dialog.egrn_date.hasFocus()  # right after the record number, not after the buttons
    qtbot.keyClicks(dialog.egrn_date, "11042017")
    assert date_value(dialog.egrn_date) == date(2017, 4, 11)
    press(dialog.egrn_date, Qt.Key.Key_Tab)  # the year typed last: Tab goes on down the form
    assert dialog.member.hasFocus()
    dialog.name.setFocus()
    press(dialog.name, Qt.Key.Key_Backtab)
    assert not dialog.egrn_date.hasFocus()  # above the name is no date


def test_ctrl_n_form_opens_in_the_applicant_not_the_channel_list(qtbot, demo):
    dialog = RequestDialog()
    show_active(qtbot, dialog)
    assert dialog.focusWidget() is dialog.applicant


def answer_next_box(qtbot, button_text: str, seen: list[str]) -> None:
    """Press ``button_text`` in the next message box that opens (it runs its own loop)."""
    def press_it() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_it)
            return
        seen.append(box.windowTitle() + "\n" + box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")
    QTimer.singleShot(0, press_it)


def test_esc_on_a_changed_form_asks_and_keeps_it_when_the_user_goes_back(qtbot, demo):
    dialog = OwnerDialog(None, title="Новый собственник")
    show_active(qtbot, dialog)
    type_text(dialog.name, "Кузнецова Ольга")
    seen: list[str] = []
    answer_next_box(qtbot, form_guard.STAY_TEXT, seen)
    press(dialog.name, Qt.Key.Key_Escape)
    assert seen and seen[0].startswith("Закрыть без сохранения?")
    assert dialog.isVisible() and dialog.name.text() == "Кузнецова Ольга"
    answer_next_box(qtbot, form_guard.CLOSE_TEXT, seen)
    press(dialog.name, Qt.Key.Key_Escape)
    assert len(seen) == 2
    assert not dialog.isVisible() and dialog.result_owner() is None


def test_esc_on_an_untouched_form_closes_without_asking(qtbot, demo, monkeypatch):
    monkeypatch.setattr(form_guard, "confirm_discard", lambda parent: pytest.fail("asked"))
    dialog = OwnerDialog(None, title="Новый собственник")
    show_active(qtbot, dialog)
    press(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_esc_on_a_filled_request_asks_before_throwing_it_away(qtbot, demo):
    dialog = RequestDialog()
    show_active(qtbot, dialog)
    type_text(dialog.subject, "Течь крыши")
    seen: list[str] = []
    answer_next_box(qtbot, form_guard.CLOSE_TEXT, seen)
    press(dialog.subject, Qt.Key.Key_Escape)
    assert seen and not dialog.isVisible() and dialog.reg_no is None


def test_delete_in_the_readings_grid_clears_the_whole_value(qtbot, demo):
    page = ReadingsPage()
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    qtbot.waitExposed(page)
    page.table.setCurrentIndex(page.entry_index(0, 0))
    editor = page.delegate.editor
    type_text(editor, "123,5")
    editor.setCursorPosition(0)  # the caret at the start: Delete would have taken the «1» only
    press(editor, Qt.Key.Key_Delete)
    assert editor.text() == ""
    assert page.proxy.index(0, EntryModel.T1).data() in ("", None)
    page.reload(keep_typed=False)


def test_a_back_dated_request_already_overdue_is_said_so_before_it_is_saved(qtbot, demo):
    dialog = RequestDialog()
    show_active(qtbot, dialog)
    # received 10.11.2026 10:00 about the owner register: 5 calendar days, due 16.11.2026
    # (15.11 is a Sunday); on 24.11.2026 it is 8 days overdue already
    dialog.received.setDateTime(to_qdatetime(datetime(2026, 11, 10, 10, 0)))
    dialog.category.setCurrentIndex(dialog.category.findData("owner_register"))
    dialog.applicant.setText("Гостев Павел")
    dialog.subject.setText("Прошу выдать реестр собственников")
    assert dialog.late_note.isVisible()
    assert dialog.late_note.text() == "Срок уже истёк: обращение просрочено на 8 дней."
    before = count_requests(JournalFilter(), today=datetime(2026, 11, 24, 12, 0))
    seen: list[str] = []
    answer_next_box(qtbot, "Вернуться к форме", seen)
    dialog.save()
    assert len(seen) == 1
    assert "истёк 16.11.2026" in seen[0] and "просроченным — на 8 дней" in seen[0]
    assert dialog.reg_no is None and dialog.isVisible()
    assert count_requests(JournalFilter(), today=datetime(2026, 11, 24, 12, 0)) == before
    answer_next_box(qtbot, "Зарегистрировать", seen)
    dialog.save()
    assert dialog.reg_no is not None
    row = next(r for r in list_requests(JournalFilter(text=dialog.reg_no), today=datetime(2026, 11, 24, 12, 0))
               if r.reg_no == dialog.reg_no)
    assert row.days_late == 8


def test_a_request_in_time_is_saved_without_a_question(qtbot, demo, monkeypatch):
    dialog = RequestDialog()
    show_active(qtbot, dialog)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: pytest.fail("asked: " + self.text()))
    dialog.received.setDateTime(to_qdatetime(datetime(2026, 11, 24, 11, 50)))
    dialog.category.setCurrentIndex(dialog.category.findData("maintenance"))
    dialog.applicant.setText("Гостев Павел")
    dialog.subject.setText("Не горит свет")
    assert not dialog.late_note.isVisible()
    dialog.save()
    assert dialog.reg_no is not None


def test_an_emergency_written_down_after_its_half_hour_names_the_minutes(qtbot, demo):
    dialog = RequestDialog()
    show_active(qtbot, dialog)
    dialog.received.setDateTime(to_qdatetime(datetime(2026, 11, 24, 11, 0)))  # due 11:30
    dialog.category.setCurrentIndex(dialog.category.findData("emergency"))
    dialog.applicant.setText("Гостев Павел")
    dialog.subject.setText("Затопление")
    seen: list[str] = []
    answer_next_box(qtbot, "Вернуться к форме", seen)
    dialog.save()
    assert "истёк 24.11.2026 11:30" in seen[0] and "на 30 минут" in seen[0]


@pytest.mark.parametrize(("typed", "shown"), [
    ("01.02.2026", "01.02.2026"),  # as people write it, dots and all
    ("1.2.2026", "01.02.2026"),  # a day and a month of one digit
    ("15.3.2027", "15.03.2027"),
    ("1/12/2025", "01.12.2025"),
])
def test_a_date_typed_with_its_dots_is_the_date_written(qtbot, typed, shown):
    edit = date_edit(None, date(2026, 11, 24))
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, typed)
    assert edit.text() == shown


def test_a_year_of_two_digits_is_of_this_century_when_the_field_is_left(qtbot):
    edit = date_edit(None, date(2026, 11, 24))
    host, before = form_with(qtbot, edit)
    qtbot.keyClicks(edit, "1.2.26")
    press(edit, Qt.Key.Key_Tab)
    assert date_value(edit) == date(2026, 2, 1)
    before.setFocus()
    press(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "050325")
    before.setFocus()  # a click elsewhere
    qtbot.waitUntil(lambda: not edit.hasFocus())
    assert date_value(edit) == date(2025, 3, 5)


def test_a_moment_typed_with_separators(qtbot):
    edit = datetime_edit(None, datetime(2026, 11, 24, 12, 0))
    _host = form_with(qtbot, edit)  # noqa: F841 — kept alive while typing
    qtbot.keyClicks(edit, "4.12.2026 9:05")
    assert from_qdatetime(edit.dateTime()) == datetime(2026, 12, 4, 9, 5)
    assert edit.text() == "04.12.2026 09:05"
