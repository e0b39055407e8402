"""The request journal: registration with a number and a legal deadline, answers,
status history, the filtered and sorted journal (in SQL), the register hand-out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import peewee

from tsj_desk.domain.calendar import ProductionCalendar
from tsj_desk.domain.deadlines import (
    CategoryRule,
    Deadline,
    DayKind,
    DeadlineStatus,
    compute_deadline,
)
from tsj_desk.domain.deadline_rule import answered_late, day_and_moment, state_at
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.journal import (
    DAYS_AFTER_INSPECTION_ACT,
    Channel,
    Result,
    Status,
    check_transition,
    format_reg_no,
)
from tsj_desk.domain.text import fold, format_date, format_datetime
from tsj_desk.services import audit, deadline_sql, journal_order
from tsj_desk.services.calendar import category_rule, production_calendar
from tsj_desk.services.journal_card import RequestCard, _get, attachment_path, request_card  # noqa: F401
from tsj_desk.services.journal_summary import (  # noqa: F401 - the Сводка page and the export, kept importable here
    JOURNAL_EXPORT_HEADERS,
    CategoryRate,
    JournalSummary,
    export_journal,
    journal_summary,
    rates_window_start,
    summary_filters,
)
from tsj_desk.storage.database import database
from tsj_desk.storage.versions import expect, retried
from tsj_desk.storage.models import (
    Attachment,
    Person,
    Premise,
    Request,
    RequestCategory,
    RequestEvent,
    RequestSequence,
)

# ---------------------------------------------------------------- registration


@dataclass
class RequestInput:
    """What the registration form collects."""

    category: str
    received_at: datetime
    applicant: str
    text: str
    channel: Channel | str = Channel.IN_PERSON
    subject: str = ""
    applicant_contacts: str = ""
    person_id: int | None = None
    premise_number: str = ""
    attachments: list[Path] = field(default_factory=list)


def preview_deadline(category: str, received_at: datetime) -> Deadline:
    """The deadline the form shows while the request is being typed."""
    return compute_deadline(category_rule(category), received_at, production_calendar())


def _search_key(reg_no: str, applicant: str, premise: str, subject: str, text: str) -> str:
    """What the journal's text filter searches: number, applicant, premise, subject and
    the start of the text (the subject is often the text's first line: not twice)."""
    body = text[:300]
    if subject and body.startswith(subject):
        subject = ""
    return fold(" ".join(p for p in (reg_no, applicant, premise, subject, body) if p))


@retried
def register_request(data: RequestInput, *, now: datetime,
                     attachments_dir: Path | None = None) -> str:
    """Register a request; returns its number ``YYYY-NNNN`` (never reused). The year's
    counter row is locked by its UPDATE until the commit: PCs registering at once get
    the next numbers in turn, unique and without gaps."""
    applicant = " ".join(data.applicant.split())
    problems = []
    if not applicant:
        problems.append("Укажите заявителя.")
    if not data.text.strip() and not data.subject.strip():
        problems.append("Укажите содержание обращения.")
    if data.received_at > now + timedelta(minutes=5):
        problems.append(f"Время поступления {format_datetime(data.received_at)} ещё не наступило.")
    try:
        channel = Channel(data.channel)
    except ValueError:
        problems.append(f"Неизвестный канал поступления «{data.channel}».")
        channel = Channel.OTHER
    for path in data.attachments:
        if not Path(path).is_file():
            problems.append(f"Файл вложения «{path}» не найден.")
    if problems:
        raise ValidationFailed(problems[0], problems)
    rule = category_rule(data.category)
    deadline = compute_deadline(rule, data.received_at, production_calendar())
    premise = None
    if data.premise_number.strip():
        premise = Premise.get_or_none(Premise.number == data.premise_number.strip())
        if premise is None:
            raise ValidationFailed(f"Помещение № {data.premise_number.strip()} не найдено в реестре.")
    if data.person_id is not None and Person.get_or_none(Person.id == data.person_id) is None:
        raise NotFound("Выбранный заявитель не найден в реестре.")
    year = data.received_at.year
    with database.atomic():
        RequestSequence.insert(year=year, last=0).on_conflict_ignore().execute()
        RequestSequence.update(last=RequestSequence.last + 1).where(RequestSequence.year == year).execute()
        number = RequestSequence.get(RequestSequence.year == year).last
        reg_no = format_reg_no(year, number)
        premise_number = premise.number if premise else ""
        request = Request.create(
            reg_no=reg_no, received_at=data.received_at, channel=channel.value,
            person=data.person_id, applicant=applicant,
            applicant_contacts=data.applicant_contacts.strip(), premise=premise,
            premise_number=premise_number,
            category=RequestCategory.get(RequestCategory.code == rule.code),
            subject=data.subject.strip(), text=data.text.strip(), due_date=deadline.due,
            due_at=deadline.due_at, deadline_basis=deadline.explanation,
            status=Status.REGISTERED.value,
            search_key=_search_key(reg_no, applicant, premise_number, data.subject, data.text),
        )
        _event(request, now, "Зарегистрировано",
               f"срок ответа {_due_text(deadline.due, deadline.due_at)} ({deadline.explanation})")
        for path in data.attachments:
            _attach(request, Path(path), now, attachments_dir)
        audit.record("register", "request", request.id, now=now, reg_no=reg_no,
                     category=rule.code)
    return reg_no


def _inspection_rule(act_on: date) -> CategoryRule:
    """The answer after an inspection act: within 5 days of the act."""
    return CategoryRule("inspection_act", "после акта проверки", DAYS_AFTER_INSPECTION_ACT,
                        DayKind.CALENDAR, f"акт проверки от {format_date(act_on)}")


def recalculate_open_deadlines(before: ProductionCalendar, after: ProductionCalendar, *,
                               now: datetime) -> int:
    """Move the deadlines of open requests after the calendar changed (a day made a
    day off, or working by a decree the calendar did not know); returns how many moved.

    A request is recalculated only if its rule still gives its stored deadline on the
    calendar ``before``: one registered under a rule changed since keeps its deadline.
    Each move is written into the request's history.
    """
    rules: dict[str, CategoryRule] = {}
    moved = 0
    for request in Request.select().join(RequestCategory).where(Request.status.in_(_OPEN)):
        code = request.category.code
        if request.inspection_act_on is not None:
            rule, start = _inspection_rule(request.inspection_act_on), request.inspection_act_on
        else:
            rule = rules.get(code) or rules.setdefault(code, category_rule(code))
            start = request.received_at
        old = compute_deadline(rule, start, before)
        if (old.due, old.due_at) != (request.due_date, request.due_at):
            continue
        new = compute_deadline(rule, start, after)
        if (new.due, new.due_at) == (old.due, old.due_at):
            continue
        request.due_date, request.due_at, request.deadline_basis = new.due, new.due_at, new.explanation
        request.save()
        _event(request, now, "Срок ответа пересчитан",
               f"изменён производственный календарь: было {_due_text(old.due, old.due_at)}, "
               f"стало {_due_text(new.due, new.due_at)} ({new.explanation})")
        moved += 1
    return moved


def _due_text(due: date, due_at: datetime | None) -> str:
    return format_datetime(due_at) if due_at else format_date(due)


def _event(request: Request, now: datetime, action: str, details: str = "") -> None:
    RequestEvent.create(request=request, at=now, user=audit.current_user(), action=action,
                        details=details)


def _attach(request: Request, source: Path, now: datetime, folder: Path | None) -> None:
    """The file kept in the base (``services.document_files``): every PC opens it;
    ``folder`` is no longer used."""
    from tsj_desk.services.document_files import attach

    attach(request.id, source, now=now)


def _refuse_voided(request: Request, what: str) -> None:
    if request.status == Status.VOIDED.value:
        raise ValidationFailed(f"Обращение № {request.reg_no} аннулировано: {what}.")


# ---------------------------------------------------------------- work on a request


def set_status(reg_no: str, status: Status | str, *, now: datetime, version: int | None = None) -> None:
    """«В работу» and the like; ``version``: the one the card was read at (a request
    changed since on another PC is refused, ``storage.versions``)."""
    request = _get(reg_no)
    expect(request, version)
    new = Status(status)
    check_transition(Status(request.status), new)
    with database.atomic():
        old = Status(request.status)
        request.status = new.value
        request.save()
        _event(request, now, f"Статус: {new.label}", f"было: {old.label}")
        audit.record("status", "request", request.id, now=now, before=old.value, after=new.value)


INSPECTED = "utility_quality"  # the complaint whose deadline an inspection act sets (ПП 354 п. 108–110)


def schedule_inspection(reg_no: str, at: datetime, *, now: datetime) -> None:
    """A quality complaint whose cause is unknown: agree an inspection with the resident."""
    request = _get(reg_no)
    if request.category.code != INSPECTED:
        raise ValidationFailed("Проверку с актом назначают только по жалобе на качество коммунальной "
                               "услуги: у других обращений срок ответа от проверки не зависит.")
    if at < request.received_at:
        raise ValidationFailed("Проверка назначена раньше, чем поступило обращение.")
    check_transition(Status(request.status), Status.INSPECTION)
    with database.atomic():
        request.status = Status.INSPECTION.value
        request.inspection_at = at
        request.save()
        _event(request, now, "Назначена проверка", f"на {format_datetime(at)}")
        audit.record("inspection", "request", request.id, now=now, at=at)


def record_inspection_act(reg_no: str, act_on: date, *, now: datetime) -> Deadline:
    """The inspection act is drawn up: the answer is due within 5 days of the act."""
    request = _get(reg_no)
    if Status(request.status) is not Status.INSPECTION:
        raise ValidationFailed("Сначала назначьте проверку.")
    if act_on < request.received_at.date():
        raise ValidationFailed("Дата акта раньше даты поступления обращения.")
    if request.inspection_at is not None and act_on < request.inspection_at.date():
        raise ValidationFailed(f"Дата акта раньше назначенной проверки ({format_datetime(request.inspection_at)}).")
    if act_on > now.date():
        raise ValidationFailed(f"Дата акта {format_date(act_on)} ещё не наступила.")
    deadline = compute_deadline(_inspection_rule(act_on), act_on, production_calendar())
    with database.atomic():
        request.inspection_act_on = act_on
        request.due_date, request.due_at = deadline.due, None
        request.deadline_basis = deadline.explanation
        request.status = Status.IN_PROGRESS.value
        request.save()
        _event(request, now, "Составлен акт проверки",
               f"акт от {format_date(act_on)}; новый срок ответа {format_date(deadline.due)}")
        audit.record("inspection_act", "request", request.id, now=now, act_on=act_on)
    return deadline


@dataclass
class AnswerInput:
    text: str
    on: date
    at: time | None = None  # the time of day: required when the deadline is in hours
    channel: Channel | str | None = None  # None: the channel the request came through
    outgoing_no: str = ""
    result: Result | str = Result.EXPLAINED
    refusal_reason: str = ""
    recalculation: str = ""  # quality complaints: the decision on recalculation


def answer_request(reg_no: str, answer: AnswerInput, *, now: datetime, version: int | None = None) -> None:
    """Record the answer (ПП 416 п. 37: by default through the request's own channel).
    ``version``: the one the card was read at; the save is refused when the request
    changed since (another PC answered it, took it to work…), and the answer is kept
    in the dialog."""
    request = _get(reg_no)
    expect(request, version)
    status = Status(request.status)
    _refuse_voided(request, "ответ на него не записывают")
    if not status.is_open:
        raise ValidationFailed(f"На обращение № {reg_no} ответ уже дан.")
    problems = []
    if not answer.text.strip():
        problems.append("Введите текст ответа.")
    if answer.on < request.received_at.date():
        problems.append("Дата ответа раньше даты поступления обращения.")
    if answer.on > now.date():
        problems.append(f"Дата ответа {format_date(answer.on)} ещё не наступила.")
    answered_at = datetime.combine(answer.on, answer.at) if answer.at is not None else None
    if request.due_at is not None and answered_at is None:
        problems.append("Срок ответа на это обращение — в часах: укажите и время ответа.")
    elif answered_at is not None and answer.on == request.received_at.date() and answered_at < request.received_at:
        problems.append(f"Время ответа {answered_at:%H:%M} раньше поступления обращения "
                        f"({request.received_at:%H:%M}).")
    elif answered_at is not None and answer.on == now.date() and answered_at > now:
        problems.append(f"Время ответа {answered_at:%H:%M} ещё не наступило.")
    try:
        result = Result(answer.result)
    except ValueError:
        problems.append(f"Неизвестный результат «{answer.result}».")
        result = Result.EXPLAINED
    if result is Result.REFUSED and not answer.refusal_reason.strip():
        problems.append("При отказе укажите его причину.")
    if request.category.code == "utility_quality" and not answer.recalculation.strip():
        problems.append("В ответе на жалобу о качестве укажите решение о перерасчёте платы.")
    if problems:
        raise ValidationFailed(problems[0], problems)
    channel = Channel(answer.channel) if answer.channel else Channel(request.channel)
    with database.atomic():
        request.answer_text = answer.text.strip()
        request.answered_on = answer.on
        request.answered_at = answered_at
        request.answer_channel = channel.value
        request.outgoing_no = answer.outgoing_no.strip()
        request.result = result.value
        request.refusal_reason = answer.refusal_reason.strip()
        request.recalculation = answer.recalculation.strip()
        request.status = Status.ANSWERED.value
        request.save()
        late = answered_late(request.due_date, request.due_at, answer.on, answered_at)
        when = format_date(answer.on) + (f" {answered_at:%H:%M}" if answered_at is not None else "")
        _event(request, now, "Ответ дан", f"{when}, {channel.label}, {result.label}"
               + (" — с опозданием" if late else ""))
        audit.record("answer", "request", request.id, now=now, on=answer.on, result=result.value)


def close_request(reg_no: str, *, now: datetime, satisfaction: int | None = None,
                  version: int | None = None) -> None:
    request = _get(reg_no)
    expect(request, version)
    check_transition(Status(request.status), Status.CLOSED)
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValidationFailed("Оценка заявителя — от 1 до 5.")
    with database.atomic():
        request.status = Status.CLOSED.value
        request.satisfaction = satisfaction
        request.save()
        _event(request, now, "Закрыто",
               f"оценка заявителя: {satisfaction}" if satisfaction else "")
        audit.record("close", "request", request.id, now=now, satisfaction=satisfaction)


def issue_register(reg_no: str, out: Path, *, now: datetime, purpose: str,
                   as_of: date | None = None) -> Path:
    """«Подготовить реестр»: the register file for an owner_register request and its
    disclosure; the request is answered only when the hand-over is recorded
    (``services.register_handout``)."""
    from tsj_desk.services.register_handout import prepare_register

    return prepare_register(reg_no, out, now=now, purpose=purpose, as_of=as_of)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class JournalRow:
    id: int
    reg_no: str
    received_at: datetime
    channel: Channel
    applicant: str
    premise_number: str
    category_code: str
    category_label: str
    subject: str
    due_date: date
    due_at: datetime | None
    status: Status
    answered_on: date | None
    result: str
    state: DeadlineStatus
    days_late: int = 0  # past the due date: the answer's, or today's while unanswered
    deadline_basis: str = ""  # how the deadline was computed, shown next to it
    answered_at: datetime | None = None  # the moment of the answer, when it was given
    late_by: timedelta | None = None  # a deadline in hours: how long past it (the answer, or now)
    void_reason: str = ""  # why it was voided (status VOIDED)


@dataclass
class JournalFilter:
    text: str = ""
    overdue: bool = False
    due_this_week: bool = False
    due_today: bool = False
    statuses: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    premise_number: str = ""
    received_from: date | None = None
    received_to: date | None = None
    answered_late: bool = False
    without_voided: bool = False  # leave out the requests voided as registered by mistake
    house_id: int | None = None  # the requests about a premise of this house


_STATUS_ORDER = peewee.Case(Request.status, [(s.value, n) for n, s in enumerate(Status)], len(Status))

SORT_COLUMNS = {
    "reg_no": (Request.received_at, Request.id),
    "received_at": (Request.received_at, Request.id),
    "applicant": (Request.applicant, Request.id),
    "premise": (Premise.sort_key, Request.premise_number, Request.id),
    "category": (RequestCategory.position, Request.id),
    "subject": (Request.subject, Request.id),
    "due_date": (Request.due_date, Request.id),
    "status": (_STATUS_ORDER, Request.id),  # in the order of the flow, not alphabetical
    "answered_on": (Request.answered_on, Request.id),
}

_OPEN = deadline_sql.OPEN


def _filtered(flt: JournalFilter, today: date | datetime) -> peewee.ModelSelect:
    """The filtered requests, without joins: counting them scans one table."""
    day, moment = day_and_moment(today)
    query = Request.select()
    conditions = []
    if needle := fold(flt.text):
        conditions.append(_text_condition(needle))
    if flt.overdue:
        conditions.append(deadline_sql.overdue(day, moment))
    if flt.due_today:
        conditions.append(deadline_sql.due_today(day, moment))
    if flt.due_this_week:
        conditions.append(deadline_sql.due_this_week(day, moment))
    if flt.answered_late:
        conditions.append(deadline_sql.answered_late())
    if flt.without_voided:
        conditions.append(Request.status != Status.VOIDED.value)
    if flt.statuses:
        conditions.append(Request.status.in_(list(flt.statuses)))
    if flt.categories:
        conditions.append(Request.category.in_(
            RequestCategory.select(RequestCategory.id).where(RequestCategory.code.in_(list(flt.categories)))))
    if flt.channels:
        conditions.append(Request.channel.in_(list(flt.channels)))
    if flt.premise_number.strip():
        conditions.append(Request.premise_number == flt.premise_number.strip())
    if flt.house_id is not None:
        conditions.append(Request.premise.in_(
            Premise.select(Premise.id).where(Premise.house == flt.house_id)))
    if flt.received_from:
        conditions.append(Request.received_at >= datetime.combine(flt.received_from, datetime.min.time()))
    if flt.received_to:
        conditions.append(Request.received_at < datetime.combine(flt.received_to + timedelta(days=1),
                                                                 datetime.min.time()))
    for condition in conditions:
        query = query.where(condition)
    return query


TRIGRAM = 3  # the trigram index answers substrings of at least three characters


def _has_search_index() -> bool:
    db = database.obj
    return isinstance(db, peewee.SqliteDatabase) and db.table_exists("request_search")


def _text_condition(needle: str):
    """Requests whose folded search key contains ``needle`` (folded in Python, so that
    Cyrillic case and ё/е fold everywhere). Through the trigram index when it exists
    and the needle is long enough; otherwise LIKE, with % and _ escaped."""
    if len(needle) >= TRIGRAM and _has_search_index():
        # "id + 0": the matches are looked up while walking the sort order's index and the
        # page stops after its rows, instead of fetching every match and sorting them all
        return (Request.id + 0).in_(peewee.SQL(
            '(SELECT rowid FROM "request_search" WHERE "request_search" MATCH ?)', (_phrase(needle),)))
    if not isinstance(database.obj, peewee.SqliteDatabase):
        return journal_order.folded_contains(Request.search_key, needle)  # the trigram index's LIKE
    return Request.search_key.contains(needle)


def count_requests(flt: JournalFilter, *, today: date | datetime) -> int:
    """How many requests ``flt`` selects; ``today`` given as a moment also finds the
    requests whose deadline in hours has passed today."""
    needle = fold(flt.text)
    if (flt == JournalFilter(text=flt.text) and len(needle) >= TRIGRAM
            and _has_search_index()):  # the text alone: the index counts by itself
        return database.execute_sql(
            'SELECT count(*) FROM "request_search" WHERE "request_search" MATCH ?',
            (_phrase(needle),)).fetchone()[0]
    # count(*), not count(id): SQLite counts a whole table from its smallest index without
    # reading a row (0.3 ms for 100,000 requests, where count(id) reads each: 8 ms)
    return _filtered(flt, today).select(peewee.fn.COUNT(peewee.SQL("*"))).scalar()


def _phrase(needle: str) -> str:
    return '"' + needle.replace('"', '""') + '"'  # a quoted phrase: nothing in it is syntax


def list_requests(flt: JournalFilter, *, today: date | datetime, sort: str = "received_at",
                  descending: bool = True, offset: int = 0, limit: int | None = None,
                  calendar: ProductionCalendar | None = None) -> list[JournalRow]:
    """One page of the filtered journal, filtered and sorted in SQL."""
    columns = SORT_COLUMNS.get(sort, SORT_COLUMNS["received_at"])
    # empty values (no answer yet, no premise) after the others when descending and before
    # them when ascending, as SQLite has it, each engine from an index (journal_order)
    order = journal_order.journal_order(columns, descending, database.obj)
    query = (_filtered(flt, today)
             .select(Request.id, Request.reg_no, Request.received_at, Request.channel,
                     Request.applicant, Request.premise_number, RequestCategory.code,
                     RequestCategory.label, Request.subject, Request.text, Request.due_date,
                     Request.due_at, Request.status, Request.answered_on, Request.result,
                     Request.deadline_basis, Request.answered_at, Request.void_reason)
             .join(RequestCategory))
    if sort == "premise":  # natural order of numbers: 2 before 10, flats before Н1
        query = query.switch(Request).join(Premise, peewee.JOIN.LEFT_OUTER)
    query = query.order_by(*order)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    calendar = calendar or production_calendar()
    day, moment = day_and_moment(today)
    next_working = calendar.add_working_days(day, 1)
    rows = []
    for (rid, reg_no, received, channel, applicant, premise, code, label, subject, text, due,
         due_at, status, answered, result, basis, answered_at, void_reason) in query.tuples():
        state = state_at(due, due_at, answered, answered_at, day, moment, next_working,
                         voided=status == Status.VOIDED.value)
        late_from = answered or day
        days_late = 0 if state is DeadlineStatus.VOIDED else max(0, (late_from - due).days)
        late_by = None
        if due_at is not None and state in (DeadlineStatus.OVERDUE, DeadlineStatus.ANSWERED_LATE):
            late_by = (answered_at or moment or due_at) - due_at
        rows.append(JournalRow(rid, reg_no, received, Channel(channel), applicant, premise, code,
                               label, subject or _short(text), due, due_at, Status(status),
                               answered, result, state, days_late, deadline_basis=basis,
                               answered_at=answered_at, late_by=late_by,
                               void_reason=void_reason or ""))
    return rows


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def deadlines_passed(since: datetime, until: datetime) -> bool:
    """Whether an open request's deadline in hours fell after ``since`` and by ``until``:
    its state changed, and a journal shown since then is out of date."""
    if until <= since:
        return False  # no time went by: nothing can have passed (a page shown as it was read)
    # a deadline in hours falls on its due date: the (status, due_date) index finds the few
    # open requests due on those days, where due_at alone would scan the whole journal
    return (Request.select().where(Request.status.in_(_OPEN)
                                   & Request.due_date.between(since.date(), until.date())
                                   & Request.due_at.is_null(False)
                                   & (Request.due_at > since) & (Request.due_at <= until))
            .exists())


def recompute_states(*, today: date | datetime) -> dict[DeadlineStatus, int]:
    """How many requests stand in each deadline state as of ``today`` (a day, or a
    moment, which also decides deadlines in hours): one SQL query."""
    day, moment = day_and_moment(today)
    next_working = production_calendar().add_working_days(day, 1)
    state = deadline_sql.state(day, moment, next_working)
    counts = {s: 0 for s in DeadlineStatus}
    # grouped by the column's position: PostgreSQL takes the state's expression in GROUP BY,
    # its parameters bound anew, for another expression than the selected one
    for name, count in (Request.select(state.alias("state"), peewee.fn.COUNT(Request.id))
                        .group_by(peewee.SQL("1")).tuples()):
        counts[DeadlineStatus(name)] = count
    return counts
