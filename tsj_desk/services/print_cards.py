"""What the window prints besides the book and the register (``print_sheets``): the
request card, the premise card, the readings sheet of a month and the list of meters
whose verification ends."""

from __future__ import annotations

from datetime import date, datetime

from tsj_desk.domain.deadlines import DeadlineStatus
from tsj_desk.domain.journal import RESULT_LABELS, Channel, Result
from tsj_desk.domain.meters import fmt
from tsj_desk.domain.text import counted, format_date, format_datetime, format_number
from tsj_desk.services.organization import organization_name
from tsj_desk.domain.premise_names import premise_text
from tsj_desk.services.print_sheets import PrintDocument, PrintTable, made_line, outgoing_text

MONTHS_NOMINATIVE = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                     "сентябрь", "октябрь", "ноябрь", "декабрь")
STATE_WORDS = {
    DeadlineStatus.OVERDUE: "срок ответа прошёл",
    DeadlineStatus.DUE_TODAY: "срок ответа сегодня",
    DeadlineStatus.DUE_NEXT: "срок ответа завтра",
    DeadlineStatus.OPEN: "в срок",
    DeadlineStatus.ANSWERED_ON_TIME: "ответ дан в срок",
    DeadlineStatus.ANSWERED_LATE: "ответ дан с опозданием",
    DeadlineStatus.VOIDED: "аннулировано",
}
RECALCULATION_WORDS = {"yes": "перерасчёт сделан", "no": "в перерасчёте отказано"}


def period_title(period: str) -> str:
    """«2026-11» → «ноябрь 2026 г.»."""
    year, month = period.split("-")
    return f"{MONTHS_NOMINATIVE[int(month) - 1]} {year} г."


def _org_lines() -> list[str]:
    name = organization_name()
    return [name] if name else []


# ---------------------------------------------------------------- the request card

def request_card_sheet(reg_no: str, *, now: datetime) -> PrintDocument:
    from tsj_desk.services.calendar import production_calendar
    from tsj_desk.services.journal import request_card

    card = request_card(reg_no)
    due = format_datetime(card.due_at) if card.due_at else format_date(card.due_date)
    if card.deadline_basis:
        due += f" ({card.deadline_basis})"
    fields = [
        ("Регистрационный номер", card.reg_no),
        ("Поступило", f"{format_datetime(card.received_at)}, {Channel(card.channel).label}"),
        ("Заявитель", card.applicant),
        ("Контакты заявителя", card.applicant_contacts),
        ("Помещение", premise_text(card.premise_number)),
        ("Категория", card.category.label),
        ("Краткое содержание", card.subject),
        ("Текст обращения", card.text),
        ("Срок ответа", due),
        ("Состояние", f"{card.status.label}; "
                      f"{STATE_WORDS[card.state(now, production_calendar())]}"),
    ]
    if card.voided:
        fields.append(("Причина аннулирования", card.void_reason))
    if card.inspection_at:
        fields.append(("Проверка назначена", format_datetime(card.inspection_at)))
    if card.inspection_act_on:
        fields.append(("Акт проверки", f"от {format_date(card.inspection_act_on)}"))
    if card.answered_on:
        answered = format_datetime(card.answered_at) if card.answered_at and card.due_at \
            else format_date(card.answered_on)
        fields += [
            ("Дата ответа", answered + (f", {outgoing_text(card.outgoing_no)}" if card.outgoing_no else "")),
            ("Способ ответа", _channel(card.answer_channel)),
            ("Результат", _result(card.result)),
            ("Причина отказа", card.refusal_reason),
            ("Перерасчёт", RECALCULATION_WORDS.get(card.recalculation, card.recalculation)),
            ("Текст ответа", card.answer_text),
        ]
    fields = [(name, value) for name, value in fields if value]
    history = [(format_datetime(at), user, action, details) for at, user, action, details in card.history]
    return PrintDocument(
        f"Карточка обращения № {card.reg_no}", _org_lines(), fields=fields,
        tables=[PrintTable(("Когда", "Кто", "Что сделано", "Подробности"), (14, 16, 25, 45), history,
                           heading="Ход рассмотрения")],
        closing=[made_line(now)])


def _channel(code: str) -> str:
    try:
        return Channel(code).label
    except ValueError:
        return code


def _result(code: str) -> str:
    try:
        return RESULT_LABELS[Result(code)]
    except ValueError:
        return code


# ---------------------------------------------------------------- the premise card

