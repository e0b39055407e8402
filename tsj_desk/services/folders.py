"""Where the program keeps things and where it offers to save what people take away.

- the data folder: the base, its backups, logs, the user's templates (platformdirs:
  ``%LOCALAPPDATA%\\tsj-desk`` on Windows, ``~/.local/share/tsj-desk`` on Linux);
- «Документы\\ТСЖ Деск»: where the save dialogs of acts, letters and exports start
  (the user's Documents folder as the system names it, whatever its language).
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from tsj_desk.domain.errors import FileProblem

DOCUMENTS_SUBFOLDER = "ТСЖ Деск"


def data_folder() -> Path:
    """The user's data folder (created when missing)."""
    from tsj_desk.services.session import data_dir

    return data_dir()


def documents_folder(*, create: bool = True) -> Path:
    """«Документы\\ТСЖ Деск»: the folder save dialogs offer for acts and exports.

    Created when missing (``create``); a folder that cannot be made is a ``FileProblem``
    naming it. Without a Documents folder (a service account) the home folder's is used."""
    try:
        documents = Path(platformdirs.user_documents_dir())
    except (OSError, KeyError, ValueError):
        documents = Path.home() / "Documents"
    folder = documents / DOCUMENTS_SUBFOLDER
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileProblem(f"Папку «{folder}» для документов создать нельзя: "
                              f"{exc.strerror or exc}. Выберите при сохранении другую папку.") from exc
    return folder


def offered_file(name: str, *below: str) -> Path:
    """The file a save dialog offers: «Документы\\ТСЖ Деск\\[below\\]name» (the acts:
    ``below`` is «Акты»). Nothing is made here: ``make_offered_folder(path.parent)`` makes
    the folder when the dialog opens or the file is written."""
    return documents_folder(create=False).joinpath(*below, name)


def make_offered_folder(folder: Path) -> None:
    """Make ``folder`` when it is the one the program offers («Документы\\ТСЖ Деск» or a
    folder in it) and is missing; any other folder is the user's. A folder that cannot be
    made is left so: the dialog opens elsewhere, the write says what is wrong."""
    ours = documents_folder(create=False)
    folder = Path(folder)
    if folder.exists() or not (folder == ours or ours in folder.parents):
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass


def open_base_shown() -> str | None:
    """The base this process has open, as people may see it (a server without its
    password); None when no base is open."""
    import peewee

    from tsj_desk.storage.database import database, database_path

    db = database.obj
    if db is None:
        return None
    path = database_path()
    if path is not None:
        return str(path)
    if isinstance(db, peewee.Database):
        return f"база «{db.database}» на сервере"
    return None
