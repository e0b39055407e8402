"""The decision on recalculation reads the same whether answered in the window or from
the command line: both offer the two sentences of one place (domain/recalculation.py)."""

from __future__ import annotations

from datetime import datetime

from tsj_desk.commands.request import RECALCULATION
from tsj_desk.services.journal import RequestInput, register_request, request_card
from ui.journal.answer_dialog import AnswerDialog

YES = "Перерасчёт платы будет произведён в следующем платёжном документе"
NO = "Оснований для перерасчёта платы нет: нарушение качества не подтверждено"


def test_the_window_offers_the_sentences_the_command_line_records(qtbot, db):
    reg_no = register_request(RequestInput(category="utility_quality", received_at=datetime(2026, 11, 20, 10, 0),
                                           applicant="Петров Пётр", text="Чуть тёплая горячая вода"),
                              now=datetime(2026, 11, 20, 10, 1))
    dialog = AnswerDialog(None, request_card(reg_no))
    qtbot.addWidget(dialog)
    offered = [dialog.recalculation.itemText(i) for i in range(dialog.recalculation.count())]
    assert offered == [YES, NO]
    # «--recalculation yes» / «no» record exactly what the window offers
    assert (RECALCULATION[True], RECALCULATION[False]) == (YES, NO)