def premise_card_sheet(premise_id: int, *, now: datetime) -> PrintDocument:
    from tsj_desk.domain.shares import format_share
    from tsj_desk.services.registry import premise_card

    card = premise_card(premise_id)
    fields = [
        ("Помещение", premise_text(card.number, card.kind)),
        ("Вид", card.kind.label),
        ("Площадь", f"{format_number(card.area)} м²" if card.area is not None else ""),
        ("Лицевой счёт", card.account or ""),
        ("Кадастровый номер", card.cadastral_number or ""),
        ("Сумма долей собственников", format_share(card.total_share)),
    ]
    current = [(o.owner, o.share_text, _egrn(o.egrn_number, o.egrn_date), format_date(o.valid_from),
                "да" if o.member else "нет", "; ".join(p for p in (o.phone, o.email) if p))
               for o in card.current]
    past = [(o.owner, o.share_text, _egrn(o.egrn_number, o.egrn_date), format_date(o.valid_from),
             format_date(o.valid_to)) for o in card.history]
    return PrintDocument(
        f"Карточка помещения: {premise_text(card.number, card.kind)}", _org_lines(),
        fields=[(name, value) for name, value in fields if value],
        tables=[
            PrintTable(("Собственник", "Доля", "Запись ЕГРН", "Собственник с", "Член ТСЖ", "Телефон, e-mail"),
                       (30, 8, 22, 11, 8, 21), current, heading="Собственники",
                       empty="Собственники не внесены."),
            PrintTable(("Собственник", "Доля", "Запись ЕГРН", "С", "По"), (36, 10, 26, 14, 14), past,
                       heading="Прежние собственники", empty="Прежних собственников нет."),
        ],
        closing=[made_line(now)])


def _egrn(number: str | None, on: date | None) -> str:
    if not number:
        return ""
    return f"{number} от {format_date(on)}" if on else number


# ---------------------------------------------------------------- the readings sheet

READINGS_HEADERS = ("№ п/п", "Помещение", "Счётчик", "Заводской №", "Предыдущее показание",
                    "Показание за месяц", "Поверка до")


def _values(values) -> str:
    shown = [fmt(v) for v in (values or ()) if v is not None]
    if len(shown) > 1:
        return " / ".join(f"Т{n}: {v}" for n, v in enumerate(shown, start=1))
    return shown[0] if shown else ""


def readings_sheet(period: str, *, house_id: int | None = None, now: datetime) -> PrintDocument:
    """Every active meter with its previous reading and the one of ``period`` (blank
    where none is entered yet: the sheet is also for writing them in by hand)."""
    from tsj_desk.services.readings import entry_sheet

    lines = entry_sheet(period, house_id=house_id)
    rows = []
    for number, line in enumerate(lines, start=1):
        previous = _values(line.previous)
        if previous and line.previous_date:
            previous += f"\n(на {format_date(line.previous_date)})"
        elif previous and line.previous_period:
            previous += f"\n({period_title(line.previous_period)})"
        rows.append((str(number), premise_text(line.premise_number) or "ОДПУ", line.resource.label,
                     line.serial, previous, _values(line.current), format_date(line.next_verification)))
    entered = sum(1 for line in lines if line.current is not None)
    return PrintDocument(
        "Ведомость показаний приборов учёта", _org_lines() + [f"за {period_title(period)}"],
        tables=[PrintTable(READINGS_HEADERS, (6, 10, 16, 14, 20, 20, 14), rows, right=frozenset({0}),
                           empty="Действующих счётчиков нет.")],
        closing=[f"Счётчиков: {len(lines)}, показания за месяц внесены: {entered}.", made_line(now)])


# ---------------------------------------------------------------- verifications

def _left(days: int) -> str:
    if days < 0:
        return "истекла " + counted(-days, "день", "дня", "дней") + " назад"
    if days == 0:
        return "истекает сегодня"
    return "осталось " + counted(days, "день", "дня", "дней")


def verification_sheet(*, today: date, within_days: int = 60, now: datetime) -> PrintDocument:
    """Meters whose verification ends within ``within_days`` or has ended."""
    from tsj_desk.services.readings import verification_due

    due = verification_due(today=today, within_days=within_days)
    rows = [(str(n), premise_text(d.premise_number) if d.premise_number != "ОДПУ" else "ОДПУ",
             d.owners, d.resource.label, d.serial, format_date(d.next_verification), _left(d.days_left))
            for n, d in enumerate(due, start=1)]
    return PrintDocument(
        "Счётчики, у которых истекает срок поверки",
        _org_lines() + [f"Истекает в ближайшие {counted(within_days, 'день', 'дня', 'дней')} "
                        f"(до {format_date(date.fromordinal(today.toordinal() + within_days))}) "
                        "или уже истёк"],
        tables=[PrintTable(("№ п/п", "Помещение", "Собственники", "Счётчик", "Заводской №",
                            "Поверка до", "Срок"), (6, 10, 30, 15, 13, 11, 15), rows,
                           right=frozenset({0}), empty="Таких счётчиков нет.")],
        closing=[f"Всего: {counted(len(rows), 'счётчик', 'счётчика', 'счётчиков')}.", made_line(now)])
