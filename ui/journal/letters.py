"""Letters of a request (.docx from the templates in ``resources/``), opened for printing.

The letters service (``tsj_desk.services.letters``) is imported when a letter is
asked for, so the journal works before it is installed and picks it up once it is.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from tsj_desk.services.session import data_dir
from ui import clock, errors

NOTICE = "notice"
ANSWER = "answer"

_FUNCTIONS = {NOTICE: "make_registration_notice", ANSWER: "make_answer_letter"}
_NAMES = {NOTICE: "Уведомление о регистрации {0}.docx", ANSWER: "Ответ на обращение {0}.docx"}


def tr(text: str) -> str:
    return QCoreApplication.translate("JournalLetters", text)


def letters_available() -> bool:
    try:
        return importlib.util.find_spec("tsj_desk.services.letters") is not None
    except ImportError:
        return False


def letters_folder() -> Path:
    return data_dir() / "Письма"


def make_letter(parent: QWidget | None, reg_no: str, kind: str) -> Path | None:
    """Write the letter ``kind`` (NOTICE or ANSWER) of ``reg_no`` and open it; its path."""
    try:
        letters = importlib.import_module("tsj_desk.services.letters")
    except ImportError:
        errors.show_message(parent, tr("Печать писем пока недоступна: в этой версии нет шаблонов писем."))
        return None
    folder = letters_folder()
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / _NAMES[kind].format(reg_no)
    try:
        make = getattr(letters, _FUNCTIONS[kind])
        # the notice is dated the day it is handed over
        # kept in the base among the request's files (now=): every PC opens it
        path = Path(make(reg_no, out, today=clock.today(), now=clock.now()) if kind == NOTICE
                    else make(reg_no, out, now=clock.now()))
    except Exception as exc:  # noqa: BLE001 — the one translator decides what to show
        errors.show_error(parent, exc)
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path
