"""Pages benchmark: the register, acts, audit and summary pages and the registration form
on the scale base of issue 16 (25 houses × 200 premises, 100,000 requests, 2,000 acts).

Takes the base ``benchmarks/scale.py`` builds and caches (``--quick``: its 2-house base),
works on a fresh copy, and prints for each page the time from building it to its rows
painted (a page that loads off the GUI thread is waited for), a filter keystroke on the
register and the journal of changes, a sort by a column, and the services behind them.
Each figure is the median of 3 runs. Run: ``uv run python benchmarks/pages.py [--quick]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

NOW = datetime(2026, 11, 24, 12, 0)
RUNS = 3


def median(work, runs: int = RUNS, after=None) -> float:
    """The median time of ``work``; ``after`` (untimed) puts things back between runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
        if after is not None:
            after()
    return statistics.median(times)


def settle(app, page) -> None:
    """Until the page's data is in (``is_loading()`` False), then a full paint."""
    from PySide6.QtCore import QEventLoop

    is_loading = getattr(page, "is_loading", None)
    flags = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    deadline = time.monotonic() + 600
    while is_loading is not None and is_loading() and time.monotonic() < deadline:
        app.processEvents(flags, 20)
    app.processEvents()
    page.grab()


def add_audit_entries(path: Path, count: int) -> None:
    """``count`` entries «регистрация обращения», one per request, at its moment of receipt."""
    import json
    import sqlite3

    with sqlite3.connect(path) as connection:
        requests = connection.execute(
            'SELECT r."id", r."reg_no", r."received_at", c."code" FROM "request" AS r '
            'JOIN "request_category" AS c ON c."id" = r."category_id" ORDER BY r."id" LIMIT ?',
            (count,)).fetchall()
        connection.executemany(
            'INSERT INTO "audit_entry" ("at", "user", "action", "entity", "entity_id", "details") '
            "VALUES (?, 'диспетчер', 'register', 'request', ?, ?)",
            [(received, rid, json.dumps({"reg_no": reg_no, "category": code}, ensure_ascii=False))
             for rid, reg_no, received, code in requests])
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 2-house base of scale.py")
    parser.add_argument("--audit", type=int, default=0, metavar="N",
                        help="entries added to the journal of changes of the copy, one per request "
                             "registered (the scale base carries its change log since its version 2)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import scale

    base = scale.ensure_base(args.quick, False, print)  # the cached base (built the first time)
    work = Path(tempfile.mkdtemp(prefix="tsj-pages-"))
    for name in ("config", "data", "cache"):  # the settings of this run only
        os.environ[f"XDG_{name.upper()}_HOME"] = str(work / name)
    copy = work / "base.sqlite3"
    shutil.copy(base, copy)
    add_audit_entries(copy, args.audit)

    from tsj_desk import clock
    from tsj_desk.services.session import open_session

    clock.use(clock.FixedClock(NOW))
    open_session(copy, now=NOW)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    rows: list[tuple[str, float]] = []

    def page_time(name: str, make) -> None:
        pages = []

        def build() -> None:
            page = make()
            page.resize(1280, 800)
            page.show()
            settle(app, page)
            pages.append(page)

        rows.append((name, median(build)))
        for page in pages:
            page.close()
            page.deleteLater()
        app.processEvents()

    from ui.register.page import RegisterPage

    page_time("Реестр page, first paint", lambda: RegisterPage(today=NOW.date()))
    register = RegisterPage(today=NOW.date())
    register.resize(1280, 800)
    register.show()
    settle(app, register)

    def keystroke(page, text: str) -> None:
        page.filter.setText(text)
        page.reload()
        settle(app, page)

    for text in ("и", "ив", "иванов"):
        rows.append((f"Реестр, filter «{text}»", median(lambda t=text: keystroke(register, t))))
    rows.append(("Реестр, «только с нераспределёнными долями»",
                 median(lambda: (register.incomplete_only.setChecked(True), settle(app, register),
                                 register.incomplete_only.setChecked(False), settle(app, register)))))
    register.filter.setText("")
    register.reload()
    settle(app, register)

    def sort_by(page, column: int) -> None:
        page.table.sortByColumn(column, page.table.horizontalHeader().sortIndicatorOrder())
        settle(app, page)

    from ui.register.model import PremisesModel

    for column, title in ((PremisesModel.OWNERS, "Собственники"), (PremisesModel.AREA, "Площадь")):
        rows.append((f"Реестр, sort by «{title}»",
                     median(lambda c=column: sort_by(register, c),
                            after=lambda: sort_by(register, PremisesModel.NUMBER))))
    register.close()

    from ui.acts.page import ActsPage

    page_time("Акты page, first paint", lambda: ActsPage())
    acts_page = ActsPage()
    acts_page.resize(1280, 800)
    acts_page.show()
    settle(app, acts_page)

    def acts_keystroke(text: str) -> None:
        acts_page.filter.setText(text)
        acts_page.apply_filter()
        settle(app, acts_page)

    for text in ("у", "ущерб"):
        rows.append((f"Акты, filter «{text}»", median(lambda t=text: acts_keystroke(t))))
    acts_page.close()

    from ui.audit.page import AuditPage

    def audit_page() -> AuditPage:
        page = AuditPage()
        page.page_shown()  # the page reads its entries when it comes to the front
        return page

    page_time("Журнал изменений, first paint", audit_page)
    audit = audit_page()
    audit.resize(1280, 800)
    audit.show()
    settle(app, audit)

    def audit_search(text: str) -> None:
        audit.filter.setText(text)  # searched as typed
        settle(app, audit)

    started = time.perf_counter()
    audit_search("2026")
    rows.append(("Журнал изменений, first search (5,000 entries described, in the background)",
                 time.perf_counter() - started))
    for text in ("2026-0", "2026-01"):
        rows.append((f"Журнал изменений, search «{text}»", median(lambda t=text: audit_search(t),
                                                                  after=lambda: audit_search("2026"))))
    audit.close()

    from ui.summary.page import SummaryPage

    def summary() -> SummaryPage:
        page = SummaryPage()
        page.page_shown()
        return page

    page_time("Сводка, first paint", summary)

    from ui.journal.request_dialog import RequestDialog

    def form() -> None:
        dialog = RequestDialog(None)
        dialog.show()
        app.processEvents()
        dialog.close()
        dialog.deleteLater()

    rows.append(("registration form, open", median(form)))

    from tsj_desk.services.acts import list_acts

    rows.append(("list_acts (all acts)", median(list_acts)))
    try:
        from tsj_desk.services.premise_pages import PremiseFilter, count_premise_rows, list_premise_rows
    except ImportError:  # a version before the register was paged
        pass
    else:
        rows.append(("count_premise_rows + first page of 200",
                     median(lambda: (count_premise_rows(PremiseFilter()),
                                     list_premise_rows(PremiseFilter(), limit=200)))))

    width = max(len(name) for name, _ in rows)
    print(f"{'action'.ljust(width)}  seconds (median of {RUNS})")
    for name, seconds in rows:
        print(f"{name.ljust(width)}  {seconds:8.3f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
