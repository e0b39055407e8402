"""The announcements on the demo base: the page of the window and a printed page.

    uv run python docs/make_announcement_screenshots.py

Writes ``docs/announcements-1366x768.png`` (the window at 1366×768 on «Объявления»,
three announcements listed, the visit chosen with its residents) and ``docs/announcement.png`` (page 1 — entrance 1 — of
the planned outage announcement, rendered by LibreOffice and ``pdftoppm`` at 90 dpi).
Offscreen, in a temporary profile, on a demo base made for 24.11.2026.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, time

from screenshot_kit import DOCS, TODAY, WORK, demo_base, main_window, offscreen_app, shot

NOW = datetime.combine(TODAY, time(11, 0))


def add_announcements() -> tuple[int, int]:
    """Three announcements of the demo office; the ids of the outage and the visit."""
    from tsj_desk.services.announcements import AnnouncementInput, create_announcement

    outage = create_announcement(AnnouncementInput(
        "outage", datetime(2026, 12, 3, 9, 0), datetime(2026, 12, 3, 18, 0), resource="hot_water",
        reason="плановый ремонт трубопровода горячего водоснабжения в подвале"), now=NOW)
    visit = create_announcement(AnnouncementInput(
        "visit", datetime(2026, 12, 8, 10, 0), datetime(2026, 12, 8, 17, 0), entrances=["1"],
        work="verification", performer="ООО «Метрологический центр»", premises="1-30"), now=NOW)
    create_announcement(AnnouncementInput(
        "meeting", datetime(2026, 12, 15, 19, 0), meeting_form="mixed",
        place="помещение правления (подъезд 1, 1 этаж)",
        agenda="Выбор председателя и секретаря собрания\nУтверждение сметы на 2027 год\n"
               "Капитальный ремонт кровли"), now=NOW)
    return outage, visit


def main() -> None:
    from tsj_desk.services import pdf

    if pdf.find_libreoffice() is None or shutil.which("pdftoppm") is None:
        sys.exit("LibreOffice or pdftoppm not found: nothing is rendered")
    with offscreen_app(NOW) as (app, _):
        window = main_window(demo_base(), (1366, 768))
        outage, visit = add_announcements()
        page = window.show_page("announcements")
        page.reload(select=visit)  # a visit: its premises, owners and phones under the list
        app.processEvents()
        shot(window, DOCS / "announcements-1366x768.png")

        from tsj_desk.services.announcements import write_announcement

        out = WORK / "объявление.docx"
        print(f"{out.name}: {write_announcement(outage, out, today=TODAY)} pages")
        rendered = pdf.to_pdf([out], WORK / "pdf")[0]
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
                        str(rendered), str(DOCS / "announcement")], check=True)
        window.close()


if __name__ == "__main__":
    main()
