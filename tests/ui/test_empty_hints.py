"""Pages of a blank base say what to do first, with the button that does it; a page
with data, or a filter that finds nothing, does not."""

from __future__ import annotations

import pytest
from keys import type_text
from PySide6.QtWidgets import QWidget
from tests.conftest import NOW

from tsj_desk.services import acts
from tsj_desk.services.journal import JournalFilter, list_requests

from ui.acts.act_dialog import ActDialog
from ui.acts.page import ActsPage
from ui.journal.page import JournalPage
from ui.journal.request_dialog import RequestDialog
from ui.readings.import_dialog import ReadingsImportDialog
from ui.readings.page import ReadingsPage
from ui.register.import_dialog import ImportDialog
from ui.register.page import RegisterPage


def show(qtbot, page: QWidget) -> QWidget:
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def calls_of(monkeypatch, cls, name: str, answer=None) -> list:
    """Replace the dialog's class method; what it was called with."""
    calls: list = []
    monkeypatch.setattr(cls, name, lambda parent, *args, **options: calls.append((parent, options)) or answer)
    return calls


def test_the_register_of_a_blank_base_offers_to_load_the_register(qtbot, db, monkeypatch):
    page = show(qtbot, RegisterPage())
    assert page.empty_hint.isVisible()
    assert page.empty_hint.label.text() == ("В базе нет помещений. Загрузите реестр собственников "
                                            "из Excel или добавьте помещения вручную.")
    assert page.empty_hint.button.text() == "Загрузить реестр…"
    opened = calls_of(monkeypatch, ImportDialog, "choose_and_run", answer=False)
    page.empty_hint.button.click()
    assert [parent for parent, _ in opened] == [page]


def test_a_filter_on_a_blank_register_says_nothing_found_not_the_hint(qtbot, db):
    page = show(qtbot, RegisterPage())
    type_text(page.filter, "12")
    qtbot.waitUntil(lambda: not page.empty_hint.isVisible())
    assert page.count_label.text() == "Ничего не найдено (всего 0 помещений)"
    page.filter.clear()
    qtbot.waitUntil(page.empty_hint.isVisible)


def test_the_journal_of_a_blank_base_offers_to_register_a_request(qtbot, db, monkeypatch):
    page = show(qtbot, JournalPage())
    assert page.empty_hint.isVisible()
    assert page.empty_hint.label.text() == "Обращений пока нет. Зарегистрируйте первое: Ctrl+N."
    asked = calls_of(monkeypatch, RequestDialog, "ask")
    page.empty_hint.button.click()
    assert [parent for parent, _ in asked] == [page]


def test_a_journal_filter_finding_nothing_keeps_nothing_found(qtbot, db):
    page = show(qtbot, JournalPage())
    type_text(page.filter, "протечка")
    qtbot.waitUntil(lambda: not page.empty_hint.isVisible())
    assert page.count_label.text() == "Ничего не найдено (всего 0 обращений)"


def test_readings_without_meters_offer_the_import_that_creates_them(qtbot, db, monkeypatch):
    page = show(qtbot, ReadingsPage())
    assert page.empty_hint.isVisible()
    assert page.empty_hint.label.text().startswith("Счётчиков пока нет:")
    assert "в карточке помещения" in page.empty_hint.label.text()
    opened = calls_of(monkeypatch, ReadingsImportDialog, "choose_and_run", answer=False)
    page.empty_hint.button.click()
    assert [(parent, options["create_meters"]) for parent, options in opened] == [(page, True)]


def test_acts_of_a_blank_base_offer_a_new_act_and_a_kind_filter_hides_the_hint(qtbot, db, monkeypatch):
    page = show(qtbot, ActsPage())
    assert page.empty_hint.isVisible()
    assert page.empty_hint.label.text().startswith("Актов пока нет.")
    asked = calls_of(monkeypatch, ActDialog, "ask")
    page.empty_hint.button.click()
    assert [parent for parent, _ in asked] == [page]
    page.kind.setCurrentIndex(1)
    assert not page.empty_hint.isVisible()


def test_no_hint_on_the_pages_of_the_demo_base(qtbot, demo):
    for page in (RegisterPage(), JournalPage(), ReadingsPage()):
        show(qtbot, page)
        assert not page.empty_hint.isVisible(), type(page).__name__


def test_the_first_act_takes_the_acts_hint_away(qtbot, demo):
    page = show(qtbot, ActsPage())
    assert page.empty_hint.isVisible()  # the demo has requests but no act yet
    reg_no = list_requests(JournalFilter(text="Затопление"), today=NOW.date(), limit=1)[0].reg_no
    acts.create_act("damage", acts.demo_act_fields("damage", acts.prefill("damage", reg_no=reg_no, now=NOW)),
                    now=NOW, reg_no=reg_no)
    page.page_shown()
    assert not page.empty_hint.isVisible()
    assert page.count_label.text() == "Всего 1 акт"


@pytest.mark.demo_counts(reason="the message names the demo's total, «всего 120 помещений»; the 100× base has 12,000")
def test_a_register_filter_finding_nothing_on_the_demo_shows_no_hint(qtbot, demo):
    page = show(qtbot, RegisterPage())
    type_text(page.filter, "щщщ")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)
    assert not page.empty_hint.isVisible()
    assert page.count_label.text() == "Ничего не найдено (всего 120 помещений)"
