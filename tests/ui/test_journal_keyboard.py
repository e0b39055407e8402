"""A request registered, answered and closed from the keyboard alone (issue 3, «Done when»).

Every key goes where Qt sends a real key press: to the open popup if there is one,
else to the widget with the focus. Cyrillic is typed with key events that carry
the text (``keys.type_text``). Modal dialogs block the test while they are open, so
``ModalScript`` plays the keys of each dialog as it comes up, from timers of the
dialog's own event loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest
from keys import type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tsj_desk.domain.journal import Channel, Result, Status
from tsj_desk.services.journal import preview_deadline, request_card
from tsj_desk.services.registry import PersonMatch, search_persons
from ui.journal.answer_dialog import AnswerDialog
from ui.journal.request_card import RequestCardDialog
from ui.journal.request_dialog import NAME_ROLE, PERSON_ROLE, PREMISES_ROLE, RequestDialog
from ui.journal.step_dialogs import CloseDialog

TODAY = date(2026, 11, 24)

# The offscreen platform cannot raise a popup or grab the keyboard for it; the popup
# works all the same (the keys below go to it, as a real keyboard's would). The
# closest qt_log_ignore mark wins, so it repeats the conftest's offscreen noise.
offscreen_popups = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
)

Step = tuple[str, Callable[[QWidget], bool], Callable[[QWidget], None]]


def target() -> QWidget:
    """Where Qt delivers a key press: the open popup, else the focus widget."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def key(qtbot, code: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(target(), code, modifiers)


def write(text: str) -> None:
    type_text(target(), text)


class ModalScript:
    """Runs ``(name, is_it, keys)`` steps on the modal dialogs, in order, as they open.

    Polling with single-shot timers (never a blocking wait) keeps working inside the
    nested event loops of the dialogs. A failed step or a dialog that never comes
    closes every open dialog, so the test fails instead of hanging.
    """

    def __init__(self, steps: list[Step], timeout: float = 15.0):
        self.steps = list(steps)
        self.played: list[str] = []
        self.error: BaseException | None = None
        self._deadline = time.monotonic() + timeout
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        if not self.steps or self.error is not None:
            return
        name, is_it, keys = self.steps[0]
        widget = QApplication.activeModalWidget()
        if widget is not None and widget.isVisible() and not widget.isActiveWindow():
            # a window manager activates the dialog that comes back to the top when the
            # one above it closes; the offscreen platform does not, so the script does
            widget.activateWindow()
        elif widget is not None and widget.isVisible() and is_it(widget):
            self.steps.pop(0)
            QTimer.singleShot(10, self._poll)  # fires inside the next dialog's loop too
            try:
                keys(widget)
            except BaseException as exc:  # noqa: BLE001 — reported by finish()
                self._fail(AssertionError(f"step «{name}»: {exc!r}").with_traceback(exc.__traceback__))
                return
            self.played.append(name)
            return
        if time.monotonic() > self._deadline:
            self._fail(AssertionError(f"step «{name}»: its dialog did not come; active modal: {widget!r}"))
            return
        QTimer.singleShot(10, self._poll)

    def _fail(self, error: BaseException) -> None:
        self.error = error
        self.steps.clear()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def finish(self) -> None:
        if self.error is not None:
            raise self.error
        assert not self.steps, f"steps not played: {[s[0] for s in self.steps]}"


def is_card_with(status: Status) -> Callable[[QWidget], bool]:
    return lambda w: isinstance(w, RequestCardDialog) and w.card.status is status


