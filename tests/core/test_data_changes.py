"""The change counters per table (both engines) and the server's NOTIFY to a listener."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime

import peewee
import pytest

from tsj_desk.services import data_changes
from tsj_desk.services.journal import RequestInput, register_request
from tsj_desk.storage.database import database
from tsj_desk.storage.models import Setting

from tests.conftest import NOW


def a_request(applicant: str = "Сидорова Анна Петровна") -> RequestInput:
    return RequestInput(category="maintenance", received_at=datetime(2026, 11, 24, 11, 0),
                        applicant=applicant, text="Течёт кран на кухне")


def test_a_tables_counter_moves_with_its_committed_changes_only(db):
    before = data_changes.versions()  # on a server a table never written has no row yet
    register_request(a_request(), now=NOW)
    after = data_changes.versions()
    assert after["request"] > before.get("request", 0)
    assert after["request_event"] > before.get("request_event", 0)  # the request's history
    assert after.get("reading", 0) == before.get("reading", 0)
    assert after.get("premise", 0) == before.get("premise", 0)
    assert data_changes.changed_tables(before, after) >= {"request", "request_event"}
    assert "reading" not in data_changes.changed_tables(before, after)

    class Undone(Exception):
        pass

    with pytest.raises(Undone):
        with database.atomic():
            Setting.put("x", "1")
            raise Undone  # rolled back: the counter with it
    assert data_changes.versions().get("setting", 0) == after.get("setting", 0)


def test_a_commit_of_another_connection_is_seen_by_the_next_reading(db):
    before = data_changes.versions()

    def colleague() -> None:  # another thread: a connection of its own
        try:
            Setting.put("colleague", "1")
        finally:
            database.obj.close()

    thread = threading.Thread(target=colleague)
    thread.start()
    thread.join()
    assert data_changes.changed_tables(before, data_changes.versions()) == {"setting"}


def test_a_snapshot_tells_another_base_from_this_one(db, tmp_path):
    from tsj_desk.storage.database import close_database, open_database

    first = data_changes.snapshot(["request"])
    assert first == data_changes.snapshot(["request"])
    close_database()
    open_database(tmp_path / "other.sqlite3")
    try:
        assert data_changes.snapshot(["request"]) != first  # same counters, another base
    finally:
        close_database()


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def server_base(pg_url):
    from tsj_desk.storage.database import close_database, open_database

    open_database(pg_url)
    yield pg_url
    close_database()


def test_a_notify_from_another_connection_reaches_the_listener(server_base):
    import psycopg

    heard: list[set[str]] = []
    arrived = threading.Event()

    def on_change(tables: set[str]) -> None:
        heard.append(tables)
        arrived.set()

    listener = data_changes.ChangeListener(data_changes.server_connection_params(), on_change)
    listener.start()
    try:
        assert listener.listening.wait(10), "the listener did not start listening"
        before = data_changes.versions()
        with psycopg.connect(server_base, autocommit=True) as colleague:  # another program
            colleague.execute("INSERT INTO setting (key, value) VALUES ('colleague', '1')")
        assert arrived.wait(10), "no notice reached the listener"
        assert heard[0] == {"setting"}
        assert data_changes.changed_tables(before, data_changes.versions()) == {"setting"}
        # a transaction rolled back notifies nobody
        arrived.clear()
        with psycopg.connect(server_base) as colleague:
            colleague.execute("INSERT INTO setting (key, value) VALUES ('undone', '1')")
            colleague.rollback()
        assert not arrived.wait(1.5)
    finally:
        data_changes.stop_listeners()
    assert not listener.running


def test_two_sessions_writing_one_table_keep_rows_of_their_own(server_base):
    """The counter of a table is the sum of each session's row: two computers writing the
    same table never wait for one another's counter."""
    import psycopg

    before = data_changes.versions().get("setting", 0)
    with psycopg.connect(server_base) as one, psycopg.connect(server_base) as two:
        one.execute("INSERT INTO setting (key, value) VALUES ('one', '1')")
        # the second transaction commits while the first is still open: no lock wait
        two.execute("SET lock_timeout = '2s'")
        two.execute("INSERT INTO setting (key, value) VALUES ('two', '1')")
        two.commit()
        one.execute("UPDATE setting SET value = '2' WHERE key = 'one'")  # same transaction: counted once
        one.commit()
    assert data_changes.versions()["setting"] == before + 2


