"""Years without a decree: the calendar applies ТК РФ ст. 112 ч. 2 itself (legal-ru.md §7).

The weekdays below are derived by hand, not taken from the program. Anchor: 24.11.2026
is a Tuesday (the tests' fixed moment). A date moves one weekday a year, two when the
year between contains 29 February:
* 04.11: 2026 Wed → 2027 Thu → 2028 Sat (29.02.2028 crossed) → 2029 Sun;
* 23.02: 2026 Mon → 2027 Tue → 2028 Wed → 2029 Fri (29.02.2028) → 2030 Sat → 2031 Sun;
* 08.03: 2026 Sun → 2027 Mon → 2028 Wed → … → 2031 Sat; 2037 Sun;
* 09.05: 2026 Sat → 2027 Sun → 2028 Tue → 2029 Wed → 2030 Thu → 2031 Fri → 2032 Sun →
  2033 Mon → 2034 Tue → 2035 Wed → 2036 Fri → 2037 Sat;
* 01.01.2028 is a Saturday (04.11.2028 Saturday minus 308 days = 44 weeks).

ст. 112 ч. 2: a weekend day that coincides with a non-working holiday moves to the next
working day after the holiday, except the holidays of 1–8 January (ч. 1 абз. 2–3).
The holidays package 0.109 (uv.lock) has decrees up to 2027, so 2028 on is computed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tsj_desk.domain import calendar_years
from tsj_desk.domain.calendar import REASON_COMPUTED, ProductionCalendar
from tsj_desk.domain.calendar_years import moved_days_off
from tsj_desk.domain.deadlines import compute_deadline, default_category

D = date.fromisoformat
NOTE_2028 = ("2028 год: производственный календарь рассчитан по ТК РФ ст. 112, "
             "постановления Правительства ещё нет")


@pytest.fixture(scope="module")
def cal() -> ProductionCalendar:
    return ProductionCalendar()


# ------------------------------------------------------------ which years


def test_years_up_to_2027_are_official_and_2028_on_computed():
    assert calendar_years.is_official_year(2025) and calendar_years.is_official_year(2027)
    assert not calendar_years.is_computed_year(2027)
    assert calendar_years.is_computed_year(2028) and not calendar_years.is_official_year(2028)
    assert calendar_years.is_computed_year(2040)
    assert calendar_years.first_computed_year() == 2028
    assert ProductionCalendar.is_computed_year(2029) and ProductionCalendar.is_official_year(2026)


def test_the_package_public_labels_give_the_same_last_decree_year():
    """The package's data and its published labels agree on the last decree year."""
    assert calendar_years._decree_years_by_labels()[1] == calendar_years.last_official_year() == 2027


def test_years_text_names_both_ranges():
    assert calendar_years.computed_years_text() == (
        "Официальный календарь (по постановлениям Правительства): 1991–2027; "
        "рассчитаны по ТК РФ ст. 112: 2028 год и далее")


# ------------------------------------------------------------- the shifts


@pytest.mark.parametrize(
    "holiday, day_off",
    [
        ("2028-11-04", "2028-11-06"),  # Saturday → Monday (Sunday is a weekend anyway)
        ("2029-11-04", "2029-11-05"),  # Sunday → Monday
        ("2030-02-23", "2030-02-25"),  # Saturday → Monday
        ("2031-02-23", "2031-02-24"),  # Sunday → Monday
        ("2031-03-08", "2031-03-10"),  # Saturday → Monday
        ("2037-03-08", "2037-03-09"),  # Sunday → Monday
        ("2037-05-09", "2037-05-11"),  # Victory Day on a Saturday → Monday
    ],
)
def test_a_holiday_on_a_weekend_gives_the_next_working_day_off(cal, holiday, day_off):
    holiday, day_off = D(holiday), D(day_off)
    assert holiday.weekday() >= 5
    assert not cal.is_working_day(day_off)
    assert cal.day_off_reason(day_off) == REASON_COMPUTED == (
        "перенесённый выходной по ТК РФ ст. 112 ч. 2, рассчитано")
    assert cal.is_working_day(day_off + timedelta(days=1))  # one day, not two


