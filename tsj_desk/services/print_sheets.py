"""What the window prints, as plain text ready to lay out: the journal as the
registration book of requests and the owner register as the page filters them.

A ``PrintDocument`` is a title, lines under it, a card's fields, tables (header and
rows of text) and closing lines; ``ui.printing`` lays it out on A4 landscape pages.
Cards, the readings sheet and the list of verifications are in ``print_cards``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

import peewee

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.journal import RESULT_LABELS, Channel, Result, Status
from tsj_desk.domain.premise_names import premise_text
from tsj_desk.domain.text import counted, format_date, format_datetime, format_number, lateness_text
from tsj_desk.services.journal import JournalFilter, JournalRow, list_requests
from tsj_desk.services.organization import organization_name
from tsj_desk.services.outgoing_numbers import outgoing_text


@dataclass(frozen=True)
class PrintTable:
    headers: tuple[str, ...]
    widths: tuple[int, ...]  # shares of the page's width, in per cent
    rows: list[tuple[str, ...]]
    heading: str = ""  # a line above the table (a card's section)
    right: frozenset[int] = frozenset()  # columns of numbers, aligned right
    empty: str = "Нет записей."  # said instead of a table without rows


@dataclass(frozen=True)
class PrintDocument:
    title: str
    lines: list[str] = field(default_factory=list)  # under the title
    fields: list[tuple[str, str]] = field(default_factory=list)  # a card's «name: value»
    tables: list[PrintTable] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # under the tables
    signature: str = ""  # the line «Председатель правления ____ / … /», when signed

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables)

    def beginning(self, rows: int) -> PrintDocument:
        """The document cut after its first ``rows`` table rows (a preview of a long one)."""
        tables, left = [], rows
        for table in self.tables:
            if left <= 0:
                break
            tables.append(replace(table, rows=table.rows[:left]))
            left -= len(table.rows)
        return replace(self, tables=tables)


def made_line(now: datetime) -> str:
    return f"Сформировано {format_datetime(now)}"


def _signature() -> str:
    from tsj_desk.services.organization import organization

    org = organization()
    if org is None:
        return ""
    initials = "".join(f"{part[0]}." for part in (org.chairman_first_name, org.chairman_patronymic) if part)
    name = f"{org.chairman_last_name} {initials}".strip() if org.chairman_last_name else ""
    position = (org.chairman_position or "председатель правления").capitalize()
    return f"{position} ____________________ / {name or '____________________'} /"


# ---------------------------------------------------------------- the registration book

JOURNAL_BOOK_HEADERS = (
    "№", "Дата и время поступления", "Заявитель, помещение", "Способ поступления",
    "Краткое содержание", "Категория", "Срок ответа", "Дата и № ответа", "Результат",
    "Отметка о просрочке",
)
JOURNAL_BOOK_WIDTHS = (7, 9, 13, 9, 16, 13, 7, 8, 9, 9)


def _late_mark(row: JournalRow) -> str:
    """«просрочено на 3 дня» (no answer yet), «ответ с опозданием на 2 ч 10 мин»."""
    if row.state not in (DeadlineStatus.OVERDUE, DeadlineStatus.ANSWERED_LATE):
        return ""
    late = (lateness_text(row.late_by, row.days_late) if row.late_by is not None
            else counted(row.days_late, "день", "дня", "дней"))
    if row.state is DeadlineStatus.OVERDUE:
        return f"просрочено на {late}"
    return f"ответ с опозданием на {late}"


def _answer_text(row: JournalRow, outgoing: dict[int, str]) -> str:
    if row.answered_on is None:
        return ""
    when = format_datetime(row.answered_at) if row.answered_at and row.due_at else format_date(row.answered_on)
    return f"{when}\n{outgoing_text(outgoing.get(row.id, ''))}".rstrip()




def _result_text(row: JournalRow) -> str:
    if row.status is Status.VOIDED:
        return f"аннулировано: {row.void_reason}" if row.void_reason else "аннулировано"
    if row.result:
        try:
            return RESULT_LABELS[Result(row.result)]
        except ValueError:
            return row.result
    return "" if row.answered_on else Status(row.status).label.lower()


def _request_details(ids: list[int]) -> tuple[dict[int, str], dict[int, str]]:
    """Outgoing numbers of the answers and «кв. 12» (with the house when the base has
    several) of the requests ``ids``."""
    from tsj_desk.storage.models import House, Premise, Request

    outgoing: dict[int, str] = {}
    places: dict[int, str] = {}
    several = House.select().count() > 1
    for chunk in range(0, len(ids), 500):
        query = (Request.select(Request.id, Request.outgoing_no, Request.premise_number,
                                Premise.kind, House.address)
                 .join(Premise, peewee.JOIN.LEFT_OUTER, on=(Request.premise == Premise.id))
                 .join(House, peewee.JOIN.LEFT_OUTER, on=(Premise.house == House.id))
                 .where(Request.id.in_(ids[chunk:chunk + 500])).tuples())
        for rid, number, premise, kind, address in query:
            outgoing[rid] = number or ""
            place = premise_text(premise, kind) if premise else ""
            places[rid] = f"{address}, {place}" if several and address and place else place
    return outgoing, places


def journal_book(flt: JournalFilter, *, now: datetime, described: str = "") -> PrintDocument:
    """«Журнал регистрации обращений» as the paper book has it: every request the filter
    keeps, oldest first. ``described`` says which filter, when the page has one.

    The paper book is kept per year: the whole journal (of a house, or without the voided
    requests) with no period of receipt prints the current calendar year (01.01 of ``now``'s
    year to ``now``'s day), as its heading says. A selection (a search, the overdue, a
    status…) prints every request it keeps, whatever the year: an unanswered request of
    last December is still among the overdue."""
    whole = replace(flt, house_id=None, without_voided=False) == JournalFilter()
    if whole:
        flt = replace(flt, received_from=date(now.year, 1, 1), received_to=now.date())
    rows = list_requests(flt, today=now, sort="received_at", descending=False)
    outgoing, places = _request_details([r.id for r in rows])
    table_rows = []
    for r in rows:
        applicant = r.applicant + (f"\n{places[r.id]}" if places.get(r.id) else "")
        due = format_datetime(r.due_at) if r.due_at else format_date(r.due_date)
        table_rows.append((r.reg_no, format_datetime(r.received_at), applicant,
                           Channel(r.channel).label, r.subject, r.category_label, due,
                           _answer_text(r, outgoing), _result_text(r), _late_mark(r)))
    lines = [organization_name()] if organization_name() else []
    if flt.received_from or flt.received_to:
        lines.append("Поступившие " + " ".join(
            part for part in (f"с {format_date(flt.received_from)}" if flt.received_from else "",
                              f"по {format_date(flt.received_to)}" if flt.received_to else "") if part))
    if described:
        lines.append(described)
    overdue = sum(1 for r in rows if r.state is DeadlineStatus.OVERDUE)
    closing = [f"Всего: {counted(len(rows), 'обращение', 'обращения', 'обращений')}"
               + (f", из них просрочено без ответа: {overdue}" if overdue else "") + ".",
               made_line(now)]
    return PrintDocument(
        "Журнал регистрации обращений", lines,
        tables=[PrintTable(JOURNAL_BOOK_HEADERS, JOURNAL_BOOK_WIDTHS, table_rows,
                           empty="Обращений, отвечающих отбору, нет.")],
        closing=closing)


def describe_journal_filter(flt: JournalFilter) -> str:
    """«Отбор: просроченные; поиск «протечка»» — what the page's filter keeps, or ""."""
    parts = []
    if flt.text:
        parts.append(f"поиск «{flt.text}»")
    if flt.premise_number:
        parts.append(f"помещение {flt.premise_number}")
    if flt.overdue:
        parts.append("просроченные")
    if flt.due_this_week:
        parts.append("срок на этой неделе")
    if flt.due_today:
        parts.append("срок сегодня")
    if flt.answered_late:
        parts.append("отвеченные с опозданием")
    if flt.statuses:
        parts.append("состояние: " + ", ".join(Status(s).label.lower() for s in flt.statuses))
    if flt.categories:
        from tsj_desk.services.audit import category_labels

        labels = category_labels()
        parts.append("категория: " + ", ".join(labels.get(c, c) for c in flt.categories))
    if flt.channels:
        parts.append("способ поступления: " + ", ".join(Channel(c).label for c in flt.channels))
    return ("Отбор: " + "; ".join(parts) + ".") if parts else ""


