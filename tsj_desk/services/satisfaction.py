"""Satisfaction after a visit: the resident's score 1–5, their words, how it was asked.

A score is recorded on closing a request (``close_with_satisfaction``, the close
dialog) or later, when the office or a survey campaign reaches the resident
(``record_satisfaction``, the call lists' results). ``services.journal.close_request``
with a bare ``satisfaction=`` keeps working: its score has no words or channel and is
dated by the closing.

The Сводка's figures over the last 12 months (``satisfaction_figures``) live in
``services.satisfaction_figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.journal import Status
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Request, RequestEvent

PHONE = "телефон"
IN_PERSON = "лично"
CHANNELS = {PHONE: "по телефону", IN_PERSON: "лично"}  # stored value → how the card says it
COMMENT_LIMIT = 2000
SCORED_STATUSES = (Status.ANSWERED, Status.CLOSED)


@dataclass(frozen=True)
class Satisfaction:
    score: int
    comment: str
    channel: str  # «телефон», «лично» or "" (a bare score)
    at: datetime | None

    @property
    def channel_text(self) -> str:
        return CHANNELS.get(self.channel, "")

    def _rest(self) -> str:
        text = f", {self.channel_text}" if self.channel_text else ""
        return text + (f": «{self.comment}»" if self.comment else "")

    def text(self) -> str:
        """«4 из 5, по телефону: «Пришли вовремя»» — a score recorded on its own."""
        return f"{self.score} из 5{self._rest()}"

    def card_text(self) -> str:
        """«оценка заявителя: 4, по телефону: «Пришли вовремя»» — the request card's fact
        and the «Закрыто» event (a bare score: «оценка заявителя: 4», as it always was)."""
        return f"оценка заявителя: {self.score}{self._rest()}"


def _request(reg_no: str) -> Request:
    from tsj_desk.domain.errors import NotFound

    request = Request.get_or_none(Request.reg_no == str(reg_no).strip())
    if request is None:
        raise NotFound(f"Обращение № {reg_no} не найдено.")
    return request


def check_score(score: object, comment: str, channel: str) -> tuple[int, str, str]:
    """The score, comment and channel cleaned, or ``ValidationFailed`` in Russian."""
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationFailed("Оценка заявителя — целое число от 1 до 5.")
    channel = (channel or "").strip().lower()
    if channel not in CHANNELS:
        raise ValidationFailed("Укажите, как получена оценка: по телефону или лично.")
    comment = " ".join((comment or "").split())
    if len(comment) > COMMENT_LIMIT:
        raise ValidationFailed(f"Комментарий заявителя длиннее {COMMENT_LIMIT} знаков: сократите его.")
    return score, comment, channel


def _store(request: Request, score: int, comment: str, channel: str, now: datetime) -> Satisfaction:
    request.satisfaction = score
    request.satisfaction_comment = comment or None
    request.satisfaction_channel = channel
    request.satisfaction_at = now
    request.save()
    return Satisfaction(score, comment, channel, now)


def record_satisfaction(reg_no: str, *, score: int, comment: str = "", channel: str,
                        now: datetime) -> None:
    """The resident's score 1–5 of an answered or closed request, with their words and
    how it was obtained («телефон», «лично»); a later score replaces the earlier one
    (the history keeps both)."""
    score, comment, channel = check_score(score, comment, channel)
    with database.atomic():
        request = _request(reg_no)
        if Status(request.status) not in SCORED_STATUSES:
            raise ValidationFailed(
                f"Обращение № {request.reg_no} ещё без ответа ({Status(request.status).label.lower()}): "
                "оценку заявитель даёт после ответа или выполненной работы.")
        given = _store(request, score, comment, channel, now)
        RequestEvent.create(request=request, at=now, user=audit.current_user(),
                            action="Оценка заявителя", details=given.text())
        audit.record("edit", "request", request.id, now=now, satisfaction=score, channel=CHANNELS[channel],
                     comment=comment)


def close_with_satisfaction(reg_no: str, *, now: datetime, score: int | None = None,
                            comment: str = "", channel: str = "") -> None:
    """«Закрыть обращение» with the score when the resident gave one — one transaction;
    the «Закрыто» event of the history carries the score, the channel and the words."""
    from tsj_desk.services.journal import close_request

    if score is None:
        if (comment or "").strip():
            raise ValidationFailed("Комментарий записывается вместе с оценкой: выберите оценку.")
        close_request(reg_no, now=now)
        return
    score, comment, channel = check_score(score, comment, channel)
    with database.atomic():
        close_request(reg_no, now=now, satisfaction=score)
        request = _request(reg_no)
        given = _store(request, score, comment, channel, now)
        # the «Закрыто» event just written tells the score with its words and channel
        closed = (RequestEvent.select().where(RequestEvent.request == request.id,
                                              RequestEvent.action == "Закрыто")
                  .order_by(RequestEvent.id.desc()).first())
        if closed is not None:
            closed.details = given.card_text()
            closed.save()
        audit.record("edit", "request", request.id, now=now, satisfaction=score, channel=CHANNELS[channel],
                     comment=comment)


def satisfaction_of(reg_no: str) -> Satisfaction | None:
    """The request's score with its words and channel, or None when there is none."""
    request = _request(reg_no)
    if request.satisfaction is None:
        return None
    return Satisfaction(request.satisfaction, request.satisfaction_comment or "",
                        request.satisfaction_channel or "", request.satisfaction_at)


def satisfaction_figures(*, today):
    """See ``services.satisfaction_figures.satisfaction_figures``."""
    from tsj_desk.services.satisfaction_figures import satisfaction_figures as figures

    return figures(today=today)
