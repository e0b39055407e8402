"""Deadlines for answering requests: categories, counting rules, status.

Counting (``reference/legal-ru.md`` §1):

* a period in days starts on the day after the request was received;
* N calendar days end on received + N; a non-working end moves to the next working
  day (ГК РФ ст. 193) unless the rule switches the shift off;
* N working days end on the N-th working day after the day of receipt; working
  Saturdays count;
* a period in hours or minutes runs from the moment of registration and never
  shifts (ПП 416 п. 13).

A day deadline runs to the end of its day. One that ends in a year the calendar
computed by ТК РФ ст. 112 ч. 2 (no decree yet) says so in its explanation.
Everything here is a pure function:
the moment of receipt, ``today`` and the calendar are arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from math import ceil

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.calendar_years import computed_year_note
from tsj_desk.domain.deadline_rule import (  # noqa: F401  (re-exported)
    DEADLINE_STATUS_LABELS,
    DeadlineStatus,
    day_and_moment,
    state_at,
)
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.text import format_date, plural


class DayKind(StrEnum):
    """How a period is counted.

    For ``HOURS`` the amount of a rule is stored in **minutes** (30 = 30 минут,
    120 = 2 часа): one integer column serves every kind and no period needs a
    fraction.
    """

    CALENDAR = "calendar"
    WORKING = "working"
    HOURS = "hours"

    @property
    def label(self) -> str:
        return DAY_KIND_LABELS[self]


DAY_KIND_LABELS = {
    DayKind.CALENDAR: "календарные дни",
    DayKind.WORKING: "рабочие дни",
    DayKind.HOURS: "часы и минуты",
}


def describe_period(amount: int, kind: DayKind) -> str:
    """A period in Russian: «1 рабочий день», «5 календарных дней», «30 минут», «2 часа».

    For ``HOURS`` the amount is in minutes; whole hours are said in hours.
    """
    kind = DayKind(kind)
    if kind is DayKind.WORKING:
        return f"{amount} {plural(amount, 'рабочий день', 'рабочих дня', 'рабочих дней')}"
    if kind is DayKind.CALENDAR:
        return f"{amount} {plural(amount, 'календарный день', 'календарных дня', 'календарных дней')}"
    if amount and amount % 60 == 0:
        hours = amount // 60
        return f"{hours} {plural(hours, 'час', 'часа', 'часов')}"
    return f"{amount} {plural(amount, 'минута', 'минуты', 'минут')}"


@dataclass(frozen=True)
class CategoryRule:
    """A category of requests and its deadline rule.

    ``amount`` is in days for ``CALENDAR`` and ``WORKING``, in minutes for
    ``HOURS``. ``shift_to_working_day`` applies to calendar days only (a working-day
    period always ends on a working day; an hours period never shifts).
    """

    code: str
    label: str
    amount: int
    kind: DayKind
    basis: str
    shift_to_working_day: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        # rules built from database rows may carry the kind as a plain string
        object.__setattr__(self, "kind", DayKind(self.kind))

    @property
    def period(self) -> str:
        """«3 рабочих дня»."""
        return describe_period(self.amount, self.kind)


_TO_VERIFY = "Основание не сверено с текстом акта — проверьте действующую редакцию."
_SECONDARY = "Основание подтверждено только комментариями — проверьте действующую редакцию."

DEFAULT_CATEGORIES: tuple[CategoryRule, ...] = (
    CategoryRule(
        code="public_info",
        label="Информация, уже раскрытая публично (стенд, сайт, ГИС ЖКХ)",
        amount=1,
        kind=DayKind.CALENDAR,
        basis="ПП 416 п. 34",
        note=(
            "Срок — сутки (методические рекомендации). В ответе можно указать, где "
            "информация опубликована: ссылку и путь."
        ),
    ),
    CategoryRule(
        code="utility_info",
        label="О коммунальных услугах (качество, объёмы, показания ОДПУ)",
        amount=3,
        kind=DayKind.WORKING,
        basis="ПП 416 п. 34",
        note=(
            "Показания ОДПУ предоставляются не более чем за 3 года (ПП 416 п. 34 абз. 4). "
            + _SECONDARY
        ),
    ),
    CategoryRule(
        code="act_copy",
        label="Копии актов (ущерб; нарушение качества; проверка качества)",
        amount=3,
        kind=DayKind.WORKING,
        basis="методические рекомендации",
        note="",
    ),
    CategoryRule(
        code="maintenance",
        label="Об услугах и работах по содержанию общего имущества",
        amount=5,
        kind=DayKind.WORKING,
        basis="ПП 491 п. 40 «а»",
        note="Договор управления может сократить этот срок, но не продлить его. " + _SECONDARY,
    ),
    CategoryRule(
        code="owner_register",
        label="Запрос реестра собственников",
        amount=5,
        kind=DayKind.CALENDAR,
        basis="ЖК РФ ст. 45 ч. 3.1",
        note=(
            "Согласие собственников на обработку персональных данных для этой цели "
            "не требуется. " + _TO_VERIFY
        ),
    ),
    CategoryRule(
        code="utility_quality",
        label="Жалоба на качество коммунальной услуги",
        amount=3,
        kind=DayKind.WORKING,
        basis="ПП 354 п. 31 «к»",
        note=(
            "Причина известна — ответить сразу. Причина неизвестна — согласовать "
            "проверку (не позднее 2 часов, ПП 354 п. 108), составить акт проверки и "
            "ответить в течение 5 дней после акта. В ответе — результат проверки и "
            "решение о перерасчёте; отказ — с указанием причины. " + _TO_VERIFY
        ),
    ),
    CategoryRule(
        code="fine",
        label="О выплате штрафа за нарушение порядка расчёта платы",
        amount=30,
        kind=DayKind.CALENDAR,
        basis="ЖК РФ ст. 157 ч. 6–7",
        note=(
            "Штраф выплачивается в течение 2 месяцев уменьшением платы. " + _SECONDARY
        ),
    ),
    CategoryRule(
        code="other",
        label="Запросы, не связанные с ЖКУ и раскрытием информации",
        amount=10,
        kind=DayKind.WORKING,
        basis="ПП 416 п. 36",
        note=_SECONDARY,
    ),
    CategoryRule(
        code="outsider",
        label="Запросы посторонних лиц",
        amount=30,
        kind=DayKind.CALENDAR,
        basis="внутренний регламент",
        note=(
            "Закон № 59-ФЗ на управляющие организации не распространяется "
            "(ВС РФ 14.02.2019 № 88-АД19-1, 15.02.2019 № 48-АД19-2)."
        ),
    ),
    CategoryRule(
        code="emergency",
        label="Аварийная заявка (диспетчерская служба)",
        amount=30,
        kind=DayKind.HOURS,
        basis="ПП 416 п. 13",
        shift_to_working_day=False,
        note=(
            "Срок локализации аварии. Ответить на звонок — в течение 5 минут, "
            "перезвонить — в течение 10 минут; засоры — 2 часа; ремонт — 3 дня."
        ),
    ),
)


def default_category(code: str) -> CategoryRule:
    """The shipped default of a category by its code; NotFound for an unknown code."""
    for rule in DEFAULT_CATEGORIES:
        if rule.code == code:
            return rule
    raise NotFound(f"Нет категории обращений с кодом «{code}».")


@dataclass(frozen=True)
class Deadline:
    """When an answer is due.

    For day periods ``due_at`` is None and the deadline runs to the end of ``due``
    (24:00). For hours periods ``due_at`` is the exact moment and ``due`` its date.
    ``shifted_from`` is the non-working day a calendar period ended on before the
    shift to the next working day.
    """

    due: date
    due_at: datetime | None
    explanation: str
    shifted_from: date | None = None

    @property
    def due_moment(self) -> datetime:
        """The first moment that is late: ``due_at``, or 00:00 of the day after ``due``.

        A day deadline gives a naive datetime (the app keeps local naive times).
        """
        if self.due_at is not None:
            return self.due_at
        return datetime.combine(self.due + timedelta(days=1), time.min)


def compute_deadline(
    rule: CategoryRule, received: datetime, calendar: ProductionCalendar
) -> Deadline:
    """The deadline of a request of category ``rule`` received at ``received``."""
    if rule.amount < 1:
        raise ValueError(f"rule {rule.code!r} has a non-positive amount {rule.amount}")
    period = describe_period(rule.amount, rule.kind)
    head = f"{period}, {rule.basis}" if rule.basis else period

    if rule.kind is DayKind.HOURS:
        if not isinstance(received, datetime):
            raise TypeError("an hours deadline needs the moment of receipt, not a date")
        due_at = received + timedelta(minutes=rule.amount)
        return Deadline(due=due_at.date(), due_at=due_at, explanation=head)

    day = received.date() if isinstance(received, datetime) else received
    if rule.kind is DayKind.WORKING:
        due = calendar.add_working_days(day, rule.amount)
        return Deadline(due=due, due_at=None, explanation=_year_note(head, due, calendar))

    end = day + timedelta(days=rule.amount)
    if calendar.is_working_day(end):
        explanation = _year_note(head, end, calendar) if rule.shift_to_working_day else head
        return Deadline(due=end, due_at=None, explanation=explanation)
    reason = calendar.day_off_reason(end)
    if not rule.shift_to_working_day:
        return Deadline(
            due=end,
            due_at=None,
            explanation=f"{head}; {format_date(end)} — {reason}, срок не переносится",
        )
    due = calendar.next_working_day(end)
    return Deadline(
        due=due,
        due_at=None,
        explanation=_year_note(f"{head}; перенос с {format_date(end)} ({reason})", due, calendar),
        shifted_from=end,
    )


def _year_note(explanation: str, due: date, calendar: ProductionCalendar) -> str:
    """``explanation``, and a note when ``due`` was found on a computed year's calendar."""
    if calendar.is_computed_year(due.year):
        return f"{explanation}; {computed_year_note(due.year)}"
    return explanation


