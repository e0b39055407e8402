"""A pytest plugin for ``mutate.py`` (loaded with ``-p mutation_plugin``; never collected).

Two jobs, chosen by environment variables:

* ``MUTATION_TRACE_OUT`` (+ ``MUTATION_TRACE_FILES``, paths joined by ``os.pathsep``):
  record which lines of those files each test runs (``sys.settrace``, the target
  files only), the lines run outside any test (imports), each test's duration and the
  tests that failed, as JSON into ``MUTATION_TRACE_OUT``;
* ``MUTATION_SELECT`` (a file of node ids, one a line): run only those tests, in the
  order of the file.
"""

from __future__ import annotations

import json
import os
import sys
import threading

import pytest

_TRACE_OUT = os.environ.get("MUTATION_TRACE_OUT")
_SELECT = os.environ.get("MUTATION_SELECT")


class _Tracer:
    def __init__(self, files: list[str]):
        self.files = {os.path.realpath(f): f for f in files if f}
        self.names: dict[str, str | None] = {}  # co_filename → target file or None
        self.current: str | None = None
        self.by_test: dict[str | None, set[tuple[str, int]]] = {None: set()}
        self.durations: dict[str, float] = {}
        self.failed: list[str] = []

    def _target(self, filename: str) -> str | None:
        try:
            return self.names[filename]
        except KeyError:
            found = self.files.get(os.path.realpath(filename))
            self.names[filename] = found
            return found

    def global_trace(self, frame, event, arg):
        target = self._target(frame.f_code.co_filename)
        if target is None:
            return None
        lines = self.by_test.setdefault(self.current, set())
        lines.add((target, frame.f_lineno))

        def local_trace(frame, event, arg):
            if event == "line":
                lines.add((target, frame.f_lineno))
            return local_trace

        return local_trace

    def start(self) -> None:
        sys.settrace(self.global_trace)
        threading.settrace(self.global_trace)

    def stop(self) -> None:
        sys.settrace(None)
        threading.settrace(None)


_tracer = _Tracer(os.environ.get("MUTATION_TRACE_FILES", "").split(os.pathsep)) if _TRACE_OUT else None
if _tracer is not None:
    _tracer.start()  # before the test modules import the targets


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _tracer is None:
        yield
        return
    _tracer.current = item.nodeid
    _tracer.start()  # a test may have replaced the trace function (a debugger, hypothesis)
    try:
        yield
    finally:
        _tracer.current = None


def pytest_runtest_logreport(report):
    if _tracer is None:
        return
    _tracer.durations[report.nodeid] = _tracer.durations.get(report.nodeid, 0.0) + report.duration
    if report.failed and report.nodeid not in _tracer.failed:
        _tracer.failed.append(report.nodeid)


def pytest_collectreport(report):
    if _tracer is not None and report.failed:
        _tracer.failed.append(report.nodeid or "<collection>")


def pytest_sessionfinish(session, exitstatus):
    if _tracer is None:
        return
    _tracer.stop()
    data = {
        "lines": {test or "": sorted(lines) for test, lines in _tracer.by_test.items()},
        "durations": _tracer.durations,
        "failed": _tracer.failed,
    }
    with open(_TRACE_OUT, "w", encoding="utf-8") as out:
        json.dump(data, out)


def pytest_collection_modifyitems(session, config, items):
    if not _SELECT:
        return
    with open(_SELECT, encoding="utf-8") as handle:
        wanted = [line.rstrip("\n") for line in handle if line.strip()]
    order = {nodeid: index for index, nodeid in enumerate(wanted)}
    chosen = [item for item in items if item.nodeid in order]
    chosen.sort(key=lambda item: order[item.nodeid])
    deselected = [item for item in items if item.nodeid not in order]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = chosen
