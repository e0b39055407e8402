"""Closing a request with the resident's score, how it was asked and their words: the
dialog typed from the keyboard, the card showing them after."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tsj_desk.domain.journal import Channel, Result, Status
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request, request_card
from tsj_desk.services.satisfaction import satisfaction_of
from tests.ui.keys import press, type_text
from ui.journal.request_card import RequestCardDialog
from ui.journal.step_dialogs import CloseDialog

NOW = datetime(2026, 11, 24, 11, 0)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


def answered(channel: Channel) -> str:
    received = datetime(2026, 11, 18, 10, 0)
    reg_no = register_request(RequestInput(
        category="maintenance", received_at=received, applicant="Петрова Анна Ивановна",
        text="Не закрывается дверь подъезда", channel=channel), now=received)
    answer_request(reg_no, AnswerInput("Доводчик заменён", date(2026, 11, 20), result=Result.SATISFIED),
                   now=datetime(2026, 11, 20, 17, 0))
    return reg_no


def fill_close_dialog(qtbot, keys) -> None:
    def step():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CloseDialog):
            keys(dialog)
        else:
            QTimer.singleShot(20, step)
    QTimer.singleShot(20, step)


def test_the_score_channel_and_words_typed_in_the_close_dialog_show_on_the_card(qtbot, demo):
    reg_no = answered(Channel.LETTER)
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)

    def keys(dialog: CloseDialog) -> None:
        assert dialog.score.hasFocus()
        assert not dialog.comment.isEnabled()  # no score yet: nothing to comment on
        type_text(dialog.score, "4")
        assert dialog.score.currentData() == 4 and dialog.comment.isEnabled()
        assert dialog.channel.currentText() == "лично"  # a letter: asked in person by default
        press(dialog.score, Qt.Key.Key_Tab)
        type_text(dialog.channel, "п")  # «по телефону»
        assert dialog.channel.currentData() == "телефон"
        press(dialog.channel, Qt.Key.Key_Tab)
        assert dialog.comment.hasFocus()
        type_text(dialog.comment, "Мастер пришёл вовремя")
        press(dialog.comment, Qt.Key.Key_Return)  # Enter in any field closes

    fill_close_dialog(qtbot, keys)
    card.close_request_button.click()
    assert card.status.text() == "Закрыто"
    assert card.answer_facts.text().endswith("оценка заявителя: 4, по телефону: «Мастер пришёл вовремя»")
    given = satisfaction_of(reg_no)
    assert (given.score, given.channel, given.comment) == (4, "телефон", "Мастер пришёл вовремя")
    assert request_card(reg_no).status is Status.CLOSED


def test_closing_without_a_score_takes_no_words(qtbot, demo):
    reg_no = answered(Channel.PHONE)
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)

    def keys(dialog: CloseDialog) -> None:
        assert dialog.channel.currentText() == "по телефону"  # came by phone
        press(dialog.score, Qt.Key.Key_Return)

    fill_close_dialog(qtbot, keys)
    card.close_request_button.click()
    assert card.status.text() == "Закрыто"
    assert "оценка" not in card.answer_facts.text()
    assert satisfaction_of(reg_no) is None


def test_the_change_log_tells_the_score_with_its_channel_and_words(qtbot, demo):
    from tsj_desk.services.audit import list_audit
    from tsj_desk.services.satisfaction import close_with_satisfaction
    from ui.audit.details import describe_entry

    reg_no = answered(Channel.PHONE)
    close_with_satisfaction(reg_no, now=NOW, score=2, comment="Долго ждали", channel="телефон")
    request_id = request_card(reg_no).id
    rows = [r for r in list_audit(entity="request") if r.entity_id == request_id and r.action == "edit"]
    assert len(rows) == 1
    line = describe_entry(rows[0])
    assert line.details_text == "оценка заявителя: 2 из 5; как получена: по телефону; комментарий: Долго ждали"
