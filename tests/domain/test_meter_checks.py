"""The reading checks at their boundaries, as pure functions (no database).

Every expected value below is derived by hand from the rule's own words:

* verification: a meter whose next verification is due on day D is valid through D;
  a reading taken after D (or, without a date, entered after D) is warned about;
* spike: a month above the resource's ``floor`` is compared with the median of the
  last ``HISTORY_PERIODS`` months when there are at least ``MIN_HISTORY`` of them
  (flagged above ``SPIKE_FACTOR`` × that median), else with the resource's ``ceiling``;
* roll-over: a smaller value on a meter of N digits is consumption only when
  10**N − previous + new is under a tenth of 10**N.
"""

from __future__ import annotations

from datetime import date

import pytest

from tsj_desk.domain.meters import (
    DEFAULT_THRESHOLDS,
    HISTORY_PERIODS,
    MIN_HISTORY,
    SPIKE_FACTOR,
    MeterFacts,
    Resource,
    Thresholds,
    check_reading,
    consumption,
    next_verification,
    parse_period,
    parse_resource,
    previous_periods,
)

COLD = DEFAULT_THRESHOLDS[Resource.COLD_WATER]
TODAY = date(2027, 3, 10)


def facts(*, history=(), last=100.0, next_verification=None, digits=None, tariffs=1,
          last_taken_on=date(2027, 2, 20)) -> MeterFacts:
    values = (last, None, None) if tariffs == 1 else (last, last, None)
    return MeterFacts(id=1, resource=Resource.COLD_WATER, tariffs=tariffs, digits=digits, archived_on=None,
                      next_verification=next_verification, last_values=values,
                      last_taken_on=last_taken_on, last_period="2027-02", monthly_history=tuple(history))


def warnings_of(meter, value, taken_on=date(2027, 3, 1), *, today=TODAY, thresholds=COLD):
    result = check_reading(meter, (value, None, None), taken_on, today=today, thresholds=thresholds)
    assert result.errors == []
    return [message for _, message in result.warnings]


# ---------------------------------------------------------------- verification


def test_the_rules_constants_are_the_ones_these_tests_are_derived_from():
    # the hand-derived values below assume the documented rule: ×3 of the median of
    # the last 6 months, from 3 months of history; cold water: floor 5, ceiling 30 m³
    assert (SPIKE_FACTOR, HISTORY_PERIODS, MIN_HISTORY) == (3, 6, 3)
    assert COLD == Thresholds(floor=5, ceiling=30)


def test_a_reading_taken_on_the_verification_day_is_not_yet_expired():
    meter = facts(next_verification=date(2027, 3, 1))
    assert warnings_of(meter, 104.0, date(2027, 3, 1)) == []
    assert warnings_of(meter, 104.0, date(2027, 3, 2)) == ["срок поверки истёк 01.03.2027."]


def test_without_a_date_the_reading_is_judged_on_the_day_it_is_entered():
    meter = facts(next_verification=date(2027, 3, 1))
    assert warnings_of(meter, 104.0, None, today=date(2027, 3, 1)) == []
    assert warnings_of(meter, 104.0, None, today=date(2027, 3, 2)) == ["срок поверки истёк 01.03.2027."]


def test_a_reading_taken_before_expiry_and_entered_after_it_is_not_warned():
    meter = facts(next_verification=date(2027, 3, 1))
    assert warnings_of(meter, 104.0, date(2027, 2, 28), today=date(2027, 3, 5)) == []


