"""Deadlines of every category, hand-computed against the 2025–2026 decrees.

Reference (non-working days): 2025 — weekends except Saturday 01.11 (working);
01–08.01, 01–04.05, 08–11.05, 12–15.06, 02–04.11, 31.12. 2026 — weekends;
01–11.01, 23.02, 07–09.03, 01–03.05, 09–11.05, 12–14.06, 04.11, 31.12.
2027 — 01–10.01.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.deadlines import (
    DEFAULT_CATEGORIES,
    CategoryRule,
    Deadline,
    DeadlineStatus,
    DayKind,
    compute_deadline,
    deadline_state,
    default_category,
    describe_period,
    max_working_days_within,
    min_working_days,
    validate_rule_change,
)
from tsj_desk.domain.errors import NotFound, ValidationFailed

D = date.fromisoformat
DT = datetime.fromisoformat
RULES = {rule.code: rule for rule in DEFAULT_CATEGORIES}


@pytest.fixture(scope="module")
def cal() -> ProductionCalendar:
    return ProductionCalendar()


# ---------------------------------------------------------------- defaults


@pytest.mark.parametrize(
    "code, amount, kind, basis",
    [
        ("public_info", 1, DayKind.CALENDAR, "ПП 416 п. 34"),
        ("utility_info", 3, DayKind.WORKING, "ПП 416 п. 34"),
        ("act_copy", 3, DayKind.WORKING, "методические рекомендации"),
        ("maintenance", 5, DayKind.WORKING, "ПП 491 п. 40 «а»"),
        ("owner_register", 5, DayKind.CALENDAR, "ЖК РФ ст. 45 ч. 3.1"),
        ("utility_quality", 3, DayKind.WORKING, "ПП 354 п. 31 «к»"),
        ("fine", 30, DayKind.CALENDAR, "ЖК РФ ст. 157 ч. 6–7"),
        ("other", 10, DayKind.WORKING, "ПП 416 п. 36"),
        ("outsider", 30, DayKind.CALENDAR, "внутренний регламент"),
        ("emergency", 30, DayKind.HOURS, "ПП 416 п. 13"),
    ],
)
def test_default_categories(code, amount, kind, basis):
    rule = default_category(code)
    assert (rule.amount, rule.kind, rule.basis) == (amount, kind, basis)
    assert rule.label and rule.label[0].isupper()
    assert rule.shift_to_working_day is (kind is DayKind.CALENDAR or kind is DayKind.WORKING)


def test_default_categories_are_the_ten_codes_in_order():
    assert [rule.code for rule in DEFAULT_CATEGORIES] == [
        "public_info", "utility_info", "act_copy", "maintenance", "owner_register",
        "utility_quality", "fine", "other", "outsider", "emergency",
    ]  # fmt: skip
    assert RULES["owner_register"].label == "Запрос реестра собственников"
    assert "персональных данных" in RULES["owner_register"].note


def test_unknown_category():
    with pytest.raises(NotFound, match="«nope»"):
        default_category("nope")


def test_day_kind_values_and_labels():
    assert [kind.value for kind in DayKind] == ["calendar", "working", "hours"]
    assert DayKind("working") is DayKind.WORKING
    assert DayKind.CALENDAR.label == "календарные дни"
    assert DayKind.WORKING.label == "рабочие дни"
    assert DayKind.HOURS.label == "часы и минуты"


# --------------------------------------------------------------- deadlines

CASES = [
    # public_info: 1 calendar day, shifted
    ("public_info", "2025-12-31 10:00", "2026-01-12"),  # 01.01 holiday … 11.01
    ("public_info", "2025-12-30 10:00", "2026-01-12"),  # 31.12 moved day off
    ("public_info", "2025-05-01 10:00", "2025-05-05"),  # 02.05.2025 moved day off
    ("public_info", "2025-10-31 17:00", "2025-11-01"),  # working Saturday: no shift
    ("public_info", "2026-05-10 10:00", "2026-05-12"),  # 11.05.2026
    ("public_info", "2025-06-12 10:00", "2025-06-16"),  # 13.06.2025
    ("public_info", "2026-03-08 10:00", "2026-03-10"),  # 09.03.2026
    ("public_info", "2026-01-14 10:00", "2026-01-15"),
    # utility_info: 3 working days
    ("utility_info", "2025-12-30 10:00", "2026-01-14"),  # 12, 13, 14.01
    ("utility_info", "2025-10-31 10:00", "2025-11-06"),  # 01.11 (Sat), 05, 06.11
    ("utility_info", "2025-04-30 10:00", "2025-05-07"),  # 05, 06, 07.05
    ("utility_info", "2025-05-06 10:00", "2025-05-13"),  # 07, 12, 13.05
    ("utility_info", "2026-01-14 10:00", "2026-01-19"),  # 15, 16, 19.01
    # act_copy: 3 working days
    ("act_copy", "2025-12-29 10:00", "2026-01-13"),  # 30.12, 12, 13.01
    ("act_copy", "2025-10-30 10:00", "2025-11-05"),  # 31.10, 01.11, 05.11
    ("act_copy", "2025-06-10 10:00", "2025-06-17"),  # 11, 16, 17.06
    ("act_copy", "2026-12-31 10:00", "2027-01-13"),  # 11, 12, 13.01.2027
    # maintenance: 5 working days
    ("maintenance", "2025-12-26 10:00", "2026-01-14"),  # 29, 30.12, 12, 13, 14.01
    ("maintenance", "2025-10-29 10:00", "2025-11-06"),  # 30, 31.10, 01, 05, 06.11
    ("maintenance", "2026-02-20 10:00", "2026-03-02"),  # 24, 25, 26, 27.02, 02.03
    ("maintenance", "2026-03-05 10:00", "2026-03-13"),  # 06, 10, 11, 12, 13.03
    # owner_register: 5 calendar days, shifted
    ("owner_register", "2025-12-30 10:00", "2026-01-12"),  # 04.01.2026
    ("owner_register", "2025-04-27 10:00", "2025-05-05"),  # 02.05.2025
    ("owner_register", "2025-05-03 10:00", "2025-05-12"),  # 08.05.2025
    ("owner_register", "2025-10-29 10:00", "2025-11-05"),  # 03.11.2025
    ("owner_register", "2026-01-04 10:00", "2026-01-12"),  # 09.01.2026
    ("owner_register", "2026-03-04 10:00", "2026-03-10"),  # 09.03.2026
    ("owner_register", "2026-12-26 10:00", "2027-01-11"),  # 31.12.2026
    ("owner_register", "2026-04-27 10:00", "2026-05-04"),  # 02.05.2026, Saturday
    ("owner_register", "2025-06-07 10:00", "2025-06-16"),  # 12.06.2025, holiday
    ("owner_register", "2026-05-06 10:00", "2026-05-12"),  # 11.05.2026
    ("owner_register", "2025-10-27 10:00", "2025-11-01"),  # working Saturday: no shift
    ("owner_register", "2026-01-12 10:00", "2026-01-19"),  # 17.01.2026, Saturday
    ("owner_register", "2026-01-14 10:00", "2026-01-19"),  # a working Monday
    # utility_quality: 3 working days
    ("utility_quality", "2025-12-31 10:00", "2026-01-14"),
    ("utility_quality", "2026-01-08 10:00", "2026-01-14"),
    ("utility_quality", "2025-11-03 10:00", "2025-11-07"),  # 05, 06, 07.11
    ("utility_quality", "2026-12-11 10:00", "2026-12-16"),  # 14, 15, 16.12
    # fine: 30 calendar days, shifted
    ("fine", "2025-12-15 10:00", "2026-01-14"),  # across the holidays, no shift
    ("fine", "2025-12-01 10:00", "2026-01-12"),  # 31.12.2025
    ("fine", "2025-04-08 10:00", "2025-05-12"),  # 08.05.2025
    ("fine", "2026-04-11 10:00", "2026-05-12"),  # 11.05.2026
    ("fine", "2026-12-01 10:00", "2027-01-11"),  # 31.12.2026
    # other: 10 working days
    ("other", "2025-12-25 10:00", "2026-01-20"),  # 26, 29, 30.12, 12–16, 19, 20.01
    ("other", "2025-10-24 10:00", "2025-11-10"),  # 27–31.10, 01.11, 05–07.11, 10.11
    ("other", "2025-04-28 10:00", "2025-05-16"),  # 29, 30.04, 05–07.05, 12–16.05
    # outsider: 30 calendar days, shifted
    ("outsider", "2025-12-10 10:00", "2026-01-12"),  # 09.01.2026
    ("outsider", "2025-12-20 10:00", "2026-01-19"),  # across the holidays, no shift
    ("outsider", "2025-05-14 10:00", "2025-06-16"),  # 13.06.2025
    ("outsider", "2026-02-07 10:00", "2026-03-10"),  # 09.03.2026
    ("outsider", "2025-10-04 10:00", "2025-11-05"),  # 03.11.2025
]


@pytest.mark.parametrize("code, received, due", CASES)
def test_deadline(cal, code, received, due):
    deadline = compute_deadline(RULES[code], DT(received), cal)
    assert deadline.due == D(due)
    assert deadline.due_at is None


def test_every_category_has_a_case_across_the_new_year():
    crossing = {
        code
        for code, received, due in CASES
        if DT(received).date() <= D("2026-01-11") and D(due) >= D("2026-01-12")
        and DT(received).date() >= D("2025-12-01")
    }
    day_codes = {rule.code for rule in DEFAULT_CATEGORIES if rule.kind is not DayKind.HOURS}
    assert crossing == day_codes  # emergency: see test_hours_deadline


def test_receipt_time_does_not_matter_for_days(cal):
    rule = RULES["utility_info"]
    assert compute_deadline(rule, DT("2025-12-30 00:00"), cal).due == D("2026-01-14")
    assert compute_deadline(rule, DT("2025-12-30 23:59"), cal).due == D("2026-01-14")
    assert compute_deadline(rule, D("2025-12-30"), cal).due == D("2026-01-14")


@pytest.mark.parametrize(
    "received, due_at",
    [
        ("2025-12-31 23:45", "2026-01-01 00:15"),  # across midnight into a holiday
        ("2025-06-11 23:50", "2025-06-12 00:20"),  # into День России
        ("2026-03-08 10:00", "2026-03-08 10:30"),  # received on a holiday Sunday
        ("2025-10-31 23:59", "2025-11-01 00:29"),
    ],
)
def test_hours_deadline_never_shifts(cal, received, due_at):
    deadline = compute_deadline(RULES["emergency"], DT(received), cal)
    assert deadline.due_at == DT(due_at)
    assert deadline.due == DT(due_at).date()
    assert deadline.explanation == "30 минут, ПП 416 п. 13"
    assert deadline.shifted_from is None
    assert deadline.due_moment == DT(due_at)


def test_hours_deadline_in_hours(cal):
    rule = replace(RULES["emergency"], code="blockage", amount=120)
    deadline = compute_deadline(rule, DT("2026-01-01 23:30"), cal)
    assert deadline.due_at == DT("2026-01-02 01:30")
    assert deadline.explanation == "2 часа, ПП 416 п. 13"


def test_hours_deadline_needs_a_moment(cal):
    with pytest.raises(TypeError):
        compute_deadline(RULES["emergency"], D("2026-01-01"), cal)


def test_non_positive_amount_is_a_bug(cal):
    with pytest.raises(ValueError):
        compute_deadline(replace(RULES["other"], amount=0), DT("2026-01-14 10:00"), cal)


# ----------------------------------------------------------- shift setting


@pytest.mark.parametrize(
    "code, received, due",
    [
        ("owner_register", "2026-04-27 10:00", "2026-05-02"),
        ("owner_register", "2025-10-29 10:00", "2025-11-03"),
        ("fine", "2025-12-01 10:00", "2025-12-31"),
        ("public_info", "2025-12-31 10:00", "2026-01-01"),
        ("outsider", "2025-12-10 10:00", "2026-01-09"),
        ("utility_info", "2025-12-30 10:00", "2026-01-14"),  # working days: no effect
        ("maintenance", "2025-10-29 10:00", "2025-11-06"),
    ],
)
def test_shift_switched_off(cal, code, received, due):
    rule = replace(RULES[code], shift_to_working_day=False)
    deadline = compute_deadline(rule, DT(received), cal)
    assert deadline.due == D(due)
    assert deadline.shifted_from is None


# ---------------------------------------------------------------- overrides


@pytest.fixture(scope="module")
def tatarstan() -> ProductionCalendar:
    return ProductionCalendar(
        {D("2025-11-06"): False},
        notes={D("2025-11-06"): "День Конституции Республики Татарстан"},
    )


@pytest.mark.parametrize(
    "code, received, due, due_without_override",
    [
        ("owner_register", "2025-11-01 10:00", "2025-11-07", "2025-11-06"),
        ("maintenance", "2025-10-29 10:00", "2025-11-07", "2025-11-06"),  # 30, 31, 01, 05, 07
        ("utility_info", "2025-10-31 10:00", "2025-11-07", "2025-11-06"),  # 01, 05, 07
        ("public_info", "2025-11-05 10:00", "2025-11-07", "2025-11-06"),
        ("fine", "2025-10-07 10:00", "2025-11-07", "2025-11-06"),
    ],
)
def test_regional_holiday_moves_deadlines(cal, tatarstan, code, received, due, due_without_override):
    assert compute_deadline(RULES[code], DT(received), tatarstan).due == D(due)
    assert compute_deadline(RULES[code], DT(received), cal).due == D(due_without_override)


def test_regional_holiday_explanation(tatarstan):
    deadline = compute_deadline(RULES["owner_register"], DT("2025-11-01 10:00"), tatarstan)
    assert deadline.explanation == (
        "5 календарных дней, ЖК РФ ст. 45 ч. 3.1; перенос с 06.11.2025 "
        "(выходной по решению пользователя: День Конституции Республики Татарстан)"
    )
    assert deadline.shifted_from == D("2025-11-06")


def test_regional_holiday_does_not_move_an_emergency(tatarstan):
    deadline = compute_deadline(RULES["emergency"], DT("2025-11-06 09:00"), tatarstan)
    assert deadline.due_at == DT("2025-11-06 09:30")


@pytest.mark.parametrize(
    "overrides, code, received, due",
    [
        ({"2025-12-31": True}, "utility_info", "2025-12-30 10:00", "2026-01-13"),  # 31.12, 12, 13
        ({"2025-12-31": True}, "fine", "2025-12-01 10:00", "2025-12-31"),
        ({"2025-12-31": True}, "public_info", "2025-12-30 10:00", "2025-12-31"),
        ({"2026-01-10": True}, "utility_quality", "2025-12-31 10:00", "2026-01-13"),  # 10, 12, 13
        ({"2026-01-10": True}, "owner_register", "2026-01-05 10:00", "2026-01-10"),
        ({"2025-11-01": False}, "utility_info", "2025-10-31 10:00", "2025-11-07"),  # 05, 06, 07
        ({"2025-11-01": False}, "public_info", "2025-10-31 10:00", "2025-11-05"),
    ],
)
def test_overrides(overrides, code, received, due):
    cal = ProductionCalendar({D(day): working for day, working in overrides.items()})
    assert compute_deadline(RULES[code], DT(received), cal).due == D(due)


# ------------------------------------------------------------ explanations


@pytest.mark.parametrize(
    "code, received, explanation",
    [
        ("utility_info", "2025-12-30 10:00", "3 рабочих дня, ПП 416 п. 34"),
        ("maintenance", "2025-10-29 10:00", "5 рабочих дней, ПП 491 п. 40 «а»"),
        ("other", "2025-12-25 10:00", "10 рабочих дней, ПП 416 п. 36"),
        (
            "owner_register",
            "2026-04-27 10:00",
            "5 календарных дней, ЖК РФ ст. 45 ч. 3.1; перенос с 02.05.2026 (выходной)",
        ),
        (
            "owner_register",
            "2025-04-27 10:00",
            "5 календарных дней, ЖК РФ ст. 45 ч. 3.1; перенос с 02.05.2025 "
            "(перенесённый выходной)",
        ),
        (
            "owner_register",
            "2025-06-07 10:00",
            "5 календарных дней, ЖК РФ ст. 45 ч. 3.1; перенос с 12.06.2025 "
            "(праздник: День России)",
        ),
        ("owner_register", "2025-10-27 10:00", "5 календарных дней, ЖК РФ ст. 45 ч. 3.1"),
        (
            "public_info",
            "2025-12-31 10:00",
            "1 календарный день, ПП 416 п. 34; перенос с 01.01.2026 "
            "(праздник: Новогодние каникулы)",
        ),
        ("public_info", "2026-01-14 10:00", "1 календарный день, ПП 416 п. 34"),
        ("fine", "2025-12-15 10:00", "30 календарных дней, ЖК РФ ст. 157 ч. 6–7"),
        (
            "outsider",
            "2025-12-10 10:00",
            "30 календарных дней, внутренний регламент; перенос с 09.01.2026 "
            "(перенесённый выходной)",
        ),
        ("emergency", "2025-12-31 23:45", "30 минут, ПП 416 п. 13"),
    ],
)
def test_explanation(cal, code, received, explanation):
    assert compute_deadline(RULES[code], DT(received), cal).explanation == explanation


def test_explanation_with_the_shift_off(cal):
    rule = replace(RULES["owner_register"], shift_to_working_day=False)
    deadline = compute_deadline(rule, DT("2026-04-27 10:00"), cal)
    assert deadline.explanation == (
        "5 календарных дней, ЖК РФ ст. 45 ч. 3.1; 02.05.2026 — выходной, срок не переносится"
    )


def test_kind_given_as_text(cal):
    rule = CategoryRule("x", "Прочее", 3, "working", basis="")
    assert rule.kind is DayKind.WORKING
    assert compute_deadline(rule, DT("2025-12-30 10:00"), cal).due == D("2026-01-14")
    assert describe_period(120, "hours") == "2 часа"


def test_explanation_without_basis(cal):
    rule = CategoryRule("x", "Прочее", 21, DayKind.WORKING, basis="")
    assert compute_deadline(rule, DT("2026-01-14 10:00"), cal).explanation == "21 рабочий день"


@pytest.mark.parametrize(
    "amount, kind, text",
    [
        (1, DayKind.WORKING, "1 рабочий день"),
        (2, DayKind.WORKING, "2 рабочих дня"),
        (3, DayKind.WORKING, "3 рабочих дня"),
        (5, DayKind.WORKING, "5 рабочих дней"),
        (10, DayKind.WORKING, "10 рабочих дней"),
        (11, DayKind.WORKING, "11 рабочих дней"),
        (21, DayKind.WORKING, "21 рабочий день"),
        (22, DayKind.WORKING, "22 рабочих дня"),
        (1, DayKind.CALENDAR, "1 календарный день"),
        (3, DayKind.CALENDAR, "3 календарных дня"),
        (5, DayKind.CALENDAR, "5 календарных дней"),
        (12, DayKind.CALENDAR, "12 календарных дней"),
        (30, DayKind.CALENDAR, "30 календарных дней"),
        (31, DayKind.CALENDAR, "31 календарный день"),
        (1, DayKind.HOURS, "1 минута"),
        (2, DayKind.HOURS, "2 минуты"),
        (5, DayKind.HOURS, "5 минут"),
        (21, DayKind.HOURS, "21 минута"),
        (30, DayKind.HOURS, "30 минут"),
        (90, DayKind.HOURS, "90 минут"),
        (60, DayKind.HOURS, "1 час"),
        (120, DayKind.HOURS, "2 часа"),
        (300, DayKind.HOURS, "5 часов"),
        (1260, DayKind.HOURS, "21 час"),
        (1440, DayKind.HOURS, "24 часа"),
    ],
)
def test_describe_period(amount, kind, text):
    assert describe_period(amount, kind) == text


def test_due_moment_of_a_day_deadline(cal):
    deadline = compute_deadline(RULES["utility_info"], DT("2025-12-30 10:00"), cal)
    assert deadline.due_moment == DT("2026-01-15 00:00")
    assert DT("2026-01-14 23:59") < deadline.due_moment


# ------------------------------------------------------------- rule changes


@pytest.mark.parametrize(
    "code, amount, kind",
    [
        ("maintenance", 5, DayKind.WORKING),
        ("maintenance", 3, DayKind.WORKING),
        ("maintenance", 5, DayKind.CALENDAR),  # 5 calendar ≤ 5 working, always
        ("maintenance", 1, DayKind.CALENDAR),
        ("other", 10, DayKind.CALENDAR),
        ("owner_register", 5, DayKind.CALENDAR),
        ("owner_register", 3, DayKind.CALENDAR),
        ("owner_register", 1, DayKind.WORKING),
        ("public_info", 1, DayKind.WORKING),
        ("fine", 30, DayKind.CALENDAR),
        ("fine", 11, DayKind.WORKING),
        ("outsider", 10, DayKind.WORKING),
        ("emergency", 30, DayKind.HOURS),
        ("emergency", 20, DayKind.HOURS),
        ("emergency", 30, "hours"),
    ],
)
def test_rule_change_allowed(code, amount, kind):
    validate_rule_change(RULES[code], amount, kind)


@pytest.mark.parametrize(
    "code, amount, kind",
    [
        ("maintenance", 6, DayKind.WORKING),
        ("maintenance", 6, DayKind.CALENDAR),
        ("owner_register", 6, DayKind.CALENDAR),
        ("owner_register", 2, DayKind.WORKING),
        ("owner_register", 5, DayKind.WORKING),
        ("fine", 12, DayKind.WORKING),
        ("fine", 30, DayKind.WORKING),
        ("fine", 31, DayKind.CALENDAR),
        ("emergency", 31, DayKind.HOURS),
        ("emergency", 1, DayKind.WORKING),
        ("emergency", 1, DayKind.CALENDAR),
        ("maintenance", 60, DayKind.HOURS),
        ("maintenance", 0, DayKind.WORKING),
        ("maintenance", -1, DayKind.CALENDAR),
        ("maintenance", 3, "weeks"),
    ],
)
def test_rule_change_refused(code, amount, kind):
    with pytest.raises(ValidationFailed):
        validate_rule_change(RULES[code], amount, kind)


def test_rule_change_messages():
    with pytest.raises(ValidationFailed) as error:
        validate_rule_change(RULES["maintenance"], 7, DayKind.WORKING)
    assert error.value.message == (
        "Договор управления может только сократить срок, но не продлить его: "
        "установленный срок — 5 рабочих дней (ПП 491 п. 40 «а»), указано 7 рабочих дней."
    )
    with pytest.raises(ValidationFailed) as error:
        validate_rule_change(RULES["owner_register"], 3, DayKind.WORKING)
    assert error.value.message == (
        "Договор управления может только сократить срок, но не продлить его: "
        "установленный срок — 5 календарных дней (ЖК РФ ст. 45 ч. 3.1), указано 3 рабочих дня. "
        "В праздники (например, в новогодние) рабочие дни могут оказаться длиннее "
        "установленного срока. Укажите не больше 1 рабочего дня или срок в календарных днях — "
        "не больше 5."
    )
    with pytest.raises(ValidationFailed) as error:
        validate_rule_change(RULES["emergency"], 1, DayKind.WORKING)
    assert "заменить его сроком в днях нельзя" in error.value.message
    with pytest.raises(ValidationFailed) as error:
        validate_rule_change(RULES["maintenance"], 0, DayKind.WORKING)
    assert error.value.message == "Срок должен быть целым числом не меньше 1, указано 0."


@pytest.mark.parametrize("calendar_days", range(1, 32))
def test_working_days_allowed_for_calendar_days_are_never_longer(cal, calendar_days):
    """The bound holds on every real day of receipt from 2013 to 2027."""
    working = max_working_days_within(calendar_days)
    calendar_rule = CategoryRule("c", "c", calendar_days, DayKind.CALENDAR, "")
    working_rule = CategoryRule("w", "w", working, DayKind.WORKING, "")
    day = D("2013-01-01")
    while day <= D("2027-12-31"):
        received = datetime.combine(day, datetime.min.time())
        assert (
            compute_deadline(working_rule, received, cal).due
            <= compute_deadline(calendar_rule, received, cal).due
        ), day
        day += timedelta(days=1)


@pytest.mark.parametrize("amount", [1, 3, 5, 10])
def test_calendar_days_up_to_working_days_are_never_longer(cal, amount):
    working_rule = CategoryRule("w", "w", amount, DayKind.WORKING, "")
    for shift in (True, False):
        calendar_rule = CategoryRule("c", "c", amount, DayKind.CALENDAR, "", shift)
        day = D("2013-01-01")
        while day <= D("2027-12-31"):
            received = datetime.combine(day, datetime.min.time())
            assert (
                compute_deadline(calendar_rule, received, cal).due
                <= compute_deadline(working_rule, received, cal).due
            ), day
            day += timedelta(days=1)


def test_bound_is_not_vacuous():
    assert max_working_days_within(1) == 1
    assert max_working_days_within(5) == 1
    assert max_working_days_within(30) == 11
    assert max_working_days_within(30, shift_to_working_day=False) == 10


# ------------------------------------------------------------------ status


@pytest.mark.parametrize(
    "due, answered, today, status",
    [
        ("2026-01-14", None, "2026-01-15", "overdue"),
        ("2026-01-14", None, "2026-01-14", "due_today"),
        ("2026-01-14", None, "2026-01-13", "due_next"),
        ("2026-01-14", None, "2026-01-12", "open"),
        ("2026-01-12", None, "2026-01-09", "due_next"),  # nothing works in between
        ("2026-01-12", None, "2025-12-30", "due_next"),
        ("2026-01-13", None, "2025-12-30", "open"),
        ("2026-01-19", None, "2026-01-16", "due_next"),  # Friday → Monday
        ("2026-01-20", None, "2026-01-16", "open"),
        ("2026-05-02", None, "2026-05-01", "due_next"),  # Saturday, shift off
        ("2025-11-01", None, "2025-10-31", "due_next"),  # working Saturday
        ("2025-11-05", None, "2025-10-31", "open"),
        ("2026-01-14", "2026-01-14", "2026-02-01", "answered_on_time"),
        ("2026-01-14", "2026-01-10", "2026-02-01", "answered_on_time"),
        ("2026-01-14", "2026-01-15", "2026-02-01", "answered_late"),
        ("2026-01-14", "2026-01-15", "2026-01-10", "answered_late"),
    ],
)
def test_deadline_state(cal, due, answered, today, status):
    answered_on = D(answered) if answered else None
    result = deadline_state(D(due), answered_on, D(today), cal)
    assert result == status
    assert result is DeadlineStatus(status)
    deadline = Deadline(due=D(due), due_at=None, explanation="")
    assert deadline_state(deadline, answered_on, D(today), cal) == status


def test_deadline_state_with_moments(cal):
    deadline = compute_deadline(RULES["emergency"], DT("2025-12-31 23:45"), cal)  # 00:15
    assert deadline_state(deadline, None, DT("2026-01-01 00:10"), cal) == "due_today"
    assert deadline_state(deadline, None, DT("2026-01-01 00:20"), cal) == "overdue"
    assert deadline_state(deadline, None, D("2026-01-01"), cal) == "due_today"
    assert deadline_state(deadline, None, DT("2025-12-31 23:50"), cal) == "due_next"
    assert deadline_state(deadline, DT("2026-01-01 00:14"), D("2026-01-02"), cal) == (
        "answered_on_time"
    )
    assert deadline_state(deadline, DT("2026-01-01 00:16"), D("2026-01-02"), cal) == (
        "answered_late"
    )
    assert deadline_state(deadline, D("2026-01-01"), D("2026-01-02"), cal) == "answered_on_time"
    day = compute_deadline(RULES["utility_info"], DT("2025-12-30 10:00"), cal)  # 14.01
    assert deadline_state(day, DT("2026-01-14 23:59"), D("2026-01-20"), cal) == "answered_on_time"
    assert deadline_state(day, None, DT("2026-01-14 23:59"), cal) == "due_today"


def test_status_labels():
    assert DeadlineStatus.OVERDUE.label == "просрочено"
    assert DeadlineStatus.ANSWERED_ON_TIME.label == "отвечено в срок"
    assert f"{DeadlineStatus.DUE_TODAY}" == "due_today"


# ------------------------------------------------------------------ added after the mutation pass


def test_an_answer_at_the_very_minute_of_an_hours_deadline_is_on_time(cal):
    # 30 minutes from 09:00 end at 09:30: an answer at 09:30 is within them, 09:31 is not;
    # an open request is overdue only after 09:30
    deadline = compute_deadline(RULES["emergency"], DT("2026-03-10 09:00"), cal)
    assert deadline.due_at == DT("2026-03-10 09:30")
    assert deadline_state(deadline, DT("2026-03-10 09:30"), D("2026-03-11"), cal) == "answered_on_time"
    assert deadline_state(deadline, DT("2026-03-10 09:31"), D("2026-03-11"), cal) == "answered_late"
    assert deadline_state(deadline, None, DT("2026-03-10 09:30"), cal) == "due_today"
    assert deadline_state(deadline, None, DT("2026-03-10 09:31"), cal) == "overdue"


@pytest.mark.parametrize(("days", "least"), [
    # weekdays in the worst week alignment (the leftover days start on a Saturday),
    # minus 10 for every started 31 days, never below zero
    (-3, 0), (0, 0), (7, 0),
    (31, 11),  # 4 weeks = 20, 3 left (Sat, Sun, Mon) = 1 → 21 − 10
    (32, 2),  # 20 + 2 = 22, two started 31-day spans → 22 − 20
    (66, 16),  # 9 weeks = 45, 3 left = 1 → 46 − 3 × 10
    (67, 17),  # 45 + 2 = 47 − 30
    (100, 30),  # 14 weeks = 70, 2 left = 0 → 70 − 4 × 10
])
def test_the_least_working_days_in_a_span(days, least):
    assert min_working_days(days) == least


def test_the_working_days_bound_for_longer_calendar_periods():
    # with the shift: 1 + the least working days in the N − 1 days after receipt
    assert max_working_days_within(67) == 1 + 16
    # without it the N days themselves
    assert max_working_days_within(67, shift_to_working_day=False) == 17
    assert max_working_days_within(32, shift_to_working_day=False) == 2


@pytest.mark.parametrize(("minutes", "text"), [(4320, "72 часа"), (3600, "60 часов"), (0, "0 минут")])
def test_long_periods_in_hours_are_said_in_hours(minutes, text):
    assert describe_period(minutes, DayKind.HOURS) == text
