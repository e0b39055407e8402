"""Promises to pay: a debtor's promised date and sum, recorded against the premise's
current balance; the Сводка shows the ones due this week and the broken ones. A promise
is kept — and its debtor drops off the broken list — when a later balance is lower
than the one it was given against (``domain.debts.promise_state``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tsj_desk.domain.debts import PROMISE_STATES, PromiseFacts, money_text, promise_state, rubles, to_kopecks
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.text import format_date
from tsj_desk.services import audit
from tsj_desk.services.debts import current_balances, owners_today, premise_of
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Balance, House, PaymentPromise, Premise

SOURCES = ("телефон", "лично", "обзвон", "письмо")


def record_promise(account_or_premise: int | str, *, promised_date: date, amount: object,
                   now: datetime, source: str, note: str = "", allow_past: bool = False) -> int:
    """Record that the debtor of a premise (its id, or its лицевой счёт as text)
    promised to pay ``amount`` rubles by ``promised_date``; the promise's id.

    A date before today is refused (a slip of the date: the promise would be broken as
    soon as it is written), unless ``allow_past``: the results of a call list, imported
    days after the calls, record what was promised then."""
    premise = premise_of(account_or_premise)
    try:
        kopecks = to_kopecks(amount)
    except ValueError:
        raise ValidationFailed(f"Сумма обещанной оплаты «{amount}» — не число.") from None
    if kopecks is None or kopecks <= 0:
        raise ValidationFailed("Укажите сумму, которую должник обещал оплатить (больше нуля).")
    if not isinstance(promised_date, date):
        raise ValidationFailed("Укажите дату, к которой должник обещал оплатить.")
    if not allow_past and promised_date < now.date():
        raise ValidationFailed(f"Дата обещанной оплаты {format_date(promised_date)} уже прошла "
                               f"(сегодня {format_date(now.date())}). Укажите сегодняшнюю "
                               "или более позднюю дату.")
    balance = current_balances([premise.id]).get(premise.id)
    with database.atomic():
        promise = PaymentPromise.create(
            premise=premise.id, debt=balance[2] if balance else 0,
            balance_date=balance[1] if balance else None, promised_date=promised_date,
            amount=kopecks, made_at=now, user=audit.current_user(), source=source or "",
            note=note or "")
        audit.record("add", "payment_promise", promise.id, now=now, premise=premise.number,
                     promised_date=format_date(promised_date), amount=money_text(kopecks))
    return promise.id


@dataclass(frozen=True)
class PromiseRow:
    id: int
    premise_id: int
    house_address: str
    premise_number: str
    account: str
    owners: str
    phones: str
    promised_date: date
    amount: Decimal
    debt: Decimal  # the balance it was given against
    debt_now: Decimal | None  # the premise's current balance
    made_at: datetime
    user: str
    source: str
    note: str
    state: str  # domain.debts.promise_state

    @property
    def state_text(self) -> str:
        return PROMISE_STATES[self.state]


def promises(*, today: date, premise_id: int | None = None, states: set[str] | None = None) -> list[PromiseRow]:
    """Promises with their state as of ``today``, the earliest promised date first."""
    query = PaymentPromise.select().order_by(PaymentPromise.promised_date, PaymentPromise.id)
    if premise_id is not None:
        query = query.where(PaymentPromise.premise == premise_id)
    found = list(query)
    if not found:
        return []
    ids = list({p.premise_id for p in found})
    later: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for pid, day, debt in (Balance.select(Balance.premise, Balance.balance_date, Balance.debt)
                           .where(Balance.premise.in_(ids)).tuples()):
        later[pid].append((day, debt))
    latest = current_balances(ids)
    places = {pid: rest for pid, *rest in Premise.select(Premise.id, Premise.number, Premise.account,
                                                         House.address).join(House)
              .where(Premise.id.in_(ids)).tuples()}
    people = owners_today(ids, today)
    rows = []
    for p in found:
        facts = PromiseFacts(p.promised_date, p.debt, p.balance_date, p.made_at.date())
        state = promise_state(facts, later.get(p.premise_id, []), today)
        if states is not None and state not in states:
            continue
        number, account, address = places[p.premise_id]
        owners = people.get(p.premise_id, [])
        now_balance = latest.get(p.premise_id)
        rows.append(PromiseRow(
            p.id, p.premise_id, address, number, account or "", ", ".join(o.name for o in owners),
            "; ".join(dict.fromkeys(o.phone for o in owners if o.phone)), p.promised_date,
            rubles(p.amount), rubles(p.debt), rubles(now_balance[2]) if now_balance else None,
            p.made_at, p.user, p.source, p.note, state))
    return rows


@dataclass(frozen=True)
class PromisesSummary:
    due: list[PromiseRow]
    broken: list[PromiseRow]


def promises_summary(*, today: date) -> PromisesSummary:
    """What the Сводка shows: promises due within the week and the broken ones."""
    rows = promises(today=today, states={"due", "broken"})
    return PromisesSummary([r for r in rows if r.state == "due"],
                           sorted((r for r in rows if r.state == "broken"),
                                  key=lambda r: r.promised_date))
