"""The debt campaign's call list: the debtors of ``services.debts`` over a threshold, each
with the amount and the date of the balance it comes from, and in «Срок» the last day to
pay after the written warning delivered last (``services.debt_deadlines``), empty when
no notice was delivered under signature or by registered post."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tsj_desk.services.call_lists import CallList, _premise_rows, _premises


def debt_rows(result: CallList, *, today: date, min_sum: Decimal | None = None,
              house_id: int | None = None) -> CallList:
    from tsj_desk.services.debt_deadlines import warning_deadlines
    from tsj_desk.services.debts import debtors

    found = {row.premise_id: row for row in debtors(today=today, min_sum=min_sum, house_id=house_id)}
    premises = _premises(ids=list(found))
    pay_by = warning_deadlines(list(found))
    return _premise_rows(result, [premises[pid] for pid in found if pid in premises],
                         amount=lambda p: found[p.id].debt, amount_on=lambda p: found[p.id].balance_date,
                         due=lambda p: pay_by.get(p.id),
                         ask=lambda p: "напомнить о задолженности", by_number=False)  # the largest first
