"""``tsj-desk premise add|edit|delete|list``: premises of a house entered by hand."""

from __future__ import annotations

import argparse
import json
import sys

from tsj_desk import clock
from tsj_desk.commands.house import area_arg, whole_arg
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.storage.database import missing_file

KINDS = "flat (квартира), nonresidential (нежилое), parking (машино-место)"


def _kind(text: str) -> str:
    from tsj_desk.services.premises import parse_kind

    try:
        return parse_kind(text).value
    except ValidationFailed:
        raise argparse.ArgumentTypeError(f"вид «{text}» неизвестен: {KINDS}") from None


def add_parsers(commands: argparse._SubParsersAction) -> None:
    premise = commands.add_parser("premise", help="помещения дома")
    premise_commands = premise.add_subparsers(dest="premise_command", parser_class=type(premise),
                                              required=True)
    for name, helptext in (("add", "добавить помещение"), ("edit", "изменить данные помещения"),
                           ("delete", "удалить помещение, на которое ничего не ссылается")):
        sub = premise_commands.add_parser(name, help=helptext)
        sub.add_argument("--db", dest="sub_db", required=True, help="файл базы")
        sub.add_argument("--house", type=whole_arg,
                         help="номер дома в программе (tsj-desk house list); можно не указывать, "
                              "если дом один")
        sub.add_argument("--number", required=True, help="номер помещения")
        if name == "delete":
            continue
        if name == "edit":
            sub.add_argument("--new-number", help="новый номер помещения")
        sub.add_argument("--kind", type=_kind, help=KINDS)
        sub.add_argument("--area", type=area_arg, help="площадь, м²")
        sub.add_argument("--entrance", help="подъезд")
        sub.add_argument("--floor", help="этаж")
        sub.add_argument("--account", help="лицевой счёт")
        sub.add_argument("--cadastral", help="кадастровый номер")
    listing = premise_commands.add_parser("list", help="список помещений")
    listing.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    listing.add_argument("--house", type=whole_arg, help="только помещения дома")
    listing.add_argument("--json", action="store_true", required=True, help="вывести JSON")


def premise_json(p) -> dict:
    return {"id": p.id, "house": p.house_id, "number": p.number, "kind": p.kind,
            "area": float(p.area) if p.area is not None else None, "entrance": p.entrance,
            "floor": p.floor, "account": p.account, "cadastral": p.cadastral_number}


def _house_id(args: argparse.Namespace) -> int:
    from tsj_desk.services.organization import houses

    if args.house is not None:
        return args.house
    known = houses()
    if len(known) == 1:
        return known[0].id
    if not known:
        raise NotFound("В базе нет ни одного дома: сначала добавьте дом (tsj-desk house add).")
    raise NotFound("Домов в базе несколько: укажите --house (номера: tsj-desk house list).")


def _cmd_premise(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services import premises

    if missing_file(args.sub_db):
        print(f"База «{args.sub_db}» не найдена.", file=sys.stderr)
        return 2
    command = args.premise_command
    with _session(args, write=command != "list"):
        now = clock.now()
        try:
            if command == "list":
                rows = premises.list_premises(args.house)
                print(json.dumps([premise_json(p) for p in rows], ensure_ascii=False, indent=1))
                return 0
            house_id = _house_id(args)
            if command == "delete":
                gone = premises.delete_premise(premises.find_premise(house_id, args.number).id, now=now)
                print(f"Помещение № {gone.number} удалено.")
                return 0
            options = {"kind": "kind", "area": "area", "entrance": "entrance", "floor": "floor",
                       "account": "account", "cadastral": "cadastral_number"}
            changes = {field: getattr(args, option) for option, field in options.items()
                       if getattr(args, option) is not None}
            if command == "add":
                made = premises.add_premise(house_id, {"number": args.number, **changes}, now=now)
                print(f"Помещение № {made.number} добавлено.")
            else:
                if args.new_number is not None:
                    changes["number"] = args.new_number
                found = premises.find_premise(house_id, args.number)
                made = premises.edit_premise(found.id, changes, now=now)
                print(f"Данные помещения № {made.number} записаны.")
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
    return 0


HANDLERS = {"premise": _cmd_premise}
