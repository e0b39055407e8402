"""The request journal: numbers, deadlines from the database, answers, history, filters."""

import json
import subprocess
import sys
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tsj_desk.domain.deadlines import DayKind, DeadlineStatus
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.journal import Result, Status
from tsj_desk.services import journal
from tsj_desk.services.calendar import set_override, update_category
from tsj_desk.services.disclosure import list_disclosures
from tsj_desk.services.registry import import_registry
from tsj_desk.storage.models import Request

from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 12, 0)


def register(category="maintenance", received=datetime(2026, 11, 2, 10, 15), **extra):
    data = dict(category=category, received_at=received, applicant="Иванов Иван", text="Течёт кран")
    data.update(extra)
    return journal.register_request(journal.RequestInput(**data), now=NOW)


def test_numbers_are_per_year_and_never_reused(db):
    assert register() == "2026-0001"
    assert register() == "2026-0002"
    assert register(received=datetime(2025, 12, 30, 9, 0)) == "2025-0001"
    Request.delete().where(Request.reg_no == "2026-0002").execute()
    assert register() == "2026-0003"


def test_deadline_is_stored_with_how_it_was_computed(db):
    card = journal.request_card(register("owner_register", datetime(2026, 4, 27, 11, 0)))
    assert card.due_date == date(2026, 5, 4)
    assert "5 календарных дней" in card.deadline_basis
    assert "перенос с 02.05.2026" in card.deadline_basis
    assert card.history[0][2] == "Зарегистрировано"
    assert "04.05.2026" in card.history[0][3]


def test_a_regional_holiday_moves_the_deadline(db):
    assert journal.preview_deadline("maintenance", datetime(2026, 11, 2, 9, 0)).due == date(2026, 11, 10)
    set_override(date(2026, 11, 6), working=False, note="День Республики", now=NOW)
    assert journal.preview_deadline("maintenance", datetime(2026, 11, 2, 9, 0)).due == date(2026, 11, 11)


def test_a_contract_may_shorten_a_deadline_but_not_lengthen_it(db):
    with pytest.raises(ValidationFailed):
        update_category("maintenance", amount=10, kind=DayKind.WORKING, basis="договор", now=NOW)
    update_category("maintenance", amount=3, kind=DayKind.WORKING, basis="договор управления п. 4.2", now=NOW)
    deadline = journal.preview_deadline("maintenance", datetime(2026, 11, 2, 9, 0))
    assert deadline.due == date(2026, 11, 6)
    assert "договор управления п. 4.2" in deadline.explanation


def test_emergency_deadline_runs_in_minutes_without_shift(db):
    card = journal.request_card(register("emergency", datetime(2026, 11, 3, 23, 50)))
    assert card.due_at == datetime(2026, 11, 4, 0, 20)  # into a holiday, not moved


def test_answer_close_and_history(db):
    reg_no = register()
    journal.set_status(reg_no, Status.IN_PROGRESS, now=NOW)
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 9),
                                                       result=Result.SATISFIED), now=NOW)
    journal.close_request(reg_no, now=NOW, satisfaction=5)
    card = journal.request_card(reg_no)
    assert card.status is Status.CLOSED and card.satisfaction == 5
    assert card.answer_channel == "in_person"  # the channel the request came through
    assert [h[2] for h in card.history] == ["Зарегистрировано", "Статус: В работе", "Ответ дан", "Закрыто"]
    with pytest.raises(ValidationFailed):
        journal.set_status(reg_no, Status.IN_PROGRESS, now=NOW)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (journal.AnswerInput("", date(2026, 11, 9)), "текст ответа"),
        (journal.AnswerInput("Нет", date(2026, 11, 9), result=Result.REFUSED), "причину"),
        (journal.AnswerInput("Ответ", date(2026, 10, 1)), "раньше даты поступления"),
        (journal.AnswerInput("Ответ", date(2026, 12, 1)), "ещё не наступила"),
    ],
)
def test_bad_answers_are_refused(db, answer, words):
    reg_no = register()
    with pytest.raises(ValidationFailed, match=words):
        journal.answer_request(reg_no, answer, now=NOW)
    assert journal.request_card(reg_no).status is Status.REGISTERED


