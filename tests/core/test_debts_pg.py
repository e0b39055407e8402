"""The debts on PostgreSQL: the migration's tables, an ОСВ imported and undone, the
debtors to the kopeck, a promise (the same behaviour as on SQLite)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from tests.core.debts_base import build_base, osv_workbook
from tests.core.test_debts import OCTOBER
from tsj_desk.services import debts, promises
from tsj_desk.storage.database import close_database, open_database

NOW = datetime(2026, 11, 24, 12, 0)


def test_balances_debtors_undo_and_promises_on_postgresql(pg_url, tmp_path):
    open_database(pg_url)
    try:
        build_base()
        report = debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=NOW.date(), now=NOW)
        rows = debts.debtors(today=NOW.date())
        assert [(r.premise_number, r.debt) for r in rows] == [
            ("12", Decimal("50202.01")), ("1", Decimal("13512.45")), ("3", Decimal("4300.87"))]
        assert debts.total(rows).debt == Decimal("68015.33")
        promises.record_promise("100012", promised_date=date(2026, 11, 20), amount="20000,50",
                                now=datetime(2026, 11, 10, 9, 0), source="телефон")  # given before the date
        [broken] = promises.promises_summary(today=NOW.date()).broken
        assert (broken.premise_number, broken.amount) == ("12", Decimal("20000.50"))
        assert debts.undo_balance_batch(report.batch_id, now=NOW) == 5
        assert debts.debtors(today=NOW.date()) == []
    finally:
        close_database()
