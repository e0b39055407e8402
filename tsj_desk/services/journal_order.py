"""The journal's ORDER BY and its text match, written so that both engines use an index.

Empty values (no answer yet, no premise) come before the others when ascending and
after them when descending, as SQLite orders them by default. PostgreSQL's default is
the other way round, so a nullable column gets ``NULLS FIRST``/``NULLS LAST`` there,
matching the index ``request_answered_id`` (``migration_search_trigram``); a column
that is never empty gets no NULLS clause at all: with one, PostgreSQL could not use
the column's plain index and sorted every request for each page of the journal.
SQLite is given no NULLS clause either: its default is the order wanted.
"""

from __future__ import annotations

import peewee

from tsj_desk.storage.models import Request


def _nullable(column: object) -> bool:
    """Whether ``column`` may be NULL in the journal's query: a nullable column of the
    request, or any column of a table joined to it (the premise is an outer join)."""
    if isinstance(column, peewee.Field):
        return column.null or column.model is not Request
    return False  # an expression over columns that are never empty (the status order)


def journal_order(columns: tuple, descending: bool, db: peewee.Database) -> list:
    """The ORDER BY terms of ``columns`` for ``db``'s engine."""
    explicit_nulls = not isinstance(db, peewee.SqliteDatabase)
    order = []
    for column in columns:
        if explicit_nulls and _nullable(column):
            order.append(column.desc(nulls="LAST") if descending else column.asc(nulls="FIRST"))
        else:
            order.append(column.desc() if descending else column.asc())
    return order


def folded_contains(column: peewee.Field, needle: str) -> peewee.Expression:
    """``column`` contains ``needle``, both folded already (``domain.text.fold``): a
    case-sensitive LIKE, which PostgreSQL's trigram index serves as well as ILIKE and
    checks at half the cost (no case folding of every candidate row); % and _ escaped."""
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return peewee.Expression(column, peewee.OP.LIKE, f"%{escaped}%")


def slow_search_notice() -> str | None:
    """What to tell the user, once, when this base's journal search has no index to go
    by (a PostgreSQL server that did not allow ``pg_trgm``); None when it has one."""
    from tsj_desk.storage.database import database
    from tsj_desk.storage.migration_search_trigram import SLOWER_SEARCH, search_index_missing

    db = database.obj
    if db is None or isinstance(db, peewee.SqliteDatabase):
        return None
    try:
        return SLOWER_SEARCH if search_index_missing(db) else None
    except peewee.DatabaseError:
        return None
