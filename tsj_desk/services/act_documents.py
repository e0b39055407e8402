"""An act's file kept in the base: stored each time the act is made or made again, and
opened on any PC — the copy the user saved, when it is on this PC and is the one in the
base, else the base's copy taken out into a private temporary folder."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import peewee

from tsj_desk.domain.errors import FileProblem, NotFound
from tsj_desk.services import document_files
from tsj_desk.storage import stored_files
from tsj_desk.storage.models import Act, StoredFile


def stored_column() -> peewee.Node:
    """For a list of acts: 1 when the act's file is in the base, else 0."""
    kept = (StoredFile.select(peewee.fn.COUNT(StoredFile.id))
            .where((StoredFile.id == Act.stored_file) & StoredFile.missing_path.is_null()))
    return kept


def is_stored(act: Act) -> bool:
    if act.stored_file_id is None:
        return False
    try:
        return stored_files.info(act.stored_file_id).present
    except NotFound:
        return False


def render_target(act: Act) -> Path:
    """Where an act made again is written before it is stored: over the user's copy when
    its folder is on this PC (as before), else into the private temporary folder."""
    own = Path(act.file_name) if act.file_name else None
    if own is not None and own.is_absolute() and own.parent.is_dir():
        return own
    name = re.split(r"[\\/]", act.file_name)[-1] if act.file_name else ""
    name = name or f"Акт № {act.number}.docx"
    folder = document_files.private_folder() / "acts" / str(act.id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / document_files.safe_name(name)


def keep(act: Act, path: Path, *, now: datetime) -> int:
    """Store the act's file just made at ``path``, in place of the one stored before."""
    old = act.stored_file_id
    file_id = document_files.store_file(stored_files.ACT, path, now=now, name=Path(path).name)
    Act.update(stored_file=file_id).where(Act.id == act.id).execute()
    act.stored_file = file_id
    if old is not None:
        stored_files.delete(old)
    return file_id


def act_file_to_open(act_id: int) -> Path:
    """The act's file ready to open, print or turn into PDF on this PC."""
    act = Act.get_or_none(Act.id == act_id)
    if act is None:
        raise NotFound("Акт не найден: возможно, его удалили на другом компьютере.")
    own = Path(act.file_name) if act.file_name else None
    if act.stored_file_id is None:
        if own is not None and own.is_file():
            return own
        raise FileProblem(f"Файла акта № {act.number} нет ни в базе, ни на этом компьютере. "
                          "Выберите акт и нажмите «Сформировать заново»: он будет сделан из "
                          "сохранённых полей и сохранён в базе.")
    info = stored_files.info(act.stored_file_id)
    if document_files.same_file(own, info):
        return own
    try:
        return document_files.extract(act.stored_file_id)
    except FileProblem as exc:
        raise FileProblem(f"{exc.message} Или выберите акт и нажмите «Сформировать заново»: он "
                          "будет сделан из сохранённых полей и сохранён в базе.") from exc


def save_act_copy(act_id: int, target: Path) -> Path:
    """«Сохранить как…»: the act's file written where the user chose."""
    source = act_file_to_open(act_id)
    data = source.read_bytes()
    return document_files.save_bytes(data, target)
