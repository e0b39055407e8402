"""A screenshot of the production calendar on a year without a decree.

    uv run python docs/make_calendar_screenshots.py

Writes ``docs/settings-calendar-2028.png``: Settings → «Производственный календарь»
in a 1280×800 window, the year 2028 (computed by ТК РФ ст. 112
ч. 2: Monday 06.11 is the day off of Saturday 04.11), the line naming the official
and the computed years, and the deadline check for a request of 02.11.2028. It runs
offscreen in a temporary folder: the user's data and configuration are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))

        database = create_demo_database(tmp / "tsj.sqlite3", today=TODAY)
        from ui.main_window import MainWindow

        try:
            window = MainWindow(database)
            window.resize(1280, 800)
            window.show()
            page = window.show_page("settings")
            tab = page.show_tab(page.calendar)
            tab.year.setValue(2028)
            tab.view.select_day(date(2028, 11, 8))  # the due date; 06.11 keeps its tint
            tab.set_preview("utility_info", datetime(2028, 11, 2, 10, 0))
            app.processEvents()
            shot(page, ROOT / "docs" / "settings-calendar-2028.png")  # no status bar
            window.close()
        finally:
            close_session()


def shot(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path.name)


if __name__ == "__main__":
    main()
