"""«Должники»: an ОСВ loaded through the import dialog with its preview, the table
sorted by debt with its totals to the kopeck, the filters, a promise to pay (and the
Сводка's box of promises), the notices file, a bad row refusing the file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.core.debts_base import build_base, osv_workbook
from tests.core.test_debts import OCTOBER, OCTOBER_TOTAL
from tsj_desk.services import promises
from ui.debtors.import_dialog import BalancesImportDialog
from ui.debtors.notices_dialog import NoticesDialog
from ui.debtors.page import DebtorsPage
from ui.debtors.promise_dialog import PromiseDialog
from ui.debtors.summary_box import PromisesBox
from ui.widgets import to_qdate

NBSP = "\u00a0"


@pytest.fixture
def base(db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)
    return build_base()


def load(qtbot, path) -> BalancesImportDialog:
    dialog = BalancesImportDialog(path=path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None or dialog._job is None, timeout=10000)
    return dialog


def shown(page: DebtorsPage) -> list[tuple[str, str]]:
    return [(page.proxy.index(r, 1).data(), page.proxy.index(r, 5).data()) for r in range(page.proxy.rowCount())]


def test_an_osv_through_the_dialog_then_the_debtors_their_totals_and_filters(qtbot, base, tmp_path):
    dialog = load(qtbot, osv_workbook(tmp_path / "ОСВ за октябрь.xlsx", OCTOBER, totals=OCTOBER_TOTAL))
    assert dialog.model.rowCount() == 5
    assert "Остатки на 31.10.2026 (из заголовка файла)" in dialog.status.text()
    assert f"67{NBSP}495,33{NBSP}руб." in dialog.status.text()
    assert dialog.import_button.isEnabled()
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert dialog.report.imported == 5

    page = DebtorsPage()
    qtbot.addWidget(page)
    page.resize(1140, 640)
    page.show()
    qtbot.waitExposed(page)
    assert page.heading.text() == "Должники по остаткам на 31.10.2026"
    assert shown(page) == [("12", f"50{NBSP}202,01"), ("1", f"13{NBSP}512,45"), ("3", f"4{NBSP}300,87")]
    assert page.totals.text() == f"Итого: 3 должника, задолженность 68{NBSP}015,33{NBSP}руб."
    assert page.proxy.index(2, 4).data() == "+79031112233; +79035556677"

    page.filter.setText("сидоров")
    assert shown(page) == [("3", f"4{NBSP}300,87")]
    assert page.totals.text() == f"Итого: 1 должник, задолженность 4{NBSP}300,87{NBSP}руб."
    page.filter.clear()
    page.min_sum.setValue(13513)  # 13 512,45 is less
    assert shown(page) == [("12", f"50{NBSP}202,01")]
    page.min_sum.setValue(0)
    page.months.setValue(3)
    assert [n for n, _ in shown(page)] == ["12", "1"]
    assert page.totals.text() == f"Итого: 2 должника, задолженность 63{NBSP}714,46{NBSP}руб."


def test_a_bad_row_shows_in_the_preview_and_the_file_is_not_loaded_whole(qtbot, base, tmp_path):
    rows = list(OCTOBER)
    rows[0] = ("777777", 1, "Иванов И. И.", 0, 0, 0, 13512.45, 3)
    dialog = load(qtbot, osv_workbook(tmp_path / "осв.xlsx", rows))
    assert "ошибок: 1" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    remarks = dialog.model.index(0, dialog.model.REMARKS).data()
    assert "лицевой счёт 777777 не найден в базе" in remarks
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled()


def test_a_promise_from_the_page_shows_in_its_row_and_in_the_summary_box(qtbot, base, tmp_path, fixed_clock):
    from tsj_desk.services.debts import import_balances

    import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=date(2026, 11, 24),
                    now=fixed_clock.moment)
    page = DebtorsPage()
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(1)  # flat 1
    assert page.promise_button.isEnabled()
    dialog = PromiseDialog(page.table.model().row_at(1).debtor, page)
    qtbot.addWidget(dialog)
    dialog.date.setDate(to_qdate(date(2026, 11, 27)))
    dialog.amount.setText("5 000,50")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.reload()
    [line] = [page.proxy.row_at(r) for r in range(page.proxy.rowCount())
              if page.proxy.row_at(r).debtor.premise_number == "1"]
    assert line.promise_text == f"5{NBSP}000,50 до 27.11.2026, скоро срок"

    promises.record_promise("100012", promised_date=date(2026, 11, 24) - timedelta(days=4), amount=1000,
                            now=fixed_clock.moment - timedelta(days=14), source="телефон")  # given on 10.11
    box = PromisesBox()
    qtbot.addWidget(box)
    box.refresh()
    assert (box.due.number_text(), box.due.detail()) == ("1", "срок в ближайшие 7 дней")
    assert box.due.toolTip() == f"пом. 1 — 5{NBSP}000,50{NBSP}руб. до 27.11.2026"
    assert box.broken.number_text() == "1"
    assert box.broken.toolTip() == f"пом. 12 — 1{NBSP}000,00{NBSP}руб. до 20.11.2026"


def test_the_notices_of_the_rows_shown_in_one_file(qtbot, base, tmp_path, fixed_clock):
    from tsj_desk.services.debt_notices import notices
    from tsj_desk.services.debts import import_balances

    import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=date(2026, 11, 24), now=fixed_clock.moment)
    page = DebtorsPage()
    qtbot.addWidget(page)
    page.show()
    page.min_sum.setValue(10000)
    dialog = NoticesDialog(page.shown_rows(), page)
    qtbot.addWidget(dialog)
    dialog.delivery.setCurrentIndex(dialog.delivery.findData("registered"))
    assert "20 дней" in dialog.delivery_note.text()
    out = tmp_path / "Уведомления.docx"
    dialog.save(target=out)
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=15000)
    assert out.exists() and dialog.made.count == 2
    assert dialog.done_text() == f"2 уведомления на сумму 63{NBSP}714,46{NBSP}руб.: {out}"
    assert [(n.premise_number, n.delivery_text) for n in notices()] == [("12", "заказным письмом"),
                                                                        ("1", "заказным письмом")]


def test_the_notices_log_marks_a_delivery(qtbot, base, tmp_path, fixed_clock):
    from tsj_desk.services.debt_notices import debt_notices_file, notices
    from tsj_desk.services.debts import import_balances
    from ui.debtors.notices_log import DeliveryDialog, NoticesLog

    import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=date(2026, 11, 24), now=fixed_clock.moment)
    debt_notices_file(tmp_path / "у.docx", today=date(2026, 11, 24), now=fixed_clock.moment, min_sum=50000)
    log = NoticesLog()
    qtbot.addWidget(log)
    assert log.model.rowCount() == 1
    assert [log.proxy.index(0, c).data() for c in (1, 2, 3, 4, 6, 7)] == [
        "12", "100012", f"50{NBSP}202,01", "31.10.2026", "в почтовый ящик", ""]
    log.table.selectRow(0)
    form = DeliveryDialog(log.proxy.row_at(0), log)
    qtbot.addWidget(form)
    form.delivery.setCurrentIndex(form.delivery.findData("signature"))
    form.day.setDate(to_qdate(date(2026, 11, 25)))
    form.accept()
    assert log.mark_delivered(form)
    [notice] = notices()
    assert (notice.delivery_text, notice.delivered_on) == ("под подпись", date(2026, 11, 25))
    assert log.proxy.index(0, 7).data() == "25.11.2026"


def test_an_unknown_debt_header_is_chosen_once_and_remembered(qtbot, base, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Сведения о платежах на 31.10.2026"])
    sheet.append(["Лицевой счёт", "Кв.", "Собственник", "К оплате, руб."])
    sheet.append(["100001", 1, "Иванов И. И.", 13512.45])
    sheet.append(["100012", 12, "Волкова Е. Ю.", 50202.01])
    path = tmp_path / "платежи.xlsx"
    book.save(path)

    dialog = BalancesImportDialog(path=path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog._job is None, timeout=10000)
    assert dialog.preview is None and dialog.columns.isVisibleTo(dialog)
    assert "не найдены нужные столбцы" in dialog.status.text()
    dialog.columns.choose("К оплате, руб.", "debt")
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert [(r.premise, r.debt) for r in dialog.model.rows()] == [("1", f"13{NBSP}512,45"), ("12", f"50{NBSP}202,01")]
    dialog.start_import()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)

    again = BalancesImportDialog(path=path)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.preview is not None, timeout=10000)
    note = again.preview.layout_note
    assert note.startswith("Раскладка запомнена: ") and "«К оплате, руб.» — Задолженность" in note
