"""The main window: title, navigation of registered pages, Ctrl+N, status bar, settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from ui.main_window import PAGES, MainWindow


KEYS = [p.key for p in PAGES]


def ctrl_digit(qtbot, window, key: str) -> None:
    """Ctrl+1…Ctrl+9: the page's place in the navigation."""
    digit = KEYS.index(key) + 1
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + digit), Qt.KeyboardModifier.ControlModifier)


def test_title_navigation_and_status_bar(main_window, demo):
    assert main_window.windowTitle() == "ТСЖ Деск — ТСЖ «Лесная, 5»"
    items = [main_window.navigation.item(i).text() for i in range(main_window.navigation.count())]
    assert items == [p.title for p in PAGES]
    assert {"Реестр собственников", "Выдача реестра"} <= set(items)
    assert main_window.current_key() == KEYS[0]
    assert main_window.stack.currentWidget() is main_window.page(KEYS[0])
    assert main_window.database_label.text() == f"База: {demo}"


def test_ctrl_digits_switch_pages(main_window, qtbot):
    ctrl_digit(qtbot, main_window, "disclosures")
    assert main_window.current_key() == "disclosures"
    assert main_window.stack.currentWidget() is main_window.page("disclosures")
    ctrl_digit(qtbot, main_window, "register")
    assert main_window.current_key() == "register"
    assert main_window.stack.currentWidget() is main_window.page("register")
    if len(PAGES) < 9:
        qtbot.keyClick(main_window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)  # no such page
        assert main_window.current_key() == "register"


def test_a_hidden_page_does_not_hold_the_window_wide(main_window):
    page = main_window.show_page("disclosures")
    needed = main_window.navigation.width() + page.minimumSizeHint().width() + 40
    assert main_window.minimumSizeHint().width() <= needed


def test_geometry_is_remembered_in_the_test_settings_folder(qtbot, demo, qt_settings):
    first = MainWindow(demo)
    qtbot.addWidget(first)
    first.resize(first.width(), 455)
    first.show()
    qtbot.waitExposed(first)
    first.close()  # saves
    assert (qt_settings / "tsj-desk" / "tsj-desk.conf").exists()
    assert QSettings("tsj-desk", "tsj-desk").fileName() == str(qt_settings / "tsj-desk" / "tsj-desk.conf")
    second = MainWindow(demo)
    qtbot.addWidget(second)
    assert first.height() == 455
    assert second.height() == 455  # (the width is clamped to the 800-pixel offscreen screen)
