"""Call lists of a campaign: whom to call, on which phone, about what, and the id each
call's result comes back with (``services.call_results``).

Campaigns:
- ``readings``: premises whose active meters lack a reading of the current period
  (the period of ``today``), with the meters to ask for;
- ``debt``: debtors over a threshold, with the amount and the date of the balance;
- ``visit``: the premises a specialist's visit needs access to, with its date;
- ``survey``: requests closed in the last N days and not yet scored.

One row per premise (per request for a survey): its owner with a phone that can be
dialled (the larger share first); a premise whose owners have none is left out and
counted. The export is logged (a list of names and phones handed to a call service).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from tsj_desk.documents.call_list import CallRow, write_csv, write_xlsx
from tsj_desk.domain.billing import last_day
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.journal import Status
from tsj_desk.domain.meters import Resource, period_of
from tsj_desk.domain.phones import first_number
from tsj_desk.domain.premise_names import premise_address
from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.domain.text import counted
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import House, Meter, Ownership, Person, Premise, Reading, Request, RequestEvent

# campaign code → (the label the list and the user see, the letter its row ids start with)
CAMPAIGNS: dict[str, tuple[str, str]] = {
    "readings": ("Показания", "R"),
    "debt": ("Долг", "D"),
    "visit": ("Визит", "V"),
    "survey": ("Опрос", "S"),
}
SURVEY_DAYS = 14


@dataclass(frozen=True)
class Skipped:
    premise: str
    name: str  # the owner's (applicant's) name, "" when the premise has no owner
    why: str


@dataclass
class CallList:
    campaign: str
    rows: list[CallRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def label(self) -> str:
        return CAMPAIGNS[self.campaign][0]

    def summary(self) -> str:
        """«В списке 12 звонков; без телефона — 3 помещения (не вошли в список).»"""
        text = f"В списке {counted(len(self.rows), 'звонок', 'звонка', 'звонков')}"
        if self.skipped:
            what = ("обращение", "обращения", "обращений") if self.campaign == "survey" else (
                "помещение", "помещения", "помещений")
            text += f"; без телефона — {counted(len(self.skipped), *what)} (не вошли в список)"
        return text + "."


def row_id(campaign: str, first: int, person_id: int | None) -> str:
    """«R17-42»: the campaign's letter, the premise (request) and the person called."""
    return f"{CAMPAIGNS[campaign][1]}{first}-{person_id or 0}"


def _campaign(code: str) -> str:
    code = (code or "").strip().lower()
    if code not in CAMPAIGNS:
        names = ", ".join(CAMPAIGNS)
        raise ValidationFailed(f"Неизвестная кампания «{code}». Есть: {names}.")
    return code


@dataclass(frozen=True)
class _Premise:
    id: int
    number: str
    account: str
    address: str


def _premises(house_id: int | None = None, ids: list[int] | None = None) -> dict[int, _Premise]:
    query = (Premise.select(Premise.id, Premise.number, Premise.account, Premise.kind, House.address)
             .join(House).tuples())
    if house_id is not None:
        query = query.where(Premise.house == house_id)
    if ids is not None:
        query = query.where(Premise.id.in_(ids or [0]))
    return {pid: _Premise(pid, number, account or "", premise_address(address, number, kind))
            for pid, number, account, kind, address in query}


def _owners(premise_ids: list[int]) -> dict[int, list[tuple[int, str, str | None]]]:
    """Premise id → its current owners (person id, name, phone), the larger share first."""
    owners: dict[int, list[tuple[Fraction, int, str, str | None]]] = defaultdict(list)
    query = (Ownership.select(Ownership.premise, Ownership.share_num, Ownership.share_den, Person.id,
                              Person.name, Person.phone)
             .join(Person).where(Ownership.valid_to.is_null()).tuples())
    if premise_ids is not None:
        query = query.where(Ownership.premise.in_(premise_ids or [0]))
    for premise_id, num, den, person_id, name, phone in query:
        owners[premise_id].append((Fraction(num, den or 1), person_id, name, phone))
    return {pid: [(p, n, ph) for _, p, n, ph in sorted(rows, key=lambda r: (-r[0], r[1]))]
            for pid, rows in owners.items()}


def _who_to_call(owners: list[tuple[int, str, str | None]]) -> tuple[int, str, str] | None:
    for person_id, name, phone in owners:
        if number := first_number(phone):
            return person_id, name, number
    return None


def _premise_rows(result: CallList, premises: list[_Premise], *, amount=None, amount_on=None,
                  due=None, ask=None, by_number: bool = True) -> CallList:
    """One row per premise (in the order of their numbers, or as given) for its owner with
    a phone; ``amount``, ``amount_on``, ``due``, ``ask``: the premise's values, if any."""
    owners = _owners([p.id for p in premises])
    label = CAMPAIGNS[result.campaign][0]
    for premise in sorted(premises, key=lambda p: premise_sort_text(p.number)) if by_number else premises:
        held = owners.get(premise.id, [])
        chosen = _who_to_call(held)
        if chosen is None:
            why = "нет собственника" if not held else "нет телефона"
            result.skipped.append(Skipped(premise.number, held[0][1] if held else "", why))
            continue
        person_id, name, phone = chosen
        result.rows.append(CallRow(
            label, phone, name, premise.account, premise.number, premise.address,
            amount(premise) if amount else None, amount_on(premise) if amount_on else None,
            due(premise) if due else None, "",
            row_id(result.campaign, premise.id, person_id), ask(premise) if ask else ""))
    return result


