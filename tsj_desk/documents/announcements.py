"""Announcements (.docx from templates): no database here.

Объявление для подъезда (``announcement_outage.docx``, ``announcement_visit.docx``,
``announcement_meeting.docx``), ``ANNOUNCEMENT_FIELDS``: the organisation fields of
``tsj_desk.documents.letters`` and ``org_phone``; ``address`` (the house), ``entrance``
(«Подъезд № 2», empty for the whole house), ``title`` («Отключение горячей воды»),
``notice`` (the sentence of what, when: «03.12.2026 (четверг) с 09:00 до 18:00 будет
отключена горячая вода.»), ``details`` (reason, performer, place, agenda — one line
each, one paragraph a line), ``access`` («Просим обеспечить доступ в квартиры № 1–36.»,
empty but for visits) and ``notice_date``.

Уведомление о допуске в помещение (``visit_letter.docx``), ``VISIT_LETTER_FIELDS``: the
organisation fields and ``org_phone``; ``notice_date``; ``owner_name``,
``owner_address``, ``greeting`` («Уважаемая Анна Ивановна!»); ``address``,
``premise_no``; ``when`` («08.12.2026 (вторник) с 10:00 до 17:00»), ``work`` («поверка
индивидуальных приборов учёта»), ``performer``, ``access``.

Several pages or letters are written into one file by ``documents.combine``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tsj_desk.documents.letters import DEFAULT_CHAIRMAN_POSITION, ORGANISATION_FIELDS
from tsj_desk.documents.templates import find_template, render_template
from tsj_desk.domain.announcements import MEETING, OUTAGE, VISIT

TEMPLATES = {
    OUTAGE: "announcement_outage.docx",
    VISIT: "announcement_visit.docx",
    MEETING: "announcement_meeting.docx",
}
VISIT_LETTER_TEMPLATE = "visit_letter.docx"

ANNOUNCEMENT_FIELDS = frozenset({
    *ORGANISATION_FIELDS, "org_phone",
    "address", "entrance", "title", "notice", "details", "access", "notice_date",
})

VISIT_LETTER_FIELDS = frozenset({
    *ORGANISATION_FIELDS, "org_phone", "notice_date",
    "owner_name", "owner_address", "greeting",
    "address", "premise_no", "when", "work", "performer", "access",
})


def _common(context: Mapping) -> dict:
    values = dict(context)
    if not values.get("chairman_position"):
        values["chairman_position"] = DEFAULT_CHAIRMAN_POSITION
    return values


def render_announcement(kind: str, context: Mapping, out: Path, user_dir=None) -> None:
    """One page of an announcement (one entrance)."""
    render_template(find_template(TEMPLATES[kind], user_dir), _common(context), Path(out),
                    allowed=ANNOUNCEMENT_FIELDS, blank="", blanks={"org_phone": "____________"})


def render_visit_letter(context: Mapping, out: Path, user_dir=None) -> None:
    """One owner's letter about a visit that needs access to their premise."""
    render_template(find_template(VISIT_LETTER_TEMPLATE, user_dir), _common(context), Path(out),
                    allowed=VISIT_LETTER_FIELDS, blank="", blanks={"org_phone": "____________"})
