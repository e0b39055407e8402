"""Backup benchmark: a database of 1,000,000 readings backed up and checked.

Prints the database size; the time of ``make_backup`` (SQLite's backup API, then the
copy's ``integrity_check`` and ``foreign_key_check``, as every backup is verified);
the time of ``check_file`` on the live database, full (``integrity_check``) and quick
(``quick_check``, what the window runs at start); and, for scale, the bare copy
through the backup API alone. Run: ``uv run python benchmarks/backup.py``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

METERS = 50_000
PERIODS = 20  # 50,000 meters × 20 months = 1,000,000 readings
NOW = datetime(2026, 11, 24, 18, 0)


def months(count: int, last: str = "2026-10") -> list[str]:
    from tsj_desk.domain.meters import previous_periods

    return list(reversed([last, *previous_periods(last, count - 1)]))


def build(db_path: Path, rng: random.Random) -> int:
    """Premises, meters and their monthly readings, written period by period in one
    transaction (one ``executemany`` a period keeps the memory small)."""
    from tsj_desk.domain.premises import premise_sort_text
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.database import database, open_database
    from tsj_desk.storage.models import Meter, Premise, Reading

    open_database(db_path)
    written = 0
    with database.atomic():
        house = ensure_house("Бенчмарк резервных копий")
        premises = METERS // 2
        insert_rows(Premise, ["house", "number", "sort_key", "kind", "account", "search_key"],
                    ((house, str(n), premise_sort_text(str(n)), "flat", f"{n:06d}", str(n))
                     for n in range(1, premises + 1)))
        insert_rows(Meter, ["premise", "resource", "tariffs", "serial", "digits"],
                    ((n // 2 + 1, "cold_water" if n % 2 else "hot_water", 1, f"M{n:06d}", 6)
                     for n in range(METERS)))
        value = [rng.uniform(10, 500) for _ in range(METERS)]
        for period in months(PERIODS):
            day = date(int(period[:4]), int(period[5:]), 20)
            rows = []
            for m in range(METERS):
                value[m] += rng.uniform(2, 6)
                rows.append((m + 1, period, day, f"{value[m]:.3f}", "excel"))
            insert_rows(Reading, ["meter", "period", "taken_on", "t1", "source"], rows)
            written += len(rows)
    return written


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def main() -> None:
    from tsj_desk.services import backups
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.backup import backup_database, check_file
    from tsj_desk.storage.database import close_database

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = folder / "tsj-desk.sqlite3"
        readings, build_time = timed(lambda: build(db, random.Random(7)))
        close_database()  # the last connection closed: the WAL is folded into the file
        size = db.stat().st_size

        open_session(db, now=NOW)
        made, backup_time = timed(lambda: backups.make_backup("manual", now=NOW, folder=folder / "backups"))
        _, copy_time = timed(lambda: backup_database(db, folder / "bare-copy.sqlite3"))
        full, full_time = timed(lambda: check_file(db))
        quick, quick_time = timed(lambda: check_file(db, quick=True))
        close_session()
        assert full.ok and quick.ok, (full.describe(), quick.describe())

    print(f"backup benchmark: {readings:,} readings, {METERS:,} meters (built in {build_time:.1f} s)")
    print(f"database size:                         {mb(size)}")
    print(f"backup copy size:                      {mb(made.size)}")
    print(f"make_backup (copy + integrity check):  {backup_time:6.2f} s")
    print(f"  of which the bare backup-API copy:   {copy_time:6.2f} s")
    print(f"check_file, full (integrity_check):    {full_time:6.2f} s")
    print(f"check_file, quick (quick_check):       {quick_time:6.2f} s")


if __name__ == "__main__":
    main()