def test_next_verification_adds_whole_years_and_moves_29_february_to_the_28th():
    assert next_verification(date(2021, 3, 1), 6) == date(2027, 3, 1)
    assert next_verification(date(2020, 2, 29), 4) == date(2024, 2, 29)  # 2024 is a leap year
    assert next_verification(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert next_verification(None, 6) is None
    assert next_verification(date(2021, 3, 1), None) is None


def test_a_date_in_the_future_is_an_error_today_is_not():
    meter = facts()
    result = check_reading(meter, (104.0, None, None), date(2027, 3, 11), today=date(2027, 3, 10),
                           thresholds=COLD)
    assert result.errors == [("date", "дата показаний 11.03.2027 ещё не наступила.")]
    assert warnings_of(meter, 104.0, date(2027, 3, 10), today=date(2027, 3, 10)) == []


def test_a_date_before_the_previous_readings_is_warned_the_same_day_is_not():
    meter = facts(last_taken_on=date(2027, 2, 20))
    assert warnings_of(meter, 104.0, date(2027, 2, 20)) == []
    assert warnings_of(meter, 104.0, date(2027, 2, 19)) == [
        "дата показаний 19.02.2027 раньше даты предыдущих 20.02.2027."]


# ---------------------------------------------------------------- spike or ceiling


SPIKE_10 = "расход 10 м³ больше 3× обычного (2 в месяц) — проверьте."


def test_with_exactly_min_history_months_a_spike_is_flagged():
    # 3 months of 2 m³: the median is 2, the limit 3 × 2 = 6; 10 m³ is above it
    # and above the floor of 5
    assert warnings_of(facts(history=[2.0, 2.0, 2.0]), 110.0) == [SPIKE_10]


def test_with_one_month_fewer_the_ceiling_judges_instead():
    # 2 months: too little history; 10 m³ is under the ceiling of 30, 31 m³ above it
    assert warnings_of(facts(history=[2.0, 2.0]), 110.0) == []
    assert warnings_of(facts(history=[2.0, 2.0]), 131.0) == [
        "расход 31 м³ за месяц больше правдоподобного (30) — проверьте."]
    assert warnings_of(facts(history=[2.0, 2.0]), 130.0) == []  # exactly the ceiling: plausible


def test_with_enough_history_the_ceiling_no_longer_applies():
    # 3 months of 20: the limit is 60; 31 m³ is above the ceiling but no spike
    assert warnings_of(facts(history=[20.0, 20.0, 20.0]), 131.0) == []


def test_months_without_a_reading_are_not_history():
    assert warnings_of(facts(history=[2.0, None, 2.0, None]), 110.0) == []  # two real months
    assert warnings_of(facts(history=[2.0, None, 2.0, 2.0]), 110.0) == [SPIKE_10]


def test_the_spike_limit_itself_and_the_floor_are_not_flagged():
    # median 2 → limit 6, but 6 m³ is not above it: 6 is not a spike of 3 × 2
    assert warnings_of(facts(history=[2.0, 2.0, 2.0]), 106.0, thresholds=Thresholds(floor=1, ceiling=30)) == []
    assert warnings_of(facts(history=[2.0, 2.0, 2.0]), 106.5, thresholds=Thresholds(floor=1, ceiling=30)) == [
        "расход 6,5 м³ больше 3× обычного (2 в месяц) — проверьте."]
    # median 1 → limit 3; 5 m³ is above it but not above the floor of 5: not flagged
    assert warnings_of(facts(history=[1.0, 1.0, 1.0]), 105.0) == []
    assert warnings_of(facts(history=[1.0, 1.0, 1.0]), 105.5) == [
        "расход 5,5 м³ больше 3× обычного (1 в месяц) — проверьте."]


def test_the_typical_month_is_the_median_of_the_last_six():
    # oldest first: 100 m³ months fall out of the window of six; the median of
    # [2, 2, 2, 4, 4, 4] is 3, so the limit is 9 and 10 m³ is a spike
    history = [100.0, 100.0, 2.0, 2.0, 2.0, 4.0, 4.0, 4.0]
    assert warnings_of(facts(history=history), 110.0) == [
        "расход 10 м³ больше 3× обычного (3 в месяц) — проверьте."]
    assert warnings_of(facts(history=history), 109.0) == []


def test_a_two_tariff_meter_is_judged_by_both_tariffs_together():
    # Т1 +4 and Т2 +6: 10 m³ in all against a median of 2
    meter = facts(history=[2.0, 2.0, 2.0], tariffs=2)
    result = check_reading(meter, (104.0, 106.0, None), date(2027, 3, 1), today=TODAY, thresholds=COLD)
    assert result.consumption == (4.0, 6.0, None)
    assert [m for _, m in result.warnings] == [SPIKE_10]


# ---------------------------------------------------------------- consumption and roll-over


def test_a_roll_over_under_a_tenth_of_the_capacity_is_consumption():
    # 5 digits: capacity 100 000, a tenth 10 000
    assert consumption(99_950.0, 30.0, 5) == 80.0
    assert consumption(90_001.0, 0.0, 5) == 9_999.0
    assert consumption(90_000.0, 0.0, 5) is None  # exactly a tenth: a real decrease
    assert consumption(500.0, 25.0, 5) is None
    assert consumption(500.0, 25.0, None) is None
    assert consumption(25.0, 25.0, 5) == 0.0


def test_a_decrease_is_an_error_naming_both_values():
    result = check_reading(facts(last=100.0), (99.5, None, None), date(2027, 3, 1), today=TODAY, thresholds=COLD)
    assert result.errors == [("t1", "показание Т1 99,5 меньше предыдущего 100.")]
    result = check_reading(facts(last=99_990.0, digits=5), (25.0, None, None), date(2027, 3, 1), today=TODAY,
                           thresholds=COLD)
    assert result.errors == [] and result.consumption == (35.0, None, None)


@pytest.mark.parametrize(("text", "period"), [
    ("10.2026", "2026-10"), ("1/2027", "2027-01"), ("2026-12", "2026-12"), ("12.2026", "2026-12"),
    ("13.2026", None), ("0.2026", None), ("2026-00", None), ("октябрь", None), ("", None),
    (date(2026, 10, 31), "2026-10"),
])
def test_periods_are_read_from_what_a_user_types(text, period):
    assert parse_period(text) == period


def test_previous_periods_cross_the_new_year():
    assert previous_periods("2027-02", 3) == ["2027-01", "2026-12", "2026-11"]


# ---------------------------------------------------------------- added after the mutation pass


@pytest.mark.parametrize(("text", "resource"), [
    ("ХВС", Resource.COLD_WATER), ("Холодная вода", Resource.COLD_WATER), ("х.в.", Resource.COLD_WATER),
    ("ГВС", Resource.HOT_WATER), ("горячая вода", Resource.HOT_WATER),
    ("ЭЛ", Resource.ELECTRICITY), ("Электрическая энергия", Resource.ELECTRICITY), ("ЭЭ", Resource.ELECTRICITY),
    ("Газ", Resource.GAS), ("Тепло", Resource.HEAT), ("Отопление", Resource.HEAT),
    ("", None), (None, None), ("вода", None), ("канализация", None),
])
def test_the_resource_is_read_from_what_files_write(text, resource):
    assert parse_resource(text) is resource


def test_periods_of_the_autumn_months_cross_into_the_previous_ones():
    assert previous_periods("2026-11", 2) == ["2026-10", "2026-09"]
    assert previous_periods("2026-12", 1) == ["2026-11"]


def three_tariff(last=(100.0, 50.0, 20.0)) -> MeterFacts:
    return MeterFacts(id=3, resource=Resource.ELECTRICITY, tariffs=3, digits=None, archived_on=None,
                      next_verification=None, last_values=last, last_taken_on=date(2027, 2, 20),
                      last_period="2027-02")


def check(meter, values, taken_on=date(2027, 3, 1)):
    return check_reading(meter, values, taken_on, today=TODAY, thresholds=DEFAULT_THRESHOLDS[meter.resource])


def test_a_three_tariff_meter_needs_every_tariff():
    assert check(three_tariff(), (110.0, 55.0, None)).errors == [
        ("t3", "для трёхтарифного счётчика нужно показание Т3.")]
    assert check(three_tariff(), (110.0, None, None)).errors == [
        ("t2", "для трёхтарифного счётчика нужно показание Т2."),
        ("t3", "для трёхтарифного счётчика нужно показание Т3.")]
    two = facts(tariffs=2)
    assert check_reading(two, (104.0, None, None), date(2027, 3, 1), today=TODAY, thresholds=COLD).errors == [
        ("t2", "для двухтарифного счётчика нужно показание Т2.")]
    result = check(three_tariff(), (110.0, 55.0, 21.0))
    assert result.errors == [] and result.consumption == (10.0, 5.0, 1.0)


def test_a_value_below_zero_is_an_error_even_above_minus_one_and_only_on_its_tariff():
    assert check_reading(facts(), (-0.5, None, None), date(2027, 3, 1), today=TODAY, thresholds=COLD).errors == [
        ("t1", "показание -0,5 отрицательное.")]
    assert check(three_tariff(), (110.0, -0.5, 21.0)).errors == [("t2", "показание -0,5 отрицательное.")]
    assert check(three_tariff(), (110.0, 55.0, -0.25)).errors == [("t3", "показание -0,25 отрицательное.")]
    # zero and a small positive value beside a negative one are not negative
    assert check(three_tariff(), (-1.5, 0.0, 0.5)).errors == [("t1", "показание -1,5 отрицательное.")]


def test_a_decrease_on_one_tariff_of_several_names_that_tariff():
    assert check(three_tariff(), (110.0, 49.0, 21.0)).errors == [("t2", "показание Т2 49 меньше предыдущего 50.")]


def test_consumption_keeps_four_decimals():
    # values carry at most 4 decimals: 1,0003 − 1,0001 is 0,0002, not 0 nor 0,00020000000000131
    assert consumption(1.0001, 1.0003, None) == 0.0002
    assert check_reading(facts(last=1.0001), (1.0003, None, None), date(2027, 3, 1), today=TODAY,
                         thresholds=COLD).consumption == (0.0002, None, None)
    # through a roll-over too: 100 000 − 99 999,9999 + 0,0002 = 0,0003
    assert consumption(99_999.9999, 0.0002, 5) == 0.0003


def test_a_roll_over_of_less_than_one_unit_is_consumption():
    assert consumption(99_999.5, 0.0, 5) == 0.5


def test_an_earlier_month_above_the_month_after_it_names_the_tariff_and_that_month():
    meter = three_tariff()
    meter.next_values, meter.next_period = (130.0, 60.0, 30.0), "2027-04"
    assert check(meter, (120.0, 65.0, 25.0)).errors == [("t2", "показание Т2 65 больше следующего 60 (за 04.2027).")]
    assert check(meter, (120.0, 60.0, 25.0)).errors == []  # equal to the next one: no decrease after it