def test_a_transaction_of_many_statements_counts_once(server_base):
    before = data_changes.versions().get("setting", 0)
    with database.atomic():
        for n in range(5):
            Setting.put(f"k{n}", "v")
    assert data_changes.versions()["setting"] == before + 1
    time.sleep(0)  # nothing else
    assert isinstance(database.obj, peewee.PostgresqlDatabase)


def test_every_table_of_the_schema_has_its_counter_after_the_upgrade(db):
    """Tables made by migrations after the counters' (debts, announcements…) are counted
    too, and writing one moves its counter only."""
    from tsj_desk.storage.migration_data_change import track_untracked

    assert track_untracked(db) == []  # the upgrade took every table on already
    db.execute_sql('CREATE TABLE "late_table" ("id" INTEGER PRIMARY KEY, "note" TEXT)')
    assert track_untracked(db) == ["late_table"]
    assert track_untracked(db) == []  # once
    before = data_changes.versions()
    db.execute_sql("INSERT INTO \"late_table\" (\"id\", \"note\") VALUES (1, 'x')")
    assert data_changes.changed_tables(before, data_changes.versions()) == {"late_table"}


def test_a_change_of_this_connection_is_told_from_one_of_another(db):
    assert data_changes.others_committed() is True  # the first asking
    Setting.put("mine", "1")
    assert data_changes.others_committed() is False  # this connection's own

    def colleague() -> None:
        try:
            Setting.put("theirs", "1")
        finally:
            database.obj.close()

    thread = threading.Thread(target=colleague)
    thread.start()
    thread.join()
    assert data_changes.others_committed() is True
    assert data_changes.others_committed() is False  # nothing since


def _a_house_with_premises(count: int, start: int = 1) -> list[tuple]:
    from tsj_desk.services.organization import ensure_house

    house = ensure_house("ул. Лесная, д. 5")
    return [(house, str(n), f"{n:05d}", "flat", str(n)) for n in range(start, start + count)]


def test_a_bulk_write_moves_the_counter_and_leaves_the_counting_in_place(db):
    """An import writes thousands of rows with one statement (counted once on SQLite,
    ``counted_once``): the counter moved with the rows, and a single change afterwards is
    still counted."""
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.models import Premise

    fields = ["house", "number", "sort_key", "kind", "search_key"]
    rows = _a_house_with_premises(1500)
    before = data_changes.versions()
    with database.atomic():
        insert_rows(Premise, fields, rows)
    assert Premise.select().count() == 1500
    assert data_changes.changed_tables(before, data_changes.versions()) >= {"premise"}
    middle = data_changes.versions()
    Premise.update(area=50).where(Premise.number == "7").execute()  # one row: its trigger
    assert data_changes.changed_tables(middle, data_changes.versions()) == {"premise"}
    middle = data_changes.versions()
    with database.atomic():
        insert_rows(Premise, fields, [(rows[0][0], "9000", "09000", "flat", "9000")])  # one row
    assert data_changes.changed_tables(middle, data_changes.versions()) == {"premise"}


def test_a_bulk_write_that_fails_changes_neither_the_rows_nor_the_counting(db):
    """A bulk write refused half-way (a premise number already in the house) leaves the
    base as it was: no row, the counter where it was, and the next change still counted."""
    from tsj_desk.domain.errors import DatabaseProblem
    from tsj_desk.storage.bulk import insert_rows
    from tsj_desk.storage.models import Premise

    fields = ["house", "number", "sort_key", "kind", "search_key"]
    rows = _a_house_with_premises(1000)
    with database.atomic():
        insert_rows(Premise, fields, rows[:1])
    before = data_changes.versions()
    refused = (DatabaseProblem, peewee.IntegrityError, sqlite3.IntegrityError)
    if not isinstance(db, peewee.SqliteDatabase):
        import psycopg

        refused += (psycopg.errors.IntegrityError,)
    with pytest.raises(refused):
        with database.atomic():
            insert_rows(Premise, fields, rows[1:] + rows[:1])  # the last one is there already
    assert Premise.select().count() == 1
    assert data_changes.versions().get("premise") == before.get("premise")
    Premise.update(area=50).where(Premise.number == "1").execute()
    assert data_changes.changed_tables(before, data_changes.versions()) == {"premise"}
