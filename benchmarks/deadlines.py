"""Deadline benchmark: 100,000 deadlines on the production calendar.

Every category in turn, requests received 53 minutes apart from 01.01.2024 (so
every hour of the day, weekends, holidays and the shortened days are met), one
regional holiday added. Target on a 2-core machine: ≤ 2 s for the 100,000 (the
journal recomputes the states of every open request when the calendar changes).
Run: ``uv run python benchmarks/deadlines.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COUNT = 100_000
TARGET = 2.0


def once() -> float:
    from tsj_desk.domain.calendar import ProductionCalendar
    from tsj_desk.domain.deadlines import DEFAULT_CATEGORIES, compute_deadline

    calendar = ProductionCalendar({date(2026, 6, 15): False})
    start = datetime(2024, 1, 1, 8, 0)
    began = time.perf_counter()
    for index in range(COUNT):
        compute_deadline(DEFAULT_CATEGORIES[index % len(DEFAULT_CATEGORIES)],
                         start + timedelta(minutes=53 * index), calendar)
    return time.perf_counter() - began


def main() -> int:
    runs = [once() for _ in range(3)]
    print(f"{COUNT:,} deadlines: median {statistics.median(runs):.2f} s "
          f"(runs {', '.join(f'{r:.2f}' for r in runs)}; target ≤ {TARGET:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
