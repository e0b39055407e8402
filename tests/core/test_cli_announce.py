"""``tsj-desk announce``: an outage and a visit made from the command line, listed,
printed one page per entrance; the visit's residents and letters."""

from __future__ import annotations

import json
import zipfile

from tsj_desk.cli import main
from tsj_desk.domain.premises import premise_sort_text
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import House, Organization, Ownership, Person, Premise


def make_base(path) -> None:
    open_database(path)
    org = Organization.create(name="ТСЖ «Берёзка»", chairman="Орлова Марина Викторовна")
    house = House.create(organization=org, address="г. Коломна, ул. Лесная, д. 5")
    for number in range(1, 7):
        premise = Premise.create(house=house, number=str(number), sort_key=premise_sort_text(str(number)),
                                 entrance="1" if number <= 3 else "2", kind="flat")
        person = Person.create(name=f"Собственник {number}", phone=f"+7 916 000-00-0{number}")
        Ownership.create(premise=premise, person=person)
    close_database()


def pages(path) -> int:
    with zipfile.ZipFile(path) as package:
        return 1 + package.read("word/document.xml").count(b"<w:pageBreakBefore/>")


def test_outage_and_visit_from_the_command_line(tmp_path, capsys, db_target):
    base = db_target  # a SQLite file, or a database on the test server (TSJ_TEST_ENGINE)
    make_base(base)
    assert main(["announce", "add", "outage", "--db", str(base), "--start", "03.12.2026 09:00",
                 "--end", "03.12.2026 18:00", "--resource", "cold_water", "--reason", "ремонт стояка"]) == 0
    assert "Объявление № 1 создано" in capsys.readouterr().out
    assert main(["announce", "add", "visit", "--db", str(base), "--start", "2026-12-08 10:00",
                 "--end", "2026-12-08 13:00", "--work", "inspection", "--premises", "2-4"]) == 0
    capsys.readouterr()
    assert main(["announce", "list", "--db", str(base), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(a["id"], a["title"], a["when"]) for a in listed] == [
        (2, "Осмотр инженерного оборудования", "08.12.2026 (вторник) с 10:00 до 13:00"),
        (1, "Отключение холодной воды", "03.12.2026 (четверг) с 09:00 до 18:00"),
    ]
    out = tmp_path / "объявление.docx"
    assert main(["announce", "print", "1", "--db", str(base), "--out", str(out)]) == 0
    assert "страниц — 2" in capsys.readouterr().out and pages(out) == 2  # two entrances
    letters = tmp_path / "письма.docx"
    assert main(["announce", "letters", "2", "--db", str(base), "--out", str(letters)]) == 0
    assert "писем — 3" in capsys.readouterr().out and pages(letters) == 3  # flats 2, 3, 4
    assert main(["announce", "residents", "2", "--db", str(base), "--out", str(tmp_path / "жильцы.xlsx")]) == 0
    assert "строк — 3" in capsys.readouterr().out


def test_a_wrong_announcement_is_refused_with_a_russian_message(tmp_path, capsys, db_target):
    base = db_target
    make_base(base)
    assert main(["announce", "add", "outage", "--db", str(base), "--start", "03.12.2026 18:00",
                 "--end", "03.12.2026 09:00", "--resource", "gas", "--reason", "ремонт"]) == 1
    assert "Окончание должно быть позже начала." in capsys.readouterr().err
    assert main(["announce", "print", "7", "--db", str(base), "--out", str(tmp_path / "a.docx")]) == 1
    assert "Объявление № 7 не найдено" in capsys.readouterr().err
