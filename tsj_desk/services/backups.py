"""Backups: made before every import, migration and restore, on exit and at most
daily while the data changed; verified after writing; pruned by the retention
policy; restored from the window or the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tsj_desk.domain.errors import DatabaseProblem, FileProblem, NotFound
from tsj_desk.domain.retention import BackupStamp, backups_to_keep
from tsj_desk.storage.backup import backup_database, check_file, restore_database
from tsj_desk.storage.database import database, database_path

TRIGGER_LABELS = {
    "manual": "вручную",
    "import": "перед загрузкой",
    "migration": "перед обновлением базы",
    "restore": "перед восстановлением",
    "exit": "при выходе",
    "daily": "ежедневная",
}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<trigger>[a-z]+)\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    trigger: str
    size: int

    @property
    def trigger_label(self) -> str:
        return TRIGGER_LABELS.get(self.trigger, self.trigger)


def made_here() -> bool:
    """Whether this program makes the copies of the open base: yes for a base in a
    file; a base on a server is copied by the server's administrator."""
    return database_path() is not None


def current_database_path() -> Path:
    path = database_path()
    if path is None:
        raise DatabaseProblem("Резервные копии программа делает только для базы в файле на этом "
                              "компьютере; базу на сервере копирует администратор сервера.")
    return path


def backup_dir(db_path: Path | None = None) -> Path:
    """The backup folder: the user's choice from the settings, else ``backups`` beside the base."""
    from tsj_desk.storage.models import Setting

    row = None
    if database.obj is not None and database.obj.table_exists("setting"):
        row = Setting.get_or_none(Setting.key == "backup.folder")
    if row is not None and row.value:
        return Path(row.value)
    db_path = db_path or current_database_path()
    return db_path.parent / "backups"


def set_backup_dir(folder: Path) -> None:
    from tsj_desk.storage.models import Setting

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".tsj-write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise FileProblem(f"В папку «{folder}» нельзя записать резервную копию: {exc.strerror}.") from exc
    Setting.put("backup.folder", str(folder))


def list_backups(folder: Path | None = None, db_path: Path | None = None) -> list[BackupInfo]:
    folder = folder or backup_dir(db_path)
    if not folder.is_dir():
        return []
    result = []
    for path in folder.glob("*.sqlite3"):
        match = _NAME.match(path.name)
        if not match:
            continue
        made_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        result.append(BackupInfo(path, made_at, match["trigger"], path.stat().st_size))
    return sorted(result, key=lambda b: b.made_at, reverse=True)


def make_backup(trigger: str, *, now: datetime, folder: Path | None = None,
                db_path: Path | None = None, progress=None, prune_old: bool = True) -> BackupInfo:
    """Back up the database, verify the copy with ``integrity_check``, prune old ones."""
    db_path = Path(db_path) if db_path else current_database_path()
    folder = Path(folder) if folder else backup_dir(db_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}-{trigger}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{db_path.stem}-{stamp}-{trigger}.sqlite3".replace(
            f"-{trigger}.", f"{counter}-{trigger}.")
    try:
        backup_database(db_path, target, progress)
    except OSError as exc:
        raise FileProblem(f"Не удалось записать резервную копию в «{folder}»: {exc.strerror or exc}.") from exc
    verdict = check_file(target)
    if not verdict.ok:
        target.unlink(missing_ok=True)
        raise DatabaseProblem("Резервная копия не прошла проверку и удалена: " + verdict.describe())
    info = BackupInfo(target, now, trigger, target.stat().st_size)
    _remember_backup(db_path, now)
    if prune_old:
        prune(folder, now=now, keep_also=target)
    return info


def prune(folder: Path, *, now: datetime, keep_also: Path | None = None) -> list[Path]:
    """Delete the backups the retention policy does not keep; returns what was deleted.
    ``keep_also`` (the copy just made) is never deleted, whatever the clock says."""
    backups = list_backups(folder)
    keep = backups_to_keep([BackupStamp(str(b.path), b.made_at, b.trigger) for b in backups], now)
    if keep_also is not None:
        keep.add(str(keep_also))
    removed = []
    for backup in backups:
        if str(backup.path) not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _change_marker() -> str:
    """What changed since: the newest audit entry (every change of the data writes one)."""
    from tsj_desk.storage.models import AuditEntry

    newest = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).first()
    return str(newest.id if newest else 0)


