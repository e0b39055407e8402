"""``--map`` and ``--list-fields`` of ``import-readings``, ``import-registry`` and
``import-balances``: the column layout of a file the synonyms do not know, given on the
command line.

``--map "Заголовок в файле=поле"`` (repeatable; ``=-`` — the column is not used) says
what a column of the file is; once the import is written, the layout is remembered in
the base for files with the same header row, and a later import without ``--map`` uses
it (the command says «Раскладка запомнена: …»). ``--dry-run`` remembers nothing.
``--list-fields`` prints the field names; the file and ``--db`` are not needed then.
A bad ``--map`` (an unknown field, a header the file does not have) exits 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tsj_desk.domain.errors import FileProblem, ValidationFailed
from tsj_desk.domain.text import header_key
from tsj_desk.services import column_layouts
from tsj_desk.storage.database import missing_file

COMMANDS = {"import-readings": column_layouts.READINGS, "import-registry": column_layouts.REGISTRY,
            "import-balances": column_layouts.BALANCES}


def add_map_options(commands: argparse._SubParsersAction) -> None:
    """``--map`` and ``--list-fields`` on the import commands; their file and ``--db``
    become optional on the parser (``listed_fields`` asks for them unless listing)."""
    for name in COMMANDS:
        parser = commands.choices.get(name)
        if parser is None:
            continue
        parser.add_argument("--map", action="append", metavar="ЗАГОЛОВОК=ПОЛЕ",
                            help="что означает столбец файла: «Заголовок в файле=поле» (можно "
                                 "несколько; «=-» — не используется); запоминается для файлов "
                                 "с такой же строкой заголовков")
        parser.add_argument("--list-fields", action="store_true",
                            help="перечислить поля для --map и выйти (файл и --db не нужны)")
        for action in parser._actions:
            if action.dest == "file":
                action.nargs, action.required, action.default = "?", False, None
            elif action.dest == "sub_db":
                action.required = False


def _exit(code: int) -> Exception:
    from tsj_desk.cli import _Exit

    return _Exit(code)


def _db(args: argparse.Namespace) -> str | None:
    return getattr(args, "sub_db", None) or getattr(args, "db", None)


def listed_fields(args: argparse.Namespace, kind: str) -> bool:
    """``--list-fields``: print the fields and say so; else FILE and --db must be given."""
    if args.list_fields:
        print(column_layouts.fields_listing(kind))
        return True
    missing = [name for name, value in (("ФАЙЛ", args.file), ("--db", _db(args))) if not value]
    if missing:
        print(f"Ошибка в параметрах: не указаны обязательные аргументы: {', '.join(missing)}.",
              file=sys.stderr)
        raise _exit(2)
    return False


class MapOptions:
    """The ``--map`` options of one command: the mapping (None without any) and each
    header as the user typed it, for the messages."""

    def __init__(self, args: argparse.Namespace, kind: str):
        self.kind = kind
        self.mapping: dict[str, str] | None = None
        self.typed: dict[str, str] = {}
        if not args.map:
            return
        try:
            self.mapping = column_layouts.parse_map_options(kind, args.map)
        except ValidationFailed as exc:
            print(exc.message, file=sys.stderr)
            raise _exit(2) from None
        for option in args.map:
            header = option.rpartition("=")[0].strip()
            self.typed[header_key(header)] = header

    def check_headers(self, cells, file: Path) -> None:
        """A mapped header the file does not have: exit 2, naming the headers it has."""
        if not self.mapping:
            return
        absent = column_layouts.unknown_headers(self.mapping, cells)
        if absent:
            seen = ", ".join(f"«{cell.text}»" for cell in cells) or "ни одного"
            names = ", ".join(f"«{self.typed.get(h, h)}»" for h in absent)
            columns = "столбца" if len(absent) == 1 else "столбцов"
            print(f"В файле «{file.name}» нет {columns} {names} (--map). Заголовки в файле: {seen}.",
                  file=sys.stderr)
            raise _exit(2)


def read_before_session(args: argparse.Namespace, options: MapOptions, parse):
    """The file read before the base is opened, so that a bad file exits 2 and creates no
    base: ``parse(layouts)``. A header not found is kept (when the base exists and no
    ``--map`` was given) to be tried again with the layouts the base remembers."""
    from tsj_desk.importers.headers import HeaderNotFound

    file = Path(args.file)
    try:
        parsed = parse(None)
    except HeaderNotFound as exc:
        if options.mapping is not None:
            options.check_headers(exc.cells, file)
            raise
        if missing_file(_db(args)):
            raise
        return None, exc
    if parsed.layout is not None:
        options.check_headers(parsed.layout.cells, file)
    elif options.mapping:
        raise FileProblem(f"У файла «{file.name}» нет строки заголовков (выгрузка 1С/Сбербанка): "
                          "--map к нему не применяется.")
    return parsed, None


def read_in_session(args: argparse.Namespace, options: MapOptions, parsed, failure, parse):
    """Inside the session: without ``--map``, a layout the base remembers for the file's
    header row is applied, and the command says so. The file is read again only when a
    remembered layout can apply: its header was not found, or its header row is remembered."""
    if options.mapping is None and (parsed is None or parsed.layout is not None):
        layouts = column_layouts.layouts_or_none(options.kind, None)
        if layouts and (parsed is None or parsed.layout.signature in layouts):
            parsed = parse(layouts)
    if parsed is None:
        raise failure
    note = column_layouts.applied_text(options.kind, parsed.layout)
    if note:
        print(note, file=sys.stderr if args.json else sys.stdout)
    return parsed


def remembered_note(args: argparse.Namespace, options: MapOptions) -> None:
    if options.mapping and not args.dry_run:
        print("Раскладка столбцов запомнена для файлов с такой же строкой заголовков.",
              file=sys.stderr if args.json else sys.stdout)
