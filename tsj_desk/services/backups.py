"""Backups: made before every import, migration and restore, on exit and at most
daily while the data changed; verified after writing; pruned by the retention
policy; restored from the window or the command line (``services.restore``).

Copies belong to their base. Every base carries its own id (setting ``base.id``,
given at its creation); a copy holds it inside, and its file name carries the id's
first characters so that a listing need not open every copy (the id inside is the
truth: nothing is deleted on the name's word alone). Each base's copies go into a
folder named after the base, ``backups/<base file stem>/`` beside it or in the folder
the user chose; pruning, the backups page and the newest good copy offered for a
damaged base consider only the base's own copies. A copy made by a release before
ids belongs to the base its file name names.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tsj_desk import faults
from tsj_desk.domain.errors import DatabaseProblem, FileProblem, WriteFault
from tsj_desk.domain.retention import BackupStamp, backups_to_keep
from tsj_desk.storage.backup import (
    BaseFacts,
    backup_database,
    check_file,
    facts_or_none,
    inspect_copy,
)
from tsj_desk.private_files import discard
from tsj_desk.storage.database import database, database_path

TRIGGER_LABELS = {
    "manual": "вручную",
    "import": "перед загрузкой",
    "migration": "перед обновлением базы",
    "restore": "перед восстановлением",
    "exit": "при выходе",
    "daily": "ежедневная",
}
UNVERIFIED_SUFFIX = ".unverified"
TAG_LENGTH = 8  # the characters of the base's id a copy's file name carries
NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<trigger>[a-z]+)"
                  r"(?:-(?P<tag>[0-9a-f]{8}))?(?:-(?P<n>\d{1,3}))?\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: datetime
    trigger: str
    size: int
    stem: str = ""  # the file stem of the base it was made of, as its name says
    base_tag: str | None = None  # the first characters of that base's id (None: not in the name)
    verified: bool = True  # False: written without its full check, which is still to come

    @property
    def trigger_label(self) -> str:
        label = TRIGGER_LABELS.get(self.trigger, self.trigger)
        return label if self.verified else f"{label}, ещё не проверена"


class BackupCheckFailed(DatabaseProblem):
    """A copy just made failed its full check and was removed. The copy is the base page
    by page: the base itself is likely damaged although the quick check on opening it
    passed. ``good`` is the newest copy of the base that passes every check, if any."""

    def __init__(self, db_path: Path, verdict: str):
        from tsj_desk.services.base_check import copy_named

        self.good = newest_good_backup(db_path)
        restore = (f"если проверка найдёт повреждение, восстановите базу из последней исправной "
                   f"копии {copy_named(self.good)}." if self.good is not None else
                   "исправных копий этой базы не найдено: если проверка найдёт повреждение, "
                   "сохраните файл базы на флешку и обратитесь к специалисту.")
        super().__init__(
            f"Резервная копия базы не прошла проверку и удалена. {verdict}\n\n"
            "Копия снимается с базы страница за страницей, поэтому, вероятно, повреждена сама "
            "база, хотя быстрая проверка при её открытии этого не заметила. Что сделать: на "
            "странице «Резервные копии» нажмите «Проверить базу» (или выполните команду "
            f"«tsj-desk check»); {restore} Пока база не проверена, не вносите в неё новых данных.")


@dataclass(frozen=True)
class BaseIdentity:
    """A base as its copies know it: its file, its id (None: not known — a damaged file,
    a base of a release before ids) and its organization."""

    path: Path
    id: str | None
    organization: str | None = None

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def tag(self) -> str | None:
        return self.id[:TAG_LENGTH] if self.id else None

    def describe(self) -> str:
        """«ТСЖ «Лесная, 5» (файл «demo.sqlite3»)»: how messages name a base."""
        return f"{self.organization or 'без названия организации'} (файл «{self.path.name}»)"


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


def _is_open(db_path: Path) -> bool:
    open_path = database_path()
    if open_path is None or database.obj is None:
        return False
    if open_path == db_path:
        return True
    try:
        return open_path.resolve() == Path(db_path).resolve()
    except OSError:
        return False


def _setting(key: str) -> str | None:
    """A setting of the open base (None when it cannot be read)."""
    import peewee

    from tsj_desk.storage.models import Setting

    try:
        if database.obj is None or not database.obj.table_exists("setting"):
            return None
        row = Setting.get_or_none(Setting.key == key)
    except (peewee.DatabaseError, DatabaseProblem):
        return None
    return row.value if row is not None and row.value else None


def base_identity(db_path: Path | None = None) -> BaseIdentity:
    """The id and organization of the base at ``db_path`` (default: the open one), read
    from its file without changing it (nothing known of a damaged or missing file)."""
    db_path = Path(db_path) if db_path else current_database_path()
    facts = facts_or_none(db_path)
    return BaseIdentity(db_path, facts.base_id if facts else None, facts.organization if facts else None)


# ---------------------------------------------------------------- folders


def default_backup_root(db_path: Path | None = None) -> Path:
    """``backups`` beside the base: it holds a folder for each base of that folder."""
    return Path(db_path or current_database_path()).parent / "backups"


def default_backup_dir(db_path: Path | None = None) -> Path:
    """The base's own folder beside it, ``backups/<base file stem>``: migration backups
    always go there, and a damaged base looks for its copies there."""
    db_path = Path(db_path or current_database_path())
    return default_backup_root(db_path) / db_path.stem


def _chosen_root(db_path: Path) -> Path | None:
    chosen = _setting("backup.folder") if _is_open(db_path) else None
    return Path(chosen) if chosen else None


def backup_dir(db_path: Path | None = None) -> Path:
    """The base's backup folder: ``<the folder chosen in the settings>/<base file stem>``,
    else ``backups/<base file stem>`` beside the base."""
    db_path = Path(db_path) if db_path else current_database_path()
    root = _chosen_root(db_path) or default_backup_root(db_path)
    return root / db_path.stem


def set_backup_dir(folder: Path) -> None:
    """Choose the folder for the copies of the open base (a folder of its own is made in
    it, named after the base)."""
    choose_backup_folder(Path(folder), current_database_path().stem)


def choose_backup_folder(folder: Path, name: str) -> Path:
    """Keep ``folder`` in the settings as the one for the copies of the open base, once its
    own folder ``<folder>/<name>`` is made and takes a file; returns that own folder."""
    from tsj_desk.storage.models import Setting

    own = folder / name
    probe = own / ".tsj-write-test"
    try:
        own.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
    except OSError as exc:
        raise faults.os_fault(exc, probe, f"папка «{folder}» для резервных копий не выбрана") from exc
    finally:
        discard(probe)
    Setting.put("backup.folder", str(folder))
    return own


# ---------------------------------------------------------------- whose copy


def _info(path: Path) -> BackupInfo | None:
    match = NAME.match(path.name)
    if match is None:
        return None
    try:
        if not path.is_file():  # a folder, or a link to a device such as /dev/zero
            return None
        size = path.stat().st_size
        made_at = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except (OSError, ValueError):
        return None
    return BackupInfo(path, made_at, match["trigger"], size, match["stem"], match["tag"],
                      not unverified_mark(path).exists())


def unverified_mark(path: Path) -> Path:
    """The empty file beside a copy written without its full check («…sqlite3.unverified»):
    it stays until the check passes (``services.backup_verification``)."""
    return Path(path).with_name(Path(path).name + UNVERIFIED_SUFFIX)


_ids: dict[tuple[str, int, int], str | None] = {}


def copy_base_id(path: Path) -> str | None:
    """The id of the base a copy was made of, read from the copy (None: a copy of a
    release before ids, or a file that cannot be read); remembered while the file stays
    the same."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _ids:
        facts = facts_or_none(Path(path))
        _ids[key] = facts.base_id if facts else None
    return _ids[key]


