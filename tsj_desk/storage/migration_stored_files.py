"""The migration that brings the documents into the base: a table ``stored_file`` holds
every file the program keeps (the request's attachments and letters, the acts, the
user's templates), so each PC of an office opens each document, whatever PC made it.

Before it, attachments lay in the data folder of the PC that registered the request
(``attachment.stored_name``, relative to ``<data folder>/attachments``) and acts where
the user saved them (``act.file_name``, an absolute path of that PC). The migration
reads each file the old rows point at and stores it; a file that is not on this PC
(or too big to keep) is kept as a flagged reference: a ``stored_file`` row without
content whose ``missing_path`` names where it was, for the PC that has it to bring it
in when the document is opened there. The old columns stay as they were.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

import peewee

from tsj_desk.storage.stored_file_limits import MAX_FILE_BYTES

# ``stored_file.kind``
ATTACHMENT, LETTER, ACT, TEMPLATE = "attachment", "letter", "act", "template"


def _ddl(db: peewee.Database) -> list[str]:
    sqlite = isinstance(db, peewee.SqliteDatabase)
    key = '"id" INTEGER NOT NULL PRIMARY KEY' if sqlite else '"id" SERIAL NOT NULL PRIMARY KEY'
    moment = "DATETIME" if sqlite else "TIMESTAMP"
    blob = "BLOB" if sqlite else "BYTEA"
    # the content last: reading a row's other columns never walks a large value's pages
    statements = [
        f'CREATE TABLE IF NOT EXISTS "stored_file" ({key}, "kind" TEXT NOT NULL, "name" TEXT NOT NULL, '
        f'"size" INTEGER NOT NULL, "sha256" TEXT NOT NULL, "created_at" {moment} NOT NULL, '
        f'"created_by" TEXT NOT NULL, "missing_path" TEXT, "content" {blob})',
        'CREATE INDEX IF NOT EXISTS "stored_file_kind_name" ON "stored_file" ("kind", "name")',
    ]
    for table in ("attachment", "act"):
        present = {column.name for column in db.get_columns(table)}
        if "stored_file_id" not in present:
            statements.append(f'ALTER TABLE "{table}" ADD COLUMN "stored_file_id" INTEGER '
                              'REFERENCES "stored_file" ("id") ON DELETE SET NULL')
        statements.append(f'CREATE INDEX IF NOT EXISTS "{table}_stored_file_id" '
                          f'ON "{table}" ("stored_file_id")')
    return statements


def _attachments_folder() -> Path:
    """Where the attachments of the old layout lay: ``<data folder>/attachments``."""
    from tsj_desk.services.session import data_dir

    return data_dir() / "attachments"


def _read_old(path: Path) -> bytes | None:
    """The bytes of an old file; None when it is not on this PC, cannot be read or is
    over the bound (the reference is kept, flagged, for the PC that has it)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _store(db: peewee.Database, kind: str, name: str, path: Path, made: datetime,
           known_sha: str = "") -> int:
    data = _read_old(path)
    if data is None:
        values = (kind, name, 0, known_sha, made, "", str(path), None)
    else:
        values = (kind, name, len(data), hashlib.sha256(data).hexdigest(), made, "", None, data)
    marks = ", ".join([db.param] * len(values))
    sql = ('INSERT INTO "stored_file" ("kind", "name", "size", "sha256", "created_at", "created_by", '
           f'"missing_path", "content") VALUES ({marks})')
    if isinstance(db, peewee.SqliteDatabase):
        return db.execute_sql(sql, values).lastrowid
    return db.execute_sql(sql + ' RETURNING "id"', values).fetchone()[0]


def _as_moment(value) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def migrate_stored_files(db: peewee.Database) -> None:
    """Create ``stored_file``, link attachments and acts to it and bring their files in."""
    for statement in _ddl(db):
        db.execute_sql(statement)
    p = db.param
    folder = _attachments_folder()
    for row_id, file_name, stored_name, sha, added_at in db.execute_sql(
            'SELECT "id", "file_name", "stored_name", "sha256", "added_at" FROM "attachment" '
            'WHERE "stored_file_id" IS NULL ORDER BY "id"').fetchall():
        if not stored_name:
            continue
        file_id = _store(db, ATTACHMENT, file_name, folder / stored_name, _as_moment(added_at), sha or "")
        db.execute_sql(f'UPDATE "attachment" SET "stored_file_id" = {p} WHERE "id" = {p}', (file_id, row_id))
    for row_id, file_name, updated_at in db.execute_sql(
            'SELECT "id", "file_name", "updated_at" FROM "act" '
            'WHERE "stored_file_id" IS NULL ORDER BY "id"').fetchall():
        if not file_name:
            continue
        name = re.split(r"[\\/]", file_name)[-1] or file_name  # a Windows path read anywhere
        file_id = _store(db, ACT, name, Path(file_name), _as_moment(updated_at))
        db.execute_sql(f'UPDATE "act" SET "stored_file_id" = {p} WHERE "id" = {p}', (file_id, row_id))
