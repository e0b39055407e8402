"""Pages follow the data: a request registered elsewhere appears without a restart, and a
page whose data did not change is not read again when it is shown."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest

from tsj_desk.services.journal import RequestInput, register_request
from tsj_desk.services.session import close_thread_connection

from tests.conftest import NOW

WATCH_MS = 8_000  # the watch reads the counters every 2 s; a loaded machine gets slack


def request(applicant: str, text: str = "Течёт кран на кухне") -> RequestInput:
    return RequestInput(category="maintenance", received_at=datetime(2026, 11, 24, 11, 30),
                        applicant=applicant, text=text)


def register_elsewhere(applicant: str, text: str = "Течёт кран на кухне") -> str:
    """Register a request through a connection of its own (another thread's: peewee keeps
    one per thread), as a colleague's program would; its number."""
    made: list[str] = []

    def work() -> None:
        try:
            made.append(register_request(request(applicant, text), now=NOW))
        finally:
            close_thread_connection()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert made, "the other connection failed to register"
    return made[0]


def counting(page, name: str) -> list[int]:
    """Count the calls of ``page.name`` (the page's own calls too)."""
    calls: list[int] = []
    original = getattr(page, name)

    def wrapper(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    setattr(page, name, wrapper)
    return calls


def test_a_request_registered_by_another_connection_appears_on_the_open_summary(main_window, qtbot):
    summary = main_window.show_page("summary")
    tile = summary.tiles["received_this_month"]
    before = int(tile.number_text())
    register_elsewhere("Сидорова Анна Петровна")
    # one more request received this month, and nobody touched the window
    qtbot.waitUntil(lambda: int(tile.number_text()) == before + 1, timeout=WATCH_MS)


def test_the_open_journal_shows_a_colleagues_request_keeping_filter_and_selection(main_window, qtbot):
    journal = main_window.show_page("journal")
    journal.filter.setText("течёт")
    journal.reload()
    shown = journal.model.rowCount()
    assert shown >= 3
    journal.table.selectRow(2)
    kept = journal.selected_request().reg_no
    reg_no = register_elsewhere("Кузнецов Олег Ильич", "Течёт батарея в комнате")
    qtbot.waitUntil(lambda: journal.model.rowCount() == shown + 1, timeout=WATCH_MS)
    assert journal.filter.text() == "течёт"  # the filter stays
    assert reg_no in {row.reg_no for row in journal.visible_requests()}
    assert journal.selected_request().reg_no == kept  # the same request, though a row came above it


def test_a_page_whose_data_did_not_change_is_not_read_again_when_shown(main_window):
    journal = main_window.show_page("journal")
    register = main_window.show_page("register")
    journal_loads = counting(journal, "refresh")
    register_loads = counting(register, "reload")
    main_window.show_page("summary")
    main_window.show_page("journal")
    main_window.show_page("register")
    main_window.show_page("journal")
    assert (journal_loads, register_loads) == ([], [])
    # a request registered (here, as the journal's form does): the journal reads again,
    # the register, whose tables did not change, still does not
    register_request(request("Орлова Вера Павловна"), now=NOW)
    main_window.show_page("register")
    main_window.show_page("journal")
    assert (len(journal_loads), len(register_loads)) == (1, 0)


def test_a_request_registered_in_the_window_is_counted_on_the_summary_at_its_next_show(main_window):
    summary = main_window.show_page("summary")
    tile = summary.tiles["received_this_month"]
    before = int(tile.number_text())
    main_window.show_page("journal")
    register_request(request("Белова Нина Андреевна"), now=NOW)
    main_window.show_page("summary")
    assert int(tile.number_text()) == before + 1


@pytest.fixture
def server_window(qtbot, pg_url):
    """The window on an empty PostgreSQL base of its own."""
    from tsj_desk.services.session import close_session, open_session
    from ui.main_window import MainWindow

    open_session(pg_url, now=NOW)
    window = MainWindow(pg_url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    close_session()


def test_on_a_server_a_colleagues_commit_wakes_the_open_journal_at_once(server_window, qtbot):
    from ui import live_refresh

    journal = server_window.show_page("journal")
    assert journal.model.rowCount() == 0
    listener = live_refresh.watch().listener()
    assert listener is not None
    assert listener.listening.wait(10), "the window's listener is not listening"
    started = time.monotonic()
    reg_no = register_elsewhere("Сидорова Анна Петровна")
    # the safety reading comes every 15 s: this is the NOTIFY
    qtbot.waitUntil(lambda: journal.model.rowCount() == 1, timeout=live_refresh.SERVER_POLL_MS - 3_000)
    assert time.monotonic() - started < live_refresh.SERVER_POLL_MS / 1000
    assert [row.reg_no for row in journal.visible_requests()] == [reg_no]


def save_elsewhere(period: str, meter_id: int, value: float) -> None:
    """A colleague's program saves one reading (a connection of its own)."""
    from datetime import date

    from tsj_desk.services.readings import save_entries

    def work() -> None:
        try:
            save_entries(period, [(meter_id, (value, None, None), date(2026, 11, 20))],
                         today=date(2026, 11, 24), now=NOW)
        finally:
            close_thread_connection()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()


def test_the_open_readings_page_shows_a_colleagues_reading_but_never_drops_typed_ones(main_window, qtbot):
    from keys import press, type_text
    from PySide6.QtCore import Qt

    page = main_window.show_page("readings")
    qtbot.waitUntil(lambda: not page.is_loading(), timeout=WATCH_MS)
    rows = [page.proxy.row_at(r).line for r in range(page.proxy.rowCount())]
    first, second, third = [line for line in rows if line.tariffs == 1 and line.previous and not line.current][:3]
    save_elsewhere(page.period(), first.meter_id, first.previous[0] + 3)

    def current(meter_id: int):
        row = page.proxy_row_of(meter_id)
        return page.proxy.row_at(row).line.current if row is not None else None

    qtbot.waitUntil(lambda: current(first.meter_id) is not None, timeout=WATCH_MS)
    assert current(first.meter_id)[0] == first.previous[0] + 3

    # a value typed and not saved: the page waits; the typed value is never lost
    page.table.setCurrentIndex(page.entry_index(page.proxy_row_of(second.meter_id), 0))
    type_text(page.delegate.editor, str(int(second.previous[0]) + 7))
    press(page.delegate.editor, Qt.Key.Key_Return)
    assert page.has_unsaved()
    save_elsewhere(page.period(), third.meter_id, third.previous[0] + 4)
    qtbot.wait(3 * 2_000)  # the watch has read the counters at least twice
    assert page.has_unsaved()
    assert page.model.typed() == {second.meter_id: [str(int(second.previous[0]) + 7), "", ""]}
    page.reload(keep_typed=False)  # nothing left to ask about when the window closes


def test_the_windows_own_change_is_not_read_twice_by_the_page_that_made_it(main_window, qtbot):
    journal = main_window.show_page("journal")
    loads = counting(journal, "refresh")
    register_request(request("Морозова Ольга Ивановна"), now=NOW)  # as the page's form does…
    journal.refresh()  # …and then the page reads its rows again itself
    qtbot.wait(3 * 2_000)  # the watch has read the counters at least twice
    assert len(loads) == 1
    register_elsewhere("Кузнецов Олег Ильич")  # a colleague's change is still followed
    qtbot.waitUntil(lambda: len(loads) == 2, timeout=WATCH_MS)


def test_on_a_server_the_windows_own_change_is_not_read_twice(server_window, qtbot):
    from ui import live_refresh

    journal = server_window.show_page("journal")
    assert live_refresh.watch().listener().listening.wait(10)
    loads = counting(journal, "refresh")
    register_request(request("Морозова Ольга Ивановна"), now=NOW)  # its own NOTIFY wakes the watch…
    journal.refresh()
    qtbot.wait(3_000)
    assert live_refresh.watch().check() == set()  # …which has read the counters already
    assert len(loads) == 1
    register_elsewhere("Кузнецов Олег Ильич")
    qtbot.waitUntil(lambda: len(loads) == 2, timeout=live_refresh.SERVER_POLL_MS - 3_000)


@pytest.mark.parametrize(("key", "page_class", "read"), [
    ("readings", "ui.readings.page:ReadingsPage", "reload"),
    ("register", "ui.register.page:RegisterPage", "reload"),
    ("journal", "ui.journal.page:JournalPage", "refresh"),
    ("acts", "ui.acts.page:ActsPage", "reload"),
])
def test_a_page_shown_for_the_first_time_reads_its_data_once(main_window, monkeypatch, key, page_class, read):
    import importlib

    module_name, class_name = page_class.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    calls: list[int] = []
    original = getattr(cls, read)

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, read, counted)
    assert not main_window.is_built(key)
    main_window.show_page(key)  # built, then shown: page_shown() finds nothing changed
    assert len(calls) == 1
