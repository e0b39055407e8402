"""Screenshot of the start's choice of the base, a server filled in.

    uv run python docs/make_server_connection_screenshot.py

Writes ``docs/server-connection.png``: the dialog «Подключение к базе» in the middle of
a 1366×768 screen (nothing else is open at the start), «Сервер PostgreSQL» chosen with
an office server's address, base and user, the password typed (shown as dots). It runs
offscreen in a temporary profile with a credential store in memory: no password of
this computer is read or written.
"""

from __future__ import annotations

from datetime import datetime

from screenshot_kit import DOCS, offscreen_app, save

NOW = datetime(2026, 11, 24, 9, 0)
SCREEN = (1366, 768)


def memory_keyring():
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        kept: dict = {}

        def get_password(self, service, username):
            return self.kept.get((service, username))

        def set_password(self, service, username, password):
            self.kept[(service, username)] = password

        def delete_password(self, service, username):
            self.kept.pop((service, username), None)

    return Memory()


def main() -> None:
    import keyring

    keyring.set_keyring(memory_keyring())
    with offscreen_app(NOW) as (app, work):
        from ui.server_dialog import ConnectionDialog

        dialog = ConnectionDialog(default_path=work / "ТСЖ «Берёзка».sqlite3")
        dialog.server_option.setChecked(True)
        dialog.host_edit.setText("192.168.1.10")
        dialog.base_edit.setText("tsj_berezka")
        dialog.user_edit.setText("buhgalter")
        dialog.password_edit.setText("пароль бухгалтера")
        dialog.show()
        dialog.password_edit.setFocus()
        app.processEvents()
        on_screen(dialog, DOCS / "server-connection.png")
        dialog.reject()


def on_screen(dialog, path) -> None:
    """The dialog with its title bar in the middle of an empty screen of ``SCREEN``."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    picture = QPixmap(*SCREEN)
    picture.fill(QColor("#2f4f6f"))  # the desktop behind
    front = dialog.grab()
    caption = 28  # the title bar, which an offscreen grab leaves out
    left = (picture.width() - front.width()) // 2
    top = (picture.height() - front.height() - caption) // 2
    painter = QPainter(picture)
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
