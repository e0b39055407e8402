"""What the imports written as one batch share: the file's fingerprint, the checks for a
cancel, the report's last figures, and the batch an undo may remove."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from peewee import Model

from tsj_desk.domain.errors import NotFound, ValidationFailed
from tsj_desk.services.importing import Cancelled, ImportReport, Progress


def file_sha256(path: Path) -> str:
    """The file's SHA-256, read in blocks of 1 MiB."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stop_if_cancelled(cancel: threading.Event | None, transaction=None) -> None:
    """Raise ``Cancelled`` once the user has cancelled, rolling ``transaction`` back first."""
    if cancel is not None and cancel.is_set():
        if transaction is not None:
            transaction.rollback()
        raise Cancelled()


def finished(report: ImportReport, *, imported: int, batch_id: int, progress: Progress | None,
             steps: int) -> ImportReport:
    """The report of a written batch, its progress shown complete."""
    if progress:
        progress(steps, steps)
    report.imported = imported
    report.batch_id = batch_id
    return report


def batch_to_undo(model: type[Model], batch_id: int, *, missing: str) -> Model:
    """The batch ``batch_id`` of ``model``, one not undone yet; ``missing`` is the message
    when there is no such batch."""
    batch = model.get_or_none(model.id == batch_id)
    if batch is None:
        raise NotFound(missing)
    if batch.undone_at is not None:
        raise ValidationFailed(f"Загрузка «{batch.file_name}» уже отменена "
                               f"{batch.undone_at:%d.%m.%Y %H:%M}.")
    return batch
