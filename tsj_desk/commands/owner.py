"""``tsj-desk owner list|add|edit|correct`` and ``tsj-desk sale record|undo``: the owners of
a premise, a new owner, the owner card (the person's details and ТСЖ membership), the
correction of a mistaken record, a sale and the undo of the last sale, as the window does
them."""

from __future__ import annotations

import argparse
import json
import sys

from tsj_desk import clock
from tsj_desk.commands.house import whole_arg
from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.storage.database import missing_file


def _yes_no(text: str) -> bool:
    folded = text.strip().lower()
    if folded in ("yes", "да", "1"):
        return True
    if folded in ("no", "нет", "0"):
        return False
    raise argparse.ArgumentTypeError(f"«{text}»: ответ yes (да) или no (нет)")


def _share(text: str):
    from tsj_desk.domain.shares import parse_share

    try:
        return parse_share(text)
    except ValidationFailed as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def add_parsers(commands: argparse._SubParsersAction) -> None:
    from tsj_desk.cli import _iso_date

    owner = commands.add_parser("owner", help="собственники помещений")
    owner_commands = owner.add_subparsers(dest="owner_command", parser_class=type(owner), required=True)
    listing = owner_commands.add_parser("list", help="нынешние собственники помещения")
    listing.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    listing.add_argument("--premise", required=True, metavar="НОМЕР", help="номер помещения")
    listing.add_argument("--house", type=whole_arg, metavar="ID",
                         help="номер дома в программе (если домов несколько)")
    listing.add_argument("--json", action="store_true", required=True, help="вывести JSON")

    edit = owner_commands.add_parser("edit", help="карточка собственника: данные и членство в ТСЖ")
    edit.add_argument("id", type=whole_arg, metavar="ID", help="номер записи о собственности (owner list)")
    edit.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    edit.add_argument("--name", metavar="ТЕКСТ", help="ФИО или наименование организации")
    edit.add_argument("--ogrn", metavar="N", help="ОГРН (ОГРНИП)")
    edit.add_argument("--inn", metavar="N", help="ИНН")
    edit.add_argument("--phone", metavar="ТЕКСТ", help="телефон")
    edit.add_argument("--email", metavar="ТЕКСТ", help="электронная почта")
    edit.add_argument("--postal-address", metavar="ТЕКСТ", help="почтовый адрес")
    edit.add_argument("--member", type=_yes_no, metavar="yes|no", help="член товарищества: yes или no")
    edit.add_argument("--member-since", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="член товарищества с")
    edit.add_argument("--member-until", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="член товарищества по")

    new = owner_commands.add_parser("add", help="добавить собственника помещения")
    new.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    new.add_argument("--premise", required=True, metavar="НОМЕР", help="номер помещения")
    new.add_argument("--house", type=whole_arg, metavar="ID",
                     help="номер дома в программе (если домов несколько)")
    new.add_argument("--name", required=True, metavar="ТЕКСТ", help="ФИО или наименование организации")
    new.add_argument("--share", type=_share, metavar="ДОЛЯ", help="доля: 1 (по умолчанию), 1/2, 0,5, 50%%")
    new.add_argument("--ogrn", metavar="N", help="ОГРН (ОГРНИП) организации")
    new.add_argument("--phone", metavar="ТЕКСТ", help="телефон")
    new.add_argument("--email", metavar="ТЕКСТ", help="электронная почта")
    new.add_argument("--egrn-number", metavar="ТЕКСТ", help="номер записи ЕГРН о праве")
    new.add_argument("--egrn-date", type=_iso_date, metavar="ДД.ММ.ГГГГ", help="дата записи ЕГРН")
    new.add_argument("--member", type=_yes_no, default=False, metavar="yes|no",
                     help="член товарищества: yes или no (по умолчанию no)")

    correct = owner_commands.add_parser("correct", help="исправить ошибку в записи (не продажа)")
    correct.add_argument("id", type=whole_arg, metavar="ID", help="номер записи о собственности (owner list)")
    correct.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    correct.add_argument("--reason", default="", metavar="ТЕКСТ",
                         help="в чём была ошибка (обязательно, записывается в журнал)")
    correct.add_argument("--name", metavar="ТЕКСТ", help="верное ФИО или наименование")
    correct.add_argument("--share", type=_share, metavar="ДОЛЯ", help="верная доля: 1, 1/2, 0,5, 50%%")

    sale = commands.add_parser("sale", help="переходы права собственности")
    sale_commands = sale.add_subparsers(dest="sale_command", parser_class=type(sale), required=True)
    record = sale_commands.add_parser("record", help="переход права: продажа, дарение, наследство")
    record.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    record.add_argument("--premise", required=True, metavar="НОМЕР", help="номер помещения")
    record.add_argument("--house", type=whole_arg, metavar="ID",
                        help="номер дома в программе (если домов несколько)")
    record.add_argument("--sellers", required=True, metavar="ID[,ID]",
                        help="записи о собственности, право по которым прекращается (owner list)")
    record.add_argument("--buyer", action="append", required=True, metavar="ТЕКСТ",
                        help="новый собственник (можно несколько раз)")
    record.add_argument("--share", type=_share, action="append", metavar="ДОЛЯ",
                        help="доля каждого покупателя в том же порядке; без неё доли продавцов "
                             "делятся поровну")
    record.add_argument("--egrn-number", metavar="ТЕКСТ", help="номер записи ЕГРН о праве покупателя")
    record.add_argument("--phone", metavar="ТЕКСТ", help="телефон покупателя")
    record.add_argument("--member", type=_yes_no, default=False, metavar="yes|no",
                        help="покупатель — член товарищества: yes или no")
    record.add_argument("--on", type=_iso_date, required=True, metavar="ДД.ММ.ГГГГ",
                        help="дата перехода права (запись ЕГРН)")

    undo = sale_commands.add_parser("undo", help="отменить последний переход права в помещении")
    undo.add_argument("--db", dest="sub_db", required=True, metavar="ФАЙЛ", help="файл базы")
    undo.add_argument("--premise", required=True, metavar="НОМЕР", help="номер помещения")
    undo.add_argument("--house", type=whole_arg, metavar="ID",
                      help="номер дома в программе (если домов несколько)")


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def owner_json(info, premise_number: str) -> dict:
    from tsj_desk.services.ownership_history import membership, person_details

    person = person_details(info.person_id)
    member = membership(info.id)
    return {"id": info.id, "premise": premise_number, "person_id": info.person_id, "name": info.owner,
            "is_legal": info.is_legal, "ogrn": info.ogrn, "inn": person.inn, "phone": info.phone,
            "email": info.email, "postal_address": person.postal_address,
            "share": info.share_text, "share_num": info.fraction.numerator,
            "share_den": info.fraction.denominator, "joint": info.joint_group is not None,
            "egrn_number": info.egrn_number, "egrn_date": _iso(info.egrn_date),
            "valid_from": _iso(info.valid_from), "member": member.member,
            "member_since": _iso(member.since), "member_until": _iso(member.until)}


