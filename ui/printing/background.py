"""A long document printed or saved as PDF off the GUI thread, with the pages counted in
a progress dialog and «Отмена».

Qt lays a table out at about a millisecond a row and paints each page of a long one
slower than the last: the year's book of a large УО (30,000 requests, 1,100 pages) took
six minutes in one block, the window frozen. Here the document is laid out and painted
in a worker thread (``QTextDocument`` and painting on a printer may run outside the GUI
thread when they are made there). A PDF is written beside the chosen name and put in its
place only when whole: a cancelled or failed one leaves nothing, and an older file of
that name stays as it was until then.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from tsj_desk.domain.errors import FileProblem
from tsj_desk.services.print_sheets import PrintDocument
from ui.printing.layout import build_text_document, not_written, paint, pdf_printer
from ui.workers import Job, Progress, run_with_progress

# what a finished job hands back: the pages printed, 0 when cancelled
Done = Callable[[int], None]
Failed = Callable[[BaseException], None]


def tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


def _partial_name(path: Path) -> Path:
    return path.with_name(f".{path.stem}.tsj-part{path.suffix}")


def write_pdf_work(document: PrintDocument, path: Path):
    """The work of writing ``document`` to ``path``: for ``run_with_progress``."""

    def work(progress: Progress, cancel: threading.Event) -> int:
        if not path.parent.is_dir():  # a network folder or a stick gone since it was chosen
            raise FileProblem(not_written(path))
        partial = _partial_name(path)
        try:
            pages = paint(build_text_document(document), pdf_printer(document, str(partial)),
                          document.title, progress=progress, cancel=cancel)
            if cancel.is_set():
                return 0
            if pages == 0 or not partial.exists():  # the file could not be opened for writing
                raise FileProblem(not_written(path))
            try:
                os.replace(partial, path)
            except OSError as exc:
                raise FileProblem(not_written(path)) from exc
            return pages
        finally:
            partial.unlink(missing_ok=True)

    return work


def print_work(document: PrintDocument, printer: QPrinter):
    """The work of printing ``document`` on ``printer`` (chosen in the print dialog)."""

    def work(progress: Progress, cancel: threading.Event) -> int:
        pages = paint(build_text_document(document), printer, document.title, progress=progress,
                      cancel=cancel)
        if pages == 0 and not cancel.is_set():
            raise FileProblem(tr("Принтер «{0}» не принял документ: проверьте, что он включён и "
                                 "доступен, и напечатайте снова.").format(printer.printerName()))
        return pages

    return work


def save_pdf_in_background(parent: QWidget | None, document: PrintDocument, path: Path, *,
                           on_done: Done, on_failed: Failed) -> Job:
    return run_with_progress(parent, tr("Сохранение в PDF: «{0}»…").format(path.name),
                             write_pdf_work(document, path), on_finished=on_done, on_failed=on_failed)


def print_in_background(parent: QWidget | None, document: PrintDocument, printer: QPrinter, *,
                        on_done: Done, on_failed: Failed) -> Job:
    job = run_with_progress(parent, tr("Печать: «{0}»…").format(document.title),
                            print_work(document, printer), on_finished=on_done, on_failed=on_failed)
    job.printer = printer  # kept alive until the job has ended
    return job
