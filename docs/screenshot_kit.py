"""What the screenshot scripts in docs/ share: an offscreen application with a fixed
clock in a temporary profile, the demo base, the main window at a size, waiting for a
page, and a widget grabbed to a PNG.

    from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

    with offscreen_app(NOW) as (app, tmp):
        window = main_window(demo_base(tmp / "tsj.sqlite3"), (1280, 800))
        shot(window, DOCS / "journal.png")

Everything the program writes (data, configuration, window settings) goes to the
temporary folder: the user's data and configuration are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 24)  # the day the demo base is made for


@contextmanager
def temporary_profile(home: Path | None = None) -> Iterator[Path]:
    """A folder standing for the user's profile, with the program's data and configuration
    in it: ``home`` (its .local/share and .config, as on Linux) or a fresh temporary folder
    (its data and config), removed afterwards."""
    if home is not None:
        os.environ["XDG_DATA_HOME"] = str(home / ".local" / "share")
        os.environ["XDG_CONFIG_HOME"] = str(home / ".config")
        yield home
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        yield tmp


@contextmanager
def offscreen_app(now: datetime, home: Path | None = None) -> Iterator[tuple]:
    """(the application, the profile folder): the window settings kept in the folder, every
    clock the program reads saying ``now``; the session is closed at the end."""
    with temporary_profile(home) as tmp:
        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(now))
        try:
            yield app, tmp
        finally:
            close_session()


def demo_base(path: Path) -> Path:
    """The demo base made for TODAY at ``path``, open in the session."""
    from tsj_desk.services.demo import create_demo_database

    return create_demo_database(path, today=TODAY)


def main_window(database: Path, size: tuple[int, int] = (1280, 800)):
    """The main window on ``database`` at ``size``, shown."""
    from ui.main_window import MainWindow

    window = MainWindow(database)
    window.resize(*size)
    window.show()
    return window


def wait_until(app, condition: Callable[[], object], timeout_s: float = 20) -> None:
    """Let the window work until ``condition()`` holds (a preview read in the background)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.01)


def titled_sheet(title: str, heading: str):
    """(workbook, its sheet ``title``) for a file the scripts import: ``heading`` in bold
    on the first row, the second row empty, as offices send them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    return book, sheet


def save(picture, path: Path) -> None:
    """Write a QPixmap to ``path`` (or stop saying why not) and print the path."""
    if not picture.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def shot(widget, path: Path) -> None:
    """The widget as the screen shows it now, to ``path``."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    save(widget.grab(), path)
