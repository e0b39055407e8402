"""The base's change counter, and where it is recorded outside the base, to tell a base
that lost committed changes: its ``-wal`` deleted while changes were still only there,
or the file replaced by an older copy of itself.

The counter is the id of the newest entry of the change log (``audit_entry``): every
change of the data writes one in the transaction of the change, and the log refuses
UPDATE and DELETE, so the counter only grows and moves with every committed change.
It is recorded outside the base:

- in the lock file (``storage.lock``), by the session holding the lock: when the base
  is opened, after every committed change (``committed`` tells the listeners) and at
  every heartbeat;
- in a small file beside the base, ``<base>.changes`` (the *sidecar*), at each clean
  close, after a restore and when the user takes the base as it is.

A lock left by a program that did not close cleanly is newer than the sidecar; a clean
close removes the lock. The newer of the two records (by the time its file was written)
is how many changes the base must have at least: ``lost_changes`` compares it with the
base. The lost changes cannot be brought back, but the user is told and offered a copy.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import peewee

from tsj_desk.domain.errors import DatabaseProblem

SIDECAR_SUFFIX = ".changes"
_MAX_SIDECAR = 4096


@dataclass(frozen=True)
class Record:
    """How many changes a base of this id had when the record was written."""

    base_id: str | None
    changes: int
    source: str  # "lock" or "sidecar"


@dataclass(frozen=True)
class BaseChanges:
    """What the base file itself holds: its id, its counter, its newest change."""

    base_id: str | None
    changes: int
    last_change: datetime | None


@dataclass(frozen=True)
class LostChanges:
    """A base that has fewer changes than were recorded as committed to it."""

    base: Path
    recorded: Record
    present: BaseChanges

    @property
    def missing(self) -> int:
        return self.recorded.changes - self.present.changes

    def describe(self) -> str:
        from tsj_desk.domain.text import counted

        after = (f"после {self.present.last_change:%d.%m.%Y %H:%M}"
                 if self.present.last_change else "после её создания")
        short = counted(self.missing, "изменения", "изменений", "изменений")
        return (f"В базе «{self.base.name}» нет изменений, сделанных {after} (не хватает "
                f"{short}): программа их сохранила, а в файле базы их нет. Вероятно, удалён "
                f"файл журнала «{self.base.name}-wal» (или файл базы заменён старой копией), "
                "когда программа не была закрыта как следует. Вернуть эти изменения из файла "
                "базы нельзя.")


# ---------------------------------------------------------------- the counter in the base


def count(db: peewee.Database) -> int | None:
    """The counter of an open base (None: a schema without the change log)."""
    try:
        row = db.execute_sql('SELECT max("id") FROM "audit_entry"').fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError, DatabaseProblem):
        return None
    return int(row[0] or 0)


def base_id(db: peewee.Database) -> str | None:
    """The id of an open base (setting ``base.id``; None before it existed)."""
    try:
        row = db.execute_sql('SELECT "value" FROM "setting" WHERE "key" = ?',
                             ("base.id",)).fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError, DatabaseProblem):
        return None
    return str(row[0]) if row and row[0] else None


def read_base(path: Path) -> BaseChanges | None:
    """The id, counter and newest change of the base file at ``path``, read without
    changing it (None when it cannot be read or has no change log)."""
    from tsj_desk.storage.backup import file_problem, read_only_uri

    if file_problem(path) is not None:
        return None
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            newest = connection.execute(
                'SELECT "id", "at" FROM "audit_entry" ORDER BY "id" DESC LIMIT 1').fetchone()
            try:
                found = connection.execute('SELECT "value" FROM "setting" WHERE "key" = ?',
                                           ("base.id",)).fetchone()
            except sqlite3.DatabaseError:
                found = None
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    last = None
    if newest is not None:
        try:
            last = datetime.fromisoformat(str(newest[1]))
        except ValueError:
            last = None
    return BaseChanges(str(found[0]) if found and found[0] else None,
                       int(newest[0]) if newest else 0, last)


# ---------------------------------------------------------------- records outside the base


def sidecar_path(base: Path) -> Path:
    base = Path(base)
    return base.with_name(base.name + SIDECAR_SUFFIX)


def write_sidecar(base: Path, base_id: str | None, changes: int) -> None:
    """Record the base's counter beside it (0600, written whole or not at all)."""
    from tsj_desk.private_files import private_output

    target = sidecar_path(base)
    payload = json.dumps({"base": base_id, "changes": int(changes)}).encode("ascii")
    with private_output(target) as temp:
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())


