"""Entry point of ``tsj-desk`` and ``tsj-desk-window``: headless subcommands run without
importing Qt; the window is imported only when it is asked for.

``--version`` prints the version; ``--smoke-test`` runs the program's own check of a
build (``ui.smoke_test``). Started without a console (``tsj-desk-window``, Windows'
``pythonw`` or the windowed build) the program has no standard streams: output goes to
the console of whoever started it when there is one, and nowhere otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _open_window(database: Path | str) -> int:
    from ui.app import run

    return run(database)


def _attach_parent_console() -> bool:  # pragma: no cover - Windows only
    """A windowed program started from a console window writes into that window."""
    import ctypes

    attach_parent_process = -1
    try:
        return bool(ctypes.windll.kernel32.AttachConsole(attach_parent_process))
    except (AttributeError, OSError):
        return False


def ensure_streams() -> None:
    """Give a program started without a console standard streams that can be written."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    target = os.devnull
    if sys.platform == "win32" and _attach_parent_console():  # pragma: no cover - Windows only
        target = "CONOUT$"
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            try:
                setattr(sys, name, open(target, "w", encoding="utf-8", errors="replace"))
            except OSError:
                setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def main() -> None:
    ensure_streams()
    argv = sys.argv[1:]
    if argv[:1] in (["--version"], ["-V"]):
        from tsj_desk.version import version_line

        print(version_line())
        sys.exit(0)
    if argv[:1] == ["--smoke-test"]:
        from ui.smoke_test import main as smoke_test

        sys.exit(smoke_test(argv[1:]))
    from tsj_desk.services.command_line import run_command_line

    sys.exit(run_command_line(argv, open_window=_open_window))


if __name__ == "__main__":
    main()
