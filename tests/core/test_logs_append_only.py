"""The change log (audit_entry) and the register's disclosure log (disclosure) keep
every row they were given: the base itself refuses INSERT OR REPLACE onto an existing
row, UPDATE and DELETE, whoever writes — the program or another tool with plain
sqlite3. Appending goes on as before."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, datetime

import pytest

from tests.conftest import NOW
from tsj_desk.services import audit
from tsj_desk.storage.database import close_database, open_database
from tsj_desk.storage.models import Disclosure

# One row of each log as the program writes it, and what a rewrite would put there.
FIRST = {
    "audit_entry": dict(at="2026-11-20 10:00:00", user="admin", action="disclose",
                        entity="register", entity_id=1, details='{"rows": 7}'),
    "disclosure": dict(at="2026-11-20 10:00:00", user="admin", requested_by="Зорина А. И., кв. 2",
                       purpose="созыв общего собрания", request_id=None, as_of="2026-11-20", rows=7,
                       file_name="реестр.xlsx", sha256="ab" * 32),
}
TABLES = list(FIRST)


def rows_of(path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()


@pytest.fixture
def base(tmp_path):
    """A fresh base with one row in each log, written through plain sqlite3."""
    path = tmp_path / "тсж.sqlite3"
    open_database(path)
    close_database()
    with closing(sqlite3.connect(path)) as connection:
        for table, row in FIRST.items():
            columns = ", ".join(f'"{c}"' for c in row)
            connection.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})',
                               list(row.values()))
        connection.commit()
    return path


def forged(table: str) -> dict:
    row = dict(FIRST[table], user="злоумышленник")
    if table == "disclosure":
        row["requested_by"] = "никому"
    return row


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_replacing_a_logged_row_is_refused(base, table, verb):
    before = rows_of(base, table)
    row = {"id": 1, **forged(table)}
    columns = ", ".join(f'"{c}"' for c in row)
    with closing(sqlite3.connect(base)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(f'{verb} INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})',
                               list(row.values()))
        connection.commit()
    assert rows_of(base, table) == before
    assert before[0][2] == "admin"


@pytest.mark.parametrize("table", TABLES)
def test_an_upsert_onto_a_logged_row_is_refused(base, table):
    before = rows_of(base, table)
    row = {"id": 1, **forged(table)}
    columns = ", ".join(f'"{c}"' for c in row)
    with closing(sqlite3.connect(base)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))}) '
                               'ON CONFLICT(id) DO UPDATE SET "user" = excluded."user"', list(row.values()))
        connection.commit()
    assert rows_of(base, table) == before


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("statement", [
    'UPDATE "{table}" SET "user" = \'злоумышленник\'',
    'UPDATE OR REPLACE "{table}" SET "id" = 5',
    'DELETE FROM "{table}"',
    'DELETE FROM "{table}" WHERE id = 1',
])
def test_changing_or_deleting_a_logged_row_is_refused(base, table, statement):
    before = rows_of(base, table)
    with closing(sqlite3.connect(base)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement.format(table=table))
        connection.commit()
    assert rows_of(base, table) == before


def test_the_program_still_appends_to_both_logs(base):
    open_database(base)
    try:
        audit.record("disclose", "register", 2, now=NOW, rows=3)
        Disclosure.create(at=NOW, user="admin", requested_by="Инициатор ОСС", purpose="ОСС",
                          request_id=None, as_of=date(2026, 11, 24), rows=3,
                          file_name="реестр 2.xlsx", sha256="cd" * 32)
    finally:
        close_database()
    assert [(r[0], r[4]) for r in rows_of(base, "audit_entry")] == [(1, "register"), (2, "register")]
    assert [(r[0], r[3]) for r in rows_of(base, "disclosure")] == [
        (1, "Зорина А. И., кв. 2"), (2, "Инициатор ОСС")]
    with closing(sqlite3.connect(base)) as connection:  # a plain append of a new row, too
        connection.execute('INSERT OR REPLACE INTO "disclosure" (at, user, requested_by, purpose, as_of, '
                           'rows, file_name, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                           (datetime(2026, 11, 24, 13, 0), "admin", "Ревизор", "проверка",
                            "2026-11-24", 3, "реестр 3.xlsx", "ef" * 32))
        connection.commit()
    assert [r[3] for r in rows_of(base, "disclosure")] == [
        "Зорина А. И., кв. 2", "Инициатор ОСС", "Ревизор"]