def _read_json(path: Path) -> dict | None:
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read(_MAX_SIDECAR).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _written(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def recorded(base: Path) -> Record | None:
    """The newest record of the base's counter: the lock's (its holder is alive, or was
    not closed cleanly) when it was written after the sidecar, else the sidecar's."""
    from tsj_desk.storage.lock import lock_path, read_holder

    base = Path(base)
    side, side_at = sidecar_path(base), _written(sidecar_path(base))
    lock, lock_at = lock_path(base), _written(lock_path(base))
    if lock_at is not None and (side_at is None or lock_at > side_at):
        holder = read_holder(lock)
        if holder is not None and holder.changes is not None:
            return Record(holder.base_id, holder.changes, "lock")
    if side_at is None:
        return None
    data = _read_json(side)
    if data is None:
        return None
    try:
        changes = int(data["changes"])
    except (KeyError, TypeError, ValueError):
        return None
    found = data.get("base")
    return Record(str(found) if found else None, changes, "sidecar")


def lost_changes(base: Path) -> LostChanges | None:
    """The changes recorded as committed to the base that its file does not have (None
    when it has them all, or nothing was recorded for this base). The records are read
    before the base: a holder writing meanwhile only records what the base already has."""
    base = Path(base)
    record = recorded(base)
    if record is None:
        return None
    present = read_base(base)
    if present is None or present.base_id is None or present.base_id != record.base_id:
        return None  # unreadable (the damage check tells), or another base now in the file
    if present.changes >= record.changes:
        return None
    return LostChanges(base, record, present)


def note_base(base: Path) -> BaseChanges | None:
    """Record in the sidecar what the base file has now (after a restore, or when the
    user takes the base as it is); returns it."""
    present = read_base(base)
    if present is not None:
        write_sidecar(base, present.base_id, present.changes)
    return present


# ---------------------------------------------------------------- telling the session


_listeners: list[Callable[[peewee.Database], None]] = []


def listen(listener: Callable[[peewee.Database], None]) -> None:
    """Call ``listener(db)`` after every commit of a transaction that changed ``db``'s
    data (wrote an entry of the change log)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _tell(db: peewee.Database) -> None:
    for listener in list(_listeners):
        try:
            listener(db)
        except Exception:  # a record that cannot be written never undoes the change
            pass


class _AfterCommit:
    """One call of the listeners after the transaction commits, however many entries it
    wrote (equal for the same database, so it is queued once)."""

    def __init__(self, db: peewee.Database):
        self.db = db

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _AfterCommit) and other.db is self.db

    __hash__ = None  # type: ignore[assignment]

    def __call__(self) -> None:
        _tell(self.db)


def committed(db: peewee.Database | peewee.DatabaseProxy) -> None:
    """An entry of the change log was written: the listeners are told once the
    transaction commits (at once when there is none); nothing on a rollback."""
    if not _listeners:
        return
    if isinstance(db, peewee.DatabaseProxy):
        db = db.obj
        if db is None:
            return
    callback = _AfterCommit(db)
    try:
        if db.transaction_depth() and callback in db._state.commit_callbacks:
            return
        db.after_commit(callback)
    except (ValueError, AttributeError):
        pass  # a manual transaction: the next heartbeat records the counter
