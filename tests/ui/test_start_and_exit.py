"""Start and exit at any size: the window opens before the whole base is checked (the
check runs behind it and tells damage), pages are built when first shown, and closing
writes the exit copy without its full check, which the next start makes."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from tsj_desk.services import backups, base_check, session
from tsj_desk.storage.backup import check_file
from tests.conftest import NOW


def spoil_middle(path: Path) -> None:
    """Pages in the middle of the file overwritten: its header and schema still read."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 64 * 1024] = b"\xff" * (64 * 1024)
    path.write_bytes(bytes(data))


def spoil_table(path: Path, table: str) -> None:
    """Every page of ``table`` overwritten: the pages the first page of the window reads
    (requests, deadlines) stay whole, as damage often leaves most of a base readable."""
    with sqlite3.connect(path) as connection:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ?", (table,))]
    connection.close()
    assert pages
    data = bytearray(path.read_bytes())
    for page in pages:
        data[(page - 1) * size:page * size] = b"\xff" * size
    path.write_bytes(bytes(data))


@pytest.fixture
def no_dialogs(monkeypatch):
    """A modal question or error before the window would stop the start: none is allowed."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"a dialog was shown: {args[1:3]}")

    for name in ("question", "critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, refuse)


def wait_for_check(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.start_check is None, timeout=30_000)


def test_the_window_opens_before_the_check_and_a_damaged_base_is_told(qtbot, demo, no_dialogs, monkeypatch):
    from tsj_desk.domain.errors import DatabaseDamaged
    from ui.app import open_with_questions, show_window

    good = backups.make_backup("manual", now=NOW)
    session.close_session()
    spoil_table(demo, "reading")
    assert not check_file(demo, quick=True).ok  # the damage is there for the check to find
    with pytest.raises(DatabaseDamaged):  # the command line still refuses it before anything
        session.open_session(demo, now=NOW)

    held = threading.Event()
    real_check = base_check.check_file

    def slow_check(path, **kwargs):
        held.wait(30)  # a base so large its check takes long
        return real_check(path, **kwargs)

    monkeypatch.setattr(base_check, "check_file", slow_check)
    assert open_with_questions(demo) == demo
    window = show_window(demo)  # as the program starts it
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    # the window is there and usable while the check still runs
    assert window.isVisible() and window.start_check is not None
    assert window.damage_notice is None
    window.show_page("journal")
    assert window.current_key() == "journal"

    held.set()
    wait_for_check(qtbot, window)
    notice = window.damage_notice
    assert notice is not None and notice.isVisible()
    assert "нашла повреждение" in notice.text()
    assert good.path.name in notice.text()  # the copy to restore, named
    assert "Резервные копии" in window.statusBar().currentMessage()
    to_backups = next(b for b in notice.buttons() if "Резервные копии" in b.text())
    to_backups.click()
    qtbot.waitUntil(lambda: window.current_key() == "backups")
    assert window.stack.currentWidget() is window.page("backups")


def test_a_sound_base_is_checked_in_silence(qtbot, main_window):
    main_window.check_in_background()
    wait_for_check(qtbot, main_window)
    assert main_window.damage_notice is None
    assert "повреждена" not in main_window.statusBar().currentMessage()


def test_a_page_not_yet_shown_is_built_when_selected(qtbot, main_window):
    from ui.main_window import PAGES

    first = PAGES[0].key
    assert main_window.is_built(first)
    assert not main_window.is_built("acts")
    assert main_window.findChild(QWidget, "page-acts") is None
    row = [p.key for p in PAGES].index("acts")
    main_window.navigation.setCurrentRow(row)
    assert main_window.is_built("acts")
    page = main_window.findChild(QWidget, "page-acts")
    assert page is not None and main_window.stack.currentWidget() is page and page.isVisible()
    assert main_window.stack.indexOf(page) == row  # in its place: Ctrl+N and the list agree
    main_window.navigation.setCurrentRow(0)
    main_window.navigation.setCurrentRow(row)
    assert main_window.findChild(QWidget, "page-acts") is page  # built once


@pytest.fixture
def large_base(monkeypatch):
    """The base counts as too large for the full check of its copy within a second."""
    from tsj_desk.services import backup_verification

    monkeypatch.setattr(backup_verification, "CHECK_AT_ONCE_BYTES", 0)


def exit_copies(demo: Path) -> list[backups.BackupInfo]:
    return [b for b in backups.list_backups(backups.default_backup_dir(demo)) if b.trigger == "exit"]


@pytest.mark.demo_counts(reason="about a small base (up to 16 MB); the 100× base's exit copy is checked at the next start, by design")
def test_a_small_base_s_exit_copy_is_checked_at_once(qtbot, demo, no_dialogs):
    from ui.main_window import MainWindow

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    window.close()
    [copy] = exit_copies(demo)
    assert copy.verified and not Path(f"{copy.path}.unverified").exists()


@pytest.mark.demo_counts(reason="counts the demo's 120 premises in the copy; the 100× base has 12,000")
def test_the_exit_copy_is_marked_unverified_and_checked_at_the_next_start(qtbot, demo, no_dialogs, large_base):
    from ui.main_window import MainWindow

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    window.close()
    [copy] = exit_copies(demo)
    assert not copy.verified and "ещё не проверена" in copy.trigger_label
    assert Path(f"{copy.path}.unverified").exists()
    with sqlite3.connect(copy.path) as connection:  # a whole copy of the base
        assert connection.execute("SELECT count(*) FROM premise").fetchone()[0] == 120

    again = MainWindow(demo)  # the next start
    qtbot.addWidget(again)
    again.show()
    again.check_in_background()
    wait_for_check(qtbot, again)
    [checked] = exit_copies(demo)
    assert checked.path == copy.path and checked.verified
    assert checked.trigger_label == "при выходе"
    assert not Path(f"{copy.path}.unverified").exists()
    assert again.damage_notice is None


def test_an_exit_copy_that_fails_its_check_is_removed_and_told(qtbot, demo, no_dialogs, large_base):
    from ui.main_window import MainWindow

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    window.close()
    [copy] = exit_copies(demo)
    spoil_middle(copy.path)

    again = MainWindow(demo)
    qtbot.addWidget(again)
    again.show()
    again.check_in_background()
    wait_for_check(qtbot, again)
    assert exit_copies(demo) == []
    assert not Path(f"{copy.path}.unverified").exists()
    notice = again.damage_notice
    assert notice is not None
    assert copy.path.name in notice.text() and "не прошла проверку и удалена" in notice.text()
    notice.reject()
