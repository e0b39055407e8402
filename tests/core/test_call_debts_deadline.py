"""The debt campaign's «Срок»: the last day to pay after the written warning delivered
last, as the notice states it (20 days from the delivery, ПП 354 п. 119; a Saturday end
moves to Monday, ГК РФ ст. 193); empty without a warning delivered in writing."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from tsj_desk.services.call_lists import build_list, export_list
from tsj_desk.services.debt_notices import debt_notice_files, notices, set_delivery
from tsj_desk.services.debts import import_balances

from tests.conftest import NOW, TODAY
from tests.core.debts_base import build_base, osv_workbook


def test_the_due_date_is_twenty_days_after_the_written_warning(db, tmp_path):
    build_base()
    osv_workbook(tmp_path / "осв.xlsx", [
        ("100001", "1", "Иванов И. И.", 5000, 3000, 0, 8000, 3),
        ("100003", "3", "Сидоров О. П.", 12000, 3000, 3000, 12000, 4),
        ("100012", "12", "Волкова Е. Ю.", 3000, 3000, 0, 6000, 2),
    ])
    import_balances(tmp_path / "осв.xlsx", today=TODAY, now=NOW)
    debt_notice_files(tmp_path / "уведомления", today=TODAY, now=NOW)
    by_flat = {n.premise_number: n.id for n in notices()}
    # под подпись on Friday 20.11: 20.11 + 20 days = Thursday 10.12.2026
    set_delivery(by_flat["1"], "signature", delivered_on=date(2026, 11, 20), now=NOW)
    # заказным, delivered on Sunday 22.11: + 20 days = Saturday 12.12, so Monday 14.12.2026
    set_delivery(by_flat["3"], "registered", delivered_on=date(2026, 11, 22), now=NOW)
    # in the mailbox: no written warning, no date to name
    set_delivery(by_flat["12"], "mailbox", delivered_on=date(2026, 11, 20), now=NOW)

    calls = build_list("debt", today=TODAY, now=NOW, min_sum=Decimal("1000"))
    assert [(r.premise, r.due) for r in calls.rows] == [
        ("3", date(2026, 12, 14)), ("1", date(2026, 12, 10)), ("12", None)]

    export_list(calls, tmp_path / "долги.csv", now=NOW)
    [header, *rows] = list(csv.reader(io.StringIO((tmp_path / "долги.csv").read_bytes().decode("utf-8-sig"),
                                                  newline=""), delimiter=";"))
    assert [(r[header.index("Помещение")], r[header.index("Срок")]) for r in rows] == [
        ("3", "14.12.2026"), ("1", "10.12.2026"), ("12", "")]
