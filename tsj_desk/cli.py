"""The ``tsj-desk`` command line. Without a subcommand it opens the window.

Exit codes (as the README gives them): 0 done; 1 the data stopped the command (nothing
changed), the base is held by another copy of the program, or ``check`` found damage;
2 an unreadable or missing file, an unknown name (category, channel, act kind, request
number) or bad arguments (nothing changed). Messages go to stderr in Russian.
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from tsj_desk import clock
from tsj_desk.commands.dates import clock_arg, day_arg, moment_problem, parse_moment
from tsj_desk.commands.file_ops import _cmd_backup, _cmd_check, _cmd_restore
from tsj_desk.commands.russian_argparse import RussianParser as _Parser
from tsj_desk.domain.errors import FileProblem, ImportRejected, NotFound, TsjError, ValidationFailed
from tsj_desk.domain.text import counted

OpenWindow = Callable[[Path | str], int]


def _iso_date(text: str) -> date:
    """A date option: ДД.ММ.ГГГГ, or ГГГГ-ММ-ДД."""
    return day_arg(text)


def _clock_time(text: str) -> time:
    return clock_arg(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tsj-desk", description="ТСЖ Деск: реестр, обращения, показания, акты. "
                     "Без команды открывает окно программы.",
                     epilog="Справка по команде: tsj-desk КОМАНДА -h. --db и --json можно указать "
                            "и перед командой, и после неё. Вместо файла базы --db принимает адрес "
                            "базы на сервере PostgreSQL: postgresql://пользователь:пароль@сервер:"
                            "порт/база.")
    parser.add_argument("--db", metavar="ФАЙЛ", help="файл базы данных (создаётся, если его нет) "
                                                     "или адрес базы на сервере postgresql://…")
    parser.add_argument("--json", action="store_true", help="вывести результат команды в JSON")
    parser.forwarded = {"db": "--db", "json": "--json"}
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    demo = commands.add_parser("demo", help="создать демонстрационную базу и открыть её")
    demo.add_argument("--db", dest="sub_db", help="куда записать демо-базу")
    demo.add_argument("--no-gui", action="store_true", help="только создать базу и вывести путь")

    imp = commands.add_parser("import-registry", help="загрузить реестр собственников из Excel")
    imp.add_argument("file", metavar="ФАЙЛ", help="файл .xlsx, .xls, .ods или .csv")
    imp.add_argument("--db", dest="sub_db", required=True, help="файл базы (создаётся, если его нет)")
    imp.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
    imp.add_argument("--skip-invalid", action="store_true", help="загрузить верные строки, пропустив ошибочные")
    imp.add_argument("--json", action="store_true", help="вывести результат в JSON")
    imp.add_argument("--house", type=int, metavar="НОМЕР",
                     help="номер дома в программе (если домов несколько; иначе — по адресу в заголовке файла)")

    exp = commands.add_parser("export-register", help="выгрузить реестр собственников")
    exp.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    exp.add_argument("--out", required=True, help="файл .xlsx или .docx")
    exp.add_argument("--as-of", type=_iso_date, help="на дату ДД.ММ.ГГГГ (по умолчанию сегодня)")
    exp.add_argument("--requested-by", default="", help="кому выдаётся реестр (обязательно)")
    exp.add_argument("--purpose", default="", help="цель выдачи (обязательно)")
    exp.add_argument("--members", action="store_true",
                     help="реестр членов товарищества (ЖК РФ ст. 143) вместо реестра собственников")
    ir = commands.add_parser("import-readings", help="загрузить показания счётчиков")
    ir.add_argument("file", metavar="ФАЙЛ", help="файл показаний .xlsx, .xls или .csv")
    ir.add_argument("--db", dest="sub_db", required=True, help="файл базы (создаётся, если его нет)")
    ir.add_argument("--period", help="период ГГГГ-ММ, если его нет в файле")
    ir.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
    ir.add_argument("--skip-invalid", action="store_true", help="загрузить верные строки, пропустив ошибочные")
    ir.add_argument("--create-meters", action="store_true",
                    help="создать неизвестные счётчики известных помещений")
    ir.add_argument("--json", action="store_true", help="вывести результат в JSON")

    er = commands.add_parser("export-readings", help="реестр показаний за период")
    er.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    er.add_argument("--period", required=True, help="период ГГГГ-ММ")
    er.add_argument("--out", required=True, help="файл .xlsx")

    act = commands.add_parser("act", help="акт по обращению (.docx)")
    act.add_argument("kind", metavar="ВИД", help="вид акта: damage, maintenance_quality, utility_quality")
    act.add_argument("--request", required=True, help="номер обращения ГГГГ-NNNN")
    act.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    act.add_argument("--out", required=True, help="файл .docx")

    bk = commands.add_parser("backup", help="резервная копия базы")
    bk.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    bk.add_argument("--to", help="папка для копии (по умолчанию — из настроек или рядом с базой)")

    rs = commands.add_parser("restore", help="восстановить базу из резервной копии")
    rs.add_argument("backup", metavar="КОПИЯ", help="файл резервной копии")
    rs.add_argument("--db", dest="sub_db", required=True, help="файл базы, который восстановить")
    rs.add_argument("--other-base", action="store_true",
                    help="восстановить копию другой базы (перенос базы на другой компьютер)")

    ck = commands.add_parser("check", help="проверить целостность базы")
    ck.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    ck.add_argument("--accept-lost-changes", action="store_true",
                    help="продолжать работу с базой, потерявшей изменения, как есть")

    dl = commands.add_parser("deadline", help="срок ответа на обращение")
    dl.add_argument("category", metavar="КАТЕГОРИЯ", help="код категории (owner_register, maintenance, …)")
    dl.add_argument("received", metavar="ПОСТУПЛЕНИЕ",
                    help="дата поступления «ДД.ММ.ГГГГ» или «ДД.ММ.ГГГГ ЧЧ:ММ» (или ГГГГ-ММ-ДД, "
                         "ГГГГ-ММ-ДДTЧЧ:ММ); срок выводится как ДД.ММ.ГГГГ [ЧЧ:ММ]")
    dl.add_argument("--db", dest="sub_db", help="взять сроки и календарь из базы")
    dl.add_argument("--json", action="store_true",
                    help="вывести срок в JSON (дата в виде ГГГГ-ММ-ДД, пояснение, рассчитан ли год)")

    from tsj_desk import commands as families

    families.add_parsers(commands)
    from tsj_desk.commands.column_map import add_map_options

    add_map_options(commands)  # --map, --list-fields of import-readings and import-registry
    _add_user_option(parser)
    return parser


def _add_user_option(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` on every subcommand that opens a base: who the logs name
    (default: the only active user of the base, else the operating-system login)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                if any(a.dest == "sub_db" for a in sub._actions) and not any(
                        a.dest == "user" for a in sub._actions):
                    sub.add_argument("--user", help="кто работает: имя пользователя из базы")
                _add_user_option(sub)


def _moment(text: str) -> datetime:
    """«ДД.ММ.ГГГГ ЧЧ:ММ» or ISO; a bad one is named as it was typed."""
    moment = parse_moment(text)
    if moment is None:
        raise TsjError(moment_problem(text))
    return moment


def main(argv: Sequence[str] | None = None, open_window: OpenWindow | None = None) -> int:
    try:
        code = _run(argv, open_window)
        sys.stdout.flush()  # a reader gone meanwhile shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:  # the output piped into a reader that stopped (``| head``)
        _drop_stdout()
        return 0


def _drop_stdout() -> None:
    """Send what is left of the output nowhere: the reader is gone, and the interpreter
    must not complain at exit about the output it could not flush."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file behind sys.stdout (a test's capture)
        pass