def test_quality_complaint_flow_inspection_act_then_five_days(db):
    reg_no = register("utility_quality", datetime(2026, 11, 16, 9, 0))
    journal.schedule_inspection(reg_no, datetime(2026, 11, 16, 11, 0), now=NOW)
    assert journal.request_card(reg_no).status is Status.INSPECTION
    deadline = journal.record_inspection_act(reg_no, date(2026, 11, 17), now=NOW)
    assert deadline.due == date(2026, 11, 23)  # 22.11 is a Sunday: moved to Monday
    with pytest.raises(ValidationFailed, match="перерасчёт"):
        journal.answer_request(reg_no, journal.AnswerInput("Температура в норме", date(2026, 11, 20)), now=NOW)
    journal.answer_request(reg_no, journal.AnswerInput(
        "Нарушение подтверждено", date(2026, 11, 20), result=Result.SATISFIED,
        recalculation="Плата за ГВС уменьшена за 16–17.11"), now=NOW)
    assert journal.request_card(reg_no).recalculation.startswith("Плата за ГВС")


def test_issue_register_exports_and_logs_but_answers_only_on_hand_over(db, samples, tmp_path):
    import_registry(samples / "registry_merged.xlsx", now=NOW)
    reg_no = register("owner_register", datetime(2026, 11, 20, 10, 0), applicant="Зорина Алла Ивановна")
    out = journal.issue_register(reg_no, tmp_path / "реестр.xlsx", now=NOW, purpose="созыв ОСС")
    assert load_workbook(out).active is not None
    (disclosure,) = list_disclosures()
    card = journal.request_card(reg_no)
    assert disclosure.request_id == card.id and disclosure.requested_by == "Зорина Алла Ивановна"
    # the file is written, nothing has reached the owner yet (services.register_handout)
    assert card.status is Status.IN_PROGRESS and card.answered_on is None
    with pytest.raises(ValidationFailed):
        journal.issue_register(register(), tmp_path / "x.xlsx", now=NOW, purpose="x")


def test_unknown_request_and_category(db):
    with pytest.raises(NotFound):
        journal.request_card("2026-9999")
    with pytest.raises(NotFound, match="owner_register"):
        register("no_such_category")


def test_filters_states_and_export(db, tmp_path):
    overdue = register(received=datetime(2026, 11, 2, 10, 0))            # due 10.11
    due_today = register("owner_register", datetime(2026, 11, 19, 9, 0))  # due 24.11
    answered_late = register(received=datetime(2026, 10, 1, 9, 0), text="Шумит насос")
    journal.answer_request(answered_late, journal.AnswerInput("Насос заменён", date(2026, 10, 20)), now=NOW)
    states = {r.reg_no: r.state for r in journal.list_requests(journal.JournalFilter(), today=TODAY)}
    assert states == {overdue: DeadlineStatus.OVERDUE, due_today: DeadlineStatus.DUE_TODAY,
                      answered_late: DeadlineStatus.ANSWERED_LATE}
    only_overdue = journal.list_requests(journal.JournalFilter(overdue=True), today=TODAY)
    assert [r.reg_no for r in only_overdue] == [overdue]
    assert [r.reg_no for r in journal.list_requests(journal.JournalFilter(text="НАСОС"), today=TODAY)] == [answered_late]
    by_due = journal.list_requests(journal.JournalFilter(), today=TODAY, sort="due_date", descending=False)
    assert [r.due_date for r in by_due] == sorted(r.due_date for r in by_due)
    summary = journal.journal_summary(today=TODAY)
    assert (summary.overdue, summary.due_today) == (1, 1)
    rows = journal.export_journal(tmp_path / "журнал.xlsx", journal.JournalFilter(), today=TODAY)
    sheet = load_workbook(tmp_path / "журнал.xlsx").active
    assert [sheet.cell(4, c).value for c in range(1, 11)] == list(journal.JOURNAL_EXPORT_HEADERS)
    late_row = next(r for r in range(5, 5 + rows) if sheet.cell(r, 1).value == answered_late)
    assert sheet.cell(late_row, 10).value == 12  # due 08.10 (5 working days), answered 20.10


