"""Build the shipped .docx templates of announcements and of the visit letter.

Run from the project root: ``uv run python resources/templates/build_announcements.py``.
It rewrites ``announcement_outage.docx``, ``announcement_visit.docx``,
``announcement_meeting.docx`` (A4 in large type, for entrances and notice boards) and
``visit_letter.docx`` (a letter to an owner whose premise needs access) next to
itself. The names the templates may use are the constants of
``tsj_desk/documents/announcements.py`` (tests check that they match); the sentences
come composed from ``tsj_desk/domain/announcements.py``, so a user's copy may move,
restyle or drop them and change every word around them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from build_templates import (  # noqa: E402  (the shared layout helpers, next to this file)
    bottom_border,
    letter_head,
    new_document,
    paragraph,
    requisites,
    save,
    signature,
)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _large_page(title: str):
    document = new_document(title)
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.5)
    section.left_margin = section.right_margin = Cm(1.8)
    return document


def _caps(para) -> None:
    for run in para.runs:
        run.font.all_caps = True


def _announcement(document, greeting: str, closing: list[str]) -> None:
    """The page every announcement shares: the organisation and the entrance at the top,
    «ОБЪЯВЛЕНИЕ», the title, the sentences, the signature and the date."""
    head = paragraph(document, "{{ org_name }}", align=CENTER, size=14, bold=True)
    bottom_border(head)
    paragraph(document, "{{ address }}", align=CENTER, size=14, after=0)
    paragraph(document, "{{ entrance }}", align=RIGHT, size=20, bold=True, before=4)
    paragraph(document, "ОБЪЯВЛЕНИЕ", align=CENTER, size=44, bold=True, before=6, after=0)
    _caps(paragraph(document, "{{ title }}", align=CENTER, size=26, bold=True, after=12))
    paragraph(document, greeting, align=CENTER, size=22, after=6)
    paragraph(document, "{{ notice }}", align=LEFT, size=24, bold=True, after=6)
    paragraph(document, "{{ details }}", align=LEFT, size=18, after=0)
    paragraph(document, "{{ access }}", align=LEFT, size=24, bold=True, before=6, after=6)
    for text in closing:
        paragraph(document, text, align=LEFT, size=16, after=4)
    paragraph(document, "{{ chairman_position }}", align=RIGHT, size=14, before=12)
    paragraph(document, "{{ chairman_name }}", align=RIGHT, size=14)
    paragraph(document, "{{ notice_date }}", align=RIGHT, size=14)


def build_announcement_outage(out_dir: Path) -> Path:
    document = _large_page("Объявление о плановом отключении")
    _announcement(document, "Уважаемые жители!", [
        "Просим заранее сделать необходимый запас и не оставлять открытыми краны и "
        "включённые приборы.",
        "Приносим извинения за временные неудобства. Справки по телефону {{ org_phone }}.",
    ])
    return save(document, out_dir / "announcement_outage.docx")


def build_announcement_visit(out_dir: Path) -> Path:
    document = _large_page("Объявление о визите специалиста")
    _announcement(document, "Уважаемые собственники!", [
        "Если в это время Вы не можете обеспечить доступ, сообщите удобные дату и время "
        "по телефону {{ org_phone }}.",
    ])
    return save(document, out_dir / "announcement_visit.docx")


def build_announcement_meeting(out_dir: Path) -> Path:
    document = _large_page("Объявление о собрании собственников")
    _announcement(document, "Уважаемые собственники!", [
        "Решения общего собрания обязательны для всех собственников помещений, в том "
        "числе не участвовавших в голосовании (ЖК РФ ст. 46 ч. 5). Справки по телефону "
        "{{ org_phone }}.",
    ])
    return save(document, out_dir / "announcement_meeting.docx")


def build_visit_letter(out_dir: Path) -> Path:
    """Letter to an owner whose premise needs access during a visit (Times 13)."""
    document = new_document("Уведомление о визите специалиста")
    document.styles["Normal"].font.size = Pt(13)
    letter_head(document)
    requisites(document, [["от {{ notice_date }}"]], [["{{ owner_name }}"], ["{{ owner_address }}"]])
    paragraph(document, "Уведомление о допуске в помещение", align=CENTER, bold=True, after=12)
    paragraph(document, "{{ greeting }}", align=CENTER, after=12)
    justified = dict(align=JUSTIFY, indent=True, after=6)
    paragraph(document, "Сообщаем, что ", ("{{ when }}", "b"), " в доме по адресу: {{ address }} "
              "будет проводиться ", ("{{ work }}", "b"), ".", **justified)
    paragraph(document, "{{ performer }}", **justified)
    paragraph(document, ("{{ access }}", "b"), **justified)
    paragraph(document, "Потребитель обязан допускать представителей исполнителя в занимаемое "
              "помещение в заранее согласованное время для осмотра технического состояния "
              "внутриквартирного оборудования и проверки показаний приборов учёта (подп. «е» "
              "п. 34 Правил предоставления коммунальных услуг, утверждённых постановлением "
              "Правительства РФ от 06.05.2011 № 354).", **justified)
    paragraph(document, "Если в это время Вы не можете обеспечить доступ, просим сообщить "
              "удобные дату и время по телефону {{ org_phone }}.", **justified)
    signature(document)
    return save(document, out_dir / "visit_letter.docx")


BUILDERS = (build_announcement_outage, build_announcement_visit, build_announcement_meeting,
            build_visit_letter)


def build_announcements(out_dir: Path = HERE) -> list[Path]:
    return [build(Path(out_dir)) for build in BUILDERS]


if __name__ == "__main__":
    for path in build_announcements():
        print(path.name)
