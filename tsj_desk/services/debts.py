"""Balances per лицевой счёт and the list of debtors (``reference/legal-ru.md`` §8).

A balances file is imported as one dated batch (``BalanceBatch``), in one transaction,
and can be undone as a whole. Each row is matched to a premise by its лицевой счёт, else
by its premise number (which must name one premise of the base); an unknown account or
premise is an error of its row. A premise's current balance is its latest one (by the
date of the balances, then by the later import). The debtors are the premises whose
current balance is above zero.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import fn

from tsj_desk.domain.debts import money_text, rubles, to_kopecks
from tsj_desk.domain.errors import ImportRejected, NotFound, RowProblem, ValidationFailed
from tsj_desk.domain.text import format_date
from tsj_desk.services import audit
from tsj_desk.services.import_batches import batch_to_undo, file_sha256, finished, stop_if_cancelled
from tsj_desk.services.importing import ImportReport, Progress
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Balance, BalanceBatch, House, Ownership, Person, Premise

if TYPE_CHECKING:  # the importer is loaded when a file is read: not with the Сводка's promises
    from tsj_desk.importers.balances import BalanceRow, ParsedBalances


# ---------------------------------------------------------------- import


@dataclass
class CheckedBalance:
    row: BalanceRow
    premise_id: int | None
    premise_number: str = ""
    house_address: str = ""


@dataclass
class BalancesPreview:
    parsed: ParsedBalances
    checked: list[CheckedBalance] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if not p.is_error]

    def valid(self) -> list[CheckedBalance]:
        bad = {p.row for p in self.errors}
        return [c for c in self.checked if c.premise_id is not None and c.row.row not in bad]

    @property
    def total(self) -> int:
        """The debt of the rows that will be loaded, kopecks (overpayments subtract)."""
        return sum(c.row.debt for c in self.valid())


def _digits(account: str) -> str:
    return account.lstrip("0") if account.isdigit() else account


def check_balances(parsed: ParsedBalances) -> BalancesPreview:
    """Match each row to a premise of the base; the rows' problems with the file's."""
    premises = list(Premise.select(Premise.id, Premise.number, Premise.account, Premise.house)
                    .tuples())
    houses = {h: a for h, a in House.select(House.id, House.address).tuples()}
    by_account: dict[str, list[int]] = defaultdict(list)
    by_number: dict[str, list[int]] = defaultdict(list)
    info = {}
    for pid, number, account, house_id in premises:
        info[pid] = (number, houses.get(house_id, ""))
        if account:
            by_account[account.strip()].append(pid)
            if account.strip().isdigit():
                by_account["#" + _digits(account.strip())].append(pid)
        by_number[number].append(pid)
    preview = BalancesPreview(parsed, problems=list(parsed.problems))
    used: dict[int, int] = {}
    for row in parsed.rows:
        column = parsed.titles.get("account") or parsed.titles.get("premise")
        found: list[int] = []
        if row.account:
            found = by_account.get(row.account) or (
                by_account.get("#" + _digits(row.account), []) if row.account.isdigit() else [])
            if not found:
                preview.problems.append(RowProblem(row.row, parsed.titles.get("account"),
                                                   f"лицевой счёт {row.account} не найден в базе."))
        else:
            found = by_number.get(row.premise, [])
            if not found:
                preview.problems.append(RowProblem(row.row, parsed.titles.get("premise"),
                                                   f"помещение {row.premise} не найдено в базе."))
            elif len(found) > 1:
                preview.problems.append(RowProblem(
                    row.row, column, f"помещение {row.premise} есть в нескольких домах: "
                                     "нужен лицевой счёт."))
                found = []
        if len(found) > 1:
            preview.problems.append(RowProblem(row.row, column,
                                               f"лицевой счёт {row.account} есть у нескольких помещений."))
            found = []
        pid = found[0] if found else None
        if pid is not None and row.account and row.premise and info[pid][0] != row.premise:
            preview.problems.append(RowProblem(
                row.row, parsed.titles.get("premise"),
                f"лицевой счёт {row.account} — помещения {info[pid][0]}, а не {row.premise}."))
            pid = None
        if pid is not None and pid in used:
            preview.problems.append(RowProblem(row.row, column,
                                               f"помещение {info[pid][0]} уже есть в строке {used[pid]}."))
            pid = None
        if pid is not None:
            used[pid] = row.row
        number, address = info.get(pid, (row.premise, "")) if pid is not None else (row.premise, "")
        preview.checked.append(CheckedBalance(row, pid, number, address))
    preview.problems.sort(key=lambda p: (p.row, not p.is_error))
    return preview


def preview_balances(path: str | Path, *, today: date, balance_date: date | None = None,
                     mapping: dict[str, str] | None = None) -> BalancesPreview:
    """``mapping`` (header → field) is the user's column layout; without it a layout
    remembered for the file's header row is applied (``column_layouts``)."""
    from tsj_desk.importers.balances import parse_balances_file
    from tsj_desk.services.column_layouts import BALANCES, layouts_or_none

    return check_balances(parse_balances_file(path, balance_date=balance_date, today=today, mapping=mapping,
                                              layouts=layouts_or_none(BALANCES, mapping)))