def tsj(*args):
    return subprocess.run([sys.executable, "-m", "tsj_desk", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("category", "received", "due"),
    [
        ("maintenance", "2025-12-30", "16.01.2026"),
        ("owner_register", "2026-04-27", "04.05.2026"),
        ("owner_register", "2026-04-27T18:30", "04.05.2026"),
        ("utility_info", "2025-10-30", "05.11.2025"),  # working Saturday 01.11.2025 counts
        ("emergency", "2026-12-31T23:50", "01.01.2027 00:20"),
    ],
)
def test_cli_deadline_prints_only_the_date(category, received, due):
    result = tsj("deadline", category, received)
    assert result.returncode == 0, result.stderr
    assert result.stdout == due + "\n"


def test_cli_deadline_unknown_category_lists_codes():
    result = tsj("deadline", "flood", "2026-01-01")
    assert result.returncode == 2 and result.stdout == ""
    assert "owner_register" in result.stderr and "emergency" in result.stderr


def test_cli_request_add_answer_list(db_target):
    db = db_target
    first = tsj("request", "add", "--db", db, "--category", "maintenance", "--received",
                "2026-11-02 10:15", "--applicant", "Петров", "--text", "Течёт крыша")
    assert first.returncode == 0, first.stderr
    reg_no = first.stdout.strip()
    assert reg_no == "2026-0001"
    second = tsj("request", "add", "--db", db, "--category", "owner_register", "--received",
                 "2026-11-20 09:00", "--applicant", "Иванов", "--text", "Реестр для ОСС")
    answered = tsj("request", "answer", second.stdout.strip(), "--db", db, "--text", "Выдан",
                   "--date", "2026-11-24")
    assert answered.returncode == 0, answered.stderr
    listing = json.loads(tsj("request", "list", "--db", db, "--today", "2026-11-24", "--json").stdout)
    assert listing == [
        {"reg_no": "2026-0001", "received": "2026-11-02T10:15", "category": "maintenance",
         "due": "2026-11-10", "status": "registered", "answered": None, "overdue": True},
        {"reg_no": "2026-0002", "received": "2026-11-20T09:00", "category": "owner_register",
         "due": "2026-11-25", "status": "answered", "answered": "2026-11-24", "overdue": False},
    ]
    missing = tsj("request", "answer", "2026-0999", "--db", db, "--text", "x")
    assert missing.returncode == 2 and "не найдено" in missing.stderr


def test_states_counted_in_sql_agree_with_the_rows(demo_db):
    rows = journal.list_requests(journal.JournalFilter(), today=TODAY)
    expected = {state: sum(1 for r in rows if r.state is state) for state in DeadlineStatus}
    assert journal.recompute_states(today=TODAY) == expected
    assert expected[DeadlineStatus.OVERDUE] > 0 and expected[DeadlineStatus.ANSWERED_LATE] > 0


def test_typed_wildcards_are_plain_characters(db):
    register(text="Течёт кран")
    register(text="Скидка 50% на вывоз мусора")
    assert len(journal.list_requests(journal.JournalFilter(text="_"), today=TODAY)) == 0
    found = journal.list_requests(journal.JournalFilter(text="50%"), today=TODAY)
    assert [r.subject or r.reg_no for r in found] and len(found) == 1


def test_sorting_premises_naturally_and_statuses_in_flow_order(demo_db):
    rows = journal.list_requests(journal.JournalFilter(), today=TODAY, sort="premise", descending=False)
    numbers = [r.premise_number for r in rows if r.premise_number]
    from tsj_desk.domain.premises import premise_sort_key

    assert numbers == sorted(numbers, key=premise_sort_key)
    statuses = [r.status for r in journal.list_requests(journal.JournalFilter(), today=TODAY,
                                                         sort="status", descending=False)]
    order = list(Status)
    assert [order.index(s) for s in statuses] == sorted(order.index(s) for s in statuses)
    assert statuses[0] is Status.REGISTERED and statuses[-1] is Status.CLOSED


@pytest.mark.parametrize("text", ["ив", "ива", "ИВАНОВ", "горячая вода", "тёплая", '"', "50%", "2026-0", "а_б"])
def test_indexed_search_finds_exactly_what_a_plain_scan_finds(demo_db, monkeypatch, text):
    indexed = [r.reg_no for r in journal.list_requests(journal.JournalFilter(text=text), today=TODAY)]
    monkeypatch.setattr(journal, "_has_search_index", lambda: False)  # the server path: LIKE
    scanned = [r.reg_no for r in journal.list_requests(journal.JournalFilter(text=text), today=TODAY)]
    assert indexed == scanned
    assert journal.count_requests(journal.JournalFilter(text=text), today=TODAY) == len(scanned)


@pytest.mark.sqlite_only  # SQLite's FTS5 trigram index
def test_search_index_follows_new_requests(db):
    assert journal._has_search_index()
    reg_no = register(text="Протекает кровля над подъездом")
    assert [r.reg_no for r in journal.list_requests(journal.JournalFilter(text="КРОВЛЯ"), today=TODAY)] == [reg_no]


def test_demo_answers_no_request_before_it_was_registered(demo_db):
    from tsj_desk.storage.models import AuditEntry

    registered = {e.entity_id: e.at for e in AuditEntry.select().where(
        (AuditEntry.entity == "request") & (AuditEntry.action == "register"))}
    answers = list(AuditEntry.select().where(
        (AuditEntry.entity == "request") & (AuditEntry.action == "answer")))
    assert len(answers) > 100
    early = [(a.entity_id, a.at, registered[a.entity_id]) for a in answers if a.at < registered[a.entity_id]]
    assert early == []


def _emergency_state(reg_no: str, moment) -> DeadlineStatus:
    return next(r.state for r in journal.list_requests(journal.JournalFilter(), today=moment)
                if r.reg_no == reg_no)


def test_an_emergency_is_overdue_by_the_minute_not_at_midnight(db):
    reg_no = register("emergency", datetime(2026, 5, 8, 10, 0))  # due 10:30
    assert _emergency_state(reg_no, datetime(2026, 5, 8, 10, 25)) is DeadlineStatus.DUE_TODAY
    at_three = datetime(2026, 5, 8, 15, 0)
    assert _emergency_state(reg_no, at_three) is DeadlineStatus.OVERDUE
    assert journal.request_card(reg_no).state(at_three, journal.production_calendar()) is DeadlineStatus.OVERDUE
    overdue = journal.JournalFilter(overdue=True)
    assert journal.count_requests(overdue, today=at_three) == 1
    assert journal.count_requests(journal.JournalFilter(due_today=True), today=at_three) == 0
    assert journal.recompute_states(today=at_three)[DeadlineStatus.OVERDUE] == 1
    summary = journal.journal_summary(today=at_three)
    assert (summary.overdue, summary.due_today) == (1, 0)


def test_an_emergency_answered_after_its_half_hour_is_late_the_same_day(db):
    late, in_time = register("emergency", datetime(2026, 5, 8, 10, 0)), register("emergency", datetime(2026, 5, 8, 11, 0))
    evening = datetime(2026, 5, 8, 19, 0)
    with pytest.raises(ValidationFailed) as caught:
        journal.answer_request(late, journal.AnswerInput("Течь устранена", date(2026, 5, 8)), now=evening)
    assert "укажите и время ответа" in caught.value.message
    journal.answer_request(late, journal.AnswerInput("Течь устранена", date(2026, 5, 8), at=time(18, 0)),
                           now=evening)
    journal.answer_request(in_time, journal.AnswerInput("Течь устранена", date(2026, 5, 8), at=time(11, 20)),
                           now=evening)
    assert _emergency_state(late, evening) is DeadlineStatus.ANSWERED_LATE
    assert _emergency_state(in_time, evening) is DeadlineStatus.ANSWERED_ON_TIME
    assert journal.request_card(late).state(evening, journal.production_calendar()) is DeadlineStatus.ANSWERED_LATE
    assert journal.count_requests(journal.JournalFilter(answered_late=True), today=evening) == 1
    assert journal.recompute_states(today=evening)[DeadlineStatus.ANSWERED_LATE] == 1
    emergency = next(r for r in journal.journal_summary(today=evening).rates if r.code == "emergency")
    assert (emergency.answered, emergency.on_time) == (2, 1)
    answered = next(details for _, _, action, details in journal.request_card(late).history
                    if action == "Ответ дан")
    assert answered.startswith("08.05.2026 18:00") and answered.endswith("— с опозданием")


def test_an_answer_time_before_the_request_or_still_to_come_is_refused(db):
    reg_no = register("emergency", datetime(2026, 5, 8, 10, 0))
    for at, words in ((time(9, 50), "раньше поступления"), (time(12, 30), "ещё не наступило")):
        with pytest.raises(ValidationFailed) as caught:
            journal.answer_request(reg_no, journal.AnswerInput("Устранено", date(2026, 5, 8), at=at),
                                   now=datetime(2026, 5, 8, 12, 0))
        assert words in caught.value.message


def test_an_emergency_row_says_how_many_minutes_late(db):
    reg_no = register("emergency", datetime(2026, 5, 8, 10, 0))
    row = next(r for r in journal.list_requests(journal.JournalFilter(), today=datetime(2026, 5, 8, 11, 5))
               if r.reg_no == reg_no)
    assert row.late_by == datetime(2026, 5, 8, 11, 5) - datetime(2026, 5, 8, 10, 30)
    from tsj_desk.domain.text import lateness_text

    assert lateness_text(row.late_by, row.days_late) == "35 минут"


def test_open_deadlines_move_with_the_calendar_and_say_so(db):
    from tsj_desk.services.calendar import remove_override

    open_one = register("maintenance", datetime(2026, 11, 2, 9, 0))  # 5 working days: 10.11.2026
    answered = register("maintenance", datetime(2026, 11, 2, 9, 30))
    journal.answer_request(answered, journal.AnswerInput("Кран заменён", date(2026, 11, 3)),
                           now=datetime(2026, 11, 3, 12, 0))
    # a decree the package does not know makes 4 November a working day: the unsafe way
    assert set_override(date(2026, 11, 4), working=True, note="перенос по постановлению",
                        now=datetime(2026, 11, 3, 12, 0)) == 1
    card = journal.request_card(open_one)
    assert card.due_date == date(2026, 11, 9)
    moved = next(details for _, _, action, details in card.history if action == "Срок ответа пересчитан")
    assert moved.startswith("изменён производственный календарь: было 10.11.2026, стало 09.11.2026")
    assert journal.request_card(answered).due_date == date(2026, 11, 10)  # answered: left alone
    assert remove_override(date(2026, 11, 4), now=datetime(2026, 11, 3, 13, 0)) == 1
    assert journal.request_card(open_one).due_date == date(2026, 11, 10)


def test_a_request_under_a_rule_changed_since_keeps_its_deadline(db):
    before = register("maintenance", datetime(2026, 11, 2, 9, 0))  # 5 working days: 10.11.2026
    update_category("maintenance", amount=3, kind=DayKind.WORKING, basis="договор управления п. 4.2", now=NOW)
    after = register("maintenance", datetime(2026, 11, 2, 9, 30))  # 3 working days: 06.11.2026
    assert set_override(date(2026, 11, 5), working=False, note="День Республики",
                        now=datetime(2026, 11, 3, 12, 0)) == 1
    assert journal.request_card(before).due_date == date(2026, 11, 10)
    assert journal.request_card(after).due_date == date(2026, 11, 9)


def test_only_a_quality_complaint_goes_to_an_inspection_act_and_the_act_is_dated_sensibly(db):
    ordinary = register("public_info", datetime(2026, 11, 2, 9, 0))
    with pytest.raises(ValidationFailed) as caught:
        journal.schedule_inspection(ordinary, datetime(2026, 11, 2, 11, 0), now=datetime(2026, 11, 2, 9, 5))
    assert "только по жалобе на качество" in caught.value.message
    complaint = register("utility_quality", datetime(2026, 11, 2, 9, 0))
    journal.schedule_inspection(complaint, datetime(2026, 11, 3, 11, 0), now=datetime(2026, 11, 2, 9, 5))
    for act_on, now, words in ((date(2026, 11, 2), datetime(2026, 11, 3, 12, 0), "раньше назначенной проверки"),
                               (date(2026, 11, 5), datetime(2026, 11, 3, 12, 0), "ещё не наступила")):
        with pytest.raises(ValidationFailed) as caught:
            journal.record_inspection_act(complaint, act_on, now=now)
        assert words in caught.value.message
    assert journal.record_inspection_act(complaint, date(2026, 11, 3), now=datetime(2026, 11, 3, 12, 0)).due \
        == date(2026, 11, 9)  # 5 days after the act: Sunday 08.11 → Monday


def test_cli_answers_an_emergency_with_its_time(db_target):
    db_path = db_target
    run = lambda *args: subprocess.run([sys.executable, "-m", "tsj_desk", *args], cwd=ROOT,  # noqa: E731
                                       capture_output=True, text=True, timeout=120)
    added = run("request", "add", "--db", str(db_path), "--category", "emergency",
                "--received", "2026-05-08 10:00", "--applicant", "Сидорова Анна", "--text", "Затопление")
    reg_no = added.stdout.strip()
    answered = run("request", "answer", reg_no, "--db", str(db_path), "--text", "Устранено",
                   "--date", "2026-05-08", "--time", "10:45")
    assert answered.returncode == 0, answered.stderr
    listed = json.loads(run("request", "list", "--db", str(db_path), "--json").stdout)
    assert listed[0]["overdue"] is True  # answered 15 minutes after its half hour


# ---------------------------------------------------------------- moments that have not come yet
# The computer's clock and the sender's may differ by a few minutes: a request may be
# «received» up to 5 minutes after ``now`` (inclusive); later than that it is a typo.


def _register_at(received: datetime) -> str:
    return journal.register_request(journal.RequestInput(
        category="maintenance", received_at=received, applicant="Иванов Иван", text="Течёт кран"), now=NOW)


def test_a_request_received_five_minutes_ahead_is_accepted_six_minutes_is_refused(db):
    assert _register_at(datetime(2026, 11, 24, 12, 5)) == "2026-0001"  # NOW is 24.11.2026 12:00
    with pytest.raises(ValidationFailed) as caught:
        _register_at(datetime(2026, 11, 24, 12, 6))
    assert caught.value.message == "Время поступления 24.11.2026 12:06 ещё не наступило."
    assert caught.value.problems == [caught.value.message]
    with pytest.raises(ValidationFailed, match=r"^Время поступления 25\.11\.2026 09:00 ещё не наступило\.$"):
        _register_at(datetime(2026, 11, 25, 9, 0))
    assert _register_at(datetime(2026, 11, 24, 11, 59)) == "2026-0002"  # refused ones took no number


def test_an_answer_dated_tomorrow_is_refused_today_is_accepted(db):
    reg_no = register()  # received 02.11.2026; NOW is 24.11.2026 12:00
    with pytest.raises(ValidationFailed) as caught:
        journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 25)), now=NOW)
    assert caught.value.message == "Дата ответа 25.11.2026 ещё не наступила."
    assert caught.value.problems == [caught.value.message]
    assert journal.request_card(reg_no).status is Status.REGISTERED
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 24)), now=NOW)
    card = journal.request_card(reg_no)
    assert card.status is Status.ANSWERED and card.answered_on == date(2026, 11, 24)


