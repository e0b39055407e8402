"""The debt campaign's call list: the debtors of ``services.debts`` over a threshold, each
with the amount and the date of the balance it comes from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tsj_desk.services.call_lists import CallList, _premise_rows, _premises


def debt_rows(result: CallList, *, today: date, min_sum: Decimal | None = None,
              house_id: int | None = None) -> CallList:
    from tsj_desk.services.debts import debtors

    found = {row.premise_id: row for row in debtors(today=today, min_sum=min_sum, house_id=house_id)}
    premises = _premises(ids=list(found))
    return _premise_rows(result, [premises[pid] for pid in found if pid in premises],
                         amount=lambda p: found[p.id].debt, amount_on=lambda p: found[p.id].balance_date,
                         ask=lambda p: "напомнить о задолженности", by_number=False)  # the largest first
