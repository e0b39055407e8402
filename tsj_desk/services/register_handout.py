"""Handing out the owner register on a request (ЖК РФ ст. 45 ч. 3.1: within 5 days of
the request), in two steps as it happens in the office.

1. ``prepare_register`` writes the file and logs the disclosure (``disclosure``); the
   request gets the event «Реестр подготовлен» and stays open: nothing has reached
   the owner yet.
2. ``record_handover`` records how and when the register was handed over — in person
   against signature, by post with the tracking number, by e-mail to an address —
   and answers the request on that date. The 5-day deadline is judged by that date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.journal import Channel, Result, Status
from tsj_desk.domain.text import format_date
from tsj_desk.services import audit
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Disclosure, Request, RequestEvent

OWNER_REGISTER = "owner_register"
PREPARED = "Реестр подготовлен"


class Handover(StrEnum):
    IN_PERSON = "in_person"
    POST = "post"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return HANDOVER_LABELS[self]


HANDOVER_LABELS = {
    Handover.IN_PERSON: "лично под подпись",
    Handover.POST: "почтой",
    Handover.EMAIL: "по электронной почте",
}
_CHANNELS = {Handover.IN_PERSON: Channel.IN_PERSON, Handover.POST: Channel.LETTER,
             Handover.EMAIL: Channel.EMAIL}


@dataclass(frozen=True)
class PreparedRegister:
    at: datetime
    as_of: date
    file_name: str


@dataclass(frozen=True)
class HandoverInput:
    way: Handover | str
    on: date
    at: time | None = None
    tracking_no: str = ""  # by post: the postal tracking number (ШПИ)
    email: str = ""  # by e-mail: the address it was sent to
    outgoing_no: str = ""


def _request(reg_no: str, what: str) -> Request:
    request = Request.get_or_none(Request.reg_no == reg_no.strip())
    if request is None:
        raise NotFound(f"Обращение № {reg_no} не найдено.")
    if request.category.code != OWNER_REGISTER:
        raise ValidationFailed("Реестр выдаётся по обращению категории «Запрос реестра собственников».")
    if request.status == Status.VOIDED.value:
        raise ValidationFailed(f"Обращение № {request.reg_no} аннулировано: {what}.")
    if not Status(request.status).is_open:
        raise ValidationFailed(f"По обращению № {request.reg_no} ответ уже дан.")
    return request


def prepared_register(reg_no: str) -> PreparedRegister | None:
    """The last register prepared on the request, or None."""
    request = Request.get_or_none(Request.reg_no == reg_no.strip())
    if request is None:
        return None
    last = (Disclosure.select().where(Disclosure.request_id == request.id)
            .order_by(Disclosure.at.desc(), Disclosure.id.desc()).first())
    return PreparedRegister(last.at, last.as_of, last.file_name) if last else None


def prepare_register(reg_no: str, out: Path, *, now: datetime, purpose: str,
                     as_of: date | None = None) -> Path:
    """Write the register for an owner_register request and log the disclosure; the
    request is noted «Реестр подготовлен» (and taken into work), not answered."""
    from tsj_desk.services.disclosure import export_register

    request = _request(reg_no, "реестр по нему не выдают")
    day = as_of or now.date()
    result = export_register(out, as_of=day, requested_by=request.applicant, purpose=purpose,
                             now=now, request_id=request.id)
    with database.atomic():
        if request.status == Status.REGISTERED.value:  # the disclosure is logged by export_register
            request.status = Status.IN_PROGRESS.value
            request.save()
            audit.record("status", "request", request.id, now=now, before=Status.REGISTERED.value,
                         after=Status.IN_PROGRESS.value)
        RequestEvent.create(request=request, at=now, user=audit.current_user(), action=PREPARED,
                            details=f"на {format_date(day)}; передать заявителю лично под подпись, "
                                    "почтой или по электронной почте")
    return result.path


def handover_text(way: Handover, handover: HandoverInput, as_of: date) -> str:
    """The answer as the journal and the letter print it: how, when, to where."""
    # the date right after the verb: never beside a tracking number («…901 25.11.2026»)
    on = format_date(handover.on)
    how = {
        Handover.IN_PERSON: f"вручён заявителю {on} лично под подпись",
        Handover.POST: f"направлен заявителю {on} почтой, почтовый идентификатор {handover.tracking_no.strip()}",
        Handover.EMAIL: f"направлен заявителю {on} по электронной почте на адрес {handover.email.strip()}",
    }[way]
    return f"Реестр собственников помещений на {format_date(as_of)} {how}."


def record_handover(reg_no: str, handover: HandoverInput, *, now: datetime) -> None:
    """The register reached (or was sent to) the applicant: the request is answered
    («удовлетворено») on ``handover.on``, through the channel of the hand-over."""
    from tsj_desk.services.journal import AnswerInput, answer_request

    _request(reg_no, "реестр по нему не выдают")
    prepared = prepared_register(reg_no)
    if prepared is None:
        raise ValidationFailed(f"Реестр по обращению № {reg_no} ещё не подготовлен: "
                               "сначала подготовьте файл реестра.")
    try:
        way = Handover(handover.way)
    except ValueError:
        raise ValidationFailed(f"Неизвестный способ передачи «{handover.way}»: лично под подпись, "
                               "почтой или по электронной почте.") from None
    problems = []
    if way is Handover.POST and not handover.tracking_no.strip():
        problems.append("Укажите почтовый идентификатор (трек-номер) отправления.")
    if way is Handover.EMAIL and "@" not in handover.email:
        problems.append("Укажите адрес электронной почты, на который отправлен реестр.")
    if handover.on < prepared.at.date():
        problems.append(f"Дата передачи {format_date(handover.on)} раньше подготовки реестра "
                        f"({format_date(prepared.at)}).")
    if problems:
        raise ValidationFailed(problems[0], problems)
    answer_request(reg_no, AnswerInput(
        text=handover_text(way, handover, prepared.as_of), on=handover.on, at=handover.at,
        channel=_CHANNELS[way], outgoing_no=handover.outgoing_no, result=Result.SATISFIED), now=now)
