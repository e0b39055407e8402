"""The append-only audit log: who changed what and when."""

from __future__ import annotations

import getpass
import json
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
