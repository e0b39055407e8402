"""Screenshots of the «Должники» page and the Сводка's promises on the demo database.

    uv run python docs/make_debtors_screenshots.py

Loads an оборотно-сальдовая ведомость made here for the demo's flats (a title block
above, «Итого» below) as of 31.10.2026, records two promises to pay (one due this
week, one broken), and writes ``docs/debtors-page.png``
(the page at 1366×768, the largest debts first, totals under the table) and
``docs/summary-promises.png`` (the Сводка with the promises' numbers), and
``docs/debtors-import.png`` (the ОСВ of 23.11.2026 in the import's preview at 1280×800, one
account unknown to the base); with LibreOffice
and ``pdftoppm`` at hand, also page 1 of the combined notices of the three largest debts
(``docs/debt-notice-docx.png``, 90 dpi), printing the page count of the file.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from datetime import date, datetime, time

from screenshot_kit import (BASE, DOCS, TODAY, WORK, demo_base, main_window, offscreen_app, received, shot,
                            wait_until)

NOW = datetime.combine(TODAY, time(11, 0))


def osv_file(name: str, when: str, rows: list[tuple], folder=WORK) -> str:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ТСЖ «Лесная, 5»"])
    sheet.append([f"Оборотно-сальдовая ведомость по лицевым счетам {when}"])
    sheet.append([])
    sheet.append(["Лицевой счёт", "Кв.", "Плательщик", "Сальдо на начало периода", "Начислено", "Оплачено",
                  "Сальдо на конец периода", "Месяцев долга"])
    for row in rows:
        sheet.append(list(row))
    sheet.append(["Итого", None, None, None, None, None, round(sum(r[6] for r in rows), 2), None])
    book.save(folder / name)
    return name


def october_rows() -> list[tuple]:
    rng = random.Random(18)
    rows = []
    for n in range(1, 115):
        accrued = round(rng.uniform(2800, 7400), 2)
        if rng.random() < 0.78:  # paid in full
            opening, paid, months = 0.0, accrued, 0
        else:
            months = rng.choice([1, 1, 2, 2, 3, 4, 6, 9, 14])
            opening = round(accrued * (months - 1) + rng.uniform(0, 900), 2)
            paid = 0.0 if months > 2 else round(rng.uniform(0, accrued / 2), 2)
        closing = round(opening + accrued - paid, 2)
        rows.append((f"{n:04d}", n, "", opening, accrued, paid, closing, months))
    return rows


def main() -> None:
    with offscreen_app(NOW) as (app, work):
        demo_base()
        from tsj_desk.services import debts, promises

        rows = october_rows()
        debts.import_balances(work / osv_file("ОСВ за октябрь 2026.xlsx", "за октябрь 2026 г.", rows),
                              today=TODAY, now=datetime(2026, 11, 5, 10, 0))
        top = debts.debtors(today=TODAY)
        promises.record_promise(top[1].premise_id, promised_date=date(2026, 11, 27),
                                amount=top[1].debt, now=datetime(2026, 11, 20, 15, 10), source="телефон")
        promises.record_promise(top[3].premise_id, promised_date=date(2026, 11, 16),
                                amount="10000", now=datetime(2026, 11, 9, 12, 0), source="лично",
                                note="после зарплаты")
        window = main_window(BASE, (1366, 768))
        page = window.show_page("debtors")
        wait_until(app, lambda: page.model.rowCount() > 0)
        page.table.selectRow(1)
        shot(window, DOCS / "debtors-page.png")
        import_preview(app, page, rows)
        window.show_page("summary")
        app.processEvents()
        shot(window, DOCS / "summary-promises.png")
        window.close()
        notice_page(work, [row.premise_id for row in top[:3]])


def import_preview(app, page, october: list[tuple]) -> None:
    """The import of the ОСВ of 23.11.2026 before loading: one account unknown to the base."""
    from pathlib import Path

    from ui.debtors.import_dialog import BalancesImportDialog

    november = []
    for account, number, payer, _opening, accrued, _paid, closing, months in october[:40]:
        paid = round(closing * 0.4, 2) if closing else accrued  # a debtor pays part, the others all
        november.append((account, number, payer, closing, accrued, paid, round(closing + accrued - paid, 2), months))
    november[6] = ("0999", 999, "Сидоров П. П.", 0, 3100.0, 0, 3100.0, 1)
    name = osv_file("Долги на 23.11.2026.xlsx", "по состоянию на 23.11.2026", november, folder=Path("."))
    dialog = BalancesImportDialog(page, path=received(name), balance_date=None)
    dialog.resize(1280, 800)
    dialog.show()
    wait_until(app, lambda: dialog.preview is not None)
    shot(dialog, DOCS / "debtors-import.png")
    dialog.reject()


def notice_page(work, premise_ids: list[int]) -> None:
    from tsj_desk.services import pdf
    from tsj_desk.services.debt_notices import debt_notices_file

    if pdf.find_libreoffice() is None or shutil.which("pdftoppm") is None:
        print("LibreOffice or pdftoppm not found: the notices are not rendered")
        return
    made = debt_notices_file(work / "Уведомления.docx", today=TODAY, now=NOW, premise_ids=premise_ids,
                             delivery="signature")
    [rendered] = pdf.to_pdf(made.files, work / "pdf")
    print(f"{made.files[0].name}: {made.count} notices, {pdf.pdf_page_count(rendered)} pages")
    subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(rendered),
                    str(DOCS / "debt-notice-docx")], check=True)


if __name__ == "__main__":
    main()
