"""Balances per лицевой счёт from an ОСВ with a title block and a totals row: the
debtors list and its totals to the kopeck, undoing a batch, a bad row stopping the
file, promises to pay kept and broken (legal-ru §8)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.core.debts_base import build_base, osv_workbook
from tsj_desk.domain.errors import FileProblem, ImportRejected
from tsj_desk.services import debts, promises
from tsj_desk.storage.models import Balance, BalanceBatch

NOW = datetime(2026, 11, 24, 12, 0)
TODAY = NOW.date()

# account, flat, owner as the billing writes it, opening, accrued, paid, closing, months
OCTOBER = [
    ("100001", 1, "Иванов И. И.", 10000.00, 3512.45, 0, 13512.45, 3),
    ("100002", 2, "Петрова А. С.", 0, 3120.10, 3120.10, 0, 0),
    ("100003", 3, "Сидоров О. П.", 2200.50, 4100.37, 2000, "4 300,87", 1),
    ("100004", 4, "Кузнецов П. А.", -500, 2980.00, 3000, -520.00, 0),
    ("100012", 12, "Волкова Е. Ю.", 45000.99, 5201.02, 0, 50202.01, 11),
]
# 13 512,45 + 0 + 4 300,87 − 520,00 + 50 202,01
OCTOBER_TOTAL = 67495.33


@pytest.fixture
def base(db):
    return build_base()


def test_an_osv_with_title_and_totals_gives_the_debtors_to_the_kopeck(base, tmp_path):
    path = osv_workbook(tmp_path / "ОСВ октябрь.xlsx", OCTOBER, totals=OCTOBER_TOTAL)
    report = debts.import_balances(path, today=TODAY, now=NOW)
    assert (report.rows, report.imported, report.errors, report.warnings) == (5, 5, [], [])

    rows = debts.debtors(today=TODAY)
    assert [(r.premise_number, r.account, r.debt, r.months) for r in rows] == [
        ("12", "100012", Decimal("50202.01"), 11),
        ("1", "100001", Decimal("13512.45"), 3),
        ("3", "100003", Decimal("4300.87"), 1),
    ]  # the overpaid flat 4 and the paid flat 2 are no debtors
    assert all(r.balance_date == date(2026, 10, 31) for r in rows)  # «по состоянию на 31.10.2026»
    flat3 = rows[2]
    assert flat3.owners == "Сидоров Олег Петрович, Сидорова Мария Ивановна"  # the register's names
    assert flat3.phones == "+79031112233; +79035556677"
    assert flat3.house_address == "г. Коломна, ул. Лесная, д. 5"
    summary = debts.total(rows)
    assert (summary.count, summary.debt) == (3, Decimal("68015.33"))  # 50 202,01 + 13 512,45 + 4 300,87
    assert summary.text() == "3 должника, задолженность 68\u00a0015,33\u00a0руб."


def test_filters_by_sum_months_and_house(base, tmp_path):
    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW)
    assert [r.premise_number for r in debts.debtors(today=TODAY, min_sum=Decimal("13512.45"))] == ["12", "1"]
    assert [r.premise_number for r in debts.debtors(today=TODAY, min_sum="13512,46")] == ["12"]
    assert [r.premise_number for r in debts.debtors(today=TODAY, months=3)] == ["12", "1"]
    assert [r.premise_number for r in debts.debtors(today=TODAY, months=4)] == ["12"]
    house = debts.debtors(today=TODAY)[0].house_id
    assert len(debts.debtors(today=TODAY, house_id=house)) == 3
    assert debts.debtors(today=TODAY, house_id=house + 1) == []


def test_a_totals_row_that_disagrees_is_a_warning(base, tmp_path):
    path = osv_workbook(tmp_path / "осв.xlsx", OCTOBER, totals=67495.32)
    preview = debts.preview_balances(path, today=TODAY)
    assert preview.errors == []
    [warning] = preview.warnings
    assert warning.row == 12  # title 1–4, blank 5, header 6, rows 7–11, «Итого» 12
    assert "67\u00a0495,33" in warning.message and "67\u00a0495,32" in warning.message


def test_undo_of_a_later_batch_brings_the_earlier_balance_back(base, tmp_path):
    debts.import_balances(osv_workbook(tmp_path / "октябрь.xlsx", OCTOBER), today=TODAY, now=NOW)
    november = [("100012", 12, "Волкова Е. Ю.", 50202.01, 5201.02, 25403.03, 30000.00, 6)]
    report = debts.import_balances(
        osv_workbook(tmp_path / "ноябрь.xlsx", november, title="Оборотно-сальдовая ведомость за ноябрь 2026 г.",
                     period=""), today=date(2026, 11, 30), now=NOW)
    flat12 = debts.debtors(today=TODAY)[0]
    assert (flat12.premise_number, flat12.debt, flat12.balance_date) == ("12", Decimal("30000.00"),
                                                                        date(2026, 11, 30))  # «за ноябрь»
    assert debts.undo_balance_batch(report.batch_id, now=NOW) == 1
    flat12 = debts.debtors(today=TODAY)[0]
    assert (flat12.debt, flat12.balance_date) == (Decimal("50202.01"), date(2026, 10, 31))
    undone = {b.id: b.undone_at for b in debts.list_balance_batches()}
    assert undone[report.batch_id] == NOW


def test_an_unknown_account_is_an_error_of_its_row_and_nothing_is_written(base, tmp_path):
    rows = list(OCTOBER)
    rows[2] = ("999999", 3, "Сидоров О. П.", 0, 0, 0, 4300.87, 1)
    path = osv_workbook(tmp_path / "осв.xlsx", rows)
    with pytest.raises(ImportRejected) as caught:
        debts.import_balances(path, today=TODAY, now=NOW)
    [error] = caught.value.errors
    assert (error.row, error.column) == (9, "Лицевой счёт")
    assert "лицевой счёт 999999 не найден" in error.message
    assert Balance.select().count() == 0 and BalanceBatch.select().count() == 0
    report = debts.import_balances(path, today=TODAY, now=NOW, skip_invalid=True)
    assert report.imported == 4
    assert [r.premise_number for r in debts.debtors(today=TODAY)] == ["12", "1"]


def test_a_sum_that_is_no_number_and_a_repeated_account_are_row_errors(base, tmp_path):
    rows = list(OCTOBER)
    rows[1] = ("100002", 2, "Петрова А. С.", 0, 0, 0, "долг", 0)
    rows.append(("100001", 1, "Иванов И. И.", 0, 0, 0, 100, 1))
    preview = debts.preview_balances(osv_workbook(tmp_path / "осв.xlsx", rows, totals=None), today=TODAY)
    assert [(p.row, p.column) for p in preview.errors] == [(8, "Сальдо на конец периода"), (12, "Лицевой счёт")]
    assert "«долг» — не число" in preview.errors[0].message
    assert "уже есть в строке 7" in preview.errors[1].message


def test_a_file_without_a_date_asks_for_one(base, tmp_path):
    path = osv_workbook(tmp_path / "долги.xlsx", OCTOBER, title="Список должников", period="")
    with pytest.raises(FileProblem, match="не найдена дата остатков"):
        debts.preview_balances(path, today=TODAY)
    preview = debts.preview_balances(path, today=TODAY, balance_date=date(2026, 11, 1))
    assert preview.parsed.balance_date == date(2026, 11, 1)


def test_a_promise_due_and_a_broken_one_and_a_payment_taking_it_off(base, tmp_path):
    debts.import_balances(osv_workbook(tmp_path / "октябрь.xlsx", OCTOBER), today=TODAY, now=NOW)
    promises.record_promise("100012", promised_date=date(2026, 11, 20), amount="20 000",
                            now=datetime(2026, 11, 10, 9, 0), source="телефон")
    promises.record_promise(base["1"], promised_date=date(2026, 11, 27), amount=Decimal("13512.45"),
                            now=NOW, source="лично", note="после зарплаты")
    summary = promises.promises_summary(today=TODAY)
    assert [(p.premise_number, p.amount, p.promised_date) for p in summary.due] == [
        ("1", Decimal("13512.45"), date(2026, 11, 27))]
    assert [(p.premise_number, p.amount, p.debt) for p in summary.broken] == [
        ("12", Decimal("20000.00"), Decimal("50202.01"))]
    # the November balance of flat 12 is lower: it paid, and leaves the broken list
    november = [("100012", 12, "Волкова Е. Ю.", 50202.01, 5201.02, 25403.03, 30000.00, 6)]
    debts.import_balances(osv_workbook(tmp_path / "ноябрь.xlsx", november, period="на 23.11.2026"),
                          today=TODAY, now=NOW)
    summary = promises.promises_summary(today=TODAY)
    assert summary.broken == []
    assert [p.premise_number for p in summary.due] == ["1"]


def test_a_promise_needs_a_known_account_and_a_sum(base):
    from tsj_desk.domain.errors import NotFound, ValidationFailed

    with pytest.raises(NotFound, match="Лицевой счёт 555 не найден"):
        promises.record_promise("555", promised_date=TODAY, amount=100, now=NOW, source="телефон")
    with pytest.raises(ValidationFailed, match="не число"):
        promises.record_promise("100001", promised_date=TODAY, amount="сто", now=NOW, source="телефон")
    with pytest.raises(ValidationFailed, match="больше нуля"):
        promises.record_promise("100001", promised_date=TODAY, amount=0, now=NOW, source="телефон")


def test_a_promise_through_the_debts_service_name(base, tmp_path):
    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW)
    debts.record_promise("100003", promised_date=date(2026, 11, 25), amount="4300,87", now=NOW, source="обзвон")
    [due] = promises.promises_summary(today=TODAY).due
    assert (due.premise_number, due.amount, due.source) == ("3", Decimal("4300.87"), "обзвон")


def test_a_cancelled_import_writes_nothing(base, tmp_path):
    import threading

    from tsj_desk.services.importing import Cancelled

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW, cancel=cancel)
    assert Balance.select().count() == 0 and BalanceBatch.select().count() == 0


def test_a_notice_file_per_debtor_named_by_premise(base, tmp_path):
    from docx import Document

    from tsj_desk.services.debt_notices import debt_notice_files, notices

    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW)
    made = debt_notice_files(tmp_path / "уведомления", today=TODAY, now=NOW, months=3, delivery="registered")
    assert [p.name for p in made.files] == ["Уведомление о задолженности, пом. 12.docx",
                                           "Уведомление о задолженности, пом. 1.docx"]
    text = "\n".join(p.text for p in Document(str(made.files[1])).paragraphs)
    assert "в размере 13\u00a0512,45\u00a0руб. (за 3 месяца) по оплате" in text
    assert "от 24.11.2026" in "\n".join(c.text for t in Document(str(made.files[1])).tables
                                         for r in t.rows for c in r.cells)
    assert [(n.premise_number, n.delivery_text, n.debt) for n in notices()] == [
        ("12", "заказным письмом", Decimal("50202.01")), ("1", "заказным письмом", Decimal("13512.45"))]


def test_a_corrected_file_of_the_same_date_wins_over_the_first(base, tmp_path):
    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW)
    corrected = [("100012", 12, "Волкова Е. Ю.", 45000.99, 5201.02, 50202.01, 0, 0)]  # paid in October after all
    debts.import_balances(osv_workbook(tmp_path / "осв-исправленная.xlsx", corrected), today=TODAY, now=NOW)
    assert [(r.premise_number, r.debt) for r in debts.debtors(today=TODAY)] == [
        ("1", Decimal("13512.45")), ("3", Decimal("4300.87"))]
