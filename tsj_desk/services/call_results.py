"""The results of a call campaign brought back into the base.

Each row of the results file names the call by the id the list was exported with
(``services.call_lists.row_id``: «R17-42» — a readings call to premise 17, person 42).
What a row says goes where it belongs:
- readings dictated: checked and saved as readings of the period of ``today`` like any
  reading typed by hand (``services.readings.save_entries``), source «телефон» (phone);
- a promised date and sum: a promise to pay of the premise's account (``services.debts``);
- a score and comment: the satisfaction of the request (``services.satisfaction``);
- reached or not, a refusal, the comment: the call itself, in the person's history
  (an «call» entry of the change log about the person: ``person_call_history``).

All rows are written in one transaction, each row in a savepoint of its own: a row
whose reading fails the checks (below the previous one) or whose id is unknown is
reported by its row number and leaves nothing of itself; the good rows are saved.
``dry_run`` does all of it and rolls everything back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from tsj_desk.domain.errors import RowProblem, TsjError, ValidationFailed
from tsj_desk.domain.meters import parse_resource, period_of
from tsj_desk.domain.text import counted, fold, format_number
from tsj_desk.importers.call_results import Dictated, ResultRow, parse_results_file
from tsj_desk.services import audit
from tsj_desk.services.call_lists import CAMPAIGNS
from tsj_desk.storage.database import database
from tsj_desk.storage.models import AuditEntry, Meter, Person, Premise, Request

_ID = re.compile(r"^([A-Za-z])(\d{1,9})-(\d{1,9})$")  # ids fit an INTEGER column
_BY_LETTER = {letter: code for code, (_, letter) in CAMPAIGNS.items()}
PHONE_SOURCE = "phone"  # a reading's source: shown «телефон»
SATISFACTION_CHANNEL = "телефон"


class _RowFailed(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass(frozen=True)
class ResultLine:
    row: int
    row_id: str
    who: str
    text: str  # as the person's history will say it


@dataclass
class ResultsReport:
    file_name: str
    rows: int = 0  # rows with a result
    saved: int = 0
    readings: int = 0
    promises: int = 0
    scores: int = 0
    not_reached: int = 0
    refusals: int = 0
    repeated: int = 0  # rows already brought in before: left as they were
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    lines: list[ResultLine] = field(default_factory=list)  # the rows written (or that would be)
    row_ids: dict[int, str] = field(default_factory=dict)  # the file's row → its «Код строки»

    def summary(self) -> str:
        done = "Проверено" if self.dry_run else "Загружено"
        parts = [f"{done} {counted(self.saved, 'результат', 'результата', 'результатов')} "
                 f"из {self.rows}",
                 f"показаний: {self.readings}", f"обещаний оплаты: {self.promises}",
                 f"оценок: {self.scores}", f"не дозвонились: {self.not_reached}",
                 f"отказов: {self.refusals}"]
        if self.repeated:
            parts.append(f"уже загружены раньше: {self.repeated}")
        if self.problems:
            parts.append(f"с ошибками: {counted(len({p.row for p in self.problems}), 'строка', 'строки', 'строк')}")
        return "; ".join(parts) + "."

    def as_dict(self) -> dict:
        return {"file": self.file_name, "rows": self.rows, "saved": self.saved,
                "readings": self.readings, "promises": self.promises, "scores": self.scores,
                "not_reached": self.not_reached, "refusals": self.refusals,
                "repeated": self.repeated, "dry_run": self.dry_run,
                "errors": [p.as_dict() for p in self.problems]}


@dataclass(frozen=True)
class _Call:
    campaign: str
    premise: Premise | None
    request: Request | None
    person: Person | None


def _call_of(row_id: str) -> _Call:
    match = _ID.match(row_id.strip())
    if not match or match[1].upper() not in _BY_LETTER:
        raise _RowFailed("Код строки", f"код «{row_id}» — не код строки списка обзвона.")
    campaign, first, person_id = _BY_LETTER[match[1].upper()], int(match[2]), int(match[3])
    person = Person.get_or_none(Person.id == person_id) if person_id else None
    if person_id and person is None:
        raise _RowFailed("Код строки", f"код «{row_id}»: собственника нет в базе.")
    if campaign == "survey":
        request = Request.get_or_none(Request.id == first)
        if request is None:
            raise _RowFailed("Код строки", f"код «{row_id}»: обращения нет в базе.")
        return _Call(campaign, request.premise, request, person)
    premise = Premise.get_or_none(Premise.id == first)
    if premise is None:
        raise _RowFailed("Код строки", f"код «{row_id}»: помещения нет в базе.")
    return _Call(campaign, premise, None, person)


def _meter_for(label: str, meters: list[tuple[int, str, str, int]], premise: str) -> tuple[int, int]:
    """The meter a dictated reading names: by its number, else by its resource when the
    premise has one meter of it. (meter id, tariffs)."""
    if not label.strip():  # a bare value: the premise's one meter
        if len(meters) == 1:
            return meters[0][0], meters[0][3]
        if not meters:
            raise _RowFailed("Показания", f"в помещении {premise} нет действующих счётчиков.")
        raise _RowFailed("Показания", f"в помещении {premise} — {counted(len(meters), 'счётчик', 'счётчика', 'счётчиков')}: "
                                      "перед показанием назовите счётчик (ХВС, ГВС… или его номер).")
    folded = fold(label)
    digits = re.sub(r"\D", "", folded)
    for meter_id, _, serial, tariffs in meters:
        key = fold(serial)
        if key and (key in folded or (digits and re.sub(r"\D", "", key) == digits and len(digits) >= 4)):
            return meter_id, tariffs
    resource = parse_resource(re.sub(r"№.*$", "", label).strip())
    if resource is None:
        raise _RowFailed("Показания", f"«{label}»: счётчик не понят (назовите ресурс — ХВС, ГВС, ЭЭ, "
                                      "газ, отопление — или номер счётчика).")
    same = [(m[0], m[3]) for m in meters if m[1] == resource.value]
    if not same:
        raise _RowFailed("Показания", f"в помещении {premise} нет счётчика «{resource.label}».")
    if len(same) > 1:
        many = counted(len(same), "счётчик", "счётчика", "счётчиков")
        raise _RowFailed("Показания", f"в помещении {premise} — {many} «{resource.label}»: "
                                      "назовите номер счётчика.")
    return same[0]


def _period(row: ResultRow, today: date) -> str:
    """The period of the readings dictated: the readings list's («Срок» is its last day),
    else the current one; never one after today's."""
    current = period_of(today)
    if row.due is None:
        return current
    return min(period_of(row.due), current)


