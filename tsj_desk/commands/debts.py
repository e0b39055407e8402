"""``tsj-desk import-balances``, ``debtors``, ``notices debt``, ``undo-balances``,
``promise``: balances per лицевой счёт, the debtors, notices and promises to pay
(``tsj_desk.services.debts``, ``debt_notices``, ``promises``)."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path

from tsj_desk import clock
from tsj_desk.commands.dates import day_arg
from tsj_desk.domain.debts import DELIVERIES, money_text, to_kopecks
from tsj_desk.domain.errors import ImportRejected
from tsj_desk.domain.premise_names import premise_address
from tsj_desk.domain.text import counted, format_date


def _sum_arg(text: str) -> Decimal:
    """argparse ``type=`` for a sum in rubles: «1000», «1 000,50»."""
    try:
        kopecks = to_kopecks(text)
    except ValueError:
        kopecks = None
    if kopecks is None or kopecks < 0:
        raise argparse.ArgumentTypeError(f"сумма «{text}» должна быть числом рублей, например 5000 или 5000,50")
    return Decimal(kopecks) / 100


def _months_arg(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"число месяцев «{text}» должно быть целым числом")
    return int(text)


def add_parsers(commands: argparse._SubParsersAction) -> None:
    from tsj_desk.cli import _Parser

    imp = commands.add_parser("import-balances",
                              help="загрузить остатки по лицевым счетам (ОСВ, список должников)")
    imp.add_argument("file", metavar="ФАЙЛ", help="файл .xlsx, .xls, .ods или .csv")
    imp.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    imp.add_argument("--date", type=day_arg, metavar="ДАТА",
                     help="дата остатков ДД.ММ.ГГГГ или ГГГГ-ММ-ДД (если её нет в заголовке файла)")
    imp.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
    imp.add_argument("--json", action="store_true", help="вывести результат в JSON")

    undo = commands.add_parser("undo-balances", help="отменить загрузку остатков целиком")
    undo.add_argument("batch", type=int, metavar="НОМЕР", help="номер загрузки (его печатает import-balances)")
    undo.add_argument("--db", dest="sub_db", required=True, help="файл базы")

    lst = commands.add_parser("debtors", help="список должников по последним остаткам")
    lst.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    lst.add_argument("--min-sum", type=_sum_arg, metavar="РУБЛЕЙ", help="долг не меньше этой суммы")
    lst.add_argument("--months", type=_months_arg, metavar="N", help="не меньше N месяцев долга")
    lst.add_argument("--house", type=int, metavar="НОМЕР", help="только дом с этим номером в программе")
    lst.add_argument("--json", action="store_true", help="вывести список в JSON")

    notices = commands.add_parser("notices", help="уведомления собственникам")
    kinds = notices.add_subparsers(dest="notices_kind", parser_class=_Parser, required=True)
    debt = kinds.add_parser("debt", help="уведомления о задолженности: один файл, по одному на странице")
    debt.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    debt.add_argument("--out", required=True, metavar="ФАЙЛ", help="файл .docx")
    debt.add_argument("--min-sum", type=_sum_arg, metavar="РУБЛЕЙ", help="долг не меньше этой суммы")
    debt.add_argument("--months", type=_months_arg, metavar="N", help="не меньше N месяцев долга")
    debt.add_argument("--delivery", choices=list(DELIVERIES), default="mailbox",
                      help="как будут доставлены: " + ", ".join(f"{k} — {v}" for k, v in DELIVERIES.items())
                           + " (по умолчанию mailbox)")

    promise = commands.add_parser("promise", help="записать обещание должника оплатить")
    promise.add_argument("account", metavar="ЛС", help="лицевой счёт")
    promise.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    promise.add_argument("--date", type=day_arg, required=True, metavar="ДАТА", help="к какой дате обещал оплатить")
    promise.add_argument("--sum", type=_sum_arg, required=True, metavar="РУБЛЕЙ", help="какую сумму обещал")
    promise.add_argument("--source", default="телефон", help="как получено: телефон, лично, обзвон")
    promise.add_argument("--note", default="", help="примечание")


def _cmd_import_balances(args: argparse.Namespace, _) -> int:
    from tsj_desk.cli import _print_import, _print_rejected, _session
    from tsj_desk.commands import column_map
    from tsj_desk.importers.headers import HeaderNotFound
    from tsj_desk.services.debts import import_balances, preview_balances

    if column_map.listed_fields(args, "balances"):
        return 0
    options = column_map.MapOptions(args, "balances")
    file = Path(args.file)
    with _session(args, write=not args.dry_run):
        now = clock.now()
        # a FileProblem (exit 2) changes nothing; a column layout remembered in the window applies
        try:
            preview = preview_balances(file, today=now.date(), balance_date=args.date, mapping=options.mapping)
        except HeaderNotFound as exc:
            options.check_headers(exc.cells, file)
            raise
        parsed = preview.parsed
        if parsed.layout is not None:
            options.check_headers(parsed.layout.cells, file)
        try:
            report = import_balances(file, today=now.date(), now=now, dry_run=args.dry_run, preview=preview)
        except ImportRejected as exc:
            valid = parsed.data_rows - len({e.row for e in exc.errors})
            _print_rejected(args, exc, parsed.data_rows, valid, preview.warnings)
            return 1
    if args.json:
        data = report.as_dict()
        data.update(balance_date=parsed.balance_date.isoformat(), batch=report.batch_id,
                    debt=f"{Decimal(preview.total) / 100:.2f}", dry_run=args.dry_run)
        print(json.dumps(data, ensure_ascii=False))
        return 0
    _print_import(args, report, "Загружено")
    print(f"Остатки на {format_date(parsed.balance_date)} ({parsed.date_source}); "
          f"сумма задолженности по загружаемым строкам: {money_text(preview.total)}")
    if report.batch_id is not None:
        print(f"Номер загрузки: {report.batch_id} (отменить: tsj-desk undo-balances {report.batch_id} "
              f"--db {args.sub_db}).")
    column_map.remembered_note(args, options)
    return 0


def _cmd_undo_balances(args: argparse.Namespace, _) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services.debts import undo_balance_batch

    with _session(args):
        removed = undo_balance_batch(args.batch, now=clock.now())
    print(f"Загрузка {args.batch} отменена: удалено {counted(removed, 'остаток', 'остатка', 'остатков')}.")
    return 0


def _cmd_debtors(args: argparse.Namespace, _) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services.debts import debtors, total

    with _session(args, write=False):
        rows = debtors(today=clock.today(), min_sum=args.min_sum, months=args.months, house_id=args.house)
    summary = total(rows)
    if args.json:
        print(json.dumps({"debtors": [r.as_dict() for r in rows], "count": summary.count,
                          "debt": f"{summary.debt:.2f}"}, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("Должников нет (по последним загруженным остаткам и условиям отбора).")
        return 0
    for r in rows:
        months = f", {counted(r.months, 'месяц', 'месяца', 'месяцев')}" if r.months else ""
        phones = f", тел. {r.phones}" if r.phones else ""
        print(f"{premise_address(r.house_address, r.premise_number, r.kind)}, л/с {r.account}: "
              f"{money_text(r.debt_kopecks)} на {format_date(r.balance_date)}{months} — "
              f"{r.owners or 'собственник не указан'}{phones}")
    print(f"Итого: {summary.text()}")  # ends with «руб.»
    return 0


def _cmd_notices(args: argparse.Namespace, _) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services.debt_notices import debt_notices_file

    with _session(args):
        now = clock.now()
        made = debt_notices_file(args.out, today=now.date(), now=now, min_sum=args.min_sum,
                                 months=args.months, delivery=args.delivery)
    print(f"{counted(made.count, 'уведомление', 'уведомления', 'уведомлений')} о задолженности "
          f"на сумму {money_text(int(made.debt * 100))} записаны в {args.out} "
          f"(по одному на странице; доставка: {DELIVERIES[args.delivery]}).")
    return 0


def _cmd_promise(args: argparse.Namespace, _) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services.promises import record_promise

    with _session(args):
        record_promise(args.account, promised_date=args.date, amount=args.sum, now=clock.now(),
                       source=args.source, note=args.note)
    print(f"Обещание записано: л/с {args.account}, {money_text(int(args.sum * 100))} "
          f"до {format_date(args.date)}.")
    return 0


HANDLERS = {"import-balances": _cmd_import_balances, "undo-balances": _cmd_undo_balances,
            "debtors": _cmd_debtors, "notices": _cmd_notices, "promise": _cmd_promise}
