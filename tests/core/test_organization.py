"""The organisation, its houses and premises entered by hand (services): each change
in one transaction with its entry in the change log, each refusal with its reason.

Numbers used below, with their check digits worked out by hand:
- ИНН 5032012343: 5·2 + 0·4 + 3·10 + 2·3 + 0·5 + 1·9 + 2·4 + 3·6 + 4·8 = 113;
  113 mod 11 = 3, so the tenth digit is 3 (5032012344 has a wrong one).
- ОГРН 1155022001232: 115502200123 mod 11 = 2, the 13th digit is 2 (…1231 is wrong).
- ИНН 7707083893 and ОГРН 1027700132195: ПАО Сбербанк's, valid by the same rules.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.services import journal, organization, premises
from tsj_desk.storage.models import AuditEntry, Meter, Ownership, Person, Premise, Reading

NOW = datetime(2026, 11, 24, 12, 0)
ORG = {"kind": "ТСЖ", "name": "Товарищество собственников жилья «Берёзка»",
       "short_name": "ТСЖ «Берёзка»", "inn": "5032012343", "ogrn": "1155022001232",
       "address": "Московская обл., г. Коломна, ул. Лесная, д. 5",
       "chairman": "Орлова Марина Викторовна"}
ADDRESS = "Московская обл., г. Коломна, ул. Лесная, д. 5"


def log(entity: str) -> list[tuple[str, dict]]:
    return [(e.action, json.loads(e.details)) for e in
            AuditEntry.select().where(AuditEntry.entity == entity).order_by(AuditEntry.id)]


@pytest.fixture
def house(db) -> int:
    organization.save_organization(ORG, now=NOW)
    return organization.add_house({"address": ADDRESS, "total_area": "4210,5"}, now=NOW).id


# ---------------------------------------------------------------- the organisation


def test_the_organisation_is_entered_then_edited_with_before_and_after_in_the_log(db):
    made = organization.save_organization(ORG, now=NOW)
    assert (made.name, made.inn, made.ogrn) == (ORG["name"], "5032012343", "1155022001232")
    assert (made.chairman_last_name, made.chairman_first_name, made.chairman_patronymic) == (
        "Орлова", "Марина", "Викторовна")
    assert made.chairman_gender == "f"  # from «Викторовна»
    assert made.acting == "действующая" and made.basis == "Устава"

    changed = organization.save_organization({"kpp": "503201001", "phone": "+7 496 000-00-00"},
                                             now=datetime(2026, 11, 25, 9, 0))
    assert changed.kpp == "503201001" and changed.name == ORG["name"]  # the rest stays
    entries = log("organization")
    assert [action for action, _ in entries] == ["create", "edit"]
    assert entries[0][1]["after"]["inn"] == "5032012343"
    assert entries[1][1] == {"before": {"kpp": None, "phone": None},
                             "after": {"kpp": "503201001", "phone": "+7 496 000-00-00"}}


def test_a_new_chairman_gets_his_gender_from_the_patronymic_unless_it_is_given(db):
    organization.save_organization(ORG, now=NOW)
    assert organization.save_organization({"chairman": "Петров Пётр Ильич"}, now=NOW).acting == "действующий"
    assert organization.save_organization({"chairman_gender": "f"}, now=NOW).acting == "действующая"


@pytest.mark.parametrize("field, value, message", [
    ("inn", "5032012344", "ИНН «5032012344»: неверная контрольная цифра"),
    ("inn", "50320123", "ИНН «50320123» должен состоять из 10 цифр"),
    ("ogrn", "1155022001231", "ОГРН «1155022001231»: неверная контрольная цифра"),
    ("kpp", "5032", "КПП «5032» должен состоять из 9 цифр"),
    ("email", "tsj.berezka", "Адрес электронной почты «tsj.berezka» записан неверно"),
    ("kind", "СНТ", "Вид организации «СНТ» неизвестен"),
])
def test_a_wrong_detail_is_refused_and_nothing_changes(db, field, value, message):
    organization.save_organization(ORG, now=NOW)
    with pytest.raises(ValidationFailed) as refused:
        organization.save_organization({field: value}, now=NOW)
    assert message in refused.value.message
    assert getattr(organization.organization(), field) == ORG.get(field)
    assert [action for action, _ in log("organization")] == ["create"]


def test_bank_details_are_checked_against_the_bik():
    from tsj_desk.domain.requisites import corr_account_problem, settlement_account_problem

    # Сбербанк's БИК 044525225 and its к/с 30101810400000000225 (a real pair)
    assert corr_account_problem("30101810400000000225", "044525225") is None
    assert "не сходится с БИК" in corr_account_problem("30101810500000000225", "044525225")
    assert "20 цифр" in settlement_account_problem("4070281", "044525225")


def test_an_organisation_without_a_name_is_not_created(db):
    with pytest.raises(ValidationFailed, match="Укажите полное наименование"):
        organization.save_organization({"inn": "5032012343"}, now=NOW)
    assert organization.organization() is None


def test_a_second_organisation_with_the_same_inn_is_refused_by_name(db):
    organization.save_organization(ORG, now=NOW)
    with pytest.raises(ValidationFailed) as refused:
        organization.add_organization({**ORG, "name": "ТСЖ «Берёзка-2»"}, now=NOW)
    assert refused.value.message.startswith(
        "Организация с ИНН 5032012343 уже есть в базе: «Товарищество собственников жилья «Берёзка»».")
    with pytest.raises(ValidationFailed, match="одна база ведёт одну организацию"):
        organization.add_organization({"name": "ПАО Сбербанк", "inn": "7707083893"}, now=NOW)
    assert [o.name for o in [organization.organization()]] == [ORG["name"]]
    assert [action for action, _ in log("organization")] == ["create"]


# ---------------------------------------------------------------- houses


def test_a_house_needs_the_organisation_first(db):
    with pytest.raises(ValidationFailed, match="Сначала внесите организацию"):
        organization.add_house({"address": ADDRESS}, now=NOW)
    assert organization.houses() == []


def test_a_house_is_added_edited_and_a_second_at_the_same_address_refused(house):
    made = organization.house(house)
    assert (made.address, made.total_area) == (ADDRESS, Decimal("4210.50"))
    edited = organization.edit_house(house, {"common_area": "812,4", "year_built": "1987",
                                             "cadastral_number": "50:57:0090101:1234"}, now=NOW)
    assert (edited.common_area, edited.year_built) == (Decimal("812.40"), 1987)
    assert log("house")[-1][1]["before"] == {"cadastral_number": None, "common_area": None,
                                             "year_built": None}
    with pytest.raises(ValidationFailed, match="уже есть в базе"):
        organization.add_house({"address": ADDRESS.upper()}, now=NOW)
    with pytest.raises(ValidationFailed, match="Год постройки «2030»"):
        organization.edit_house(house, {"year_built": "2030"}, now=NOW)
    with pytest.raises(ValidationFailed, match="Кадастровый номер «50-57» записан неверно"):
        organization.edit_house(house, {"cadastral_number": "50-57"}, now=NOW)
    assert len(organization.houses()) == 1


def test_adding_a_house_names_the_one_a_register_import_left_without_an_address(db):
    house_id = organization.ensure_house()  # what an import does on an empty base
    organization.save_organization({**ORG}, now=NOW)  # renames the placeholder «ТСЖ»
    made = organization.add_house({"address": ADDRESS}, now=NOW)
    assert made.id == house_id and [h.address for h in organization.houses()] == [ADDRESS]
    assert organization.organization_name() == ORG["name"]


# ---------------------------------------------------------------- premises


def test_premises_are_added_and_edited_with_the_log(house):
    flat = premises.add_premise(house, {"number": "кв. 12", "area": "52,3", "entrance": "1",
                                        "floor": "3", "account": "0012"}, now=NOW)
    shop = premises.add_premise(house, {"number": "н1", "area": "120"}, now=NOW)
    place = premises.add_premise(house, {"number": "7", "kind": "parking"}, now=NOW)
    assert (flat.number, flat.kind, flat.area) == ("12", "flat", Decimal("52.30"))
    assert (shop.number, shop.kind) == ("Н1", "non_residential")  # guessed from the number
    assert place.kind_label == "машино-место"
    edited = premises.edit_premise(flat.id, {"cadastral_number": "50:57:0090101:1301",
                                             "account": "0012-А"}, now=NOW)
    assert (edited.cadastral_number, edited.area) == ("50:57:0090101:1301", Decimal("52.30"))
    assert log("premise")[-1] == ("edit", {
        "house": house, "before": {"cadastral_number": None, "account": "0012"},
        "after": {"cadastral_number": "50:57:0090101:1301", "account": "0012-А"}})
    assert [p.number for p in premises.list_premises(house)] == ["7", "12", "Н1"]


def test_a_premise_number_is_unique_within_its_house(house):
    premises.add_premise(house, {"number": "12"}, now=NOW)
    other = premises.add_premise(house, {"number": "13"}, now=NOW)
    with pytest.raises(ValidationFailed, match="Помещение № 12 в этом доме уже есть"):
        premises.add_premise(house, {"number": "кв. 12"}, now=NOW)
    with pytest.raises(ValidationFailed, match="Помещение № 12 в этом доме уже есть"):
        premises.edit_premise(other.id, {"number": "12"}, now=NOW)
    assert [p.number for p in premises.list_premises(house)] == ["12", "13"]
    second = organization.add_house({"address": "г. Коломна, ул. Лесная, д. 7"}, now=NOW)
    assert premises.add_premise(second.id, {"number": "12"}, now=NOW).number == "12"  # another house


@pytest.mark.parametrize("changes, message", [
    ({"area": "-5"}, "Площадь «-5» — не число больше нуля"),
    ({"kind": "чердак"}, "Вид помещения «чердак» неизвестен"),
    ({"cadastral_number": "12345"}, "Кадастровый номер «12345» записан неверно"),
    ({"number": " "}, "Укажите номер помещения"),
])
def test_a_wrong_premise_field_is_refused(house, changes, message):
    flat = premises.add_premise(house, {"number": "12", "area": "52,3"}, now=NOW)
    with pytest.raises(ValidationFailed, match=message):
        premises.edit_premise(flat.id, changes, now=NOW)
    assert premises.premise(flat.id) == flat


def test_deleting_a_premise_with_owners_is_refused_with_their_names(house):
    flat = premises.add_premise(house, {"number": "12"}, now=NOW)
    for name in ("Иванов Иван Иванович", "Иванова Мария Петровна"):
        person = Person.create(name=name, search_key=name.lower())
        Ownership.create(premise=flat.id, person=person, share_num=1, share_den=2,
                         valid_from=date(2019, 3, 14))
    with pytest.raises(ValidationFailed) as refused:
        premises.delete_premise(flat.id, now=NOW)
    assert refused.value.message == ("Помещение № 12 нельзя удалить: у него 2 собственника "
                                     "(Иванов Иван Иванович, Иванова Мария Петровна).")
    assert Premise.get_or_none(Premise.id == flat.id) is not None


def test_deleting_a_premise_with_meters_readings_or_requests_is_refused(house):
    flat = premises.add_premise(house, {"number": "12"}, now=NOW)
    meter = Meter.create(premise=flat.id, resource="ХВС", serial="123456")
    Reading.create(meter=meter, period="2026-10", t1=Decimal("10"))
    journal.register_request(journal.RequestInput(
        category="maintenance", received_at=datetime(2026, 11, 23, 10, 0), applicant="Петрова Анна",
        text="Течёт кран", premise_number="12"), now=NOW)
    with pytest.raises(ValidationFailed) as refused:
        premises.delete_premise(flat.id, now=NOW)
    assert refused.value.message == ("Помещение № 12 нельзя удалить: у него 1 счётчик; по его "
                                     "счётчикам 1 показание; по нему 1 обращение.")


def test_a_premise_nothing_refers_to_is_deleted_and_logged(house):
    flat = premises.add_premise(house, {"number": "12", "area": "52,3"}, now=NOW)
    premises.delete_premise(flat.id, now=NOW)
    assert premises.list_premises(house) == []
    assert log("premise")[-1] == ("remove", {"house": house, "before": {
        "number": "12", "kind": "flat", "area": "52,30", "entrance": None, "floor": None,
        "cadastral_number": None, "account": None}})
    with pytest.raises(NotFound, match="Помещения № 12 в доме"):
        premises.find_premise(house, "12")


def test_letters_print_the_postal_address_and_the_contacts_entered(db):
    from tsj_desk.services.letters import organization_context

    organization.save_organization({**ORG, "phone": "+7 496 000-00-00", "email": "tsj@example.ru",
                                    "postal_address": "140400, г. Коломна, ул. Лесная, д. 5, пом. Н1",
                                    "chairman_position": "председатель правления"}, now=NOW)
    context = organization_context()
    assert context["org_address"] == "140400, г. Коломна, ул. Лесная, д. 5, пом. Н1"
    assert context["org_contacts"] == ("тел. +7 496 000-00-00, e-mail: tsj@example.ru, "
                                       "ИНН 5032012343, ОГРН 1155022001232")
    assert (context["chairman_name"], context["chairman_position"]) == (
        "Орлова Марина Викторовна", "Председатель правления")
