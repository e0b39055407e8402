"""The copy on exit, written without its full check: marked, kept, checked at the next
start, and only then counted by the retention policy."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tsj_desk.services import backups
from tsj_desk.services.backup_verification import unverified_copies, verify_pending

pytestmark = pytest.mark.sqlite_only  # copies of the SQLite file and their checks


def made_on(folder: Path) -> dict[date, bool]:
    """Each copy's day → whether it was verified."""
    return {b.made_at.date(): b.verified for b in backups.list_backups(folder)}


def test_an_unverified_copy_takes_no_verified_copy_s_place_until_checked(db):
    from tsj_desk.services.organization import ensure_house

    ensure_house("Тест")  # a base with data: its copies are its own
    folder = backups.backup_dir()
    week = [datetime(2026, 11, 2, 18, 0) + timedelta(days=n) for n in range(7)]  # Mon 2 … Sun 8
    for moment in week:
        backups.make_backup("daily", now=moment)
    exit_copy = backups.make_backup("exit", now=datetime(2026, 11, 9, 18, 0), verify=False)
    assert not exit_copy.verified and Path(f"{exit_copy.path}.unverified").exists()
    # 7 daily buckets: the 7 checked copies fill them all; the unchecked one is kept beside
    assert made_on(folder) == {**{m.date(): True for m in week}, date(2026, 11, 9): False}
    backups.prune(folder, now=datetime(2026, 11, 9, 18, 5))
    assert len(made_on(folder)) == 8

    found = verify_pending(now=datetime(2026, 11, 10, 9, 0))
    assert [b.path for b in found.passed] == [exit_copy.path] and not found.failed
    assert unverified_copies() == []
    # checked, it counts: daily 3…9 November, the newest of each week (8th, 9th) and of
    # the month (9th) — the copy of Monday 2 November is no longer kept
    assert made_on(folder) == {d: True for d in (date(2026, 11, n) for n in range(3, 10))}


def test_an_old_unverified_copy_is_never_pruned(db):
    from tsj_desk.services.organization import ensure_house

    ensure_house("Тест")
    folder = backups.backup_dir()
    old = backups.make_backup("exit", now=datetime(2025, 1, 10, 18, 0), verify=False)
    for n in range(15):  # far more than the policy keeps, every month of a year and more
        backups.make_backup("daily", now=datetime(2025, 2, 1, 18, 0) + timedelta(days=30 * n))
    assert old.path.exists()
    assert made_on(folder)[date(2025, 1, 10)] is False


def test_a_check_stopped_by_the_window_closing_calls_nothing_damaged(db, db_path):
    import threading

    import pytest

    from tsj_desk.services.base_check import check_at_start
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.backup import CheckCancelled, check_file

    ensure_house("Тест")
    copy = backups.make_backup("exit", now=datetime(2026, 11, 23, 18, 0), verify=False)
    closing = threading.Event()
    closing.set()
    with pytest.raises(CheckCancelled):
        check_file(db_path, quick=True, cancel=closing)
    with pytest.raises(CheckCancelled):
        check_at_start(now=datetime(2026, 11, 24, 9, 0), cancel=closing)
    assert copy.path.exists() and not backups.list_backups(copy.path.parent)[0].verified  # checked next time
    assert check_file(db_path, quick=True, cancel=threading.Event()).ok


def test_the_copy_before_an_import_of_a_large_base_is_checked_at_the_next_start(db, monkeypatch):
    from tsj_desk.services import backup_verification
    from tsj_desk.services.organization import ensure_house
    from tsj_desk.storage.models import Premise

    house = ensure_house("Тест")
    Premise.create(house=house, number="1", sort_key="01", kind="flat", search_key="1")
    small = backups.backup_before_import(datetime(2026, 11, 24, 10, 0))
    assert small.verified  # a small base: checked at once, as always
    monkeypatch.setattr(backup_verification, "CHECK_AT_ONCE_BYTES", 0)
    large = backups.backup_before_import(datetime(2026, 11, 24, 11, 0))
    assert not large.verified and "ещё не проверена" in large.trigger_label
    assert [b.path for b in verify_pending(now=datetime(2026, 11, 25, 9, 0)).passed] == [large.path]
    assert all(b.verified for b in backups.list_backups(large.path.parent))
