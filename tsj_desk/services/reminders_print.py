"""Verification letters as one .docx to print: one letter a page, in the order of the
premises, made from the same letters as the one-file-per-owner run
(``services.reminders.verification_letters``)."""

from __future__ import annotations

import tempfile
import threading
from datetime import date
from pathlib import Path

from tsj_desk.documents.combine import combine_letters
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.services.importing import Progress
from tsj_desk.services.reminders import verification_letters


def verification_letters_file(meter_ids: list[int], out: Path, *, today: date,
                              progress: Progress | None = None,
                              cancel: threading.Event | None = None) -> int:
    """Write the notices of ``meter_ids`` into the one file ``out`` (.docx); the number
    of letters in it. Nothing is left behind but ``out``."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ValidationFailed("Письма одним файлом сохраняются в документ .docx.")
    with tempfile.TemporaryDirectory(prefix="tsj-letters-") as folder:
        letters = verification_letters(meter_ids, Path(folder), today=today, progress=progress, cancel=cancel)
        return combine_letters(letters, out)
