"""Screenshots of who is working and of a voided request, on the demo database.

    uv run python docs/make_users_screenshots.py

Writes ``docs/who-works.png`` (the «Кто работает?» dialog at start, the chairman with
a password chosen), ``docs/journal-voided.png`` (the journal with the demo's voided
copy of a request, greyed with its reason; the status bar names who works) and
``docs/settings-users.png`` (Settings → «Пользователи»). It runs offscreen in a
temporary folder with a fixed clock: the user's data and configuration are never touched.
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
NOW = datetime(2026, 11, 24, 12, 0)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services import users
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))

        database = create_demo_database(tmp / "tsj.sqlite3", today=TODAY)
        users.add_user(users.UserInput("Петрова Анна Сергеевна", "председатель правления",
                                       password="берёза-7"), now=NOW)
        users.add_user(users.UserInput("Кузнецова Елена Викторовна", "бухгалтер"), now=NOW)
        users.add_user(users.UserInput("Сидоров Олег Игоревич", "диспетчер"), now=NOW)
        gone = users.add_user(users.UserInput("Морозова Ирина", "диспетчер"), now=NOW)
        users.set_active(gone, False, now=NOW)
        from ui.main_window import MainWindow
        from ui.users.who_dialog import WhoDialog

        try:
            dialog = WhoDialog(None, users.list_users(active_only=True), "Петрова Анна Сергеевна")
            dialog.show()
            dialog.password.setText("берёза-7")
            app.processEvents()
            shot(dialog, ROOT / "docs" / "who-works.png")
            dialog.save()
            dialog.close()

            window = MainWindow(database)
            window.resize(1280, 800)
            window.show()
            page = window.show_page("journal")
            app.processEvents()
            # the answer column widened as a user would, to read the void reason in full
            page.table.setColumnWidth(page.model.ANSWER, 400)
            page.table.selectRow(3)  # another row: the voided one's grey stays visible
            app.processEvents()
            bar = page.table.horizontalScrollBar()
            bar.setValue(bar.maximum())  # scrolled to the answer column
            shot(window, ROOT / "docs" / "journal-voided.png")
            settings = window.show_page("settings")
            settings.show_tab(settings.users)
            shot(window, ROOT / "docs" / "settings-users.png")
            window.close()
        finally:
            close_session()


def shot(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


if __name__ == "__main__":
    main()
