"""``tsj-desk house add|edit|list``: the houses of the organisation."""

from __future__ import annotations

import argparse
import json
import sys

from tsj_desk import clock
from tsj_desk.domain.errors import NotFound
from tsj_desk.domain.text import parse_decimal
from tsj_desk.storage.database import missing_file


def area_arg(text: str) -> str:
    """An area as typed (comma or point); its rules are the service's."""
    if parse_decimal(text) is None:
        raise argparse.ArgumentTypeError(f"площадь «{text}» — не число (пример: 4210,5)")
    return text


def whole_arg(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» — не целое число") from None


def add_parsers(commands: argparse._SubParsersAction) -> None:
    house = commands.add_parser("house", help="дома организации")
    house_commands = house.add_subparsers(dest="house_command", parser_class=type(house), required=True)
    for name, helptext in (("add", "добавить дом"), ("edit", "изменить данные дома")):
        sub = house_commands.add_parser(name, help=helptext)
        sub.add_argument("--db", dest="sub_db", required=True, help="файл базы")
        if name == "edit":
            sub.add_argument("--house", type=whole_arg, required=True, help="номер дома в программе")
        sub.add_argument("--address", required=name == "add", help="адрес дома")
        sub.add_argument("--area", type=area_arg, help="общая площадь помещений, м²")
        sub.add_argument("--common-area", type=area_arg, help="площадь общего имущества, м²")
        sub.add_argument("--fias", help="код ФИАС/ГАР")
        sub.add_argument("--cadastral", help="кадастровый номер дома")
        sub.add_argument("--year", type=whole_arg, help="год постройки")
    listing = house_commands.add_parser("list", help="список домов")
    listing.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    listing.add_argument("--json", action="store_true", required=True, help="вывести JSON")


def _number(value) -> float | None:
    return float(value) if value is not None else None


def house_json(house) -> dict:
    return {"id": house.id, "address": house.address, "fias": house.fias_code,
            "cadastral": house.cadastral_number, "area": _number(house.total_area),
            "common_area": _number(house.common_area), "year": house.year_built}


def _cmd_house(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services import organization

    if args.house_command != "list" and missing_file(args.sub_db):
        print(f"База «{args.sub_db}» не найдена. Начните с организации: "
              f"tsj-desk org set --db {args.sub_db} --name …", file=sys.stderr)
        return 2
    if args.house_command == "list":
        with _session(args, write=False):
            rows = organization.houses()
        print(json.dumps([house_json(h) for h in rows], ensure_ascii=False, indent=1))
        return 0
    options = {"address": "address", "area": "total_area", "common_area": "common_area",
               "fias": "fias_code", "cadastral": "cadastral_number", "year": "year_built"}
    changes = {field: getattr(args, option) for option, field in options.items()
               if getattr(args, option) is not None}
    with _session(args):
        if args.house_command == "add":
            house = organization.add_house(changes, now=clock.now())
            print(f"Дом № {house.id} «{house.address}» добавлен.")
        else:
            try:
                house = organization.edit_house(args.house, changes, now=clock.now())
            except NotFound as exc:
                print(exc.message, file=sys.stderr)
                return 2
            print(f"Данные дома № {house.id} «{house.address}» записаны.")
    return 0


HANDLERS = {"house": _cmd_house}
