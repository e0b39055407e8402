"""Phones in the register: normalised to +7XXXXXXXXXX on the import of a register file and
when an owner is entered or edited; a phone that is not a Russian number is kept as
written and flagged (a warning of its row in the import)."""

from __future__ import annotations

from fractions import Fraction

from openpyxl import Workbook

from tsj_desk.services.ownership_history import PersonInput, edit_person, person_details
from tsj_desk.services.registry import (
    OwnerInput,
    add_owner,
    edit_owner,
    import_registry,
    list_premises,
    premise_card,
    preview_registry,
)
from tsj_desk.storage.models import Person

from tests.conftest import NOW, TODAY

HEADER = ("№ помещения", "Площадь", "ФИО собственника", "Доля", "Телефон")


def register_file(path, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_register_import_keeps_phones_in_one_form_and_flags_the_unreadable(db, tmp_path):
    path = register_file(tmp_path / "реестр.xlsx", [
        ("1", 50, "Абрамов Пётр Ильич", "1", "8 (916) 123-45-67"),
        ("2", 40, "Белова Анна Сергеевна", "1", "+7 495 111-22-33 доб. 12; 8-903-000-11-22"),
        ("3", 30, "Власов Игорь Олегович", "1", "45-67-89"),
        ("4", 60, "Галкина Ольга Петровна", "1", None),
    ])
    parsed = preview_registry(path, today=TODAY)
    assert [(w.row, w.column) for w in parsed.warnings] == [(4, "Телефон")]
    assert "«45-67-89» не распознан" in parsed.warnings[0].message
    import_registry(path, now=NOW)
    phones = {p.name: p.phone for p in Person.select()}
    assert phones == {
        "Абрамов Пётр Ильич": "+79161234567",
        "Белова Анна Сергеевна": "+74951112233 доб. 12, +79030001122",
        "Власов Игорь Олегович": "45-67-89",  # kept as written
        "Галкина Ольга Петровна": None,
    }


def test_owner_entered_and_edited_by_hand_gets_the_normal_form(db, tmp_path):
    import_registry(register_file(tmp_path / "реестр.xlsx", [("1", 50, "Абрамов Пётр Ильич", "1/2", None)]),
                    now=NOW)
    [flat] = list_premises()
    added = add_owner(flat.id, OwnerInput("Абрамова Вера Ивановна", Fraction(1, 2), phone="8(926)555-44-33"),
                      now=NOW)
    card = premise_card(flat.id)
    assert {o.owner: o.phone for o in card.current} == {
        "Абрамов Пётр Ильич": None, "Абрамова Вера Ивановна": "+79265554433"}

    edit_owner(added, OwnerInput("Абрамова Вера Ивановна", Fraction(1, 2), phone="7 926 555 44 34"), now=NOW)
    vera = next(o for o in premise_card(flat.id).current if o.id == added)
    assert vera.phone == "+79265554434"

    edit_person(vera.person_id, PersonInput("Абрамова Вера Ивановна", phone="вечером: 55-44"), now=NOW)
    assert person_details(vera.person_id).phone == "вечером: 55-44"  # not a number: kept as typed
