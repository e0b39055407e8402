"""A page of the window shown the way the main window shows it, and its loads made slow."""

from __future__ import annotations

import ui.sql_table


def show_page(qtbot, page, *, page_shown: bool = False, width: int = 1200, height: int = 700):
    """``page`` on screen at ``width``×``height``; ``page_shown``: told so, as the main window does."""
    qtbot.addWidget(page)
    page.resize(width, height)
    page.show()
    qtbot.waitExposed(page)
    if page_shown:
        page.page_shown()
    return page


def every_load_slow(monkeypatch) -> None:
    """A table paged from SQL found slow once reads its rows in the background from then on."""
    monkeypatch.setattr(ui.sql_table, "SLOW_LOAD_SECONDS", -1.0)  # every load counts as slow
    monkeypatch.setattr(ui.sql_table, "BACKGROUND_MIN_ROWS", -1)  # however few its rows
    monkeypatch.setattr(ui.sql_table, "_slow_tables", set())
