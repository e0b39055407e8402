"""The full check of the copies written without it (the copy on exit), made at the next
start off the window's thread: a copy that passes loses its «unverified» mark and joins
the retention policy; a copy that fails is removed and told (the base it was taken of
may be damaged). A copy whose disk cannot be read now keeps its mark for the next time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tsj_desk.private_files import discard
from tsj_desk.services.backups import (
    BackupInfo,
    base_identity,
    current_database_path,
    known_backups,
    prune,
    unverified_mark,
)
from tsj_desk.storage.backup import CheckCancelled, check_file


# A full check reads about 50 MB a second on a modest office PC: the copy of a base up
# to this size is checked at once (on exit, before an import), within the second the
# user may wait for it; a larger base's copy is marked unverified and checked at the
# next start.
CHECK_AT_ONCE_BYTES = 16 * 1024 * 1024


def check_fits_in_a_second(db_path: Path | None = None) -> bool:
    """Whether the full check of a copy of the base fits in a second."""
    db_path = Path(db_path) if db_path else current_database_path()
    try:
        size = db_path.stat().st_size
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            size += wal.stat().st_size
    except OSError:
        return False
    return size <= CHECK_AT_ONCE_BYTES


@dataclass(frozen=True)
class Verified:
    """What the check of the unverified copies found."""

    passed: list[BackupInfo] = field(default_factory=list)
    failed: list[tuple[BackupInfo, str]] = field(default_factory=list)  # removed, with the verdict
    waiting: list[BackupInfo] = field(default_factory=list)  # not readable now: checked next time

    def describe_failed(self) -> str:
        """«Резервная копия от 23.11.2026 18:00 (при выходе) не прошла проверку и удалена: …»"""
        lines = []
        for backup, verdict in self.failed:
            lines.append(f"Резервная копия «{backup.path.name}» от {backup.made_at:%d.%m.%Y %H:%M} "
                         f"({backup.trigger_label.split(',')[0]}) не прошла проверку и удалена. {verdict}")
        return "\n".join(lines)


def unverified_copies(db_path: Path | None = None) -> list[BackupInfo]:
    """The base's copies still waiting for their full check, oldest first."""
    return sorted((b for b in known_backups(db_path) if not b.verified), key=lambda b: b.made_at)


def verify_pending(db_path: Path | None = None, *, now: datetime,
                   cancel: threading.Event | None = None) -> Verified:
    """Check every unverified copy of the base (``integrity_check`` and
    ``foreign_key_check``), then prune the folders of the copies that passed."""
    db_path = Path(db_path) if db_path else current_database_path()
    result = Verified()
    for backup in unverified_copies(db_path):
        if cancel is not None and cancel.is_set():
            break
        try:
            verdict = check_file(backup.path, cancel=cancel)
        except CheckCancelled:  # the window closes: the mark stays for the next start
            break
        if verdict.ok:
            discard(unverified_mark(backup.path))
            result.passed.append(backup)
        elif verdict.fault is not None:  # an unreadable disk says nothing of the copy
            result.waiting.append(backup)
        else:
            backup.path.unlink(missing_ok=True)
            discard(unverified_mark(backup.path))
            result.failed.append((backup, verdict.describe()))
    if result.passed:
        base = base_identity(db_path)
        for folder in {backup.path.parent for backup in result.passed}:
            prune(folder, now=now, base=base)
    return result
