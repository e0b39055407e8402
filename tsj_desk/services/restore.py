"""Restoring a base from a copy.

The copy is checked before the base is touched (a sound copy of this program, of a
version it can open); a copy of another base replaces this one only when asked to
(``other_base_ok``: the window asks, the command line wants ``--other-base``). The
state before is saved as a copy of its own. The restored base is prepared beside the
base — the copy, the disclosure log entries it lacks (the law's log never goes back
in time) and the restore's entry in the change log, in one transaction — and then
written over the base in one step of SQLite's backup API.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tsj_desk import faults
from tsj_desk.domain.errors import DatabaseProblem, WriteFault
from tsj_desk.private_files import discard
from tsj_desk.services import backups
from tsj_desk.services.backups import NAME, BackupInfo, BaseIdentity
from tsj_desk.storage.backup import (
    backup_database,
    check_file,
    facts_or_none,
    read_only_uri,
    restore_database,
)


@dataclass(frozen=True)
class CopyCheck:
    """A copy that passed its checks, and the base it would replace."""

    path: Path
    made_at: datetime
    organization: str | None  # the organization in the copy
    base: BaseIdentity  # the base it would replace
    other_base: bool  # the copy was made of another base

    def describe(self) -> str:
        """«demo-20261124-090000-daily-….sqlite3» от 24.11.2026 09:00"""
        return f"«{self.path.name}» от {self.made_at:%d.%m.%Y %H:%M}"

    @property
    def copy_base(self) -> str:
        """The base the copy was made of, as messages name it."""
        organization = self.organization or "без названия организации"
        match = NAME.match(self.path.name)
        return f"{organization} (файл «{match['stem']}.sqlite3»)" if match else organization


class OtherBaseCopy(DatabaseProblem):
    """The copy belongs to another base than the one it would replace; ``check`` names both."""

    def __init__(self, message: str, check: CopyCheck):
        super().__init__(message)
        self.check = check


def _made_at(path: Path) -> datetime:
    match = NAME.match(path.name)
    if match:
        try:
            return datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        except ValueError:
            pass
    return datetime.fromtimestamp(path.stat().st_mtime)  # a copy named by hand: its file's date


def check_for_restore(backup: Path, *, db_path: Path | None = None) -> CopyCheck:
    """Check ``backup`` as a restore would (``FileProblem`` with the reason when it may
    not replace a base) and tell whether it is a copy of another base than the one at
    ``db_path`` (default: the open base). Nothing is changed."""
    backup = Path(backup)
    facts = backups.check_copy(backup)
    db_path = Path(db_path) if db_path else backups.current_database_path()
    base = backups.base_identity(db_path)
    return CopyCheck(backup, _made_at(backup), facts.organization, base,
                     _other_base(backup, facts.base_id, base))


def _other_base(backup: Path, copy_id: str | None, base: BaseIdentity) -> bool:
    if base.id is None and facts_or_none(base.path) is None:
        return False  # no base there, or a damaged one: nothing to mistake it for
    if copy_id is not None and base.id is not None:
        return copy_id != base.id
    # a copy or a base of a release before ids: the base's name in the copy's file name
    match = NAME.match(backup.name)
    return match is None or match["stem"] != base.stem


def other_base_message(check: CopyCheck) -> str:
    return (f"Копия {check.describe()} сделана из другой базы — {check.copy_base}, а не из базы "
            f"{check.base.describe()}. Если базу переносят (например, на новый компьютер), "
            "повторите команду с параметром --other-base: база будет заменена копией целиком, "
            "а её нынешнее состояние сохранится отдельной копией.")


def restore_backup(backup: Path, *, now: datetime, db_path: Path | None = None,
                   other_base_ok: bool = False) -> BackupInfo | None:
    """Restore ``backup`` over the base at ``db_path`` (default: the open one); returns the
    copy of the state before (None when the base was missing or damaged: a damaged
    file is moved aside, never written over).

    Raises ``FileProblem`` when the copy may not replace a base and ``OtherBaseCopy``
    for a copy of another base without ``other_base_ok``; the base is untouched then.
    """
    check = check_for_restore(backup, db_path=db_path)
    if check.other_base and not other_base_ok:
        raise OtherBaseCopy(other_base_message(check), check)
    backup, db_path = check.path, check.base.path
    # the entries of the law's log that the copy lacks stay; another base's log stays in
    # the copy of that base's state made below
    carried = [] if check.other_base else _disclosures_to_carry(db_path, backup)
    healthy = db_path.exists() and check_file(db_path, quick=True).ok
    safety = None
    if healthy:
        # no pruning now: it could delete the very backup being restored
        safety = backups.make_backup("restore", now=now, db_path=db_path,
                                     folder=backups.backup_dir(db_path), prune_old=False)
    prepared = db_path.with_name(db_path.name + ".restore.part")
    leftovers = (prepared, Path(f"{prepared}-journal"), Path(f"{prepared}.part"))
    discard(*leftovers)
    aside = None
    try:
        backup_database(backup, prepared)
        _write_the_logs(prepared, carried, now=now, file=backup.name, made_at=check.made_at,
                        other_base=check.other_base, saved_as=safety.path.name if safety else None)
        if db_path.exists() and not healthy:
            aside = _move_aside(db_path, now)
        restore_database(prepared, db_path)
    except (OSError, sqlite3.Error, WriteFault) as exc:
        if aside is not None:
            _put_back(aside, db_path)
        raise faults.write_fault(exc, db_path, "база не восстановлена", base=True) or DatabaseProblem(
            f"Базу не удалось восстановить: SQLite ответила «{exc}». Повторите; если ошибка не "
            "проходит, восстановите базу из другой копии.") from exc
    except BaseException:
        if aside is not None:
            _put_back(aside, db_path)
        raise
    finally:
        discard(*leftovers)  # the prepared base and its journals, whatever happened
    from tsj_desk.services import session

    session.note_base_replaced(db_path)  # fewer changes than recorded now is no loss
    return safety


def _move_aside(db_path: Path, now: datetime) -> Path:
    """A damaged base cannot be written over page by page: it is kept aside for inspection."""
    aside = db_path.with_name(f"{db_path.name}.damaged-{now:%Y%m%d-%H%M%S}")
    db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{db_path}{suffix}")
        if extra.exists():
            extra.replace(Path(f"{aside}{suffix}"))
    return aside


def _put_back(aside: Path, db_path: Path) -> None:
    """A restore that failed after moving the damaged base aside puts it back where the
    user keeps it (nothing was written in its place: ``restore_database`` removes a base
    it created and could not fill)."""
    if db_path.exists():
        return
    try:
        aside.replace(db_path)
        for suffix in ("-wal", "-shm"):
            extra = Path(f"{aside}{suffix}")
            if extra.exists():
                extra.replace(Path(f"{db_path}{suffix}"))
    except OSError:
        pass  # it stays aside under its name «….damaged-…», as a successful restore leaves it


# ---------------------------------------------------------------- the logs of the restored base


def _rows(path: Path, table: str) -> tuple[list[str], list[dict]]:
    """The columns and rows of ``table`` in a file, read without changing it (nothing
    when it cannot be read)."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
    except sqlite3.Error:
        return [], []
    try:
        cursor = connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        columns = [d[0] for d in cursor.description]
        return columns, [dict(zip(columns, row)) for row in cursor]
    except sqlite3.Error:
        return [], []
    finally:
        connection.close()


