"""Owners kept honestly: the person's details, membership dates, the undo of a sale,
corrections that are not sales, and the register of the association's members."""

import json
from datetime import date
from fractions import Fraction

import pytest
from openpyxl import load_workbook

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.services.disclosure import export_register, list_disclosures
from tsj_desk.services.organization import ensure_house
from tsj_desk.services.ownership_history import (
    PersonInput,
    correct_ownership,
    edit_person,
    person_details,
    premise_history_notes,
    set_membership,
    undo_last_transfer,
)
from tsj_desk.services.premises import add_premise
from tsj_desk.services.registry import (
    OwnerInput,
    add_owner,
    edit_owner,
    premise_card,
    transfer_ownership,
)
from tsj_desk.storage.models import AuditEntry, Person

from tests.conftest import NOW

SALE_DAY = date(2026, 6, 1)


@pytest.fixture
def flat(db):
    """Flat 7 of 60 m²: Иванов И. И. 1/2, Иванова М. П. 1/2, both since 2015."""
    house = ensure_house()
    premise = add_premise(house, {"number": "7", "area": "60"}, now=NOW)
    for name in ("Иванов Иван Иванович", "Иванова Мария Петровна"):
        add_owner(premise.id, OwnerInput(name, Fraction(1, 2), egrn_number="77-77/001-1/2015",
                                         egrn_date=date(2015, 3, 10)), now=NOW)
    return premise.id


def owners(premise_id):
    return sorted((o.owner, o.share_text) for o in premise_card(premise_id).current)


def ownership_of(premise_id, name):
    return next(o for o in premise_card(premise_id).current if o.owner == name)


def last_entry(action):
    entry = AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id.desc()).first()
    return entry, json.loads(entry.details)


# ---------------------------------------------------------------- the person


def test_a_legal_entity_with_a_wrong_inn_is_refused_and_nothing_changes(flat):
    person_id = ownership_of(flat, "Иванов Иван Иванович").person_id
    with pytest.raises(ValidationFailed, match="неверная контрольная цифра"):
        edit_person(person_id, PersonInput("ПАО «Сбербанк»", is_legal=True, ogrn="1027700132195",
                                           inn="7707083894"), now=NOW)
    assert person_details(person_id).name == "Иванов Иван Иванович"


def test_an_organisation_with_a_citizens_twelve_digit_inn_is_refused(flat):
    person_id = ownership_of(flat, "Иванов Иван Иванович").person_id
    with pytest.raises(ValidationFailed, match="у организации ИНН из 10 цифр"):
        edit_person(person_id, PersonInput("ООО «Ромашка»", is_legal=True, inn="500100732259"),
                    now=NOW)


def test_the_persons_details_are_edited_and_logged_before_and_after(flat):
    person_id = ownership_of(flat, "Иванов Иван Иванович").person_id
    edit_person(person_id, PersonInput("Иванов Иван Ильич", inn="500100732259",
                                       phone="+7 900 111-22-33", email="ivanov@example.ru",
                                       postal_address="г. Москва, ул. Лесная, д. 5, кв. 7"), now=NOW)
    person = person_details(person_id)
    assert (person.name, person.inn, person.phone, person.email, person.postal_address) == (
        "Иванов Иван Ильич", "500100732259", "+79001112233", "ivanov@example.ru",
        "г. Москва, ул. Лесная, д. 5, кв. 7")
    assert Person.get_by_id(person_id).patronymic == "Ильич"
    _, details = last_entry("edit")
    assert details["before"]["name"] == "Иванов Иван Иванович"
    assert details["after"]["name"] == "Иванов Иван Ильич"
    assert details["before"]["inn"] is None and details["after"]["inn"] == "500100732259"


def test_a_legal_entity_is_saved_with_its_ogrn_and_inn(flat):
    person_id = ownership_of(flat, "Иванова Мария Петровна").person_id
    edit_person(person_id, PersonInput("ПАО «Сбербанк»", is_legal=True, ogrn="1027700132195",
                                       inn="7707083893"), now=NOW)
    person = person_details(person_id)
    assert (person.is_legal, person.ogrn, person.inn) == (True, "1027700132195", "7707083893")


# ---------------------------------------------------------------- membership


def test_membership_ending_before_it_began_is_refused(flat):
    ownership = ownership_of(flat, "Иванов Иван Иванович")
    with pytest.raises(ValidationFailed, match=r"закончиться \(01\.02\.2020\) раньше, чем началось "
                                               r"\(01\.03\.2020\)"):
        set_membership(ownership.id, True, date(2020, 3, 1), date(2020, 2, 1), now=NOW)
    assert premise_card(flat).current[0].member is False


def test_membership_before_the_ownership_is_refused(flat):
    ownership = ownership_of(flat, "Иванов Иван Иванович")
    with pytest.raises(ValidationFailed, match="раньше права собственности"):
        set_membership(ownership.id, True, date(2014, 1, 1), now=NOW)


# ---------------------------------------------------------------- undo of a sale


