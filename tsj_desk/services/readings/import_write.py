"""A checked readings file written as one batch in one transaction; the batches, their
undo, and the error report sent back to whoever sent the file.

All readings are written with one ``executemany`` (peewee's ``insert_many`` costs ~13×
more for 100,000 rows).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tsj_desk.domain.errors import ImportRejected, RowProblem, ValidationFailed
from tsj_desk.domain.text import joined_notes
from tsj_desk.services import audit
from tsj_desk.services.import_batches import batch_to_undo, finished, stop_if_cancelled
from tsj_desk.services.import_batches import file_sha256 as _sha256  # kept importable here
from tsj_desk.services.importing import ImportReport, Progress, collector_paused
from tsj_desk.services.readings.import_check import ReadingsPreview, _read_while_loading, check_readings
from tsj_desk.services.readings_new_meters import write_new_meters
from tsj_desk.services.reading_versions import lock_import, written_meanwhile
from tsj_desk.storage.bulk import date_binder, insert_rows
from tsj_desk.storage.database import database
from tsj_desk.storage.models import ImportBatch, Meter, Reading
from tsj_desk.storage.versions import retried


@retried
@collector_paused()
def import_readings(path: str | Path, *, today: date, now: datetime, period: str | None = None,
                    skip_invalid: bool = False, dry_run: bool = False, create_meters: bool = False,
                    progress: Progress | None = None, cancel: threading.Event | None = None,
                    preview: ReadingsPreview | None = None, source: str = "excel",
                    backup: bool = True, mapping: dict[str, str] | None = None) -> ImportReport:
    """Import a readings file as one batch, in one transaction.

    Any error stops the whole file (``ImportRejected``) unless ``skip_invalid``;
    warnings never block. A cancelled or failed import changes nothing. A backup is
    made first (``backup=False`` skips it: the benchmark of the bare import).
    A ``mapping`` the file was read with is remembered once the batch is written.
    """
    path = Path(path)
    if preview is None:
        parsed, context = _read_while_loading(path, period, today, create_meters, mapping)
        if progress:
            progress(1, 4)
        preview = check_readings(parsed, today=today, create_meters=create_meters, cancel=cancel,
                                 context=context)
    errors, warnings = preview.errors, preview.warnings
    valid = preview.valid()
    error_rows = {e.row for e in errors}
    # valid: the data rows without an error (a 1С line without readings is one of them)
    report = ImportReport(preview.parsed.data_rows, preview.parsed.data_rows - len(error_rows),
                          0, errors, warnings, dry_run)
    if errors and not skip_invalid:
        raise ImportRejected(errors)
    if progress:
        progress(2, 4)
    if dry_run:
        return report
    stop_if_cancelled(cancel)
    to_write = [c for c in valid if not c.duplicate]
    if backup:
        from tsj_desk.services.backups import backup_before_import

        backup_before_import(now)
    try:
        batch, created, rows = _write(path, now, preview, report, to_write, warnings, source, cancel)
    except Exception as failure:  # a reading of the file written meanwhile: refused as a whole
        refused = written_meanwhile(failure, [(c.meter_id, c.row.period) for c in to_write
                                              if c.meter_id is not None])
        if refused is None:
            raise
        raise refused from failure
    return finished(report, imported=len(rows), batch_id=batch.id, progress=progress, steps=4)


def _write(path: Path, now: datetime, preview: ReadingsPreview, report: ImportReport,
           to_write: list, warnings: list[RowProblem], source: str, cancel: threading.Event | None):
    """The batch, its new meters and its readings, in one transaction."""
    with database.atomic() as transaction:
        lock_import((c.meter_id for c in to_write if c.meter_id is not None),
                    new_meters=any(c.new is not None for c in to_write))
        batch = ImportBatch.create(file_name=path.name, sha256=_sha256(path), at=now,
                                   user=audit.current_user(), rows=report.rows)
        created = write_new_meters(list({id(c.new): c.new for c in to_write if c.new is not None}.values()),
                                   batch.id)
        flagged = defaultdict(list)
        for w in warnings:
            flagged[w.row].append(w.message)
        bind_date = date_binder(Reading)
        days: dict[date | None, object] = {None: None}  # dates as bound, each made once
        rows = []
        for c in to_write:
            row = c.row
            meter_id = c.meter_id if c.meter_id is not None else created[c.new.meter.id]
            day = days.get(row.taken_on)
            if day is None and row.taken_on is not None:
                day = days[row.taken_on] = bind_date(row.taken_on)
            notes = flagged.get(row.row)
            rows.append((meter_id, row.period, day, *row.values, source, batch.id,
                         joined_notes(notes) if notes else ""))
        insert_rows(Reading, ["meter", "period", "taken_on", "t1", "t2", "t3", "source", "batch",
                              "flagged"], rows, stored_form=True)
        stop_if_cancelled(cancel, transaction)
        ImportBatch.update(imported=len(rows), warnings=len(warnings), meters_created=len(created)
                           ).where(ImportBatch.id == batch.id).execute()
        audit.record("import", "readings", batch.id, now=now, file=path.name, rows=len(rows),
                     meters_created=len(created))
        if preview.parsed.layout is not None:
            from tsj_desk.services import column_layouts

            column_layouts.remember(column_layouts.READINGS, preview.parsed.layout, file_name=path.name,
                                    now=now)
    return batch, created, rows


@dataclass(frozen=True)
class BatchInfo:
    id: int
    file_name: str
    sha256: str
    at: datetime
    user: str
    rows: int
    imported: int
    warnings: int
    meters_created: int
    undone_at: datetime | None


def list_batches() -> list[BatchInfo]:
    return [BatchInfo(b.id, b.file_name, b.sha256, b.at, b.user, b.rows, b.imported, b.warnings,
                      b.meters_created, b.undone_at)
            for b in ImportBatch.select().order_by(ImportBatch.at.desc(), ImportBatch.id.desc())]


def undo_batch(batch_id: int, *, now: datetime) -> int:
    """Remove every reading (and meter) an import created; returns the readings removed."""
    batch = batch_to_undo(ImportBatch, batch_id, missing="Загрузка не найдена.")
    with database.atomic():
        removed = Reading.delete().where(Reading.batch == batch_id).execute()
        created = [m.id for m in Meter.select(Meter.id).where(Meter.batch == batch_id)]
        if created:
            if Reading.select().where(Reading.meter.in_(created)).exists():
                raise ValidationFailed("По счётчикам, созданным этой загрузкой, уже внесены другие "
                                       "показания — отмените сначала их.")
            Meter.delete().where(Meter.id.in_(created)).execute()
        batch.undone_at = now
        batch.save()
        audit.record("undo", "readings", batch_id, now=now, file=batch.file_name, readings=removed)
    return removed


def write_error_report(preview: ReadingsPreview, out: Path) -> int:
    """The original rows with a column «Ошибка», to send back to whoever sent the file
    (with the rows whose reading is taken after the meter's verification date)."""
    from tsj_desk.documents.readings import write_error_report_xlsx
    from tsj_desk.services.readings_billing import report_notes

    messages: dict[int, list[str]] = defaultdict(list)
    for problem in preview.errors:
        messages[problem.row].append(_short(problem))
    for row, note in report_notes(preview.checked).items():  # listed too: billing will not count them
        messages[row].append(note)
    cells_by_row = dict(preview.parsed.rejected_cells)
    cells_by_row.update((c.row.row, c.row.cells) for c in preview.checked)
    rows = [(row, cells_by_row.get(row, []), "; ".join(text)) for row, text in sorted(messages.items())]
    write_error_report_xlsx(out, preview.parsed.header, rows)
    return len(rows)


def _short(problem: RowProblem) -> str:
    return f"{problem.column}: {problem.message}" if problem.column else problem.message