def import_balances(path: str | Path, *, today: date, now: datetime, balance_date: date | None = None,
                    skip_invalid: bool = False, dry_run: bool = False, mapping: dict[str, str] | None = None,
                    preview: BalancesPreview | None = None, progress: Progress | None = None,
                    cancel: threading.Event | None = None) -> ImportReport:
    """Import a balances file as one batch at its date, in one transaction. Any row
    error stops the whole file (``ImportRejected``) unless ``skip_invalid``; a
    cancelled or failed import changes nothing."""
    path = Path(path)
    if preview is None:
        preview = preview_balances(path, today=today, balance_date=balance_date, mapping=mapping)
    parsed = preview.parsed
    errors, warnings = preview.errors, preview.warnings
    valid = preview.valid()
    report = ImportReport(parsed.data_rows, parsed.data_rows - len({e.row for e in errors}), 0,
                          errors, warnings, dry_run)
    if errors and not skip_invalid:
        raise ImportRejected(errors)
    if not valid:
        raise ValidationFailed("В файле нет ни одной строки, которую можно загрузить.")
    if dry_run:
        return report
    stop_if_cancelled(cancel)
    with database.atomic() as transaction:
        batch = BalanceBatch.create(file_name=path.name, sha256=file_sha256(path),
                                    balance_date=parsed.balance_date, at=now,
                                    user=audit.current_user(), rows=parsed.data_rows,
                                    imported=len(valid))
        Balance.insert_many([
            {"batch": batch.id, "premise": c.premise_id, "balance_date": parsed.balance_date,
             "account": c.row.account, "owner": c.row.owner, "debt": c.row.debt,
             "months": c.row.months, "accrued": c.row.accrued, "paid": c.row.paid}
            for c in valid]).execute()
        stop_if_cancelled(cancel, transaction)
        audit.record("import", "balances", batch.id, now=now, file=path.name, rows=len(valid),
                     balance_date=format_date(parsed.balance_date))
        if parsed.layout is not None:  # a column layout the user gave is kept for the next file
            from tsj_desk.services import column_layouts

            column_layouts.remember(column_layouts.BALANCES, parsed.layout, file_name=path.name, now=now)
    return finished(report, imported=len(valid), batch_id=batch.id, progress=progress, steps=1)


@dataclass(frozen=True)
class BalanceBatchInfo:
    id: int
    file_name: str
    balance_date: date
    at: datetime
    user: str
    rows: int
    imported: int
    undone_at: datetime | None


def list_balance_batches() -> list[BalanceBatchInfo]:
    return [BalanceBatchInfo(b.id, b.file_name, b.balance_date, b.at, b.user, b.rows, b.imported,
                             b.undone_at)
            for b in BalanceBatch.select().order_by(BalanceBatch.at.desc(), BalanceBatch.id.desc())]


def undo_balance_batch(batch_id: int, *, now: datetime) -> int:
    """Remove every balance an import wrote; the batch stays, marked undone. Returns
    the balances removed."""
    batch = batch_to_undo(BalanceBatch, batch_id, missing="Загрузка остатков не найдена.")
    with database.atomic():
        removed = Balance.delete().where(Balance.batch == batch_id).execute()
        batch.undone_at = now
        batch.save()
        audit.record("undo", "balances", batch_id, now=now, file=batch.file_name, balances=removed)
    return removed


# ---------------------------------------------------------------- debtors


@dataclass(frozen=True)
class DebtorRow:
    premise_id: int
    house_id: int
    house_address: str
    premise_number: str
    account: str
    owners: str  # the register's owners today, else the name the file gave
    phones: str  # the owners' phones as the register holds them, «; » between
    debt: Decimal  # rubles, two places: exact to the kopeck
    balance_date: date
    months: int | None
    sort_key: str = ""
    kind: str = "flat"  # PremiseKind: «кв. 12» or «пом. Н-1» in a notice

    @property
    def debt_kopecks(self) -> int:
        return int(self.debt * 100)

    def as_dict(self) -> dict:
        return {"premise_id": self.premise_id, "house": self.house_address,
                "premise": self.premise_number, "account": self.account, "owners": self.owners,
                "phones": self.phones, "debt": f"{self.debt:.2f}",
                "balance_date": self.balance_date.isoformat(), "months": self.months}


