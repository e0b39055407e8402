"""Which backups are kept: the last 7 daily, 4 weekly (ISO weeks), 12 monthly backups,
every safety backup of the last 30 days, every backup made by hand. The kept sets
below are worked out by hand on a calendar (2026: 1 March and 29 March are Sundays,
31 March a Tuesday)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tsj_desk.domain.retention import BackupStamp, backups_to_keep


def daily(first: date, last: date, hour: int = 12) -> list[BackupStamp]:
    days = (last - first).days + 1
    return [BackupStamp(f"{first + timedelta(n)}", datetime.combine(first + timedelta(n), datetime.min.time())
                        .replace(hour=hour), "daily") for n in range(days)]


def test_days_weeks_and_months_of_a_quarter():
    backups = daily(date(2026, 1, 1), date(2026, 3, 31))
    kept = backups_to_keep(backups, datetime(2026, 3, 31, 18, 0))
    assert kept == {
        # 7 days: 25–31 March
        "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31",
        # 4 ISO weeks, the newest of each: 31.03 (week of 30.03), Sundays 29.03, 22.03, 15.03
        "2026-03-22", "2026-03-15",
        # months, the newest of each: 31.03, 28.02, 31.01
        "2026-02-28", "2026-01-31",
    }


def test_twelve_months_of_monthly_backups():
    backups = [BackupStamp(f"{year}-{month:02d}", datetime(year, month, 15, 12, 0), "daily")
               for year, month in [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 4)]]
    kept = backups_to_keep(backups, datetime(2026, 3, 20, 12, 0))
    # 15 months: the 12 newest (April 2025 – March 2026); the daily and weekly ones are among them
    assert kept == {f"2025-{m:02d}" for m in range(4, 13)} | {"2026-01", "2026-02", "2026-03"}


def test_safety_backups_are_kept_thirty_days_to_the_minute():
    now = datetime(2026, 4, 1, 12, 0)
    backups = daily(date(2026, 3, 3), date(2026, 4, 1), hour=9) + [
        BackupStamp("import-30-days", datetime(2026, 3, 2, 12, 0), "import"),
        BackupStamp("import-older", datetime(2026, 3, 2, 11, 59), "import"),
        BackupStamp("migration-old", datetime(2026, 2, 10, 12, 0), "migration"),
    ]
    kept = backups_to_keep(backups, now)
    # 2 March falls in no bucket (March's newest is 31.03, its weeks' newest are Sundays)
    assert "import-30-days" in kept
    assert "import-older" not in kept
    # February's newest backup is this migration copy: kept as February's monthly one
    assert "migration-old" in kept


def test_hand_made_backups_are_never_deleted_and_fill_no_bucket():
    now = datetime(2026, 3, 31, 18, 0)
    backups = daily(date(2026, 3, 1), date(2026, 3, 31)) + [
        BackupStamp("by-hand-2020", datetime(2020, 5, 1, 10, 0), "manual"),
        BackupStamp("by-hand-today", datetime(2026, 3, 31, 17, 0), "manual"),
    ]
    kept = backups_to_keep(backups, now)
    assert {"by-hand-2020", "by-hand-today"} <= kept
    assert "2026-03-31" in kept  # today's automatic backup still fills today's bucket
    assert "2026-03-24" not in kept  # the 8th day back: beyond 7 days, not a week's newest
