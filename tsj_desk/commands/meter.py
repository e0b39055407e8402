"""``tsj-desk meter add|edit|replace|archive|list``: meters of premises and common-house meters (ОДПУ)."""

from __future__ import annotations

import argparse
import json
import sys

from tsj_desk import clock
from tsj_desk.domain.errors import NotFound, ValidationFailed

RESOURCE_NAMES = "ХВС, ГВС, ЭЭ, газ, отопление"


def _number(text: str) -> float:
    try:
        value = float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» — не число") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"«{text}» — не число")
    return value


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» — не целое число") from None


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")


def _card_options(parser: argparse.ArgumentParser, *, new: bool) -> None:
    """The fields of a meter's card: ``new`` (meter add) requires the resource and the serial
    number and gives the defaults; meter edit leaves every option unset unless given."""
    from tsj_desk.cli import _iso_date

    required = {"required": True} if new else {}

    def default(value: object) -> dict[str, object]:
        return {"default": value} if new else {}

    parser.add_argument("--resource", **required, metavar="РЕСУРС", help=RESOURCE_NAMES)
    parser.add_argument("--serial", **required, metavar="НОМЕР", help="заводской номер")
    parser.add_argument("--gis-number", **default(""), metavar="НОМЕР", help="номер прибора учёта в ГИС ЖКХ")
    parser.add_argument("--tariffs", type=_whole, **default(1), metavar="1-3", help="число тарифов, 1–3")
    parser.add_argument("--model", **default(""), metavar="ТЕКСТ", help="модель")
    parser.add_argument("--place", **default(""), metavar="ТЕКСТ", help="место установки")
    parser.add_argument("--installed", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="дата установки")
    parser.add_argument("--verified", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="дата последней поверки")
    parser.add_argument("--interval", type=_whole, metavar="ЛЕТ", help="межповерочный интервал, лет")
    parser.add_argument("--digits", type=_whole, metavar="ЦИФР", help="разрядность (целых цифр)")
    parser.add_argument("--initial", type=_number, nargs="+", metavar="N",
                        help="начальное показание (по тарифам: Т1 [Т2 [Т3]])")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    from tsj_desk.cli import _iso_date

    meter = commands.add_parser("meter", help="счётчики помещений и общедомовые (ОДПУ)")
    meter_commands = meter.add_subparsers(dest="meter_command", parser_class=type(meter), required=True)
    add = meter_commands.add_parser("add", help="добавить счётчик")
    _db_option(add)
    add.add_argument("--premise", default="", metavar="НОМЕР", help="номер помещения")
    add.add_argument("--house", type=_whole, metavar="ID", help="номер дома в программе (если домов несколько)")
    add.add_argument("--common", action="store_true", help="общедомовой счётчик (ОДПУ), без --premise")
    _card_options(add, new=True)
    edit = meter_commands.add_parser("edit", help="исправить карточку счётчика")
    edit.add_argument("id", type=_whole, metavar="ID", help="номер счётчика в программе (meter list)")
    _db_option(edit)
    _card_options(edit, new=False)
    replace = meter_commands.add_parser("replace", help="заменить счётчик новым")
    replace.add_argument("id", type=_whole, metavar="ID", help="номер снимаемого счётчика (meter list)")
    _db_option(replace)
    replace.add_argument("--final", type=_number, nargs="+", required=True, metavar="N",
                         help="конечное показание старого счётчика (Т1 [Т2 [Т3]])")
    replace.add_argument("--serial", required=True, metavar="НОМЕР", help="заводской номер нового счётчика")
    replace.add_argument("--gis-number", default="", metavar="НОМЕР", help="номер нового в ГИС ЖКХ")
    replace.add_argument("--initial", type=_number, nargs="+", metavar="N",
                         help="начальное показание нового (Т1 [Т2 [Т3]])")
    replace.add_argument("--on", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="дата замены (по умолчанию сегодня)")
    archive = meter_commands.add_parser("archive", help="снять счётчик без замены")
    archive.add_argument("id", type=_whole, metavar="ID", help="номер счётчика в программе (meter list)")
    _db_option(archive)
    archive.add_argument("--final", type=_number, nargs="+", metavar="N",
                         help="конечное показание (Т1 [Т2 [Т3]])")
    archive.add_argument("--on", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="дата снятия (по умолчанию сегодня)")
    listing = meter_commands.add_parser("list", help="список счётчиков")
    _db_option(listing)
    listing.add_argument("--premise", default="", metavar="НОМЕР", help="только счётчики помещения")
    listing.add_argument("--house", type=_whole, metavar="ID", help="только счётчики дома")
    listing.add_argument("--archived", action="store_true", help="вместе со снятыми")
    listing.add_argument("--json", action="store_true", required=True, help="вывести JSON")