def current_balances(premise_ids: list[int] | None = None) -> dict[int, tuple[int, date, int, int | None, str, str]]:
    """Each premise's latest balance: premise id → (balance id, date, debt in kopecks,
    months, account, owner as the file wrote them)."""
    last = Balance.select(Balance.premise.alias("pid"), fn.MAX(Balance.balance_date).alias("day"))
    if premise_ids is not None:
        last = last.where(Balance.premise.in_(premise_ids))
    last = last.group_by(Balance.premise).alias("last")
    query = (Balance.select(Balance.premise, Balance.id, Balance.balance_date, Balance.debt,
                            Balance.months, Balance.account, Balance.owner)
             .join(last, on=((Balance.premise == last.c.pid) & (Balance.balance_date == last.c.day)))
             .order_by(Balance.premise, Balance.batch.desc()))  # two imports of one date: the later
    latest: dict[int, tuple] = {}
    for premise_id, balance_id, day, debt, months, account, owner in query.tuples():
        if premise_id not in latest:
            latest[premise_id] = (balance_id, day, debt, months, account, owner)
    return latest


def owners_today(premise_ids: list[int], today: date) -> dict[int, list[Person]]:
    """The owners of each premise on ``today``, in the order they were recorded."""
    owners: dict[int, list[Person]] = defaultdict(list)
    if not premise_ids:
        return owners
    query = (Ownership.select(Ownership, Person).join(Person)
             .where(Ownership.premise.in_(premise_ids),
                    (Ownership.valid_to.is_null()) | (Ownership.valid_to > today),
                    (Ownership.valid_from.is_null()) | (Ownership.valid_from <= today))
             .order_by(Ownership.id))
    for ownership in query:
        people = owners[ownership.premise_id]
        if all(p.id != ownership.person.id for p in people):
            people.append(ownership.person)
    return owners


def _min_kopecks(min_sum: object) -> int:
    if min_sum is None:
        return 1
    try:
        value = to_kopecks(min_sum)
    except ValueError:
        raise ValidationFailed(f"Сумма «{min_sum}» — не число.") from None
    return max(value or 0, 1)


def debtors(*, today: date, min_sum: object = None, months: int | None = None,
            house_id: int | None = None) -> list[DebtorRow]:
    """The premises whose current balance is a debt: at least ``min_sum`` rubles (any
    debt above zero by default), ``months`` or more months in debt when given, of one
    house when given; the largest debt first."""
    floor = _min_kopecks(min_sum)
    latest = current_balances()
    chosen = {pid: b for pid, b in latest.items() if b[2] >= floor
              and (months is None or (b[3] is not None and b[3] >= months))}
    if not chosen:
        return []
    query = (Premise.select(Premise.id, Premise.number, Premise.account, Premise.sort_key,
                            House.id, House.address, Premise.kind)
             .join(House).where(Premise.id.in_(list(chosen))))
    if house_id is not None:
        query = query.where(House.id == house_id)
    places = {pid: rest for pid, *rest in query.tuples()}
    people = owners_today(list(places), today)
    rows = []
    for pid, (number, account, sort_key, hid, address, kind) in places.items():
        _, day, debt, in_months, file_account, file_owner = chosen[pid]
        owners = people.get(pid, [])
        rows.append(DebtorRow(
            pid, hid, address, number, account or file_account,
            ", ".join(p.name for p in owners) or file_owner,
            "; ".join(dict.fromkeys(p.phone for p in owners if p.phone)),
            rubles(debt), day, in_months, sort_key, kind))
    rows.sort(key=lambda r: (-r.debt, r.house_address, r.sort_key))
    return rows


@dataclass(frozen=True)
class DebtorsTotal:
    count: int
    debt: Decimal

    def text(self) -> str:
        from tsj_desk.domain.text import counted

        return (f"{counted(self.count, 'должник', 'должника', 'должников')}, "
                f"задолженность {money_text(int(self.debt * 100))}")


def total(rows: list[DebtorRow]) -> DebtorsTotal:
    return DebtorsTotal(len(rows), sum((r.debt for r in rows), Decimal("0.00")))


def premise_of(account_or_premise: int | str) -> Premise:
    """A premise by its id (an int) or by its лицевой счёт (text)."""
    if isinstance(account_or_premise, int) and not isinstance(account_or_premise, bool):
        premise = Premise.get_or_none(Premise.id == account_or_premise)
        if premise is None:
            raise NotFound(f"Помещение № {account_or_premise} не найдено.")
        return premise
    account = str(account_or_premise).strip()
    found = list(Premise.select().where(Premise.account == account))
    if not found and account.isdigit():
        found = [p for p in Premise.select().where(Premise.account.is_null(False))
                 if (p.account or "").strip().isdigit() and _digits(p.account.strip()) == _digits(account)]
    if not found:
        raise NotFound(f"Лицевой счёт {account} не найден.")
    if len(found) > 1:
        raise ValidationFailed(f"Лицевой счёт {account} есть у нескольких помещений.")
    return found[0]


def record_promise(account_or_premise: int | str, *, promised_date: date, amount: object, now: datetime,
                   source: str, note: str = "") -> int:
    """A debtor's promise to pay (``services.promises.record_promise``, named here too for
    the callers of the debts service: the call lists' results)."""
    from tsj_desk.services.promises import record_promise as record

    return record(account_or_premise, promised_date=promised_date, amount=amount, now=now, source=source,
                  note=note)
