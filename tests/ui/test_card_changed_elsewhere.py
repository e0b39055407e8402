"""The request card after another PC saved the request: the step is refused with who
and when, and the card shows the newer data."""

from __future__ import annotations

from datetime import datetime

import pytest

from tsj_desk.domain.errors import TsjError
from tsj_desk.domain.journal import Channel, Status
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request, set_status
from tsj_desk.services.users import UserInput, add_user, choose_user
from ui import errors
from ui.journal import request_card as card_module
from ui.journal.request_card import STALE_NOTICE, RequestCardDialog

NOW = datetime(2026, 11, 24, 11, 0)
ELSEWHERE = datetime(2026, 11, 24, 10, 42)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def shown(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(errors, "show_message", lambda parent, text: said.append(text))
    return said


def request_and_card(qtbot) -> tuple[str, RequestCardDialog]:
    reg_no = register_request(RequestInput(
        category="other", received_at=datetime(2026, 11, 23, 10, 0), applicant="Петрова Анна Ивановна",
        text="Прошу заменить лампу в подъезде", channel=Channel.LETTER), now=datetime(2026, 11, 23, 10, 0))
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    return reg_no, card


def on_another_pc(save) -> None:
    """What the accountant does at her PC: she is the session's user while she saves."""
    add_user(UserInput("Иванова", "бухгалтер"), now=ELSEWHERE)
    choose_user("Иванова", check_password=False)
    save()


def test_to_work_after_another_pc_answered_is_refused_and_the_card_shows_the_answer(qtbot, demo, shown):
    reg_no, card = request_and_card(qtbot)
    assert card.status.text() == "Зарегистрировано"
    on_another_pc(lambda: answer_request(reg_no, AnswerInput(text="Лампу заменили.", on=ELSEWHERE.date()),
                                         now=ELSEWHERE))

    card.work_button.click()
    assert shown == [f"Обращение {reg_no} изменено на другом компьютере (Иванова, бухгалтер, 10:42) — "
                     "обновите карточку"]
    assert card.status.text() == "Ответ дан"  # the newer data, not «В работе»
    assert card.answer_box.isVisible() and card.answer_text.text() == "Лампу заменили."
    assert card.notice.text() == STALE_NOTICE
    assert not card.work_button.isVisible()


def test_an_answer_typed_while_another_pc_took_the_request_to_work_is_refused_not_written(
        qtbot, demo, shown, monkeypatch):
    from tsj_desk.services.journal import request_card

    reg_no, card = request_and_card(qtbot)
    on_another_pc(lambda: set_status(reg_no, Status.IN_PROGRESS, now=ELSEWHERE))
    kept: list[str] = []

    def typed(cls, parent, card_, *, today, save):  # the dialog: a refusal keeps it open
        given = AnswerInput(text="Лампу заменим завтра.", on=today)
        try:
            save(given)
        except TsjError as exc:
            errors.show_error(parent, exc)
            kept.append(given.text)
            return None
        return given

    monkeypatch.setattr(card_module.AnswerDialog, "ask", classmethod(typed))
    card.answer_button.click()
    assert shown == [f"Обращение {reg_no} изменено на другом компьютере (Иванова, бухгалтер, 10:42) — "
                     "обновите карточку"]
    assert kept == ["Лампу заменим завтра."]  # still in the dialog, for the user to save again
    assert card.status.text() == "В работе"
    assert (request_card(reg_no).status, request_card(reg_no).answer_text) == (Status.IN_PROGRESS, "")
