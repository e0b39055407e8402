"""The calendar reads what the ``holidays`` package answered from a file kept per package
version, so that the window counts a deadline without importing the package (0.7–1 s).
The answers must be the package's own, whichever source gives them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from tsj_desk.domain import holiday_source
from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.services import calendar_store
from tsj_desk.services.calendar_store import StoredSource, package_key

YEARS = range(1992, 2031)


def test_the_stored_answers_are_the_packages(tmp_path):
    key = package_key()
    assert key is not None  # the package is installed as files here
    first = StoredSource(tmp_path, key)
    for year in YEARS:
        assert first.year(year) == holiday_source.PACKAGE.year(year)
    assert first.decree_years() == holiday_source.PACKAGE.decree_years()
    assert list(tmp_path.glob("calendar-ru-*.json")) == [first.path]


def test_a_stored_file_is_read_without_asking_the_package(tmp_path, monkeypatch):
    key = package_key()
    written = StoredSource(tmp_path, key)
    expected = {year: written.year(year) for year in YEARS}
    decree = written.decree_years()

    def refuse(*_args):
        raise AssertionError("the package was asked")

    monkeypatch.setattr(holiday_source.PACKAGE, "year", refuse)
    monkeypatch.setattr(holiday_source.PACKAGE, "decree_years", refuse)
    again = StoredSource(tmp_path, key)
    assert {year: again.year(year) for year in YEARS} == expected
    assert again.decree_years() == decree


def test_the_calendar_counts_the_same_days_from_the_file(tmp_path):
    from_package = ProductionCalendar()
    holiday_source.use(StoredSource(tmp_path, package_key()))
    holiday_source.use(StoredSource(tmp_path, package_key()))  # a second start: from the file
    from_file = ProductionCalendar()
    day = date(2024, 1, 1)
    while day < date(2029, 1, 1):
        assert from_file.is_working_day(day) == from_package.is_working_day(day), day
        assert from_file.day_off_reason(day) == from_package.day_off_reason(day), day
        day += timedelta(days=1)
    # the decree of 2026 by hand: 1–11 January are days off, the 12th is a working Monday
    assert not from_file.is_working_day(date(2026, 1, 9))
    assert from_file.add_working_days(date(2025, 12, 30), 3) == date(2026, 1, 14)


@pytest.mark.parametrize("damage", ["", "{not json", '{"years": {"2026": {"names": 5}}}', '[1, 2]'])
def test_a_damaged_file_is_asked_of_the_package_again_and_replaced(tmp_path, damage):
    key = package_key()
    path = tmp_path / f"calendar-ru-{key}.json"
    path.write_text(damage, encoding="utf-8")
    source = StoredSource(tmp_path, key)
    assert source.year(2026) == holiday_source.PACKAGE.year(2026)
    assert StoredSource(tmp_path, key).year(2026) == holiday_source.PACKAGE.year(2026)


def test_a_read_only_folder_costs_only_the_import(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        source = StoredSource(folder, package_key())
        assert source.year(2026) == holiday_source.PACKAGE.year(2026)  # nothing written, no error
    finally:
        folder.chmod(0o700)


def test_the_window_start_counts_deadlines_without_importing_the_package(tmp_path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from datetime import date\n"
        "from tsj_desk.services import calendar_store\n"
        "from tsj_desk.domain.calendar import ProductionCalendar\n"
        f"calendar_store.use_stored(Path({str(tmp_path)!r}))\n"
        "print(ProductionCalendar().add_working_days(date(2026, 12, 25), 5), 'holidays' in sys.modules)\n"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    # 25.12.2026 (Friday) + 5 working days: 28, 29, 30 December (the 31st is the day off
    # moved from Saturday 3 January by the decree for 2026), then 1–10 January 2027 are
    # days off: 11 and 12 January
    assert runs[0].stdout.split() == ["2027-01-12", "True"]  # the first start asked the package
    assert runs[1].stdout.split() == ["2027-01-12", "False"]  # the next one read the file


def test_the_entry_points_use_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    calendar_store.use_stored(calendar_store.cache_folder())
    assert isinstance(holiday_source.current(), StoredSource)
    ProductionCalendar().is_working_day(date(2026, 5, 1))
    assert list((tmp_path / "c").rglob("calendar-ru-*.json"))
