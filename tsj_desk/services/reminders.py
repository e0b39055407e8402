"""Verification reminders: a notice letter (.docx) per premise, to its owners, listing
the premise's meters whose verification ends soon or has ended.

After the verification date a meter's readings are not accepted for billing
(``reference/legal-ru.md`` §5), so the office reminds the owners beforehand. The
meters to remind about come from ``services.readings.verification_due``; the letter
is ``verification_notice.docx`` (the user's own copy in the templates folder wins).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from datetime import date
from pathlib import Path

import peewee

from tsj_desk.documents.reminders import render_verification_notice, verification_state
from tsj_desk.domain.errors import FileProblem, NotFound, ValidationFailed
from tsj_desk.domain.meters import Resource
from tsj_desk.domain.text import format_date
from tsj_desk.services.importing import Cancelled, Progress
from tsj_desk.services.letters import organization_context
from tsj_desk.storage.models import House, Meter, Ownership, Person, Premise

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def letter_name(premise_number: str) -> str:
    """The file name of a premise's notice: «Уведомление о поверке, пом. 12.docx»."""
    number = _UNSAFE.sub("-", premise_number).strip(" .") or "без номера"
    return f"Уведомление о поверке, пом. {number}.docx"


def verification_letters(meter_ids: list[int], out_dir: Path, *, today: date,
                         progress: Progress | None = None,
                         cancel: threading.Event | None = None) -> list[Path]:
    """Write one notice per premise of ``meter_ids`` into ``out_dir``; the files written.

    Common-house meters (ОДПУ) have no owner to write to and are left out; a list of
    ОДПУ only is refused. Cancelling removes the letters of this run and raises
    ``Cancelled``. An existing file of the same name is replaced.
    """
    ids = list(dict.fromkeys(meter_ids))
    if not ids:
        raise ValidationFailed("Выберите счётчики, о поверке которых нужно напомнить.")
    meters = list(Meter.select(Meter, Premise).join(Premise, peewee.JOIN.LEFT_OUTER)
                  .where(Meter.id.in_(ids)))
    if len(meters) < len(ids):
        raise NotFound("Некоторые из выбранных счётчиков не найдены: обновите список.")
    by_premise: dict[int, list[Meter]] = defaultdict(list)
    for meter in meters:
        if meter.premise_id is not None:
            by_premise[meter.premise_id].append(meter)
    if not by_premise:
        raise ValidationFailed("Письма собственникам готовятся по счётчикам помещений; "
                               "у общедомовых счётчиков (ОДПУ) собственника-адресата нет.")
    premises = {p.id: p for p in Premise.select().where(Premise.id.in_(list(by_premise)))}
    houses = {h.id: h.address for h in House.select(House.id, House.address)}
    owners: dict[int, list[Person]] = defaultdict(list)
    for ownership in (Ownership.select(Ownership, Person).join(Person)
                      .where(Ownership.premise.in_(list(by_premise)), Ownership.valid_to.is_null())
                      .order_by(Ownership.id)):
        if all(p.id != ownership.person.id for p in owners[ownership.premise_id]):
            owners[ownership.premise_id].append(ownership.person)
    organisation = organization_context()
    from tsj_desk.services.document_files import template_dirs

    user_dir = template_dirs()  # the base's templates first, then this PC's
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(f"Не удалось создать папку «{out_dir}»: {error.strerror or error}.") from error

    order = sorted(by_premise, key=lambda pid: (premises[pid].sort_key, pid))
    written: list[Path] = []
    used: set[str] = set()
    try:
        for done, premise_id in enumerate(order):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            premise = premises[premise_id]
            people = owners.get(premise_id, [])
            address = ", ".join(p for p in (houses.get(premise.house_id, ""), f"пом.\u00a0{premise.number}") if p)
            postal = people[0].postal_address if len(people) == 1 and people[0].postal_address else ""
            rows = sorted(by_premise[premise_id],
                          key=lambda m: (m.next_verification or date.max, Resource(m.resource).order, m.id))
            context = {
                **organisation,
                "out_no": "", "notice_date": format_date(today),
                "owner_name": ", ".join(p.name for p in people) or "Собственнику помещения",
                "owner_address": postal or address,
                "premise_no": premise.number, "address": address,
                "meters": [{
                    "resource": Resource(m.resource).label, "serial": m.serial, "place": m.place or "",
                    "due_date": format_date(m.next_verification),
                    "state": verification_state(m.next_verification, today) if m.next_verification else "",
                } for m in rows],
            }
            name = letter_name(premise.number)
            if name in used:  # the same number in two houses
                name = name.replace(".docx", f" ({premise_id}).docx")
            used.add(name)
            path = out_dir / name
            render_verification_notice(context, path, user_dir=user_dir)
            written.append(path)
            if progress is not None:
                progress(done + 1, len(order))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
