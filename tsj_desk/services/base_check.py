"""«Проверить базу»: the full check of the base file and of the changes it must hold,
with what to do when something is wrong (the window's button, ``tsj-desk check``).

A base is damaged when its file is empty or truncated, fails ``integrity_check`` or
``foreign_key_check``; it lost changes when it holds fewer than were recorded as
committed to it (``storage.changes``: its ``-wal`` deleted, or the file replaced by an
older copy). Either way the newest copy of this base that passes every check of a
restore is named with its date.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tsj_desk.services.backups import BackupInfo, current_database_path, newest_good_backup
from tsj_desk.storage import changes
from tsj_desk.storage.backup import CheckResult, check_file
from tsj_desk.storage.changes import LostChanges

if TYPE_CHECKING:
    from tsj_desk.services.backup_verification import Verified


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


@dataclass(frozen=True)
class StartCheck:
    """The checks the window makes in the background once it is shown: the quick check
    of the base and the full check of the copies written on exit without it."""

    path: Path
    verdict: CheckResult
    good: BackupInfo | None  # looked for only when the base is damaged
    copies: "Verified"

    @property
    def damaged(self) -> bool:
        return not self.verdict.ok and self.verdict.fault is None

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.copies.failed

    def describe(self) -> str:
        """What was found and what to do, for the notice (empty when all is well)."""
        parts = []
        if self.damaged:
            parts += ["Проверка базы после запуска нашла повреждение. " + self.verdict.describe(),
                      damage_advice(self.good)]
        if self.copies.failed:
            parts.append(self.copies.describe_failed())
            if not self.damaged:
                parts.append("Копия снимается с базы страница за страницей, поэтому, вероятно, "
                             "повреждена сама база: на странице «Резервные копии» нажмите "
                             "«Проверить базу». Пока база не проверена, не вносите в неё новых данных.")
        return "\n\n".join(parts)


def check_at_start(db_path: Path | None = None, *, now: datetime,
                   cancel: threading.Event | None = None) -> StartCheck:
    """``quick_check`` and ``foreign_key_check`` of the base, then the full check of its
    unverified copies (``services.backup_verification``); nothing in the base changed."""
    from tsj_desk.services.backup_verification import verify_pending

    db_path = Path(db_path) if db_path else current_database_path()
    verdict = check_file(db_path, quick=True, cancel=cancel)  # CheckCancelled: the window closes
    copies = verify_pending(db_path, now=now, cancel=cancel)
    good = None
    if not verdict.ok and verdict.fault is None:
        good = newest_good_backup(db_path)
    return StartCheck(db_path, verdict, good, copies)
