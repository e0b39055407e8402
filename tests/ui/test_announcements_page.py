"""«Объявления»: created from the dialog typed at the keyboard, listed with their dates,
saved one page per entrance; a visit's list of residents and letters."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from tests.ui.keys import press, type_text
from tsj_desk.services.announcements import house_entrances
from ui.acts import printing
from ui.announcements.dialog import AnnouncementDialog
from ui.announcements.page import AnnouncementsPage

NOW = datetime(2026, 11, 24, 11, 0)


@pytest.fixture(autouse=True)
def at_now(fixed_clock):
    fixed_clock.moment = NOW


@pytest.fixture
def page(qtbot, demo, monkeypatch, tmp_path):
    opened: list[Path] = []
    monkeypatch.setattr(printing, "open_document", lambda path: opened.append(Path(path)))
    page = AnnouncementsPage()
    page.opened = opened
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.page_shown()
    return page


def when_dialog(keys) -> list[AnnouncementDialog]:
    seen: list[AnnouncementDialog] = []

    def step():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AnnouncementDialog):
            seen.append(dialog)
            keys(dialog)
        else:
            QTimer.singleShot(20, step)
    QTimer.singleShot(20, step)
    return seen


def pages(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        return 1 + package.read("word/document.xml").count(b"<w:pageBreakBefore/>")


def test_an_outage_typed_in_the_dialog_is_listed_and_saved_one_page_per_entrance(qtbot, page, tmp_path, monkeypatch):
    assert page.model.rowCount() == 0 and not page.save_button.isEnabled()

    def keys(dialog: AnnouncementDialog) -> None:
        assert dialog.current_kind() == "outage" and dialog.ends.isVisible()
        dialog.resource.setCurrentIndex(dialog.resource.findData("heating"))
        dialog.reason.setFocus()
        type_text(dialog.reason, "замена задвижки")
        dialog.note.setFocus()
        press(dialog.note, Qt.Key.Key_Return)  # Enter on the last field creates

    when_dialog(keys)
    page.create("outage")
    assert page.model.rowCount() == 1
    row = page.current()
    assert row.title == "Отключение отопления" and row.entrances == "весь дом"
    assert row.when == "01.12.2026 (вторник) с 09:00 до 18:00"  # a week ahead, office hours offered
    assert page.save_button.isEnabled() and not page.letters_button.isEnabled()
    assert not page.residents.isVisible()  # an outage concerns no premise in particular

    target = tmp_path / "объявление.docx"
    monkeypatch.setattr(page, "ask_path", lambda *args: target)
    page.save_announcement()
    assert page.opened == [target]
    assert pages(target) == len(house_entrances(1)) == 4  # the demo house has four entrances


def test_a_visit_gives_the_residents_list_and_a_letter_per_owner(qtbot, page, tmp_path, monkeypatch):
    def keys(dialog: AnnouncementDialog) -> None:
        dialog.work.setCurrentIndex(dialog.work.findData("verification"))
        dialog.premises.setFocus()
        type_text(dialog.premises, "1-3")
        dialog.performer.setFocus()
        type_text(dialog.performer, "ООО «Поверка»")
        dialog.save()

    when_dialog(keys)
    page.create("visit")
    row = page.current()
    assert row.kind_label == "Визит специалиста" and page.letters_button.isEnabled()
    letters = tmp_path / "письма.docx"
    monkeypatch.setattr(page, "ask_path", lambda *args: letters)
    page.save_letters()
    from tsj_desk.services.announcement_visits import visit_residents

    owners = visit_residents(row.id)
    assert {r.premise for r in owners} == {"1", "2", "3"}
    # the page lists them under the announcement: premise, owner, phone
    assert page.residents.isVisible() and page.residents_label.text() == (
        "Нужен доступ: 3 помещения; собственники и телефоны:")
    shown = page.residents_model.rows()
    assert [(r.premise, r.owner, r.phone) for r in shown] == [(r.premise, r.owner, r.phone) for r in owners]
    assert all(r.phone for r in shown if r.owner)  # the demo gives every owner a phone
    assert pages(letters) == len(owners)  # one letter a page, one per owner of flats 1–3


def test_a_meeting_without_an_agenda_is_refused_in_the_dialog(qtbot, page):
    said: list[str] = []

    def keys(dialog: AnnouncementDialog) -> None:
        assert not dialog.ends.isVisible()  # a meeting has a start only
        said.append(dialog.warning.text())  # a week ahead, as offered: under the 10 days of the law
        dialog.place.setFocus()
        type_text(dialog.place, "двор дома")
        dialog.save()
        said.append(dialog.problem.text())
        dialog.reject()

    when_dialog(keys)
    page.create("meeting")
    assert said[0].startswith("Сообщение о собрании собственников размещают не позднее чем за 10 дней")
    assert said[1:] == ["Укажите повестку дня собрания."]
    assert page.model.rowCount() == 0
