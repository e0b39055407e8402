"""The readings page's modules loaded while the window waits for the user after the start.

The start loads only what its first page shows. The readings page's modules (its grid,
its checks, the reading of a house's meters) would otherwise be loaded when the user
first opens «Показания», a noticeable part of that first paint; a moment after the
window is shown and idle, they are loaded one at a time, each in its own turn of the
event loop, so that a click meanwhile waits for one module at most.
"""

from __future__ import annotations

import importlib
import logging
import sys

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

AFTER_MS = 1500  # after the start's own work (its first page, the check behind it)
# in the order they import each other: each step loads little that is not loaded yet
MODULES = (
    "tsj_desk.services.readings_billing",
    "tsj_desk.services.readings_history",
    "tsj_desk.domain.premises",  # the premises' natural order, asked by the first read
    "tsj_desk.services.reading_versions",
    "ui.tables",
    "ui.readings.entry_model",
    "ui.readings.page",
)


def preload_when_idle(owner: QObject, modules: tuple[str, ...] = MODULES, after_ms: int = AFTER_MS) -> None:
    """Load ``modules`` one by one, starting ``after_ms`` from now; nothing happens once
    ``owner`` (the window) is gone."""
    waiting = [name for name in modules if name not in sys.modules]

    def step() -> None:
        while waiting and waiting[0] in sys.modules:  # loaded meanwhile (the page was opened)
            waiting.pop(0)
        if not waiting:
            return
        name = waiting.pop(0)
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that fails here fails again, and is told, when the page opens
            log.exception("preloading %s", name)
            return
        QTimer.singleShot(0, owner, step)

    if waiting:
        QTimer.singleShot(after_ms, owner, step)
