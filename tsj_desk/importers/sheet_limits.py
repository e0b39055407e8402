"""What a spreadsheet may declare (``Limits``), and the check of one sheet's extent.

The bounds every guard of ``guards.check_spreadsheet`` works with; ``check_extent``
refuses a sheet too big for calamine's memory, or stretched far beyond what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import plural
from tsj_desk.importers.guard_messages import MiB, column_name
from tsj_desk.importers.guard_messages import number_text as _n
from tsj_desk.importers.text_guard import MAX_BOOK_TEXT, MAX_SHARED_STRINGS, MAX_SHARED_TEXT, MAX_SHEET_TEXT

DEFAULT_SIZE_LIMIT = 100 * MiB  # bytes of the file on disk
DEFAULT_UNPACKED_LIMIT = 1024 * MiB  # bytes of all zip parts after unpacking
MAX_ROWS = 400_000  # rows of one sheet; with MAX_CELLS an import stays under 300 MB
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
MAX_CELLS = 2_000_000  # rows × columns of one sheet: a file at this bound imports in under 300 MB
SPARSE_AREA = 1_000_000  # a sheet may stretch this far whatever it holds …
SPARSE_FACTOR = 16  # … beyond it, at least one cell in 16 must hold a value
MAX_RATIO = 100  # unpacked / packed size of one zip part; real sheets are 5–30
RATIO_FLOOR = MiB  # parts smaller than this may compress as well as they like
MAX_MEMBERS = 10_000
MAX_DIRECTORY = 4 * MiB  # bytes of the zip's central directory
MAX_SHEETS = 1_000
MAX_SPACES = 10_000_000  # .ods <text:s text:c="…"/> spaces in one file
MAX_PROLOG = MiB  # bytes of an XML part fed to defusedxml before its root element
MAX_TAG = 8 * MiB  # a tag longer than this is not a spreadsheet's
CHUNK = 4 * MiB


@dataclass(frozen=True)
class Limits:
    """What a spreadsheet may declare; ``size`` is the file's size on disk."""

    size: int = DEFAULT_SIZE_LIMIT
    unpacked: int = DEFAULT_UNPACKED_LIMIT
    ratio: int = MAX_RATIO
    members: int = MAX_MEMBERS
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS
    cells: int = MAX_CELLS
    sparse_area: int = SPARSE_AREA
    sparse_factor: int = SPARSE_FACTOR
    shared_strings: int = MAX_SHARED_STRINGS  # strings in the shared-strings table (text_guard)
    shared_text: int = MAX_SHARED_TEXT  # bytes of text in it
    sheet_text: int = MAX_SHEET_TEXT  # bytes of text one sheet's cells take from elsewhere
    book_text: int = MAX_BOOK_TEXT  # the shared strings and all sheets together


DEFAULT_LIMITS = Limits()


@dataclass
class Extent:
    """Where a sheet's cells reach (0-based maxima) and how many hold a value."""

    max_row: int = -1
    max_col: int = -1
    cells: int = 0

    def add(self, row: int, col: int) -> None:
        if row > self.max_row:
            self.max_row = row
        if col > self.max_col:
            self.max_col = col


def check_extent(name: str, extent: Extent, limits: Limits, sheet: str = "") -> None:
    """Refuse a sheet too big for memory, or stretched far beyond what it holds."""
    rows, cols = extent.max_row + 1, extent.max_col + 1
    if rows <= 0 or cols <= 0:
        return
    where = f"лист «{sheet}» файла «{name}»" if sheet else f"лист файла «{name}»"
    if rows > limits.rows:
        raise FileProblem(f"В {_where(where)} {_rows(rows)} — больше допустимых {_n(limits.rows)}. "
                          "Такой файл не загружается.")
    if cols > limits.columns:
        raise FileProblem(f"В {_where(where)} {_columns(cols)} — больше допустимых {_n(limits.columns)}. "
                          "Такой файл не загружается.")
    area = rows * cols
    if area > limits.cells:
        raise FileProblem(f"{where[0].upper() + where[1:]} слишком велик: {_rows(rows)} на {_columns(cols)}, а "
                          f"допускается не больше {_n(limits.cells)} ячеек. Удалите лишние строки и "
                          "столбцы и сохраните файл заново.")
    if area > limits.sparse_area and area > limits.sparse_factor * max(extent.cells, 1):
        raise FileProblem(f"{where[0].upper() + where[1:]} растянут до ячейки {column_name(cols - 1)}{rows}, хотя "
                          f"значений в нём около {_n(extent.cells)}. Удалите лишние ячейки справа "
                          "и снизу от таблицы и сохраните файл заново.")


def _where(where: str) -> str:
    """«лист … файла …» after «В»: «листе … файла …»."""
    return "листе" + where[4:]


def _rows(count: int) -> str:
    return f"{_n(count)} {plural(count, 'строка', 'строки', 'строк')}"


def _columns(count: int) -> str:
    return f"{_n(count)} {plural(count, 'столбец', 'столбца', 'столбцов')}"


__all__ = [
    "CHUNK", "DEFAULT_LIMITS", "DEFAULT_SIZE_LIMIT", "DEFAULT_UNPACKED_LIMIT", "MAX_CELLS", "MAX_COLUMNS",
    "MAX_DIRECTORY", "MAX_MEMBERS", "MAX_PROLOG", "MAX_RATIO", "MAX_ROWS", "MAX_SHEETS", "MAX_SPACES", "MAX_TAG",
    "RATIO_FLOOR", "SPARSE_AREA", "SPARSE_FACTOR", "Extent", "Limits", "check_extent",
]
