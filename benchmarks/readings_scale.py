"""The readings steps of issue 16, one by one, on the scale base of ``benchmarks/scale.py``.

Each line is the median of 3 runs on a fresh copy of the cached base (built by
``scale.py`` when missing): the history reads the page, the grid, the register and the
imports share, the page's data for all houses and for one house, saving a grid of
300 readings, the register for billing and its .xlsx, the pre-import safety copy.

``--indexes`` compares, on two more copies, the readings table's unique index as it is,
(meter_id, period), with the same uniqueness as (period, meter_id): a month of readings
of every meter written in one transaction (its time and the WAL it dirties) and the reads
that need the meter first (each meter's last reading, one meter's last 25).

Run: ``uv run python benchmarks/readings_scale.py [--quick] [--indexes]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import LAST_PERIOD, NEW_PERIOD, NOW, TODAY, ensure_base, fresh_copy, median_of  # noqa: E402


def index_orders(base: Path, folder: Path) -> None:
    import sqlite3

    for order in ("meter_id, period", "period, meter_id"):
        path = fresh_copy(base, folder, "indexes")
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA wal_autocheckpoint=0")
            if order != "meter_id, period":
                connection.execute('DROP INDEX "reading_meter_id_period"')
                connection.execute(f'CREATE UNIQUE INDEX "reading_order" ON "reading" ({order})')
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            last = sorted(connection.execute("SELECT meter_id, t1 FROM reading WHERE period = ?", (LAST_PERIOD,)))
            started = time.perf_counter()
            connection.execute("BEGIN")
            connection.executemany("INSERT INTO reading (meter_id, period, taken_on, t1, source, flagged) "
                                   "VALUES (?, ?, '2026-11-20', ?, 'excel', '')",
                                   [(mid, NEW_PERIOD, float(value) + 4.5) for mid, value in last])
            connection.execute("COMMIT")
            seconds = time.perf_counter() - started
            wal = Path(f"{path}-wal").stat().st_size / 1e6
            print(f"UNIQUE({order}): a month of {len(last):,} readings {seconds:.3f} s, WAL {wal:.1f} MB")
            started = time.perf_counter()
            connection.execute("SELECT r.meter_id FROM meter m JOIN reading r ON r.id = (SELECT p.id FROM reading p "
                               "WHERE p.meter_id = m.id AND p.period < ? ORDER BY p.period DESC LIMIT 1)",
                               (NEW_PERIOD,)).fetchall()
            each = time.perf_counter() - started
            started = time.perf_counter()
            connection.execute("SELECT period FROM reading WHERE meter_id = 5 ORDER BY period DESC LIMIT 25").fetchall()
            one = time.perf_counter() - started
            print(f"    last reading of every meter {each:.3f} s; one meter's last 25 {one:.4f} s")
        finally:
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 2-house base")
    parser.add_argument("--indexes", action="store_true", help="compare the two orders of the unique index")
    args = parser.parse_args()
    base = ensure_base(args.quick, False, print)

    from tsj_desk.domain.meters import HISTORY_PERIODS, previous_periods
    from tsj_desk.services import backups, readings, readings_billing
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.models import House, Meter, Reading

    with tempfile.TemporaryDirectory(prefix="tsj-readings-scale-") as tmp:
        folder = Path(tmp)
        if args.indexes:
            index_orders(base, folder)
            return
        open_session(fresh_copy(base, folder, "work"), now=NOW)
        try:
            house = House.select(House.id).order_by(House.id).first().id
            since = previous_periods(NEW_PERIOD, HISTORY_PERIODS + 1)[-1]
            grid = [mid for (mid,) in Meter.select(Meter.id).where(Meter.premise.is_null(False))
                    .order_by(Meter.id).limit(300).tuples()]
            last = dict(Reading.select(Reading.meter, Reading.t1)
                        .where((Reading.period == LAST_PERIOD) & Reading.meter.in_(grid)).tuples())
            entries = [(mid, (float(last[mid]) + 3.0, None, None), date(2026, 11, 20)) for mid in grid]
            made = []
            steps = [
                ("last_readings of every meter", lambda: readings.last_readings(before=NEW_PERIOD)),
                ("last_readings of 300 meters", lambda: readings.last_readings(grid, before=NEW_PERIOD)),
                ("history of every meter (7 months)", lambda: readings._History(since)),
                ("page data, all houses (sheet + checker)",
                 lambda: (readings.entry_sheet(NEW_PERIOD),
                          readings_billing.entry_checker(NEW_PERIOD, today=TODAY))),
                ("page data, one house (sheet + checker)",
                 lambda: (readings.entry_sheet(NEW_PERIOD, house_id=house),
                          readings_billing.entry_checker(NEW_PERIOD, today=TODAY, house_id=house)
                          if "house_id" in readings_billing.entry_checker.__code__.co_varnames
                          else readings_billing.entry_checker(NEW_PERIOD, today=TODAY))),
                ("save a readings grid of 300 readings",
                 lambda: readings.save_entries(NEW_PERIOD, entries, today=TODAY, now=NOW)),
                ("readings register for billing", lambda: readings.readings_register(LAST_PERIOD)),
                ("register for billing as .xlsx",
                 lambda: readings.export_readings(LAST_PERIOD, folder / "register.xlsx")),
                ("walk-round sheet .xlsx", lambda: readings.walk_sheet(folder / "walk.xlsx", period=NEW_PERIOD)),
                ("safety copy before an import",
                 lambda: made.append(backups.backup_before_import(NOW + timedelta(seconds=len(made))))),
            ]
            for name, work in steps:
                print(f"{name:<48} {median_of(work):>8.3f} s", flush=True)
        finally:
            close_session()


if __name__ == "__main__":
    main()
