"""A request's card: every field, its history and attachments, its deadline state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.deadlines import CategoryRule, Deadline, DeadlineStatus, deadline_state
from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.journal import Channel, Status
from tsj_desk.services.calendar import category_rule
from tsj_desk.storage.models import Request, RequestEvent


def _get(reg_no: str) -> Request:
    request = Request.get_or_none(Request.reg_no == reg_no.strip())
    if request is None:
        raise NotFound(f"Обращение № {reg_no} не найдено.")
    return request


def attachment_path(stored_name: str) -> Path:
    """The file of an attachment copied into the data folder at registration."""
    from tsj_desk.services.session import data_dir

    return data_dir() / "attachments" / stored_name


@dataclass(frozen=True)
class RequestCard:
    id: int
    reg_no: str
    received_at: datetime
    channel: Channel
    applicant: str
    applicant_contacts: str
    person_id: int | None
    premise_number: str
    category: CategoryRule
    subject: str
    text: str
    due_date: date
    due_at: datetime | None
    deadline_basis: str
    status: Status
    answer_text: str
    answered_on: date | None
    answered_at: datetime | None
    answer_channel: str
    outgoing_no: str
    result: str
    refusal_reason: str
    recalculation: str
    satisfaction: int | None
    inspection_at: datetime | None
    inspection_act_on: date | None
    history: list[tuple[datetime, str, str, str]]
    attachments: list[tuple[str, int]]  # (name, attachment id)
    void_reason: str = ""
    version: int = 1  # the request's version when read: passed back with a save (storage.versions)

    @property
    def voided(self) -> bool:
        return self.status is Status.VOIDED

    def state(self, today: date | datetime, calendar: ProductionCalendar) -> DeadlineStatus:
        """The deadline state; ``today`` given as a moment decides a deadline in hours."""
        if self.voided:
            return DeadlineStatus.VOIDED
        due = Deadline(self.due_date, self.due_at, self.deadline_basis)
        return deadline_state(due, self.answered_at or self.answered_on, today, calendar)


def request_card(reg_no: str) -> RequestCard:
    request = _get(reg_no)
    rule = category_rule(request.category.code)
    history = [(e.at, e.user, e.action, e.details)
               for e in request.events.order_by(RequestEvent.at, RequestEvent.id)]
    attachments = [(a.file_name, a.id) for a in request.attachments]  # id: document_files.attachment_file
    return RequestCard(
        request.id, request.reg_no, request.received_at, Channel(request.channel),
        request.applicant, request.applicant_contacts, request.person_id, request.premise_number,
        rule, request.subject, request.text, request.due_date, request.due_at,
        request.deadline_basis, Status(request.status), request.answer_text,
        request.answered_on, request.answered_at, request.answer_channel, request.outgoing_no, request.result,
        request.refusal_reason, request.recalculation, request.satisfaction,
        request.inspection_at, request.inspection_act_on, history, attachments,
        request.void_reason or "", version=request.version)
