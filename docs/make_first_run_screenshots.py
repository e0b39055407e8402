"""Screenshots of the first run on a blank base.

    uv run python docs/make_first_run_screenshots.py

Writes ``docs/first-run-wizard.png`` (the wizard's organisation page, typed in, over
the main window, 1280×800), ``docs/empty-register.png`` (the register page of a blank
base with its hint, 1280×800) and ``docs/empty-register-1366x768.png`` (the same at the
size of a small office screen). It runs offscreen in a temporary folder, with the
window settings there too: the user's data and configuration are never touched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from screenshot_kit import BASE, DOCS, main_window, offscreen_app, save, shot

NOW = datetime(2026, 11, 24, 12, 0)


def main() -> None:
    with offscreen_app(NOW) as (app, _):
        from tsj_desk.services.session import open_session

        database = open_session(BASE, now=NOW)  # a blank base, as at the first start
        from ui.first_run.wizard import FirstRunWizard

        window = main_window(database)
        app.processEvents()
        wizard = FirstRunWizard(window)
        wizard.setModal(True)
        page = wizard.organization_page
        page.name.setText("Товарищество собственников жилья «Берёзка»")
        page.short_name.setText("ТСЖ «Берёзка»")
        page.inn.setText("5022012344")
        page.chairman.setText("Смирнова Ольга Викторовна")
        page.gender.setCurrentIndex(page.gender.findData("f"))
        wizard.show()
        page.chairman.setFocus()
        app.processEvents()
        over(window, wizard, DOCS / "first-run-wizard.png")
        wizard.reject()
        wizard.deleteLater()

        for size, name in (((1280, 800), "empty-register.png"),
                           ((1366, 768), "empty-register-1366x768.png")):
            window.resize(*size)
            window.show_page("register")
            app.processEvents()
            shot(window, DOCS / name)
        window.close()


def over(window, dialog, path: Path) -> None:
    """The window with the dialog in its middle, as the screen shows them."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    picture = window.grab()
    front = dialog.grab()
    caption = 28  # the dialog's title bar, which an offscreen grab leaves out
    left = (picture.width() - front.width()) // 2
    top = (picture.height() - front.height() - caption) // 2
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # the window behind a modal dialog
    frame = QRect(left - 1, top - 1, front.width() + 2, front.height() + caption + 2)
    painter.fillRect(frame, QColor("#5a6b7d"))
    painter.setPen(QColor("white"))
    painter.drawText(QRect(left + 10, top, front.width() - 20, caption),
                     int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), dialog.windowTitle())
    painter.drawPixmap(QPoint(left, top + caption), front)
    painter.end()
    save(picture, path)


if __name__ == "__main__":
    main()
