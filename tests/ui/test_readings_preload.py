"""The readings page's modules are loaded a moment after the window is up, one per turn
of the event loop, and not at all once the window is gone (``ui.readings.preload``)."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QWidget

from ui.readings import preload


@pytest.fixture
def two_modules(tmp_path, monkeypatch):
    """Two modules nobody has imported; the first records the moment it is loaded."""
    (tmp_path / "preload_first.py").write_text("import time\nLOADED = time.monotonic()\n", encoding="utf-8")
    (tmp_path / "preload_second.py").write_text("import preload_first\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    names = ("preload_first", "preload_second")
    yield names
    for name in names:
        sys.modules.pop(name, None)


def test_the_modules_are_loaded_after_the_delay_not_before(qtbot, two_modules):
    import time

    owner = QWidget()
    qtbot.addWidget(owner)
    asked = time.monotonic()
    preload.preload_when_idle(owner, two_modules, after_ms=300)
    assert not any(name in sys.modules for name in two_modules)
    qtbot.waitUntil(lambda: all(name in sys.modules for name in two_modules), timeout=5000)
    # not before the delay (Qt's coarse timers may fire up to 5 % of it early)
    assert sys.modules["preload_first"].LOADED - asked >= 0.28


def test_nothing_is_loaded_once_the_window_is_gone(qtbot, two_modules):
    owner = QWidget()
    preload.preload_when_idle(owner, two_modules, after_ms=100)
    owner.deleteLater()
    qtbot.wait(400)
    assert not any(name in sys.modules for name in two_modules)


def test_the_page_modules_listed_exist():
    import importlib.util

    assert all(importlib.util.find_spec(name) is not None for name in preload.MODULES)
