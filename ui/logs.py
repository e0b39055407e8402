"""The rotating log in the data folder; Qt's own warnings go into it too."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context, message: str) -> None:
    log.log(_LEVELS.get(kind, logging.WARNING), "%s (%s:%s)", message, context.file, context.line)


def setup_logging(folder: Path) -> Path:
    """Log to ``folder/tsj-desk.log`` (5 files of 1 MB) and route Qt's messages there."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tsj-desk.log"
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if not any(isinstance(h, RotatingFileHandler) and h.baseFilename == str(path) for h in root.handlers):
        root.addHandler(handler)
    qInstallMessageHandler(_qt_message)
    return path
