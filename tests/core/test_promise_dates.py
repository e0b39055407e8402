"""A promise to pay by a date already past is a slip of the date: refused with the date
named, nothing recorded; today itself is a promise to pay today. The results of a call
list, imported days after the calls, still record what was promised then."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cli_run import run
from tests.conftest import NOW
from tests.core.debts_base import build_base, osv_workbook
from tests.core.test_debts import OCTOBER
from tests.core.test_debts_cli import base_file, query  # noqa: F401 (a fixture)
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.services import debts, promises

TODAY = date(2026, 11, 24)  # NOW's day


def test_a_date_before_today_is_refused_and_today_is_taken(db, tmp_path):
    build_base()
    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW)
    with pytest.raises(ValidationFailed) as refused:
        promises.record_promise("100001", promised_date=date(2026, 11, 23), amount="5000", now=NOW,
                                source="телефон")
    assert refused.value.message == ("Дата обещанной оплаты 23.11.2026 уже прошла (сегодня 24.11.2026). "
                                     "Укажите сегодняшнюю или более позднюю дату.")
    assert promises.promises(today=TODAY) == []

    promises.record_promise("100001", promised_date=TODAY, amount="5000", now=NOW, source="телефон")
    assert [(p.premise_number, p.promised_date) for p in promises.promises(today=TODAY)] == [("1", TODAY)]


def test_the_command_line_refuses_a_past_date(capsys, tmp_path, base_file):  # noqa: F811
    assert run(capsys, "import-balances", osv_workbook(tmp_path / "осв.xlsx", OCTOBER), "--db", base_file)[0] == 0
    code, out, err = run(capsys, "promise", "100001", "--db", base_file, "--date", "01.11.2026", "--sum", "5000")
    assert code != 0 and out == ""
    assert "Дата обещанной оплаты 01.11.2026 уже прошла (сегодня 24.11.2026)" in err
    assert "Traceback" not in err
    assert query(base_file, 'SELECT COUNT(*) FROM payment_promise') == [(0,)]


def test_a_call_list_result_imported_later_keeps_a_promise_now_past(db, tmp_path):
    from datetime import timedelta
    from decimal import Decimal

    from openpyxl import Workbook

    from tsj_desk.services.call_lists import build_list
    from tsj_desk.services.call_results import import_results

    build_base()
    debts.import_balances(osv_workbook(tmp_path / "осв.xlsx", OCTOBER), today=TODAY, now=NOW)
    [flat1] = [r for r in build_list("debt", today=TODAY, now=NOW).rows if r.premise == "1"]
    book = Workbook()
    book.active.append(["Код строки", "Дозвонились", "Обещанная дата", "Обещанная сумма"])
    book.active.append([flat1.row_id, "да", "26.11.2026", "1 000"])  # called on 24.11, brought in on 30.11
    book.save(tmp_path / "итоги.xlsx")
    later = NOW + timedelta(days=6)
    assert import_results(tmp_path / "итоги.xlsx", today=later.date(), now=later).promises == 1
    [promise] = promises.promises(today=later.date())
    assert (promise.premise_number, promise.promised_date, promise.amount) == (
        "1", date(2026, 11, 26), Decimal("1000.00"))
