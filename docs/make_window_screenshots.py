"""Screenshots of the journal and the register at the screen sizes of an office PC.

    uv run python docs/make_window_screenshots.py

Writes ``docs/journal-1366x768.png``, ``docs/register-1366x768.png`` and the same two
at 1600×1000: the main window with its columns sized by the program's one width rule
(text columns take the spare width, dates and numbers fit their content). An
emergency registered a quarter of an hour before shows its countdown. It runs
offscreen on a demo database made for 24.11.2026 in a temporary folder, with the
window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, shot

NOW = datetime(2026, 11, 24, 10, 35)
SIZES = ((1366, 768), (1600, 1000))


def add_live_rows() -> None:
    """An emergency still running (countdown) and one overdue by the minute."""
    from tsj_desk.services.journal import RequestInput, register_request

    register_request(RequestInput(
        category="emergency", received_at=datetime(2026, 11, 24, 10, 20),
        applicant="Сидорова Анна Викторовна", premise_number="45", channel="phone",
        subject="Течь с потолка в ванной", text="Течь с потолка в ванной из квартиры сверху."),
        now=datetime(2026, 11, 24, 10, 21))
    register_request(RequestInput(
        category="emergency", received_at=datetime(2026, 11, 24, 9, 40),
        applicant="Орлов Дмитрий Сергеевич", premise_number="12", channel="phone",
        subject="Нет отопления в квартире", text="Холодные батареи в квартире с утра."),
        now=datetime(2026, 11, 24, 9, 41))


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        database = demo_base()
        add_live_rows()
        window = main_window(database, SIZES[0])
        for width, height in SIZES:
            window.resize(width, height)
            for page in ("journal", "register"):
                window.show_page(page)
                app.processEvents()
                shot(window, DOCS / f"{page}-{width}x{height}.png")
        window.close()


if __name__ == "__main__":
    main()
