"""Letters of the request journal as .docx from templates: no database here.

The caller (a service) gathers a plain context; each letter declares the field
names its template may use, so a user's template with a field the application
does not know fails with a message naming it (``TemplateProblem``).

Notice of registration (``request_notice.docx``), ``NOTICE_FIELDS``:
    ``org_name``, ``org_address``, ``org_contacts`` (телефон, e-mail — one text);
    ``out_no``, ``notice_date``; ``applicant_name``, ``applicant_address``;
    ``reg_no``, ``received_date``, ``received_time`` (a ``datetime`` in
    ``received_date`` also fills the time); ``category`` (the label), ``subject``;
    ``due_date`` (a ``datetime`` for deadlines in hours) and ``due_basis`` (how it
    was computed: «3 рабочих дня, ПП 416 п. 34; перенос с 02.05 (выходной)»);
    ``chairman_name``, ``chairman_position`` (default «Председатель правления»).

Answer (``request_answer.docx``), ``ANSWER_FIELDS``:
    the organisation fields; ``out_no``, ``out_date``; ``addressee_name``,
    ``addressee_address``; ``reg_no``, ``received_date``, ``subject``;
    ``answer_text`` (line breaks become paragraphs), ``result`` («удовлетворено»,
    «отказано: …», «разъяснено»); ``chairman_name``, ``chairman_position``.

A field without a value prints empty, except the outgoing number and date, which
print as lines to be filled in by hand.

A letter never quotes the program's own files: an answer recorded with a file name or
a row count («… выдан (7 строк, файл «реестр.xlsx»)», as register hand-outs were once
recorded) is printed without them (``without_file_details``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from tsj_desk.documents.templates import find_template, render_template

NOTICE_TEMPLATE = "request_notice.docx"
ANSWER_TEMPLATE = "request_answer.docx"

ORGANISATION_FIELDS = ("org_name", "org_address", "org_contacts", "chairman_name", "chairman_position")

NOTICE_FIELDS = frozenset({
    *ORGANISATION_FIELDS,
    "out_no", "notice_date",
    "applicant_name", "applicant_address",
    "reg_no", "received_date", "received_time",
    "category", "subject",
    "due_date", "due_basis",
})

ANSWER_FIELDS = frozenset({
    *ORGANISATION_FIELDS,
    "out_no", "out_date",
    "addressee_name", "addressee_address",
    "reg_no", "received_date", "subject",
    "answer_text", "result",
})

DEFAULT_CHAIRMAN_POSITION = "Председатель правления"

_BLANKS = {
    "out_no": "__________",
    "notice_date": "____________",
    "out_date": "____________",
}


_FILE_DETAILS = (
    re.compile(r"\s*\(\s*\d+\s+строк[а-я]*\s*,\s*файл\s+«[^»]*»\s*\)"),  # (7 строк, файл «…»)
    re.compile(r",?\s*(?:в\s+)?файл[а-я]*\s+«[^»]*\.(?:xlsx|xls|docx|doc|csv|pdf|zip|txt)»", re.I),
    re.compile(r"\s*«[^»]*\.(?:xlsx|xls|docx|doc|csv|pdf|zip|txt)»", re.I),  # a quoted file name alone
    re.compile(r",?\s*строк(?:и|а)?\s*(?:в\s+файле)?\s*:\s*\d+"),  # «, строк: 7»
)


def without_file_details(text: str) -> str:
    """``text`` without the names of files and their row counts."""
    for pattern in _FILE_DETAILS:
        text = pattern.sub("", text)
    return re.sub(r"[ \t]+([.,;])", r"\1", text)


def _common(context: Mapping) -> dict:
    values = dict(context)
    if not values.get("chairman_position"):
        values["chairman_position"] = DEFAULT_CHAIRMAN_POSITION
    return values


def render_registration_notice(
    context: Mapping, out: Path, user_dir: Path | None = None, *, blank: str = ""
) -> None:
    """The notice telling the applicant the registration number and the due date."""
    values = _common(context)
    received = values.get("received_date")
    if isinstance(received, datetime):
        values["received_date"] = received.date()
        if not values.get("received_time"):
            values["received_time"] = received.time()
    render_template(
        find_template(NOTICE_TEMPLATE, user_dir), values, out,
        allowed=NOTICE_FIELDS, blank=blank, blanks=_BLANKS,
    )


def render_answer_letter(
    context: Mapping, out: Path, user_dir: Path | None = None, *, blank: str = ""
) -> None:
    """The answer to a request: «На Ваше обращение № … от …», the text, the result."""
    values = _common(context)
    if values.get("answer_text"):
        values["answer_text"] = without_file_details(str(values["answer_text"]))
    received = values.get("received_date")
    if isinstance(received, datetime):
        values["received_date"] = received.date()
    render_template(
        find_template(ANSWER_TEMPLATE, user_dir), values, out,
        allowed=ANSWER_FIELDS, blank=blank, blanks=_BLANKS,
    )
