"""Readings benchmark: 10,000 meters and a 100,000-row readings workbook.

Prints, in one run: the import time through the application (parse, every check,
one transaction; the safety backup made before an import is timed separately); the bare limit
(python-calamine parse + one ``executemany`` of the same rows into SQLite); their
ratio (target ≤ 2); and the time to find the last reading of each of 50,000 meters
over 1,000,000 readings (target ≤ 1 s). Run: ``uv run python benchmarks/readings.py``.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

METERS = 10_000
ROWS = 100_000
BIG_METERS = 50_000
BIG_READINGS = 1_000_000
TODAY = date(2026, 11, 24)


def periods(count: int, last: str = "2026-10") -> list[str]:
    from tsj_desk.domain.meters import previous_periods

    return list(reversed([last, *previous_periods(last, count - 1)]))


def setup_meters(db_path: Path, meters: int, history: list[str], rng: random.Random) -> list[float]:
    """Premises, meters and readings for ``history`` periods; returns each meter's last value."""
    from tsj_desk.domain.premises import premise_sort_text
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import database, open_database
    from tsj_desk.storage.models import Meter, Premise, Reading

    open_database(db_path)
    with database.atomic():
        house = ensure_house("Бенчмарк")
        premises = meters // 2
        insert_rows(Premise, ["house", "number", "sort_key", "kind", "account", "search_key"],
                    ((house, str(n), premise_sort_text(str(n)), "flat", f"{n:06d}", str(n))
                     for n in range(1, premises + 1)))
        insert_rows(Meter, ["premise", "resource", "tariffs", "serial", "digits"],
                    ((n // 2 + 1, "cold_water" if n % 2 else "hot_water", 1, f"M{n:06d}", 6)
                     for n in range(meters)))
        last = [rng.uniform(10, 500) for _ in range(meters)]
        rows = []
        for period in history:
            day = date(int(period[:4]), int(period[5:]), 20)
            for m in range(meters):
                last[m] += rng.uniform(2, 6)
                rows.append((m + 1, period, day, f"{last[m]:.3f}"))
        insert_rows(Reading, ["meter", "period", "taken_on", "t1"], rows)
    return last


def make_workbook(path: Path, last: list[float], file_periods: list[str], rng: random.Random) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Показания")
    sheet.append(["Лицевой счёт", "Кв.", "Номер счётчика", "Период", "Дата снятия", "Показание"])
    count = 0
    for period in file_periods:
        for m in range(len(last)):
            last[m] += rng.uniform(2, 6)
            sheet.append([f"{m // 2 + 1:06d}", str(m // 2 + 1), f"M{m:06d}",
                          f"{period[5:]}.{period[:4]}", f"21.{period[5:]}.{period[:4]}",
                          round(last[m], 3)])
            count += 1
    workbook.save(path)
    return count


def bare_limit(workbook: Path, db_path: Path) -> float:
    """calamine parse + one executemany of the same rows: the floor of any import."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("PRAGMA synchronous=full")
    connection.execute("CREATE TABLE r (meter TEXT, period TEXT, taken TEXT, t1 REAL)")
    with connection:
        connection.executemany("INSERT INTO r VALUES (?, ?, ?, ?)",
                               ((row[2], row[3], row[4], row[5]) for row in rows[1:]))
    connection.close()
    return time.perf_counter() - started


def phases(workbook: Path, base: Path, rows: int) -> dict[str, float]:
    """Times of the parts no import can do without, each alone: the hostile-file
    guards (issue 6), calamine's parse, and writing the rows into the readings table
    of a copy of the base as the import writes them (one ``executemany`` in one
    transaction: its unique index, foreign key and change counter)."""
    from python_calamine import CalamineWorkbook

    from tsj_desk.importers.guards import check_spreadsheet
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import close_database, database, open_database
    from tsj_desk.storage.models import Reading

    started = time.perf_counter()
    check_spreadsheet(workbook)
    guards = time.perf_counter() - started
    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_index(0).to_python()
    calamine = time.perf_counter() - started
    values = [(1 + n % METERS, f"2030-{1 + n // METERS:02d}", "2030-01-21", float(row[5]), None, None,
               "excel", None, "") for n, row in enumerate(sheet[1:rows + 1])]
    open_database(base)
    started = time.perf_counter()
    with database.atomic():
        insert_rows(Reading, ["meter", "period", "taken_on", "t1", "t2", "t3", "source", "batch", "flagged"],
                    values, stored_form=True)
    write = time.perf_counter() - started
    close_database()
    return {"guards": guards, "calamine": calamine, "write": write}


def main() -> None:
    from tsj_desk.services.readings import import_readings, last_readings
    from tsj_desk.storage.database import close_database

    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        history = periods(16)
        last = setup_meters(folder / "app.sqlite3", METERS, history[:6], rng)
        file_periods = history[6:6 + ROWS // METERS]
        workbook = folder / "readings.xlsx"
        rows = make_workbook(workbook, last, file_periods, rng)

        from tsj_desk.services.backups import backup_before_import
        from tsj_desk.storage.database import close_database as close_base
        from tsj_desk.storage.database import open_database

        close_base()
        shutil.copy(folder / "app.sqlite3", folder / "floor.sqlite3")
        open_database(folder / "app.sqlite3")

        started = time.perf_counter()
        backup_before_import(datetime(2026, 11, 24, 11, 59))
        backup_time = time.perf_counter() - started
        started = time.perf_counter()
        report = import_readings(workbook, today=TODAY, now=datetime(2026, 11, 24, 12, 0), backup=False)
        app_time = time.perf_counter() - started
        assert report.imported == rows, (report.imported, report.errors[:3])
        close_database()
        bare = bare_limit(workbook, folder / "bare.sqlite3")
        parts = phases(workbook, folder / "floor.sqlite3", rows)

        big = folder / "big.sqlite3"
        setup_meters(big, BIG_METERS, periods(BIG_READINGS // BIG_METERS), rng)
        started = time.perf_counter()
        found = last_readings()
        last_time = time.perf_counter() - started
        assert len(found) == BIG_METERS
        close_database()

    print(f"readings import: {rows} rows, {METERS} meters")
    print(f"import through the application: {app_time:6.2f} s")
    print(f"bare limit (calamine + executemany): {bare:6.2f} s")
    print(f"ratio: {app_time / bare:4.2f} (target ≤ 2)")
    floor = sum(parts.values())
    print(f"  of which no import can skip: hostile-file guards {parts['guards']:.2f} s, calamine "
          f"{parts['calamine']:.2f} s, the write into the readings table {parts['write']:.2f} s; "
          f"together {floor:.2f} s = {floor / bare:.2f}× the bare limit, before any parsing or check")
    print(f"the safety backup the application makes before it (60,000 readings in the base): "
          f"{backup_time:5.2f} s")
    print(f"last reading of {BIG_METERS} meters over {BIG_READINGS} readings: {last_time:6.3f} s (target ≤ 1 s)")


if __name__ == "__main__":
    main()
