"""The append-only audit log: who changed what and when."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime

from tsj_desk.storage import changes
from tsj_desk.storage.models import AuditEntry


def current_user() -> str:
    """The name the logs write: the office user working in this session
    (``services.users``), else the operating-system login."""
    from tsj_desk.services.users import session_user

    if (name := session_user()) is not None:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "неизвестно"


def record(action: str, entity: str, entity_id: int | None = None, *, user: str | None = None,
           now: datetime, **details: object) -> None:
    """Append one entry; call inside the transaction of the change it describes."""
    AuditEntry.create(
        at=now,
        user=user or current_user(),
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=json.dumps(details, ensure_ascii=False, default=str),
    )
    changes.committed(AuditEntry._meta.database)  # the lock records the counter once committed


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: int | None
    details: str


ACTION_LABELS = {
    "import": "загрузка", "add": "добавление", "edit": "изменение", "transfer": "смена собственника",
    "disclose": "выдача реестра", "register": "регистрация обращения", "status": "смена статуса",
    "inspection": "назначена проверка", "inspection_act": "акт проверки", "answer": "ответ",
    "close": "закрытие", "set": "настройка", "remove": "удаление", "enter": "ввод показаний",
    "undo": "отмена загрузки", "replace": "замена счётчика", "create": "создание",
    "restore": "восстановление из копии", "void": "аннулирование", "deactivate": "отключение",
    "activate": "включение", "archive": "снятие счётчика",
    "correct": "исправление", "undo_transfer": "отмена перехода права",
    "remember": "запомнено сопоставление столбцов", "forget": "забыто сопоставление столбцов",
    "call": "звонок", "export": "выгрузка",
}
ENTITY_LABELS = {
    "registry": "реестр", "ownership": "собственность", "premise": "помещение",
    "register": "реестр", "request": "обращение", "category": "срок ответа",
    "calendar": "календарь", "readings": "показания", "meter": "счётчик", "act": "акт",
    "thresholds": "пороги расхода", "base": "база", "user": "пользователь",
    "organization": "организация", "house": "дом", "person": "собственник",
    "call_list": "список обзвона", "call_results": "результаты обзвона",
    "column_layout": "столбцы файла", "announcement": "объявление",
    "balances": "остатки по лицевым счетам", "payment_promise": "обещание оплатить",
    "debt_notice": "уведомление о задолженности",
}


def list_audit(*, text: str = "", entity: str = "", since: datetime | None = None,
               until: datetime | None = None, limit: int = 5000) -> list[AuditRow]:
    """The audit log, newest first, filtered in SQL."""
    from tsj_desk.domain.text import fold

    query = AuditEntry.select().order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    rows = [AuditRow(e.id, e.at, e.user, e.action, e.entity, e.entity_id, e.details) for e in query]
    if text:
        needle = fold(text)
        rows = [r for r in rows if needle in fold(f"{r.user} {r.action} {r.entity} {r.details}")]
    return rows


def object_names(rows: list[AuditRow]) -> dict[tuple[str, int], str]:
    """Names of the records the entries refer to, for showing the log to people.

    Keys are ``(kind, id)``: ``("request", id)`` → registration number,
    ``("ownership", id)`` → the owner's name (also for the ownerships a transfer
    closed and opened), ``("meter", id)`` → serial number, ``("category", id)`` →
    category label, ``("act", id)`` → act number. Records deleted since are
    simply missing.
    """
    from tsj_desk.storage.models import Act, Meter, Ownership, Person, Request, RequestCategory

    wanted: dict[str, set[int]] = {"request": set(), "ownership": set(), "meter": set(),
                                   "category": set(), "act": set()}
    for row in rows:
        if row.entity in wanted and row.entity_id is not None:
            wanted[row.entity].add(row.entity_id)
        if row.action in ("transfer", "replace"):
            try:
                details = json.loads(row.details or "{}")
            except ValueError:
                continue
            for key, kind in (("closed", "ownership"), ("opened", "ownership"), ("new_meter", "meter")):
                value = details.get(key) if isinstance(details, dict) else None
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, int):
                        wanted[kind].add(item)
    names: dict[tuple[str, int], str] = {}

    def chunks(ids: set[int]):
        ordered = sorted(ids)
        for start in range(0, len(ordered), 500):
            yield ordered[start:start + 500]

    for part in chunks(wanted["request"]):
        for rid, reg_no in Request.select(Request.id, Request.reg_no).where(Request.id.in_(part)).tuples():
            names["request", rid] = reg_no
    for part in chunks(wanted["ownership"]):
        query = (Ownership.select(Ownership.id, Person.name).join(Person)
                 .where(Ownership.id.in_(part)).tuples())
        for oid, name in query:
            names["ownership", oid] = name
    for part in chunks(wanted["meter"]):
        for mid, serial in Meter.select(Meter.id, Meter.serial).where(Meter.id.in_(part)).tuples():
            names["meter", mid] = serial
    for part in chunks(wanted["category"]):
        query = RequestCategory.select(RequestCategory.id, RequestCategory.label).where(
            RequestCategory.id.in_(part)).tuples()
        for cid, label in query:
            names["category", cid] = label
    for part in chunks(wanted["act"]):
        for aid, number in Act.select(Act.id, Act.number).where(Act.id.in_(part)).tuples():
            names["act", aid] = number
    return names


def category_labels() -> dict[str, str]:
    """Request category codes and their labels (the journal's entries name the code)."""
    from tsj_desk.storage.models import RequestCategory

    return dict(RequestCategory.select(RequestCategory.code, RequestCategory.label).tuples())
