"""Scale benchmark: a 5,000-premise УО with ten years of data, every figure of issue 16.

Builds the base once through the program's own services and bulk paths — 25 houses ×
200 premises (the owner register imported house by house by ``import_registry``),
about 8,200 owners, 15,050 meters, ten years of monthly readings (≈ 1.8 million,
written by ``storage.bulk`` in one transaction), 100,000 requests (the journal
benchmark's generator) and 2,000 acts — and keeps it in the user's cache folder
(``platformdirs``), keyed by ``BASE_VERSION``: change the constant when the base must be
built anew. The build time is printed.

Then prints one table: every action of the issue, its time (the median of 3 runs) and
its target, plus a bare PySide6 window and the bare import limit measured in the same
run. The window figures are taken offscreen in child processes (each a fresh copy of
the base): process start → main window shown and its first page's data loaded; each
page's first paint (the page shown and its data loaded: a page that fills itself off
the GUI thread says so by ``is_loading()``, and the benchmark waits until it is False);
closing the window (its exit backup) until the process has ended.

Run: ``uv run python benchmarks/scale.py [--quick] [--json] [--rebuild]``; ``--quick``
builds and measures a base of 2 houses (about a minute).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BASE_VERSION = 2  # bump when the base below changes: the cached one is then built anew
HOUSES, PREMISES_PER_HOUSE, QUICK_HOUSES = 25, 200, 2
OWNERS_PER_HOUSE = 329  # 8,225 owners in 25 houses: 129 premises of each house have two
REQUESTS, ACTS, YEARS = 100_000, 2_000, 10
COMMON_METERS_PER_HOUSE = 2  # ОДПУ: 25 × 200 × 3 + 25 × 2 = 15,050 meters
RESOURCES = ("cold_water", "hot_water", "electricity")
TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0)
LAST_PERIOD, NEW_PERIOD = "2026-10", "2026-11"
RUNS = 3
MARK = "@@ "  # a child's measured line

TARGETS = {  # seconds (issue 16)
    "process start → window usable": 1.0,
    "closing the window: until it is gone": 1.0,
    "closing the window: until the process ended (exit copy written)": 1.0,
    "Показания page, first paint": 0.1,
    "Показания page, change of period": 0.1,
    "Акты page, first paint": 0.1,
    "Реестр page, first paint": 0.1,
    "Журнал изменений page, first paint": 0.1,
    "Сводка page, first paint": 0.1,
    "Обращения page, first paint": 0.1,
    "Обращения: filter per keystroke": 0.1,
    "open the registration form": 0.1,
    "save a readings grid of 300 readings": 0.3,
    "readings register for billing": 1.0,
    "safety backup before an import": None,  # ≤ the import's own time
    "monthly readings file": None,  # ≤ 2.5 × the bare limit
}
PAGES = (("readings", "Показания"), ("acts", "Акты"), ("register", "Реестр"),
         ("audit", "Журнал изменений"), ("summary", "Сводка"), ("journal", "Обращения"))


def cached_base(quick: bool) -> Path:
    from platformdirs import user_cache_dir

    size = "quick" if quick else "full"
    return Path(user_cache_dir("tsj-desk")) / f"scale-v{BASE_VERSION}-{size}" / "scale.sqlite3"


# ---------------------------------------------------------------- the base


def register_workbook(path: Path, house: int, rng: random.Random) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Реестр")
    sheet.append(["№ кв.", "Вид помещения", "Площадь, кв. м", "ФИО собственника", "Доля",
                  "Номер регистрации права", "Дата регистрации права", "Лицевой счёт"])
    shared = OWNERS_PER_HOUSE - PREMISES_PER_HOUSE
    rows = 0
    for n in range(1, PREMISES_PER_HOUSE + 1):
        area = f"{rng.randint(250, 1200) / 10:.1f}".replace(".", ",")
        owners = 2 if n <= shared else 1
        for k in range(owners):
            sheet.append([n, "квартира", area, f"Собственников{house}х{n} Имя{k} Отчество",
                          "1/2" if owners == 2 else "1", f"50:21:{house:03d}{n:04d}:{k}-50/021/2018-{k + 1}",
                          f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1995, 2025)}",
                          f"{house:02d}{n:04d}"])
            rows += 1
    workbook.save(path)
    return rows


def history_periods() -> list[str]:
    from tsj_desk.domain.meters import previous_periods

    return list(reversed([LAST_PERIOD, *previous_periods(LAST_PERIOD, YEARS * 12 - 1)]))


def build_base(path: Path, houses: int, requests: int, acts: int) -> dict[str, int]:
    """The base at ``path`` (made anew); returns its counts."""
    import journal as journal_benchmark

    from tsj_desk.documents.acts import ACT_KINDS
    from tsj_desk.services.registry import import_registry
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import database
    from tsj_desk.storage.models import (Act, ActSequence, AuditEntry, House, Meter, Organization,
                                         Premise, Reading, Request)

    rng = random.Random(16)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_session(path, now=NOW)
    try:
        with database.atomic():
            org = Organization.create(name="УК «Масштаб»", kind="УО", inn="5000000016", city="Подольск")
            for h in range(1, houses + 1):
                House.create(organization=org, address=f"г. Подольск, ул. Проектная, д. {h}")
        with tempfile.TemporaryDirectory() as folder:
            for house in House.select().order_by(House.id):
                workbook = Path(folder) / f"house-{house.id}.xlsx"
                register_workbook(workbook, house.id, rng)
                import_registry(workbook, now=NOW, house_id=house.id, backup=False)
        premises = list(Premise.select(Premise.id, Premise.house).order_by(Premise.id).tuples())
        meters = []  # (premise, house, resource, serial)
        for pid, hid in premises:
            meters += [(pid, None, r, f"S{pid:05d}{k}") for k, r in enumerate(RESOURCES)]
        for hid in range(1, houses + 1):
            meters += [(None, hid, r, f"ODPU{hid:02d}{k}") for k, r in enumerate(RESOURCES[:COMMON_METERS_PER_HOUSE])]
        periods = history_periods()
        with database.atomic():
            insert_rows(Meter, ["premise", "house", "resource", "tariffs", "serial", "digits",
                                "installed_on", "verified_on", "interval_years", "next_verification"],
                        ((p, h, r, 1, s, 6, date(2016, 10, 1), date(2024, 10, 1), 6, date(2030, 10, 1))
                         for p, h, r, s in meters))
            ids = [row[0] for row in Meter.select(Meter.id).order_by(Meter.id).tuples()]
            value = [rng.uniform(10, 500) for _ in ids]
            for period in periods:  # month by month, as the imports wrote them
                day = f"{period}-20"
                rows = []
                for n, mid in enumerate(ids):
                    value[n] += rng.uniform(2, 6)
                    rows.append((mid, period, day, round(value[n], 3), "excel"))
                insert_rows(Reading, ["meter", "period", "taken_on", "t1", "source"], rows, stored_form=True)
        journal_benchmark.generate(requests)
        request_ids = [r[0] for r in Request.select(Request.id).order_by(Request.id.desc()).limit(acts).tuples()]
        kinds = list(ACT_KINDS)
        numbers: dict[tuple[str, int], int] = {}
        rows = []
        for n in range(acts):
            kind = kinds[n % len(kinds)]
            made = NOW - timedelta(hours=7 * (acts - n))
            numbers[(kind, made.year)] = numbers.get((kind, made.year), 0) + 1
            premise = premises[rng.randrange(len(premises))][0]
            rows.append((kind, f"{made.year}-{numbers[(kind, made.year)]:03d}", made, request_ids[n % len(request_ids)],
                         premise, json.dumps({"premise_no": str(premise)}, ensure_ascii=False), "", made))
        with database.atomic():
            insert_rows(Act, ["kind", "number", "made_at", "request", "premise", "fields", "file_name",
                              "updated_at"], rows)
            insert_rows(ActSequence, ["kind", "year", "last"], [(k, y, v) for (k, y), v in numbers.items()])
            insert_rows(AuditEntry, ["at", "user", "action", "entity", "entity_id", "details"],
                        change_log(periods, rows))
        database.execute_sql("ANALYZE")
        return {"houses": houses, "premises": len(premises), "meters": len(ids),
                "readings": Reading.select().count(), "requests": Request.select().count(),
                "acts": Act.select().count(), "change log": AuditEntry.select().count()}
    finally:
        close_session()


def change_log(periods: list[str], acts: list[tuple]) -> list[tuple]:
    """The change log the services would have written for what the bulk paths wrote: a
    registration of every request, an answer of each answered one, an import of each
    month's readings, the creation of every act — in the order of their moments."""
    from tsj_desk.storage.models import Request

    entries = []
    for rid, reg_no, received, answered in Request.select(
            Request.id, Request.reg_no, Request.received_at, Request.answered_on).tuples():
        received = received if isinstance(received, datetime) else datetime.fromisoformat(str(received))
        entries.append((received, "бенчмарк", "register", "request", rid, json.dumps({"reg_no": reg_no})))
        if answered:
            day = answered if isinstance(answered, date) else date.fromisoformat(str(answered))
            entries.append((datetime.combine(day, datetime.min.time()).replace(hour=17), "бенчмарк", "answer",
                            "request", rid, json.dumps({"on": str(day)})))
    for period in periods:
        moment = datetime(int(period[:4]), int(period[5:]), 25, 10, 0)
        entries.append((moment, "бенчмарк", "import", "readings", None, json.dumps({"period": period})))
    for n, (kind, number, made, *_rest) in enumerate(acts, start=1):
        entries.append((made, "бенчмарк", "create", "act", n, json.dumps({"kind": kind, "number": number},
                                                                        ensure_ascii=False)))
    entries.sort(key=lambda entry: entry[0])
    return entries


