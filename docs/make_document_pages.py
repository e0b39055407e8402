"""Pages of the printed documents, on the demo database (120 premises).

    uv run python docs/make_document_pages.py

Needs LibreOffice and ``pdftoppm`` (poppler-utils). Writes page 1 of the owner register
as .docx (``docs/register-docx-page1.png``) and as .xlsx
(``docs/register-xlsx-page1.png``) and page 1 of a damage act made from a demo request
about a flood (``docs/act-damage-docx.png``), at 90 dpi, and prints the page count of
each document. The demo base is made for 24.11.2026 in a temporary folder: the user's
data is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime

from screenshot_kit import DOCS, demo_base, temporary_profile

NOW = datetime(2026, 11, 24, 15, 30)


def main() -> None:
    with temporary_profile() as work:
        from tsj_desk.services import acts, journal, pdf
        from tsj_desk.services.disclosure import export_register
        from tsj_desk.storage.database import close_database

        if pdf.find_libreoffice() is None or shutil.which("pdftoppm") is None:
            sys.exit("LibreOffice or pdftoppm not found: nothing is rendered")
        demo_base()
        try:
            made = {}
            for suffix in ("docx", "xlsx"):
                made[f"register-{suffix}-page1.png"] = export_register(
                    work / f"register-{suffix}.{suffix}", as_of=date(2026, 11, 24), requested_by="Инициатор ОСС",
                    purpose="созыв общего собрания", now=NOW).path
            flood = journal.list_requests(journal.JournalFilter(text="Затопление с верхнего этажа"),
                                          today=NOW.date(), limit=1)[0].reg_no
            fields = acts.demo_act_fields("damage", acts.prefill("damage", reg_no=flood, now=NOW))
            made["act-damage-docx.png"] = acts.create_act("damage", fields, now=NOW, reg_no=flood,
                                                          out=work / "act-damage.docx").file
        finally:
            close_database()
        pdfs = pdf.to_pdf(list(made.values()), work / "pdf")
        for (png, source), rendered in zip(made.items(), pdfs):
            print(f"{source.name}: {pdf.pdf_page_count(rendered)} pages")
            subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
                            str(rendered), str(DOCS / png.removesuffix(".png"))], check=True)


if __name__ == "__main__":
    main()
