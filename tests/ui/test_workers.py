"""The worker runs plain functions off the GUI thread and reports on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QPushButton

from tsj_desk.domain.errors import FileProblem
from tsj_desk.services.registry import Cancelled, count_premises
from ui.workers import Job, run_with_progress


def test_progress_and_result_arrive_on_the_gui_thread(qtbot):
    gui = threading.get_ident()  # (current_thread() in a QThread would leave a dummy Thread)
    ran_on = []
    seen = []

    def work(progress, cancel):
        ran_on.append(threading.get_ident())
        for done in range(1, 4):
            progress(done, 3)
        return "готово"

    job = Job(work)
    job.progress.connect(lambda done, total: seen.append((done, total, threading.get_ident() == gui)))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        job.start()
    assert finished.args == ["готово"]
    assert ran_on and ran_on[0] != gui
    assert seen == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert not job.is_running()


def test_an_exception_is_handed_over_not_raised(qtbot):
    job = Job(lambda progress, cancel: (_ for _ in ()).throw(FileProblem("Файл не найден.")))
    with qtbot.waitSignal(job.failed, timeout=5000) as failed:
        job.start()
    assert isinstance(failed.args[0], FileProblem)


@pytest.mark.demo_counts(reason="counts the demo's 120 premises; the 100× base has 12,000")
def test_database_work_in_the_worker_leaves_the_gui_connection_open(qtbot, demo):
    job = Job(lambda progress, cancel: count_premises())
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        job.start()
    assert finished.args == [120]
    assert count_premises() == 120  # the GUI thread's connection still works


def test_cancel_button_sets_the_event(qtbot):
    started = threading.Event()
    outcome = {}

    def work(progress, cancel):
        started.set()
        if cancel.wait(10):
            raise Cancelled()
        return "не отменено"

    job = run_with_progress(None, "Долгая работа…", work, minimum_duration_ms=0,
                            on_finished=lambda r: outcome.setdefault("result", r),
                            on_failed=lambda e: outcome.setdefault("error", e))
    qtbot.waitUntil(job.dialog.isVisible)
    assert started.wait(5)
    button = job.dialog.findChild(QPushButton)
    assert button.text() == "Отмена"
    with qtbot.waitSignal(job.failed, timeout=5000):
        button.click()
    assert isinstance(outcome["error"], Cancelled)
    assert "result" not in outcome
