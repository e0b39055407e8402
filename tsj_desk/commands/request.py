"""``tsj-desk request add|answer|void|list``: the journal of requests (обращения).

``request answer`` records what the window's answer dialog records: the text, the date
(and time for deadlines in hours), the channel, the outgoing number, the result (with
the reason of a refusal) and, for a complaint about the quality of a utility, the
decision on recalculation. ``request list`` prints a table, or JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys

from tsj_desk import clock
from tsj_desk.commands.dates import MOMENT_FORMS, clock_arg, day_arg, moment_problem, parse_moment
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.domain.journal import Channel, Result
from tsj_desk.domain.recalculation import RECALCULATION  # worded as the window's answer dialog offers it

QUALITY = "utility_quality"
RESULTS = {"satisfied": Result.SATISFIED, "удовлетворено": Result.SATISFIED,
           "explained": Result.EXPLAINED, "разъяснено": Result.EXPLAINED,
           "refused": Result.REFUSED, "отказано": Result.REFUSED}
CHANNELS = ", ".join(f"{c.value} ({c.label})" for c in Channel)


def _result(text: str) -> Result:
    result = RESULTS.get(text.strip().lower())
    if result is None:
        raise argparse.ArgumentTypeError(
            f"результат «{text}» неизвестен: satisfied (удовлетворено), explained (разъяснено) "
            "или refused (отказано)")
    return result


def _yes_no(text: str) -> bool:
    folded = text.strip().lower()
    if folded in ("yes", "да"):
        return True
    if folded in ("no", "нет"):
        return False
    raise argparse.ArgumentTypeError(f"«{text}»: ответ yes (да) или no (нет)")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    req = commands.add_parser("request", help="журнал обращений")
    req_commands = req.add_subparsers(dest="request_command", parser_class=type(req), required=True)
    add = req_commands.add_parser("add", help="зарегистрировать обращение")
    add.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ",
                     help="файл базы (создаётся, если его нет)")
    add.add_argument("--category", required=True, metavar="КОД",
                     help="код категории: maintenance, owner_register, utility_quality, emergency…")
    add.add_argument("--received", required=True, metavar="ДАТА",
                     help=f"дата и время поступления: «{MOMENT_FORMS}»")
    add.add_argument("--applicant", required=True, metavar="ТЕКСТ", help="заявитель: ФИО или организация")
    add.add_argument("--premise", default="", metavar="НОМЕР", help="номер помещения заявителя")
    add.add_argument("--channel", default="in_person", metavar="КАНАЛ",
                     help=f"как поступило: {CHANNELS}; по умолчанию in_person")
    add.add_argument("--text", required=True, metavar="ТЕКСТ", help="содержание обращения")

    answer = req_commands.add_parser("answer", help="записать ответ")
    answer.add_argument("reg_no", metavar="НОМЕР", help="номер обращения ГГГГ-NNNN")
    answer.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    answer.add_argument("--text", required=True, metavar="ТЕКСТ", help="текст ответа")
    answer.add_argument("--date", type=day_arg, metavar="ДАТА",
                        help="дата ответа ДД.ММ.ГГГГ (по умолчанию сегодня)")
    answer.add_argument("--time", type=clock_arg, metavar="ЧЧ:ММ",
                        help="время ответа, для сроков в часах (по умолчанию — сейчас, "
                             "если ответ сегодняшний)")
    answer.add_argument("--result", type=_result, metavar="РЕЗУЛЬТАТ",
                        help="satisfied (удовлетворено), explained (разъяснено) или refused "
                             "(отказано); по умолчанию explained, для жалобы на качество обязательно")
    answer.add_argument("--refusal-reason", default="", metavar="ТЕКСТ",
                        help="причина отказа (обязательно при --result refused)")
    answer.add_argument("--recalculation", type=_yes_no, metavar="yes|no",
                        help="жалоба на качество коммунальной услуги: будет ли перерасчёт платы "
                             "(обязательно для такой жалобы)")
    answer.add_argument("--outgoing-number", default="", metavar="ТЕКСТ",
                        help="исходящий номер ответа")
    answer.add_argument("--channel", metavar="КАНАЛ",
                        help="как направлен ответ (по умолчанию — как поступило обращение): "
                             + CHANNELS)

    void = req_commands.add_parser("void", help="аннулировать обращение, зарегистрированное по ошибке")
    void.add_argument("reg_no", metavar="НОМЕР", help="номер обращения ГГГГ-NNNN")
    void.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    void.add_argument("--reason", required=True, metavar="ТЕКСТ", help="причина аннулирования")

    listing = req_commands.add_parser("list", help="список обращений")
    listing.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    listing.add_argument("--today", type=day_arg, metavar="ДАТА",
                         help="состояние сроков на дату ДД.ММ.ГГГГ (по умолчанию — сейчас)")
    listing.add_argument("--json", action="store_true", help="вывести JSON вместо таблицы")


def _unknown_channel(code: str) -> bool:
    if code in {c.value for c in Channel}:
        return False
    print(f"Неизвестный канал «{code}». Коды каналов: {CHANNELS}.", file=sys.stderr)
    return True


def _cmd_request(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services import journal

    received = None
    if args.request_command == "add":
        if _unknown_channel(args.channel):
            return 2
        received = parse_moment(args.received)
        if received is None:
            print(moment_problem(args.received), file=sys.stderr)
            return 2
    if args.request_command == "answer" and args.channel is not None and _unknown_channel(args.channel):
        return 2
    with _session(args, must_exist=args.request_command != "add",
                  write=args.request_command != "list"):
        now = clock.now()
        try:
            if args.request_command == "add":
                reg_no = journal.register_request(journal.RequestInput(
                    category=args.category, received_at=received, applicant=args.applicant,
                    text=args.text, channel=args.channel, premise_number=args.premise), now=now)
                print(reg_no)
            elif args.request_command == "answer":
                _answer(args, now)
                print(f"Ответ на обращение № {args.reg_no} записан.")
            elif args.request_command == "void":
                from tsj_desk.services.requests_void import void_request

                void_request(args.reg_no, args.reason, now=now)
                print(f"Обращение № {args.reg_no} аннулировано.")
            else:
                _list(args, now)
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
    return 0


def _answer(args: argparse.Namespace, now) -> None:
    from tsj_desk.services import journal

    card = journal.request_card(args.reg_no)  # NotFound: exit 2
    if card.status.is_open:  # else the service says why no answer is taken
        _check_answer(args, card)
    on = args.date or now.date()
    at = args.time or (now.time().replace(second=0, microsecond=0) if on == now.date() else None)
    journal.answer_request(args.reg_no, journal.AnswerInput(
        text=args.text, on=on, at=at, channel=args.channel, outgoing_no=args.outgoing_number,
        result=args.result or Result.EXPLAINED, refusal_reason=args.refusal_reason,
        recalculation=RECALCULATION[args.recalculation] if args.recalculation is not None else ""),
        now=now)


def _check_answer(args: argparse.Namespace, card) -> None:
    """What the answer lacks for the request's category, or holds that does not belong."""
    quality = card.category.code == QUALITY
    missing = []
    if quality and args.result is None:
        missing.append("результат (--result satisfied, explained или refused)")
    if args.result is Result.REFUSED and not args.refusal_reason.strip():
        missing.append("причину отказа (--refusal-reason)")
    if quality and args.recalculation is None:
        missing.append("решение о перерасчёте платы (--recalculation yes или no)")
    if missing:
        raise ValidationFailed(f"Ответ на обращение № {card.reg_no} не записан: укажите "
                               + _listed(missing) + ".")
    if args.refusal_reason.strip() and args.result is not Result.REFUSED:
        raise ValidationFailed("Причина отказа (--refusal-reason) указывается только при "
                               "--result refused.")
    if args.recalculation is not None and not quality:
        raise ValidationFailed(f"Решение о перерасчёте (--recalculation) принимается только по жалобе "
                               f"на качество коммунальной услуги; обращение № {card.reg_no} — "
                               f"«{card.category.label}».")


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " и " + items[-1]


def _list(args: argparse.Namespace, now) -> None:
    from tsj_desk.commands.request_table import render
    from tsj_desk.services import journal

    today = args.today or now  # a moment: deadlines in hours are missed by the minute
    rows = journal.list_requests(journal.JournalFilter(), today=today,
                                 sort="received_at", descending=False)
    if args.json:
        print(json.dumps([request_json(r) for r in rows], ensure_ascii=False, indent=1))
        return
    width = shutil.get_terminal_size((0, 0)).columns if sys.stdout.isatty() else 0
    for line in render(rows, width=width or None):
        print(line)


def request_json(row) -> dict:
    from tsj_desk.domain.deadlines import DeadlineStatus

    return {
        "reg_no": row.reg_no,
        "received": row.received_at.strftime("%Y-%m-%dT%H:%M"),
        "category": row.category_code,
        "due": row.due_at.strftime("%Y-%m-%dT%H:%M") if row.due_at else row.due_date.isoformat(),
        "status": row.status.value,
        "answered": row.answered_on.isoformat() if row.answered_on else None,
        "overdue": row.state in (DeadlineStatus.OVERDUE, DeadlineStatus.ANSWERED_LATE),
    }


HANDLERS = {"request": _cmd_request}
