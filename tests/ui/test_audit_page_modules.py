"""The change log's first show loads no file reader: it names the kind of a remembered
column layout («показания счётчиков»…) from ``services.layout_kinds``, and the readers
(their guards, defusedxml, calamine's wrappers) were 0.075 s of the page's first paint
on a large base."""

from __future__ import annotations

import subprocess
import sys

SHOW = """
import sys
from datetime import datetime
from tsj_desk import clock
clock.use(clock.FixedClock(datetime(2026, 11, 24, 12, 0)))
from tsj_desk.services import organization, session
session.open_session(sys.argv[1], now=datetime(2026, 11, 24, 12, 0))
organization.save_organization({"kind": "ТСЖ", "name": "ТСЖ «Сосны»"}, now=datetime(2026, 11, 24, 12, 0))
session.close_session()
from ui import app as ui_app
application = ui_app.make_application([])
window = ui_app.show_window(ui_app.open_with_questions(sys.argv[1]))
application.processEvents()
page = window.show_page("audit")
application.processEvents()
page.grab()
print(type(page).__name__, window.current_key())
print(sorted(m for m in sys.modules if m.startswith("tsj_desk.importers")))
window.close()
session.close_session()
"""


def test_the_change_log_shows_without_loading_a_file_reader(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SHOW, str(tmp_path / "base.sqlite3")],
        capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "",
             "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    heading, loaded = done.stdout.strip().splitlines()[-2:]
    assert heading == "AuditPage audit"
    assert loaded == "[]"
