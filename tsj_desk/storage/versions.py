"""No lost update when several PCs share one base.

Every record a user edits (a request, a premise, an ownership, a meter, a reading, the
organisation and a house: the settings' details) carries a ``version``, 1 when made. A
save writes only if the version is still the one read, and moves it on, in one statement
(``UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?``): of two PCs
that read the same version, the first save wins and the second is refused with
``ChangedElsewhere``, whose message names the record, who saved it last and when
(``services.changed_elsewhere``). On PostgreSQL the second UPDATE waits for the first
transaction and then finds the version moved: no lost update at READ COMMITTED.

``VersionedRow`` puts this into ``Model.save()`` of the versioned models, so every
service that reads a record and saves it is guarded; ``guarded_update`` does the same
for an UPDATE by id; ``expect`` refuses a save whose card was read at an older version.

PostgreSQL may also abort a transaction for a deadlock or a serialization failure;
``retried`` runs a service's transaction again a few times before telling the user.
``lock_houses`` serialises the imports of one house (a register, readings) on a
server with a transaction-scoped advisory lock; SQLite's one writer does it there.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

import peewee

from tsj_desk.domain.errors import ChangedElsewhere, DatabaseProblem
from tsj_desk.storage.database import database

VERSIONED_TABLES = ("request", "premise", "ownership", "meter", "reading", "organization",
                    "house")

RETRIED_STATES = {"40001": "serialization", "40P01": "deadlock"}
ATTEMPTS = 4
GAVE_UP = ("Сервер базы несколько раз подряд отклонил действие: в это же время те же записи "
           "изменяли с другого компьютера. Изменения не сохранены — повторите действие.")

# the first key of the advisory locks of this program: "TSJ" in ASCII
LOCK_CLASS = 0x54534A
LOCK_KINDS = {"registry": 1, "readings": 2}


def version_field() -> peewee.IntegerField:
    """The ``version`` column as the migration makes it (NOT NULL DEFAULT 1)."""
    return peewee.IntegerField(default=1, constraints=[peewee.SQL("DEFAULT 1")])


def is_postgres(db: peewee.Database | None = None) -> bool:
    db = db if db is not None else database.obj
    return isinstance(db, peewee.PostgresqlDatabase)


def refusal(table: str, row_id: object, *, hint: str | None = None) -> ChangedElsewhere:
    """The refusal of a save of ``table``'s row ``row_id``, in the user's words."""
    from tsj_desk.services.changed_elsewhere import refusal as build

    return build(table, row_id, hint=hint)


class VersionedRow:
    """Mixin of a model with a ``version`` field (put before ``BaseModel``): ``save()``
    of a row read from the base writes only if nobody saved it since it was read, and
    moves its version on; otherwise ``ChangedElsewhere``. Inserts are untouched."""

    _expected_version: int | None = None

    def save(self, force_insert: bool = False, only=None):
        if force_insert or self._pk is None:
            return super().save(force_insert=force_insert, only=only)
        model = type(self)
        expected = self.version
        if only is not None:
            only = [*only, model.version]
        if expected is None:  # read without its version (a partial select): moved on unguarded
            self.version = model.version + 1
            try:
                return super().save(only=only)
            finally:
                self.version = None
        self.version = expected + 1
        self._expected_version = expected
        try:
            rows = super().save(only=only)
        except BaseException:
            self.version = expected
            raise
        finally:
            self._expected_version = None
        if not rows:
            self.version = expected
            raise refusal(model._meta.table_name, self._pk)
        return rows

    def _pk_expr(self):
        condition = super()._pk_expr()
        if self._expected_version is None:
            return condition
        return condition & (type(self).version == self._expected_version)


def expect(record: peewee.Model, version: int | None) -> None:
    """Refuse at once when the card was read at ``version`` and the record has moved
    since (None: the caller read no version — the save's own guard still holds)."""
    if version is not None and record.version != version:
        raise refusal(type(record)._meta.table_name, record._pk)


def guarded_update(model: type[peewee.Model], row_id: object, expected: int | None, /,
                   **values: object) -> None:
    """UPDATE ``values`` of one row by id, moving its version on; refused
    (``ChangedElsewhere``) when its version is no longer ``expected`` or it is gone.
    ``expected`` None: only a missing row is refused."""
    query = model.update(**values, version=model.version + 1).where(
        model._meta.primary_key == row_id)
    if expected is not None:
        query = query.where(model.version == expected)
    if not query.execute():
        raise refusal(model._meta.table_name, row_id)


def bump(model: type[peewee.Model], ids: Iterable[object]) -> int:
    """Move on the versions of these rows (changed by a bulk write): a card read before
    is refused at its save. Returns how many rows were there."""
    ids = sorted(set(ids))
    done = 0
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        done += model.update(version=model.version + 1).where(
            model._meta.primary_key.in_(part)).execute()
    return done


# ---------------------------------------------------------------- conflicts of a server


def sqlstate(exc: BaseException | None) -> str | None:
    """The SQLSTATE of a PostgreSQL failure, wrapped by peewee or not (None: none)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        state = getattr(exc, "sqlstate", None)
        if isinstance(state, str):
            return state
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__ or exc.__context__
    return None


def is_conflict(exc: BaseException) -> bool:
    """A deadlock or a serialization failure: the transaction may simply be run again."""
    return sqlstate(exc) in RETRIED_STATES


def is_unique_violation(exc: BaseException) -> bool:
    """A write refused by a UNIQUE index or key, on either engine."""
    from tsj_desk.faults import sqlite_error

    error = sqlite_error(exc)
    if error is not None:
        return getattr(error, "sqlite_errorname", None) in ("SQLITE_CONSTRAINT_UNIQUE",
                                                             "SQLITE_CONSTRAINT_PRIMARYKEY")
    return sqlstate(exc) == "23505"


F = TypeVar("F", bound=Callable)


def retried(fn: F) -> F:
    """Run ``fn`` (a service whose transaction is its own) again when the server aborts
    it for a deadlock or a serialization failure, up to ``ATTEMPTS`` times with a short
    random pause; then a ``DatabaseProblem`` in plain words. Inside an outer transaction
    ``fn`` runs once: the outer one is what would have to be run again."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        db = database.obj
        if db is None or not is_postgres(db) or db.in_transaction():
            return fn(*args, **kwargs)
        for attempt in range(ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # the driver's errors, wrapped by peewee or not
                if not is_conflict(exc):
                    raise
                if attempt == ATTEMPTS - 1:
                    raise DatabaseProblem(GAVE_UP) from exc
                time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
        raise AssertionError("unreachable")

    return run  # type: ignore[return-value]


def lock_houses(kind: str, house_ids: Iterable[int | None]) -> None:
    """Inside a transaction on PostgreSQL: wait for, then hold until the commit, the
    advisory lock of each house (in the order of their ids: no deadlock between two
    imports) for imports of ``kind``. A house not made yet is lock 0. Nothing on SQLite,
    whose one writer serialises the imports already."""
    db = database.obj
    if not is_postgres(db):
        return
    for house_id in sorted({h or 0 for h in house_ids}):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s, %s)",
                       (LOCK_CLASS + LOCK_KINDS[kind], int(house_id)))


def lock_row(model: type[peewee.Model], row_id: object) -> None:
    """Inside a transaction on PostgreSQL: lock one row until the commit (SELECT … FOR
    UPDATE), so that checks made after it (the shares of a premise) see every change
    committed before and none made meanwhile. SQLite's one writer does it there."""
    db = database.obj
    if is_postgres(db):
        db.execute_sql(f'SELECT 1 FROM "{model._meta.table_name}" WHERE "id" = %s FOR UPDATE',
                       (row_id,))
