"""Temporary files that a write cut short left behind (the program killed, the computer
switched off, a disk that refused even their removal), removed when a base is opened.

Only names this program makes are touched, only in the places it makes them, and only
when they were last written some minutes ago (a file another copy is writing right now
is younger):

- beside the base: ``.tsj-XXXXXXXX.<ext>`` (an export or document being written,
  ``private_files.private_output``) and ``<base>.restore.part`` with its SQLite
  ``-journal`` and the ``.part`` of its copy (a restore being prepared,
  ``services.restore``);
- in the base's backup folders: ``<copy>.sqlite3.part`` and its ``-journal`` (a copy
  being made, ``storage.backup.backup_database``) and ``.tsj-write-test`` (the probe of
  a chosen backup folder).

The lock's own temporary files are the lock's business (``storage.lock``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from tsj_desk.private_files import TEMP_PREFIX

STALE_AFTER = timedelta(minutes=10)

# tempfile.mkstemp's names: the prefix, 8 characters of its alphabet, the target's suffix
_EXPORT = re.compile(re.escape(TEMP_PREFIX) + r"[a-z0-9_]{8}(?:\.[A-Za-z0-9]{1,8})?")
_PROBE = TEMP_PREFIX + "write-test"
_COPY_PART = re.compile(r".+-\d{8}-\d{6}-[a-z]+(?:-[0-9a-f]{8})?(?:-\d{1,3})?\.sqlite3\.part(?:-journal)?")
RESTORE_SUFFIX = ".restore.part"


def _restore_parts(db_path: Path) -> set[str]:
    prepared = db_path.name + RESTORE_SUFFIX
    return {prepared, f"{prepared}-journal", f"{prepared}.part", f"{prepared}.part-journal"}


def _stale(path: Path, now: datetime) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    if not path.is_file() or path.is_symlink():
        return False
    return datetime.fromtimestamp(info.st_mtime) <= now - STALE_AFTER


def _remove(candidates: Iterable[Path], now: datetime) -> list[Path]:
    removed = []
    for path in candidates:
        if not _stale(path, now):
            continue
        try:
            path.unlink()
        except OSError:
            continue  # open elsewhere (Windows), or the disk refuses: the next start tries again
        removed.append(path)
    return removed


def _names(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def remove_leftovers(db_path: Path, *, now: datetime,
                     backup_folders: Iterable[Path] = ()) -> list[Path]:
    """Remove the stale temporary files of this program beside the base ``db_path`` and in
    ``backup_folders``; returns what was removed."""
    db_path = Path(db_path)
    restore_parts = _restore_parts(db_path)
    beside = [p for p in _names(db_path.parent)
              if _EXPORT.fullmatch(p.name) or p.name in restore_parts]
    in_backups = []
    seen: set[Path] = set()
    for folder in backup_folders:
        folder = Path(folder)
        if folder in seen or folder == db_path.parent:
            continue
        seen.add(folder)
        in_backups += [p for p in _names(folder) if _COPY_PART.fullmatch(p.name) or p.name == _PROBE]
    return _remove(beside + in_backups, now)


def remove_base_leftovers(db_path: Path, *, now: datetime) -> list[Path]:
    """``remove_leftovers`` for the base at ``db_path``: beside it, in its backup folders
    (its own, the one chosen in its settings) and in the common ``backups`` folder where
    releases before per-base folders made their copies."""
    from tsj_desk.services import backups

    db_path = Path(db_path)
    folders = [backups.default_backup_dir(db_path), backups.default_backup_root(db_path),
               backups.backup_dir(db_path)]  # the chosen folder: read from the open base
    return remove_leftovers(db_path, now=now, backup_folders=folders)