def belongs(backup: BackupInfo, base: BaseIdentity) -> bool:
    """Whether ``backup`` is a copy of ``base``: by the base's id when both are known,
    else by the base's name in the copy's file name."""
    tag = backup.base_tag
    if tag is None:
        copy_id = copy_base_id(backup.path)
        tag = copy_id[:TAG_LENGTH] if copy_id else None
    if tag is not None and base.id is not None:
        return tag == base.tag
    return backup.stem == base.stem


def list_backups(folder: Path | None = None, db_path: Path | None = None, *,
                 base: BaseIdentity | None = None) -> list[BackupInfo]:
    """The copies in ``folder`` (default: the base's backup folder), newest first; with
    ``base``, only that base's."""
    folder = Path(folder) if folder else backup_dir(db_path)
    if not folder.is_dir():
        return []
    result = []
    for path in folder.glob("*.sqlite3"):
        info = _info(path)
        if info is not None and (base is None or belongs(info, base)):
            result.append(info)
    return sorted(result, key=lambda b: b.made_at, reverse=True)


def check_copy(path: Path) -> BaseFacts:
    """What a copy must be before it may replace a base (a SQLite file of this program,
    of a version it can open, sound); raises ``FileProblem`` with the reason."""
    from tsj_desk.storage.migrations import BASE_ID_VERSION, LATEST_VERSION

    return inspect_copy(Path(path), latest_version=LATEST_VERSION, id_since=BASE_ID_VERSION)


