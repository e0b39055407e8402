"""The first-run wizard of a blank base: typed and gone through with the keyboard, what
it saves read back through the services; «Позже» saves nothing; never on a base in use."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from keys import press, type_text
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from tests.conftest import NOW
from tests.ui.test_app import clean_app  # noqa: F401 — the fixture

from tsj_desk.services import first_run, organization, premises
from ui import app as app_module
from ui.first_run import wizard as wizard_module
from ui.first_run.wizard import FirstRunWizard
from ui.register.import_dialog import ImportDialog

NAME = "Жилищно-строительный кооператив «Рассвет»"
INN = "7707083893"  # check digit: (2·7+4·7+10·0+3·7+5·0+9·8+4·3+6·8+8·9) mod 11 = 267 mod 11 = 3
ADDRESS = "г. Коломна, ул. Лесная, д. 5"


@pytest.fixture
def wizard(qtbot, db):
    wizard = FirstRunWizard(None)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def fill_organization(wizard: FirstRunWizard) -> None:
    page = wizard.organization_page
    page.kind.setCurrentIndex(page.kind.findData("ЖСК"))
    type_text(page.name, NAME)
    type_text(page.inn, INN)
    page.chairman.setFocus()
    type_text(page.chairman, "Петрова Анна Сергеевна")
    page.chairman.editingFinished.emit()  # leaving the field guesses the gender from «-вна»


def test_the_wizard_saves_the_organisation_and_the_house(wizard, monkeypatch):
    loaded = []

    def choose_and_run(parent, **options):  # the register import, as if a file of one flat was loaded
        premises.add_premise(organization.houses()[0].id, {"number": "1"}, now=NOW)
        loaded.append(parent)
        return True

    monkeypatch.setattr(ImportDialog, "choose_and_run", choose_and_run)
    fill_organization(wizard)
    assert wizard.organization_page.gender.currentData() == "f"
    press(wizard.organization_page.name, Qt.Key.Key_Return)  # Enter = «Далее»
    assert wizard.currentPage() is wizard.house_page

    type_text(wizard.house_page.address, ADDRESS)
    type_text(wizard.house_page.area, "4210,5")
    press(wizard.house_page.area, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.premises_page
    assert "Помещений в базе пока нет" in wizard.premises_page.status.text()

    wizard.premises_page.import_button.click()
    assert loaded == [wizard.premises_page]
    assert wizard.premises_page.status.text() == "В базе 1 помещение."
    press(wizard.premises_page, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.done_page
    summary = wizard.done_page.summary.text()
    assert summary.startswith(f"Готово: внесены организация «{NAME}» и дом «{ADDRESS}».")
    assert "В реестре 1 помещение." in summary
    assert "Справочники и настройки → Организация" in summary

    org = organization.organization()
    assert (org.kind, org.name, org.inn) == ("ЖСК", NAME, INN)
    assert (org.chairman, org.chairman_gender, org.acting) == ("Петрова Анна Сергеевна", "f", "действующая")
    houses = organization.houses()
    assert [(h.address, h.total_area) for h in houses] == [(ADDRESS, Decimal("4210.5"))]
    assert not first_run.needs_setup()


def test_going_back_and_on_again_edits_the_house_it_made(wizard):
    fill_organization(wizard)
    wizard.next()
    type_text(wizard.house_page.address, ADDRESS)
    wizard.next()
    wizard.back()
    type_text(wizard.house_page.address, ", корп. 2")
    wizard.next()
    assert [h.address for h in organization.houses()] == [ADDRESS + ", корп. 2"]


def test_a_wrong_inn_keeps_the_page_and_saves_nothing(wizard):
    page = wizard.organization_page
    type_text(page.name, NAME)
    type_text(page.inn, "7707083894")
    assert page.inn_problem.isVisible()
    press(page.name, Qt.Key.Key_Return)
    assert wizard.currentPage() is page
    assert page.problem.isVisible() and page.problem.text().startswith("Исправьте ИНН")
    assert organization.organization() is None


def test_no_name_and_no_address_are_refused_with_their_reasons(wizard):
    press(wizard.organization_page.name, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.organization_page
    assert "Укажите полное наименование организации." in wizard.organization_page.problem.text()
    type_text(wizard.organization_page.name, NAME)
    press(wizard.organization_page.name, Qt.Key.Key_Return)
    press(wizard.house_page.address, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.house_page
    assert "Укажите адрес дома." in wizard.house_page.problem.text()
    assert organization.houses() == []


def test_later_typed_in_manually_goes_to_the_end(wizard):
    fill_organization(wizard)
    wizard.next()
    type_text(wizard.house_page.address, ADDRESS)
    wizard.next()
    wizard.premises_page.later_button.click()
    assert wizard.currentPage() is wizard.done_page
    assert "Помещений пока нет" in wizard.done_page.summary.text()


def test_the_sample_is_saved_where_the_user_chose(wizard, monkeypatch, tmp_path):
    out = tmp_path / "Образец реестра.xlsx"
    monkeypatch.setattr(ImportDialog, "choose_sample_path", lambda parent: out)
    fill_organization(wizard)
    wizard.next()
    type_text(wizard.house_page.address, ADDRESS)
    wizard.next()
    wizard.premises_page.sample_button.click()
    assert out.stat().st_size > 0
    assert wizard.premises_page.status.text().startswith(f"Образец сохранён: {out}.")


def in_the_wizard(action) -> None:
    """Do ``action(wizard)`` once the modal wizard is up."""
    def act():
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, FirstRunWizard):
            QTimer.singleShot(10, act)
            return
        action(wizard)

    QTimer.singleShot(0, act)


def test_later_on_the_first_page_saves_nothing_and_asks_again(qtbot, db):
    def type_and_leave(wizard):
        type_text(wizard.organization_page.name, NAME)
        press(wizard.organization_page.name, Qt.Key.Key_Escape)  # Esc = «Позже»

    in_the_wizard(type_and_leave)
    assert FirstRunWizard.run(None) is False
    assert organization.organization() is None
    assert first_run.needs_setup()
    assert not wizard_module.hidden()


def test_do_not_show_is_remembered_and_the_start_asks_no_more(qtbot, db, monkeypatch):
    def tick_and_leave(wizard):
        wizard.organization_page.never.setChecked(True)
        wizard.button(wizard.WizardButton.CancelButton).click()

    in_the_wizard(tick_and_leave)
    assert FirstRunWizard.run(None) is False
    assert wizard_module.hidden()
    monkeypatch.setattr(FirstRunWizard, "run", lambda parent: pytest.fail("the wizard must not open"))
    window = QWidget()
    qtbot.addWidget(window)
    assert wizard_module.offer(window) is False


def test_the_wizard_is_not_offered_on_the_demo_base(qtbot, demo, monkeypatch):
    monkeypatch.setattr(FirstRunWizard, "run", lambda parent: pytest.fail("the wizard must not open"))
    window = QWidget()
    qtbot.addWidget(window)
    assert not first_run.needs_setup()
    assert wizard_module.offer(window) is False


def test_the_start_on_a_blank_base_offers_the_wizard_over_the_window(clean_app, tmp_path, monkeypatch):  # noqa: F811
    shown = []

    def run(parent):
        shown.append(parent.windowTitle())
        organization.save_organization({"name": NAME}, now=NOW)  # as if typed in the wizard
        return True

    def exec_(*args):
        shown.append([w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible()])
        window = next(w for w in QApplication.topLevelWidgets() if w.isVisible())
        shown.append(window.current_key())
        window.close()
        return 0

    monkeypatch.setattr(FirstRunWizard, "run", run)
    monkeypatch.setattr(QApplication, "exec", exec_)
    assert app_module.run(tmp_path / "новая.sqlite3") == 0
    # over the window of the blank base; then the window names the organisation and
    # shows the register, where the first thing to do is
    assert shown == ["ТСЖ Деск", [f"ТСЖ Деск — {NAME}"], "register"]


def test_the_start_on_the_demo_base_goes_straight_to_the_window(clean_app, demo_template, tmp_path,  # noqa: F811
                                                                monkeypatch):
    path = tmp_path / "база.sqlite3"
    shutil.copyfile(demo_template, path)
    monkeypatch.setattr(FirstRunWizard, "run", lambda parent: pytest.fail("the wizard must not open"))
    titles = []

    def exec_(*args):
        for window in [w for w in QApplication.topLevelWidgets() if w.isVisible()]:
            titles.append(window.windowTitle())
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert app_module.run(path) == 0
    assert titles == ["ТСЖ Деск — ТСЖ «Лесная, 5»"]
