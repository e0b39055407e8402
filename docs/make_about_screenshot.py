"""Screenshot of «О программе» (F1) over the main window on the demo database.

    uv run python docs/make_about_screenshot.py

Writes ``docs/about.png``. It runs offscreen in a temporary folder standing for an office
user's profile, with the window settings there too: the user's data and configuration
are never touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 16, 30)


@contextmanager
def pretend_profile():
    """An office user's home folder: «/home/Ольга Петровна» when /home may be written and
    has no such folder (removed afterwards), a temporary folder otherwise."""
    home = Path("/home") / "Ольга Петровна"
    if os.access(home.parent, os.W_OK) and not home.exists():
        home.mkdir()
        try:
            yield home
        finally:
            shutil.rmtree(home, ignore_errors=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "Ольга Петровна"


def main() -> None:
    with pretend_profile() as tmp:
        os.environ["XDG_DATA_HOME"] = str(tmp / ".local" / "share")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / ".config")

        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session, data_dir, open_session
        from ui.about_dialog import AboutDialog
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))

        database = create_demo_database(data_dir() / "tsj-desk.sqlite3", today=TODAY)
        close_session()
        open_session(database, lock=True, now=NOW)
        from ui.main_window import MainWindow

        try:
            window = MainWindow(database)
            window.resize(1280, 800)
            window.show()
            dialog = AboutDialog(window)
            dialog.show()
            for _ in range(5):
                app.processEvents()
            dialog.grab().save(str(ROOT / "docs" / "about.png"))
            dialog.close()
            window.hide()
        finally:
            close_session()
    print(ROOT / "docs" / "about.png")


if __name__ == "__main__":
    main()
