"""Checks a spreadsheet file must pass before python-calamine opens it (hostile input).

python-calamine (Rust) trusts what a file declares, and when a Rust allocation fails
the process *aborts*: no Python exception, the window simply disappears. Measured
with python-calamine 0.9.1 (calamine 0.37, zip 9.2, quick-xml 0.42) on the files of
``tests/robustness/test_hostile_files.py``, without these checks:

* .xlsx with two cells, A1 and XFD1048576: calamine asks for a dense range of 17
  billion cells (550 GB) and aborts; A1 and Z1000000: 4.5 s and 1.1 GB;
* ``uniqueCount="4294967295"`` in sharedStrings.xml: aborts (103 GB reserved);
* a 4.5 MB .xlsx whose sheet unpacks to 3 GB: still parsing after 400 s (a 300 MB
  one: 9.6 s, 965 MB); a 2 GB sharedStrings.xml: 2 GB of memory;
* .xls whose DIMENSIONS record declares 4 billion rows: aborts; a 6 KB .xls with
  cells at A1 and IV65536: 3.3 s and 1.2 GB; a DIFAT listing one FAT sector 50,000
  times (200 KB): 25 MB more, growing with the file (a 100 MB one: ~12 GB);
* .ods with ``<text:s text:c="1000000000"/>`` in a cell: 12 s and 3.9 GB; a value
  repeated over 16,000 columns × 5,000 rows: 22 s, 6.7 GB, then a Rust panic;
  a ``<table:table>`` never closed: an endless loop at 100 % CPU;
* harmless on their own: a ``<dimension ref="A1:XFD1048576"/>`` (calamine does not
  reserve by it), entity declarations (quick-xml expands none: "unrecognized
  entity"), a zip member larger than its header says (zip 9 refuses it).

So before calamine sees a file, ``check_spreadsheet`` reads it once, as a stream,
with bounded memory, and refuses it with a ``FileProblem`` when:

* it is a zip (.xlsx, .xlsm, .ods) with a damaged or oversized directory, more than
  ``members`` parts, encrypted or exotically compressed parts, overlapping parts,
  a part that unpacks to more than ``ratio`` times its packed size (a zip bomb), to
  more than its header says, or to more than ``unpacked`` bytes in all;
* any XML part declares a DOCTYPE or an ENTITY (checked with defusedxml on the
  prolog and by a byte scan of the whole part, since quick-xml accepts a DOCTYPE
  anywhere); spreadsheets never need one;
* a sheet's cells reach beyond ``rows`` rows or ``columns`` columns, cover more
  than ``cells`` cells, or cover more than ``sparse_area`` cells while holding
  fewer than 1/``sparse_factor`` of them (a sheet "declaring" a billion cells);
* sharedStrings.xml declares more strings than it can hold; the workbook names one
  big part as many sheets; an .ods content.xml is not well-formed XML or repeats
  spaces beyond ``MAX_SPACES``; an .xls has a broken compound-file structure
  (cycles, a FAT bigger than the file), overlapping sheets or an absurd DIMENSIONS;
* cells would take more text from elsewhere than ``shared_strings``,
  ``shared_text``, ``sheet_text`` and ``book_text`` allow: a shared string named by
  thousands of cells, a long text in a repeated .ods cell (``text_guard``, fed in the
  same pass; the shared-strings parts are read first).

The cell extents are computed the way calamine computes them (explicit ``r``
references and implicit positions for .xlsx, repeats for .ods, cell records for
.xls), erring on the larger side; ``tests/robustness/test_guards.py`` checks that
against calamine on random sheets. Cost: an .xlsx written by Excel, LibreOffice or
openpyxl (every cell ``<c r="A1"…``) takes the fast path, about a third of
calamine's own read time (0.3 s for 100,000 rows × 6 columns); a sheet without
``r`` attributes takes a tag-by-tag path, about four times calamine's time.

The checks live by format: ``zip_guard`` (the archive and its XML parts),
``xlsx_sheet_guard`` and ``ods_guard`` (sheet extents), ``xls_guard`` (compound file
and BIFF records), ``text_guard`` with ``shared_strings`` (text copied into many
cells); ``sheet_limits`` holds ``Limits`` and ``check_extent``. This module is the
entry point and keeps the names the importers use.
"""

from __future__ import annotations

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.guard_messages import column_name, size_text
from tsj_desk.importers.sheet_limits import (
    DEFAULT_LIMITS,
    DEFAULT_SIZE_LIMIT,
    DEFAULT_UNPACKED_LIMIT,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    SPARSE_AREA,
    SPARSE_FACTOR,
    Extent,
    Limits,
    check_extent,
)
from tsj_desk.importers.xls_guard import check_xls
from tsj_desk.importers.zip_guard import check_zip

ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def check_spreadsheet(path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a hostile or broken spreadsheet before calamine reads it.

    ``path`` must exist and be within ``limits.size`` (``spreadsheet.check_file``);
    the reader calamine uses is chosen by the suffix, so the suffix decides here too.
    """
    name = path.name
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        magic = handle.read(8)
        if suffix in ZIP_SUFFIXES:
            if not magic.startswith(b"PK"):
                kind = "LibreOffice (.ods)" if suffix == ".ods" else "Excel (.xlsx)"
                raise FileProblem(f"Файл «{name}» не является таблицей {kind}: внутри не zip-архив. "
                                  "Откройте его в Excel или LibreOffice и сохраните заново.")
            check_zip(handle, name, "ods" if suffix == ".ods" else "xlsx", limits)
        elif suffix == ".xls":
            if magic != OLE_MAGIC:
                raise FileProblem(
                    f"Файл «{name}» — не книга Excel 97–2003, хотя назван .xls (возможно, это "
                    "веб-страница или XML). Откройте его в Excel и сохраните как .xlsx."
                )
            handle.seek(0)
            check_xls(handle.read(limits.size + 1), name, limits)


__all__ = [
    "DEFAULT_LIMITS", "DEFAULT_SIZE_LIMIT", "DEFAULT_UNPACKED_LIMIT", "MAX_CELLS", "MAX_COLUMNS", "MAX_ROWS",
    "SPARSE_AREA", "SPARSE_FACTOR", "Extent", "Limits", "check_extent", "check_spreadsheet", "column_name",
    "size_text",
]
