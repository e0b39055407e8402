"""The notice of a request turning overdue while the window is open: said once per
request, in the main window's status bar and, where the desktop has a tray, as a
tray message."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QStyle, QSystemTrayIcon, QWidget

from tsj_desk.services.deadline_watch import turned_overdue

TRAY_TITLE = "ТСЖ Деск: срок ответа истёк"
TRAY_MS = 15_000


def notice_text(notices: list[str]) -> str:
    """One line for the status bar: the notice itself, or the first and how many more."""
    if len(notices) == 1:
        return notices[0]
    return f"{notices[0]} (и ещё {len(notices) - 1})"


class OverdueNotices(QObject):
    """Remembers which requests it has told about: a request is told once."""

    told = Signal(str)  # the text shown

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._told: set[str] = set()
        self._tray: QSystemTrayIcon | None = None
        self.shown: list[str] = []  # every status bar text shown, in order (the bar forgets)
        self.told_about: list[str] = []  # every request's own notice, in order

    def check(self, since: datetime, until: datetime, widget: QWidget) -> list[str]:
        """Tell about the requests that turned overdue between ``since`` and ``until``
        and were not told about before; returns the notices told now."""
        fresh = [turn for turn in turned_overdue(since, until) if turn.reg_no not in self._told]
        if not fresh:
            return []
        self._told.update(turn.reg_no for turn in fresh)
        notices = [turn.notice() for turn in fresh]
        self.told_about.extend(notices)
        text = notice_text(notices)
        self.shown.append(text)
        window = widget.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text)  # stays until the next message
        self._tray_message(window, "\n".join(notices))
        self.told.emit(text)
        return notices

    def _tray_message(self, window: QWidget, text: str) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            icon = window.windowIcon()
            if icon.isNull():  # a tray icon without a picture is not shown at all
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("ТСЖ Деск")
            self._tray.show()
        self._tray.showMessage(TRAY_TITLE, text, QSystemTrayIcon.MessageIcon.Warning, TRAY_MS)
