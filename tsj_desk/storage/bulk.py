"""Bulk writes for imports: one ``executemany`` per table instead of one query per row
(on PostgreSQL one ``COPY``, below).

peewee builds SQL for every ``create()`` call, which costs ~0.4 ms a row; an
import of tens of thousands of rows goes through here instead. Values are adapted
by each field's own ``db_value`` so that the stored form is what peewee stores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from datetime import date, datetime

import peewee


def _engine(model: type[peewee.Model]) -> peewee.Database:
    """The database ``model`` is bound to: the one behind the models' proxy (a proxy is an
    instance of neither engine's class, so every engine test here asks this)."""
    db = model._meta.database
    return db.obj if isinstance(db, peewee.DatabaseProxy) else db


def _adapter(db: peewee.Database):
    if isinstance(db, peewee.SqliteDatabase):
        def adapt(value: object) -> object:
            # sqlite3's default date adapters are deprecated (Python 3.12): store text as peewee does
            if isinstance(value, datetime):
                return value.isoformat(sep=" ")
            if isinstance(value, date):
                return value.isoformat()
            return value
        return adapt
    return lambda value: value


def date_binder(model: type[peewee.Model]) -> Callable[[date | None], object]:
    """How a date of ``model``'s database is bound: ISO text for SQLite (its default
    date adapter is deprecated), the ``date`` itself for the others."""
    if isinstance(_engine(model), peewee.SqliteDatabase):
        return lambda day: None if day is None else day.isoformat()
    return lambda day: day


def insert_rows(model: type[peewee.Model], fields: Sequence[str],
                rows: Iterable[Sequence[object]], *, stored_form: bool = False) -> None:
    """INSERT many rows of ``fields`` into ``model``'s table with one ``executemany``.

    ``stored_form=True``: the caller gives every value as the driver binds it (dates
    through ``date_binder``, numbers as int/float, keys as ids), so no value is converted: the
    import's hot path, where a conversion call per value would cost more than the
    INSERT itself.
    """
    db = _engine(model)
    columns = [model._meta.fields[name] for name in fields]
    # fields left out get their model default, as peewee's create() would give them
    defaults = [f for f in model._meta.sorted_fields
                if f.name not in fields and not f.primary_key and f.default is not None]
    columns += defaults
    default_values = [f.default() if callable(f.default) else f.default for f in defaults]
    adapt = _adapter(db)
    param = db.param
    sql = (f'INSERT INTO "{model._meta.table_name}" '
           f'({", ".join(chr(34) + c.column_name + chr(34) for c in columns)}) '
           f'VALUES ({", ".join([param] * len(columns))})')
    if stored_form:
        prepared = [(*row, *default_values) for row in rows] if default_values else list(rows)
    else:
        converters = [_converter(column, adapt) for column in columns]
        prepared = [[convert(value) for convert, value in zip(converters, (*row, *default_values))]
                    for row in rows]
    if not prepared:
        return
    if _copies(db):
        _copy_in(db, model._meta.table_name, [c.column_name for c in columns], prepared)
    else:
        _executemany(db, sql, prepared, model._meta.table_name, "INSERT")


def update_rows(model: type[peewee.Model], fields: Sequence[str],
                rows: Iterable[Sequence[object]]) -> None:
    """UPDATE ``fields`` of many rows by id; each row is ``(*values, id)``."""
    db = _engine(model)
    columns = [model._meta.fields[name] for name in fields]
    adapt = _adapter(db)
    param = db.param
    assignments = ", ".join(f'"{c.column_name}" = {param}' for c in columns)
    sql = f'UPDATE "{model._meta.table_name}" SET {assignments} WHERE "id" = {param}'
    converters = [_converter(column, adapt) for column in columns]
    prepared = [[convert(value) for convert, value in zip(converters, row[:-1])] + [row[-1]]
                for row in rows]
    if not prepared:
        return
    if _copies(db):
        _copy_update(db, model._meta.table_name, [c.column_name for c in columns], prepared)
    else:
        _executemany(db, sql, prepared, model._meta.table_name, "UPDATE")


_PLAIN = (peewee.TextField, peewee.IntegerField, peewee.ForeignKeyField, peewee.BooleanField,
          peewee.FloatField)


def _converter(column: peewee.Field, adapt):
    """The cheapest conversion giving what peewee would store.

    Text, numbers, keys and booleans go as they are; a DecimalField given a string
    (the import's hot path writes readings as text) goes as text, which SQLite's
    NUMERIC affinity and PostgreSQL's numeric both accept; dates are adapted.
    """
    if isinstance(column, _PLAIN):
        return lambda value: value
    if isinstance(column, (peewee.DateField, peewee.DateTimeField)):
        return lambda value: adapt(value) if isinstance(value, date) else adapt(column.db_value(value))
    if isinstance(column, peewee.DecimalField):
        return lambda value: value if value is None or isinstance(value, str) else adapt(column.db_value(value))
    return lambda value: adapt(column.db_value(value))


