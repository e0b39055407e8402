"""Screenshots of printing and of the menu bar at 1366×768.

    uv run python docs/make_print_screenshots.py

Writes ``docs/print-journal-1366x768.png`` (the preview of the journal as the
registration book), ``docs/print-register-1366x768.png`` (the preview of the owner
register), ``docs/menu-file-1366x768.png`` (the window with its Файл menu open) and
``docs/guide-register.png`` (the user guide as F1 opens it on the register page).
It runs offscreen on a demo database made for 24.11.2026 in a temporary folder, with
the window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 35)
SIZE = (1366, 768)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(tmp / "data")
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        os.environ["LOGNAME"] = "Председатель"

        from PySide6.QtCore import QSettings

        from tsj_desk import clock
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session
        from ui.app import make_application

        app = make_application([])
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(tmp / "qt-settings"))
        clock.use(clock.FixedClock(NOW))
        database = create_demo_database(tmp / "demo.sqlite3", today=TODAY)
        from ui.main_window import MainWindow
        from ui.printing.preview import PrintPreviewDialog
        from ui.printing.sources import printables

        try:
            window = MainWindow(database)
            window.database_label.setText("База: Документы/ТСЖ Деск/ТСЖ «Берёзка».sqlite3")
            window.resize(*SIZE)
            window.show()
            for page in ("journal", "register"):
                window.show_page(page)
                app.processEvents()
                dialog = PrintPreviewDialog(printables(window), window)
                dialog.resize(*SIZE)
                dialog.show()
                app.processEvents()
                dialog.preview.fitToWidth()
                app.processEvents()
                shot(dialog, ROOT / "docs" / f"print-{page}-1366x768.png")
                dialog.close()
            window.show_page("journal")
            menu_shot(window, ROOT / "docs" / "menu-file-1366x768.png")
            window.show_page("register")
            guide = window.show_guide() or window._help_dialog
            guide.resize(900, 640)
            app.processEvents()
            shot(guide, ROOT / "docs" / "guide-register.png")
            guide.close()
            window.close()
        finally:
            close_session()


def shot(widget, path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def menu_shot(window, path: Path) -> None:
    """The window with its Файл menu open: the popup is a window of its own, painted
    over the window's picture where it opens."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    bar = window.menuBar()
    file_action = bar.actions()[0]
    menu = file_action.menu()
    place = bar.mapTo(window, bar.actionGeometry(file_action).bottomLeft())
    menu.popup(window.mapToGlobal(place))
    bar.setActiveAction(file_action)
    QApplication.processEvents()
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(QPoint(place.x(), place.y()), menu.grab())
    painter.end()
    menu.hide()
    if not picture.save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


if __name__ == "__main__":
    main()
