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

from datetime import datetime
from pathlib import Path

from screenshot_kit import DOCS, demo_base, main_window, offscreen_app, save, shot

NOW = datetime(2026, 11, 24, 10, 35)
SIZE = (1366, 768)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        database = demo_base()
        from ui.printing.preview import PrintPreviewDialog
        from ui.printing.sources import printables

        window = main_window(database, SIZE)
        for page in ("journal", "register"):
            window.show_page(page)
            app.processEvents()
            dialog = PrintPreviewDialog(printables(window), window)
            dialog.resize(*SIZE)
            dialog.show()
            app.processEvents()
            dialog.preview.fitToWidth()
            app.processEvents()
            shot(dialog, DOCS / f"print-{page}-1366x768.png")
            dialog.close()
        window.show_page("journal")
        menu_shot(window, DOCS / "menu-file-1366x768.png")
        window.show_page("register")
        guide = window.show_guide() or window._help_dialog
        guide.resize(900, 640)
        app.processEvents()
        shot(guide, DOCS / "guide-register.png")
        guide.close()
        window.close()


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
    save(picture, path)


if __name__ == "__main__":
    main()