def sell_husbands_half(flat):
    seller = ownership_of(flat, "Иванов Иван Иванович")
    return transfer_ownership(flat, [seller.id], [OwnerInput(
        "Петров Пётр Петрович", Fraction(1, 2), egrn_number="77-77/001-5/2026",
        egrn_date=SALE_DAY, phone="+7 900 000-00-01", member=True)], on=SALE_DAY, now=NOW)


def test_undo_of_the_last_sale_restores_exactly_the_sellers_shares(flat):
    sell_husbands_half(flat)
    assert owners(flat) == [("Иванова Мария Петровна", "1/2"), ("Петров Пётр Петрович", "1/2")]

    undone = undo_last_transfer(flat, now=NOW)

    assert undone.on == SALE_DAY
    # before the sale: each spouse 1/2, and the husband's right open again (no end date)
    assert owners(flat) == [("Иванов Иван Иванович", "1/2"), ("Иванова Мария Петровна", "1/2")]
    card = premise_card(flat)
    assert card.total_share == 1 and card.history == []
    assert all(o.valid_to is None for o in card.current)
    assert not Person.select().where(Person.name == "Петров Пётр Петрович").exists()
    entry, details = last_entry("undo_transfer")
    assert details["before"]["opened"] == [{"owner": "Петров Пётр Петрович", "share": "1/2"}]
    assert details["after"]["reopened"] == ["Иванов Иван Иванович"]
    notes = premise_history_notes(flat)
    assert [n.text for n in notes] == ["Отменён переход права 01.06.2026: собственник снова "
                                       "Иванов Иван Иванович"]


def test_undo_goes_back_one_sale_at_a_time_when_the_buyer_sold_on(flat):
    [bought] = sell_husbands_half(flat)
    transfer_ownership(flat, [bought], [OwnerInput("Сидоров Семён", Fraction(1, 2))],
                       on=date(2026, 9, 1), now=NOW)
    undo_last_transfer(flat, now=NOW)  # the later sale goes first…
    assert owners(flat) == [("Иванова Мария Петровна", "1/2"), ("Петров Пётр Петрович", "1/2")]
    undo_last_transfer(flat, now=NOW)  # …then the one before it
    assert owners(flat) == [("Иванов Иван Иванович", "1/2"), ("Иванова Мария Петровна", "1/2")]


def test_undo_is_refused_when_the_buyers_record_was_edited_after(flat):
    [bought] = sell_husbands_half(flat)
    edit_owner(bought, OwnerInput("Петров Пётр Петрович", Fraction(1, 2), phone="+7 900 000-00-02"),
               now=NOW)
    with pytest.raises(ValidationFailed, match="не отменён: запись о праве изменена после перехода"):
        undo_last_transfer(flat, now=NOW)
    assert owners(flat) == [("Иванова Мария Петровна", "1/2"), ("Петров Пётр Петрович", "1/2")]


def test_undo_is_refused_when_a_buyers_right_was_closed_outside_the_log(flat):
    [bought] = sell_husbands_half(flat)
    from tsj_desk.storage.models import Ownership

    Ownership.update(valid_to=date(2026, 10, 1)).where(Ownership.id == bought).execute()
    with pytest.raises(ValidationFailed, match="уже прекращено 01.10.2026"):
        undo_last_transfer(flat, now=NOW)


def test_undo_without_a_sale_is_refused(flat):
    with pytest.raises(ValidationFailed, match="нет перехода права"):
        undo_last_transfer(flat, now=NOW)


# ---------------------------------------------------------------- correction


def test_a_correction_is_shown_as_a_correction_not_a_sale(flat):
    wife = ownership_of(flat, "Иванова Мария Петровна")
    correct_ownership(wife.id, OwnerInput("Иванова Марина Петровна", Fraction(1, 2),
                                          egrn_number="77-77/001-1/2015",
                                          egrn_date=date(2015, 3, 10)),
                      now=NOW, reason="опечатка в имени")
    card = premise_card(flat)
    assert owners(flat) == [("Иванов Иван Иванович", "1/2"), ("Иванова Марина Петровна", "1/2")]
    assert card.history == []  # nobody's right ended: no change of owner
    [note] = premise_history_notes(flat)
    assert note.text == ("Исправлено: собственник Иванова Мария Петровна → Иванова Марина Петровна "
                         "(причина: опечатка в имени)")
    entry, details = last_entry("correct")
    assert (entry.entity, entry.entity_id) == ("ownership", wife.id)
    assert details["reason"] == "опечатка в имени"
    assert details["before"] == {"name": "Иванова Мария Петровна"}
    assert details["after"] == {"name": "Иванова Марина Петровна"}
    assert not AuditEntry.select().where(AuditEntry.action == "transfer").exists()


def test_a_wrong_share_is_corrected_within_the_premise_total(flat):
    husband = ownership_of(flat, "Иванов Иван Иванович")
    with pytest.raises(ValidationFailed, match="больше 1"):
        correct_ownership(husband.id, OwnerInput("Иванов Иван Иванович", Fraction(2, 3)),
                          now=NOW, reason="доля по выписке")
    correct_ownership(husband.id, OwnerInput("Иванов Иван Иванович", Fraction(1, 3)),
                      now=NOW, reason="доля по выписке ЕГРН")
    assert owners(flat) == [("Иванов Иван Иванович", "1/3"), ("Иванова Мария Петровна", "1/2")]
    [note] = premise_history_notes(flat)
    assert note.text.startswith("Исправлено: доля 1/2 → 1/3;")