def test_an_answer_a_minute_after_now_is_refused_at_now_is_accepted(db):
    reg_no = register()
    with pytest.raises(ValidationFailed) as caught:
        journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 24), at=time(12, 1)),
                               now=NOW)
    assert caught.value.message == "Время ответа 12:01 ещё не наступило."
    assert journal.request_card(reg_no).status is Status.REGISTERED
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 24), at=time(12, 0)),
                           now=NOW)
    assert journal.request_card(reg_no).status is Status.ANSWERED


def test_an_answer_late_in_the_evening_of_an_earlier_day_is_accepted(db):
    # 23:30 of yesterday is in the past even though 23:30 > 12:00
    reg_no = register()
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 23), at=time(23, 30)),
                           now=NOW)
    assert journal.request_card(reg_no).status is Status.ANSWERED


# ---------------------------------------------------------------- boundaries found by the mutation pass


def test_every_problem_of_a_request_is_listed_and_the_first_one_shown(db):
    with pytest.raises(ValidationFailed) as caught:
        journal.register_request(journal.RequestInput(category="maintenance", received_at=datetime(2026, 11, 2, 9, 0),
                                                      applicant="  ", text=" "), now=NOW)
    assert caught.value.message == "Укажите заявителя."
    assert caught.value.problems == ["Укажите заявителя.", "Укажите содержание обращения."]
    # a subject alone is content enough
    assert journal.register_request(journal.RequestInput(
        category="maintenance", received_at=datetime(2026, 11, 2, 9, 0), applicant="Иванов Иван", text="",
        subject="Протечка крыши"), now=NOW) == "2026-0001"


