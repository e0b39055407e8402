"""Opening and printing a document with what the computer has.

* Windows: the application that opens .docx prints it (``os.startfile(path, "print")``).
* Linux, macOS: ``lp`` (CUPS) prints the PDF that LibreOffice makes from the
  document (CUPS cannot print a .docx itself), in as many copies as the act says.
* Otherwise printing is not available, and the message says what to do instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices

from tsj_desk.domain.errors import FileProblem
from tsj_desk.services import pdf

MAX_COPIES = 20


def tr(text: str) -> str:
    return QCoreApplication.translate("ActPrinting", text)


def open_document(path: Path) -> None:
    """Open ``path`` in the system's default application."""
    if not Path(path).is_file():
        raise FileProblem(tr("Файл «{0}» не найден. Сформируйте документ заново.").format(path))
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        raise FileProblem(tr("Не удалось открыть «{0}»: в системе нет программы для файлов "
                             "этого типа. Установите LibreOffice или Microsoft Word.").format(Path(path).name))


def copies_of(value: object) -> int:
    """The number of copies an act's «copies» field asks for (1 when unclear)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_COPIES)


def print_unavailable_reason() -> str | None:
    """Why «Печать» cannot work here, or None when it can."""
    if sys.platform.startswith("win"):
        return None
    if shutil.which("lp") is None:
        return tr("Печать из программы недоступна: не найдена служба печати (команда «lp»). "
                  "Откройте документ кнопкой «Открыть» и напечатайте его из текстового редактора.")
    if pdf.find_libreoffice() is None:
        return tr("Печать из программы недоступна: для неё нужна LibreOffice. Откройте документ "
                  "кнопкой «Открыть» и напечатайте его из текстового редактора.")
    return None


def print_document(path: Path, copies: int = 1, *, cancel: threading.Event | None = None) -> str:
    """Send ``path`` to the default printer; what happened, in words.

    Runs off the GUI thread (the conversion to PDF takes seconds). ``FileProblem``
    when printing is not available or fails.
    """
    path = Path(path)
    if not path.is_file():
        raise FileProblem(tr("Файл «{0}» не найден. Сформируйте документ заново.").format(path))
    if sys.platform.startswith("win"):
        try:
            for _ in range(copies):
                os.startfile(str(path), "print")  # type: ignore[attr-defined]  # Windows only
        except OSError as error:
            raise FileProblem(tr("Не удалось отправить «{0}» на печать: {1}. Откройте документ и "
                                 "напечатайте его из текстового редактора.").format(
                path.name, error.strerror or error)) from error
        return tr("Документ «{0}» отправлен на печать ({1} экз.).").format(path.name, copies)
    reason = print_unavailable_reason()
    if reason is not None:
        raise FileProblem(reason)
    lp = shutil.which("lp")
    with tempfile.TemporaryDirectory(prefix="tsj-desk-print-") as scratch:
        made = pdf.to_pdf([path], Path(scratch), cancel=cancel)
        if not made:
            return tr("Печать отменена.")
        result = subprocess.run([str(lp), "-n", str(copies), "-t", path.stem, str(made[0])],
                                capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise FileProblem(tr("Принтер не принял документ «{0}»: {1}. Проверьте, что принтер "
                             "включён и выбран принтером по умолчанию.").format(path.name, detail))
    return tr("Документ «{0}» отправлен на принтер по умолчанию ({1} экз.).").format(path.name, copies)