def ensure_base(quick: bool, rebuild: bool, say) -> Path:
    path = cached_base(quick)
    done = path.with_name("built.json")
    if done.exists() and path.exists() and not rebuild:
        upgrade_schema(path, say)
        return path
    done.unlink(missing_ok=True)
    houses = QUICK_HOUSES if quick else HOUSES
    started = time.perf_counter()
    counts = build_base(path, houses, REQUESTS // 10 if quick else REQUESTS, ACTS // 10 if quick else ACTS)
    seconds = time.perf_counter() - started
    counts["build_seconds"] = round(seconds, 1)
    done.write_text(json.dumps(counts), encoding="utf-8")
    say(f"base built in {seconds:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    return path


def upgrade_schema(path: Path, say) -> None:
    """Bring a base built by an older tree to today's schema, once: otherwise every
    timed start would migrate its copy (and back it up first), which a user's start
    does once after an update, not each time."""
    from tsj_desk.storage.database import close_database, open_database
    from tsj_desk.storage.migrations import LATEST_VERSION, schema_version

    db = open_database(path, migrate=False)
    try:
        behind = schema_version(db) < LATEST_VERSION
    finally:
        close_database()
    if behind:
        started = time.perf_counter()
        open_database(path)
        close_database()
        say(f"base brought to schema {LATEST_VERSION} in {time.perf_counter() - started:.1f} s")


def fresh_copy(base: Path, folder: Path, name: str) -> Path:
    target = folder / name / "base.sqlite3"
    if target.parent.exists():
        shutil.rmtree(target.parent)
    target.parent.mkdir(parents=True)
    shutil.copy(base, target)
    return target


# ---------------------------------------------------------------- the window, in child processes


def compile_sources() -> None:
    """The program's bytecode written before anything is timed, as the installer ships it:
    where ``PYTHONDONTWRITEBYTECODE`` is set, every child would compile each module it
    imports again (about 0.1 s of a start here)."""
    import compileall

    for package in ("tsj_desk", "ui"):
        compileall.compile_dir(ROOT / package, quiet=1)


def child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(folder / "config"),
               XDG_DATA_HOME=str(folder / "data"), XDG_CACHE_HOME=str(folder / "cache"))
    return env


def run_child(args: list[str], folder: Path) -> tuple[float, dict[str, float], float]:
    """Start ``args``; returns its start moment, its marked lines, its end moment."""
    started = time.time()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=child_env(folder),
                          cwd=ROOT, timeout=1800)
    ended = time.time()
    marks = {}
    for line in done.stdout.splitlines():
        if line.startswith(MARK):
            key, _, value = line[len(MARK):].rpartition(" ")
            marks[key] = float(value)
    if done.returncode != 0 or "failed" in marks:
        raise SystemExit(f"child {args} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return started, marks, ended


BARE_WINDOW = ("import time; from PySide6.QtWidgets import QApplication, QMainWindow; "
               "app = QApplication([]); w = QMainWindow(); w.resize(1280, 800); w.show(); "
               "app.processEvents(); w.grab(); print('" + MARK + "usable', time.time())")


def bare_window(folder: Path) -> float:
    started, marks, _ = run_child(["-c", BARE_WINDOW], folder)
    return marks["usable"] - started


def window_run(base: Path, folder: Path) -> dict[str, float]:
    copy = fresh_copy(base, folder, "window")
    started, marks, ended = run_child([str(Path(__file__).resolve()), "--window-child", str(copy)], folder)
    stamps = ("usable", "closing", "hidden", "closed")
    result = {name: seconds for name, seconds in marks.items() if name not in stamps}
    result["process start → window usable"] = marks["usable"] - started
    result["closing the window: until it is gone"] = marks["hidden"] - marks["closing"]
    result["closing the window: until the process ended (exit copy written)"] = ended - marks["closing"]
    return result


def window_child(database: str) -> None:
    """In a child process: the window as ``ui.app.run`` opens it, then each page."""
    from PySide6.QtCore import QEventLoop

    from tsj_desk import clock
    from ui import app as ui_app

    clock.use(clock.FixedClock(NOW))
    app = ui_app.make_application([])
    opened = ui_app.open_with_questions(database)
    from ui.users.who_dialog import choose_at_start

    choose_at_start()
    if hasattr(ui_app, "show_window"):
        window = ui_app.show_window(opened)  # as ui.app.run shows it
    else:  # a release before it (the figures before issue 16)
        from ui.main_window import MainWindow

        window = MainWindow(opened)
        window.show()

    def settle(page) -> None:
        """Until the page's data is on screen: ``is_loading()`` False, then a full paint."""
        is_loading = getattr(page, "is_loading", None)
        deadline = time.monotonic() + 600
        flags = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        while is_loading is not None and is_loading() and time.monotonic() < deadline:
            app.processEvents(flags, 50)
        app.processEvents()
        page.grab()

    settle(window.page(window.current_key()))
    print(MARK + "usable", time.time(), flush=True)

    def mark(name: str, seconds: float) -> None:
        print(f"{MARK}{name} {seconds}", flush=True)

    for key, title in PAGES:
        started = time.perf_counter()
        page = window.page(key)
        window.show_page(key)
        settle(page)
        mark(f"{title} page, first paint", time.perf_counter() - started)
        if key == "readings":
            started = time.perf_counter()
            page.set_period("2026-09")
            settle(page)
            mark("Показания page, change of period", time.perf_counter() - started)
        if key == "journal":
            runs = []
            for text in ("и", "ив", "ива", "иван"):
                started = time.perf_counter()
                page.filter.setText(text)
                page.reload()
                page.table.viewport().grab()
                runs.append(time.perf_counter() - started)
            mark("Обращения: filter per keystroke", statistics.median(runs))
    from ui.journal.request_dialog import RequestDialog

    started = time.perf_counter()
    dialog = RequestDialog(window)
    dialog.show()
    app.processEvents()
    dialog.grab()
    mark("open the registration form", time.perf_counter() - started)
    dialog.reject()

    from tsj_desk.services import audit
    from tsj_desk.storage.database import database as db

    with db.atomic():  # a change: the exit backup is due
        audit.record("benchmark", "setting", None, now=NOW)
    from PySide6.QtCore import QEvent, QObject

    class HideWatch(QObject):
        def eventFilter(self, watched, event) -> bool:  # the moment the window is gone
            if event.type() == QEvent.Type.Hide and watched is window:
                print(MARK + "hidden", time.time(), flush=True)
            return False

    watch = HideWatch()
    window.installEventFilter(watch)
    print(MARK + "closing", time.time(), flush=True)
    window.close()
    print(MARK + "closed", time.time(), flush=True)
    app.processEvents()
    from tsj_desk.services.session import close_session

    close_session()


# ---------------------------------------------------------------- services, in this process


def median_of(work, prepare=None, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def readings_workbook(path: Path) -> int:
    """The monthly readings file of every flat meter (15,000 rows for the full base)."""
    from openpyxl import Workbook

    from tsj_desk.storage.models import Meter, Premise, Reading

    last = dict(Reading.select(Reading.meter, Reading.t1).where(Reading.period == LAST_PERIOD).tuples())
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Показания")
    sheet.append(["Лицевой счёт", "Кв.", "Номер счётчика", "Период", "Дата снятия", "Показание"])
    count = 0
    query = (Meter.select(Meter.id, Meter.serial, Premise.number, Premise.account).join(Premise)
             .order_by(Meter.id).tuples())
    for mid, serial, number, account in query:
        sheet.append([account, number, serial, "11.2026", "21.11.2026", round(float(last[mid]) + 4.5, 3)])
        count += 1
    workbook.save(path)
    return count


def service_rows(base: Path, folder: Path, say) -> tuple[dict[str, float], dict[str, float]]:
    from readings import bare_limit

    from tsj_desk.services import backups, readings
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.models import Meter, Reading

    rows: dict[str, float] = {}
    extra: dict[str, float] = {}
    work = fresh_copy(base, folder, "services")
    open_session(work, now=NOW)
    try:
        rows["readings register for billing"] = median_of(lambda: readings.readings_register(LAST_PERIOD))
        grid = list(Meter.select(Meter.id).where(Meter.premise.is_null(False)).order_by(Meter.id).limit(300).tuples())
        last = dict(Reading.select(Reading.meter, Reading.t1)
                    .where((Reading.period == LAST_PERIOD) & Reading.meter.in_([g[0] for g in grid])).tuples())
        entries = [(mid, (float(last[mid]) + 3.0, None, None), date(2026, 11, 20)) for (mid,) in grid]
        rows["save a readings grid of 300 readings"] = median_of(
            lambda: readings.save_entries(NEW_PERIOD, entries, today=TODAY, now=NOW))
        made = []
        rows["safety backup before an import"] = median_of(
            lambda: made.append(backups.backup_before_import(NOW + timedelta(seconds=len(made)))))
        for info in made:
            if info is not None:
                info.path.unlink(missing_ok=True)
        workbook = folder / "monthly.xlsx"
        extra["monthly rows"] = readings_workbook(workbook)
    finally:
        close_session()

    imported = []

    def prepare() -> None:
        close_session()
        open_session(fresh_copy(base, folder, "import"), now=NOW)

    try:
        rows["monthly readings file"] = median_of(
            lambda: imported.append(readings.import_readings(workbook, today=TODAY, now=NOW, backup=False)),
            prepare)
    finally:
        close_session()
    report = imported[-1]
    if report.imported != extra["monthly rows"]:
        say(f"warning: the monthly file imported {report.imported} of {extra['monthly rows']:.0f} rows")
    bare = []
    for n in range(RUNS):
        target = folder / f"bare-{n}.sqlite3"
        bare.append(bare_limit(workbook, target))
    extra["bare import limit"] = statistics.median(bare)
    return rows, extra


def readings_benchmark_ratio(folder: Path) -> float:
    """``benchmarks/readings.py`` run as it is: its ratio to the bare limit."""
    ratios = []
    for _ in range(RUNS):
        done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "readings.py")], capture_output=True,
                              text=True, cwd=ROOT, timeout=1800, env=child_env(folder))
        line = next((line for line in done.stdout.splitlines() if line.startswith("ratio:")), None)
        if line is None:
            raise SystemExit("benchmarks/readings.py failed:\n" + done.stdout[-2000:] + done.stderr[-2000:])
        ratios.append(float(line.split()[1]))
    return statistics.median(ratios)