# ---------------------------------------------------------------- campaigns


def readings_list(*, today: date, house_id: int | None = None) -> CallList:
    """Premises whose active meters have no reading of the period of ``today``."""
    period = period_of(today)
    premises = _premises(house_id)
    read = {m for (m,) in Reading.select(Reading.meter).where(Reading.period == period).tuples()}
    missing: dict[int, list[str]] = defaultdict(list)
    meters = (Meter.select(Meter.id, Meter.premise, Meter.resource, Meter.serial)
              .where(Meter.premise.is_null(False) & Meter.archived_on.is_null()).tuples())
    for meter_id, premise_id, resource, serial in sorted(meters, key=lambda m: (Resource(m[2]).order, m[3])):
        if premise_id in premises and meter_id not in read:
            missing[premise_id].append(f"{Resource(resource).short} № {serial}")
    result = CallList("readings")
    due = last_day(period)  # the period's readings are taken until its last day; the results read it back
    return _premise_rows(result, [premises[pid] for pid in missing], due=lambda p: due,
                         ask=lambda p: "показания за " + _period_text(period) + ": " + ", ".join(missing[p.id]))


def _period_text(period: str) -> str:
    return f"{period[5:7]}.{period[:4]}"


def visit_list(*, premises: str, on: date | None = None, house_id: int | None = None,
               note: str = "") -> CallList:
    """The premises of a visit («1-40, 55»: numbers and ranges of numbers)."""
    from tsj_desk.services.call_ranges import premises_in_ranges

    chosen = premises_in_ranges(premises, house_id=house_id)
    found = _premises(ids=chosen)
    what = note or "визит специалиста: нужен доступ в помещение"
    return _premise_rows(CallList("visit"), list(found.values()), due=lambda p: on, ask=lambda p: what)


def survey_list(*, now: datetime, days: int = SURVEY_DAYS, house_id: int | None = None) -> CallList:
    """Requests closed in the last ``days`` days without a score yet: their applicants."""
    if days < 1:
        raise ValidationFailed("Число дней для опроса — от 1.")
    since = now - timedelta(days=days)
    closed = {rid: at for rid, at in RequestEvent.select(RequestEvent.request, RequestEvent.at)
              .where((RequestEvent.action == "Закрыто") & (RequestEvent.at >= since)).tuples()}
    query = (Request.select(Request.id, Request.reg_no, Request.applicant, Request.applicant_contacts,
                            Request.person, Request.premise, Request.premise_number, Request.subject)
             .where(Request.id.in_(list(closed) or [0]) & (Request.status == Status.CLOSED.value)
                    & Request.satisfaction.is_null()).order_by(Request.reg_no).tuples())
    rows = list(query)
    persons = {pid: phone for pid, phone in Person.select(Person.id, Person.phone)
               .where(Person.id.in_([r[4] for r in rows if r[4]] or [0])).tuples()}
    premises = _premises(house_id, ids=[r[5] for r in rows if r[5]])
    result = CallList("survey")
    label = CAMPAIGNS["survey"][0]
    for request_id, reg_no, applicant, contacts, person_id, premise_id, number, subject in rows:
        premise = premises.get(premise_id) if premise_id else None
        if house_id is not None and premise is None:
            continue
        phone = first_number(persons.get(person_id)) or first_number(contacts)
        if phone is None:
            result.skipped.append(Skipped(number or "", applicant, "нет телефона"))
            continue
        result.rows.append(CallRow(
            label, phone, applicant, premise.account if premise else "", number or "",
            premise.address if premise else "", None, None, closed[request_id].date(), reg_no,
            row_id("survey", request_id, person_id), f"оценка 1–5 по обращению: {subject}".strip()))
    return result


def debt_list(*, today: date, min_sum: Decimal | None = None, house_id: int | None = None) -> CallList:
    """Debtors over ``min_sum`` with the amount and the date of their balance."""
    from tsj_desk.services.call_debts import debt_rows

    return debt_rows(CallList("debt"), today=today, min_sum=min_sum, house_id=house_id)


def build_list(campaign: str, *, today: date, now: datetime, house_id: int | None = None,
               min_sum: Decimal | None = None, days: int = SURVEY_DAYS, premises: str = "",
               visit_on: date | None = None, note: str = "", announcement_id: int | None = None) -> CallList:
    campaign = _campaign(campaign)
    if campaign == "readings":
        return readings_list(today=today, house_id=house_id)
    if campaign == "debt":
        return debt_list(today=today, min_sum=min_sum, house_id=house_id)
    if campaign == "visit" and announcement_id is not None:
        from tsj_desk.services.call_visits import announced_visit_list

        return announced_visit_list(announcement_id)
    if campaign == "visit":
        return visit_list(premises=premises, on=visit_on, house_id=house_id, note=note)
    return survey_list(now=now, days=days, house_id=house_id)


def export_list(calls: CallList, out: str | Path, *, now: datetime) -> Path:
    """Write the list as .csv or .xlsx (by the name's ending) and log the hand-over."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationFailed("Список обзвона сохраняется в файл .csv или .xlsx.")
    if suffix == ".csv":
        write_csv(calls.rows, out)
    else:
        write_xlsx(calls.rows, out, title=f"Обзвон — {calls.label}")
    with database.atomic():
        audit.record("export", "call_list", None, now=now, campaign=calls.campaign, file=out.name,
                     rows=len(calls.rows), skipped=len(calls.skipped))
    return out
