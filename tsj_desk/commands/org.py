"""``tsj-desk org set|show``: the organisation the base keeps (one a base)."""

from __future__ import annotations

import argparse
import json
import sys

from tsj_desk import clock
from tsj_desk.domain.requisites import ORGANIZATION_KINDS

# option → field of services.organization (the chairman's name is split into its parts)
OPTIONS = {
    "kind": "kind", "name": "name", "short_name": "short_name", "inn": "inn", "kpp": "kpp",
    "ogrn": "ogrn", "address": "address", "postal_address": "postal_address", "phone": "phone",
    "email": "email", "bank": "bank_name", "bik": "bik", "account": "settlement_account",
    "corr_account": "corr_account", "chairman": "chairman", "chairman_gender": "chairman_gender",
    "position": "chairman_position", "basis": "chairman_basis",
}


def _kind(text: str) -> str:
    if text.strip().upper() not in ORGANIZATION_KINDS:
        raise argparse.ArgumentTypeError(f"вид «{text}» неизвестен: ТСЖ, ЖСК или УО")
    return text.strip().upper()


def _gender(text: str) -> str:
    value = {"m": "m", "f": "f", "м": "m", "ж": "f"}.get(text.strip().lower())
    if value is None:
        raise argparse.ArgumentTypeError(f"род «{text}» неизвестен: m (мужской) или f (женский)")
    return value


def add_parsers(commands: argparse._SubParsersAction) -> None:
    org = commands.add_parser("org", help="организация: ТСЖ, ЖСК или УО, её реквизиты и руководитель")
    org_commands = org.add_subparsers(dest="org_command", parser_class=type(org), required=True)
    put = org_commands.add_parser("set", help="внести или изменить данные организации "
                                               "(указанные поля; база создаётся, если её нет)")
    put.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    put.add_argument("--kind", type=_kind, help="ТСЖ, ЖСК или УО")
    put.add_argument("--name", help="полное наименование")
    put.add_argument("--short-name", help="сокращённое наименование")
    put.add_argument("--inn", help="ИНН")
    put.add_argument("--kpp", help="КПП")
    put.add_argument("--ogrn", help="ОГРН")
    put.add_argument("--address", help="юридический адрес")
    put.add_argument("--postal-address", help="почтовый адрес")
    put.add_argument("--phone", help="телефон")
    put.add_argument("--email", help="электронная почта")
    put.add_argument("--bank", help="банк")
    put.add_argument("--bik", help="БИК банка")
    put.add_argument("--account", help="расчётный счёт")
    put.add_argument("--corr-account", help="корреспондентский счёт")
    put.add_argument("--chairman", help="руководитель: «Фамилия Имя Отчество»")
    put.add_argument("--chairman-gender", type=_gender,
                     help="род для «действующий / действующая»: m или f (по умолчанию — по отчеству)")
    put.add_argument("--position", help="должность руководителя (председатель правления, директор…)")
    put.add_argument("--basis", help="на основании чего действует, в родительном падеже: "
                                     "«Устава», «доверенности № 5 от 01.02.2026»")
    show = org_commands.add_parser("show", help="данные организации")
    show.add_argument("--db", dest="sub_db", required=True, help="файл базы")
    show.add_argument("--json", action="store_true", required=True, help="вывести JSON")


def organization_json(org) -> dict:
    return {
        "id": org.id, "kind": org.kind, "name": org.name, "short_name": org.short_name,
        "inn": org.inn, "kpp": org.kpp, "ogrn": org.ogrn, "address": org.address,
        "postal_address": org.postal_address, "phone": org.phone, "email": org.email,
        "bank": org.bank_name, "bik": org.bik, "account": org.settlement_account,
        "corr_account": org.corr_account, "chairman": org.chairman,
        "chairman_last_name": org.chairman_last_name, "chairman_first_name": org.chairman_first_name,
        "chairman_patronymic": org.chairman_patronymic, "chairman_gender": org.chairman_gender,
        "position": org.chairman_position, "basis": org.basis,
    }


def _cmd_org(args: argparse.Namespace, _open_window) -> int:
    from tsj_desk.cli import _session
    from tsj_desk.services import organization

    if args.org_command == "show":
        with _session(args, write=False):
            org = organization.organization()
        print(json.dumps([organization_json(org)] if org else [], ensure_ascii=False, indent=1))
        return 0
    changes = {field: getattr(args, option) for option, field in OPTIONS.items()
               if getattr(args, option) is not None}
    if not changes:
        print("Укажите, что внести: --name, --inn, --chairman … (список: tsj-desk org set --help).",
              file=sys.stderr)
        return 2
    with _session(args, must_exist=False):
        org = organization.save_organization(changes, now=clock.now())  # refused: exit 1
    print(f"Данные организации «{org.name}» записаны.")
    return 0


HANDLERS = {"org": _cmd_org}
