"""Acts for signatures (legal-ru §3): filled from the request and the register,
numbered ``YYYY-NNN`` per kind and year, stored with their fields and file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tsj_desk.documents.acts import ACT_KINDS, act_kind, render_act
from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.text import format_date, format_datetime
from tsj_desk.services import audit
from tsj_desk.services.letters import organization_context, templates_dir
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Act, ActSequence, House, Organization, Ownership, Person, Premise, Request


def acts_dir() -> Path:
    from tsj_desk.services.session import data_dir

    folder = data_dir() / "acts"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _owners(premise_id: int | None) -> str:
    if premise_id is None:
        return ""
    names = [name for (name,) in Ownership.select(Person.name).join(Person)
             .where(Ownership.premise == premise_id, Ownership.valid_to.is_null())
             .order_by(Ownership.id).tuples()]
    return ", ".join(names)


def prefill(kind: str, *, reg_no: str | None = None, premise_number: str | None = None,
            now: datetime) -> dict:
    """What the database knows for a new act: organisation, chairman, house, premise,
    owner, request number and time; the kind's own fields are left for the user."""
    act_kind(kind)
    org = organization_context()
    organization = Organization.select().order_by(Organization.id).first()
    house = House.select().order_by(House.id).first()
    fields = {
        # the template writes «г.» itself
        "city": re.sub(r"^г\.?\s*", "", organization.city) if organization and organization.city else "",
        "act_date": format_date(now), "act_time": now.strftime("%H:%M"),
        "org_name": org["org_name"], "rep_name": org["chairman_name"],
        "rep_position": org["chairman_position"],
        "rep_basis": "Устава" if organization and organization.kind in {"ТСЖ", "ЖСК", "ТСН"} else "",
        "address": house.address if house else "", "copies": "2",
        "participants": [
            {"role": "Представитель исполнителя", "name": org["chairman_name"]},
        ],
    }
    premise = None
    if reg_no:
        request = Request.get_or_none(Request.reg_no == reg_no.strip())
        if request is None:
            raise NotFound(f"Обращение № {reg_no} не найдено.")
        fields["request_no"] = request.reg_no
        fields["request_received"] = format_datetime(request.received_at)
        premise = request.premise
        fields["owner_name"] = request.applicant
    if premise_number:
        premise = Premise.get_or_none(Premise.number == premise_number.strip())
        if premise is None:
            raise NotFound(f"Помещение № {premise_number} не найдено.")
    if premise is not None:
        fields["premise_no"] = premise.number
        owners = _owners(premise.id)
        if owners and not fields.get("owner_name"):
            fields["owner_name"] = owners
    if fields.get("owner_name"):
        fields["participants"].append({"role": "Собственник (пользователь) помещения",
                                       "name": fields["owner_name"]})
    return fields


def _next_number(kind: str, year: int) -> str:
    ActSequence.insert(kind=kind, year=year, last=0).on_conflict_ignore().execute()
    ActSequence.update(last=ActSequence.last + 1).where(
        (ActSequence.kind == kind) & (ActSequence.year == year)).execute()
    last = ActSequence.get((ActSequence.kind == kind) & (ActSequence.year == year)).last
    return f"{year}-{last:03d}"


@dataclass(frozen=True)
class ActInfo:
    id: int
    kind: str
    title: str
    number: str
    made_at: datetime
    reg_no: str
    premise_number: str
    file: Path | None
    fields: dict


def create_act(kind: str, fields: dict, *, now: datetime, reg_no: str | None = None,
               premise_number: str | None = None, out: Path | None = None,
               blank_lines: bool = False) -> ActInfo:
    """Number, render and store an act; the .docx goes to ``out`` or the acts folder."""
    spec = act_kind(kind)
    request = Request.get_or_none(Request.reg_no == reg_no) if reg_no else None
    if reg_no and request is None:
        raise NotFound(f"Обращение № {reg_no} не найдено.")
    premise = None
    number_text = premise_number or fields.get("premise_no") or (request.premise_number if request else "")
    if number_text:
        premise = Premise.get_or_none(Premise.number == str(number_text).strip())
    with database.atomic():
        number = _next_number(kind, now.year)
        values = {**fields, "act_no": number}
        target = Path(out) if out else acts_dir() / f"{kind}_{number}.docx"
        render_act(kind, values, target, user_dir=templates_dir(), blank_lines=blank_lines)
        act = Act.create(kind=kind, number=number, made_at=now, request=request, premise=premise,
                         fields=json.dumps(values, ensure_ascii=False), file_name=str(target),
                         updated_at=now)
        audit.record("create", "act", act.id, now=now, kind=kind, number=number,
                     request=reg_no or "")
    return _info(act)


def update_act(act_id: int, fields: dict, *, now: datetime) -> ActInfo:
    """Edit a stored act and regenerate its file (the number stays)."""
    act = Act.get_or_none(Act.id == act_id)
    if act is None:
        raise NotFound("Акт не найден.")
    values = {**fields, "act_no": act.number}
    with database.atomic():
        render_act(act.kind, values, Path(act.file_name), user_dir=templates_dir())
        act.fields = json.dumps(values, ensure_ascii=False)
        act.updated_at = now
        act.save()
        audit.record("edit", "act", act.id, now=now, number=act.number)
    return _info(act)


def _info(act: Act) -> ActInfo:
    return ActInfo(act.id, act.kind, ACT_KINDS[act.kind].title, act.number, act.made_at,
                   act.request.reg_no if act.request_id else "",
                   act.premise.number if act.premise_id else "",
                   Path(act.file_name) if act.file_name else None, json.loads(act.fields))


def list_acts(*, reg_no: str | None = None) -> list[ActInfo]:
    query = Act.select().order_by(Act.made_at.desc(), Act.id.desc())
    if reg_no:
        query = query.join(Request).where(Request.reg_no == reg_no)
    return [_info(a) for a in query]


def act_for_request(kind: str, reg_no: str, out: Path, *, now: datetime) -> ActInfo:
    """The command line's act: what the database knows, free-text fields as lines."""
    return create_act(kind, prefill(kind, reg_no=reg_no, now=now), now=now, reg_no=reg_no,
                      out=out, blank_lines=True)
