"""Migration: a change counter per table, kept by the base itself on both engines.

A page reloads only when a table it shows changed, and an open page refreshes when a
colleague (another connection, another computer) changed one: both read the counters
(``services.data_changes``), a query of one small table.

- SQLite: ``data_change`` holds one row per table; row triggers on every tracked table
  add one in the writing transaction (one writer at a time: no contention).
- PostgreSQL: ``data_change`` holds one row per table *and server session*
  (``pg_backend_pid()``), so that two computers writing the same table never wait for
  each other's counter row (a shared row would serialise them and could deadlock two
  transactions writing tables in opposite orders). A statement trigger adds one for the
  first statement of a transaction on that table only (a transaction-local setting marks
  it) and sends ``NOTIFY tsj_data_change`` with the table's name, delivered at commit to
  the windows listening. A table's counter is the sum of its rows: it only grows.

The counters move on commit only (they are written in the transaction), so a reader
never sees a change before its data. Tables added by later migrations call
``track_changes`` for themselves.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import peewee

CHANNEL = "tsj_data_change"

# not tracked: the counters themselves, the schema's own bookkeeping, SQLite's full-text
# tables (they move with ``request``)
_UNTRACKED = ("data_change", "schema_version")
_UNTRACKED_PREFIXES = ("sqlite_", "request_search")


def data_change_counters(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql('CREATE TABLE IF NOT EXISTS "data_change" ('
                       '"table_name" TEXT NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL DEFAULT 0)')
    else:
        db.execute_sql('CREATE TABLE IF NOT EXISTS "data_change" ('
                       '"table_name" TEXT NOT NULL, "session" INTEGER NOT NULL, '
                       '"version" BIGINT NOT NULL DEFAULT 0, PRIMARY KEY ("table_name", "session"))')
        db.execute_sql(
            "CREATE OR REPLACE FUNCTION data_change_bump() RETURNS trigger AS $$ "
            "DECLARE marker text := 'tsj_changed.' || TG_TABLE_NAME; "
            "BEGIN "
            "IF coalesce(current_setting(marker, true), '') <> '1' THEN "
            "PERFORM set_config(marker, '1', true); "
            'INSERT INTO "data_change" ("table_name", "session", "version") '
            "VALUES (TG_TABLE_NAME, pg_backend_pid(), 1) "
            'ON CONFLICT ("table_name", "session") DO UPDATE SET "version" = "data_change"."version" + 1; '
            f"PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); "
            "END IF; RETURN NULL; END; $$ LANGUAGE plpgsql")
    for table in db.get_tables():
        if table not in _UNTRACKED and not table.startswith(_UNTRACKED_PREFIXES):
            track_changes(db, table)


def track_changes(db: peewee.Database, table: str) -> None:
    """Count the changes of ``table`` (the counter table and function must exist)."""
    if isinstance(db, peewee.SqliteDatabase):
        db.execute_sql('INSERT OR IGNORE INTO "data_change" ("table_name", "version") VALUES (?, 0)',
                       (table,))
        for action in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(_sqlite_trigger(table, action))
        return
    db.execute_sql(f'DROP TRIGGER IF EXISTS "{table}_data_change" ON "{table}"')
    db.execute_sql(f'CREATE TRIGGER "{table}_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                   f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION data_change_bump()')


def _sqlite_trigger_name(table: str, action: str) -> str:
    return f"{table}_data_change_{action.lower()}"


def _sqlite_trigger(table: str, action: str) -> str:
    """The SQLite row trigger counting ``action`` (INSERT, UPDATE, DELETE) on ``table``."""
    return (f'CREATE TRIGGER IF NOT EXISTS "{_sqlite_trigger_name(table, action)}" '
            f'AFTER {action} ON "{table}" BEGIN {_bump(table)}; END')


def _bump(table: str) -> str:
    return f"UPDATE \"data_change\" SET \"version\" = \"version\" + 1 WHERE \"table_name\" = '{table}'"


@contextmanager
def counted_once(db: peewee.Database, table: str, action: str) -> Iterator[None]:
    """Many rows of ``table`` written by one statement inside a transaction, counted as one
    change instead of one per row.

    SQLite's row trigger costs as much as a third of a bulk INSERT (0.12 s of 100,000 rows
    of readings). The counter only has to grow with every committed change, so a bulk
    write inside a transaction sets the trigger aside, writes, adds one and puts the
    trigger back, all in that transaction: another connection sees the rows, the trigger
    and the counter moved together, or none of them. On PostgreSQL the statement trigger
    already counts once. Outside a transaction, or with no trigger, the write goes as it is.
    """
    name = _sqlite_trigger_name(table, action)
    if not (isinstance(db, peewee.SqliteDatabase) and db.in_transaction()) or not db.execute_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone():
        yield
        return
    db.execute_sql(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        # back in any case (IF NOT EXISTS: a failure that rolled the transaction back
        # already brought it back with the rest)
        db.execute_sql(_sqlite_trigger(table, action))
    db.execute_sql(_bump(table))


def track_untracked(db: peewee.Database) -> list[str]:
    """Count the changes of every table that has no counter triggers yet (a table made by a
    migration after ``data_change_counters``); run after the migrations of an upgrade.
    Tables already counted are left alone (no DDL on them). Nothing before the counters
    exist. Returns the tables it took on."""
    if "data_change" not in db.get_tables():
        return []
    if isinstance(db, peewee.SqliteDatabase):
        rows = db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                              "AND name LIKE '%\\_data\\_change\\_insert' ESCAPE '\\'").fetchall()
        tracked = {name[: -len("_data_change_insert")] for (name,) in rows}
    else:
        rows = db.execute_sql("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                              "AND tgname LIKE '%%\\_data\\_change' ESCAPE '\\'").fetchall()
        tracked = {name[: -len("_data_change")] for (name,) in rows}
    taken = [table for table in db.get_tables()
             if table not in tracked and table not in _UNTRACKED
             and not table.startswith(_UNTRACKED_PREFIXES)]
    for table in taken:
        track_changes(db, table)
    return taken
