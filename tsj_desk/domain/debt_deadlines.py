"""The date by which a warned debtor should pay, as the debt notice states it: «если в
течение 20 дней со дня доставки предупреждения долг не погашен, услугу могут ограничить
или приостановить» (ПП 354 пп. 117–119, ``reference/legal-ru.md`` §8).

The 20 days run from a written warning's delivery (``domain.debts.WARNING_DELIVERIES``:
под подпись, заказным письмом), not from a notice put in a mailbox or said on the phone.
They start on the day after the delivery (ГК РФ ст. 191) and end on delivery + 20; an
end on a non-working day moves to the next working day (ГК РФ ст. 193), as the
request deadlines do (``reference/legal-ru.md`` §1)."""

from __future__ import annotations

from datetime import date, timedelta

from tsj_desk.domain.calendar import ProductionCalendar

WARNING_DAYS = 20


def warning_pay_by(delivered_on: date, calendar: ProductionCalendar) -> date:
    """The last day to pay after a warning delivered on ``delivered_on``."""
    return calendar.next_working_day(delivered_on + timedelta(days=WARNING_DAYS))