def test_a_correction_without_a_reason_is_refused(flat):
    husband = ownership_of(flat, "Иванов Иван Иванович")
    with pytest.raises(ValidationFailed, match="причина исправления"):
        correct_ownership(husband.id, OwnerInput("Иванов Иван Иванович", Fraction(1, 2)),
                          now=NOW, reason="  ")


# ---------------------------------------------------------------- the members register


def test_the_members_register_lists_exactly_the_members_on_its_date(flat, tmp_path):
    husband = ownership_of(flat, "Иванов Иван Иванович")
    wife = ownership_of(flat, "Иванова Мария Петровна")
    set_membership(husband.id, True, date(2016, 1, 15), now=NOW)
    set_membership(wife.id, True, date(2016, 1, 15), date(2024, 5, 1), now=NOW)  # left in 2024
    other = add_premise(ensure_house(), {"number": "8", "area": "40"}, now=NOW)
    add_owner(other.id, OwnerInput("Смирнова Ольга", member=True), now=NOW)
    out = tmp_path / "члены.xlsx"

    result = export_register(out, as_of=date(2026, 11, 24), requested_by="Смирнова О.",
                             purpose="общее собрание членов", now=NOW, members_only=True)

    sheet = load_workbook(out).active
    assert sheet.cell(1, 1).value == "Реестр членов товарищества собственников жилья"
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "№ помещения")
    listed = [(sheet.cell(r, 1).value, sheet.cell(r, 4).value)
              for r in range(header + 1, header + 4) if sheet.cell(r, 4).value]
    # the husband (member since 2016) and Смирнова (member, no dates); not the wife, who left
    assert listed == [("7", "Иванов Иван Иванович"), ("8", "Смирнова Ольга")]
    assert result.rows == 2
    [disclosure] = list_disclosures()
    assert (disclosure.file_name, disclosure.purpose, disclosure.rows) == (
        "члены.xlsx", "общее собрание членов", 2)
    # in 2020 the wife was a member too
    export_register(tmp_path / "2020.xlsx", as_of=date(2020, 1, 1), requested_by="Смирнова О.",
                    purpose="проверка", now=NOW, members_only=True)
    sheet = load_workbook(tmp_path / "2020.xlsx").active
    names = {sheet.cell(r, 4).value for r in range(header + 1, header + 4)} - {None}
    assert names == {"Иванов Иван Иванович", "Иванова Мария Петровна", "Смирнова Ольга"}


def test_the_command_line_hands_out_the_members_register(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Кв.", "Площадь", "Собственник", "Доля", "Член ТСЖ"])
    sheet.append([1, 40, "Иванов Иван", "1", "да"])
    sheet.append([2, 30, "Петров Пётр", "1", "нет"])
    sheet.append([3, 50, "Сидорова Анна", "1/2", "да"])
    sheet.append([3, 50, "Сидоров Олег", "1/2", ""])
    workbook.save(tmp_path / "реестр.xlsx")
    db, out = tmp_path / "r.sqlite3", tmp_path / "члены.xlsx"

    def tsj(*args):
        return subprocess.run([sys.executable, "-m", "tsj_desk", *map(str, args)],
                              cwd=Path(__file__).resolve().parents[2], capture_output=True,
                              text=True, timeout=120)

    assert tsj("import-registry", tmp_path / "реестр.xlsx", "--db", db).returncode == 0
    export = tsj("export-register", "--db", db, "--out", out, "--members",
                 "--requested-by", "Правление", "--purpose", "общее собрание членов")
    assert export.returncode == 0, export.stderr
    assert "2 строки" in export.stdout
    sheet = load_workbook(out).active
    assert sheet.cell(1, 1).value == "Реестр членов товарищества собственников жилья"
    names = [sheet.cell(r, 4).value for r in range(1, sheet.max_row + 1)]
    assert "Иванов Иван" in names and "Сидорова Анна" in names
    assert "Петров Пётр" not in names and "Сидоров Олег" not in names


def test_the_owner_card_saves_nothing_when_the_membership_is_refused(flat):
    from tsj_desk.services.ownership_history import membership, save_owner_card

    ownership = ownership_of(flat, "Иванов Иван Иванович")
    with pytest.raises(ValidationFailed, match="раньше, чем началось"):
        save_owner_card(ownership.id, PersonInput("Иванов Иван Иванович", phone="+7 900 5"),
                        True, date(2020, 3, 1), date(2019, 1, 1), now=NOW)
    assert person_details(ownership.person_id).phone is None  # the phone was not kept either
    save_owner_card(ownership.id, PersonInput("Иванов Иван Иванович", phone="+7 900 5"),
                    True, date(2020, 3, 1), now=NOW)
    assert person_details(ownership.person_id).phone == "+7 900 5"
    m = membership(ownership.id)
    assert (m.member, m.since, m.until) == (True, date(2020, 3, 1), None)
