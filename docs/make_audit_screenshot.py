"""Screenshot of «Журнал изменений» on the demo database.

    uv run python docs/make_audit_screenshot.py

Writes ``docs/audit.png``: the main window on the log of changes (1280×800), a change of
owners chosen when the demo has one (else the newest entry), its full text under the table. It runs offscreen in a temporary
folder, with the window settings there too: the user's data and configuration are never
touched.
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot, wait_until

NOW = datetime(2026, 11, 24, 16, 30)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        window = main_window(demo_base())
        page = window.show_page("audit")
        wait_until(app, lambda: not page.is_loading())
        rows = page.visible_entries()
        chosen = next((i for i, row in enumerate(rows) if row.action_text == "смена собственника"), 0)
        page.table.selectRow(chosen)
        app.processEvents()
        shot(window, DOCS / "audit.png")
        window.close()


if __name__ == "__main__":
    main()
