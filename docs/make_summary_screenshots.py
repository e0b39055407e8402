"""Screenshots of the Сводка page and the deadlines settings on the demo database.

    uv run python docs/make_summary_screenshots.py

Writes ``docs/summary.png`` (the main window on «Сводка») and ``docs/settings.png``
(«Справочники и настройки», tab «Сроки ответов»). It runs offscreen, on a demo
database made for 24.11.2026 in a temporary folder, with the window settings in
that folder too: the user's data and configuration are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 24)
SIZE = (1280, 800)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

        from PySide6.QtCore import QSettings

        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))

        # every clock the pages read says the day the demo was made for
        from tsj_desk import clock

        clock.use(clock.FixedClock(datetime.combine(TODAY, time(11, 0))))

        database = create_demo_database(tmp / "demo.sqlite3", today=TODAY)
        from ui.main_window import MainWindow

        try:
            window = MainWindow(database)
            window.resize(*SIZE)
            window.show()
            window.show_page("summary")
            app.processEvents()
            shot(window, ROOT / "docs" / "summary.png")

            settings = window.show_page("settings")
            settings.show_tab(settings.deadlines)
            settings.deadlines.select_category("maintenance")
            app.processEvents()
            shot(window, ROOT / "docs" / "settings.png")
            window.close()
        finally:
            close_session()


def shot(window, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


if __name__ == "__main__":
    main()
