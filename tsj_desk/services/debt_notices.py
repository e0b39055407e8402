"""Notices to debtors: «Уведомление о задолженности» per debtor (.docx from the
editable template ``debt_notice.docx``) and all of them in one file to print, one a
page. Each notice made is recorded (``DebtNotice``: the sum and date it named, who made
it, when, how it is delivered), in one transaction once the files are written.

Delivery (``domain.debts.DELIVERIES``): в почтовый ящик, под подпись, заказным письмом,
по телефону, SMS. ``reference/legal-ru.md`` §8 names only «под подпись», registered
post and the payment document as the written warning before a utility is restricted;
it is silent on a phone call and an SMS (``WARNING_DELIVERIES``).
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tsj_desk.documents.combine import combine_letters
from tsj_desk.documents.debt_notices import render_debt_notice
from tsj_desk.domain.debts import DELIVERIES, money_text, rubles
from tsj_desk.domain.errors import FileProblem, NotFound, ValidationFailed
from tsj_desk.domain.premise_names import premise_address
from tsj_desk.domain.text import counted, format_date
from tsj_desk.services import audit
from tsj_desk.services.debts import DebtorRow, debtors, owners_today
from tsj_desk.services.importing import Cancelled, Progress
from tsj_desk.services.letters import organization_context, templates_dir
from tsj_desk.storage.database import database
from tsj_desk.storage.models import DebtNotice, Premise

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def notice_name(row: DebtorRow) -> str:
    """«Уведомление о задолженности, пом. 12.docx»."""
    number = _UNSAFE.sub("-", row.premise_number).strip(" .") or "без номера"
    return f"Уведомление о задолженности, пом. {number}.docx"


def payment_text(account: str) -> str:
    """How to pay, from the organisation's bank details (``payment`` of the template)."""
    from tsj_desk.services.organization import organization

    org = organization()
    text = "по квитанции (платёжному документу) — в банке, через онлайн-банк или в кассе"
    if org is not None and org.settlement_account and org.bik:
        details = ", ".join(p for p in (
            f"р/с {org.settlement_account}", f"в {org.bank_name}" if org.bank_name else "",
            f"БИК {org.bik}", f"к/с {org.corr_account}" if org.corr_account else "") if p)
        payee = f"{org.name} (ИНН {org.inn})" if org.inn else org.name
        text += f", или переводом на счёт {payee}: {details}"
    return text + (f". В назначении платежа укажите лицевой счёт № {account}." if account else ".")


def months_note(months: int | None) -> str:
    return f" (за {counted(months, 'месяц', 'месяца', 'месяцев')})" if months else ""


def notice_context(row: DebtorRow, *, today: date, organisation: dict, owners: list) -> dict:
    address = premise_address(row.house_address, row.premise_number, row.kind, space="\u00a0")
    postal = owners[0].postal_address if len(owners) == 1 and owners[0].postal_address else ""
    return {
        **organisation,
        "out_no": "", "notice_date": format_date(today),
        "owner_name": row.owners or "Собственнику помещения",
        "owner_address": postal or address,
        "premise_no": row.premise_number, "address": address, "account": row.account,
        "debt": money_text(row.debt_kopecks), "balance_date": format_date(row.balance_date),
        "months_note": months_note(row.months), "payment": payment_text(row.account),
    }


@dataclass(frozen=True)
class NoticesMade:
    files: list[Path]
    count: int
    debt: Decimal  # the sum of the notices' debts, rubles
    notice_ids: list[int]


def _chosen(today: date, min_sum: object, months: int | None, house_id: int | None,
            premise_ids: list[int] | None) -> list[DebtorRow]:
    rows = debtors(today=today, min_sum=min_sum, months=months, house_id=house_id)
    if premise_ids is not None:
        wanted = set(premise_ids)
        rows = [r for r in rows if r.premise_id in wanted]
    if not rows:
        raise ValidationFailed("Нет должников, которым нужно уведомление: загрузите остатки "
                               "по лицевым счетам или измените условия отбора.")
    return rows


