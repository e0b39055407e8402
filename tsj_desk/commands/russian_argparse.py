"""The command line's parser, speaking Russian.

argparse builds its words («usage:», «the following arguments are required», the
section titles, the ``-h`` help) through ``gettext`` from the module globals
``argparse._`` and ``argparse.ngettext``. ``RussianParser`` puts a translator of the
known English templates there for the time one of its own methods runs (building,
parsing, formatting help and usage) and restores what was there afterwards, so other
parsers in the same process keep their language. A template not in the table stays
as argparse has it.

It also fills in Russian placeholders (``ФАЙЛ``, ``ТЕКСТ``…) where an option names
none, prints an error as «использование: …» / «Ошибка в параметрах: …» with exit code 2,
and lets the options of the whole program (``--db``, ``--json``) be given before the
subcommand as well as after it: they are handed on to the subcommand that takes them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from tsj_desk.domain.text import plural

MESSAGES = {
    # headings and help
    "usage: ": "использование: ",
    "positional arguments": "позиционные аргументы",
    "options": "параметры",
    "optional arguments": "параметры",  # before Python 3.10
    "show this help message and exit": "показать эту справку и выйти",
    "subcommands": "команды",
    # errors
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: предупреждение: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "one of the arguments %s is required": "укажите один из аргументов: %s",
    "unrecognized arguments: %s": "лишние аргументы: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "недопустимое значение «%(value)s» (допустимые: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "недопустимое значение «%(value)s» (допустимые: %(choices)s)",
    "invalid %(type)s value: %(value)r": "недопустимое значение «%(value)s»",
    "expected one argument": "нужно одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "ignored explicit argument %r": "лишнее значение «%s»",
    "ambiguous option: %(option)s could match %(matches)s":
        "неоднозначный параметр %(option)s: подходят %(matches)s",
    "unexpected option string: %s": "неожиданный параметр %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "неизвестная команда «%(parser_name)s» (допустимые: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "не удаётся открыть «%(filename)s»: %(error)s",
    "argument \"-\" with mode %r": "аргумент «-» в режиме %r",
}

# ngettext's templates: the singular → the three Russian forms (1, 2–4, 5…)
PLURAL_MESSAGES = {
    "expected %s argument": ("нужно %s значение", "нужно %s значения", "нужно %s значений"),
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural_form: str, count: int) -> str:
    forms = PLURAL_MESSAGES.get(singular)
    if forms is None:
        return singular if count == 1 else plural_form
    return plural(count, *forms)


@contextmanager
def russian_messages() -> Iterator[None]:
    """argparse's words in Russian while the block runs."""
    saved = argparse._, getattr(argparse, "ngettext", None)
    argparse._ = _gettext
    argparse.ngettext = _ngettext
    try:
        yield
    finally:
        argparse._ = saved[0]
        if saved[1] is not None:
            argparse.ngettext = saved[1]


# placeholders for options that name none: by what the option holds
PLACEHOLDERS = {
    "sub_db": "ФАЙЛ", "db": "ФАЙЛ", "file": "ФАЙЛ", "out": "ФАЙЛ", "backup": "КОПИЯ",
    "to": "ПАПКА", "period": "ГГГГ-ММ", "kind": "ВИД", "category": "КАТЕГОРИЯ",
    "channel": "КАНАЛ", "request": "НОМЕР", "reg_no": "НОМЕР", "premise": "НОМЕР",
    "number": "НОМЕР", "new_number": "НОМЕР", "id": "ID", "house": "ID", "user": "ИМЯ",
    "name": "ТЕКСТ", "password": "ПАРОЛЬ", "year": "ГГГГ", "area": "ПЛОЩАДЬ",
    "common_area": "ПЛОЩАДЬ", "fias": "КОД", "received": "ДАТА", "today": "ДАТА",
    "date": "ДАТА", "as_of": "ДАТА", "time": "ЧЧ:ММ", "inn": "N", "kpp": "N", "ogrn": "N",
    "bik": "N", "account": "ТЕКСТ", "corr_account": "N",
}
DEFAULT_PLACEHOLDER = "ТЕКСТ"
# what every --db takes besides a file (its help says so, its placeholder is «БАЗА»)
SERVER_FORM = "адрес базы на сервере: postgresql://пользователь:пароль@сервер:5432/база"
# help for options that give none
HELP = {"sub_db": "файл базы", "db": "файл базы", "id": "номер записи в программе"}


