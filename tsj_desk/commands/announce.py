"""``tsj-desk announce add|list|print|residents|letters``: announcements for entrances
and notice boards (a planned outage, a specialist's visit, a meeting) and a visit's
residents and letters."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from tsj_desk import clock
from tsj_desk.commands.dates import MOMENT_FORMS, parse_moment
from tsj_desk.domain.announcements import KINDS, MEETING_FORMS, RESOURCES, VISIT_WORKS


def moment_arg(text: str):
    moment = parse_moment(text)
    if moment is None:
        raise argparse.ArgumentTypeError(f"«{text.strip()}» — дата и время в виде {MOMENT_FORMS}")
    return moment


def whole_arg(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» — не целое число") from None


def add_parsers(commands: argparse._SubParsersAction) -> None:
    announce = commands.add_parser("announce", help="объявления для подъездов: отключения, визиты, собрания")
    subs = announce.add_subparsers(dest="announce_command", parser_class=type(announce), required=True)
    add = subs.add_parser("add", help="создать объявление")
    add.add_argument("kind", choices=list(KINDS), help="outage — отключение, visit — визит специалиста, "
                                                       "meeting — собрание")
    add.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    add.add_argument("--start", type=moment_arg, required=True, help=f"начало, {MOMENT_FORMS}")
    add.add_argument("--end", type=moment_arg, help="окончание (для отключения и визита)")
    add.add_argument("--house", type=whole_arg, help="номер дома в программе (если домов несколько)")
    add.add_argument("--entrances", default="", help="подъезды через запятую (по умолчанию все)")
    add.add_argument("--resource", choices=list(RESOURCES), default="", help="что отключается")
    add.add_argument("--reason", default="", help="причина отключения")
    add.add_argument("--work", choices=list(VISIT_WORKS), default="", help="работы при визите")
    add.add_argument("--performer", default="", help="кто выполняет работы")
    add.add_argument("--premises", default="", help="помещения визита: «1-36, 40» (по умолчанию все)")
    add.add_argument("--form", dest="meeting_form", choices=list(MEETING_FORMS), default="",
                     help="форма собрания")
    add.add_argument("--place", default="", help="место собрания")
    add.add_argument("--agenda", default="", help="повестка дня: вопросы через «;»")
    add.add_argument("--note", default="", help="ещё строка для объявления")
    listing = subs.add_parser("list", help="объявления с датами")
    listing.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    listing.add_argument("--json", action="store_true", help="вывести JSON")
    for name, helptext, suffix in (("print", "объявление в .docx, по странице на подъезд", ".docx"),
                                   ("residents", "помещения визита, собственники и телефоны (.xlsx)", ".xlsx"),
                                   ("letters", "письма собственникам о визите (.docx)", ".docx")):
        sub = subs.add_parser(name, help=helptext)
        sub.add_argument("id", type=whole_arg, help="номер объявления (tsj-desk announce list)")
        sub.add_argument("--db", dest="sub_db", required=True, help="файл базы")
        sub.add_argument("--out", type=Path, required=True, help=f"файл {suffix}")


def _cmd_announce(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services import announcement_visits, announcements

    command = args.announce_command
    if command == "list":
        with _session(args, write=False):
            rows = announcements.list_announcements()
        if args.json:
            print(json.dumps([{"id": r.id, "kind": r.kind, "title": r.title, "when": r.when,
                               "starts_at": r.starts_at.isoformat(timespec="minutes"),
                               "ends_at": r.ends_at.isoformat(timespec="minutes") if r.ends_at else None,
                               "house": r.house, "entrances": r.entrances} for r in rows],
                             ensure_ascii=False, indent=1))
        else:
            for r in rows:
                print(f"{r.id}\t{r.when}\t{r.title}\t{r.entrances}")
        return 0
    if command == "add":
        data = announcements.AnnouncementInput(
            args.kind, args.start, args.end, house_id=args.house,
            entrances=[e for e in args.entrances.split(",") if e.strip()], resource=args.resource,
            reason=args.reason, work=args.work, performer=args.performer, premises=args.premises,
            meeting_form=args.meeting_form, place=args.place,
            agenda="\n".join(item.strip() for item in args.agenda.split(";") if item.strip()), note=args.note)
        with _session(args):
            new = announcements.create_announcement(data, now=clock.now())
        print(f"Объявление № {new} создано. Напечатать: tsj-desk announce print {new} --db {args.sub_db} "
              "--out объявление.docx")
        return 0
    with _session(args, write=False):
        if command == "print":
            pages = announcements.write_announcement(args.id, args.out, today=clock.today())
            print(f"Объявление записано в «{args.out}»: страниц — {pages} (по одной на подъезд).")
        elif command == "residents":
            rows = announcement_visits.write_visit_list(args.id, args.out)
            print(f"Список жильцов записан в «{args.out}»: строк — {rows}.")
        else:
            letters = announcement_visits.write_visit_letters(args.id, args.out, today=clock.today())
            print(f"Письма записаны в «{args.out}»: писем — {letters}, по одному на странице.")
    return 0


HANDLERS = {"announce": _cmd_announce}
