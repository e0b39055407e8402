"""«Реестр передан…»: the way asks for what proves it (a tracking number, an address),
a refusal is said in the dialog, and the request is answered on the date typed."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tsj_desk.domain.journal import Channel, Status
from tsj_desk.services.journal import RequestInput, register_request, request_card
from tsj_desk.services.register_handout import Handover, prepare_register, prepared_register, record_handover
from ui.journal.handover_dialog import HandoverDialog

NOW = datetime(2026, 11, 24, 11, 0)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def prepared(demo, tmp_path) -> str:
    received = datetime(2026, 11, 20, 10, 0)
    reg_no = register_request(RequestInput(category="owner_register", received_at=received,
                                           applicant="Петрова Анна Ивановна", text="Прошу реестр"),
                              now=received)
    prepare_register(reg_no, tmp_path / "реестр.xlsx", now=datetime(2026, 11, 23, 9, 0), purpose="созыв ОСС")
    return reg_no


def dialog_for(qtbot, reg_no: str) -> HandoverDialog:
    dialog = HandoverDialog(None, request_card(reg_no), prepared_register(reg_no), today=NOW.date(),
                            save=lambda h: record_handover(reg_no, h, now=NOW))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_by_post_the_tracking_number_is_asked_and_required(qtbot, prepared):
    dialog = dialog_for(qtbot, prepared)
    assert not dialog.tracking.isVisible() and not dialog.email.isVisible()
    dialog.way.setCurrentIndex(dialog.way.findData(Handover.POST.value))
    assert dialog.tracking.isVisible() and not dialog.email.isVisible()
    dialog.save()
    assert dialog.value is None
    assert dialog.problem.text() == "Укажите почтовый идентификатор (трек-номер) отправления."
    assert request_card(prepared).status is Status.IN_PROGRESS
    dialog.tracking.setText("14040082123456")
    dialog.save()
    card = request_card(prepared)
    assert dialog.value is not None and card.status is Status.ANSWERED
    assert card.answered_on == date(2026, 11, 24) and card.answer_channel == Channel.LETTER.value


def test_the_dialog_says_when_the_register_was_prepared(qtbot, prepared):
    dialog = dialog_for(qtbot, prepared)
    texts = [w.text() for w in dialog.findChildren(type(dialog.problem)) if w.text()]
    assert any("Реестр на 23.11.2026 подготовлен 23.11.2026" in t and "по этой дате" in t for t in texts)
    assert dialog.way.currentText() == "лично под подпись"
