"""The window's word on a lost connection to the server: «Нет связи с сервером,
повторяем…» in the status bar while the program connects again, «Связь с сервером
восстановлена» once it did. The notice may come from any thread (a background read):
it reaches the window through a queued signal; on the window's own thread it is shown
at once, since the attempts keep that thread busy."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, Signal

from tsj_desk.services import server_connection

RESTORED = "Связь с сервером восстановлена."


def tr(text: str) -> str:
    return QCoreApplication.translate("ServerNotice", text)


class ServerNotice(QObject):
    """Shows the notices of ``services.server_connection`` in ``window``'s status bar."""

    arrived = Signal(object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.shown: list[str] = []  # what was shown, for the tests
        self.arrived.connect(self.show)
        listener = self._heard
        server_connection.on_notice(listener)
        # a plain function, not this object's method: it is being destroyed with the window
        window.destroyed.connect(lambda *_args: server_connection.stop_notices(listener))

    def _heard(self, text: str | None) -> None:
        if QThread.currentThread() is self.thread():
            self.show(text)
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        else:
            self.arrived.emit(text)

    def show(self, text: str | None) -> None:
        try:
            bar = self.window.statusBar()
        except RuntimeError:  # the window is gone
            return
        if text:
            shown = tr(text)
            bar.showMessage(shown)
        else:
            shown = tr(RESTORED)
            bar.showMessage(shown, 5000)
        self.shown.append(shown)


def attach(window) -> ServerNotice:
    """The notices shown in ``window`` from now until it is destroyed."""
    notice = ServerNotice(window)
    window.server_notice = notice
    return notice
