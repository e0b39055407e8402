"""Entry point of ``tsj-desk``: headless subcommands run without importing Qt;
the window is imported only when it is asked for."""

from __future__ import annotations

import sys
from pathlib import Path


def _open_window(database: Path | str) -> int:
    from ui.app import run

    return run(database)


def main() -> None:
    from tsj_desk.cli import main as cli_main

    sys.exit(cli_main(sys.argv[1:], open_window=_open_window))