# ---------------------------------------------------------------- the owner register

REGISTER_HEADERS = ("№ п/п", "Помещение", "Вид", "Площадь, м²", "Лицевой счёт",
                    "Собственники", "Доли")
REGISTER_WIDTHS = (5, 9, 10, 8, 11, 45, 12)


def register_sheet(text: str = "", *, incomplete_only: bool = False, house_id: int | None = None,
                   now: datetime) -> PrintDocument:
    """The owner register as the page shows it (its search, «только с нераспределёнными
    долями», its house): premises with their owners, the total area under the table."""
    from tsj_desk.services.registry import list_premises

    premises = list_premises(text, incomplete_only=incomplete_only, house_id=house_id)
    rows = []
    area = Decimal(0)
    for number, p in enumerate(premises, start=1):
        if p.area is not None:
            area += p.area
        rows.append((str(number), premise_text(p.number, p.kind), p.kind.label,
                     format_number(p.area) if p.area is not None else "", p.account or "",
                     p.owners.replace("; ", "\n"), p.shares.replace("; ", "\n")))
    lines = [organization_name()] if organization_name() else []
    lines += _house_lines(house_id)
    lines.append(f"По состоянию на {format_date(now.date())}")
    filters = []
    if text.strip():
        filters.append(f"поиск «{text.strip()}»")
    if incomplete_only:
        filters.append("только помещения с нераспределёнными долями")
    if filters:
        lines.append("Отбор: " + "; ".join(filters) + ".")
    closing = [f"Всего: {counted(len(rows), 'помещение', 'помещения', 'помещений')}, "
               f"общая площадь {format_number(area)} м².", made_line(now)]
    return PrintDocument("Реестр собственников помещений", lines,
                         tables=[PrintTable(REGISTER_HEADERS, REGISTER_WIDTHS, rows,
                                            right=frozenset({0, 3}),
                                            empty="Помещений, отвечающих отбору, нет.")],
                         closing=closing, signature=_signature())


def _house_lines(house_id: int | None) -> list[str]:
    from tsj_desk.services.organization import house, houses

    if house_id is not None:
        return [f"Дом: {house(house_id).address}"]
    every = houses()
    if len(every) == 1 and every[0].address:
        return [f"Дом: {every[0].address}"]
    return []


def today_of(now: datetime | date) -> date:
    return now.date() if isinstance(now, datetime) else now
