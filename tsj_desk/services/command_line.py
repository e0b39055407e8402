"""The command line as the launcher hands it over: the program's one entry for
«tsj-desk <command>» (the window reaches tsj_desk.cli only through here)."""

from __future__ import annotations

from collections.abc import Callable


def run_command_line(argv: list[str], *, open_window: Callable[..., int]) -> int:
    """Run ``argv`` as the command line does; ``open_window`` starts the window."""
    from tsj_desk.cli import main  # the command line imports the services: not at import time

    return main(argv, open_window=open_window)
