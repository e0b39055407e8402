"""Letters of the journal filled from the database: the notice of registration and
the answer. The user's own template wins: the one kept in the base, else the one in
``<data folder>/templates``. Given ``now``, the letter made is kept in the base among
the request's files (``services.document_files``), so every PC opens it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from tsj_desk.documents.letters import render_answer_letter, render_registration_notice
from tsj_desk.domain.journal import Result
from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services.journal import request_card
from tsj_desk.services.outgoing_numbers import bare_outgoing_no
from tsj_desk.storage.models import Organization, Person


def templates_dir() -> Path:
    from tsj_desk.services.session import data_dir

    return data_dir() / "templates"


def organization_context() -> dict:
    """The organisation as letters print it: the postal address when there is one,
    contacts (phone, e-mail, ИНН, ОГРН) in one line, the chairman and his position."""
    from tsj_desk.services.organization import organization

    org = organization()
    if org is None:
        return {"org_name": "", "org_address": "", "org_contacts": "", "chairman_name": "",
                "chairman_position": ""}
    contacts = ", ".join(p for p in (f"тел. {org.phone}" if org.phone else "",
                                     f"e-mail: {org.email}" if org.email else "",
                                     f"ИНН {org.inn}" if org.inn else "",
                                     f"ОГРН {org.ogrn}" if org.ogrn else "") if p)
    position = org.chairman_position or "председатель правления"
    return {"org_name": org.name, "org_address": org.postal_address or org.address or "",
            "org_contacts": contacts, "chairman_name": org.chairman,
            "chairman_position": position[:1].upper() + position[1:]}


def _applicant_address(person_id: int | None, premise_number: str) -> str:
    from tsj_desk.storage.models import House

    if person_id is not None:
        person = Person.get_or_none(Person.id == person_id)
        if person is not None and person.postal_address:
            return person.postal_address
    house = House.select().order_by(House.id).first()
    if premise_number and house is not None:
        return f"{house.address}, пом. {premise_number}"
    return ""


def make_registration_notice(reg_no: str, out: Path, *, today: date | None = None,
                             now: datetime | None = None) -> Path:
    """Уведомление о регистрации обращения: number, time received, due date and its basis."""
    card = request_card(reg_no)
    context = {
        **organization_context(),
        "out_no": "", "notice_date": format_date(today or card.received_at.date()),
        "applicant_name": card.applicant,
        "applicant_address": _applicant_address(card.person_id, card.premise_number),
        "reg_no": card.reg_no, "received_date": format_date(card.received_at),
        "received_time": card.received_at.strftime("%H:%M"),
        "category": card.category.label, "subject": card.subject or card.text[:200],
        "due_date": format_datetime(card.due_at) if card.due_at else format_date(card.due_date),
        "due_basis": card.deadline_basis,
    }
    render_registration_notice(context, Path(out), user_dir=template_dirs())
    _keep(reg_no, Path(out), now)
    return Path(out)


def make_answer_letter(reg_no: str, out: Path, *, now: datetime | None = None) -> Path:
    """Ответ на обращение, from the answer recorded in the journal."""
    card = request_card(reg_no)
    result = Result(card.result).label if card.result else ""
    if card.refusal_reason:
        result = f"{result}: {card.refusal_reason}"
    text = card.answer_text
    if card.recalculation:
        # the decision as its own sentence: «Перерасчёт платы будет произведён … документе.»
        decision = card.recalculation.strip()
        text = f"{text}\n{decision}{'' if decision.endswith(('.', '!', '?')) else '.'}"
    context = {
        **organization_context(),
        "out_no": bare_outgoing_no(card.outgoing_no), "out_date": format_date(card.answered_on),
        "addressee_name": card.applicant,
        "addressee_address": _applicant_address(card.person_id, card.premise_number),
        "reg_no": card.reg_no, "received_date": format_date(card.received_at),
        "subject": card.subject or card.text[:200], "answer_text": text, "result": result,
    }
    render_answer_letter(context, Path(out), user_dir=template_dirs())
    _keep(reg_no, Path(out), now)
    return Path(out)


def template_dirs() -> tuple[Path, ...]:
    from tsj_desk.services.document_files import template_dirs as dirs

    return dirs()


def _keep(reg_no: str, path: Path, now: datetime | None) -> None:
    if now is not None:
        from tsj_desk.services.document_files import store_letter

        store_letter(reg_no, path, now=now)
