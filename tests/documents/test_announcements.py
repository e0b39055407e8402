"""Announcements for entrances and the visit letters: the words and dates on the pages,
one page per entrance, one letter per owner, the grammar of the resource and the number
of premises. The base is built here: a house of 12 flats, 6 in each of two entrances."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tsj_desk.documents.announcements import ANNOUNCEMENT_FIELDS, TEMPLATES, VISIT_LETTER_FIELDS, VISIT_LETTER_TEMPLATE
from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR, template_placeholders
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.services.announcement_visits import visit_residents, write_visit_letters, write_visit_list
from tsj_desk.services.announcements import (
    AnnouncementInput,
    create_announcement,
    list_announcements,
    write_announcement,
)
from tsj_desk.storage.models import House, Organization, Ownership, Person, Premise

from tests.documents.conftest import docx_paragraphs, docx_text

NOW = datetime(2026, 11, 24, 12, 0)
TODAY = date(2026, 11, 24)
PAGE_BREAK = b"<w:pageBreakBefore/>"


@pytest.fixture
def house(db):
    org = Organization.create(name="ТСЖ «Берёзка»", chairman="Орлова Марина Викторовна",
                              phone="+7 495 123-45-67")
    house = House.create(organization=org, address="г. Коломна, ул. Лесная, д. 5")
    people = {
        3: [("Иванова Анна Ивановна", "Иванова", "Анна", "Ивановна", "+7 916 000-00-03")],
        4: [("Петров Пётр Петрович", "Петров", "Пётр", "Петрович", "+7 916 000-00-04"),
            ("Петрова Ольга Сергеевна", "Петрова", "Ольга", "Сергеевна", "")],
        7: [("=HYPERLINK(\"http://x\",\"Нажмите\")", None, None, None, "+7 916 000-00-07")],
        8: [("Сидоров Олег Игоревич", "Сидоров", "Олег", "Игоревич", "8 916 000 00 08")],
    }
    for number in range(1, 13):
        premise = Premise.create(house=house, number=str(number), sort_key=premise_sort_text(str(number)),
                                 entrance="1" if number <= 6 else "2", kind="flat")
        for name, last, first, patronymic, phone in people.get(number, []):
            person = Person.create(name=name, last_name=last, first_name=first, patronymic=patronymic,
                                   phone=phone)
            Ownership.create(premise=premise, person=person)
    return house


def pages(path: Path) -> int:
    """The pages of a combined file: the first, and each that starts with a page break."""
    with zipfile.ZipFile(path) as package:
        return 1 + package.read("word/document.xml").count(PAGE_BREAK)


def test_an_outage_prints_one_page_per_entrance_with_the_dates_and_the_grammar(house, tmp_path):
    new = create_announcement(AnnouncementInput(
        "outage", datetime(2026, 12, 2, 9, 0), datetime(2026, 12, 3, 18, 0), resource="heating",
        reason="замена задвижки в тепловом узле"), now=NOW)
    out = tmp_path / "объявление.docx"
    assert write_announcement(new, out, today=TODAY) == 2
    assert pages(out) == 2
    paragraphs = docx_paragraphs(out)
    assert [p for p in paragraphs if p.startswith("Подъезд")] == ["Подъезд № 1", "Подъезд № 2"]
    assert paragraphs.count("Отключение отопления") == 2  # printed in capitals by the template
    # отопление is neuter: «отключено»; two days: each with its weekday
    assert ("С 09:00 02.12.2026 (среда) до 18:00 03.12.2026 (четверг) будет отключено отопление."
            in paragraphs)
    assert "Причина: замена задвижки в тепловом узле." in paragraphs
    text = docx_text(out)
    assert "+7 495 123-45-67" in text and "24.11.2026" in text and "{{" not in text


@pytest.mark.parametrize(("resource", "sentence"), [
    ("hot_water", "03.12.2026 (четверг) с 09:00 до 18:00 будет отключена горячая вода."),
    ("gas", "03.12.2026 (четверг) с 09:00 до 18:00 будет отключён газ."),
    ("electricity", "03.12.2026 (четверг) с 09:00 до 18:00 будет отключена электроэнергия."),
])
def test_the_outage_word_agrees_with_the_resource(house, tmp_path, resource, sentence):
    new = create_announcement(AnnouncementInput(
        "outage", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0), entrances=["2"],
        resource=resource, reason="ремонт"), now=NOW)
    out = tmp_path / "a.docx"
    assert write_announcement(new, out, today=TODAY) == 1  # one entrance chosen: one page
    assert sentence in docx_paragraphs(out)
    assert "Подъезд № 2" in docx_paragraphs(out)


def test_a_visit_names_the_premises_of_each_entrance_and_writes_a_letter_per_owner(house, tmp_path):
    new = create_announcement(AnnouncementInput(
        "visit", datetime(2026, 12, 8, 10, 0), datetime(2026, 12, 8, 17, 0), work="verification",
        performer="ООО «Метрологический центр»", premises="3-8"), now=NOW)
    out = tmp_path / "визит.docx"
    assert write_announcement(new, out, today=TODAY) == 2
    paragraphs = docx_paragraphs(out)
    assert "Просим обеспечить доступ в квартиры №\u00a03\u2060–\u20606." in paragraphs  # entrance 1: 3–6
    assert "Просим обеспечить доступ в квартиры №\u00a07, 8." in paragraphs  # entrance 2: two flats
    assert ("08.12.2026 (вторник) с 10:00 до 17:00 будет проводиться поверка индивидуальных "
            "приборов учёта.") in paragraphs

    # flats 3…8: 3 has one owner, 4 two, 7 one, 8 one, 5 and 6 none → 7 rows and letters
    rows = visit_residents(new)
    assert [(r.premise, r.owner) for r in rows] == [
        ("3", "Иванова Анна Ивановна"), ("4", "Петров Пётр Петрович"), ("4", "Петрова Ольга Сергеевна"),
        ("5", ""), ("6", ""), ("7", "=HYPERLINK(\"http://x\",\"Нажмите\")"), ("8", "Сидоров Олег Игоревич")]
    letters = tmp_path / "письма.docx"
    assert write_visit_letters(new, letters, today=TODAY) == 7
    assert pages(letters) == 7
    text = docx_paragraphs(letters)
    assert "Уважаемая Анна Ивановна!" in text and "Уважаемый Пётр Петрович!" in text
    assert "Уважаемая Ольга Сергеевна!" in text and "Уважаемый собственник!" in text
    assert "Просим обеспечить доступ в квартиру №\u00a03." in text
    assert "Собственнику помещения № 5" in docx_text(letters)

    table = tmp_path / "список.xlsx"
    assert write_visit_list(new, table) == 7
    sheet = load_workbook(table).active
    assert [sheet.cell(4, c).value for c in range(1, 5)] == ["Помещение", "Подъезд", "Собственник", "Телефон"]
    assert [sheet.cell(5, c).value for c in range(1, 5)] == ["3", "1", "Иванова Анна Ивановна", "+7 916 000-00-03"]
    formula = sheet.cell(10, 3)
    assert formula.value == "=HYPERLINK(\"http://x\",\"Нажмите\")" and formula.data_type == "s"
    assert formula.quotePrefix


def test_a_meeting_numbers_its_agenda(house, tmp_path):
    new = create_announcement(AnnouncementInput(
        "meeting", datetime(2026, 12, 15, 19, 0), meeting_form="mixed", place="двор дома",
        agenda="Выбор председателя собрания\nСмета на 2027 год"), now=NOW)
    out = tmp_path / "собрание.docx"
    assert write_announcement(new, out, today=TODAY) == 2
    paragraphs = docx_paragraphs(out)
    assert ("15.12.2026 (вторник) в 19:00 состоится общее собрание собственников помещений в форме "
            "очно-заочного голосования.") in paragraphs
    assert ["1. Выбор председателя собрания", "2. Смета на 2027 год"] == [
        p for p in paragraphs if p[:2] in ("1.", "2.")][:2]


def test_the_list_keeps_the_announcements_with_their_dates_latest_first(house):
    create_announcement(AnnouncementInput("outage", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0),
                                          resource="hot_water", reason="ремонт"), now=NOW)
    create_announcement(AnnouncementInput("meeting", datetime(2026, 12, 15, 19, 0), meeting_form="in_person",
                                          place="двор", agenda="Смета"), now=NOW)
    rows = list_announcements()
    assert [(r.kind_label, r.title, r.when, r.entrances) for r in rows] == [
        ("Собрание", "Общее собрание собственников помещений", "15.12.2026 (вторник) в 19:00", "весь дом"),
        ("Плановое отключение", "Отключение горячей воды", "03.12.2026 (четверг) с 09:00 до 18:00", "весь дом"),
    ]


@pytest.mark.parametrize(("data", "words"), [
    (AnnouncementInput("outage", datetime(2026, 12, 3, 18, 0), datetime(2026, 12, 3, 9, 0),
                       resource="gas", reason="ремонт"), "позже начала"),
    (AnnouncementInput("outage", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0),
                       entrances=["5"], resource="gas", reason="ремонт"), "нет подъезда № 5"),
    (AnnouncementInput("visit", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0),
                       work="inspection", premises="1-3, 99а"), "нет помещений № 99а"),
    (AnnouncementInput("visit", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0),
                       work="inspection", premises="8-3"), "начало больше конца"),
    (AnnouncementInput("meeting", datetime(2026, 12, 3, 19, 0), meeting_form="mixed", place="двор"),
     "повестку"),
])
def test_a_wrong_announcement_is_refused_in_russian_and_not_kept(house, data, words):
    with pytest.raises(ValidationFailed, match=words):
        create_announcement(data, now=NOW)
    assert list_announcements() == []


def test_the_shipped_templates_use_only_the_fields_the_program_fills():
    for name in TEMPLATES.values():
        used = template_placeholders(SHIPPED_TEMPLATES_DIR / name)
        assert used <= ANNOUNCEMENT_FIELDS and {"notice", "entrance", "title"} <= used, name
    used = template_placeholders(SHIPPED_TEMPLATES_DIR / VISIT_LETTER_TEMPLATE)
    assert used <= VISIT_LETTER_FIELDS and {"greeting", "access", "when", "work"} <= used


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                    reason="LibreOffice or pdfinfo (poppler) is not installed")
def test_libreoffice_lays_out_one_a4_page_per_entrance(house, tmp_path):
    new = create_announcement(AnnouncementInput(
        "meeting", datetime(2026, 12, 15, 19, 0), meeting_form="mixed", place="двор дома",
        agenda="\n".join(f"Вопрос повестки номер {n}" for n in range(1, 6))), now=NOW)
    out = tmp_path / "meeting.docx"
    write_announcement(new, out, today=TODAY)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / "meeting.pdf")], capture_output=True, text=True).stdout
    assert "Pages:           2" in info  # two entrances, each on its own A4 sheet
    assert "pts (A4)" in info


def test_the_users_own_template_wins(house, tmp_path):
    from tsj_desk.services.letters import templates_dir

    folder = templates_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shipped = SHIPPED_TEMPLATES_DIR / TEMPLATES["outage"]
    with zipfile.ZipFile(shipped) as source, zipfile.ZipFile(folder / shipped.name, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace("Уважаемые жители!".encode(), "Дорогие соседи!".encode())
            target.writestr(item, data)
    new = create_announcement(AnnouncementInput(
        "outage", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0), entrances=["1"],
        resource="hot_water", reason="ремонт"), now=NOW)
    out = tmp_path / "a.docx"
    write_announcement(new, out, today=TODAY)
    paragraphs = docx_paragraphs(out)
    assert "Дорогие соседи!" in paragraphs and "Уважаемые жители!" not in paragraphs


def test_the_shipped_announcement_templates_are_what_the_build_script_makes(tmp_path):
    import importlib.util

    script = SHIPPED_TEMPLATES_DIR / "build_announcements.py"
    spec = importlib.util.spec_from_file_location("build_announcements", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_announcements(tmp_path)
    assert sorted(p.name for p in built) == sorted([*TEMPLATES.values(), VISIT_LETTER_TEMPLATE])
    for path in built:
        shipped = SHIPPED_TEMPLATES_DIR / path.name
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(shipped) as old:
            assert new.namelist() == old.namelist()
            for name in new.namelist():
                assert new.read(name) == old.read(name), (
                    f"{path.name}:{name} differs: run resources/templates/build_announcements.py")
