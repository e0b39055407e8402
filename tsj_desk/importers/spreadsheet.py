"""Reading a sheet of a spreadsheet file into rows of cells.

python-calamine reads .xlsx, .xls, .xlsm, .xlsb and .ods ten times faster than
openpyxl. Row ``i`` of ``Table.rows`` is Excel row ``i + 1``; merged cells are
expanded so that every row a merged cell spans holds its value.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from tsj_desk.domain.errors import FileProblem

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"}
DEFAULT_SIZE_LIMIT = 100 * 1024 * 1024  # bytes of the file on disk
DEFAULT_UNPACKED_LIMIT = 1024 * 1024 * 1024  # bytes after unzipping (zip bombs)
MAX_ROWS = 2_000_000


@dataclass
class Table:
    path: Path
    sheet_name: str
    rows: list[list[object]]


def check_file(path: Path, size_limit: int = DEFAULT_SIZE_LIMIT) -> None:
    """Refuse a missing, empty or oversized file before any parser sees it."""
    if not path.exists():
        raise FileProblem(f"Файл «{path}» не найден.")
    if path.is_dir():
        raise FileProblem(f"«{path}» — это папка, а не файл.")
    size = path.stat().st_size
    if size == 0:
        raise FileProblem(f"Файл «{path.name}» пустой.")
    if size > size_limit:
        raise FileProblem(
            f"Файл «{path.name}» слишком большой ({size // (1024 * 1024)} МБ, "
            f"допускается до {size_limit // (1024 * 1024)} МБ)."
        )


def _check_zip(path: Path, unpacked_limit: int) -> None:
    """An .xlsx/.ods is a zip: refuse one that unpacks to absurd sizes (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileProblem(
            f"Файл «{path.name}» повреждён или не является таблицей Excel/LibreOffice."
        ) from exc
    if unpacked > unpacked_limit:
        raise FileProblem(
            f"Файл «{path.name}» после распаковки занимает больше "
            f"{unpacked_limit // (1024 * 1024)} МБ — такой файл не загружается."
        )


def read_table(
    path: str | Path,
    *,
    size_limit: int = DEFAULT_SIZE_LIMIT,
    unpacked_limit: int = DEFAULT_UNPACKED_LIMIT,
    sheet: str | None = None,
) -> Table:
    """The first non-empty sheet (or the named one) of a spreadsheet file."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_file(path, size_limit)
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise FileProblem(
            f"Файл «{path.name}» не является таблицей: ожидается .xlsx, .xls или .ods."
        )
    if suffix in {".xlsx", ".xlsm", ".xlsb", ".ods"}:
        _check_zip(path, unpacked_limit)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken files
        raise FileProblem(
            f"Файл «{path.name}» не удалось прочитать как таблицу: он повреждён или "
            f"это не файл Excel/LibreOffice ({type(exc).__name__})."
        ) from exc
    try:
        names = [sheet] if sheet else list(workbook.sheet_names)
        for name in names:
            try:
                data = workbook.get_sheet_by_name(name)
            except Exception as exc:
                raise FileProblem(f"В файле «{path.name}» нет листа «{name}».") from exc
            if data.total_height > MAX_ROWS:
                raise FileProblem(
                    f"Лист «{name}» файла «{path.name}» объявляет {data.total_height} строк — "
                    f"больше допустимых {MAX_ROWS}."
                )
            rows = data.to_python(skip_empty_area=False)
            if any(any(cell not in ("", None) for cell in row) for row in rows):
                _expand_merged(rows, data.merged_cell_ranges or [])
                return Table(path, name, rows)
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(
            f"Файл «{path.name}» повреждён: не удалось прочитать лист ({type(exc).__name__})."
        ) from exc
    finally:
        workbook.close()
    raise FileProblem(f"В файле «{path.name}» нет ни одного заполненного листа.")


def _expand_merged(rows: list[list[object]], ranges: list) -> None:
    """Copy the value of each merged range's top-left cell into the whole range."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, right + 1):
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                if row[c] in ("", None):
                    row[c] = value
