"""Pages that reload only when their data changed, and refresh themselves when a
colleague changes it.

Every page names the tables it shows (``services.data_changes``: ``REQUESTS``,
``REGISTER``…). Two uses:

- ``first_read(page, tables)`` before the page's first read, when it is built, and
  ``reload_needed(page, tables)`` in ``page_shown()``: True when one of the tables
  changed since the page last loaded (or it never did, or another base is open); the
  counters are read by one query of a small table, so showing a page whose data did not
  change costs next to nothing;
- ``follow(page, tables, refresh)``: while the page is on screen, ``refresh()`` is
  called when one of its tables changes — by this window, another window or another
  computer. The page's ``refresh`` keeps the user's place (selected row, scroll, filter).

The one ``DataWatch`` of the application reads the counters every few seconds on the
GUI thread (SQLite: a colleague's commit is seen at the next read); on a PostgreSQL
server a listener of its own (``data_changes.ChangeListener``, off the GUI thread) is
woken by the NOTIFY of every commit and has the counters read at once.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from tsj_desk.services import data_changes

log = logging.getLogger(__name__)

POLL_MS = 2_000  # a colleague's change on a shared SQLite file is seen within this
SERVER_POLL_MS = 15_000  # on a server NOTIFY wakes the window; the reading is the safety net

_SNAPSHOT = "_live_refresh_snapshot"


def reload_needed(page: QWidget, tables: Iterable[str]) -> bool:
    """Whether ``page`` must read its data again: one of ``tables`` changed since it was
    last asked (the counters are recorded before the page reads, so a change made while it
    reads is seen next time). A base without counters always reloads."""
    try:
        current = data_changes.versions()
    except Exception:  # noqa: BLE001 — when in doubt, reload: the page reports its own failure
        log.warning("change counters unreadable", exc_info=True)
        return True
    snapshot = data_changes.snapshot(tables, current)
    before = getattr(page, _SNAPSHOT, None)
    setattr(page, _SNAPSHOT, snapshot)
    return before != snapshot or not current


def forget(page: QWidget) -> None:
    """The page's data is to be read again at its next show, whatever the counters say."""
    setattr(page, _SNAPSHOT, None)


def first_read(page: QWidget, tables: Iterable[str]) -> None:
    """The page reads its data for the first time (when it is built): the counters are
    recorded now, so that showing it right after does not read everything again."""
    reload_needed(page, tables)


def follow(page: QWidget, tables: Iterable[str], refresh: Callable[[], None]) -> None:
    """Call ``refresh()`` when one of ``tables`` changes while ``page`` is on screen
    (repeated calls for one page replace its tables and refresh)."""
    watch().follow(page, tuple(tables), refresh)


class DataWatch(QObject):
    """Reads the change counters now and then (at once on a server's NOTIFY) and has the
    pages on screen whose tables changed refresh themselves."""

    changed = Signal(object)  # the set of tables that changed
    _heard = Signal(object)  # from the listener's thread: tables a commit changed

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._known: dict[str, int] = {}
        self._base: int | None = None
        self._followers: dict[int, tuple[weakref.ref, tuple[str, ...], Callable[[], None]]] = {}
        self._listener: data_changes.ChangeListener | None = None
        self._heard.connect(self._on_heard, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(POLL_MS)

    # -- pages

    def follow(self, page: QWidget, tables: tuple[str, ...], refresh: Callable[[], None]) -> None:
        key = id(page)
        if key not in self._followers:
            page.destroyed.connect(lambda *_: self._followers.pop(key, None))
        self._followers[key] = (weakref.ref(page), tables, refresh)
        if self._base != data_changes.base_token():
            self.check()  # the baseline of a base just opened

    # -- reading the counters

    @Slot()
    def check(self) -> set[str]:
        """Read the counters; the tables that changed since the last reading (every table
        when another base was opened) are told to the pages on screen. Returns them."""
        try:
            current = data_changes.versions()
            base = data_changes.base_token()
        except Exception:  # noqa: BLE001 — a busy or lost base: the next reading tries again
            log.info("change counters unreadable", exc_info=True)
            return set()
        if not current:  # no base open (or one without counters): nothing to listen to
            self.stop_listening()
            return set()
        if base != self._base or (self._listener is not None and not self._listener.running):
            self._base = base
            self._known = current
            data_changes.others_committed()  # from now on
            self._listen()
            # the first reading of this base: a page on screen loaded before it may be behind
            self._tell({t for _, watched, _ in self._followers.values() for t in watched})
            return set()
        tables = data_changes.changed_tables(self._known, current)
        self._known = current
        if not tables:
            return tables
        if data_changes.others_committed() is False:
            # the window's own change (SQLite): the page that made it read its data again
            # itself; the others are read again when shown (reload_needed)
            self.changed.emit(tables)
            return tables
        self._tell(tables)
        return tables

    def _tell(self, tables: set[str]) -> None:
        self.changed.emit(tables)
        for page_ref, watched, refresh in list(self._followers.values()):
            page = page_ref()
            if page is None or not page.isVisible():
                continue  # a hidden page reloads when it is shown again (reload_needed)
            if tables & set(watched) and reload_needed(page, watched):
                try:
                    refresh()
                except Exception:  # noqa: BLE001 — one page's failure must not stop the others
                    log.warning("live refresh of %s failed", page.objectName(), exc_info=True)

    @Slot(object)
    def _on_heard(self, tables: set[str]) -> None:
        if not tables:  # the listener came back after a lost connection: read everything
            for page_ref, _, _ in self._followers.values():
                if (page := page_ref()) is not None:
                    forget(page)
            self._tell({t for _, watched, _ in self._followers.values() for t in watched})
            return
        self.check()

    # -- the server's notices

    def _listen(self) -> None:
        self.stop_listening()
        params = data_changes.server_connection_params()
        self._timer.setInterval(POLL_MS if params is None else SERVER_POLL_MS)
        if params is None:
            return
        self._listener = data_changes.ChangeListener(params, self._heard.emit)
        self._listener.start()

    def listener(self) -> data_changes.ChangeListener | None:
        return self._listener

    def stop_listening(self) -> None:
        if self._listener is not None:
            self._listener.stop()
            self._listener = None


_search_told: set[int] = set()


def tell_slow_search(page: QWidget) -> None:
    """Say once per base, in the window's status bar, that the journal's search goes
    without its index (a server that refused ``pg_trgm``): it works, only slower."""
    from tsj_desk.services.journal_order import slow_search_notice

    base = data_changes.base_token()
    if base in _search_told:
        return
    _search_told.add(base)
    notice = slow_search_notice()
    if notice is None:
        return
    log.warning("%s", notice)
    window = page.window()
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(notice, 30_000)


_watch: DataWatch | None = None


def watch() -> DataWatch:
    """The application's one watch (made at its first use)."""
    global _watch
    if _watch is None:
        app = QCoreApplication.instance()
        _watch = DataWatch(app)
        if app is not None:
            app.aboutToQuit.connect(_watch.stop_listening)
    return _watch
