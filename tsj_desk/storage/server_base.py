"""A base on a PostgreSQL server: what the program asks of the server itself.

The file of a SQLite base answers such questions by its existence and its header; a
server base is asked by queries."""

from __future__ import annotations

import peewee

from tsj_desk.domain.errors import DatabaseProblem

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")


def server_tables(db: peewee.Database) -> list[str]:
    """The tables of every user schema of the connected server base («schema.table»)."""
    rows = db.execute_sql(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') "
        "AND table_schema NOT LIKE 'pg\\_%%' ORDER BY 1, 2").fetchall()
    return [f"{schema}.{name}" for schema, name in rows]


ENTERED = ("organization", "house", "premise", "person", "request")
"""Tables that hold what an office entered: a base whose are all empty holds no data."""


def refuse_filled(url: str) -> None:
    """``DatabaseProblem`` when the server base at ``url`` holds anything: demo data go
    only into an empty base — no table at all, or this program's schema with nothing
    entered yet (a base ``tsj-desk server init`` just made) — and a filled one is left as
    it is."""
    from tsj_desk.storage.database import close_database, open_database, shown_target

    db = open_database(url, migrate=False)  # an unreachable server: DatabaseProblem
    try:
        tables = server_tables(db)
        filled = bool(tables) and not _schema_without_data(db, tables)
    finally:
        close_database()
    if filled:
        raise DatabaseProblem(
            f"База «{shown_target(url)}» на сервере не пуста: демонстрационные данные "
            "записываются только в пустую базу, и эта база не изменена. Создайте на сервере "
            "для демонстрации новую пустую базу и укажите её.")


def _schema_without_data(db: peewee.Database, tables: list[str]) -> bool:
    names = {table.split(".", 1)[1] for table in tables if table.startswith("public.")}
    if "schema_version" not in names or not set(ENTERED) <= names:
        return False
    return not any(db.execute_sql(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone()
                   for table in ENTERED)


def _plain(value):
    """A NUMERIC as SQLite gives it back: 45.3 and 60, not 45.30 and 60.00 (the column's
    scale); the same value, the same text wherever it is shown or compared."""
    if not value.is_finite():
        return value
    if value == value.to_integral_value():
        return value.quantize(1)
    return value.normalize()


def plain_numbers(connection) -> None:
    """Make ``connection`` (psycopg) read NUMERIC columns as ``_plain`` values."""
    from psycopg.types.numeric import NumericBinaryLoader, NumericLoader

    class PlainNumeric(NumericLoader):
        def load(self, data):
            return _plain(super().load(data))

    class PlainBinaryNumeric(NumericBinaryLoader):
        def load(self, data):
            return _plain(super().load(data))

    connection.adapters.register_loader("numeric", PlainNumeric)
    connection.adapters.register_loader("numeric", PlainBinaryNumeric)


def read_like_sqlite(db: peewee.Database) -> peewee.Database:
    """A server database whose every connection reads values as a SQLite base gives them
    (``plain_numbers``); another kind of database is returned as it is."""
    if not isinstance(db, peewee.PostgresqlDatabase):
        return db
    initialize = db._initialize_connection

    def initialize_connection(connection):
        initialize(connection)
        plain_numbers(connection)

    db._initialize_connection = initialize_connection
    return db
