"""Running long work off the GUI thread.

Long work is a plain function ``fn(progress, cancel)``: ``progress(done, total)``
reports how far it got, ``cancel`` is a ``threading.Event`` it checks now and then.
It never touches widgets. ``Job`` runs it on a ``QThread`` and emits ``progress``,
``finished(result)`` or ``failed(exception)`` on the GUI thread; ``run_with_progress``
adds a progress dialog whose «Отмена» sets the event.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int], None]
Work = Callable[[Progress, threading.Event], Any]

# Jobs that have started and not yet reported back: kept alive here (a job without
# a Python owner must not be collected while its thread runs) and waited for on exit.
_running: set[Job] = set()


def _close_thread_connection() -> None:
    """Close the database connection the worker thread opened.

    peewee keeps one connection per thread; a worker's connection must be closed by
    the worker itself, before its thread ends.
    """
    from tsj_desk.services import session

    close = getattr(session, "close_thread_connection", None)
    if close is not None:
        close()
    else:
        # peewee's connection state is thread-local, so closing the session from the
        # worker thread closes only this thread's connection; the GUI thread's stays open.
        session.close_session()


class _Thread(QThread):
    """Runs the function and keeps its outcome; the job reads it on the GUI thread."""

    progressed = Signal(int, int)
    ended = Signal()

    def __init__(self, fn: Work, cancel: threading.Event):
        super().__init__()
        self._fn = fn
        self._cancel = cancel
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._fn(self.progressed.emit, self._cancel)
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            self.error = exc
        finally:
            try:
                _close_thread_connection()
            except Exception:  # a failed close must not hide the job's own outcome
                pass
        self.ended.emit()


class Job(QObject):
    """One run of a function off the GUI thread. Signals arrive on the GUI thread.

    Exactly one of ``finished(result)`` and ``failed(exception)`` is emitted, once.
    """

    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Work, parent: QObject | None = None):
        super().__init__(parent)
        self.cancel = threading.Event()
        self.done = False
        self._thread = _Thread(fn, self.cancel)
        queued = Qt.ConnectionType.QueuedConnection
        self._thread.progressed.connect(self._on_progress, queued)
        self._thread.ended.connect(self.finish_now, queued)

    def start(self) -> Job:
        _running.add(self)
        self._thread.start()
        return self

    def is_running(self) -> bool:
        return not self.done

    def request_cancel(self) -> None:
        self.cancel.set()

    def wait(self) -> None:
        """Block until the thread has ended; the outcome is delivered by ``finish_now``."""
        self._thread.wait()

    @Slot()
    def finish_now(self) -> None:
        """Wait for the thread and emit its outcome now (once; later calls do nothing)."""
        if self.done:
            return
        self._thread.wait()
        self.done = True
        _running.discard(self)
        if self._thread.error is not None:
            self.failed.emit(self._thread.error)
        else:
            self.finished.emit(self._thread.result)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self.done:
            self.progress.emit(done, total)


def running_jobs() -> list[Job]:
    return list(_running)


def wait_for_all(cancel: bool = True) -> None:
    """Cancel (optionally) and wait for every running job; used when the window closes."""
    for job in list(_running):
        if cancel:
            job.request_cancel()
        job.finish_now()


def run_with_progress(
    parent: QWidget | None,
    label: str,
    fn: Work,
    *,
    on_finished: Callable[[object], None],
    on_failed: Callable[[BaseException], None],
    cancellable: bool = True,
    minimum_duration_ms: int = 300,
) -> Job:
    """Run ``fn`` with a window-modal progress dialog; «Отмена» sets the cancel event.

    ``on_finished``/``on_failed`` are called on the GUI thread after the dialog closes.
    """
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle("ТСЖ Деск")
    dialog.setLabelText(label)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setRange(0, 0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(minimum_duration_ms)
    if cancellable:
        dialog.setCancelButtonText(QCoreApplication.translate("workers", "Отмена"))
    else:
        dialog.setCancelButton(None)
    job = Job(fn)  # no Qt parent: it lives in _running until it reports back
    job.dialog = dialog  # for tests and callers that want to press «Отмена»

    def on_progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setRange(0, total)
            dialog.setValue(min(done, total))

    def on_cancel() -> None:
        job.request_cancel()
        dialog.setLabelText(QCoreApplication.translate("workers", "Отмена…"))

    def close_dialog() -> None:
        dialog.canceled.disconnect(on_cancel)
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    def finished(result: object) -> None:
        close_dialog()
        on_finished(result)

    def failed(exc: BaseException) -> None:
        close_dialog()
        on_failed(exc)

    dialog.canceled.connect(on_cancel)
    job.progress.connect(on_progress)
    job.finished.connect(finished)
    job.failed.connect(failed)
    dialog.setValue(0)
    return job.start()
