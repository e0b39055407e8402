"""«Уведомление о задолженности» (.docx from a template): no database here.

Template ``debt_notice.docx``, ``DEBT_NOTICE_FIELDS``:
    the organisation fields of ``tsj_desk.documents.letters`` (``org_name``,
    ``org_address``, ``org_contacts``, ``chairman_name``, ``chairman_position``);
    ``out_no``, ``notice_date``; ``owner_name`` (every owner of the premise, one text),
    ``owner_address``; ``premise_no``, ``address`` (the premise's address), ``account``;
    ``debt`` («12 345,67 руб.»), ``balance_date`` (ДД.ММ.ГГГГ), ``months_note``
    (« (3 месяца)» or empty); ``payment`` (how to pay: the organisation's bank details
    and the account to name in the payment).

The legal consequences (ЖК РФ ст. 155 ч. 1 and ч. 14, ПП 354 пп. 117–119) are the
template's own text, so an office can reword them in its copy of the template. The
caller (``tsj_desk.services.debt_notices``) gathers a plain context. A user's template
in the templates folder wins over the shipped one; a field outside
``DEBT_NOTICE_FIELDS`` fails with ``TemplateProblem`` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tsj_desk.documents.letters import DEFAULT_CHAIRMAN_POSITION, ORGANISATION_FIELDS
from tsj_desk.documents.templates import find_template, render_template

DEBT_NOTICE_TEMPLATE = "debt_notice.docx"
DEBT_NOTICE_TITLE = "Уведомление о задолженности"

DEBT_NOTICE_FIELDS = frozenset({
    *ORGANISATION_FIELDS,
    "out_no", "notice_date",
    "owner_name", "owner_address",
    "premise_no", "address", "account",
    "debt", "balance_date", "months_note", "payment",
})

_BLANKS = {
    "out_no": "__________",
    "notice_date": "____________",
}


def render_debt_notice(context: Mapping, out: Path, user_dir: Path | None = None, *,
                       blank: str = "") -> None:
    """One debtor's notice."""
    values = dict(context)
    if not values.get("chairman_position"):
        values["chairman_position"] = DEFAULT_CHAIRMAN_POSITION
    render_template(find_template(DEBT_NOTICE_TEMPLATE, user_dir), values, out,
                    allowed=DEBT_NOTICE_FIELDS, blank=blank, blanks=_BLANKS)