def test_2028_and_2029_november(cal):
    # 2028: Sat 04.11 holiday, Sun 05.11, Mon 06.11 moved day off, Tue 07.11 works
    assert [cal.is_working_day(D(f"2028-11-0{d}")) for d in range(3, 8)] == [
        True, False, False, False, True]
    # 2029: Sun 04.11 holiday, Mon 05.11 moved day off, Tue 06.11 works
    assert [cal.is_working_day(D(f"2029-11-0{d}")) for d in range(2, 7)] == [
        True, False, False, False, True]
    assert cal.next_working_day(D("2028-11-04")) == D("2028-11-07")


def test_three_holidays_on_weekends_in_2032(cal):
    # 01.05.2032 Saturday (09.05 Sunday minus 8 days), 09.05 Sunday, 12.06 Saturday
    assert not cal.is_working_day(D("2032-05-03"))
    assert not cal.is_working_day(D("2032-05-10"))
    assert not cal.is_working_day(D("2032-06-14"))
    assert cal.is_working_day(D("2032-05-04")) and cal.is_working_day(D("2032-05-11"))


def test_working_days_of_2028(cal):
    # 366 days from Saturday 01.01: 52 weeks and Sat+Sun → 260 weekdays. Weekday
    # holidays: 03–07.01 (5), 23.02 Wed, 08.03 Wed, 01.05 Mon, 09.05 Tue, 12.06 Mon
    # (5 more), and the day off moved from Saturday 04.11 to Monday 06.11: 260 − 11.
    assert cal.working_days_between(D("2027-12-31"), D("2028-12-31")) == 249


def test_weekend_days_of_1_to_8_january_are_not_moved(cal):
    # 01.01.2028 Sat, 02.01 Sun, 08.01 Sat: holidays of ч. 1 абз. 2, excepted from ч. 2
    assert cal.is_working_day(D("2028-01-10"))  # Monday after Sunday 09.01
    assert cal.is_working_day(D("2028-01-11"))
    assert cal.next_working_day(D("2027-12-31")) == D("2028-01-10")
    # 2029: 06.01 Sat, 07.01 Sun (Christmas, абз. 3) → Tuesday 09.01 is not a day off
    assert cal.is_working_day(D("2029-01-09"))


# ------------------------------------------------------- official years


def test_an_official_year_keeps_the_decree_and_gets_no_computed_day(cal):
    # 2025: 23.02 Sunday and 08.03 Saturday. The decree of 2024 moved these days off
    # to 08.05 and 13.06, so Monday 24.02 and Monday 10.03.2025 were working days.
    assert cal.is_working_day(D("2025-02-24")) and cal.is_working_day(D("2025-03-10"))
    assert not cal.is_working_day(D("2025-05-08")) and not cal.is_working_day(D("2025-06-13"))
    # 2026 and 2027: the decree gives the same Mondays ч. 2 would, named by the package
    for day in ("2026-03-09", "2026-05-11", "2027-05-03", "2027-05-10", "2027-06-14"):
        assert not cal.is_working_day(D(day))
        assert cal.day_off_reason(D(day)) == "перенесённый выходной"
    assert cal.is_working_day(D("2027-05-04"))  # not moved twice


def test_the_rule_itself_gives_what_the_decrees_of_2026_and_2027_gave():
    # the holidays of ст. 112 ч. 1, typed by hand; the decrees made 09.03 and 11.05.2026,
    # 03.05, 10.05 and 14.06.2027 days off for the holidays on weekends
    def holidays_of(year):
        new_year = [date(year, 1, d) for d in range(1, 9)]
        return new_year + [date(year, m, d) for m, d in ((2, 23), (3, 8), (5, 1), (5, 9),
                                                            (6, 12), (11, 4))]

    assert moved_days_off(holidays_of(2026)) == {D("2026-03-08"): D("2026-03-09"),
                                                 D("2026-05-09"): D("2026-05-11")}
    assert moved_days_off(holidays_of(2027)) == {D("2027-05-01"): D("2027-05-03"),
                                                 D("2027-05-09"): D("2027-05-10"),
                                                 D("2027-06-12"): D("2027-06-14")}


