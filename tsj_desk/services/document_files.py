"""Documents kept in the base, so that every PC of the office opens every document:
the request's attachments and letters, the acts, the user's own templates.

Storing reads a file and puts it into the base (``storage.stored_files``; a file over
50 MB is refused in Russian). Opening takes the stored bytes out into a private
temporary folder of this program run (readable by the user only) — or a folder the
user chose — and gives the path to open. A reference the migration could not bring
in (the file was on another PC) is brought in when it is opened on the PC that has
the file; elsewhere the user is told where it lies.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from tsj_desk.domain.errors import FileProblem, TsjError
from tsj_desk.private_files import private_output
from tsj_desk.services import audit
from tsj_desk.storage import stored_files
from tsj_desk.storage.database import database
from tsj_desk.storage.stored_file_limits import MAX_FILE_BYTES, too_big_message
from tsj_desk.storage.stored_files import ATTACHMENT, LETTER, TEMPLATE, StoredInfo

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_private: Path | None = None


def private_folder() -> Path:
    """This run's temporary folder for the documents taken out of the base (0700 on
    POSIX: ``mkdtemp``), removed when the program ends."""
    global _private
    if _private is None or not _private.is_dir():
        _private = Path(tempfile.mkdtemp(prefix="tsj-desk-"))
        atexit.register(shutil.rmtree, _private, True)
    return _private


def safe_name(name: str) -> str:
    """A file name every system takes: no folder separators or reserved characters."""
    cleaned = _UNSAFE.sub("-", name).strip(" .")
    return cleaned or "документ"


def read_for_storing(path: Path, name: str | None = None) -> bytes:
    """The bytes of a file the user gave, refused in Russian when over the bound or unreadable."""
    path = Path(path)
    shown = name or path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileProblem(too_big_message(shown, size))
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise FileProblem(f"Файл «{shown}» не найден: {path}") from exc
    except OSError as exc:
        raise FileProblem(f"Не удалось прочитать файл «{shown}»: {exc.strerror or exc}.") from exc


def store_file(kind: str, path: Path, *, now: datetime, name: str | None = None) -> int:
    """Store the file at ``path`` (under ``name``, else its own name); its id."""
    shown = name or Path(path).name
    return stored_files.put(kind, shown, read_for_storing(path, shown), now=now, who=audit.current_user())


def store_bytes(kind: str, name: str, data: bytes, *, now: datetime) -> int:
    return stored_files.put(kind, name, data, now=now, who=audit.current_user())


def missing_message(info: StoredInfo) -> str:
    return (f"Файл «{info.name}» не найден на этом компьютере и ещё не перенесён в базу: он лежал в "
            f"«{info.missing_path}» на компьютере, где его сохранили. Откройте документ на том "
            f"компьютере — файл перенесётся в базу и откроется на любом компьютере.")


def _bring_in(info: StoredInfo) -> tuple[bytes | None, Path | None]:
    """A flagged reference: its bytes brought into the base when the file is on this PC;
    else the path to open it where it lies (too big, or the base is read-only)."""
    path = Path(info.missing_path or "")
    if not info.missing_path or not path.is_file():
        raise FileProblem(missing_message(info))
    try:
        data = read_for_storing(path, info.name)
    except FileProblem:
        return None, path  # over the bound: opened where it lies on this PC
    try:
        with database.atomic():
            stored_files.fill(info.id, data)
    except TsjError:
        return None, path  # a read-only session: this PC still opens its own file
    return data, None


def extract(file_id: int, folder: Path | None = None) -> Path:
    """The stored file written out for opening: into ``folder`` under its name, else into
    this run's private folder; its path."""
    info = stored_files.info(file_id)
    data = stored_files.content(file_id)
    if data is None:
        data, where = _bring_in(info)
        if data is None:
            return where
        info = stored_files.info(file_id)
    name = safe_name(info.name)
    if folder is None:
        target_dir = private_folder() / f"{info.id}-{info.sha256[:12]}"
        target = target_dir / name
        if target.is_file() and target.stat().st_size == len(data):
            return target  # taken out before in this run (perhaps open in Word now)
        target_dir.mkdir(parents=True, exist_ok=True)
    else:
        target = Path(folder) / name
    return save_bytes(data, target)


def save_bytes(data: bytes, target: Path) -> Path:
    """``data`` written to ``target`` (a private file, whole or not at all)."""
    target = Path(target)
    with private_output(target) as temp:
        temp.write_bytes(data)
    return target


def save_copy(file_id: int, target: Path) -> Path:
    """«Сохранить как…»: the stored file written where the user chose."""
    data = stored_files.content(file_id)
    if data is None:
        data, where = _bring_in(stored_files.info(file_id))
        if data is None:
            data = read_for_storing(where)
    return save_bytes(data, target)


def same_file(path: Path | None, info: StoredInfo) -> bool:
    """``path`` is on this PC and holds exactly the stored file."""
    if path is None or not info.present:
        return False
    try:
        path = Path(path)
        if not path.is_file() or path.stat().st_size != info.size:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == info.sha256
    except OSError:
        return False