def _run(argv: Sequence[str] | None, open_window: OpenWindow | None) -> int:
    args = build_parser().parse_args(argv)
    from tsj_desk.services import calendar_store

    calendar_store.use_stored(calendar_store.cache_folder())  # the calendar without importing holidays
    try:
        from tsj_desk.storage.location import url_problem

        if problem := url_problem(_db_path(args) or ""):  # smb://, ftp://…: a bad argument
            print(problem, file=sys.stderr)
            return 2
        if args.command is None:
            from tsj_desk.services.session import default_database_path

            if open_window is None:
                print("Окно недоступно: запустите программу командой tsj-desk.", file=sys.stderr)
                return 2
            return open_window(args.db or default_database_path())
        from tsj_desk import commands as families

        handler = _HANDLERS.get(args.command) or families.handler(args.command)
        return handler(args, open_window)
    except _Exit as exc:
        return exc.code
    except BrokenPipeError:
        raise
    except FileProblem as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except TsjError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except Exception as exc:  # a fault of the disk that no layer below put in words
        from tsj_desk.faults import fault_of

        from tsj_desk.storage.database import is_url
        from tsj_desk.storage.server_faults import server_problem

        db = _db_path(args)
        if (problem := server_problem(exc, db if db and is_url(db) else None)) is not None:
            print(problem.message, file=sys.stderr)  # a server's failure in words
            return 1
        fault = fault_of(exc, base_path=Path(db) if db and not is_url(db) else None)
        if fault is None:
            raise
        print(fault.message, file=sys.stderr)
        return 1


