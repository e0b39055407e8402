"""«Проверить базу»: the full check of the base file and of the changes it must hold,
with what to do when something is wrong (the window's button, ``tsj-desk check``).

A base is damaged when its file is empty or truncated, fails ``integrity_check`` or
``foreign_key_check``; it lost changes when it holds fewer than were recorded as
committed to it (``storage.changes``: its ``-wal`` deleted, or the file replaced by an
older copy). Either way the newest copy of this base that passes every check of a
restore is named with its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tsj_desk.services.backups import BackupInfo, current_database_path, newest_good_backup
from tsj_desk.storage import changes
from tsj_desk.storage.backup import CheckResult, check_file
from tsj_desk.storage.changes import LostChanges


def copy_named(backup: BackupInfo) -> str:
    """«tsj-20261123-180000-exit-….sqlite3» от 23.11.2026 18:00"""
    return f"«{backup.path.name}» от {backup.made_at:%d.%m.%Y %H:%M}"


def lost_changes_advice(lost: LostChanges, good: BackupInfo | None) -> str:
    """What to do about a base that lost changes, naming the newest good copy."""
    if good is None:
        return ("Исправных резервных копий этой базы не найдено: продолжайте работу с базой как "
                "есть и внесите потерянные изменения заново.")
    held = changes.read_base(good.path)
    more = (" — в ней есть изменения, которых нет в базе"
            if held is not None and held.changes > lost.present.changes else "")
    return (f"Последняя исправная резервная копия: {copy_named(good)}{more}. Восстановите базу "
            "из неё (страница «Резервные копии» или команда «tsj-desk restore») либо продолжайте "
            "работу с базой как есть и внесите потерянные изменения заново.")


def damage_advice(good: BackupInfo | None) -> str:
    if good is None:
        return ("Исправных резервных копий этой базы не найдено. Не вносите в базу новых данных, "
                "сохраните её файл на флешку и обратитесь к специалисту.")
    return (f"Восстановите базу из последней исправной резервной копии {copy_named(good)} "
            "(страница «Резервные копии» или команда «tsj-desk restore»).")


@dataclass(frozen=True)
class BaseCheck:
    """The verdict on the base file, the changes it lost, the copy to restore."""

    path: Path
    verdict: CheckResult
    lost: LostChanges | None
    good: BackupInfo | None  # looked for only when something is wrong

    @property
    def ok(self) -> bool:
        return self.verdict.ok and self.lost is None

    def describe(self) -> str:
        if self.ok:
            return self.verdict.describe()
        parts = []
        if not self.verdict.ok:
            parts.append(self.verdict.describe())
        if self.lost is not None:
            parts.append(self.lost.describe())
        if not self.verdict.ok:
            parts.append(damage_advice(self.good))
        else:
            parts.append(lost_changes_advice(self.lost, self.good))
        return "\n".join(parts)


def check_base(db_path: Path | None = None) -> BaseCheck:
    """The full check of the base at ``db_path`` (default: the open one); nothing changed.
    The records of its changes are read before the base (see ``storage.changes``)."""
    db_path = Path(db_path) if db_path else current_database_path()
    lost = changes.lost_changes(db_path)
    verdict = check_file(db_path)
    good = None
    if not verdict.ok or lost is not None:
        good = newest_good_backup(db_path)
    return BaseCheck(db_path, verdict, lost, good)


def take_base_as_is(db_path: Path | None = None) -> None:
    """The user keeps working with a base that lost changes: what it holds now becomes
    the record, and the loss is not told again."""
    changes.note_base(Path(db_path) if db_path else current_database_path())
