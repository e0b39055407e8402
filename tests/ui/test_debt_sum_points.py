"""A sum in roubles ends with «руб.», whose point also ends the sentence: the notices
dialog's line and the balances file's totals warning print one point, never «руб..»."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from tests.core.debts_base import build_base, osv_workbook
from tests.core.test_debts import OCTOBER
from tsj_desk.importers.balances import parse_balances_file
from tsj_desk.services.debts import debtors, import_balances
from ui.debtors.notices_dialog import NoticesDialog

NBSP = "\u00a0"
TODAY = date(2026, 11, 24)


def test_the_notices_dialog_names_the_total_with_one_point(qtbot, db, tmp_path, fixed_clock):
    build_base()
    import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=fixed_clock.moment)
    dialog = NoticesDialog(debtors(today=TODAY))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    # 50 202,01 + 13 512,45 + 4 300,87 (flat 4 overpaid, flat 2 paid)
    line = f"Для должников в списке: 3 должника, задолженность 68{NBSP}015,33{NBSP}руб."
    assert line in texts
    assert not any("руб.." in text for text in texts)


def test_a_totals_row_that_disagrees_is_warned_with_one_point(tmp_path):
    path = osv_workbook(tmp_path / "осв.xlsx", OCTOBER, totals=70000)
    [warning] = parse_balances_file(path, today=TODAY).warnings
    # the rows: 13 512,45 + 0 + 4 300,87 − 520,00 + 50 202,01 = 67 495,33
    assert warning.message == (f"сумма строк файла 67{NBSP}495,33{NBSP}руб. не равна итогу файла "
                               f"70{NBSP}000,00{NBSP}руб.")
