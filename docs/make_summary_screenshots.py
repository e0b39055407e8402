"""Screenshots of the Сводка page and the deadlines settings on the demo database.

    uv run python docs/make_summary_screenshots.py

Writes ``docs/summary.png`` (the main window on «Сводка») and ``docs/settings.png``
(«Справочники и настройки», tab «Сроки ответов»). It runs offscreen, on a demo
database made for 24.11.2026 in a temporary folder, with the window settings in
that folder too: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime, time

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot


NOW = datetime.combine(TODAY, time(11, 0))


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        window = main_window(demo_base())
        window.show_page("summary")
        app.processEvents()
        shot(window, DOCS / "summary.png")

        settings = window.show_page("settings")
        settings.show_tab(settings.deadlines)
        settings.deadlines.select_category("maintenance")
        app.processEvents()
        shot(window, DOCS / "settings.png")
        window.close()


if __name__ == "__main__":
    main()
