"""Settings → «Организация» and the premise dialogs: typed as a user types them,
checked as typed, saved through the services, refusals shown with their reasons."""

from __future__ import annotations

from decimal import Decimal

from keys import type_text
from PySide6.QtWidgets import QMessageBox

from tsj_desk.services import organization, premises
from tsj_desk.services.registry import list_premises
from ui.register import premise_dialog
from ui.register.premise_card import PremiseCardDialog
from ui.register.premise_dialog import PremiseDialog
from ui.settings_page.house_dialog import HouseDialog
from ui.settings_page.organization_tab import OrganizationTab
from ui.settings_page.page import SettingsPage

NAME = "Товарищество собственников жилья «Берёзка»"


def warnings_to(monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    return said


def test_the_tab_sits_in_the_settings_and_says_what_to_do_first(qtbot, db):
    page = SettingsPage()
    qtbot.addWidget(page)
    assert page.tabs.tabText(page.tabs.indexOf(page.organization)) == "Организация"
    assert page.organization.hint.text().startswith("Внесите данные вашей организации")


def test_a_wrong_inn_is_marked_as_typed_and_not_saved(qtbot, db, monkeypatch):
    tab = OrganizationTab()
    qtbot.addWidget(tab)
    tab.show()
    said = warnings_to(monkeypatch)
    type_text(tab.edits["name"], NAME)
    type_text(tab.edits["inn"], "5032012344")  # the check digit is 3
    assert tab.problems["inn"].isVisible()
    assert "неверная контрольная цифра" in tab.problems["inn"].text()
    assert tab.save() is False
    assert said == ["Исправьте отмеченные красным поля."]
    assert organization.organization() is None
    tab.edits["inn"].clear()
    type_text(tab.edits["inn"], "5032012343")
    assert not tab.problems["inn"].isVisible()


def test_the_organisation_is_saved_with_a_female_chairman(qtbot, db):
    tab = OrganizationTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.kind.setCurrentIndex(tab.kind.findData("ЖСК"))
    for name, text in (("name", "Жилищно-строительный кооператив «Рассвет»"), ("inn", "5032012343"),
                       ("ogrn", "1155022001232"), ("chairman_last_name", "Орлова"),
                       ("chairman_first_name", "Марина"), ("chairman_patronymic", "Викторовна")):
        type_text(tab.edits[name], text)
    tab.edits["chairman_patronymic"].editingFinished.emit()
    assert tab.gender.currentData() == "f"  # from the patronymic
    assert tab.save() is True
    org = organization.organization()
    assert (org.kind, org.name, org.chairman, org.acting) == (
        "ЖСК", "Жилищно-строительный кооператив «Рассвет»", "Орлова Марина Викторовна", "действующая")
    assert tab.saved_label.text() == "Сохранено."
    assert tab.hint.text().startswith("Добавьте дом")


def test_a_house_is_added_and_a_second_at_its_address_refused(qtbot, db, monkeypatch):
    from datetime import datetime

    organization.save_organization({"name": NAME}, now=datetime(2026, 11, 24, 12, 0))
    said = warnings_to(monkeypatch)
    saved = []

    def save(values):
        saved.append(organization.add_house(values, now=datetime(2026, 11, 24, 12, 0)))
        return saved[-1]

    dialog = HouseDialog(None, title="Новый дом", save=save)
    qtbot.addWidget(dialog)
    type_text(dialog.address, "г. Коломна, ул. Лесная, д. 5")
    type_text(dialog.total_area, "4210,5")
    type_text(dialog.year_built, "1987")
    dialog.accept()
    assert [(h.address, h.total_area, h.year_built) for h in organization.houses()] == [
        ("г. Коломна, ул. Лесная, д. 5", Decimal("4210.5"), 1987)]
    again = HouseDialog(None, title="Новый дом", save=save)
    qtbot.addWidget(again)
    type_text(again.address, "г. Коломна, ул. Лесная, д. 5")
    again.accept()
    assert said == ["Дом по адресу «г. Коломна, ул. Лесная, д. 5» уже есть в базе (№ 1)."]
    assert again.result() == 0 and len(organization.houses()) == 1
    tab = OrganizationTab()
    qtbot.addWidget(tab)
    assert tab.houses_model.rowCount() == 1
    assert tab.houses_model.index(0, 2).data() == "4\u00a0210,50"


def test_a_premise_number_already_in_the_house_is_refused_in_the_dialog(qtbot, demo, monkeypatch):
    said = warnings_to(monkeypatch)
    house = organization.houses()[0].id
    dialog = PremiseDialog(None, title="Новое помещение",
                           save=lambda values: premises.add_premise(house, values, now=_now()))
    qtbot.addWidget(dialog)
    type_text(dialog.number, "1")
    type_text(dialog.area, "сорок")
    assert dialog.area_problem.text() == "Площадь — число больше нуля, например 52,3."
    assert not dialog.ok_button.isEnabled()
    dialog.area.clear()
    type_text(dialog.area, "40,5")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert said == ["Помещение № 1 в этом доме уже есть: номер помещения в доме не повторяется."]
    dialog.number.clear()
    type_text(dialog.number, "Н9")
    assert dialog.kind.currentText() == "нежилое"  # guessed from the number
    dialog.accept()
    made = premises.find_premise(house, "Н9")
    assert (made.kind, made.area) == ("non_residential", Decimal("40.5"))


def _now():
    from datetime import datetime

    return datetime(2026, 11, 24, 12, 0)


def test_deleting_a_premise_with_owners_names_them_and_keeps_it(qtbot, demo, monkeypatch, today):
    said = warnings_to(monkeypatch)
    owned = next(p for p in list_premises() if p.owners and ";" not in p.owners)
    card = PremiseCardDialog(None, owned.id, today=today)
    qtbot.addWidget(card)
    card.delete_button.click()
    assert len(said) == 1
    assert said[0].startswith(f"Помещение № {owned.number} нельзя удалить: у него 1 собственник "
                              f"({owned.owners})")
    assert premises.premise(owned.id).number == owned.number


def test_an_empty_premise_is_deleted_from_its_card_after_the_question(qtbot, demo, monkeypatch, today):
    house = organization.houses()[0].id
    made = premises.add_premise(house, {"number": "Н9"}, now=_now())
    asked = []
    monkeypatch.setattr(premise_dialog, "confirm_delete",
                        lambda parent, number: asked.append(number) or True)
    card = PremiseCardDialog(None, made.id, today=today)
    qtbot.addWidget(card)
    card.delete_button.click()
    assert asked == ["Н9"]
    assert [p.number for p in premises.list_premises(house) if p.number == "Н9"] == []


def test_adding_a_premise_before_any_house_says_where_to_add_the_house(qtbot, db, monkeypatch, today):
    from ui.register.page import RegisterPage

    said = warnings_to(monkeypatch)
    page = RegisterPage(today=today)
    qtbot.addWidget(page)
    page.add_premise_button.click()
    assert said == ["В базе ещё нет дома. Добавьте его: Настройки → «Организация» → «Добавить дом…»."]


def test_a_premise_added_from_the_register_page_is_selected_there(qtbot, db, monkeypatch, today):
    from ui.register.page import RegisterPage

    organization.save_organization({"name": NAME}, now=_now())
    organization.add_house({"address": "г. Коломна, ул. Лесная, д. 5"}, now=_now())

    def fill(cls, parent, *, title, initial=None, save):
        return save({"number": "12", "kind": "flat", "area": "52,3", "entrance": "1", "floor": "3",
                     "cadastral_number": "", "account": "0012"})

    monkeypatch.setattr(PremiseDialog, "ask", classmethod(fill))
    page = RegisterPage(today=today)
    qtbot.addWidget(page)
    page.add_premise_button.click()
    assert [p.number for p in page.visible_premises()] == ["12"]
    assert page.selected_premise().number == "12"
