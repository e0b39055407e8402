"""The production calendar against the decrees for 2025 and 2026 (legal-ru.md §1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsj_desk.domain import calendar as calendar_module
from tsj_desk.domain.calendar import ProductionCalendar

D = date.fromisoformat

# Facts from the decrees, typed independently of the holidays package.
WEEKDAY_DAYS_OFF = {
    # 2025
    "2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07", "2025-01-08",
    "2025-05-01", "2025-05-02", "2025-05-08", "2025-05-09",
    "2025-06-12", "2025-06-13",
    "2025-11-03", "2025-11-04",
    "2025-12-31",
    # 2026
    "2026-01-01", "2026-01-02", "2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08",
    "2026-01-09",
    "2026-02-23", "2026-03-09", "2026-05-01", "2026-05-11", "2026-06-12", "2026-11-04",
    "2026-12-31",
}  # fmt: skip
WORKING_WEEKENDS = {"2025-11-01"}


@pytest.fixture(scope="module")
def cal() -> ProductionCalendar:
    return ProductionCalendar()


def test_every_day_of_2025_and_2026_matches_the_decrees(cal):
    day = D("2025-01-01")
    wrong = []
    while day <= D("2026-12-31"):
        iso = day.isoformat()
        expected = iso in WORKING_WEEKENDS or (day.weekday() < 5 and iso not in WEEKDAY_DAYS_OFF)
        if cal.is_working_day(day) != expected:
            wrong.append(iso)
        day += timedelta(days=1)
    assert wrong == []


@pytest.mark.parametrize("year, working_days", [(2025, 247), (2026, 247), (2027, 247)])
def test_working_days_per_year(cal, year, working_days):
    assert cal.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == working_days


@pytest.mark.parametrize(
    "day, working",
    [
        ("2025-11-01", True),  # working Saturday
        ("2025-11-02", False),  # Sunday
        ("2025-11-03", False),  # moved from 01.11
        ("2025-11-05", True),
        ("2025-12-30", True),
        ("2025-12-31", False),
        ("2026-01-09", False),
        ("2026-01-10", False),  # Saturday
        ("2026-01-12", True),
        ("2026-05-02", False),  # Saturday, not a holiday
        ("2026-05-04", True),
        ("2027-01-08", False),  # holidays of ТК РФ ст. 112 in any year
        ("2027-01-11", True),
        # the decree for 2027 (holidays ≥ 0.109, the floor in pyproject.toml): an older
        # package without it would count 20.02 as a day off and deadlines would end later
        ("2027-02-20", True),  # working Saturday
        ("2027-02-22", False),  # moved from 20.02
        ("2027-11-05", False),  # moved from 02.01
        ("2027-12-31", False),  # moved from 03.01
        ("2040-01-09", True),  # a year no decree covers: ordinary Monday
        ("1985-05-01", True),  # before the package's data: weekdays only
    ],
)
def test_is_working_day(cal, day, working):
    assert cal.is_working_day(D(day)) is working


def test_datetimes_are_taken_by_their_date(cal):
    assert cal.is_working_day(datetime(2025, 11, 1, 23, 59)) is True
    assert cal.next_working_day(datetime(2025, 12, 31, 10, 0)) == D("2026-01-12")
    assert cal.add_working_days(datetime(2025, 12, 30, 18, 0), 1) == D("2026-01-12")


@pytest.mark.parametrize(
    "day, expected",
    [
        ("2025-12-31", "2026-01-12"),
        ("2026-01-12", "2026-01-12"),  # a working day is its own next working day
        ("2025-11-01", "2025-11-01"),  # working Saturday
        ("2025-11-02", "2025-11-05"),
        ("2025-05-01", "2025-05-05"),
        ("2025-05-08", "2025-05-12"),
        ("2025-06-12", "2025-06-16"),
        ("2026-03-07", "2026-03-10"),
        ("2026-05-09", "2026-05-12"),
        ("2026-12-31", "2027-01-11"),
    ],
)
def test_next_working_day(cal, day, expected):
    assert cal.next_working_day(D(day)) == D(expected)


@pytest.mark.parametrize(
    "day, n, expected",
    [
        ("2025-12-30", 0, "2025-12-30"),
        ("2025-12-31", 0, "2025-12-31"),  # n = 0 is the day itself, working or not
        ("2025-12-30", 1, "2026-01-12"),
        ("2025-12-30", 3, "2026-01-14"),
        ("2025-12-29", 3, "2026-01-13"),
        ("2025-10-31", 1, "2025-11-01"),  # the working Saturday counts
        ("2025-10-31", 2, "2025-11-05"),
        ("2025-10-29", 5, "2025-11-06"),
        ("2026-12-26", 1, "2026-12-28"),
        ("2026-12-30", 1, "2027-01-11"),
        ("2025-04-30", 3, "2025-05-07"),
        ("2024-12-31", 247, "2025-12-30"),  # the last working day of 2025
        ("2024-12-31", 248, "2026-01-12"),
        ("2024-12-31", 494, "2026-12-30"),  # 247 + 247 across two years
    ],
)
def test_add_working_days(cal, day, n, expected):
    assert cal.add_working_days(D(day), n) == D(expected)


def test_add_working_days_refuses_negative(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(D("2025-01-01"), -1)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("2025-12-30", "2025-12-30", 0),
        ("2025-12-30", "2026-01-11", 0),  # only days off in between
        ("2025-12-30", "2026-01-12", 1),
        ("2025-12-30", "2026-01-14", 3),
        ("2026-01-14", "2025-12-30", -3),
        ("2025-10-31", "2025-11-05", 2),  # 01.11 (working Saturday) and 05.11
        ("2025-12-29", "2026-01-13", 3),
    ],
)
def test_working_days_between(cal, a, b, expected):
    assert cal.working_days_between(D(a), D(b)) == expected


@pytest.mark.parametrize(
    "day, reason",
    [
        ("2025-11-05", ""),
        ("2025-11-01", ""),  # working Saturday
        ("2025-03-15", "выходной"),
        ("2026-01-10", "выходной"),  # a Saturday the package does not list
        ("2026-05-02", "выходной"),
        ("2025-01-04", "праздник: Новогодние каникулы"),  # a holiday on a Saturday
        ("2026-01-01", "праздник: Новогодние каникулы"),
        ("2026-01-07", "праздник: Рождество Христово"),
        ("2025-06-12", "праздник: День России"),
        ("2026-05-09", "праздник: День Победы"),
        ("2025-11-04", "праздник: День народного единства"),
        ("2025-05-02", "перенесённый выходной"),  # from 04.01.2025
        ("2025-05-08", "перенесённый выходной"),
        ("2025-06-13", "перенесённый выходной"),
        ("2025-11-03", "перенесённый выходной"),
        ("2025-12-31", "перенесённый выходной"),
        ("2026-01-09", "перенесённый выходной"),
        ("2026-03-09", "перенесённый выходной"),  # 08.03 fell on a Sunday
        ("2026-05-11", "перенесённый выходной"),
        ("2026-12-31", "перенесённый выходной"),
    ],
)
def test_day_off_reason(cal, day, reason):
    assert cal.day_off_reason(D(day)) == reason


def test_override_makes_a_regional_holiday_a_day_off():
    tatarstan = ProductionCalendar(
        {D("2025-11-06"): False}, notes={D("2025-11-06"): "День Конституции Республики Татарстан"}
    )
    assert tatarstan.is_working_day(D("2025-11-06")) is False
    assert tatarstan.next_working_day(D("2025-11-06")) == D("2025-11-07")
    assert tatarstan.add_working_days(D("2025-11-05"), 1) == D("2025-11-07")
    assert tatarstan.day_off_reason(D("2025-11-06")) == (
        "выходной по решению пользователя: День Конституции Республики Татарстан"
    )
    assert ProductionCalendar({D("2025-11-06"): False}).day_off_reason(D("2025-11-06")) == (
        "выходной по решению пользователя"
    )


def test_override_makes_a_day_working():
    cal = ProductionCalendar({D("2025-12-31"): True, D("2026-01-10"): True})
    assert cal.is_working_day(D("2025-12-31")) is True
    assert cal.day_off_reason(D("2025-12-31")) == ""
    assert cal.add_working_days(D("2025-12-30"), 1) == D("2025-12-31")
    assert cal.add_working_days(D("2025-12-30"), 2) == D("2026-01-10")
    assert cal.add_working_days(D("2025-12-30"), 3) == D("2026-01-12")
    assert cal.working_days_between(D("2025-12-30"), D("2026-01-12")) == 3


def test_override_cancels_a_working_saturday():
    cal = ProductionCalendar({D("2025-11-01"): False})
    assert cal.is_working_day(D("2025-11-01")) is False
    assert cal.add_working_days(D("2025-10-31"), 1) == D("2025-11-05")
    assert cal.day_off_reason(D("2025-11-01")) == "выходной по решению пользователя"


def test_overrides_are_copied(cal):
    source = {D("2026-06-15"): False}
    copy = ProductionCalendar(source)
    source[D("2026-06-16")] = False
    assert copy.is_working_day(D("2026-06-16")) is True
    assert dict(copy.overrides) == {D("2026-06-15"): False}
    assert cal.is_working_day(D("2026-06-15")) is True  # other calendars unaffected


def test_holidays_is_asked_once_per_year(monkeypatch):
    calls = []
    original = holidays.country_holidays

    def counting(*args, **kwargs):
        calls.append(kwargs.get("years"))
        return original(*args, **kwargs)

    monkeypatch.setattr(calendar_module.holidays, "country_holidays", counting)
    cal = ProductionCalendar()
    day = D("2025-01-01")
    for _ in range(2 * 365):
        cal.is_working_day(day)
        cal.add_working_days(day, 10)
        cal.day_off_reason(day)
        day += timedelta(days=1)
    assert sorted(calls) == [2025, 2026, 2027]


dates = st.dates(min_value=date(2013, 1, 1), max_value=date(2030, 12, 31))


@settings(database=None, max_examples=300, deadline=None)
@given(day=dates, n=st.integers(min_value=1, max_value=400))
def test_add_working_days_agrees_with_a_day_by_day_walk(day, n):
    cal = ProductionCalendar({date(2026, 3, 10): False, date(2026, 3, 14): True})
    result = cal.add_working_days(day, n)
    assert cal.is_working_day(result)
    assert cal.working_days_between(day, result) == n
    walk, count = day, 0
    while count < n:
        walk += timedelta(days=1)
        count += cal.is_working_day(walk)
    assert walk == result


@settings(database=None, max_examples=300, deadline=None)
@given(day=dates)
def test_next_working_day_skips_only_days_off(day):
    cal = ProductionCalendar()
    result = cal.next_working_day(day)
    assert cal.is_working_day(result)
    walk = day
    while walk < result:
        assert not cal.is_working_day(walk)
        assert cal.day_off_reason(walk) != ""
        walk += timedelta(days=1)
