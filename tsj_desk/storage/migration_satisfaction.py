"""Migration: how a request's satisfaction score was obtained.

``request.satisfaction`` (the score 1–5) exists since the journal's first schema; this
adds the resident's words (``satisfaction_comment``), how the score was asked
(``satisfaction_channel``: «телефон», «лично») and when (``satisfaction_at``). Scores
already given get the moment the request was closed (its «Закрыто» event), or else
nothing: the figures then count them by the day of the answer.
"""

from __future__ import annotations

import peewee

COLUMNS = (
    ("satisfaction_comment", "TEXT"),
    ("satisfaction_channel", "TEXT"),
    ("satisfaction_at", None),  # a moment: DATETIME on SQLite, TIMESTAMP elsewhere
)


def migrate_satisfaction_details(db: peewee.Database) -> None:
    moment = "DATETIME" if isinstance(db, peewee.SqliteDatabase) else "TIMESTAMP"
    present = {column.name for column in db.get_columns("request")}
    for name, kind in COLUMNS:
        if name not in present:
            kind = kind or moment
            db.execute_sql(f'ALTER TABLE "request" ADD COLUMN "{name}" {kind}')
    db.execute_sql(
        'UPDATE "request" SET "satisfaction_at" = (SELECT MAX(e."at") FROM "request_event" e '
        "WHERE e.\"request_id\" = \"request\".\"id\" AND e.\"action\" = 'Закрыто') "
        'WHERE "satisfaction" IS NOT NULL AND "satisfaction_at" IS NULL')
