"""``tsj-desk calls export|import``: call lists of a campaign out (.csv, .xlsx) and their
results back in (``tsj_desk.services.call_lists``, ``call_results``)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tsj_desk import clock
from tsj_desk.commands.dates import DAY_FORMS, day_arg
from tsj_desk.commands.house import whole_arg

CAMPAIGN_HELP = ("readings — напомнить передать показания (нет показаний за текущий месяц); "
                 "debt — напомнить о долге (должники от суммы --min-sum); "
                 "visit — предупредить о визите специалиста (помещения --premises, дата --date); "
                 "survey — опрос об удовлетворённости (закрытые за --days дней обращения)")


def _sum_arg(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"сумма «{text}» должна быть числом рублей, например 5000 или 5000,50")
    return value


def _days_arg(text: str) -> int:
    days = whole_arg(text)
    if days < 1:
        raise argparse.ArgumentTypeError(f"число дней «{text}» должно быть не меньше 1")
    return days


def add_parsers(commands: argparse._SubParsersAction) -> None:
    from tsj_desk.cli import _Parser
    from tsj_desk.services.call_lists import CAMPAIGNS, SURVEY_DAYS

    calls = commands.add_parser("calls", help="обзвон: список звонков и загрузка результатов")
    actions = calls.add_subparsers(dest="calls_command", parser_class=_Parser, required=True)
    out = actions.add_parser("export", help="выгрузить список обзвона в .csv или .xlsx",
                             description="Кампании: " + CAMPAIGN_HELP + ".")
    out.add_argument("campaign", metavar="КАМПАНИЯ", choices=list(CAMPAIGNS),
                     help="readings, debt, visit или survey")
    out.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    out.add_argument("--out", required=True, metavar="ФАЙЛ", help="файл .csv (UTF-8, «;») или .xlsx")
    out.add_argument("--house", type=whole_arg, metavar="НОМЕР", help="только дом с этим номером в программе")
    out.add_argument("--min-sum", type=_sum_arg, metavar="РУБЛЕЙ", help="debt: долг не меньше этой суммы")
    out.add_argument("--days", type=_days_arg, default=SURVEY_DAYS, metavar="N",
                     help=f"survey: обращения, закрытые за последние N дней (по умолчанию {SURVEY_DAYS})")
    out.add_argument("--announcement", type=whole_arg, metavar="НОМЕР",
                     help="visit: номер объявления о визите специалиста (его помещения, дата и работы)")
    out.add_argument("--premises", metavar="НОМЕРА", default="",
                     help="visit: помещения визита, например «1-40, 55»")
    out.add_argument("--date", type=day_arg, metavar="ДАТА", help=f"visit: дата визита, {DAY_FORMS}")
    out.add_argument("--note", default="", metavar="ТЕКСТ", help="visit: что сказать («поверка счётчиков 10:00–14:00»)")
    out.add_argument("--json", action="store_true", help="вывести итог в JSON")

    back = actions.add_parser("import", help="загрузить результаты обзвона (файл с «Кодом строки»)")
    back.add_argument("file", metavar="ФАЙЛ", help="файл .csv, .xlsx, .xls или .ods")
    back.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    back.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
    back.add_argument("--json", action="store_true", help="вывести результат в JSON")


def _cmd_calls(args: argparse.Namespace, _open_window) -> int:
    if args.calls_command == "export":
        return _export(args)
    return _import(args)


def _export(args: argparse.Namespace) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.domain.errors import NotFound, ValidationFailed
    from tsj_desk.services.call_lists import build_list, export_list

    if Path(args.out).suffix.lower() not in (".csv", ".xlsx"):
        print("Список обзвона сохраняется в файл .csv или .xlsx: укажите --out с таким окончанием.",
              file=sys.stderr)
        return 2
    if args.campaign == "visit" and not args.premises.strip() and args.announcement is None:
        print("Для кампании visit укажите объявление о визите (--announcement НОМЕР) "
              "или помещения визита (--premises «1-40, 55»).", file=sys.stderr)
        return 2
    with _session(args):
        now = clock.now()
        try:
            calls = build_list(args.campaign, today=now.date(), now=now, house_id=args.house,
                               min_sum=args.min_sum, days=args.days, premises=args.premises,
                               visit_on=args.date, note=args.note, announcement_id=args.announcement)
        except (ValidationFailed, NotFound) as exc:  # an unknown premise or announcement: a wrong argument
            print(exc.message, file=sys.stderr)
            return 2
        out = export_list(calls, args.out, now=now)
    if args.json:
        print(json.dumps({"campaign": calls.campaign, "file": str(out), "rows": len(calls.rows),
                          "skipped": [{"premise": s.premise, "name": s.name, "why": s.why}
                                      for s in calls.skipped]}, ensure_ascii=False))
        return 0
    for skipped in calls.skipped:
        who = f" ({skipped.name})" if skipped.name else ""
        print(f"Не вошло в список: пом. {skipped.premise or '—'}{who} — {skipped.why}.", file=sys.stderr)
    print(f"Список «{calls.label}» записан в «{out}». {calls.summary()}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services.call_results import import_results

    with _session(args, write=not args.dry_run):
        now = clock.now()
        report = import_results(args.file, today=now.date(), now=now, dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        for problem in report.problems:
            print("Ошибка, " + problem.describe(), file=sys.stderr)
        print(report.summary())
        if report.problems and not args.dry_run:
            print("Строки с ошибками не записаны, остальные записаны: исправьте их в файле и загрузите "
                  "его снова (записанные строки повторно не запишутся).", file=sys.stderr)
    return 1 if report.problems else 0


HANDLERS = {"calls": _cmd_calls}