class RussianParser(argparse.ArgumentParser):
    """An ArgumentParser whose every word is Russian (see the module's docstring)."""

    # options of the whole program handed on to the subcommand: dest at the top → option
    forwarded: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        with russian_messages():
            super().__init__(*args, **kwargs)
        self.register("action", "parsers", _SubcommandsAction)

    def add_argument(self, *args, **kwargs):
        with russian_messages():
            action = super().add_argument(*args, **kwargs)
        takes_value = action.nargs != 0 and not isinstance(
            action, (argparse._SubParsersAction, argparse._HelpAction, argparse._VersionAction))
        if takes_value and action.metavar is None and action.choices is None:
            action.metavar = PLACEHOLDERS.get(action.dest, DEFAULT_PLACEHOLDER)
        if action.help is None:
            action.help = HELP.get(action.dest)
        if "--db" in action.option_strings:  # every command's base: a file or a server's base
            action.metavar = "БАЗА"
            if action.help and "postgresql://" not in action.help:
                joined = " или " if action.help.startswith("файл базы") else " (файл или "
                action.help = f"{action.help}{joined}{SERVER_FORM}" + (")" if "(" in joined else "")
        return action

    def _check_value(self, action, value):
        if isinstance(action, argparse._SubParsersAction) and value not in action.choices:
            known = ", ".join(action.choices)
            raise argparse.ArgumentError(None, f"неизвестная команда «{value}»; команды: {known}")
        super()._check_value(action, value)

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("metavar", "КОМАНДА")
        kwargs.setdefault("parser_class", RussianParser)
        with russian_messages():
            return super().add_subparsers(**kwargs)

    def parse_known_args(self, args=None, namespace=None):
        with russian_messages():
            return super().parse_known_args(args, namespace)

    def parse_args(self, args=None, namespace=None):
        with russian_messages():
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with russian_messages():
            return super().format_usage()

    def format_help(self) -> str:
        with russian_messages():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """The usage, what is wrong and where the help is; exit code 2 (bad arguments)."""
        self.print_usage(sys.stderr)
        print(f"Ошибка в параметрах: {message}", file=sys.stderr)
        print(f"Справка: {self.prog} -h", file=sys.stderr)
        raise SystemExit(2)


class _SubcommandsAction(argparse._SubParsersAction):
    """Subcommands that receive the program-wide options given before them
    (``tsj-desk --db FILE request list`` is ``tsj-desk request list --db FILE``)."""

    def add_parser(self, name, **kwargs):
        if "help" in kwargs and "description" not in kwargs:
            kwargs["description"] = _sentence(kwargs["help"])
        return super().add_parser(name, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        values = list(values)
        forwarded = getattr(parser, "forwarded", {})
        if forwarded and values and values[0] in self.choices:
            leaf, path = _leaf(self.choices[values[0]], values[1:])
            for dest, option in forwarded.items():
                given = getattr(namespace, dest, None)
                if given in (None, False):
                    continue
                if option not in leaf._option_string_actions:
                    leaf.error(f"у команды «{leaf.prog}» нет параметра {option}; "
                               f"он указан перед командой")
                tokens = [option] if given is True else [option, str(given)]
                own = _own_value(values[1:], option)
                if own is not None:
                    if given is not True and own != str(given):
                        leaf.error(f"{option} указан дважды, по-разному: «{given}» и «{own}»")
                    continue
                end = values.index("--") if "--" in values else len(values)
                values[end:end] = tokens
        super().__call__(parser, namespace, values, option_string)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?", "…")) else ".")


def _leaf(parser: argparse.ArgumentParser, tokens: list[str]) -> tuple[argparse.ArgumentParser, list[str]]:
    """The subcommand at the end of ``tokens`` (``request`` + ``list`` → the list parser)."""
    path: list[str] = []
    while True:
        subcommands = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        if subcommands is None:
            return parser, path
        name = next((t for t in tokens if not t.startswith("-")), None)
        if name is None or name not in subcommands.choices:
            return parser, path
        path.append(name)
        parser = subcommands.choices[name]
        tokens = tokens[tokens.index(name) + 1:]


def _own_value(tokens: list[str], option: str) -> str | None:
    """The value the subcommand got for ``option`` itself (``""`` for a flag), or None."""
    end = tokens.index("--") if "--" in tokens else len(tokens)
    found = None
    for index, token in enumerate(tokens[:end]):
        if token == option:
            found = tokens[index + 1] if index + 1 < end else ""
        elif token.startswith(option + "="):
            found = token[len(option) + 1:]
    return found
