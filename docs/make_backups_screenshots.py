"""Screenshots of «Резервные копии» on the demo database.

    uv run python docs/make_backups_screenshots.py

Writes ``docs/backups.png`` (the main window on the page, 1280×800) and
``docs/backups-1366x768.png`` (the same at the size of a small office screen). The
demo base gets a few copies as a week of work would leave them: daily ones, one
before an import, one made by hand. It runs offscreen in a temporary folder, with
the window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta
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
        from tsj_desk.services import backups
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))

        database = create_demo_database(tmp / "tsj.sqlite3", today=TODAY)
        for days in range(6, 0, -1):
            backups.make_backup("daily", now=NOW - timedelta(days=days, hours=7))
        backups.make_backup("import", now=NOW - timedelta(days=2, hours=3))
        backups.make_backup("manual", now=NOW - timedelta(hours=1))
        from ui.main_window import MainWindow

        try:
            window = MainWindow(database)
            for size, name in (((1280, 800), "backups.png"), ((1366, 768), "backups-1366x768.png")):
                window.resize(*size)
                window.show()
                window.show_page("backups")
                app.processEvents()
                shot(window, ROOT / "docs" / name)
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