def _disclosures_to_carry(db_path: Path, backup: Path) -> list[dict]:
    """The disclosure log entries of the base that the copy lacks (made after it), with
    the columns both have; an entry keeps its request only where the copy has the same
    request (same id, same number)."""
    if not db_path.exists():
        return []
    here_columns, here = _rows(db_path, "disclosure")
    copy_columns, copied = _rows(backup, "disclosure")
    columns = [c for c in here_columns if c in copy_columns and c != "id"]
    if not here or not columns:
        return []
    compared = [c for c in columns if c != "request_id"]
    present = Counter(tuple(row[c] for c in compared) for row in copied)
    carried = []
    for row in here:
        key = tuple(row[c] for c in compared)
        if present[key]:
            present[key] -= 1
            continue
        carried.append({c: row[c] for c in columns})
    if "request_id" in columns and any(row["request_id"] is not None for row in carried):
        numbers_here = {r["id"]: r.get("reg_no") for r in _rows(db_path, "request")[1]}
        numbers_copy = {r["id"]: r.get("reg_no") for r in _rows(backup, "request")[1]}
        for row in carried:
            request = row["request_id"]
            if request is not None and (numbers_here.get(request) is None
                                        or numbers_here.get(request) != numbers_copy.get(request)):
                row["request_id"] = None
    return carried


def _write_the_logs(prepared: Path, carried: list[dict], *, now: datetime, **details: object) -> None:
    """Into the prepared base, in one transaction: the disclosure entries carried over and
    the restore's own entry in the change log."""
    from tsj_desk.services import audit
    from tsj_desk.storage.database import AppSqliteDatabase
    from tsj_desk.storage.models import AuditEntry

    db = AppSqliteDatabase(str(prepared), timeout=30)
    try:
        with db.bind_ctx([AuditEntry], bind_refs=False, bind_backrefs=False), db.atomic():
            for row in carried:
                names = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" * len(row))
                db.execute_sql(f'INSERT INTO "disclosure" ({names}) VALUES ({marks})', list(row.values()))
            audit.record("restore", "base", now=now, disclosures_carried=len(carried), **details)
    finally:
        db.close()
