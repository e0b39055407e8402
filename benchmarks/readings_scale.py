"""The readings steps of issue 16, one by one, on the scale base of ``benchmarks/scale.py``.

Each line is the median of 3 runs on a fresh copy of the cached base (built by
``scale.py`` when missing): the history reads the page, the grid, the register and the
imports share, the page's data for all houses and for one house, saving a grid of
300 readings, the register for billing and its .xlsx, the pre-import safety copy.

Run: ``uv run python benchmarks/readings_scale.py [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import LAST_PERIOD, NEW_PERIOD, NOW, TODAY, ensure_base, fresh_copy, median_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 2-house base")
    args = parser.parse_args()
    base = ensure_base(args.quick, False, print)

    from tsj_desk.domain.meters import HISTORY_PERIODS, previous_periods
    from tsj_desk.services import backups, readings, readings_billing
    from tsj_desk.services.session import close_session, open_session
    from tsj_desk.storage.models import House, Meter, Reading

    with tempfile.TemporaryDirectory(prefix="tsj-readings-scale-") as tmp:
        folder = Path(tmp)
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
