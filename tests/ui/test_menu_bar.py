"""The menu bar: Файл (open or create a base, exit), Правка (find, copy), Справка
(the guide on F1, «О программе»)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tsj_desk.storage.database import database_path
from ui import base_switch, errors


def menu_texts(window) -> dict[str, list[str]]:
    result = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        result[action.text().replace("&", "")] = [a.text() for a in menu.actions() if not a.isSeparator()]
    return result


def test_the_three_menus_and_their_items(main_window):
    menus = menu_texts(main_window)
    assert list(menus) == ["Файл", "Правка", "Обзвон", "Справка"]
    assert menus["Файл"] == ["Открыть базу…", "Создать базу…", "Подключение к базе…", "Предварительный просмотр…",
                             "Печать…", "Сохранить в PDF…", "Выход"]
    assert main_window.actions_by_name["preview"].shortcut().toString() == "Ctrl+P"
    assert menus["Правка"] == ["Найти\tCtrl+F", "Копировать"]
    assert menus["Справка"] == ["Руководство пользователя", "О программе"]
    assert menus["Обзвон"] == ["Список обзвона…", "Загрузить результаты обзвона…"]
    assert main_window.actions_by_name["guide"].shortcut().toString() == "F1"
    assert main_window.actions_by_name["open"].shortcut().toString() == "Ctrl+O"


def guide_heading(dialog) -> str:
    return dialog.browser.document().firstBlock().text()


def test_f1_opens_the_guide_on_the_section_of_the_page(main_window, qtbot):
    main_window.show_page("register")
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    dialog = main_window._help_dialog
    assert dialog.isVisible()
    assert guide_heading(dialog) == "Реестр собственников"
    assert dialog.sections.currentItem().text() == "Реестр собственников"
    assert "Смена собственника" in dialog.browser.toPlainText()
    # the window is still the one worked in: F1 on another page turns the same guide there
    main_window.activateWindow()
    qtbot.waitActive(main_window)
    main_window.show_page("journal")
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    assert main_window._help_dialog is dialog
    assert guide_heading(dialog) == "Обращения"
    assert "Зарегистрировать обращение" in dialog.browser.toPlainText()


def test_the_guide_has_a_section_for_every_page_and_its_links_work(main_window, qtbot):
    from ui.help_dialog import GUIDE_FOLDER, section_for
    from ui.main_window import PAGES

    for spec in PAGES:
        assert (GUIDE_FOLDER / f"{section_for(spec.key)}.md").exists(), spec.key
        assert section_for(spec.key) == spec.key
    dialog = main_window.show_guide() or main_window._help_dialog
    dialog.show_section("index")
    assert guide_heading(dialog) == "Руководство пользователя ТСЖ Деск"
    dialog.browser.setSource(dialog.browser.source().resolved("backups.md"))
    assert guide_heading(dialog) == "Резервные копии"
    assert dialog.sections.currentItem().text() == "Резервные копии"
    dialog.sections.setCurrentRow(dialog.sections.count() - 1)
    assert guide_heading(dialog) == "Печать"
    dialog.close()


def test_find_goes_to_the_filter_of_the_page(main_window):
    page = main_window.show_page("register")
    page.filter.setText("12")
    page.table.setFocus()
    main_window.actions_by_name["find"].trigger()
    assert QApplication.focusWidget() is page.filter
    assert page.filter.selectedText() == "12"


def test_copy_takes_the_selected_rows_of_a_table(main_window, qtbot):
    page = main_window.show_page("register")
    page.reload()
    first, second = page.visible_premises()[:2]
    page.table.setFocus()
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.table.model().index(1, 0),
        page.table.selectionModel().SelectionFlag.Select | page.table.selectionModel().SelectionFlag.Rows)
    QApplication.clipboard().clear()
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().split("\n")
    assert len(lines) == 2
    assert lines[0].split("\t")[0] == first.number and lines[1].split("\t")[0] == second.number
    assert first.owners.split(";")[0] in lines[0]


def test_opening_a_file_that_is_no_base_keeps_the_base_open(main_window, demo, tmp_path, monkeypatch):
    foreign = tmp_path / "список.xlsx"
    foreign.write_bytes(b"PK\x03\x04 not a base at all" * 10)
    told = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(foreign), ""))
    monkeypatch.setattr(errors, "show_message", lambda parent, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest_fail("nothing to ask"))
    main_window.actions_by_name["open"].trigger()
    assert told == ["Файл «список.xlsx» — не база ТСЖ Деск: это не база данных SQLite. Выберите файл "
                    "базы (обычно с расширением .sqlite3)."]
    assert main_window.isVisible()
    assert database_path() == demo


def pytest_fail(message: str):
    raise AssertionError(message)


def test_creating_a_base_opens_a_new_window_on_it(main_window, demo, tmp_path, monkeypatch, qtbot):
    from ui.first_run import wizard

    wanted = tmp_path / "Вторая база"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(wanted), ""))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    offered = []
    monkeypatch.setattr(wizard.FirstRunWizard, "run", classmethod(lambda cls, parent: offered.append(parent)))
    fresh = main_window.actions_by_name["create"].trigger() or base_switch._windows[-1]
    qtbot.addWidget(fresh)
    created = tmp_path / "Вторая база.sqlite3"
    assert asked and f"Создать новую пустую базу «{created}»" in asked[0] and f"«{demo}»" in asked[0]
    assert created.exists()
    assert database_path() == created
    assert fresh is not main_window and fresh.isVisible() and not main_window.isVisible()
    assert fresh.database_label.text() == f"База: {created}"
    assert fresh.windowTitle() == "ТСЖ Деск"  # a blank base: no organisation yet
    assert offered == [fresh]  # the first-run wizard, as on a blank base at the start
    assert fresh.page("register").visible_premises() == []


def test_opening_the_base_already_open_says_so(main_window, demo, monkeypatch):
    told = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(demo), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    main_window.actions_by_name["open"].trigger()
    assert told == ["Эта база уже открыта."]
    assert main_window.isVisible()


def test_opening_another_base_moves_the_window_there(main_window, demo, tmp_path, monkeypatch, qtbot):
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.services.session import close_session, open_session

    # a second base, made while the first is closed, then the first opened again
    close_session()
    other = Path(create_demo_database(tmp_path / "другой дом.sqlite3", today=main_window_today()))
    close_session()
    open_session(demo, now=main_window_now())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    main_window.actions_by_name["open"].trigger()
    fresh = base_switch._windows[-1]
    qtbot.addWidget(fresh)
    assert fresh is not main_window
    assert database_path() == other
    assert fresh.database_label.text() == f"База: {other}"


def main_window_today():
    from tests.conftest import TODAY

    return TODAY


def main_window_now():
    from tests.conftest import NOW

    return NOW


def test_a_base_that_does_not_open_brings_the_window_back_on_the_base_it_had(
        main_window, demo, tmp_path, monkeypatch, qtbot):
    import ui.app

    wanted = tmp_path / "не открылась.sqlite3"
    real_open = ui.app.open_with_questions
    tried = []

    def open_with_questions(target, parent=None):
        tried.append(Path(target))
        return None if Path(target) == wanted else real_open(target, parent)

    monkeypatch.setattr(ui.app, "open_with_questions", open_with_questions)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(wanted), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    main_window.actions_by_name["create"].trigger()
    fresh = base_switch._windows[-1]
    qtbot.addWidget(fresh)
    assert tried == [wanted, demo]
    assert database_path() == demo
    assert fresh is not main_window and fresh.isVisible()
    assert fresh.database_label.text() == f"База: {demo}"
