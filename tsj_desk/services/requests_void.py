"""Voiding a request registered by mistake: it stays in the journal with its number
and the reason, greyed, and is never counted (Сводка, deadline filters, on-time rates)."""

from __future__ import annotations

from datetime import datetime

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.journal import Status
from tsj_desk.services import audit
from tsj_desk.services.journal import _event, _get
from tsj_desk.storage.database import database
from tsj_desk.storage.versions import expect

REASON_LIMIT = 500


def void_request(reg_no: str, reason: str, *, now: datetime, version: int | None = None) -> None:
    """Void an unanswered request; the reason is required. The request's history and
    the change log record who voided it and why."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed("Укажите причину аннулирования: без неё обращение не аннулируют.")
    if len(reason) > REASON_LIMIT:
        raise ValidationFailed(f"Причина аннулирования длиннее {REASON_LIMIT} знаков: сократите её.")
    request = _get(reg_no)
    expect(request, version)  # the card's version: a request changed elsewhere is refused
    status = Status(request.status)
    if status is Status.VOIDED:
        raise ValidationFailed(f"Обращение № {request.reg_no} уже аннулировано.")
    if not status.is_open:
        raise ValidationFailed(f"На обращение № {request.reg_no} уже дан ответ: аннулировать можно "
                               "только обращение без ответа.")
    with database.atomic():
        request.status = Status.VOIDED.value
        request.void_reason = reason
        request.save()
        _event(request, now, "Аннулировано", f"причина: {reason}")
        audit.record("void", "request", request.id, now=now, reg_no=request.reg_no,
                     before=status.value, reason=reason)
