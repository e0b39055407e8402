"""A screenshot of the production calendar on a year without a decree.

    uv run python docs/make_calendar_screenshots.py

Writes ``docs/settings-calendar-2028.png``: Settings → «Производственный календарь»
in a 1280×800 window, the year 2028 (computed by ТК РФ ст. 112
ч. 2: Monday 06.11 is the day off of Saturday 04.11), the line naming the official
and the computed years, and the deadline check for a request of 02.11.2028. It runs
offscreen in a temporary folder: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import date, datetime

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot


NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        window = main_window(demo_base())
        page = window.show_page("settings")
        tab = page.show_tab(page.calendar)
        tab.year.setValue(2028)
        tab.view.select_day(date(2028, 11, 8))  # the due date; 06.11 keeps its tint
        tab.set_preview("utility_info", datetime(2028, 11, 2, 10, 0))
        app.processEvents()
        shot(page, DOCS / "settings-calendar-2028.png")  # no status bar
        window.close()


if __name__ == "__main__":
    main()