# ---------------------------------------------------------------- making and pruning


def make_backup(trigger: str, *, now: datetime, folder: Path | None = None,
                db_path: Path | None = None, progress=None, prune_old: bool = True,
                verify: bool = True) -> BackupInfo:
    """Back up the database, verify the copy with ``integrity_check``, prune the base's
    old ones. ``verify=False`` (the copy on exit): the copy is marked unverified instead
    (``unverified_mark``, written before the copy) and checked at the next start; an
    unverified copy is never pruned and never takes the place of a verified one."""
    db_path = Path(db_path) if db_path else current_database_path()
    folder = Path(folder) if folder else backup_dir(db_path)
    base = base_identity(db_path)
    name = f"{db_path.stem}-{now:%Y%m%d-%H%M%S}-{trigger}" + (f"-{base.tag}" if base.tag else "")
    target = folder / f"{name}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{name}-{counter}.sqlite3"
    mark = unverified_mark(target)
    try:
        if not verify:
            folder.mkdir(parents=True, exist_ok=True)
            mark.touch()
        backup_database(db_path, target, progress)  # leaves no .part behind when it fails
    except (OSError, sqlite3.Error) as exc:
        discard(mark)
        outcome = f"резервная копия базы «{db_path.name}» не сделана"
        raise faults.write_fault(exc, target, outcome, base=True) or DatabaseProblem(
            f"Резервную копию базы «{db_path.name}» сделать не удалось: SQLite ответила «{exc}». "
            "Повторите; если ошибка не проходит, проверьте базу командой «tsj-desk check».") from exc
    if verify:
        verdict = check_file(target)
        if not verdict.ok:
            target.unlink(missing_ok=True)
            raise BackupCheckFailed(db_path, verdict.describe())
    match = NAME.match(target.name)
    info = BackupInfo(target, now, trigger, target.stat().st_size, db_path.stem,
                      match["tag"] if match else None, verify)
    try:
        _remember_backup(db_path, now)
    except WriteFault:
        pass  # a base that cannot be written (read-only): the copy is made, its note is not
    if prune_old:
        prune(folder, now=now, keep_also=target, base=base)
    return info


def prune(folder: Path, *, now: datetime, keep_also: Path | None = None,
          base: BaseIdentity | None = None) -> list[Path]:
    """Delete the copies of ``base`` (default: the open base) that the retention policy
    does not keep; returns what was deleted. Another base's copies, copies whose id
    cannot be read and ``keep_also`` (the copy just made) are never deleted."""
    if base is None:
        if database_path() is None:
            return []
        base = base_identity()
    if base.id is None:
        return []  # whose copies are whose cannot be told: nothing is deleted
    own = list_backups(folder, base=base)
    # a copy not yet checked fills no bucket of the policy, and stays until its check
    keep = backups_to_keep([BackupStamp(str(b.path), b.made_at, b.trigger) for b in own if b.verified], now)
    keep.update(str(b.path) for b in own if not b.verified)
    if keep_also is not None:
        keep.add(str(keep_also))
    removed = []
    for backup in own:
        if str(backup.path) in keep:
            continue
        facts = facts_or_none(backup.path)  # the id inside the copy decides, not its name
        if facts is None or facts.base_id != base.id:
            continue
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def _change_marker() -> str:
    """What changed since: the newest audit entry (every change of the data writes one)."""
    from tsj_desk.storage.models import AuditEntry

    newest = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).first()
    return str(newest.id if newest else 0)


def _untouched() -> bool:
    """A base nobody changed since it was created: no entry in the change log, no data."""
    from tsj_desk.storage import models

    if _change_marker() != "0":
        return False
    return not any(model.select().exists() for model in (
        models.Organization, models.House, models.Premise, models.Person, models.Request,
        models.Meter, models.Reading, models.Act))


def _remember_backup(db_path: Path, now: datetime) -> None:
    from tsj_desk.storage.models import Setting

    if database_path() != db_path or not database.obj.table_exists("setting"):
        return  # another file, or a schema from before settings existed (a migration backup)
    for key, value in (("backup.marker", _change_marker()), ("backup.last", now.isoformat())):
        Setting.put(key, value)


def backup_if_changed(trigger: str, *, now: datetime, min_interval_hours: float = 0,
                      verify: bool = True) -> BackupInfo | None:
    """The automatic backup on exit and daily: none while nothing changed, none of a
    base nobody changed since it was created. ``verify=False``: see ``make_backup``."""
    from tsj_desk.storage.models import Setting

    marker = Setting.get_or_none(Setting.key == "backup.marker")
    if marker is not None and marker.value == _change_marker():
        return None
    if marker is None and _untouched():
        return None
    last = Setting.get_or_none(Setting.key == "backup.last")
    if last is not None and min_interval_hours:
        elapsed = now - datetime.fromisoformat(last.value)
        if elapsed.total_seconds() < min_interval_hours * 3600:
            return None
    return make_backup(trigger, now=now, verify=verify)


