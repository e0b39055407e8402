"""Subcommands of ``tsj-desk`` beyond the core ones in ``tsj_desk.cli``, one module per
family (``org``, ``house``, ``premise``, ``meter`` …).

Each module in ``FAMILIES`` has ``add_parsers(commands)``, which adds its subparsers
to the command line's, and ``HANDLERS``, a dict from the subcommand's name to its
handler ``(args, open_window) -> exit code``. Handlers open the base with
``tsj_desk.cli._session`` and read the time with ``tsj_desk.clock.now()``: these
modules are part of the command line, one of the program's two entry points.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable

# module names under tsj_desk.commands, in the order their commands are listed
FAMILIES: list[str] = ["request", "org", "house", "premise", "meter", "users", "owner", "debts", "calls", "server",
                      "announce"]


def _modules():
    return [importlib.import_module(f"{__name__}.{name}") for name in FAMILIES]


def add_parsers(commands: argparse._SubParsersAction) -> None:
    for module in _modules():
        module.add_parsers(commands)


def handler(command: str) -> Callable | None:
    for module in _modules():
        if command in module.HANDLERS:
            return module.HANDLERS[command]
    return None
