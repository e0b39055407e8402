"""The document templates as the settings page shows and checks them: which template
belongs to which document and the fields it may use (the window reaches
tsj_desk.documents only through the services)."""

from __future__ import annotations

from tsj_desk.documents.acts import ACT_KINDS
from tsj_desk.documents.letters import ANSWER_FIELDS, ANSWER_TEMPLATE, NOTICE_FIELDS, NOTICE_TEMPLATE
from tsj_desk.documents.templates import (
    TemplateInfo,
    check_template,
    copy_template_to_user_dir,
    list_templates,
)

__all__ = ["TemplateInfo", "check_template", "copy_template_to_user_dir", "known_documents", "list_templates"]


def known_documents() -> dict[str, tuple[str, frozenset[str]]]:
    """Template file → (the document's name, the fields its template may use)."""
    known = {
        NOTICE_TEMPLATE: ("Уведомление о регистрации обращения", NOTICE_FIELDS),
        ANSWER_TEMPLATE: ("Ответ на обращение", ANSWER_FIELDS),
    }
    for kind in ACT_KINDS.values():
        known[kind.template] = (kind.title, kind.fields)
    try:  # the readings' letters (tsj_desk.documents.reminders), when present
        from tsj_desk.documents.reminders import VERIFICATION_FIELDS, VERIFICATION_TEMPLATE
    except ImportError:
        pass
    else:
        known[VERIFICATION_TEMPLATE] = ("Уведомление об истечении срока поверки приборов учёта",
                                        frozenset(VERIFICATION_FIELDS))
    from tsj_desk.documents.debt_notices import DEBT_NOTICE_FIELDS, DEBT_NOTICE_TEMPLATE, DEBT_NOTICE_TITLE

    known[DEBT_NOTICE_TEMPLATE] = (DEBT_NOTICE_TITLE, DEBT_NOTICE_FIELDS)
    from tsj_desk.documents.announcements import (ANNOUNCEMENT_FIELDS, TEMPLATES, VISIT_LETTER_FIELDS,
                                                  VISIT_LETTER_TEMPLATE)
    from tsj_desk.domain.announcements import KINDS

    for kind, template in TEMPLATES.items():
        known[template] = (f"Объявление: {KINDS[kind].lower()}", ANNOUNCEMENT_FIELDS)
    known[VISIT_LETTER_TEMPLATE] = ("Уведомление о допуске в помещение", VISIT_LETTER_FIELDS)
    return known
