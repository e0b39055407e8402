"""``tsj-desk server init``: a base on a PostgreSQL server made ready for an office."""

from __future__ import annotations

import argparse
import sys

from tsj_desk.storage.server_roles import DEFAULT_APP_ROLE, DEFAULT_OWNER

DESCRIPTION = (
    "Готовит базу на сервере PostgreSQL для работы офиса с нескольких компьютеров: создаёт "
    "схему базы, роль-владельца (ей принадлежат все таблицы; обновление схемы идёт от её "
    "имени) и роль программы, под которой работают компьютеры офиса: она читает и изменяет "
    "данные, но не может очистить (TRUNCATE), изменить (ALTER) или отключить триггеры журнала "
    "изменений и журнала выдач реестра, а записи этих журналов не может ни исправить, ни удалить. "
    "Запускайте от имени администратора сервера (postgres) на пустой базе, созданной для офиса "
    "(CREATE DATABASE tsj); повторный запуск обновляет схему и права, ничего не удаляя.")
EPILOG = ("Пример: tsj-desk server init --db postgresql://postgres:ПАРОЛЬ@сервер:5432/tsj "
          "--app-password ПАРОЛЬ_ОФИСА. Компьютеры офиса подключаются так: "
          "postgresql://tsj_office:ПАРОЛЬ_ОФИСА@сервер:5432/tsj.")


def add_parsers(commands: argparse._SubParsersAction) -> None:
    server = commands.add_parser("server", help="база на сервере PostgreSQL: подготовка для офиса")
    sub = server.add_subparsers(dest="server_command", parser_class=type(server), required=True)
    init = sub.add_parser("init", help="создать схему и роли базы на сервере",
                          description=DESCRIPTION, epilog=EPILOG)
    init.add_argument("--db", dest="sub_db", required=True, metavar="АДРЕС",
                      help="адрес базы с именем и паролем администратора сервера: "
                           "postgresql://postgres:пароль@сервер:5432/база")
    init.add_argument("--owner", default=DEFAULT_OWNER, metavar="РОЛЬ",
                      help=f"роль-владелец таблиц (по умолчанию {DEFAULT_OWNER}; без входа на сервер)")
    init.add_argument("--owner-password", metavar="ПАРОЛЬ",
                      help="пароль роли-владельца, если ей нужно входить на сервер (обычно не нужен)")
    init.add_argument("--app-user", default=DEFAULT_APP_ROLE, metavar="РОЛЬ",
                      help=f"роль, под которой работают компьютеры офиса (по умолчанию {DEFAULT_APP_ROLE})")
    init.add_argument("--app-password", metavar="ПАРОЛЬ",
                      help="пароль роли программы (если не указан — спрашивается; у роли, "
                           "уже созданной раньше, остаётся прежний)")


def _cmd_server(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.storage.database import is_url, shown_target
    from tsj_desk.storage.server_roles import check_role_name, init_server_base

    url = args.sub_db
    if not is_url(url):
        print("Команда «server init» готовит базу на сервере PostgreSQL: укажите --db "
              "postgresql://администратор:пароль@сервер:порт/база.", file=sys.stderr)
        return 2
    for name, what in ((args.owner, "владельца"), (args.app_user, "программы")):
        try:
            check_role_name(name, what)
        except Exception as exc:  # ValidationFailed: a bad parameter, exit 2
            print(getattr(exc, "message", str(exc)), file=sys.stderr)
            return 2
    password = args.app_password
    if password is None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Пароль роли {args.app_user} (Enter — оставить прежний): ") or None
    made = init_server_base(url, owner=args.owner, app_role=args.app_user,
                            app_password=password, owner_password=args.owner_password)
    print(f"База «{shown_target(url)}» готова: схема версии {made.version}, "
          f"владелец таблиц — роль {made.owner}, компьютеры офиса работают как {made.app_role} "
          "(журнал изменений и журнал выдач реестра — только добавление записей).")
    print(f"Адрес для компьютеров офиса: {made.app_url} (пароль роли {made.app_role} "
          "вводится при подключении).")
    return 0


HANDLERS = {"server": _cmd_server}
