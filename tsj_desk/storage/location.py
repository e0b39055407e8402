"""Where a database file may live: never on a network file system.

SQLite's WAL mode needs shared memory that network file systems (SMB/CIFS, NFS)
do not provide; a database there gets corrupted. Backups may go to a share.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FILESYSTEMS = frozenset({
    "cifs", "smb", "smb2", "smb3", "smbfs", "nfs", "nfs4", "afs", "ncpfs", "9p", "davfs",
    "fuse.sshfs", "sshfs", "fuse.davfs2", "fuse.rclone", "glusterfs", "ceph", "lustre",
})


def _linux_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def filesystem_of(path: Path, mounts_text: str) -> str | None:
    """The file system type of the mount holding ``path`` (the longest matching mount point)."""
    best, kind = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(str(path))[0]
    if not drive:
        return False
    drive_remote = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote


SERVER_SCHEMES = ("postgres", "postgresql", "postgresext", "postgresqlext", "psycopg3")
"""The URL schemes of a database server the program opens (PostgreSQL, through peewee)."""


def url_problem(target: str | Path) -> str | None:
    """A Russian explanation when ``target`` is a URL the program cannot open, else None.

    Only a PostgreSQL server is reached by URL; a file share (``smb://``, ``nfs://``),
    ``ftp://``, ``http://`` or ``sqlite://`` is refused: the base is a file on this
    computer's disk, given by its path."""
    if not isinstance(target, str) or "://" not in target:
        return None
    scheme = target.split("://", 1)[0].lower()
    if scheme.split("+", 1)[0] in SERVER_SCHEMES:
        return None
    from tsj_desk.storage.database import shown_target

    shown = shown_target(target)
    if scheme.startswith("sqlite"):
        return (f"Адрес «{shown}» не нужен: укажите путь к файлу базы на этом компьютере "
                "без «sqlite://», например C:\\ТСЖ\\база.sqlite3.")
    return (f"Адрес базы «{shown}» не поддерживается: программа открывает файл базы на "
            "локальном диске этого компьютера (укажите путь к нему, например "
            "C:\\ТСЖ\\база.sqlite3) или базу на сервере PostgreSQL (адрес postgresql://…). "
            "Базу из сетевой папки скопируйте на локальный диск и укажите путь к копии.")


def network_location_problem(path: str | Path, *, mounts_text: str | None = None,
                             platform: str | None = None) -> str | None:
    """A Russian explanation when ``path`` is on a network share, else None."""
    platform = platform or sys.platform
    raw = str(path)
    advice = ("SQLite в режиме WAL не работает на сетевых дисках — база будет повреждена. "
              "Храните базу на локальном диске этого компьютера, а резервные копии "
              "можно складывать в сетевую папку.")
    if raw.startswith(("\\\\", "//")):
        return f"База «{raw}» находится в сетевой папке. {advice}"
    if platform == "win32":  # pragma: no cover - Windows only
        if _windows_drive_is_remote(Path(raw)):
            return f"База «{raw}» находится на сетевом диске. {advice}"
        return None
    resolved = Path(raw).expanduser().resolve()
    probe = resolved if resolved.exists() else resolved.parent
    kind = filesystem_of(probe, _linux_mounts() if mounts_text is None else mounts_text)
    if kind is not None and kind.lower() in NETWORK_FILESYSTEMS:
        return f"База «{raw}» находится на сетевой файловой системе ({kind}). {advice}"
    return None
