"""Each premise's date to pay after the written warning delivered last
(``domain.debt_deadlines``): the «Срок» of the debt campaign's call list."""

from __future__ import annotations

from datetime import date

import peewee

from tsj_desk.domain.debt_deadlines import warning_pay_by
from tsj_desk.domain.debts import WARNING_DELIVERIES
from tsj_desk.storage.models import DebtNotice


def warning_deadlines(premise_ids: list[int]) -> dict[int, date]:
    """Premise id → the last day to pay after its latest warning delivered in writing
    (под подпись, заказным письмом); a premise without one is absent."""
    if not premise_ids:
        return {}
    from tsj_desk.services.calendar import production_calendar

    latest = dict(DebtNotice.select(DebtNotice.premise, peewee.fn.MAX(DebtNotice.delivered_on))
                  .where(DebtNotice.premise.in_(premise_ids), DebtNotice.delivered_on.is_null(False),
                         DebtNotice.delivery.in_(sorted(WARNING_DELIVERIES)))
                  .group_by(DebtNotice.premise).tuples())
    if not latest:
        return {}
    calendar = production_calendar()
    return {pid: warning_pay_by(day, calendar) for pid, day in latest.items()}
