"""Screenshots of «Резервные копии» on the demo database.

    uv run python docs/make_backups_screenshots.py

Writes ``docs/backups.png`` (the main window on the page, 1280×800) and
``docs/backups-1366x768.png`` (the same at the size of a small office screen). The
demo base gets a few copies as a week of work would leave them: daily ones, one
before an import, one made by hand. It runs offscreen in a temporary folder, with
the window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot


NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services import backups

        database = demo_base()
        for days in range(6, 0, -1):
            backups.make_backup("daily", now=NOW - timedelta(days=days, hours=7))
        backups.make_backup("import", now=NOW - timedelta(days=2, hours=3))
        backups.make_backup("manual", now=NOW - timedelta(hours=1))
        window = main_window(database)
        for size, name in (((1280, 800), "backups.png"), ((1366, 768), "backups-1366x768.png")):
            window.resize(*size)
            window.show_page("backups")
            app.processEvents()
            shot(window, DOCS / name)
        window.close()


if __name__ == "__main__":
    main()
