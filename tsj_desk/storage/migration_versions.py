"""Migration: the version of every record a user edits (``storage.versions``).

A request, a premise, an ownership, a meter, a reading, the organisation (the
settings' details) and a house get ``version INTEGER NOT NULL DEFAULT 1``: the rows
already there start at 1. A save whose version moved since its card was read is refused, so two PCs sharing a
server base never overwrite each other's work unseen. The same DDL on SQLite and
PostgreSQL; a column already in place is kept.
"""

from __future__ import annotations

import peewee

TABLES = ("request", "premise", "ownership", "meter", "reading", "organization", "house")


def add_record_versions(db: peewee.Database) -> None:
    for table in TABLES:
        if "version" not in {column.name for column in db.get_columns(table)}:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1')