def _write(rows: list[DebtorRow], out_dir: Path, today: date, progress: Progress | None,
           cancel: threading.Event | None) -> list[Path]:
    organisation = organization_context()
    user_dir = templates_dir()
    people = owners_today([r.premise_id for r in rows], today)
    written: list[Path] = []
    used: set[str] = set()
    try:
        for done, row in enumerate(rows):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            name = notice_name(row)
            if name in used:  # the same number in two houses
                name = name.replace(".docx", f" ({row.premise_id}).docx")
            used.add(name)
            path = out_dir / name
            render_debt_notice(notice_context(row, today=today, organisation=organisation,
                                              owners=people.get(row.premise_id, [])),
                               path, user_dir=user_dir)
            written.append(path)
            if progress is not None:
                progress(done + 1, len(rows))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _record(rows: list[DebtorRow], delivery: str, now: datetime) -> list[int]:
    user = audit.current_user()
    ids = []
    with database.atomic():
        for row in rows:
            notice = DebtNotice.create(premise=row.premise_id, account=row.account,
                                       debt=row.debt_kopecks, balance_date=row.balance_date,
                                       made_at=now, user=user, delivery=delivery)
            ids.append(notice.id)
        audit.record("create", "debt_notice", None, now=now, notices=len(rows),
                     delivery=DELIVERIES[delivery])
    return ids


def _check_delivery(delivery: str) -> None:
    if delivery not in DELIVERIES:
        raise ValidationFailed(f"Способ доставки «{delivery}» неизвестен; возможны: "
                               + ", ".join(f"{k} ({v})" for k, v in DELIVERIES.items()) + ".")


def debt_notices_file(out: str | Path, *, today: date, now: datetime, min_sum: object = None,
                      months: int | None = None, house_id: int | None = None,
                      premise_ids: list[int] | None = None, delivery: str = "mailbox",
                      progress: Progress | None = None,
                      cancel: threading.Event | None = None) -> NoticesMade:
    """The notices of the debtors chosen, in the one file ``out`` (.docx), one a page,
    the largest debt first; each notice recorded."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationFailed("Уведомления одним файлом сохраняются в документ .docx.")
    _check_delivery(delivery)
    rows = _chosen(today, min_sum, months, house_id, premise_ids)
    with tempfile.TemporaryDirectory(prefix="tsj-debts-") as folder:
        letters = _write(rows, Path(folder), today, progress, cancel)
        try:
            combine_letters(letters, out)
        except OSError as error:
            raise FileProblem(f"Файл «{out}» не записан: {error.strerror or error}.") from error
    ids = _record(rows, delivery, now)
    return NoticesMade([out], len(rows), sum((r.debt for r in rows), Decimal("0.00")), ids)


def debt_notice_files(out_dir: str | Path, *, today: date, now: datetime, min_sum: object = None,
                      months: int | None = None, house_id: int | None = None,
                      premise_ids: list[int] | None = None, delivery: str = "mailbox",
                      progress: Progress | None = None,
                      cancel: threading.Event | None = None) -> NoticesMade:
    """One .docx per debtor chosen, in ``out_dir``; each notice recorded."""
    out_dir = Path(out_dir)
    _check_delivery(delivery)
    rows = _chosen(today, min_sum, months, house_id, premise_ids)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(f"Не удалось создать папку «{out_dir}»: {error.strerror or error}.") from error
    files = _write(rows, out_dir, today, progress, cancel)
    ids = _record(rows, delivery, now)
    return NoticesMade(files, len(rows), sum((r.debt for r in rows), Decimal("0.00")), ids)


@dataclass(frozen=True)
class NoticeRow:
    id: int
    premise_id: int
    premise_number: str
    account: str
    debt: Decimal
    balance_date: date
    made_at: datetime
    user: str
    delivery: str
    delivered_on: date | None
    note: str

    @property
    def delivery_text(self) -> str:
        return DELIVERIES.get(self.delivery, self.delivery)


def notices(premise_id: int | None = None) -> list[NoticeRow]:
    """The notices made, the latest run first."""
    query = (DebtNotice.select(DebtNotice, Premise.number).join(Premise)
             .order_by(DebtNotice.made_at.desc(), DebtNotice.id))  # a run in its printed order
    if premise_id is not None:
        query = query.where(DebtNotice.premise == premise_id)
    return [NoticeRow(n.id, n.premise_id, n.premise.number, n.account, rubles(n.debt), n.balance_date,
                      n.made_at, n.user, n.delivery, n.delivered_on, n.note) for n in query]


def set_delivery(notice_id: int, delivery: str, *, delivered_on: date | None, now: datetime,
                 note: str = "") -> None:
    """How a notice was delivered and when (the 20 days of ПП 354 п. 119 run from it)."""
    _check_delivery(delivery)
    notice = DebtNotice.get_or_none(DebtNotice.id == notice_id)
    if notice is None:
        raise NotFound("Уведомление не найдено.")
    with database.atomic():
        DebtNotice.update(delivery=delivery, delivered_on=delivered_on, note=note or notice.note
                          ).where(DebtNotice.id == notice_id).execute()
        audit.record("edit", "debt_notice", notice_id, now=now, delivery=DELIVERIES[delivery],
                     delivered_on=format_date(delivered_on))
