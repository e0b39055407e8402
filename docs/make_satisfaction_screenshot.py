"""The Сводка with the residents' scores after a visit, on the demo base, at 1366×768.

    uv run python docs/make_satisfaction_screenshot.py

Writes ``docs/summary-satisfaction.png``: the main window on «Сводка», tab «Оценки
заявителей» (the index, the share of 4–5, by category and by month). Offscreen, in a
temporary profile, on a demo base made for 24.11.2026.
"""

from __future__ import annotations

from datetime import datetime, time

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

NOW = datetime.combine(TODAY, time(11, 0))


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        window = main_window(demo_base(), (1366, 768))
        page = window.show_page("summary")
        page.show_satisfaction()
        app.processEvents()
        shot(window, DOCS / "summary-satisfaction.png")
        window.close()


if __name__ == "__main__":
    main()
