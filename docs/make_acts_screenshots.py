"""Screenshots of the act dialog and page 1 of each act, on the demo database.

    uv run python docs/make_acts_screenshots.py

Writes ``docs/act-dialog.png`` (the act dialog of a damage act made from a demo
request about a flood, filled in) and, when LibreOffice and ``pdftoppm`` (poppler-utils) are installed,
``docs/act-damage.png``, ``docs/act-maintenance_quality.png`` and
``docs/act-utility_quality.png``: page 1 of each act converted to PDF and rendered
at 80 dpi; the page counts are printed. It runs offscreen, on a demo database made
for 24.11.2026 in a temporary folder, with the window settings in that folder too:
the user's data and configuration are never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

NOW = datetime(2026, 11, 24, 11, 30)
FLOOD = "Затопление с верхнего этажа"


def flood_request() -> str:
    """The newest demo request about a flood from the flat above."""
    from tsj_desk.services.journal import JournalFilter, list_requests

    rows = list_requests(JournalFilter(text=FLOOD), today=TODAY, limit=1)
    return rows[0].reg_no


def main() -> None:
    with offscreen_app(NOW) as (app, work):
        database = demo_base()
        reg_no = flood_request()
        files = make_acts(reg_no)
        dialog_shot(app, reg_no)
        if len(sys.argv) > 1:  # a folder: the «Акты и документы» page too, to look at
            page_shot(app, database, Path(sys.argv[1]) / "acts-page.png")
        act_pages(files, work / "pdf")


def make_acts(reg_no: str) -> dict[str, Path]:
    """One act of each kind from the flood request, with typical typed text."""
    from tsj_desk.services import acts

    made = {}
    for kind in acts.ACT_KINDS:
        fields = acts.demo_act_fields(kind, acts.prefill(kind, reg_no=reg_no, now=NOW))
        made[kind] = acts.create_act(kind, fields, now=NOW, reg_no=reg_no).file
    return made


def dialog_shot(app, reg_no: str) -> None:
    from tsj_desk.services import acts
    from ui.acts.act_dialog import ActDialog

    dialog = ActDialog(None, reg_no=reg_no, kind="damage")
    filled = acts.demo_act_fields("damage", dialog.fields())
    dialog.set_values(filled)
    dialog.show()
    app.processEvents()
    dialog.edits["damage_description"].setFocus()
    app.processEvents()
    shot(dialog, DOCS / "act-dialog.png")
    dialog.done(0)
    dialog.deleteLater()
    app.processEvents()


def page_shot(app, database: Path, path: Path) -> None:
    window = main_window(database)
    page = window.show_page("acts")
    page.table.selectRow(0)
    app.processEvents()
    shot(window, path)
    window.close()
    window.deleteLater()
    app.processEvents()


def act_pages(files: dict[str, Path], out: Path) -> None:
    from tsj_desk.services import pdf

    if pdf.find_libreoffice() is None or shutil.which("pdftoppm") is None:
        print("LibreOffice or pdftoppm not found: the pages of the acts are not rendered")
        return
    made = pdf.to_pdf(list(files.values()), out)
    for kind, path in zip(files, made):
        print(f"{kind}: {pdf.pdf_page_count(path)} page(s)")
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(path), str(DOCS / f"act-{kind}")], check=True)
        print(f"  {DOCS / f'act-{kind}.png'}")


if __name__ == "__main__":
    main()
