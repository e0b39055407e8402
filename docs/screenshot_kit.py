"""What the screenshot scripts in docs/ share: an offscreen application with a fixed
clock in a temporary profile, the demo base, the main window at a size, waiting for a
page, and a widget grabbed to a PNG.

    from screenshot_kit import DOCS, TODAY, demo_base, main_window, offscreen_app, shot

    with offscreen_app(NOW) as (app, work):
        window = main_window(demo_base(), (1280, 800))
        shot(window, DOCS / "journal.png")

Everything the program writes (data, configuration, window settings) goes to a
temporary folder standing for the user's profile: the user's data and configuration
are never touched. The scripts work inside that folder and name every file relative to
it, so a picture shows the paths of an office PC, never the folder of the computer
that made it: the base is «Документы/ТСЖ Деск/ТСЖ «Берёзка».sqlite3» (``BASE``), other
files of the scripts lie beside it (``WORK``), and a file a dialog imports is given by
its name only (``received``), as if just saved to the profile. The login is
«Председатель» (``LOGIN``).
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
WORK = Path("Документы") / "ТСЖ Деск"  # in the profile: the folder the pictures show
BASE = WORK / "ТСЖ «Берёзка».sqlite3"
LOGIN = "Председатель"  # the office PC's login, not the one of the computer making the pictures
DATA_SHOWN = Path("AppData") / "Local" / "tsj-desk"  # the data folder as a picture names it


@contextmanager
def temporary_profile() -> Iterator[Path]:
    """A fresh temporary folder standing for the user's profile, made the current folder,
    with the program's data and configuration in it; yields ``WORK`` (relative, made).
    The previous current folder is restored and the profile removed afterwards."""
    before = Path.cwd()
    keys = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "LOGNAME")
    saved = {key: os.environ.get(key) for key in keys}
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ["XDG_CACHE_HOME"] = str(Path(saved["XDG_CACHE_HOME"] or Path.home() / ".cache"))  # fonts
        os.environ["HOME"] = str(home)
        os.environ["LOGNAME"] = LOGIN  # the login the status bar and the logs name
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        os.environ["XDG_CONFIG_HOME"] = str(home / "config")
        os.chdir(home)
        try:
            WORK.mkdir(parents=True)
            yield WORK
        finally:
            os.chdir(before)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def received(name: str) -> Path:
    """A file the scripts import, by its name only: the import windows show it as given."""
    return Path(name)


@contextmanager
def offscreen_app(now: datetime) -> Iterator[tuple]:
    """(the application, ``WORK``) in a temporary profile (``temporary_profile``): the
    window settings kept in the profile, every clock the program reads saying ``now``;
    the session is closed at the end."""
    with temporary_profile() as work:
        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(Path.cwd() / "qt-settings"))
        clock.use(clock.FixedClock(now))
        try:
            yield app, work
        finally:
            close_session()


def demo_base(path: Path = BASE) -> Path:
    """The demo base made for TODAY at ``path`` (``BASE``), open in the session."""
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
