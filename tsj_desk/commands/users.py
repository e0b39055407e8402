"""``tsj-desk user add|edit|deactivate|list``: the named users of the office."""

from __future__ import annotations

import argparse
import json
import sys

from tsj_desk import clock
from tsj_desk.domain.errors import NotFound


def add_parsers(commands: argparse._SubParsersAction) -> None:
    from tsj_desk.cli import _Parser

    user = commands.add_parser("user", help="пользователи программы (кто работает)")
    sub = user.add_subparsers(dest="user_command", parser_class=_Parser, required=True)
    add = sub.add_parser("add", help="добавить пользователя")
    add.add_argument("--db", dest="sub_db", required=True)
    add.add_argument("--name", required=True, help="имя, как его писать в журналах")
    add.add_argument("--role", default="", help="должность: председатель правления, бухгалтер…")
    add.add_argument("--password", default="", help="пароль (необязательно)")
    edit = sub.add_parser("edit", help="изменить пользователя")
    edit.add_argument("id", type=int, help="номер пользователя (user list)")
    edit.add_argument("--db", dest="sub_db", required=True)
    edit.add_argument("--name", help="новое имя")
    edit.add_argument("--role", help="новая должность")
    edit.add_argument("--password", help="новый пароль; пустая строка — без пароля")
    off = sub.add_parser("deactivate", help="отключить пользователя (в журналах он остаётся)")
    off.add_argument("id", type=int, help="номер пользователя (user list)")
    off.add_argument("--db", dest="sub_db", required=True)
    listing = sub.add_parser("list", help="список пользователей")
    listing.add_argument("--db", dest="sub_db", required=True)
    listing.add_argument("--json", action="store_true", required=True, help="вывести JSON")


def _cmd_user(args: argparse.Namespace, _) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services import users

    with _session(args, write=args.user_command != "list"):
        now = clock.now()
        try:
            if args.user_command == "add":
                uid = users.add_user(users.UserInput(args.name, args.role, args.password), now=now)
                print(uid)
            elif args.user_command == "edit":
                known = {u.id: u for u in users.list_users()}
                if args.id not in known:
                    raise NotFound(f"Пользователя с номером {args.id} нет в базе.")
                old = known[args.id]
                users.edit_user(args.id, users.UserInput(
                    args.name if args.name is not None else old.name,
                    args.role if args.role is not None else old.role, args.password or ""),
                    now=now, change_password=args.password is not None)
                print(f"Пользователь «{args.name or old.name}» изменён.")
            elif args.user_command == "deactivate":
                users.set_active(args.id, False, now=now)
                print("Пользователь отключён.")
            else:
                print(json.dumps([{"id": u.id, "name": u.name, "role": u.role, "active": u.active,
                                   "password": u.has_password} for u in users.list_users()],
                                 ensure_ascii=False, indent=1))
        except NotFound as exc:
            print(exc.message, file=sys.stderr)
            return 2
    return 0


HANDLERS = {"user": _cmd_user}
