"""The change log (audit_entry) and the register's disclosure log (disclosure) keep
every row they were given: the base itself refuses INSERT OR REPLACE onto an existing
row, UPDATE and DELETE, whoever writes — the program or another tool with plain
sqlite3. Appending goes on as before."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date

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


def append_through_the_program(path) -> None:
    open_database(path)
    try:
        audit.record("disclose", "register", 2, user="admin", now=NOW, rows=3)
        Disclosure.create(at=NOW, user="admin", requested_by="Инициатор ОСС", purpose="ОСС",
                          request_id=None, as_of=date(2026, 11, 24), rows=3,
                          file_name="реестр 2.xlsx", sha256="cd" * 32)
    finally:
        close_database()


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_replacing_a_logged_row_is_refused_and_appending_goes_on(base, table, verb):
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

    append_through_the_program(base)
    new = forged(table)  # the same statement without an id is a plain append
    columns = ", ".join(f'"{c}"' for c in new)
    with closing(sqlite3.connect(base)) as connection:
        connection.execute(f'{verb} INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(new))})',
                           list(new.values()))
        connection.commit()
    after = rows_of(base, table)
    assert after[0] == before[0]
    assert [(r[0], r[2]) for r in after] == [(1, "admin"), (2, "admin"), (3, "злоумышленник")]


def test_an_upsert_onto_a_disclosure_is_refused(base):
    before = rows_of(base, "disclosure")
    row = {"id": 1, **forged("disclosure")}
    columns = ", ".join(f'"{c}"' for c in row)
    with closing(sqlite3.connect(base)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(f'INSERT INTO "disclosure" ({columns}) VALUES ({", ".join("?" * len(row))}) '
                               'ON CONFLICT(id) DO UPDATE SET "requested_by" = excluded."requested_by"',
                               list(row.values()))
        connection.commit()
    assert rows_of(base, "disclosure") == before


@pytest.mark.parametrize("statement", [
    'UPDATE "disclosure" SET "requested_by" = \'никому\'',
    'UPDATE OR REPLACE "disclosure" SET "id" = 5',
    'DELETE FROM "disclosure"',
    'DELETE FROM "disclosure" WHERE id = 1',
])
def test_a_disclosure_cannot_be_changed_or_deleted(base, statement):
    """(The change log refuses these since migration 5.)"""
    before = rows_of(base, "disclosure")
    with closing(sqlite3.connect(base)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
        connection.commit()
    assert rows_of(base, "disclosure") == before
