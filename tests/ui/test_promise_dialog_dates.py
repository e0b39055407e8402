"""«Обещание оплатить» with a date already past: the dialog stays open and says why;
nothing is recorded."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from tests.core.debts_base import build_base, osv_workbook
from tests.core.test_debts import OCTOBER
from tsj_desk.services import promises
from tsj_desk.services.debts import debtors, import_balances
from ui.debtors.promise_dialog import PromiseDialog
from ui.widgets import to_qdate


def test_a_past_date_keeps_the_dialog_open_with_the_reason(qtbot, db, tmp_path, fixed_clock):
    build_base()
    today = date(2026, 11, 24)
    import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=today, now=fixed_clock.moment)
    [flat1] = [row for row in debtors(today=today) if row.premise_number == "1"]
    dialog = PromiseDialog(flat1)
    qtbot.addWidget(dialog)
    # a flat is «кв. 1», as in the notices and the call lists; 13 512,45 on 31.10.2026 (OCTOBER)
    assert "Кв. 1, л/с 100001: Иванов Иван Иванович\nДолг 13\u00a0512,45\u00a0руб. на 31.10.2026" in [
        label.text() for label in dialog.findChildren(QLabel)]
    dialog.date.setDate(to_qdate(date(2026, 11, 20)))
    dialog.amount.setText("5 000,50")
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.problem.text() == ("Дата обещанной оплаты 20.11.2026 уже прошла (сегодня 24.11.2026). "
                                     "Укажите сегодняшнюю или более позднюю дату.")
    assert promises.promises(today=today) == []
