"""SQLite failures are told apart by their result code's name (sqlite3.Error's
sqlite_errorname), not by the words of the driver's message."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from tsj_desk.faults import sqlite_name
from tsj_desk.storage.database import describe_database_error, translate_failure


def _busy_error(path) -> sqlite3.Error:
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("SELECT * FROM t")
    finally:
        other.close()
        holder.rollback()
        holder.close()
    return caught.value


def _full_error(path) -> sqlite3.Error:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.execute("PRAGMA max_page_count = 3")
    try:
        with pytest.raises(sqlite3.Error) as caught:
            connection.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    finally:
        connection.close()
    return caught.value


def test_a_real_failure_is_named_by_its_code_even_wrapped_by_peewee(tmp_path):
    busy = _busy_error(tmp_path / "a.sqlite3")
    full = _full_error(tmp_path / "b.sqlite3")
    assert sqlite_name(busy) == "SQLITE_BUSY"
    assert sqlite_name(full) == "SQLITE_FULL"
    try:
        raise peewee.OperationalError(busy) from busy
    except peewee.OperationalError as wrapped:
        assert sqlite_name(wrapped) == "SQLITE_BUSY"


def test_a_busy_base_is_told_as_busy(tmp_path):
    problem = translate_failure(_busy_error(tmp_path / "a.sqlite3"), path=None)
    assert problem is not None
    assert problem.message.startswith("База занята другой программой и не ответила за 10 с.")


def test_the_words_of_a_message_without_a_code_decide_nothing(tmp_path):
    # a message that reads like a full disk, but no SQLite code behind it
    fake = sqlite3.OperationalError("database or disk is full")
    assert sqlite_name(fake) is None
    assert translate_failure(fake, path=tmp_path / "c.sqlite3") is None
    assert describe_database_error(tmp_path / "c.sqlite3", fake) == (
        f"Не удалось открыть базу «{tmp_path / 'c.sqlite3'}»: database or disk is full")


def test_a_file_that_is_not_a_base_is_named_damaged_by_its_code(tmp_path):
    path = tmp_path / "d.sqlite3"
    path.write_bytes(b"not a base at all, " * 100)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master")
    assert sqlite_name(caught.value) == "SQLITE_NOTADB"
    assert describe_database_error(path, caught.value) == (
        f"Файл «{path}» повреждён или не является базой ТСЖ Деск. Восстановите базу из резервной копии.")
