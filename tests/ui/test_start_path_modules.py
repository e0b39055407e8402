"""What the window's start really runs — the base opened, the main window built, shown
and its first page painted, as ``ui.app`` does it — loads none of the modules a later
action needs: each costs the user time at every start. A module-level import test
cannot see these: they are loaded inside functions the start calls (the menu bar, the
server notice, the first-run wizard, the scores tab, «Кто работает?»)."""

from __future__ import annotations

import subprocess
import sys

NOT_AT_START = (
    "ui.first_run.wizard",  # a blank base only
    "ui.base_switch",  # Файл → open or create a base
    "ui.printing",  # Файл → print, preview, PDF
    "ui.server_notice",  # a base on a server only
    "ui.summary.satisfaction",  # the Сводка's scores tab, when brought forward
    "tsj_desk.services.satisfaction_figures",
    "ui.widgets",  # date fields and problem lines: dialogs and later pages
)

START = """
import sys
from datetime import datetime
from tsj_desk import clock
clock.use(clock.FixedClock(datetime(2026, 11, 24, 12, 0)))
from tsj_desk.services import organization, session
session.open_session(sys.argv[1], now=datetime(2026, 11, 24, 12, 0))
organization.save_organization({"kind": "ТСЖ", "name": "ТСЖ «Сосны»"}, now=datetime(2026, 11, 24, 12, 0))
session.close_session()
loaded_before = set(sys.modules)
from ui import app as ui_app
application = ui_app.make_application([])
opened = ui_app.open_with_questions(sys.argv[1])
window = ui_app.show_window(opened)
application.processEvents()
first = window.page(window.current_key())
first.grab()
print(window.windowTitle())
print(window.current_key(), first.heading.text())
print(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:]))))
window.close()
session.close_session()
"""


def test_the_start_shows_the_first_page_without_loading_what_later_actions_need(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", START, str(tmp_path / "base.sqlite3"), *NOT_AT_START],
        capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "",
             "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    title, first_page, loaded = done.stdout.strip().splitlines()[-3:]
    assert title == "ТСЖ Деск — ТСЖ «Сосны»"  # the base named: no wizard, the window itself
    assert first_page == "summary Сводка на 24.11.2026"
    assert loaded == "[]"
