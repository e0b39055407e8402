"""The three acts from the shipped templates: titles, fields, signature lines, pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, time
from pathlib import Path

import docx
import pytest

from tsj_desk.documents.acts import ACT_KINDS, act_kind, render_act
from tsj_desk.documents.templates import (
    SHIPPED_TEMPLATES_DIR,
    TemplateProblem,
    template_placeholders,
)
from tsj_desk.domain.errors import ValidationFailed

TITLES = {
    "damage": "Акт о причинении ущерба жизни, здоровью и имуществу потребителя, общему "
              "имуществу собственников помещений в МКД",
    "maintenance_quality": "Акт о нарушении качества или превышении установленной "
                           "продолжительности перерыва в оказании услуг или выполнении работ "
                           "по содержанию и ремонту общего имущества в МКД",
    "utility_quality": "Акт проверки качества предоставляемых коммунальных услуг",
}

CONTEXT = {
    "act_no": "2026-007",
    "city": "Казань",
    "act_date": date(2026, 11, 24),
    "act_time": time(10, 15),
    "org_name": "ТСЖ «Рассвет»",
    "rep_name": "Иванов Иван Иванович",
    "rep_position": "председатель правления",
    "rep_basis": "Устава",
    "witnesses": "Петров Пётр Петрович",
    "owner_name": "Кузнецова Мария Петровна",
    "premise_no": "45",
    "address": "г. Казань, ул. Лесная, д. 7",
    "request_no": "2026-0042",
    "request_received": datetime(2026, 11, 24, 8, 40),
    "copies": 2,
    "participants": [
        {"role": "Представитель исполнителя", "name": "Иванов И. И."},
        {"role": "Собственник", "name": "Кузнецова М. П."},
        {"role": "Свидетель", "name": "Петров П. П."},
    ],
    "items": [
        {"name": "Потолок кухни", "damage": "пятна, отслоение побелки", "extent": "4,5 м²"},
        {"name": "Обои в коридоре", "damage": "отслоение", "extent": "6 м²"},
    ],
    "event_date": date(2026, 11, 24),
    "event_time": "07:30",
    "damage_description": "Залив кухни и коридора из квартиры № 49.",
    "cause": "Разрыв гибкой подводки к смесителю в квартире № 49.",
    "service": "Отопление",
    "violation": "Температура воздуха в спальне +15 °C при нормативе не ниже +20 °C.",
    "violation_start": datetime(2026, 11, 22, 18, 0),
    "violation_end": datetime(2026, 11, 24, 12, 0),
    "fee_reduction": "Перерыв сверх допустимой продолжительности.",
    "check_date": date(2026, 11, 24),
    "check_time": time(11, 0),
    "findings": "Температура воздуха +15 °C, норматив не ниже +20 °C.",
    "methods": "Термометр ТК-5.01, зав. № 12345, поверен 10.03.2026.",
}


def kind_context(kind: str) -> dict:
    fields = ACT_KINDS[kind].fields
    return {key: value for key, value in CONTEXT.items() if key in fields}


def test_the_kinds_and_their_titles():
    assert set(ACT_KINDS) == set(TITLES)
    for code, title in TITLES.items():
        assert ACT_KINDS[code].title == title


@pytest.mark.parametrize("kind", sorted(ACT_KINDS))
def test_the_shipped_template_uses_exactly_the_kinds_fields(kind):
    act = ACT_KINDS[kind]
    assert template_placeholders(SHIPPED_TEMPLATES_DIR / act.template) == act.fields


@pytest.mark.parametrize("kind", sorted(ACT_KINDS))
def test_an_act_has_its_title_parties_and_signature_lines(kind, tmp_path, read_text):
    out = tmp_path / f"{kind}.docx"
    render_act(kind, kind_context(kind), out)
    text = read_text(out)
    assert "{{" not in text and "}}" not in text
    assert TITLES[kind] in text
    assert "№ 2026-007" in text
    assert "г. Казань" in text and "24.11.2026 в 10:15" in text
    assert "ТСЖ «Рассвет»" in text
    assert "Иванов Иван Иванович, председатель правления, действующий на основании Устава" in text
    assert "Кузнецова Мария Петровна" in text
    assert "№ 45, адрес: г. Казань, ул. Лесная, д. 7" in text
    assert "обращение № 2026-0042 от 24.11.2026 08:40" in text
    assert "Акт составлен в 2 экз." in text
    # a signature row per participant, a line for a refusal and two witnesses
    table = docx.Document(out).tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == ["№", "Участник", "Ф. И. О.", "Подпись"]
    # the damage act's culprit is left blank: a line to write him in, with his row to sign
    culprit = ["_" * 16] if kind == "damage" else []
    assert [row.cells[2].text for row in table.rows[1:]] == [
        "Иванов И. И.", "Кузнецова М. П.", *culprit, "Петров П. П."]
    assert "От подписания акта отказался(-ась):" in text
    assert "1. ______________________________  ________________ (подпись)" in text
    assert "2. ______________________________  ________________ (подпись)" in text


def test_the_kinds_own_fields(tmp_path, read_text):
    render_act("damage", kind_context("damage"), tmp_path / "d.docx")
    text = read_text(tmp_path / "d.docx")
    assert "Дата и время происшествия: 24.11.2026 07:30" in text
    assert "Разрыв гибкой подводки" in text
    items = docx.Document(tmp_path / "d.docx").tables[1]
    assert [[c.text for c in row.cells] for row in items.rows[1:]] == [
        ["1", "Потолок кухни", "пятна, отслоение побелки", "4,5 м²"],
        ["2", "Обои в коридоре", "отслоение", "6 м²"],
    ]
    render_act("maintenance_quality", kind_context("maintenance_quality"), tmp_path / "m.docx")
    text = read_text(tmp_path / "m.docx")
    assert "с 22.11.2026 18:00 по 24.11.2026 12:00" in text and "+15 °C" in text
    render_act("utility_quality", kind_context("utility_quality"), tmp_path / "u.docx")
    text = read_text(tmp_path / "u.docx")
    assert "Дата и время проверки: 24.11.2026 в 11:00" in text
    assert "Коммунальная услуга: Отопление" in text
    assert "зав. № 12345" in text and "22.11.2026 18:00" in text


@pytest.mark.parametrize("kind", sorted(ACT_KINDS))
def test_blank_lines_leave_the_free_text_for_handwriting(kind, tmp_path, read_paragraphs):
    out = tmp_path / f"{kind}.docx"
    render_act(kind, kind_context(kind), out, blank_lines=True)
    paragraphs = read_paragraphs(out)
    text = "\n".join(paragraphs)
    assert "{{" not in text
    for name in act_kind(kind).free_text_fields:
        value = CONTEXT.get(name)
        if value:
            assert value not in text
    assert "_" * 78 in paragraphs  # a full line to write on
    assert "Кузнецова Мария Петровна" in text  # the rest is filled


@pytest.mark.parametrize("kind", sorted(ACT_KINDS))
def test_an_empty_act_is_a_form_with_lines_and_blank_rows(kind, tmp_path, read_text):
    out = tmp_path / f"{kind}.docx"
    render_act(kind, {}, out, blank_lines=True)
    text = read_text(out)
    assert "{{" not in text and TITLES[kind] in text
    assert "г. ________________" in text
    signatures = docx.Document(out).tables[-1]
    assert [row.cells[0].text for row in signatures.rows[1:]] == ["1", "2", "3", "4"]


def test_an_unknown_kind():
    with pytest.raises(ValidationFailed, match="Неизвестный вид акта «flood»"):
        act_kind("flood")
    with pytest.raises(ValidationFailed, match="damage, maintenance_quality, utility_quality"):
        render_act("flood", {}, Path("never.docx"))


def test_a_user_act_template_with_an_unknown_field_fails(tmp_path, read_text):
    user_dir = tmp_path / "templates"
    user_dir.mkdir()
    target = user_dir / "act_damage.docx"
    shutil.copyfile(SHIPPED_TEMPLATES_DIR / "act_damage.docx", target)
    document = docx.Document(target)
    document.add_paragraph("Погода: {{ weather }}")
    document.save(target)
    with pytest.raises(TemplateProblem, match=r"«act_damage\.docx».*«\{\{ weather \}\}»"):
        render_act("damage", CONTEXT, tmp_path / "out.docx", user_dir=user_dir)
    render_act("damage", CONTEXT, tmp_path / "out.docx")
    assert TITLES["damage"] in read_text(tmp_path / "out.docx")


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_each_act_fits_two_pages_at_most(tmp_path):
    files = []
    for kind in sorted(ACT_KINDS):
        for blank_lines in (False, True):
            out = tmp_path / f"{kind}_{int(blank_lines)}.docx"
            render_act(kind, CONTEXT if not blank_lines else {}, out, blank_lines=blank_lines)
            files.append(out)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [find_soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )
    for docx_file in files:
        pdf = docx_file.with_suffix(".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {docx_file.name}"
        assert 1 <= pdf_pages(pdf) <= 2, f"{docx_file.name}: {pdf_pages(pdf)} pages"
