"""Which backups to keep: the last 7 daily, 4 weekly and 12 monthly backups, plus
every safety backup (before an import, a migration or a restore) of the last 30 days.
A backup the user made by hand is never deleted automatically.

Pure: the list of backups and ``now`` are arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

DAILY = 7
WEEKLY = 4
MONTHLY = 12
SAFETY_DAYS = 30
SAFETY_TRIGGERS = frozenset({"import", "migration", "restore"})
MANUAL = "manual"


@dataclass(frozen=True)
class BackupStamp:
    name: str
    made_at: datetime
    trigger: str


def backups_to_keep(backups: Iterable[BackupStamp], now: datetime) -> set[str]:
    """Names of the backups the retention policy keeps; the rest may be deleted."""
    ordered = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep: set[str] = {b.name for b in ordered if b.trigger == MANUAL}
    automatic = [b for b in ordered if b.trigger != MANUAL]  # hand-made copies fill no bucket
    for key, limit in ((lambda b: b.made_at.date(), DAILY),
                       (lambda b: b.made_at.isocalendar()[:2], WEEKLY),
                       (lambda b: (b.made_at.year, b.made_at.month), MONTHLY)):
        seen = []
        for backup in automatic:  # newest first: the first of each bucket is its newest
            bucket = key(backup)
            if bucket in seen:
                continue
            if len(seen) == limit:
                break
            seen.append(bucket)
            keep.add(backup.name)
    cutoff = now - timedelta(days=SAFETY_DAYS)
    keep.update(b.name for b in ordered if b.trigger in SAFETY_TRIGGERS and b.made_at >= cutoff)
    return keep
