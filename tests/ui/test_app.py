"""Starting the window: a good database opens, a damaged one gives a clear message."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from tsj_desk.services.registry import count_premises
from ui import app as app_module
from ui import errors


@pytest.fixture
def clean_app(qapp, monkeypatch):
    """Undo what ``run`` does to the process-wide application after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    locale = QLocale()
    installed: list[QTranslator] = []
    real_install = app_module.install_russian
    monkeypatch.setattr(app_module, "install_russian", lambda a: installed.append(real_install(a)))
    yield
    errors.uninstall_excepthook()
    for translator in installed:
        if translator is not None:
            qapp.removeTranslator(translator)
    QLocale.setDefault(locale)


@pytest.mark.demo_counts(reason="counts the demo's 120 premises; the 100× base has 12,000")
def test_run_opens_the_database_and_shows_the_window(clean_app, demo_template, tmp_path, monkeypatch):
    import shutil

    path = tmp_path / "база.sqlite3"
    shutil.copyfile(demo_template, path)
    seen = {}

    def exec_(*args):
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen["titles"] = [w.windowTitle() for w in windows]
        seen["premises"] = count_premises()
        seen["ok_text"] = QCoreApplication.translate("QPlatformTheme", "Cancel")
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert app_module.run(path) == 0
    assert seen["titles"] == ["ТСЖ Деск — ТСЖ «Лесная, 5»"]
    assert seen["premises"] == 120
    assert seen["ok_text"] == "Отмена"  # Qt's own buttons speak Russian
    assert QApplication.instance().organizationName() == "tsj-desk"
    assert sys.excepthook is errors._excepthook


def test_damaged_database_gives_a_message_and_exit_code_1(clean_app, tmp_path, monkeypatch):
    bad = tmp_path / "база.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    said = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: said.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda *a: pytest.fail("the window must not open"))
    assert app_module.run(bad) == 1
    assert len(said) == 1
    assert "повреждён или не является базой данных" in said[0]
