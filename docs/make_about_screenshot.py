"""Screenshot of «О программе» (F1) over the main window on the demo database.

    uv run python docs/make_about_screenshot.py

Writes ``docs/about.png``. It runs offscreen in a temporary folder standing for an office
user's profile, with the window settings there too: the user's data and configuration
are never touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot

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
    with pretend_profile() as home, offscreen_app(NOW, home) as (app, _):
        from tsj_desk.services.session import close_session, data_dir, open_session
        from ui.about_dialog import AboutDialog

        database = demo_base(data_dir() / "tsj-desk.sqlite3")
        close_session()
        open_session(database, lock=True, now=NOW)
        window = main_window(database)
        dialog = AboutDialog(window)
        dialog.show()
        for _ in range(5):
            app.processEvents()
        shot(dialog, DOCS / "about.png")
        dialog.close()
        window.hide()


if __name__ == "__main__":
    main()