def _save_readings(call: _Call, dictated: list[Dictated], *, period: str, today: date, now: datetime) -> int:
    from tsj_desk.services.readings import save_entries

    if call.premise is None:
        raise _RowFailed("Показания", "у обращения нет помещения: показания некуда записать.")
    meters = [(m.id, m.resource, m.serial, m.tariffs) for m in Meter.select().where(
        (Meter.premise == call.premise.id) & Meter.archived_on.is_null())]
    entries, seen = [], set()
    for reading in dictated:
        meter_id, _ = _meter_for(reading.label, meters, call.premise.number)
        if meter_id in seen:
            raise _RowFailed("Показания", f"«{reading.label}»: показание этого счётчика названо дважды.")
        seen.add(meter_id)
        entries.append((meter_id, reading.values, today))
    try:
        return save_entries(period, entries, today=today, now=now, source=PHONE_SOURCE)
    except ValidationFailed as exc:
        raise _RowFailed("Показания", str(exc)) from exc


def _save_promise(call: _Call, row: ResultRow, *, now: datetime) -> None:
    from tsj_desk.services.promises import record_promise

    if call.premise is None:
        raise _RowFailed("Обещанная дата", "обещание оплаты — только по лицевому счёту помещения.")
    if row.promised_on is None or row.promised_sum is None:
        raise _RowFailed("Обещанная дата" if row.promised_on is None else "Обещанная сумма",
                         "обещание оплаты записывается с датой и суммой.")
    record_promise(call.premise.id, promised_date=row.promised_on, amount=row.promised_sum, now=now,
                   source="обзвон", note=row.comment, allow_past=True)


def _save_score(call: _Call, row: ResultRow, *, now: datetime) -> None:
    from tsj_desk.services.satisfaction import record_satisfaction

    if call.request is None:
        raise _RowFailed("Оценка", "оценка записывается только по строке опроса (обращению).")
    record_satisfaction(call.request.reg_no, score=row.score, comment=row.comment,
                        channel=SATISFACTION_CHANNEL, now=now)


def _fingerprint(row: ResultRow) -> str:
    return json.dumps([row.reached, str(row.promised_on or ""), str(row.promised_sum or ""), row.score,
                       row.comment, [(d.label, d.values) for d in row.readings], row.refusal],
                      ensure_ascii=False)


def _already(row: ResultRow, call: _Call) -> bool:
    """The same result of the same call, brought in before (the file loaded twice)."""
    if call.person is None:  # an outsider asked in a survey: the same score already on the request
        request = call.request
        return bool(request is not None and row.score is not None and request.satisfaction == row.score
                    and (request.satisfaction_comment or "") == " ".join(row.comment.split())
                    and request.satisfaction_channel == SATISFACTION_CHANNEL)
    fingerprint = _fingerprint(row)
    for (details,) in AuditEntry.select(AuditEntry.details).where(
            (AuditEntry.action == "call") & (AuditEntry.entity == "person")
            & (AuditEntry.entity_id == call.person.id)).tuples():
        try:
            known = json.loads(details or "{}")
        except ValueError:
            continue
        if known.get("id") == row.row_id and known.get("fingerprint") == fingerprint:
            return True
    return False


