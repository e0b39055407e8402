"""The verification reminder (.docx from a template): no database here.

Уведомление об истечении срока поверки (``verification_notice.docx``),
``VERIFICATION_FIELDS``:
    the organisation fields of ``tsj_desk.documents.letters`` (``org_name``,
    ``org_address``, ``org_contacts``, ``chairman_name``, ``chairman_position``);
    ``out_no``, ``notice_date``; ``owner_name`` (every owner of the premise, one
    text), ``owner_address``; ``premise_no``, ``address`` (the premise's address);
    the repeated rows ``meters``, each with ``resource`` («Холодная вода»),
    ``serial``, ``place``, ``due_date`` (the date the verification runs out) and
    ``state`` («истекает через 12 дней», «истекает сегодня», «истёк»).

The caller (``tsj_desk.services.reminders``) gathers a plain context. A user's
template in the templates folder wins over the shipped one; a field outside
``VERIFICATION_FIELDS`` fails with ``TemplateProblem`` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from tsj_desk.documents.letters import DEFAULT_CHAIRMAN_POSITION, ORGANISATION_FIELDS
from tsj_desk.documents.templates import find_template, render_template
from tsj_desk.domain.text import counted

VERIFICATION_TEMPLATE = "verification_notice.docx"

METER_FIELDS = ("resource", "serial", "place", "due_date", "state")

VERIFICATION_FIELDS = frozenset({
    *ORGANISATION_FIELDS,
    "out_no", "notice_date",
    "owner_name", "owner_address",
    "premise_no", "address",
    "meters", *(f"meters[].{name}" for name in METER_FIELDS),
})

_BLANKS = {
    "out_no": "__________",
    "notice_date": "____________",
}


def verification_state(due: date, today: date) -> str:
    """«истекает через 12 дней», «истекает сегодня», «истёк»."""
    days = (due - today).days
    if days > 0:
        return f"истекает через {counted(days, 'день', 'дня', 'дней')}"
    if days == 0:
        return "истекает сегодня"
    return "истёк"


def render_verification_notice(context: Mapping, out: Path, user_dir: Path | None = None, *,
                               blank: str = "") -> None:
    """One owner's notice listing the meters of the premise whose verification ends."""
    values = dict(context)
    if not values.get("chairman_position"):
        values["chairman_position"] = DEFAULT_CHAIRMAN_POSITION
    render_template(find_template(VERIFICATION_TEMPLATE, user_dir), values, out,
                    allowed=VERIFICATION_FIELDS, blank=blank, blanks=_BLANKS)