def _cmd_meter(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session

    if args.meter_command == "add":
        return _add(args, _session)
    if args.meter_command in ("edit", "replace", "archive"):
        return _change(args, _session)
    return _list(args, _session)


def _add(args: argparse.Namespace, session) -> int:
    from tsj_desk.domain.meters import parse_resource
    from tsj_desk.services import meters

    resource = parse_resource(args.resource)
    if resource is None:
        print(f"Неизвестный ресурс «{args.resource}». Ресурсы: {RESOURCE_NAMES}.", file=sys.stderr)
        return 2
    if args.common and args.premise:
        print("Общедомовой счётчик (--common) не относится к помещению: уберите --premise.", file=sys.stderr)
        return 2
    if not args.common and not args.premise:
        print("Укажите помещение (--premise) или --common для общедомового счётчика.", file=sys.stderr)
        return 2
    initial = list(args.initial or [])
    if len(initial) > 3:
        print("Начальных показаний не больше трёх (Т1, Т2, Т3).", file=sys.stderr)
        return 2
    initial += [None] * (3 - len(initial))
    with session(args):
        from tsj_desk.storage.models import House

        house = args.house
        if house is not None and House.get_or_none(House.id == house) is None:
            print(f"Дом № {house} не найден.", file=sys.stderr)
            return 2
        if args.common and house is None:
            houses = [h.id for h in House.select(House.id)]
            if len(houses) != 1:
                print("Домов в базе " + ("нет" if not houses else "несколько: укажите --house") + ".",
                      file=sys.stderr)
                return 2
            house = houses[0]
        data = meters.MeterInput(
            resource, args.serial, args.premise, house, args.tariffs, args.gis_number, args.model,
            args.place, args.installed, args.verified, args.interval, args.digits, tuple(initial))
        try:
            meter_id = meters.add_meter(data, now=clock.now())
        except ValidationFailed as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return 2 if any(p.startswith("Помещение № ") for p in exc.problems) else 1
        card = meters.meter_card(meter_id)
    where = f"помещение № {card.premise_number}" if card.premise_number else "общедомовой"
    short = card.resource.short if card.resource.short.isupper() else card.resource.short.lower()
    print(f"Счётчик «{card.serial}» ({short}) добавлен: {where}, номер в программе {meter_id}.")
    return 0


def _values(numbers: list[float] | None, what: str) -> tuple | None:
    """Readings by tariff (Т1 [Т2 [Т3]]) padded to three; None when not given."""
    if numbers is None:
        return None
    if len(numbers) > 3:
        raise ValidationFailed(f"{what} — не больше трёх чисел (Т1, Т2, Т3).")
    return tuple(numbers) + (None,) * (3 - len(numbers))


def _change(args: argparse.Namespace, session) -> int:
    """``meter edit|replace|archive ID``: the card corrected, a replacement, a removal."""
    from tsj_desk.domain.meters import parse_resource
    from tsj_desk.services import meters

    resource = None
    if getattr(args, "resource", None) is not None:
        resource = parse_resource(args.resource)
        if resource is None:
            print(f"Неизвестный ресурс «{args.resource}». Ресурсы: {RESOURCE_NAMES}.", file=sys.stderr)
            return 2
    try:
        initial = _values(args.initial, "Начальное показание") if args.meter_command != "archive" else None
        final = _values(args.final, "Конечное показание") if args.meter_command != "edit" else None
    except ValidationFailed as exc:
        print(exc.message, file=sys.stderr)
        return 2
    with session(args):
        now = clock.now()
        try:
            card = meters.meter_card(args.id)
            if args.meter_command == "edit":
                data = card.as_input()
                for option, field in (("serial", "serial"), ("gis_number", "gis_number"),
                                      ("tariffs", "tariffs"), ("model", "model"), ("place", "place"),
                                      ("installed", "installed_on"), ("verified", "verified_on"),
                                      ("interval", "interval_years"), ("digits", "digits")):
                    if getattr(args, option) is not None:
                        setattr(data, field, getattr(args, option))
                if resource is not None:
                    data.resource = resource
                if initial is not None:
                    data.initial = initial
                changed = meters.edit_meter(args.id, data, now=now)
                print(f"Карточка счётчика «{data.serial}» (номер в программе {args.id}) "
                      + ("записана." if changed else "не изменилась."))
                return 0
            on = args.on or now.date()
            if args.meter_command == "archive":
                meters.archive_meter(args.id, on=on, now=now, final=final)
                print(f"Счётчик «{card.serial}» снят {on:%d.%m.%Y}.")
                return 0
            new = meters.MeterInput(card.resource, args.serial, tariffs=card.tariffs,
                                    gis_number=args.gis_number, initial=initial or (None, None, None))
            new_id = meters.replace_meter(args.id, final, on=on, new=new, now=now)
        except NotFound as exc:
            print(f"Счётчик № {args.id} не найден." if exc.message == "Счётчик не найден." else exc.message,
                  file=sys.stderr)
            return 2
        except ValidationFailed as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return 1
    print(f"Счётчик «{card.serial}» заменён {on:%d.%m.%Y} счётчиком «{args.serial}», "
          f"номер в программе {new_id}.")
    return 0


def _list(args: argparse.Namespace, session) -> int:
    from tsj_desk.services import meters
    from tsj_desk.services.readings import last_readings

    with session(args, write=False):
        try:
            found = meters.list_meters(include_archived=args.archived, premise_number=args.premise,
                                       house_id=args.house)
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
        last = last_readings([m.id for m in found])
    result = []
    for meter in found:
        item = meters.meter_json(meter)
        period, taken, values = last.get(meter.id, (None, None, (None, None, None)))
        item["last_reading"] = ({"period": period, "taken_on": taken.isoformat() if taken else None,
                                 "values": list(values)} if period else None)
        result.append(item)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


HANDLERS = {"meter": _cmd_meter}
