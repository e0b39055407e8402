"""The registration form and the answer dialog."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from keys import type_text
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from tsj_desk.domain.journal import Channel, Result, Status
from tsj_desk.services.journal import RequestInput, answer_request, register_request, request_card
from tsj_desk.services.registry import search_persons
from ui import errors
from ui.journal.answer_dialog import AnswerDialog
from ui.journal.forms import to_qdatetime
from ui.journal.request_dialog import RequestDialog, announce_registration

TODAY = date(2026, 11, 24)

# Typing an applicant opens the suggestions popup, which the offscreen platform can
# neither raise nor give the keyboard grab (it works all the same). The closest
# qt_log_ignore mark wins, so it repeats the conftest's offscreen noise.
offscreen_popups = pytest.mark.qt_log_ignore(
    r"^This plugin does not support propagateSizeHints\(\)$",
    r"^This plugin does not support raise\(\)$",
    r"^This plugin does not support grabbing the keyboard$",
)


def show_active(qtbot, widget: QWidget) -> None:
    """Show ``widget`` as the active window (keyboard focus works in the active window only)."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


@pytest.fixture
def dialog(qtbot, demo):
    dialog = RequestDialog()
    show_active(qtbot, dialog)
    return dialog


def choose(dialog: RequestDialog, code: str) -> None:
    dialog.category.setCurrentIndex(dialog.category.findData(code))


def received(dialog: RequestDialog, moment: datetime) -> None:
    dialog.received.setDateTime(to_qdatetime(moment))


def test_the_deadline_follows_the_category_and_the_time_of_receipt(dialog):
    assert dialog.received.text().startswith("24.11.2026 ")  # now, by default
    assert dialog.deadline.text() == "Срок ответа появится, когда будет выбрана категория"
    received(dialog, datetime(2026, 11, 24, 10, 0))
    choose(dialog, "maintenance")
    assert dialog.deadline.text() == "Срок ответа: 01.12.2026 — 5 рабочих дней, ПП 491 п. 40 «а»"
    choose(dialog, "owner_register")  # 5 calendar days end on Sunday 29.11: moved to Monday
    assert dialog.deadline.text() == ("Срок ответа: 30.11.2026 — 5 календарных дней, ЖК РФ ст. 45 ч. 3.1; "
                                      "перенос с 29.11.2026 (выходной)")
    assert "Согласие собственников" in dialog.category_note.text()
    choose(dialog, "emergency")
    assert dialog.deadline.text() == "Срок ответа: 24.11.2026 10:30 — 30 минут, ПП 416 п. 13"
    choose(dialog, "maintenance")
    received(dialog, datetime(2025, 12, 30, 16, 0))  # across the New Year holidays
    assert dialog.deadline.text() == "Срок ответа: 16.01.2026 — 5 рабочих дней, ПП 491 п. 40 «а»"


@offscreen_popups
def test_typing_a_lowercase_surname_suggests_owners_and_choosing_fills_the_premise(dialog, qtbot):
    dialog.applicant.setFocus()
    type_text(dialog.applicant, "семенов")  # «Семёнов» in the register: ё and е are one letter
    expected = search_persons("семенов")
    assert expected
    popup = dialog.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert len(shown) == len(expected) and all("Семёнов" in s for s in shown)
    target = expected[0]
    dialog.choose_person(target)
    assert dialog.applicant.text() == target.name
    assert dialog.premise.text() == target.premises.split(",")[0]
    assert dialog.applicant_info.text() == f"Собственник из реестра, помещение {target.premises}"
    type_text(dialog.applicant, "а")  # edited by hand: no longer that owner
    assert dialog.person_id() is None
    assert dialog.applicant_info.text() == "Не из реестра: укажите контакты для ответа"


def test_an_owner_typed_in_full_is_linked_to_the_register(dialog):
    owner = search_persons("Иванов")[0]
    dialog.applicant.setText(owner.name.upper())  # typed in capitals, without choosing
    choose(dialog, "other")
    dialog.text.setPlainText("Вопрос")
    dialog.save()
    assert request_card(dialog.reg_no).person_id == owner.id


@offscreen_popups
def test_an_outsider_with_contacts_and_an_attachment(dialog, tmp_path, monkeypatch):
    scan = tmp_path / "заявление.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scan)], ""))
    type_text(dialog.applicant, "Смирнов Алексей (агентство «Ключ»)")
    assert dialog.applicant_info.text() == "Не из реестра: укажите контакты для ответа"
    dialog.contacts.setText("+7 903 555-12-34")
    choose(dialog, "outsider")
    dialog.subject.setText("Задолженность по кв. 5")
    dialog.add_file_button.click()
    assert [dialog.attachments.item(i).text() for i in range(dialog.attachments.count())] == ["заявление.pdf"]
    dialog.remove_file_button.click()
    assert dialog.attachments.count() == 0
    dialog.add_file_button.click()
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    card = request_card(dialog.reg_no)
    assert card.person_id is None
    assert card.applicant_contacts == "+7 903 555-12-34"
    assert card.category.code == "outsider"
    assert [name for name, _ in card.attachments] == ["заявление.pdf"]


