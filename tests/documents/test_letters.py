"""Letters of the journal from the shipped templates and from the user's own."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import docx
import pytest

from tsj_desk.documents.letters import (
    ANSWER_FIELDS,
    ANSWER_TEMPLATE,
    NOTICE_FIELDS,
    NOTICE_TEMPLATE,
    render_answer_letter,
    render_registration_notice,
)
from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR, TemplateProblem, template_placeholders

ORGANISATION = {
    "org_name": "ТСЖ «Рассвет»",
    "org_address": "420000, г. Казань, ул. Лесная, д. 7",
    "org_contacts": "тел. +7 843 000-00-00, e-mail: rassvet@example.ru",
    "chairman_name": "И. И. Иванов",
}

NOTICE = {
    **ORGANISATION,
    "applicant_name": "Кузнецова Мария Петровна",
    "applicant_address": "г. Казань, ул. Лесная, д. 7, кв. 45",
    "reg_no": "2026-0042",
    "received_date": datetime(2026, 11, 24, 8, 40),
    "category": "Жалоба на качество коммунальной услуги",
    "subject": "Холодные батареи в спальне",
    "due_date": date(2026, 11, 27),
    "due_basis": "3 рабочих дня, ПП 354 п. 31 «к»",
    "notice_date": date(2026, 11, 24),
}

ANSWER = {
    **ORGANISATION,
    "out_no": "118",
    "out_date": date(2026, 11, 26),
    "addressee_name": "Кузнецовой М. П.",
    "addressee_address": "г. Казань, ул. Лесная, д. 7, кв. 45",
    "reg_no": "2026-0042",
    "received_date": datetime(2026, 11, 24, 8, 40),
    "subject": "Холодные батареи в спальне",
    "answer_text": "Проверка 25.11.2026 подтвердила нарушение.\n\nЗавоздушенный стояк "
                   "прокачан, температура восстановлена.\nПерерасчёт будет сделан в декабре.",
    "result": "удовлетворено",
}


def test_the_shipped_templates_use_exactly_the_declared_fields():
    assert template_placeholders(SHIPPED_TEMPLATES_DIR / NOTICE_TEMPLATE) == NOTICE_FIELDS
    assert template_placeholders(SHIPPED_TEMPLATES_DIR / ANSWER_TEMPLATE) == ANSWER_FIELDS


def test_the_notice_names_the_number_the_time_and_the_due_date(tmp_path, read_text):
    out = tmp_path / "notice.docx"
    render_registration_notice(NOTICE, out)
    text = read_text(out)
    assert "{{" not in text and "}}" not in text
    assert "зарегистрировано под № 2026-0042" in text
    assert "поступило 24.11.2026 в 08:40" in text
    assert "не позднее 27.11.2026 (срок ответа — 3 рабочих дня, ПП 354 п. 31 «к»)" in text
    assert "Категория обращения: Жалоба на качество коммунальной услуги" in text
    assert "Холодные батареи в спальне" in text
    assert "Кузнецова Мария Петровна" in text
    assert "ТСЖ «Рассвет»" in text and "ул. Лесная, д. 7" in text
    assert "Председатель правления" in text and "И. И. Иванов" in text
    assert "Исх. № __________" in text  # no outgoing number yet: a line to write it on


def test_the_answer_refers_to_the_request_and_keeps_paragraphs(tmp_path, read_paragraphs):
    out = tmp_path / "answer.docx"
    render_answer_letter(ANSWER, out)
    paragraphs = read_paragraphs(out)
    text = "\n".join(paragraphs)
    assert "{{" not in text
    assert "На Ваше обращение № 2026-0042 от 24.11.2026 по вопросу «Холодные батареи в спальне» " \
           "сообщаем следующее." in paragraphs
    assert "Исх. № 118 от 26.11.2026" in text
    assert "На № 2026-0042 от 24.11.2026" in text
    start = paragraphs.index("Проверка 25.11.2026 подтвердила нарушение.")
    assert paragraphs[start + 1:start + 3] == [
        "Завоздушенный стояк прокачан, температура восстановлена.",
        "Перерасчёт будет сделан в декабре.",
    ]
    assert "Результат рассмотрения обращения: удовлетворено." in paragraphs
    assert "И. И. Иванов" in text
    body = docx.Document(out).paragraphs
    answer = next(p for p in body if p.text.startswith("Завоздушенный"))
    assert answer.paragraph_format.first_line_indent is not None  # the text's indent is kept


def test_a_letter_without_optional_values_prints_no_fields(tmp_path, read_text):
    out = tmp_path / "answer.docx"
    render_answer_letter({"reg_no": "2026-0001", "answer_text": "Разъяснено."}, out)
    text = read_text(out)
    assert "{{" not in text and "2026-0001" in text and "Разъяснено." in text


def user_copy(user_dir: Path, name: str, extra: str) -> Path:
    user_dir.mkdir(exist_ok=True)
    target = user_dir / name
    shutil.copyfile(SHIPPED_TEMPLATES_DIR / name, target)
    document = docx.Document(target)
    document.add_paragraph(extra)
    document.save(target)
    return target


def test_a_user_template_wins(tmp_path, read_text):
    user_dir = tmp_path / "templates"
    user_copy(user_dir, NOTICE_TEMPLATE, "Наш собственный текст, № {{ reg_no }}.")
    out = tmp_path / "notice.docx"
    render_registration_notice(NOTICE, out, user_dir=user_dir)
    assert "Наш собственный текст, № 2026-0042." in read_text(out)


def test_a_user_template_with_an_unknown_field_fails_and_the_shipped_one_works(tmp_path, read_text):
    user_dir = tmp_path / "templates"
    user_copy(user_dir, ANSWER_TEMPLATE, "Фаза луны: {{ lunar_phase }}")
    out = tmp_path / "answer.docx"
    with pytest.raises(TemplateProblem) as caught:
        render_answer_letter({**ANSWER, "lunar_phase": "полнолуние"}, out, user_dir=user_dir)
    assert str(caught.value) == (
        "Шаблон «request_answer.docx» содержит неизвестное поле «{{ lunar_phase }}». "
        "Исправьте шаблон или удалите поле."
    )
    assert not out.exists()
    render_answer_letter(ANSWER, out)  # the shipped template keeps working
    assert "2026-0042" in read_text(out)
    # a field of the other letter is unknown here too
    user_copy(user_dir, NOTICE_TEMPLATE, "{{ answer_text }}")
    with pytest.raises(TemplateProblem, match=r"«\{\{ answer_text \}\}»"):
        render_registration_notice(NOTICE, out, user_dir=user_dir)