def _db_path(args: argparse.Namespace) -> str:
    return getattr(args, "sub_db", None) or args.db


class _Exit(Exception):
    """Stop a command with an exit code after its message went to stderr."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


@contextmanager
def _session(args: argparse.Namespace, *, must_exist: bool = True, write: bool = True):
    """The command's database session: refused when the file is missing (exit 2);
    a writing command takes the one-writer lock (held elsewhere: exit 1, who holds it)."""
    from tsj_desk.services.session import ChangesLost, close_session, open_session
    from tsj_desk.storage.database import is_url, missing_file

    db = _db_path(args)
    if must_exist and missing_file(db):
        print(f"База «{db}» не найдена.", file=sys.stderr)
        raise _Exit(2)
    try:
        open_session(db, lock=write, now=clock.now())
    except ChangesLost as exc:  # exit 1, and how to go on without the lost changes
        print(exc.message, file=sys.stderr)
        print(f"Чтобы продолжать работу с базой как есть: tsj-desk check --db {db} "
              "--accept-lost-changes", file=sys.stderr)
        raise _Exit(1) from None
    try:
        if write:
            _choose_user(args)
        yield db if is_url(db) else Path(db)
    finally:
        from tsj_desk.services.users import forget_choice

        forget_choice()
        close_session()


def _choose_user(args: argparse.Namespace) -> None:
    """``--user NAME``: an unknown name exits 2, a deactivated user 1. The command line
    asks no password: whoever runs it can open the file itself."""
    from tsj_desk.services.users import choose_user

    if not getattr(args, "user", None):
        return
    try:
        choose_user(args.user, check_password=False)
    except TsjError as exc:
        print(exc.message, file=sys.stderr)
        raise _Exit(2 if isinstance(exc, NotFound) else 1) from None


def _refuse_network(db: Path) -> None:
    """A base on a network share is refused (exit 1), as ``open_session`` refuses it."""
    from tsj_desk.domain.errors import DatabaseProblem
    from tsj_desk.storage.location import network_location_problem

    if problem := network_location_problem(db):
        raise DatabaseProblem(problem)


def _cmd_demo(args: argparse.Namespace, open_window: OpenWindow | None) -> int:
    from tsj_desk.services.demo import create_demo_database
    from tsj_desk.services.session import data_dir
    from tsj_desk.storage.database import close_database
    from tsj_desk.storage.database import is_url, shown_target
    from tsj_desk.storage.lock import DatabaseLock

    target = _db_path(args)
    if target and is_url(target):  # an empty server base (a filled one: exit 1)
        moment = clock.now()
        try:
            create_demo_database(target, today=moment.date(), now=moment)
        finally:
            close_database()
        if args.no_gui or open_window is None:
            print(shown_target(target))
            return 0
        return open_window(target)
    path = Path(target or data_dir() / "demo.sqlite3")
    _refuse_network(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"Папку «{path.parent}» для демонстрационной базы создать нельзя: "
                          f"{exc.strerror or exc}. Укажите другой путь.") from exc
    lock = DatabaseLock(path)
    lock.acquire(clock.now())  # a window has the base open: exit 1, who holds it
    try:
        moment = clock.now()
        create_demo_database(path, today=moment.date(), now=moment)  # not a demo base there: exit 1
    finally:
        close_database()
        lock.release()
    if args.no_gui or open_window is None:
        print(path)
        return 0
    return open_window(path)


def _print_import(args: argparse.Namespace, report, verb_done: str) -> None:
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    for problem in report.errors + report.warnings:
        print(("Ошибка, " if problem.is_error else "Предупреждение, ") + problem.describe(),
              file=sys.stderr)
    verb = "Проверено" if args.dry_run else verb_done
    done = report.valid if args.dry_run else report.imported
    print(f"{verb}: {counted(done, 'строка', 'строки', 'строк')} из {report.rows}.")


def _print_rejected(args: argparse.Namespace, exc: ImportRejected, rows: int, valid: int,
                    warnings) -> None:
    if args.json:
        print(json.dumps({"rows": rows, "valid": valid, "imported": 0,
                          "errors": [e.as_dict() for e in exc.errors],
                          "warnings": [w.as_dict() for w in warnings]}, ensure_ascii=False))
    else:
        for problem in exc.errors:
            print(problem.describe(), file=sys.stderr)
    print(exc.message, file=sys.stderr)


def _period_arg(text: str | None) -> str | None:
    from tsj_desk.domain.meters import parse_period

    if text is None:
        return None
    from tsj_desk.importers.cells import parse_month_cell

    period = parse_period(text) or parse_month_cell(text)  # «ноябрь 2026» as a file writes it
    if period is None:
        raise FileProblem(f"Период «{text}» не распознан: укажите его как ГГГГ-ММ, ММ.ГГГГ или «ноябрь 2026».")
    return period


def _cmd_import_readings(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.commands import column_map
    from tsj_desk.importers.readings import parse_readings_file
    from tsj_desk.services.readings import check_readings, import_readings

    if column_map.listed_fields(args, "readings"):
        return 0
    options = column_map.MapOptions(args, "readings")
    file = Path(args.file)
    period = _period_arg(args.period)

    def parse(layouts):
        return parse_readings_file(file, period=period, mapping=options.mapping, layouts=layouts,
                                   today=clock.today())

    parsed, failure = column_map.read_before_session(args, options, parse)  # FileProblem: exit 2
    with _session(args, must_exist=False):
        parsed = column_map.read_in_session(args, options, parsed, failure, parse)
        now = clock.now()
        today = now.date()
        preview = check_readings(parsed, today=today, create_meters=args.create_meters)
        try:
            report = import_readings(file, today=today, now=now, period=period,
                                     skip_invalid=args.skip_invalid, dry_run=args.dry_run,
                                     create_meters=args.create_meters, preview=preview)
        except ImportRejected as exc:
            valid = parsed.data_rows - len({e.row for e in exc.errors})
            _print_rejected(args, exc, parsed.data_rows, valid, preview.warnings)
            return 1
    _print_import(args, report, "Загружено")
    column_map.remembered_note(args, options)
    return 0


def _cmd_export_readings(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.services.readings import export_readings

    period = _period_arg(args.period)
    if Path(args.out).suffix.lower() != ".xlsx":
        print("Реестр показаний сохраняется в файл .xlsx.", file=sys.stderr)
        return 2
    with _session(args, write=False):
        count = export_readings(period, args.out)
    print(f"Реестр показаний за {period[5:]}.{period[:4]} записан в {args.out}: "
          f"{counted(count, 'счётчик', 'счётчика', 'счётчиков')}.")
    return 0


def _cmd_import_registry(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.commands import column_map
    from tsj_desk.commands.registry_house import registry_house
    from tsj_desk.importers.registry import parse_registry_file
    from tsj_desk.services.registry import import_registry

    if column_map.listed_fields(args, "registry"):
        return 0
    options = column_map.MapOptions(args, "registry")
    file = Path(args.file)

    def parse(layouts):
        return parse_registry_file(file, today=clock.today(), mapping=options.mapping, layouts=layouts)

    parsed, failure = column_map.read_before_session(args, options, parse)  # FileProblem: exit 2
    with _session(args, must_exist=False):
        parsed = column_map.read_in_session(args, options, parsed, failure, parse)
        try:
            house_id = registry_house(args.house, parsed.house_address)
        except ValidationFailed as exc:  # which house is a parameter: exit 2, as for meter add
            print(exc.message, file=sys.stderr)
            return 2
        try:
            report = import_registry(file, now=clock.now(), skip_invalid=args.skip_invalid,
                                     dry_run=args.dry_run, parsed=parsed, house_id=house_id)
        except ImportRejected as exc:
            _print_rejected(args, exc, parsed.data_rows, len(parsed.valid_rows()), parsed.warnings)
            return 1
    _print_import(args, report, "Загружено")
    column_map.remembered_note(args, options)
    return 0


def _cmd_export_register(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.services.disclosure import export_register

    out = Path(args.out)
    if out.suffix.lower() not in {".xlsx", ".docx"}:
        print("Файл реестра должен иметь расширение .xlsx или .docx.", file=sys.stderr)
        return 2
    missing = (not args.requested_by.strip(), not args.purpose.strip())
    if any(missing):  # the disclosure log records both (ЖК РФ ст. 45 ч. 3.1)
        asked = {(True, True): ", кому выдаётся реестр (--requested-by), и цель выдачи (--purpose)",
                 (True, False): ", кому выдаётся реестр (--requested-by)",
                 (False, True): " цель выдачи (--purpose)"}[missing]
        print(f"Укажите{asked}: каждая выдача реестра записывается в журнал выдач.", file=sys.stderr)
        return 2
    with _session(args):  # writes the disclosure log
        now = clock.now()
        result = export_register(out, as_of=args.as_of or now.date(), requested_by=args.requested_by,
                                 purpose=args.purpose, now=now, members_only=args.members)
    print(f"Реестр записан в {result.path}: {counted(result.rows, 'строка', 'строки', 'строк')}, "
          f"контрольная сумма {result.sha256}.")
    return 0


def _cmd_deadline(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.domain.deadlines import DEFAULT_CATEGORIES, DayKind, compute_deadline

    try:
        received = _moment(args.received)
    except TsjError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if _db_path(args):
        from tsj_desk.services.calendar import category_rules, production_calendar

        with _session(args, write=False):
            rules, calendar = category_rules(), production_calendar()
    else:
        from tsj_desk.domain.calendar import ProductionCalendar

        rules, calendar = list(DEFAULT_CATEGORIES), ProductionCalendar()
    rule = next((r for r in rules if r.code == args.category), None)
    if rule is None:
        print(f"Неизвестная категория «{args.category}». Коды категорий:", file=sys.stderr)
        for r in rules:
            print(f"  {r.code} — {r.label}", file=sys.stderr)
        return 2
    deadline = compute_deadline(rule, received, calendar)
    from tsj_desk.domain.calendar_years import computed_year_note

    hours = rule.kind is DayKind.HOURS
    computed = not hours and computed_year_note(deadline.due.year) in deadline.explanation
    if getattr(args, "json", False):
        due = deadline.due_at.isoformat(timespec="minutes") if hours else deadline.due.isoformat()
        print(json.dumps({"due": due, "explanation": deadline.explanation,
                          "computed_year": computed}, ensure_ascii=False))
        return 0
    # the user reads it: ДД.ММ.ГГГГ (and the time of an hours deadline), however it was typed
    print(deadline.due_at.strftime("%d.%m.%Y %H:%M") if hours else deadline.due.strftime("%d.%m.%Y"))
    if computed:  # no decree for the year yet
        print(f"{computed_year_note(deadline.due.year)}.", file=sys.stderr)
    return 0


def _cmd_act(args: argparse.Namespace, _: OpenWindow | None) -> int:
    from tsj_desk.documents.acts import ACT_KINDS
    from tsj_desk.services.acts import act_for_request

    if args.kind not in ACT_KINDS:
        print(f"Неизвестный вид акта «{args.kind}». Допустимые виды: {', '.join(ACT_KINDS)}.",
              file=sys.stderr)
        return 2
    if Path(args.out).suffix.lower() != ".docx":
        print("Акт сохраняется в файл .docx.", file=sys.stderr)
        return 2
    with _session(args):
        try:
            info = act_for_request(args.kind, args.request, Path(args.out), now=clock.now())
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
    print(f"Акт № {info.number} записан в {args.out}.")
    return 0


_HANDLERS = {
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "check": _cmd_check,
    "act": _cmd_act,
    "import-readings": _cmd_import_readings,
    "export-readings": _cmd_export_readings,
    "deadline": _cmd_deadline,
    "demo": _cmd_demo,
    "import-registry": _cmd_import_registry,
    "export-register": _cmd_export_register,
}