@offscreen_popups
def test_missing_category_keeps_the_form_open_and_says_why(dialog, monkeypatch):
    shown = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(exc))
    type_text(dialog.applicant, "Петров")
    dialog.text.setPlainText("Течёт кран")
    dialog.save()
    assert dialog.reg_no is None and dialog.isVisible()
    assert dialog.problem.text() == "Выберите категорию обращения: от неё зависит срок ответа."
    assert dialog.problem.isVisible()
    choose(dialog, "maintenance")
    dialog.premise.setText("999")  # the service refuses: no such premise
    dialog.save()
    assert dialog.reg_no is None and dialog.isVisible()
    assert [e.message for e in shown] == ["Помещение № 999 не найдено в реестре."]


def test_the_number_is_announced_with_the_deadline(qtbot, demo, monkeypatch):
    reg_no = register_request(RequestInput(category="maintenance", received_at=datetime(2026, 11, 24, 10, 0),
                                           applicant="Петров Пётр", text="Течёт кран"),
                              now=datetime(2026, 11, 24, 10, 1))
    seen = []

    def exec_(box):
        seen.append((box.text(), box.informativeText(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    announce_registration(None, reg_no)
    text, info, buttons = seen[0]
    assert text == f"Обращение зарегистрировано под № {reg_no}, срок ответа 01.12.2026."
    assert info == "Сообщите заявителю регистрационный номер и срок ответа (5 рабочих дней, ПП 491 п. 40 «а»)."
    assert "Готово" in buttons


def card_of(category: str, channel: Channel = Channel.EMAIL):
    reg_no = register_request(RequestInput(category=category, received_at=datetime(2026, 11, 20, 10, 0),
                                           applicant="Петров Пётр", text="Холодная вода в кране ГВС",
                                           channel=channel), now=datetime(2026, 11, 20, 10, 1))
    return request_card(reg_no)


def test_answer_dialog_defaults_to_the_request_channel_and_today(qtbot, demo):
    card = card_of("maintenance", Channel.EMAIL)
    dialog = AnswerDialog(None, card)
    qtbot.addWidget(dialog)
    assert dialog.channel.currentData() == Channel.EMAIL.value
    assert "ПП 416 п. 37" in dialog.channel_hint.text() and "e-mail" in dialog.channel_hint.text()
    assert dialog.on.text() == "24.11.2026"
    assert not dialog.recalculation.isVisibleTo(dialog)  # not a quality complaint


def test_a_refusal_needs_its_reason(qtbot, demo):
    card = card_of("maintenance")
    saved = []
    dialog = AnswerDialog(None, card, save=saved.append)
    show_active(qtbot, dialog)
    dialog.text.setPlainText("В просьбе отказано.")
    dialog.result.setCurrentIndex(dialog.result.findData(Result.REFUSED.value))
    assert dialog.refusal_reason.isVisible()
    dialog.save()
    assert saved == [] and dialog.problem.text() == "При отказе укажите его причину."
    assert dialog.refusal_reason.hasFocus()
    type_text(dialog.refusal_reason, "Вопрос не относится к полномочиям правления")
    dialog.save()
    assert saved[0].result == Result.REFUSED.value
    assert saved[0].refusal_reason == "Вопрос не относится к полномочиям правления"
    assert saved[0].channel == Channel.EMAIL.value


def test_a_quality_complaint_answer_states_the_recalculation(qtbot, demo):
    card = card_of("utility_quality")
    dialog = AnswerDialog(None, card, save=lambda a: answer_request(card.reg_no, a,
                                                                    now=datetime(2026, 11, 24, 12, 0)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.recalculation.isVisible()
    dialog.text.setPlainText("Проверка показала температуру ГВС 48 °C.")
    dialog.result.setCurrentIndex(dialog.result.findData(Result.SATISFIED.value))
    dialog.save()
    assert dialog.problem.text() == "В ответе на жалобу о качестве укажите решение о перерасчёте платы."
    dialog.recalculation.setCurrentIndex(0)
    dialog.save()
    answered = request_card(card.reg_no)
    assert answered.status is Status.ANSWERED
    assert answered.recalculation.startswith("Перерасчёт платы будет произведён")
    assert answered.answered_on == TODAY


def test_an_emergency_is_answered_with_its_time(qtbot, demo, fixed_clock):
    from PySide6.QtCore import QTime

    from tsj_desk.domain.deadlines import DeadlineStatus
    from tsj_desk.services.calendar import production_calendar

    fixed_clock.moment = datetime(2026, 11, 24, 12, 0)
    ordinary = AnswerDialog(None, card_of("maintenance"))
    qtbot.addWidget(ordinary)
    assert not ordinary.at.isVisibleTo(ordinary)
    card = card_of("emergency")  # received 20.11.2026 10:00, due 10:30
    dialog = AnswerDialog(None, card, save=lambda a: answer_request(card.reg_no, a,
                                                                    now=datetime(2026, 11, 24, 12, 0)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.at.isVisible() and dialog.at.text() == "12:00"
    dialog.on.setDate(dialog.on.date().addDays(-4))
    dialog.at.setTime(QTime(10, 45))
    dialog.text.setPlainText("Течь устранена, стояк перекрыт.")
    dialog.result.setCurrentIndex(dialog.result.findData(Result.SATISFIED.value))
    dialog.save()
    answered = request_card(card.reg_no)
    assert answered.answered_at == datetime(2026, 11, 20, 10, 45) and answered.answered_on == date(2026, 11, 20)
    assert answered.state(datetime(2026, 11, 24, 12, 0), production_calendar()) is DeadlineStatus.ANSWERED_LATE
