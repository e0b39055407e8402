"""Handing out the owner register: export plus the disclosure log (ЖК РФ ст. 45 ч. 3.1).

Every export of the register is a disclosure of personal data: when, to whom, for
what purpose, which request, how many rows, and the SHA-256 of the file.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import peewee

from tsj_desk.documents.register import (
    CHAIRMAN_POSITION,
    RegisterDocument,
    write_register_docx,
    write_register_xlsx,
)
from tsj_desk import faults
from tsj_desk.domain.errors import DatabaseProblem, FileProblem, TsjError, ValidationFailed, WriteFault
from tsj_desk.domain.register import register_totals
from tsj_desk.services import audit
from tsj_desk.services.registry import register_facts
from tsj_desk.services.import_batches import file_sha256
from tsj_desk.storage.database import database, translate_failure
from tsj_desk.storage.models import Disclosure, House, Organization
from tsj_desk.domain.register import build_register


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    sha256: str
    disclosure_id: int


@dataclass(frozen=True)
class DisclosureInfo:
    id: int
    at: datetime
    user: str
    requested_by: str
    purpose: str
    request_id: int | None
    as_of: date
    rows: int
    file_name: str
    sha256: str


sha256_of = file_sha256  # the checksum written in the disclosure log


def export_register(
    out: str | Path,
    *,
    as_of: date,
    requested_by: str,
    purpose: str,
    now: datetime,
    request_id: int | None = None,
    house_id: int | None = None,
    members_only: bool = False,
) -> ExportResult:
    """Write the register as of ``as_of`` to ``out`` (.xlsx or .docx) and log the disclosure.

    The file is written to a temporary name (readable by the user only) and moved into
    place in the transaction that logs the disclosure: a failure never leaves a
    half-written register behind, and a register whose disclosure cannot be logged
    (a read-only base) is not left on disk — ``DatabaseProblem`` says why.
    ``members_only``: the register of the association's members (ЖК РФ ст. 143), the
    owners who are members on ``as_of``, under its own title.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in {".xlsx", ".docx"}:
        raise ValidationFailed("Реестр сохраняется в файл .xlsx или .docx.")
    if not requested_by.strip():
        raise ValidationFailed("Укажите, кому выдаётся реестр.")
    if not purpose.strip():
        raise ValidationFailed("Укажите цель выдачи реестра.")
    house = House.get_or_none(House.id == house_id) if house_id else House.select().order_by(House.id).first()
    if house is None:
        raise ValidationFailed("В базе нет ни одного дома: сначала загрузите реестр.")
    organization = Organization.get_by_id(house.organization_id)
    signer = _signer(now)
    if members_only:
        from tsj_desk.services.ownership_history import MEMBERS_TITLE, member_facts

        premises, ownerships = member_facts(house.id, as_of)
        rows = [row for row in build_register(premises, ownerships, as_of) if row.owner]
        document = RegisterDocument(organization.name, house.address, as_of, rows,
                                    register_totals(premises, rows), MEMBERS_TITLE, **signer)
    else:
        premises, ownerships = register_facts(house.id)
        rows = build_register(premises, ownerships, as_of)
        document = RegisterDocument(organization.name, house.address, as_of, rows,
                                    register_totals(premises, rows), **signer)
    if not out.parent.exists():
        raise FileProblem(f"Папка «{out.parent}» не существует.")
    not_written = f"реестр не выдан, файл «{out.name}» не записан"
    try:
        handle, temp_name = tempfile.mkstemp(suffix=suffix, dir=out.parent, prefix=".tsj-")  # 0600
    except OSError as exc:
        raise faults.os_fault(exc, out, not_written) from exc
    os.close(handle)
    temp, placed = Path(temp_name), False
    try:
        writer = write_register_xlsx if suffix == ".xlsx" else write_register_docx
        count = writer(document, temp)
        checksum = sha256_of(temp)
        # the file takes its place inside the transaction of its entry in the log
        with database.atomic():
            disclosure = Disclosure.create(
                at=now, user=audit.current_user(), requested_by=requested_by.strip(),
                purpose=purpose.strip(), request_id=request_id, as_of=as_of, rows=count,
                file_name=out.name, sha256=checksum,
            )
            audit.record("disclose", "register", disclosure.id, now=now, file=out.name, rows=count,
                         requested_by=requested_by.strip(),
                         **({"register": "members"} if members_only else {}))
            os.replace(temp, out)
            placed = True
    except BaseException as exc:
        (out if placed else temp).unlink(missing_ok=True)  # placed: the commit failed
        if isinstance(exc, OSError) or (isinstance(exc, WriteFault)
                                        and not isinstance(exc, DatabaseProblem)):
            # the file (not the log): a full disk, a read-only folder, a file open elsewhere
            raise faults.write_fault(exc, out, not_written) from exc
        if isinstance(exc, (TsjError, peewee.DatabaseError, sqlite3.DatabaseError)):
            raise DatabaseProblem(f"Реестр не выдан: выдачу не удалось записать в журнал выдач, "
                                  f"поэтому файл «{out.name}» не сохранён. {_reason(exc)}") from exc
        raise
    return ExportResult(out, count, checksum, disclosure.id)


def _signer(now: datetime) -> dict:
    """Who signs the register under its totals: the chairman as the settings name him."""
    from tsj_desk.services.organization import organization

    org = organization()
    if org is None:
        return {"made_on": now.date()}
    return {"chairman": org.chairman, "chairman_position": org.chairman_position or CHAIRMAN_POSITION,
            "made_on": now.date()}


def _reason(exc: BaseException) -> str:
    """Why the base took no entry, in the user's words: the first known failure along
    the chain of errors (a failed rollback may hide the real one behind it)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, TsjError):
            return seen.message
        if (problem := translate_failure(seen)) is not None:
            return problem.message
        seen = seen.__cause__ or seen.__context__
    return (f"База не приняла запись ({exc}). Повторите выдачу; если ошибка повторится, "
            "проверьте базу командой «tsj-desk check».")


def list_disclosures() -> list[DisclosureInfo]:
    return [
        DisclosureInfo(d.id, d.at, d.user, d.requested_by, d.purpose, d.request_id, d.as_of,
                       d.rows, d.file_name, d.sha256)
        for d in Disclosure.select().order_by(Disclosure.at.desc(), Disclosure.id.desc())
    ]
