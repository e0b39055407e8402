"""The request card: what it shows and the steps its status allows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices

from tsj_desk.domain.journal import Channel, Status
from tsj_desk.services.disclosure import list_disclosures
from tsj_desk.services.journal import AnswerInput, RequestInput, answer_request, register_request, request_card
from ui.journal import request_card as card_module
from ui.journal.request_card import RequestCardDialog
from ui.journal.step_dialogs import ActDateDialog, CloseDialog, Closing, InspectionDialog, Issue, IssueRegisterDialog

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 11, 0)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def opened(monkeypatch):
    """QDesktopServices.openUrl replaced: the files the card asked the desktop to open."""
    files: list[Path] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: files.append(Path(url.toLocalFile())) or True)
    return files


def register(category: str, *, received: datetime = datetime(2026, 11, 23, 10, 0),
             attachments: list[Path] | None = None) -> str:
    return register_request(RequestInput(
        category=category, received_at=received, applicant="Петрова Анна Ивановна",
        applicant_contacts="+7 916 111-22-33", text="Текст обращения", subject="Тема обращения",
        channel=Channel.LETTER, attachments=attachments or []), now=received)


def card_for(qtbot, reg_no: str) -> RequestCardDialog:
    card = RequestCardDialog(None, reg_no)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    return card


def visible_steps(card: RequestCardDialog) -> list[str]:
    return [b.text() for b in card.step_buttons if b.isVisible()]


def test_the_card_shows_the_deadline_with_its_basis_and_the_history(qtbot, demo, tmp_path, opened):
    scan = tmp_path / "фото протечки.jpg"
    scan.write_bytes(b"\xff\xd8 jpeg")
    reg_no = register("maintenance", received=datetime(2026, 11, 16, 10, 0), attachments=[scan])
    card = card_for(qtbot, reg_no)
    assert card.windowTitle() == f"Обращение № {reg_no}"
    assert card.heading.text() == f"Обращение № {reg_no} от 16.11.2026 10:00, письмо"
    assert card.deadline.text() == "23.11.2026 — 5 рабочих дней, ПП 491 п. 40 «а»"
    assert card.state.text() == "просрочено на 1 день"
    assert "background: #" in card.state.styleSheet()
    assert card.applicant.text() == "Петрова Анна Ивановна (+7 916 111-22-33) — не из реестра"
    assert card.status.text() == "Зарегистрировано"
    history = card.history_model
    assert history.rowCount() == 1
    assert history.index(0, 0).data() == "16.11.2026 10:00"
    assert history.index(0, 2).data().startswith("Зарегистрировано: срок ответа 23.11.2026")
    assert visible_steps(card) == ["В работу", "Ответить…"]
    assert card.primary_button() is card.answer_button and card.answer_button.isDefault()
    assert card.attachments.item(0).text() == "фото протечки.jpg"
    card.open_file_button.click()
    assert len(opened) == 1 and opened[0].read_bytes() == b"\xff\xd8 jpeg"


def test_in_work_then_answer_then_close_with_a_score(qtbot, demo, monkeypatch):
    reg_no = register("other")
    card = card_for(qtbot, reg_no)
    card.work_button.click()
    assert card.status.text() == "В работе"
    assert card.notice.text() == "Обращение взято в работу."
    assert visible_steps(card) == ["Ответить…"]

    def answer(cls, parent, card_, *, today, save):
        from tsj_desk.services.journal import AnswerInput

        given = AnswerInput(text="Разрешение дано.", on=today, result="satisfied")
        save(given)
        return given

    monkeypatch.setattr(card_module.AnswerDialog, "ask", classmethod(answer))
    card.answer_button.click()
    assert card.status.text() == "Ответ дан"
    assert card.answer_box.isVisible()
    assert card.answer_facts.text() == "24.11.2026; письмо; удовлетворено"  # by the request's channel
    assert visible_steps(card) == ["Закрыть обращение…"]
    assert card.primary_button() is card.close_request_button

    monkeypatch.setattr(CloseDialog, "ask", classmethod(lambda cls, parent, card_: Closing(4)))
    card.close_request_button.click()
    assert card.status.text() == "Закрыто"
    assert card.answer_facts.text().endswith("оценка заявителя: 4")
    assert visible_steps(card) == []
    assert card.primary_button() is card.done_button
    assert [h[2] for h in request_card(reg_no).history] == [
        "Зарегистрировано", "Статус: В работе", "Ответ дан", "Закрыто"]


def test_quality_complaint_inspection_and_act_give_a_new_deadline(qtbot, demo, monkeypatch):
    reg_no = register("utility_quality")
    card = card_for(qtbot, reg_no)
    assert visible_steps(card) == ["В работу", "Назначить проверку…", "Ответить…"]
    monkeypatch.setattr(InspectionDialog, "ask",
                        classmethod(lambda cls, parent, card_, now: datetime(2026, 11, 23, 12, 0)))
    card.inspection_button.click()
    assert card.status.text() == "Назначена проверка"
    assert card.inspection.text() == "назначена на 23.11.2026 12:00"
    assert visible_steps(card) == ["Акт проверки составлен…", "Ответить…"]
    assert card.primary_button() is card.act_button

    monkeypatch.setattr(ActDateDialog, "ask", classmethod(lambda cls, parent, card_, today: date(2026, 11, 24)))
    card.act_button.click()
    # 5 days after the act of 24.11 end on Sunday 29.11: moved to Monday 30.11
    assert card.deadline.text().startswith("30.11.2026 — 5 календарных дней")
    assert card.notice.text().startswith("Акт проверки от 24.11.2026 записан. Новый срок ответа — 30.11.2026")
    assert card.status.text() == "В работе"
    assert card.inspection.text() == "назначена на 23.11.2026 12:00; акт от 24.11.2026"
    assert request_card(reg_no).due_date == date(2026, 11, 30)


def test_owner_register_is_handed_out_and_the_disclosure_logged(qtbot, demo, monkeypatch, tmp_path):
    reg_no = register("owner_register")
    card = card_for(qtbot, reg_no)
    assert visible_steps(card) == ["В работу", "Ответить…", "Выдать реестр…"]
    assert card.primary_button() is card.issue_button
    out = tmp_path / "реестр.xlsx"
    monkeypatch.setattr(IssueRegisterDialog, "ask", classmethod(
        lambda cls, parent, card_, today: Issue("созыв общего собрания", out)))
    card.issue_button.click()
    qtbot.waitUntil(lambda: card._job is None, timeout=20000)
    assert out.is_file()
    assert card.notice.text().startswith(f"Реестр собственников подготовлен: файл {out}. Выдача записана")
    logged = list_disclosures()
    assert [(d.requested_by, d.purpose) for d in logged] == [("Петрова Анна Ивановна", "созыв общего собрания")]
    # the file is ready, nothing has reached the applicant: not answered yet
    assert card.status.text() == "В работе" and request_card(reg_no).status is Status.IN_PROGRESS
    assert card.handover_button.isVisible() and card.primary_button() is card.handover_button

    from tsj_desk.services.register_handout import Handover, HandoverInput
    from ui.journal.handover_dialog import HandoverDialog

    monkeypatch.setattr(HandoverDialog, "ask", classmethod(
        lambda cls, parent, card_, prepared, today, save: save(HandoverInput(Handover.IN_PERSON, on=today))
        or HandoverInput(Handover.IN_PERSON, on=today)))
    card.handover_button.click()
    assert card.status.text() == "Ответ дан"
    assert card.notice.text() == "Передача реестра записана (лично под подпись, 24.11.2026); обращение отвечено."
    assert request_card(reg_no).status is Status.ANSWERED and request_card(reg_no).answered_on == TODAY


def test_the_issue_dialog_needs_a_purpose(qtbot, demo):
    card = request_card(register("owner_register"))
    dialog = IssueRegisterDialog(None, card, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.save()
    assert dialog.value is None and dialog.problem.text() == "Укажите цель выдачи реестра."
    dialog.purpose.setEditText("созыв общего собрания")
    dialog.save()
    assert dialog.value.purpose == "созыв общего собрания"
    assert dialog.value.out.name == f"Реестр собственников на 24.11.2026 (обращение {card.reg_no}).xlsx"


def test_letters_are_written_and_opened(qtbot, demo, opened):
    reg_no = register("maintenance")
    card = card_for(qtbot, reg_no)
    assert card.notice_button.isEnabled()
    card.notice_button.click()
    assert len(opened) == 1 and opened[0].suffix == ".docx" and opened[0].is_file()
    assert reg_no in opened[0].name
    assert not card.letter_button.isVisible()  # no answer yet
    answer_request(reg_no, AnswerInput(text="Лампа заменена.", on=TODAY, outgoing_no="7"), now=NOW)
    card.refresh()
    assert card.letter_button.isVisible()
    card.letter_button.click()
    assert len(opened) == 2 and opened[1].name == f"Ответ на обращение {reg_no}.docx" and opened[1].is_file()


def test_a_request_registered_by_mistake_is_voided_with_its_reason(qtbot, demo, monkeypatch):
    from ui.journal.void_dialog import VoidDialog

    reg_no = register("maintenance")
    card = card_for(qtbot, reg_no)
    assert card.void_button.isVisible()
    asked = []
    monkeypatch.setattr(VoidDialog, "ask", classmethod(
        lambda cls, parent, card_: asked.append(card_.reg_no) or "зарегистрировано повторно"))
    card.void_button.click()
    assert asked == [reg_no]
    assert card.status.text() == "Аннулировано — зарегистрировано повторно"
    assert card.state.text() == "аннулировано"
    assert visible_steps(card) == [] and not card.void_button.isVisible()  # nothing more to do
    assert card.history_model.rows()[-1][2:] == ("Аннулировано", "причина: зарегистрировано повторно")
    assert request_card(reg_no).status is Status.VOIDED


def test_the_void_dialog_needs_a_reason(qtbot, demo):
    from ui.journal.void_dialog import VoidDialog

    dialog = VoidDialog(None, request_card(register("maintenance")))
    qtbot.addWidget(dialog)
    dialog.reason.setText("   ")
    dialog.ok_button.click()
    assert dialog.value is None and not dialog.problem.isHidden()
    assert dialog.problem.text() == "Укажите причину аннулирования."
    dialog.reason.setText("дубль")
    dialog.ok_button.click()
    assert dialog.value == "дубль"
