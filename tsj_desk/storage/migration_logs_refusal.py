"""Migration: on PostgreSQL the append-only logs refuse a change as an integrity violation.

The triggers of migrations 5 and 10 keep the change log (``audit_entry``) and the
disclosure log (``disclosure``) append-only on both engines. SQLite's ``RAISE(ABORT)``
reaches the program as an ``IntegrityError``; PostgreSQL's plain ``RAISE EXCEPTION`` as a
``P0001`` error of no class the program knows. The trigger functions are made again to
raise SQLSTATE 23001 (restrict_violation): an ``IntegrityError`` on both engines, with the
same words. Nothing to do on SQLite."""

from __future__ import annotations

import peewee

REFUSALS = (("audit_entry_append_only", "audit log is append-only"),
            ("disclosure_append_only", "disclosure log is append-only"))


def logs_refuse_as_integrity(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        return
    for function, message in REFUSALS:
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END; $$ "
            "LANGUAGE plpgsql")