# ---------------------------------------------------------------- attachments and letters


def attach(request_id: int, source: Path, *, now: datetime, kind: str = ATTACHMENT,
           name: str | None = None) -> int:
    """Store a file of a request (an applicant's attachment, a letter made for it) in
    the base and list it among the request's files; the attachment's id."""
    from tsj_desk.storage.models import Attachment

    shown = name or Path(source).name
    data = read_for_storing(source, shown)
    file_id = stored_files.put(kind, shown, data, now=now, who=audit.current_user())
    return Attachment.insert(request=request_id, file_name=shown, stored_name="",
                             sha256=hashlib.sha256(data).hexdigest(), added_at=now,
                             stored_file=file_id).execute()


def store_letter(reg_no: str, path: Path, *, now: datetime) -> int:
    """A letter made for a request kept among its files; a letter of the same name made
    before is replaced (one transaction)."""
    from tsj_desk.storage.models import Attachment, Request, StoredFile

    request = Request.get(Request.reg_no == reg_no)
    name = Path(path).name
    with database.atomic():
        older = list(Attachment.select(Attachment.id, Attachment.stored_file)
                     .join(StoredFile, on=(Attachment.stored_file == StoredFile.id))
                     .where((Attachment.request == request.id) & (Attachment.file_name == name)
                            & (StoredFile.kind == LETTER)).tuples())
        made = attach(request.id, path, now=now, kind=LETTER, name=name)
        if older:
            Attachment.delete().where(Attachment.id.in_([a for a, _ in older])).execute()
            stored_files.delete(*[f for _, f in older])
    return made


def attachment_file(attachment_id: int, folder: Path | None = None) -> Path:
    """The file of a request's attachment or letter, ready to open."""
    from tsj_desk.services.session import data_dir
    from tsj_desk.storage.models import Attachment

    row = Attachment.get_or_none(Attachment.id == attachment_id)
    if row is None:
        raise FileProblem("Вложение не найдено: возможно, обращение изменили на другом компьютере.")
    if row.stored_file_id is not None:
        return extract(row.stored_file_id, folder)
    path = data_dir() / "attachments" / row.stored_name  # kept the old way (not migrated yet)
    if not path.is_file():
        raise FileProblem(f"Файл вложения «{row.file_name}» не найден на этом компьютере.")
    return path


# ---------------------------------------------------------------- the user's templates


def base_templates() -> dict[str, StoredInfo]:
    """The templates kept in the base, by name (the newest of each)."""
    found: dict[str, StoredInfo] = {}
    for info in stored_files.of_kind(TEMPLATE):
        if info.present:
            found.setdefault(info.name, info)
    return found


def _base_template_folder() -> Path | None:
    """A folder holding exactly the base's templates, taken out once per version."""
    kept = base_templates()
    if not kept:
        return None
    digest = hashlib.sha256("|".join(f"{n}:{i.sha256}" for n, i in sorted(kept.items())).encode()).hexdigest()
    folder = private_folder() / "templates" / digest[:16]
    for name, info in kept.items():
        if not (folder / name).is_file():
            folder.mkdir(parents=True, exist_ok=True)
            save_bytes(stored_files.content(info.id) or b"", folder / name)
    return folder


def template_dirs() -> tuple[Path, ...]:
    """Where a document's template is looked for, first found wins: the templates kept in
    the base (the same on every PC), then this PC's templates folder; the shipped ones
    after both (``documents.templates_lookup``)."""
    from tsj_desk.services.letters import templates_dir

    base = _base_template_folder()
    return (base, templates_dir()) if base is not None else (templates_dir(),)


def in_base(path: Path) -> bool:
    """``path`` (a template the lookup found) is one of the base's."""
    try:
        Path(path).relative_to(private_folder() / "templates")
        return True
    except ValueError:
        return False


def store_template(name: str, path: Path, *, now: datetime) -> int:
    """The user's template stored in the base under the shipped template's ``name``,
    replacing one stored before: every PC makes that document from it."""
    from tsj_desk.storage.models import StoredFile

    if Path(name).name != name or not name.lower().endswith(".docx"):
        raise FileProblem(f"Шаблон должен быть документом Word (.docx): «{name}».")
    data = read_for_storing(path, name)
    with database.atomic():
        file_id = stored_files.put(TEMPLATE, name, data, now=now, who=audit.current_user())
        StoredFile.delete().where((StoredFile.kind == TEMPLATE) & (StoredFile.name == name)
                                  & (StoredFile.id != file_id)).execute()
    return file_id


def forget_template(name: str) -> bool:
    """The base's copy of template ``name`` removed (the PCs go back to their own or the
    shipped one); True when there was one."""
    from tsj_desk.storage.models import StoredFile

    return StoredFile.delete().where((StoredFile.kind == TEMPLATE) & (StoredFile.name == name)).execute() > 0


def save_attachment_copy(attachment_id: int, target: Path) -> Path:
    """«Сохранить как…»: a request's attachment or letter written where the user chose."""
    return save_bytes(attachment_file(attachment_id).read_bytes(), target)
