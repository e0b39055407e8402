"""Putting files into the base and taking them out (table ``stored_file``).

A file is kept whole, with its name as the user saw it, its size, its SHA-256, when
and by whom it was stored. A file over ``MAX_FILE_BYTES`` is refused with a Russian
message (``stored_file_limits`` says why 50 MB). A row without content is a flagged
reference to a file not yet brought in (``missing_path``: where it lay).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from tsj_desk.domain.errors import FileProblem, NotFound
from tsj_desk.storage.models import StoredFile
from tsj_desk.storage.stored_file_limits import MAX_FILE_BYTES, too_big_message

ATTACHMENT, LETTER, ACT, TEMPLATE = "attachment", "letter", "act", "template"


@dataclass(frozen=True)
class StoredInfo:
    id: int
    kind: str
    name: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str
    missing_path: str | None  # set: the file was not brought in; where it lay

    @property
    def present(self) -> bool:
        return self.missing_path is None


def check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise FileProblem(too_big_message(name, size))


def put(kind: str, name: str, data: bytes, *, now: datetime, who: str) -> int:
    """Store ``data`` under ``name``; its id. Refused when over the bound."""
    data = bytes(data)
    check_size(name, len(data))
    return StoredFile.insert(kind=kind, name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                             created_at=now, created_by=who, missing_path=None, content=data).execute()


def put_reference(kind: str, name: str, path: str, *, now: datetime, who: str, sha256: str = "") -> int:
    """A flagged reference to a file not on this PC (``path``: where it lies)."""
    return StoredFile.insert(kind=kind, name=name, size=0, sha256=sha256, created_at=now,
                             created_by=who, missing_path=str(path), content=None).execute()


def fill(file_id: int, data: bytes) -> None:
    """Bring in the file of a flagged reference (found on this PC)."""
    data = bytes(data)
    row = info(file_id)
    check_size(row.name, len(data))
    StoredFile.update(size=len(data), sha256=hashlib.sha256(data).hexdigest(), missing_path=None,
                      content=data).where(StoredFile.id == file_id).execute()


def _info(row) -> StoredInfo:
    return StoredInfo(*row)


_COLUMNS = (StoredFile.id, StoredFile.kind, StoredFile.name, StoredFile.size, StoredFile.sha256,
            StoredFile.created_at, StoredFile.created_by, StoredFile.missing_path)


def info(file_id: int) -> StoredInfo:
    """What is known of a stored file, without its content."""
    row = StoredFile.select(*_COLUMNS).where(StoredFile.id == file_id).tuples().first()
    if row is None:
        raise NotFound("Документ не найден в базе: возможно, его удалили на другом компьютере.")
    return _info(row)


def content(file_id: int) -> bytes | None:
    """The stored bytes (None for a flagged reference)."""
    row = StoredFile.select(StoredFile.content).where(StoredFile.id == file_id).tuples().first()
    if row is None:
        raise NotFound("Документ не найден в базе: возможно, его удалили на другом компьютере.")
    return None if row[0] is None else bytes(row[0])


def latest(kind: str, name: str) -> StoredInfo | None:
    """The newest file of ``kind`` stored under ``name`` (a template), or None."""
    row = (StoredFile.select(*_COLUMNS).where((StoredFile.kind == kind) & (StoredFile.name == name))
           .order_by(StoredFile.id.desc()).tuples().first())
    return None if row is None else _info(row)


def of_kind(kind: str) -> list[StoredInfo]:
    """Every file of ``kind``, the newest of each name first."""
    rows = (StoredFile.select(*_COLUMNS).where(StoredFile.kind == kind)
            .order_by(StoredFile.name, StoredFile.id.desc()).tuples())
    return [_info(row) for row in rows]


def delete(*file_ids: int) -> None:
    ids = [i for i in file_ids if i is not None]
    if ids:
        StoredFile.delete().where(StoredFile.id.in_(ids)).execute()