# ---------------------------------------------------------------- the table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a base of 2 houses (about a minute)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--rebuild", action="store_true", help="build the cached base anew")
    parser.add_argument("--window-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.window_child:
        window_child(args.window_child)
        return
    from tsj_desk import clock

    clock.use(clock.FixedClock(NOW))

    def say(text: str) -> None:
        print(text, file=sys.stderr if args.json else sys.stdout, flush=True)

    base = ensure_base(args.quick, args.rebuild, say)
    say(f"base: {base} ({base.stat().st_size / 1e6:.0f} MB)")
    compile_sources()
    with tempfile.TemporaryDirectory(prefix="tsj-scale-") as tmp:
        folder = Path(tmp)
        bare = statistics.median(bare_window(folder) for _ in range(RUNS))
        runs = [window_run(base, folder) for _ in range(RUNS)]
        measured = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
        services, extra = service_rows(base, folder, say)
        measured.update(services)
        ratio_100k = None if args.quick else readings_benchmark_ratio(folder)
    ratio_monthly = measured["monthly readings file"] / extra["bare import limit"]
    targets = dict(TARGETS)
    targets["safety backup before an import"] = measured["monthly readings file"]
    targets["monthly readings file"] = 2.5 * extra["bare import limit"]
    result = {
        "rows": [{"name": name, "seconds": round(measured[name], 4), "target_seconds": round(targets[name], 4)}
                 for name in TARGETS if name in measured],
        "bare_window_seconds": round(bare, 4),
        "window_usable_seconds": round(measured["process start → window usable"], 4),
        "import_ratio_monthly": round(ratio_monthly, 2),
        "import_ratio_100k": None if ratio_100k is None else round(ratio_100k, 2),
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"\nmedians of {RUNS} runs, {datetime.now():%d.%m.%Y %H:%M}; {extra['monthly rows']:.0f} rows "
          "in the monthly file")
    print(f"{'action':<62} {'now':>9} {'target':>9}")
    for row in result["rows"]:
        verdict = "" if row["seconds"] <= row["target_seconds"] else "  OVER"
        print(f"{row['name']:<62} {row['seconds']:>8.3f}s {row['target_seconds']:>8.3f}s{verdict}")
    print(f"{'bare PySide6 window (start → shown)':<62} {bare:>8.3f}s")
    print(f"{'window usable / bare window':<62} {result['window_usable_seconds'] / bare:>8.2f}× {1.5:>8.2f}×")
    print(f"{'bare import limit (calamine + executemany), monthly file':<62} {extra['bare import limit']:>8.3f}s")
    print(f"{'monthly readings file / bare limit':<62} {ratio_monthly:>8.2f}× {2.5:>8.2f}×")
    if ratio_100k is not None:
        print(f"{'benchmarks/readings.py (100,000 rows) / bare limit':<62} {ratio_100k:>8.2f}× {2.0:>8.2f}×")


if __name__ == "__main__":
    main()