def test_a_missing_attachment_is_named(db, tmp_path):
    missing = tmp_path / "акт.pdf"
    with pytest.raises(ValidationFailed) as caught:
        register(attachments=[missing])
    assert caught.value.message == f"Файл вложения «{missing}» не найден."


def test_an_inspection_may_be_set_for_the_moment_of_receipt_not_a_minute_before(db):
    reg_no = register("utility_quality", datetime(2026, 11, 16, 9, 0))
    with pytest.raises(ValidationFailed) as caught:
        journal.schedule_inspection(reg_no, datetime(2026, 11, 16, 8, 59), now=NOW)
    assert caught.value.message == "Проверка назначена раньше, чем поступило обращение."
    journal.schedule_inspection(reg_no, datetime(2026, 11, 16, 9, 0), now=NOW)
    assert journal.request_card(reg_no).status is Status.INSPECTION


def test_the_answer_after_an_act_is_due_five_calendar_days_later(db):
    # act on Friday 20.11.2026: 5 calendar days end on Wednesday 25.11, a working day
    reg_no = register("utility_quality", datetime(2026, 11, 19, 9, 0))
    journal.schedule_inspection(reg_no, datetime(2026, 11, 20, 10, 0), now=NOW)
    assert journal.record_inspection_act(reg_no, date(2026, 11, 20), now=NOW).due == date(2026, 11, 25)
    assert journal.request_card(reg_no).due_date == date(2026, 11, 25)


