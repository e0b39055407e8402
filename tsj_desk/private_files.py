"""Files that hold personal data — the base and its -wal/-shm, backup copies, exports
and documents — readable and writable by their user only (0600 on POSIX).

A file is created with that mode from the start (never created with the umask's
0644 and narrowed afterwards: whoever opened it in between could keep reading).
An export is written to a temporary file of that mode beside its target and moved
onto it when complete, so a failure never leaves half a file and a file replaced
keeps no wider mode than the new one.

On Windows the mode bits mean nothing but «read-only»: there a file is as private as
the user's own folder it lies in (the data folder is in the user's profile), and
nothing here changes its permissions.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from tsj_desk.faults import os_fault

PRIVATE_MODE = 0o600

TEMP_PREFIX = ".tsj-"
"""How the temporary files of an unfinished export begin (removed on failure)."""

_POSIX = os.name != "nt"


def create_private(path: Path) -> bool:
    """Create ``path`` empty with mode 0600 where no file exists yet; True when created.

    Used before SQLite opens a new file, which SQLite itself would create 0644; its
    -wal and -shm then take the mode of the base."""
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
    except FileExistsError:
        return False
    os.close(handle)
    return True


def restrict(path: Path) -> None:
    """Take the group's and others' permissions off an existing file (0644 → 0600,
    0444 → 0400: the owner gains nothing). A missing file, or one that belongs to
    another account, is left as it is."""
    if not _POSIX:
        return
    try:
        current = stat.S_IMODE(os.stat(path).st_mode)
        if current & 0o077:
            os.chmod(path, current & 0o700)
    except OSError:
        pass


@contextmanager
def private_output(out: Path) -> Iterator[Path]:
    """A temporary file of mode 0600 beside ``out`` to write; moved onto ``out`` when
    the block ends, deleted when it fails.

    A failure of the disk or the file system (no space left, a read-only or missing
    folder, no permission) — while making the temporary file, in the block or while
    moving it into place — leaves as a ``WriteFault`` naming ``out``."""
    out = Path(out)
    outcome = f"файл «{out.name}» не записан"
    try:
        handle, name = tempfile.mkstemp(suffix=out.suffix, dir=out.parent, prefix=TEMP_PREFIX)
        os.close(handle)
    except OSError as exc:
        raise os_fault(exc, out, outcome) from exc
    temp = Path(name)
    try:
        yield temp
        os.replace(temp, out)
    except BaseException as exc:
        discard(temp)
        if isinstance(exc, OSError):
            raise os_fault(exc, out, outcome) from exc
        raise


def save_private(out: Path, save: Callable[[BinaryIO], object]) -> None:
    """A document library's ``save(stream)`` (openpyxl, python-docx) into memory, then its
    bytes to ``out`` through ``private_output``.

    Those libraries close their zip file only when everything went well: one left open by
    a failure on a full disk would try to finish the file when it is collected and print
    a traceback. In memory it never fails that way, and the one write to the disk is this
    module's, which closes its file whatever happens."""
    with private_output(out) as temp:
        buffer = io.BytesIO()
        save(buffer)
        with open(temp, "wb") as handle:
            handle.write(buffer.getbuffer())


def discard(*paths: Path) -> None:
    """Remove temporary files of a failed write; one that cannot be removed (a full or
    read-only disk may refuse even that) is left for the cleaning at the next start."""
    for path in paths:
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            pass
