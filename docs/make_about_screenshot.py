"""Screenshot of «О программе» (F1) over the main window on the demo database.

    uv run python docs/make_about_screenshot.py

Writes ``docs/about.png``. It runs offscreen in a temporary folder standing for an office
user's profile, with the window settings there too: the user's data and configuration
are never touched. The dialog names the data folder «AppData/Local/tsj-desk», in the
profile as on an office PC, and the base «Документы/ТСЖ Деск/ТСЖ «Берёзка».sqlite3».
"""

from __future__ import annotations

from datetime import datetime
from unittest import mock

from screenshot_kit import DATA_SHOWN, DOCS, demo_base, main_window, offscreen_app, shot

NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services import folders
        from tsj_desk.services.session import close_session, open_session
        from ui.about_dialog import AboutDialog

        database = demo_base()
        close_session()
        open_session(database, lock=True, now=NOW)
        window = main_window(database)
        # the data folder lies outside the profile's current folder: named as an office PC's
        with mock.patch.object(folders, "data_folder", lambda: DATA_SHOWN):
            dialog = AboutDialog(window)
        dialog.show()
        for _ in range(5):
            app.processEvents()
        shot(dialog, DOCS / "about.png")
        dialog.close()
        window.hide()


if __name__ == "__main__":
    main()