def backup_before_import(now: datetime) -> BackupInfo | None:
    """The safety copy before an import (kept 30 days); none for a server database
    or an empty one. A base too large for the full check of its copy within a second
    gets the copy marked unverified, checked at the next start (the import waits for
    the copy only)."""
    from tsj_desk.services.backup_verification import check_fits_in_a_second

    from tsj_desk.storage.models import Premise, Reading

    if not made_here():
        return None
    if not (Premise.select().exists() or Reading.select().exists()):
        return None  # nothing to lose yet
    return make_backup("import", now=now, verify=check_fits_in_a_second())


# ---------------------------------------------------------------- finding the base's copies


def _unique(folders: list[Path]) -> list[Path]:
    seen: set[Path] = set()
    result = []
    for folder in folders:
        try:
            key = folder.resolve()
        except OSError:
            key = folder
        if key not in seen:
            seen.add(key)
            result.append(folder)
    return result


def _copies_in(folders: list[Path], base: BaseIdentity) -> list[BackupInfo]:
    result: list[BackupInfo] = []
    for folder in _unique(folders):
        try:
            result.extend(list_backups(folder, base=base))
        except OSError:
            continue  # a folder on a stick that was pulled out, a share that is away
    return sorted(result, key=lambda b: b.made_at, reverse=True)


def newest_good_backup(db_path: Path, folder: Path | None = None) -> BackupInfo | None:
    """The newest copy of this base that passes every check of a restore (offered when
    the base is damaged). Whose copies are whose is told by the id the damaged file
    still shows, else by the base's name in the copies' names."""
    db_path = Path(db_path)
    facts = facts_or_none(db_path)
    base = BaseIdentity(db_path, facts.base_id if facts else None)
    if folder is not None:
        folders = [Path(folder)]
    else:
        folders = [default_backup_dir(db_path)]
        chosen = facts.settings.get("backup.folder") if facts else None
        if chosen:
            folders.append(Path(chosen) / db_path.stem)
        folders.append(default_backup_root(db_path))  # copies not yet sorted into their folder
    for backup in _copies_in(folders, base):
        try:
            check_copy(backup.path)
        except FileProblem:
            continue
        return backup
    return None


def known_backups(db_path: Path | None = None) -> list[BackupInfo]:
    """The base's copies in its chosen backup folder and in its folder beside it,
    newest first."""
    db_path = Path(db_path) if db_path else current_database_path()
    return _copies_in([backup_dir(db_path), default_backup_dir(db_path)], base_identity(db_path))


def sort_out_backups(db_path: Path | None = None) -> list[Path]:
    """Move the copies lying directly in a backup folder (as releases before ids left
    them, every base's together) into the folder of the base they belong to: by the id
    inside each copy, the base's name in the file name for a copy made before ids.
    Nothing is deleted; a file whose id cannot be read stays where it is. Returns the
    new paths."""
    db_path = Path(db_path) if db_path else current_database_path()
    base = base_identity(db_path)
    roots = [default_backup_root(db_path)]
    if chosen := _chosen_root(db_path):
        roots.append(chosen)
    moved = []
    for root in _unique(roots):
        try:
            found = [path for path in root.glob("*.sqlite3") if NAME.match(path.name)]
        except OSError:
            continue
        for path in sorted(found):
            facts = facts_or_none(path)
            if facts is None:
                continue  # damaged, not a database: left where it is
            own = base.id is not None and facts.base_id == base.id
            target = root / (base.stem if own else NAME.match(path.name)["stem"]) / path.name
            if target.exists():
                continue
            try:
                target.parent.mkdir(exist_ok=True)
                path.rename(target)
            except OSError:
                continue
            moved.append(target)
    return moved


def check_backup(path: Path, *, quick: bool = False):
    """``integrity_check`` (or ``quick_check``) and ``foreign_key_check`` of a copy;
    the result has ``ok`` and ``describe()``."""
    return check_file(Path(path), quick=quick)


def restore_backup(backup: Path, *, now: datetime, db_path: Path | None = None,
                   other_base_ok: bool = False) -> BackupInfo | None:
    """Restore ``backup`` over the base (see ``services.restore.restore_backup``)."""
    from tsj_desk.services import restore

    return restore.restore_backup(backup, now=now, db_path=db_path, other_base_ok=other_base_ok)