# from this many rows on, a bulk write sets the change counter's row trigger aside and
# counts once (``counted_once``): below it the trigger costs less than the DDL
_COUNT_ONCE_FROM = 500


def _executemany(db: peewee.Database, sql: str, rows: list, table: str, action: str) -> None:
    from tsj_desk.storage.migration_data_change import counted_once

    with _translated():
        if len(rows) < _COUNT_ONCE_FROM:
            db.cursor().executemany(sql, rows)
            return
        with counted_once(db, table, action):
            db.cursor().executemany(sql, rows)


@contextmanager
def _translated():
    from tsj_desk.storage.database import translate_failure

    try:
        yield
    except Exception as exc:  # the driver's own error types
        problem = translate_failure(exc)
        if problem is None:
            raise
        raise problem from exc


# ---------------------------------------------------------------- PostgreSQL: COPY
#
# On a server every statement is a round trip: 10,000 rows at 1 ms of office network
# each would wait 10 s on the network alone. COPY streams all rows in one statement
# (psycopg sends them in large chunks), so an import's round trips do not grow with
# its rows; an UPDATE of many rows copies them into a temporary table and updates from
# it in one statement. Statement triggers (the change counters) fire once, too.


def _copies(db: peewee.Database) -> bool:
    """Whether ``db`` takes COPY from this program (PostgreSQL through psycopg 3)."""
    return isinstance(db, peewee.PostgresqlDatabase) and hasattr(db.cursor(), "copy")


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _copy_in(db: peewee.Database, table: str, columns: Sequence[str], rows: list) -> None:
    with _translated():
        cursor = db.cursor()
        with cursor.copy(f'COPY "{table}" ({_quoted(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)


def _copy_update(db: peewee.Database, table: str, columns: Sequence[str], rows: list) -> None:
    """UPDATE ``columns`` of ``table`` by id from ``rows`` (each ``(*values, id)``)."""
    staging = f"_bulk_{table}"
    with db.atomic(), _translated():  # ON COMMIT DROP: the staging table lives in one transaction
        cursor = db.cursor()
        cursor.execute(f'CREATE TEMP TABLE "{staging}" ON COMMIT DROP AS '
                       f'SELECT {_quoted(columns)}, "id" FROM "{table}" WITH NO DATA')
        with cursor.copy(f'COPY "{staging}" ({_quoted([*columns, "id"])}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        # the rows locked in the order of their ids first: two writers of overlapping rows
        # wait for one another instead of deadlocking
        cursor.execute(f'SELECT 1 FROM "{table}" WHERE "id" IN (SELECT "id" FROM "{staging}") '
                       'ORDER BY "id" FOR UPDATE')
        assignments = ", ".join(f'"{c}" = s."{c}"' for c in columns)
        cursor.execute(f'UPDATE "{table}" AS t SET {assignments} FROM "{staging}" AS s '
                       f'WHERE t."id" = s."id"')
        cursor.execute(f'DROP TABLE "{staging}"')


SQLITE_CHUNK = 500  # ids to a statement on SQLite: a statement of modest length


def id_list(ids: Iterable[int]) -> peewee.SQL:
    """``(1, 2, 3)`` written into the statement, for ``field.in_(id_list(ids))``: the ids
    are whole numbers (``int`` of each, nothing else can get in), and peewee would compile
    a parameter per value — 2.5 s for the 100,000 ids of a large import, 0.1 s for a
    house's 600 meters, more than the query itself."""
    return peewee.SQL("(" + ", ".join(str(int(i)) for i in ids) + ")")


def id_chunks(ids: Sequence[int], db: peewee.Database | None = None) -> Iterable[Sequence[int]]:
    """``ids`` in parts, one query each: on PostgreSQL all of them in one part (one round
    trip whatever the import's size: the server takes 65,535 parameters to a statement and
    10,000 ids compile in milliseconds), on SQLite parts of ``SQLITE_CHUNK``."""
    from tsj_desk.storage.database import database

    db = database.obj if db is None else db
    size = SQLITE_CHUNK if isinstance(db, peewee.SqliteDatabase) else 60_000
    return (ids[start:start + size] for start in range(0, len(ids), size))


# ---------------------------------------------------------------- PostgreSQL: pipeline


def pipelines(db: peewee.Database) -> bool:
    """Whether ``db`` sends statements in a pipeline (PostgreSQL through psycopg 3)."""
    return isinstance(db, peewee.PostgresqlDatabase) and hasattr(db.connection(), "pipeline")


@contextmanager
def pipeline(db: peewee.Database):
    """Statements run inside go to the server without waiting for one another's answers
    (psycopg's pipeline mode): 300 statements cost one round trip instead of 300. Each
    statement's cursor has its ``rowcount`` once the block has ended, and a failure of any
    of them is raised at its end. Elsewhere (SQLite) a plain block."""
    if not pipelines(db):
        yield
        return
    with _translated(), db.connection().pipeline():
        yield
