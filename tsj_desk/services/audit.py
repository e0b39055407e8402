"""The append-only audit log: who changed what and when."""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import datetime

from tsj_desk.storage.models import AuditEntry


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "неизвестно"


def record(action: str, entity: str, entity_id: int | None = None, *, user: str | None = None,
           now: datetime | None = None, **details: object) -> None:
    """Append one entry; call inside the transaction of the change it describes."""
    AuditEntry.create(
        at=now or datetime.now(),
        user=user or current_user(),
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=json.dumps(details, ensure_ascii=False, default=str),
    )


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
}
ENTITY_LABELS = {
    "registry": "реестр", "ownership": "собственность", "premise": "помещение",
    "register": "реестр", "request": "обращение", "category": "срок ответа",
    "calendar": "календарь", "readings": "показания", "meter": "счётчик", "act": "акт",
    "thresholds": "пороги расхода",
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