def _late_mark(reg_no: str) -> bool:
    details = next(d for _, _, action, d in journal.request_card(reg_no).history if action == "Ответ дан")
    return details.endswith("— с опозданием")


def test_an_emergency_answered_at_its_receipt_or_at_its_last_minute_is_on_time(db):
    # received 10:00, 30 minutes: due 10:30
    now = datetime(2026, 5, 8, 12, 0)
    at_once = register("emergency", datetime(2026, 5, 8, 10, 0))
    journal.answer_request(at_once, journal.AnswerInput("Устранено", date(2026, 5, 8), at=time(10, 0)), now=now)
    last_minute = register("emergency", datetime(2026, 5, 8, 10, 0))
    journal.answer_request(last_minute, journal.AnswerInput("Устранено", date(2026, 5, 8), at=time(10, 30)), now=now)
    a_minute_late = register("emergency", datetime(2026, 5, 8, 10, 0))
    journal.answer_request(a_minute_late, journal.AnswerInput("Устранено", date(2026, 5, 8), at=time(10, 31)),
                           now=now)
    assert [_late_mark(r) for r in (at_once, last_minute, a_minute_late)] == [False, False, True]


def test_an_answer_on_the_due_day_is_on_time_the_next_day_late(db):
    # received Monday 02.11.2026; 5 working days after it, 04.11 a holiday: 03, 05, 06, 09, 10.11
    on_time = register()
    assert journal.request_card(on_time).due_date == date(2026, 11, 10)
    journal.answer_request(on_time, journal.AnswerInput("Кран заменён", date(2026, 11, 10)), now=NOW)
    late = register()
    journal.answer_request(late, journal.AnswerInput("Кран заменён", date(2026, 11, 11)), now=NOW)
    assert [_late_mark(on_time), _late_mark(late)] == [False, True]


@pytest.mark.parametrize(("satisfaction", "accepted"), [(0, False), (1, True), (5, True), (6, False), (None, True)])
def test_the_applicants_mark_is_from_one_to_five(db, satisfaction, accepted):
    reg_no = register()
    journal.answer_request(reg_no, journal.AnswerInput("Кран заменён", date(2026, 11, 9)), now=NOW)
    if accepted:
        journal.close_request(reg_no, now=NOW, satisfaction=satisfaction)
        card = journal.request_card(reg_no)
        assert card.status is Status.CLOSED and card.satisfaction == satisfaction
    else:
        with pytest.raises(ValidationFailed) as caught:
            journal.close_request(reg_no, now=NOW, satisfaction=satisfaction)
        assert caught.value.message == "Оценка заявителя — от 1 до 5."
        assert journal.request_card(reg_no).status is Status.ANSWERED