def test_two_holidays_on_one_weekend_give_monday_and_tuesday():
    # no two holidays of ч. 1 outside January share a weekend now; a future law might
    sat, sun = D("2028-06-10"), D("2028-06-11")
    assert moved_days_off([sat, sun]) == {sat: D("2028-06-12"), sun: D("2028-06-13")}
    # a holiday on the Monday after: the day off goes past it, to Tuesday
    assert moved_days_off([sat, D("2028-06-12")]) == {sat: D("2028-06-13")}
    assert moved_days_off([date(2028, 1, d) for d in range(1, 9)]) == {}


# ------------------------------------------------------------- overrides


def test_the_users_exception_wins_over_a_computed_day(cal):
    # a decree for 2028 could move the day elsewhere: the user makes 06.11 working
    # and the day it names a day off
    user = ProductionCalendar({D("2028-11-06"): True, D("2028-12-29"): False},
                              notes={D("2028-12-29"): "постановление на 2028 год"})
    assert user.is_working_day(D("2028-11-06")) and user.day_off_reason(D("2028-11-06")) == ""
    assert user.day_off_reason(D("2028-12-29")) == (
        "выходной по решению пользователя: постановление на 2028 год")
    # 3 working days from Thu 02.11: Fri 03.11, Mon 06.11 (now working), Tue 07.11
    due = compute_deadline(default_category("utility_info"), datetime(2028, 11, 2, 10), user)
    assert due.due == D("2028-11-07")
    assert not cal.is_working_day(D("2028-11-06"))  # the default calendar is untouched


# ------------------------------------------------------------- deadlines


def test_utility_info_from_2_november_2028_is_due_on_8_november(cal):
    # ПП 416 п. 34: 3 working days after Thu 02.11: Fri 03.11 (1); Sat 04.11 holiday,
    # Sun 05.11, Mon 06.11 the day off moved from 04.11; Tue 07.11 (2), Wed 08.11 (3)
    deadline = compute_deadline(default_category("utility_info"), datetime(2028, 11, 2, 10), cal)
    assert deadline.due == D("2028-11-08")
    assert deadline.explanation == f"3 рабочих дня, ПП 416 п. 34; {NOTE_2028}"


def test_a_calendar_period_ending_on_a_computed_day_off_moves_and_says_why(cal):
    # ЖК ст. 45 ч. 3.1: 5 calendar days from Wed 01.11.2028 end on Mon 06.11 — the moved
    # day off — so the deadline is Tuesday 07.11 (ГК ст. 193)
    deadline = compute_deadline(default_category("owner_register"), datetime(2028, 11, 1, 9), cal)
    assert deadline.due == D("2028-11-07") and deadline.shifted_from == D("2028-11-06")
    assert "перенос с 06.11.2028 (перенесённый выходной по ТК РФ ст. 112 ч. 2, рассчитано)" in (
        deadline.explanation)
    assert deadline.explanation.endswith(NOTE_2028)


def test_a_deadline_running_into_a_computed_year_says_so(cal):
    # ПП 491 п. 40 «а», 5 working days from Thu 30.12.2027: 31.12.2027 (decree day off),
    # 01–08.01.2028 holidays, Sun 09.01; Mon 10 … Fri 14.01.2028 are days 1–5
    deadline = compute_deadline(default_category("maintenance"), datetime(2027, 12, 30, 10), cal)
    assert deadline.due == D("2028-01-14")
    assert NOTE_2028 in deadline.explanation


def test_deadlines_in_official_years_and_in_hours_have_no_note(cal):
    official = compute_deadline(default_category("utility_info"), datetime(2026, 11, 2, 10), cal)
    assert official.explanation == "3 рабочих дня, ПП 416 п. 34"
    emergency = compute_deadline(default_category("emergency"), datetime(2028, 11, 4, 10), cal)
    assert "рассчитан" not in emergency.explanation