def _premise_id(args: argparse.Namespace) -> int:
    from tsj_desk.commands.premise import _house_id
    from tsj_desk.services.premises import find_premise

    return find_premise(_house_id(args), args.premise).id


def _problems(exc: ValidationFailed) -> int:
    for problem in exc.problems or [exc.message]:
        print(problem, file=sys.stderr)
    return 1


def _cmd_owner(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session

    if missing_file(args.sub_db):
        print(f"База «{args.sub_db}» не найдена.", file=sys.stderr)
        return 2
    command = args.owner_command
    with _session(args, write=command != "list"):
        try:
            if command == "list":
                return _list(args)
            if command == "edit":
                return _edit(args)
            if command == "add":
                return _add(args)
            return _correct(args)
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
        except ValidationFailed as exc:
            return _problems(exc)


def _list(args: argparse.Namespace) -> int:
    from tsj_desk.services.registry import premise_card

    card = premise_card(_premise_id(args))
    print(json.dumps([owner_json(info, card.number) for info in card.current], ensure_ascii=False, indent=1))
    return 0


def _add(args: argparse.Namespace) -> int:
    from fractions import Fraction

    from tsj_desk.services.registry import OwnerInput, add_owner

    share = args.share
    owner = OwnerInput(name=args.name, fraction=share.fraction if share else Fraction(1),
                       joint=share.joint if share else False, ogrn=args.ogrn, phone=args.phone,
                       email=args.email, egrn_number=args.egrn_number, egrn_date=args.egrn_date,
                       member=args.member)
    ownership_id = add_owner(_premise_id(args), owner, now=clock.now())
    print(f"Собственник «{args.name}» помещения № {args.premise} записан (запись № {ownership_id}).")
    _warn_phone(args.phone)
    return 0


def _seller_ids(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise NotFound(f"«{text}»: укажите номера записей продавцов через запятую (owner list).") from None


def _record_sale(args: argparse.Namespace) -> int:
    from fractions import Fraction

    from tsj_desk.services.registry import OwnerInput, transfer_ownership

    sellers = _seller_ids(args.sellers)
    if args.share and len(args.share) != len(args.buyer):
        print(f"Покупателей {len(args.buyer)}, а долей {len(args.share)}: укажите долю каждого "
              "покупателя или ни одной.", file=sys.stderr)
        return 2
    if args.share:
        shares = [(s.fraction, s.joint) for s in args.share]
    else:
        total = sum((Fraction(o.share_num, o.share_den) for o in map(_ownership, sellers)), Fraction(0))
        shares = [(total / len(args.buyer), False)] * len(args.buyer)
    buyers = [OwnerInput(name=name, fraction=fraction, joint=joint, phone=args.phone,
                         egrn_number=args.egrn_number, egrn_date=args.on, member=args.member)
              for name, (fraction, joint) in zip(args.buyer, shares)]
    created = transfer_ownership(_premise_id(args), sellers, buyers, on=args.on, now=clock.now())
    print(f"Переход права {args.on:%d.%m.%Y} в помещении № {args.premise} записан: "
          f"новых записей {len(created)} ({', '.join(f'№ {n}' for n in created)}).")
    _warn_phone(args.phone)
    return 0


def _warn_phone(phone: str | None) -> None:
    """The warning the owner's card shows for a phone not in the form +7XXXXXXXXXX (the
    phone is kept as typed), on stderr like the other warnings of the command line."""
    from tsj_desk.domain.phones import phone_problem

    if problem := phone_problem(phone):
        print(problem, file=sys.stderr)


def _ownership(ownership_id: int):
    from tsj_desk.storage.models import Ownership

    found = Ownership.get_or_none(Ownership.id == ownership_id)
    if found is None:
        raise NotFound(f"Запись о собственности № {ownership_id} не найдена.")
    return found


def _edit(args: argparse.Namespace) -> int:
    from tsj_desk.services import ownership_history as history

    ownership = _ownership(args.id)
    person = history.person_details(ownership.person_id)
    current = history.membership(ownership.id)
    data = history.PersonInput(
        name=person.name if args.name is None else args.name, is_legal=person.is_legal,
        ogrn=person.ogrn if args.ogrn is None else args.ogrn,
        inn=person.inn if args.inn is None else args.inn,
        phone=person.phone if args.phone is None else args.phone,
        email=person.email if args.email is None else args.email,
        postal_address=person.postal_address if args.postal_address is None else args.postal_address)
    member = current.member if args.member is None else args.member
    since = current.since if args.member_since is None else args.member_since
    until = current.until if args.member_until is None else args.member_until
    history.save_owner_card(ownership.id, data, member, since, until, now=clock.now())
    print(f"Карточка собственника «{history.person_details(ownership.person_id).name}» "
          f"(запись № {ownership.id}) записана.")
    _warn_phone(args.phone)
    return 0


def _correct(args: argparse.Namespace) -> int:
    from fractions import Fraction

    from tsj_desk.services.ownership_history import correct_ownership
    from tsj_desk.services.registry import OwnerInput

    ownership = _ownership(args.id)
    person = ownership.person
    joint = ownership.joint_group is not None
    fraction = Fraction(ownership.share_num, ownership.share_den)
    if args.share is not None:
        fraction, joint = args.share.fraction, args.share.joint
    owner = OwnerInput(name=person.name if args.name is None else args.name, fraction=fraction,
                       joint=joint, ogrn=person.ogrn, phone=person.phone, email=person.email,
                       egrn_number=ownership.egrn_number, egrn_date=ownership.egrn_date,
                       member=ownership.member)
    correct_ownership(ownership.id, owner, now=clock.now(), reason=args.reason)
    print(f"Запись № {ownership.id} (помещение № {ownership.premise.number}) исправлена.")
    return 0


def _cmd_sale(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services.ownership_history import undo_last_transfer

    if missing_file(args.sub_db):
        print(f"База «{args.sub_db}» не найдена.", file=sys.stderr)
        return 2
    with _session(args):
        try:
            if args.sale_command == "record":
                return _record_sale(args)
            undone = undo_last_transfer(_premise_id(args), now=clock.now())
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
        except ValidationFailed as exc:
            return _problems(exc)
    print(f"Переход права {undone.on:%d.%m.%Y} в помещении № {args.premise} отменён: "
          f"записей покупателей удалено {len(undone.removed)}, "
          f"записей продавцов восстановлено {len(undone.reopened)}.")
    return 0


HANDLERS = {"owner": _cmd_owner, "sale": _cmd_sale}
