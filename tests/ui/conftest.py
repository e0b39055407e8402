"""Fixtures of the window tests: settings in a temporary folder, no thread left running."""

from __future__ import annotations

import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from tests.conftest import NOW

UI_TESTS = Path(__file__).resolve().parent

# The offscreen platform plugin warns whenever a top-level window with a layout is
# shown; it is a limitation of the plugin, not of our code. Every other Qt warning
# still fails the test.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items):
    for item in items:
        if UI_TESTS in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def qt_settings(tmp_path, qapp):
    """QSettings write into the test's folder, never into the user's configuration.

    Qt reads XDG_CONFIG_HOME once per process, so each test points the path anew.
    """
    folder = tmp_path / "qt-settings"
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail a test that leaves a worker thread behind (napari does the same)."""
    before = set(threading.enumerate())
    yield
    from ui import workers

    assert not workers.running_jobs(), "a worker job (QThread) was left running"
    assert QThreadPool.globalInstance().activeThreadCount() == 0
    # A _DummyThread is not a thread: it is Python's record of a thread it did not
    # start (a QThread that called current_thread(), as Thread.join and logging do),
    # and on Python 3.11 it reports itself alive for ever. The QThreads are checked above.
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()
            and not isinstance(t, threading._DummyThread)]
    assert not left, f"threads left running: {left}"


def pytest_runtest_setup(item):
    """On the 100× base (``TSJ_TEST_BASE=scale100``) a test about the demo as the whole
    base — its totals, its one house, its small size (``demo_counts``, with its reason) —
    is skipped, the reason printed by ``-ra``."""
    from tests import big_demo

    if big_demo.wanted() and (mark := item.get_closest_marker("demo_counts")) is not None:
        pytest.skip(f"demo_counts: {mark.kwargs.get('reason') or (mark.args[0] if mark.args else '')}")


@pytest.fixture(autouse=True)
def big_copies_removed(tmp_path):
    """On the 100× base (tests/big_demo.py) the test's copies of it (the base, the copies
    the program made of it) are removed after the test: hundreds of tests keep no 100 MB
    files on the disk."""
    yield
    from tests import big_demo

    if big_demo.wanted():
        for file in tmp_path.rglob("*"):
            if file.is_file() and file.stat().st_size > 10 * 2**20:
                file.unlink()


@pytest.fixture
def today():
    return date(2026, 11, 24)  # the TODAY of tests/conftest.py, which made the demo


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo database, built once per session (it takes seconds) and copied per test."""
    from tests import big_demo
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.services.session import close_session

    if big_demo.wanted():  # TSJ_TEST_BASE=scale100: the demo and 99 more houses
        return big_demo.template(tmp_path_factory.mktemp, date(2026, 11, 24))
    path = create_demo_database(tmp_path_factory.mktemp("demo") / "demo.sqlite3",
                                today=date(2026, 11, 24))
    close_session()  # the last connection closed: the WAL is folded into the file
    return path


@pytest.fixture
def demo(demo_template, tmp_path) -> Path:
    """A fresh copy of the demo database (120 premises), opened; yields its path."""
    from tsj_desk.services.session import close_session, open_session

    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    open_session(path, now=NOW)
    yield path
    close_session()


@pytest.fixture
def main_window(qtbot, demo):
    from ui.main_window import MainWindow

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)  # shortcuts (Ctrl+1…) work in the active window only
    return window