@offscreen_popups
def test_register_answer_and_close_a_request_without_the_mouse(main_window, qtbot):
    typed: dict[str, object] = {}

    def register(dialog: RequestDialog) -> None:
        assert dialog.applicant.hasFocus()  # the form opens in the applicant (issue 14)
        key(qtbot, Qt.Key.Key_Backtab)  # the channel is just above it
        assert dialog.channel.hasFocus()
        write("т")  # the channel: «телефон»
        assert dialog.channel.currentText() == "телефон"
        key(qtbot, Qt.Key.Key_Tab)
        assert dialog.applicant.hasFocus()
        write("иванов")  # lowercase: the register says «Иванов…»
        popup = dialog.completer.popup()
        assert popup.isVisible()
        suggestions = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
        assert len(suggestions) == len(search_persons("иванов")) > 1
        assert all("Иванов" in s for s in suggestions)
        assert suggestions[0].startswith("Иванов")  # surnames first, then patronymics
        key(qtbot, Qt.Key.Key_Down)  # the second suggestion
        chosen = popup.currentIndex()
        owner = PersonMatch(chosen.data(PERSON_ROLE), chosen.data(NAME_ROLE), chosen.data(PREMISES_ROLE))
        typed["owner"] = owner
        key(qtbot, Qt.Key.Key_Return)  # choose it
        assert not popup.isVisible()
        assert dialog.applicant.text() == owner.name
        assert dialog.premise.text() == owner.premises.split(",")[0]
        assert dialog.applicant_info.text().startswith("Собственник из реестра")
        key(qtbot, Qt.Key.Key_Return)  # Enter goes on to the next field: contacts
        assert dialog.contacts.hasFocus()
        key(qtbot, Qt.Key.Key_Tab)
        key(qtbot, Qt.Key.Key_Tab)
        assert dialog.category.hasFocus()
        write("об")  # «Об услугах и работах по содержанию общего имущества»
        assert dialog.category.currentData() == "maintenance"
        deadline = preview_deadline("maintenance", dialog.request_input().received_at)
        assert dialog.deadline.text().startswith(f"Срок ответа: {deadline.due:%d.%m.%Y} — 5 рабочих дней")
        key(qtbot, Qt.Key.Key_Tab)
        write("Не горит свет в подъезде")
        key(qtbot, Qt.Key.Key_Tab)
        assert dialog.text.hasFocus()
        write("Прошу заменить лампу на 3 этаже, 2 подъезд.")
        typed["due"] = deadline.due
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter registers

    def told_the_number(box: QMessageBox) -> None:
        typed["message"] = box.text()
        key(qtbot, Qt.Key.Key_Return)  # «Готово»

    def answer_from_card(card: RequestCardDialog) -> None:
        assert card.answer_button.hasFocus()  # the next step is the default
        key(qtbot, Qt.Key.Key_Return)

    def answer(dialog: AnswerDialog) -> None:
        assert dialog.text.hasFocus()
        assert dialog.channel.currentText() == "телефон"  # the request's own channel by default
        write("Лампа в подъезде заменена.")
        key(qtbot, Qt.Key.Key_Tab)
        assert dialog.on.hasFocus() and dialog.on.text() == "24.11.2026"  # today, as it should be
        key(qtbot, Qt.Key.Key_Return)  # Enter leaves the date (Tab walks its day, month, year)
        assert dialog.channel.hasFocus()
        key(qtbot, Qt.Key.Key_Tab)
        assert dialog.outgoing_no.hasFocus()
        write("15")
        key(qtbot, Qt.Key.Key_Return)  # on to the result
        assert dialog.result.hasFocus()
        write("у")  # «удовлетворено»
        key(qtbot, Qt.Key.Key_Return)  # Enter on the last field saves

    def close_from_card(card: RequestCardDialog) -> None:
        assert card.close_request_button.hasFocus()
        key(qtbot, Qt.Key.Key_Return)

    def close(dialog: CloseDialog) -> None:
        write("5")  # the applicant's score
        key(qtbot, Qt.Key.Key_Return)

    def leave_card(card: RequestCardDialog) -> None:
        assert card.status.text() == "Закрыто"
        key(qtbot, Qt.Key.Key_Escape)

    # Ctrl+N works from any page of the window: start on the register
    main_window.show_page("register")
    main_window.page("register").filter.setFocus()
    script = ModalScript([
        ("registration form", lambda w: isinstance(w, RequestDialog), register),
        ("number told", lambda w: isinstance(w, QMessageBox), told_the_number),
    ])
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    script.finish()
    owner = typed["owner"]

    journal = main_window.page("journal")
    assert main_window.current_key() == "journal"
    row = journal.selected_request()
    assert row is not None and row.applicant == owner.name
    reg_no = row.reg_no
    assert typed["message"] == (f"Обращение зарегистрировано под № {reg_no}, "
                                f"срок ответа {typed['due']:%d.%m.%Y}.")
    # a window manager activates the window again when its dialog closes; offscreen, we do
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    assert journal.table.hasFocus()

    script = ModalScript([
        ("card: answer", is_card_with(Status.REGISTERED), answer_from_card),
        ("answer", lambda w: isinstance(w, AnswerDialog), answer),
        ("card: close", is_card_with(Status.ANSWERED), close_from_card),
        ("closing", lambda w: isinstance(w, CloseDialog), close),
        ("card: leave", is_card_with(Status.CLOSED), leave_card),
    ])
    key(qtbot, Qt.Key.Key_Return)  # Enter on the selected row opens the card
    script.finish()

    card = request_card(reg_no)
    assert card.person_id == owner.id
    assert card.premise_number == owner.premises.split(",")[0]
    assert card.channel is Channel.PHONE
    assert card.category.code == "maintenance"
    assert card.subject == "Не горит свет в подъезде"
    assert card.text == "Прошу заменить лампу на 3 этаже, 2 подъезд."
    assert card.answer_text == "Лампа в подъезде заменена."
    assert card.answered_on == TODAY
    assert card.answer_channel == Channel.PHONE.value
    assert card.outgoing_no == "15"
    assert card.result == Result.SATISFIED.value
    assert card.status is Status.CLOSED
    assert card.satisfaction == 5
    assert [h[2] for h in card.history] == ["Зарегистрировано", "Ответ дан", "Закрыто"]
    # the journal shows what happened
    shown = journal.selected_request()
    assert shown is not None and shown.reg_no == reg_no
    assert shown.status is Status.CLOSED
    assert journal.model.index(journal.table.currentIndex().row(), journal.model.STATUS).data() == "Закрыто"
