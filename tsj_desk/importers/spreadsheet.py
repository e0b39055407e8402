"""Reading a sheet of a spreadsheet file into rows of cells.

python-calamine reads .xlsx, .xlsm, .xls and .ods ten times faster than openpyxl.
Row ``i`` of ``Table.rows`` is Excel row ``i + 1``; merged cells are expanded so
that every row a merged cell spans holds its value. Rows are taken from calamine one
at a time, equal strings sharing one Python object (``_sheet_rows``).

calamine trusts what a file declares and a failed Rust allocation aborts the whole
process, so every file first passes ``guards.check_spreadsheet`` (zip bombs, XML
entity declarations, sheets declaring a billion cells, broken .xls structures, text
copied into thousands of cells: ``text_guard``); any error calamine still raises, a
Rust panic included, becomes a ``FileProblem``.

The size limit on disk is 100 MB, far above any register or readings file an
office receives (those are kilobytes); ``set_size_limit`` changes it for the process
and ``size_limit=`` for one call. The window offers no setting for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import counted
from tsj_desk.importers.guards import (
    DEFAULT_LIMITS,
    DEFAULT_SIZE_LIMIT,
    DEFAULT_UNPACKED_LIMIT,
    MAX_ROWS,
    Limits,
    check_spreadsheet,
    size_text,
)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt"}  # a table saved as text: ``text_table``
UNSUPPORTED_SUFFIXES = {".xlsb": "двоичная книга Excel (.xlsb)", ".numbers": "таблица Numbers"}

_configured_size_limit = DEFAULT_SIZE_LIMIT


def set_size_limit(limit: int | None) -> None:
    """The largest file (bytes on disk) an import accepts; ``None`` restores the default."""
    global _configured_size_limit
    if limit is not None and limit <= 0:
        raise ValueError("size limit must be positive")
    _configured_size_limit = DEFAULT_SIZE_LIMIT if limit is None else int(limit)


def size_limit() -> int:
    """The size limit in force (``set_size_limit``, else ``DEFAULT_SIZE_LIMIT``)."""
    return _configured_size_limit


@dataclass
class Table:
    path: Path
    sheet_name: str
    rows: list[list[object]]


def check_file(path: Path, size_limit: int | None = None) -> None:
    """Refuse a missing, empty or oversized file before any parser sees it."""
    limit = _configured_size_limit if size_limit is None else size_limit
    path = Path(path)
    if not path.exists():
        raise FileProblem(f"Файл «{path}» не найден.")
    if path.is_dir():
        raise FileProblem(f"«{path}» — это папка, а не файл.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblem(f"Файл «{path.name}» не открывается: {exc.strerror or exc}.") from exc
    if size == 0:
        raise FileProblem(f"Файл «{path.name}» пустой.")
    if size > limit:
        raise FileProblem(
            f"Файл «{path.name}» слишком большой ({size_text(size)}, "
            f"допускается до {size_text(limit)})."
        )


def refuse_disguised_book(path: Path) -> None:
    """A workbook saved under another name («реестр.csv» that is an .xlsx inside) is named
    for what it is, instead of being read as text or refused as no table at all."""
    try:
        with open(path, "rb") as file:
            start = file.read(8)
            file.seek(30)
            local_name = file.read(8)
            mimetype = file.read(60) if local_name == b"mimetype" else b""
    except OSError:
        return
    if start.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind, suffix = "книга Excel 97–2003", ".xls"
    elif start.startswith(b"PK\x03\x04"):
        ods = b"opendocument.spreadsheet" in mimetype
        kind, suffix = ("таблица LibreOffice", ".ods") if ods else ("книга Excel", ".xlsx")
    else:
        return
    raise FileProblem(f"Файл «{path.name}» — {kind}, хотя у него расширение {path.suffix}. "
                      f"Переименуйте его в «{path.stem}{suffix}» и загрузите снова.")


def read_table(
    path: str | Path,
    *,
    size_limit: int | None = None,
    unpacked_limit: int | None = None,
    sheet: str | None = None,
    limits: Limits | None = None,
) -> Table:
    """The first non-empty sheet (or the named one) of a spreadsheet file.

    ``size_limit`` (bytes on disk) defaults to ``limits.size`` when ``limits`` is
    given, else to the configured limit (``set_size_limit``); ``unpacked_limit``
    (bytes after unzipping) to ``limits.unpacked``; ``limits`` sets every bound of
    ``guards.Limits`` at once.
    """
    path = Path(path)
    if limits is None:
        limits = replace(DEFAULT_LIMITS, size=_configured_size_limit)
    if size_limit is not None:
        limits = replace(limits, size=size_limit)
    if unpacked_limit is not None:
        limits = replace(limits, unpacked=unpacked_limit)
    check_file(path, limits.size)
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise FileProblem(f"Файл «{path.name}» — {UNSUPPORTED_SUFFIXES[suffix]}, такой формат не "
                          "поддерживается. Сохраните его как книгу Excel (.xlsx).")
    if suffix in TEXT_SUFFIXES:
        refuse_disguised_book(path)
        from tsj_desk.importers.text_table import text_rows

        rows = text_rows(path, limits.cells)
        if len(rows) > limits.rows:
            raise FileProblem(f"В файле «{path.name}» {counted(len(rows), 'строка', 'строки', 'строк')} — "
                              f"больше допустимых {limits.rows}.")
        if not any(any(cell for cell in row) for row in rows):
            raise FileProblem(f"В файле «{path.name}» нет ни одной заполненной строки.")
        return Table(path, "", rows)
    if suffix not in SPREADSHEET_SUFFIXES:
        refuse_disguised_book(path)
        raise FileProblem(
            f"Файл «{path.name}» не является таблицей: ожидается .xlsx, .xls, .ods или .csv."
        )
    try:
        check_spreadsheet(path, limits)
    except OSError as exc:
        raise FileProblem(f"Файл «{path.name}» не читается: {exc.strerror or exc}.") from exc

    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine's own errors, and a Rust panic (a BaseException)
        if not _is_calamine_failure(exc):
            raise
        raise FileProblem(
            f"Файл «{path.name}» не удалось прочитать как таблицу: он повреждён или "
            f"это не файл Excel/LibreOffice ({_reason(exc)})."
        ) from exc
    try:
        names = [sheet] if sheet else list(workbook.sheet_names)
        for name in names:
            try:
                data = workbook.get_sheet_by_name(name)
            except BaseException as exc:
                if not _is_calamine_failure(exc):
                    raise
                if type(exc).__name__ == "WorksheetNotFound":
                    raise FileProblem(f"В файле «{path.name}» нет листа «{name}».") from exc
                raise FileProblem(f"Лист «{name}» файла «{path.name}» повреждён: не удалось его "
                                  f"прочитать ({_reason(exc)}).") from exc
            if data.total_height > limits.rows:
                raise FileProblem(
                    f"Лист «{name}» файла «{path.name}» объявляет {data.total_height} строк — "
                    f"больше допустимых {limits.rows}."
                )
            rows = _sheet_rows(data)
            if any(any(cell not in ("", None) for cell in row) for row in rows):
                _expand_merged(rows, data.merged_cell_ranges or [], path.name, limits.cells)
                return Table(path, name, rows)
    except FileProblem:
        raise
    except BaseException as exc:
        if not _is_calamine_failure(exc):
            raise
        raise FileProblem(
            f"Файл «{path.name}» повреждён: не удалось прочитать лист ({_reason(exc)})."
        ) from exc
    finally:
        workbook.close()
    raise FileProblem(f"В файле «{path.name}» нет ни одного заполненного листа.")


_KNOWN_STRINGS = 100_000  # distinct strings remembered for sharing; then the memory starts anew


def _sheet_rows(data) -> list[list[object]]:
    """The sheet from A1 to its last cell, as ``to_python(skip_empty_area=False)`` gives it.

    Built one row at a time from calamine's row iterator, equal strings sharing one
    Python object: a column that repeats a period, a resource or an account costs one
    string, not one a row, and no second copy of the sheet is made in Rust
    (``to_python`` copies the whole range when a sheet does not start at A1). Peak
    memory of a whole readings import, 6 columns: 400,000 rows 253 MB instead of
    367 MB, 1,000,000 rows 592 MB instead of 881 MB (``tests/robustness/
    test_hostile_files.py`` holds the 400,000-row one under 300 MB). What remains is
    calamine's own reading of the sheet (about 96 bytes a cell at its peak) and the
    parsed rows.
    """
    start = data.start
    if start is None:  # nothing in the sheet (its row iterator would panic)
        return []
    lead = [""] * start[1]  # the iterator starts at the first used column
    known: dict[str, str] = {}
    share = known.setdefault
    rows: list[list[object]] = []
    append = rows.append
    for row in data.iter_rows():
        cells = [share(cell, cell) if cell.__class__ is str else cell for cell in row]
        if lead:
            cells[:0] = lead
        append(cells)
        if len(known) > _KNOWN_STRINGS:
            known.clear()
    return rows


def _is_calamine_failure(exc: BaseException) -> bool:
    """calamine's exceptions and a Rust panic; never KeyboardInterrupt or SystemExit."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
        return False
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _expand_merged(rows: list[list[object]], ranges: list, file_name: str = "",
                   max_cells: int = DEFAULT_LIMITS.cells) -> None:
    """Copy the value of each merged range's top-left cell into the whole range.

    Ranges are clipped to the rows and columns the sheet has: a file may declare a
    merge of A1:XFD1048576 over three cells. Overlapping merges (never written by
    Excel or LibreOffice) may not make the work grow beyond the sheet's size.
    """
    if not rows:
        return
    width = max(len(row) for row in rows)
    budget = max(len(rows) * max(width, 1), 1) + max_cells // 10
    for merged in ranges:
        try:
            (top, left), (bottom, right) = merged
            top, left, bottom, right = int(top), int(left), int(bottom), int(right)
        except (TypeError, ValueError):
            continue
        bottom, right = min(bottom, len(rows) - 1), min(right, width - 1)
        if top < 0 or left < 0 or top > bottom or left > right:
            continue
        budget -= (bottom - top + 1) * (right - left + 1)
        if budget < 0:
            raise FileProblem(f"Файл «{file_name}» повреждён: объединённые ячейки накладываются "
                              "друг на друга. Откройте его в Excel и сохраните заново.")
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, bottom + 1):
            row = rows[r]
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                if row[c] in ("", None):
                    row[c] = value


__all__ = [
    "DEFAULT_SIZE_LIMIT", "DEFAULT_UNPACKED_LIMIT", "MAX_ROWS", "SPREADSHEET_SUFFIXES", "Limits",
    "Table", "check_file", "read_table", "set_size_limit", "size_limit",
]
