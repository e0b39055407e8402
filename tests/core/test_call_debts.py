"""The debt campaign: debtors over a threshold with the amount and the date of their
balance, the largest debt first; a promise dictated in the results becomes a promise to
pay of the premise."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from tsj_desk.services.call_lists import build_list, export_list
from tsj_desk.services.call_results import import_results, person_call_history
from tsj_desk.services.debts import import_balances
from tsj_desk.services.promises import promises

from tests.conftest import NOW, TODAY
from tests.core.debts_base import ADDRESS, build_base, osv_workbook


def balances(db, tmp_path):
    ids = build_base()
    # account, flat, owner, opening, accrued, paid, closing (the debt on 31.10.2026), months
    osv_workbook(tmp_path / "осв.xlsx", [
        ("100001", "1", "Иванов И. И.", 5000, 3000, 0, 8000.50, 3),
        ("100002", "2", "Петрова А. С.", 20000, 3000, 0, 23000, 7),  # no phone
        ("100003", "3", "Сидоров О. П.", 12000, 3000, 3000, 12000, 4),
        ("100004", "4", "Кузнецов П. А.", 0, 3000, 3000, 0, 0),  # no debt
        ("100012", "12", "Волкова Е. Ю.", 900, 3000, 3000, 900, 1),  # under the threshold
    ])
    import_balances(tmp_path / "осв.xlsx", today=TODAY, now=NOW)
    return ids


def test_debt_list_holds_the_debtors_over_the_threshold_largest_first(db, tmp_path):
    balances(db, tmp_path)
    calls = build_list("debt", today=TODAY, now=NOW, min_sum=Decimal("1000"))
    assert [(r.premise, r.phone, r.amount, r.amount_on) for r in calls.rows] == [
        ("3", "+79031112233", Decimal("12000.00"), date(2026, 10, 31)),  # the larger share: 1/2 each, first
        ("1", "+79161234567", Decimal("8000.50"), date(2026, 10, 31)),
    ]
    assert calls.rows[0].account == "100003" and calls.rows[0].address == f"{ADDRESS}, кв. 3"
    assert [(s.premise, s.why) for s in calls.skipped] == [("2", "нет телефона")]

    export_list(calls, tmp_path / "долги.csv", now=NOW)
    [header, *rows] = list(csv.reader(io.StringIO((tmp_path / "долги.csv").read_bytes().decode("utf-8-sig"),
                                                  newline=""), delimiter=";"))
    # a Russian Excel reads «12000,00» as a number and «31.10.2026» as a date
    assert [(r[header.index("Сумма")], r[header.index("Сумма на дату")], r[header.index("Лицевой счёт")])
            for r in rows] == [("12000,00", "31.10.2026", "100003"), ("8000,50", "31.10.2026", "100001")]


def test_a_promise_in_the_results_is_a_promise_to_pay(db, tmp_path):
    ids = balances(db, tmp_path)
    rows = {r.premise: r for r in build_list("debt", today=TODAY, now=NOW, min_sum=Decimal("1000")).rows}
    book = Workbook()
    book.active.append(["Код строки", "Дозвонились", "Обещанная дата", "Обещанная сумма", "Комментарий"])
    book.active.append([rows["1"].row_id, "да", "05.12.2026", "8 000,50", "оплатит с зарплаты"])
    book.active.append([rows["3"].row_id, "да", "10.12.2026", None, ""])  # a date without a sum
    book.save(tmp_path / "итоги.xlsx")
    report = import_results(tmp_path / "итоги.xlsx", today=TODAY, now=NOW)
    assert (report.saved, report.promises) == (1, 1)
    assert [(p.row, p.column) for p in report.problems] == [(3, "Обещанная сумма")]
    [promise] = promises(today=TODAY)
    assert (promise.premise_id, promise.promised_date, promise.amount, promise.source, promise.note) == (
        ids["1"], date(2026, 12, 5), Decimal("8000.50"), "обзвон", "оплатит с зарплаты")
    person = int(rows["1"].row_id.split("-")[1])
    assert [n.text for n in person_call_history(person)] == [
        "Обзвон «Долг», пом. 1, дозвонились, обещал оплатить 8\u00a0000,50\u00a0руб. до 05.12.2026: «оплатит с зарплаты»"]