def _apply(row: ResultRow, report: ResultsReport, *, today: date, now: datetime) -> bool:
    """Write one row's result; False when it was brought in before (nothing written)."""
    call = _call_of(row.row_id)
    if _already(row, call):
        report.repeated += 1
        return False
    reached = row.reached if row.reached is not None else bool(
        row.readings or row.score or row.promised_on or row.promised_sum or row.refusal)
    if not reached and (row.readings or row.score or row.promised_on or row.promised_sum):
        raise _RowFailed("Дозвонились", "отмечено «не дозвонились», а результат разговора записан.")
    period = _period(row, today) if call.campaign == "readings" else period_of(today)
    readings = _save_readings(call, row.readings, period=period, today=today, now=now) if row.readings else 0
    promise = row.promised_on is not None or row.promised_sum is not None
    if promise:
        _save_promise(call, row, now=now)
    if row.score is not None:
        _save_score(call, row, now=now)
    details = dict(id=row.row_id, campaign=call.campaign,
                   premise=call.premise.number if call.premise else "",
                   request=call.request.reg_no if call.request else "", reached=reached,
                   refusal=row.refusal, comment=row.comment, readings=readings,
                   promise=[str(row.promised_on or ""), str(row.promised_sum or "")] if promise else None,
                   score=row.score)
    if call.person is not None:
        audit.record("call", "person", call.person.id, now=now, **details, file=report.file_name,
                     fingerprint=_fingerprint(row))
    who = call.person.name if call.person is not None else (call.request.applicant if call.request else "")
    report.lines.append(ResultLine(row.row, row.row_id, who, _note_text(details)))
    report.readings += readings
    report.promises += promise
    report.scores += row.score is not None
    report.not_reached += not reached
    report.refusals += bool(row.refusal)
    return True


class _DryRun(Exception):
    pass


def import_results(path: str | Path, *, today: date, now: datetime, dry_run: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> ResultsReport:
    """Bring the results of a call campaign in; see the module's text."""
    parsed = parse_results_file(path)
    report = ResultsReport(Path(path).name, rows=len(parsed.rows) + len({p.row for p in parsed.problems}),
                           problems=list(parsed.problems), dry_run=dry_run,
                           row_ids={row.row: row.row_id for row in parsed.rows})
    try:
        with database.atomic():
            for done, row in enumerate(parsed.rows, start=1):
                try:
                    with database.atomic():  # a savepoint: a failed row leaves nothing of itself
                        report.saved += _apply(row, report, today=today, now=now)
                except _RowFailed as exc:
                    report.problems.append(RowProblem(row.row, exc.column, exc.message))
                except TsjError as exc:  # the promise or the score refused by its own service
                    report.problems.append(RowProblem(row.row, None, str(exc)))
                if progress:
                    progress(done, len(parsed.rows))
            if not dry_run:
                audit.record("import", "call_results", None, now=now, file=report.file_name,
                             saved=report.saved, errors=len(report.problems))
            else:
                raise _DryRun
    except _DryRun:
        pass
    report.problems.sort(key=lambda p: p.row)
    return report


# ---------------------------------------------------------------- history


@dataclass(frozen=True)
class CallNote:
    at: datetime
    user: str
    text: str


_CAMPAIGN_WORDS = {code: label for code, (label, _) in CAMPAIGNS.items()}


def call_note_text(details: dict) -> str:
    """A call's entry of the change log as people read it (the owner's card, the log)."""
    return _note_text(details if isinstance(details, dict) else {})


def _note_text(details: dict) -> str:
    parts = [f"Обзвон «{_CAMPAIGN_WORDS.get(details.get('campaign'), details.get('campaign', ''))}»"]
    if details.get("premise"):
        parts.append(f"пом. {details['premise']}")
    if details.get("request"):
        parts.append(f"обращение № {details['request']}")
    parts.append("дозвонились" if details.get("reached") else "не дозвонились")
    if details.get("readings"):
        parts.append(f"продиктованы показания: {details['readings']}")
    if promise := details.get("promise"):
        on, amount = promise
        on_text = date.fromisoformat(on).strftime("%d.%m.%Y") if on else "—"
        amount_text = f"{format_number(Decimal(amount), 2)}\u00a0руб." if amount else "—"
        parts.append(f"обещал оплатить {amount_text} до {on_text}")
    if details.get("score"):
        parts.append(f"оценка {details['score']} из 5")
    if details.get("refusal"):
        parts.append(f"отказ ({details['refusal']})" if details["refusal"] != "отказ" else "отказ")
    text = ", ".join(parts)
    if details.get("comment"):
        text += f": «{details['comment']}»"
    return text


def person_call_history(person_id: int) -> list[CallNote]:
    """The calls to a person, newest first, as the owner's card shows them."""
    entries = (AuditEntry.select().where((AuditEntry.action == "call") & (AuditEntry.entity == "person")
                                         & (AuditEntry.entity_id == person_id))
               .order_by(AuditEntry.id.desc()))
    notes = []
    for entry in entries:
        try:
            details = json.loads(entry.details or "{}")
        except ValueError:
            details = {}
        notes.append(CallNote(entry.at, entry.user, _note_text(details)))
    return notes