# ------------------------------------------------------------ rule changes

# The most weekday days off (holidays and days moved by decree) assumed in any
# 31 consecutive days. The worst in the decrees so far is 8 (31.12.2025 and
# 1, 2, 5–9.01.2026); 10 leaves room for regional holidays the user adds.
WEEKDAYS_OFF_PER_31_DAYS = 10


def min_working_days(days: int) -> int:
    """A lower bound of the working days in any ``days`` consecutive calendar days.

    Weekdays in the worst position of the week (the window ends on a weekend),
    minus ``WEEKDAYS_OFF_PER_31_DAYS`` for every started 31 days.
    """
    if days <= 0:
        return 0
    weekdays = 5 * (days // 7) + max(0, days % 7 - 2)
    return max(0, weekdays - WEEKDAYS_OFF_PER_31_DAYS * ceil(days / 31))


def max_working_days_within(calendar_days: int, shift_to_working_day: bool = True) -> int:
    """The most working days that never end later than ``calendar_days`` calendar days.

    With the shift on, N calendar days from day d end on the (k+1)-th working day
    after d, where k is the number of working days in the N−1 days after d; so M
    working days are never longer when M ≤ 1 + (least possible k). Without the
    shift the calendar period ends on d + N itself and M must fit in N days.
    """
    if shift_to_working_day:
        return 1 + min_working_days(calendar_days - 1)
    return min_working_days(calendar_days)


def validate_rule_change(default: CategoryRule, new_amount: int, new_kind: DayKind) -> None:
    """Refuse a rule that could give a longer period than the default.

    A management contract may shorten a deadline, never lengthen it. The new
    period must end no later than the default one for *every* day of receipt:

    * same kind: ``new_amount ≤ default.amount``;
    * working N → calendar M: allowed when M ≤ N. M calendar days (shifted or not)
      end on or before the M-th working day, which is never after the N-th;
    * calendar N → working M: allowed when M ≤ ``max_working_days_within(N)``, a
      bound that assumes the worst week alignment and up to
      ``WEEKDAYS_OFF_PER_31_DAYS`` weekday days off (the New Year holidays).
      It is conservative: 30 calendar days admit 11 working days, 5 calendar
      days admit 1 working day (5 working days from 30.12.2025 end on 16.01.2026,
      5 calendar days on 12.01.2026);
    * hours ↔ days: refused, the periods measure different things (dispatch
      versus a written answer).

    Raises ``ValidationFailed`` with a Russian message.
    """
    try:
        new_kind = DayKind(new_kind)
    except ValueError:
        raise ValidationFailed(f"Неизвестный способ счёта срока: «{new_kind}».") from None
    if isinstance(new_amount, bool) or not isinstance(new_amount, int) or new_amount < 1:
        raise ValidationFailed(f"Срок должен быть целым числом не меньше 1, указано {new_amount}.")
    default_period = default.period
    where = f" ({default.basis})" if default.basis else ""
    if (default.kind is DayKind.HOURS) != (new_kind is DayKind.HOURS):
        if default.kind is DayKind.HOURS:
            message = (
                f"Срок категории «{default.label}» считается в часах и минутах "
                f"({default_period}{where}); заменить его сроком в днях нельзя."
            )
        else:
            message = (
                f"Срок категории «{default.label}» считается в днях "
                f"({default_period}{where}); заменить его сроком в часах и минутах нельзя."
            )
        raise ValidationFailed(message)

    new_period = describe_period(new_amount, new_kind)
    refusal = (
        f"Договор управления может только сократить срок, но не продлить его: "
        f"установленный срок — {default_period}{where}, указано {new_period}."
    )
    if new_kind is default.kind or new_kind is DayKind.CALENDAR:
        # same kind, or working N → calendar M (M ≤ N is never longer)
        if new_amount > default.amount:
            raise ValidationFailed(refusal)
        return

    # calendar N → working M
    limit = max_working_days_within(default.amount, default.shift_to_working_day)
    if new_amount > limit:
        days = plural(limit, "рабочего дня", "рабочих дней", "рабочих дней")  # genitive
        allowed = f"не больше {limit} {days} или " if limit else ""
        raise ValidationFailed(
            f"{refusal} В праздники (например, в новогодние) рабочие дни могут "
            f"оказаться длиннее установленного срока. Укажите {allowed}срок в "
            f"календарных днях — не больше {default.amount}."
        )


# ------------------------------------------------------------------ status


def deadline_state(
    due: Deadline | date,
    answered_on: date | datetime | None,
    today: date | datetime,
    calendar: ProductionCalendar,
) -> DeadlineStatus:
    """Where a request stands against its deadline.

    ``due`` is a Deadline or its due date. Days are compared by date: a request
    answered on its due date is on time. For an hours deadline (``due_at`` set)
    pass datetimes to compare moments: an answer or a ``today`` given as a
    datetime is compared with ``due_at``.

    Unanswered: ``overdue`` after the due date, ``due_today`` on it, ``due_next``
    when it falls after today but no later than the next working day (a Friday
    request due on Saturday or Monday), ``open`` later.
    """
    due_at = due.due_at if isinstance(due, Deadline) else None
    due_date = due.due if isinstance(due, Deadline) else _day(due)
    answered_at = answered_on if isinstance(answered_on, datetime) else None
    day, moment = day_and_moment(today)
    return state_at(due_date, due_at, None if answered_on is None else _day(answered_on), answered_at,
                    day, moment, calendar.add_working_days(day, 1))


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
