"""Migration: the journal's search and sort served from indexes on PostgreSQL.

SQLite has its FTS5 trigram table (migration 6) and its own index order; on
PostgreSQL the journal's substring filter scanned every request and its sort on the
answer day sorted them all. This migration gives PostgreSQL:

- the ``pg_trgm`` extension and a GIN trigram index over ``request.search_key``, which
  serves the journal's ``LIKE '%…%'`` for a needle of three characters and more. Where
  the server's role may not create the extension (and nobody created it), the migration
  goes on without the index: the journal still finds everything, only slower, and
  ``search_index_missing`` lets the window say so once;
- indexes whose order is the journal's order with the request id as the tie-break,
  NULLs where SQLite puts them (first when ascending), so that a page of the journal
  sorted by the answer day or the deadline walks an index instead of sorting every
  request. SQLite's single-column indexes end with the rowid already;
- the planner's cost of a random read lowered for the base (``_random_reads_cheap``).

The DDL is written out here; nothing is created from today's models.
"""

from __future__ import annotations

import logging

import peewee

log = logging.getLogger(__name__)

TRIGRAM_INDEX = "request_search_key_trgm"

SLOWER_SEARCH = ("На сервере нет расширения pg_trgm, и создать его не разрешено: поиск в журнале "
                 "обращений работает, но медленнее. Чтобы ускорить его, попросите администратора "
                 "сервера создать в базе расширение pg_trgm.")

# index name → its columns, in the journal's order (NULLs first when ascending, as SQLite)
_SORT_INDEXES = {
    "request_received_id": '"received_at", "id"',
    "request_due_id": '"due_date", "id"',
    "request_answered_id": '"answered_on" NULLS FIRST, "id"',
}


def request_search_trigram(db: peewee.Database) -> None:
    if isinstance(db, peewee.SqliteDatabase):
        return  # the FTS5 trigram table and rowid-ended indexes serve SQLite
    for name, columns in _SORT_INDEXES.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "request" ({columns})')
    create_trigram_index(db)
    _random_reads_cheap(db)


def _random_reads_cheap(db: peewee.Database) -> None:
    """Tell the planner of this base that reading a page out of order costs little more
    than reading the next one (``random_page_cost`` 1.1, as for any SSD or a base held
    in memory; the default 4 dates from spinning disks). With the default, a search
    matching one request in seven read all 100,000 requests (0.2–0.3 s) instead of the
    trigram index's matches (0.03 s). Set for the base, so every session of every PC
    has it; where the role may not (not the base's owner), the base keeps the default."""
    try:
        with db.atomic():
            db.execute_sql("DO $$ BEGIN EXECUTE format("
                           "'ALTER DATABASE %%I SET random_page_cost = 1.1', current_database()); END $$")
    except peewee.DatabaseError as exc:
        log.warning("random_page_cost of the base left as it was: %s", exc)
        return
    db.execute_sql("SET random_page_cost = 1.1")  # this session too (the setting is for new ones)


def create_trigram_index(db: peewee.Database) -> bool:
    """The trigram index over the search keys (and ``pg_trgm`` if it is missing and may be
    created); False where the extension is neither there nor allowed. Runs in a savepoint,
    so a refusal leaves the surrounding transaction usable."""
    if not _has_extension(db):
        try:
            with db.atomic():  # a savepoint inside the migration's transaction
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except peewee.DatabaseError as exc:
            log.warning("pg_trgm not available, the journal search goes without its index: %s", exc)
            return False
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{TRIGRAM_INDEX}" ON "request" '
                   'USING gin ("search_key" gin_trgm_ops)')
    return True


def _has_extension(db: peewee.Database) -> bool:
    return db.execute_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").fetchone() is not None


def search_index_missing(db: peewee.Database) -> bool:
    """A PostgreSQL base whose journal search has no trigram index (the extension was
    not allowed): the search scans every request."""
    if isinstance(db, peewee.SqliteDatabase):
        return False
    found = db.execute_sql("SELECT 1 FROM pg_indexes WHERE indexname = %s",
                           (TRIGRAM_INDEX,)).fetchone()
    return found is None