def _remember_backup(db_path: Path, now: datetime) -> None:
    from tsj_desk.storage.models import Setting

    if database_path() != db_path or not database.obj.table_exists("setting"):
        return  # another file, or a schema from before settings existed (a migration backup)
    for key, value in (("backup.marker", _change_marker()), ("backup.last", now.isoformat())):
        Setting.put(key, value)


def backup_if_changed(trigger: str, *, now: datetime, min_interval_hours: float = 0) -> BackupInfo | None:
    """The automatic backup on exit and daily: none while nothing changed."""
    from tsj_desk.storage.models import Setting

    marker = Setting.get_or_none(Setting.key == "backup.marker")
    if marker is not None and marker.value == _change_marker():
        return None
    last = Setting.get_or_none(Setting.key == "backup.last")
    if last is not None and min_interval_hours:
        elapsed = now - datetime.fromisoformat(last.value)
        if elapsed.total_seconds() < min_interval_hours * 3600:
            return None
    return make_backup(trigger, now=now)


def newest_good_backup(db_path: Path, folder: Path | None = None) -> BackupInfo | None:
    """The newest backup that passes its check (offered when the base is damaged)."""
    folder = folder or Path(db_path).parent / "backups"
    for backup in list_backups(folder):
        if check_file(backup.path).ok:
            return backup
    return None


def restore_backup(backup: Path, *, now: datetime, db_path: Path | None = None) -> BackupInfo | None:
    """Restore ``backup`` over the database; the current state is backed up first
    (when it can be read at all)."""
    backup = Path(backup)
    verdict = check_file(backup)
    if not verdict.ok:
        raise NotFound(f"Резервная копия «{backup.name}» не прошла проверку: {verdict.describe()}")
    db_path = Path(db_path) if db_path else current_database_path()
    safety = None
    if db_path.exists() and check_file(db_path, quick=True).ok:
        folder = backup_dir(db_path) if database_path() == db_path else db_path.parent / "backups"
        # no pruning now: it could delete the very backup being restored
        safety = make_backup("restore", now=now, db_path=db_path, folder=folder, prune_old=False)
    elif db_path.exists():
        # a damaged file cannot be written over page by page: keep it aside for inspection
        aside = db_path.with_name(f"{db_path.name}.damaged-{now:%Y%m%d-%H%M%S}")
        db_path.replace(aside)
        for suffix in ("-wal", "-shm"):
            extra = Path(f"{db_path}{suffix}")
            if extra.exists():
                extra.replace(Path(f"{aside}{suffix}"))
    restore_database(backup, db_path)
    return safety


def backup_before_import(now: datetime) -> BackupInfo | None:
    """The safety copy before an import (kept 30 days); none for a server database
    or an empty one."""
    from tsj_desk.storage.models import Premise, Reading

    if not made_here():
        return None
    if not (Premise.select().exists() or Reading.select().exists()):
        return None  # nothing to lose yet
    return make_backup("import", now=now)


def default_backup_dir(db_path: Path | None = None) -> Path:
    """The ``backups`` folder beside the base: migration backups always go there, and
    a damaged base looks for its copies there."""
    return Path(db_path or current_database_path()).parent / "backups"


def known_backups(db_path: Path | None = None) -> list[BackupInfo]:
    """The copies of the chosen backup folder and of the folder beside the base,
    newest first."""
    db_path = Path(db_path) if db_path else current_database_path()
    folders = [backup_dir(db_path), default_backup_dir(db_path)]
    seen: set[Path] = set()
    result: list[BackupInfo] = []
    for folder in folders:
        try:
            key = folder.resolve()
        except OSError:
            key = folder
        if key in seen:
            continue
        seen.add(key)
        try:
            result.extend(list_backups(folder))
        except OSError:
            continue  # a folder on a stick that was pulled out, a share that is away
    return sorted(result, key=lambda b: b.made_at, reverse=True)


def check_backup(path: Path, *, quick: bool = False):
    """``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` of a copy;
    the result has ``ok`` and ``describe()``."""
    return check_file(Path(path), quick=quick)
