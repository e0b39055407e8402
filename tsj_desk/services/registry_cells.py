"""What a register file says, cell by cell: the import preview shows it for the rows
whose values could not be parsed (the window reaches the importers through here)."""

from __future__ import annotations

from datetime import date

from tsj_desk.domain.text import clean_cell, format_date
from tsj_desk.importers.headers import match_header_row
from tsj_desk.importers.registry import REGISTRY_COLUMNS, ParsedRegistry
from tsj_desk.importers.spreadsheet import read_table

__all__ = ["file_cells"]


def file_cells(parsed: ParsedRegistry) -> dict[int, dict[str, str]]:
    """The text of every data row of the file by Excel row number and column key, from
    the cells the parse kept (the file is read again only for a parse that kept none)."""
    rows = parsed.table_rows or read_table(parsed.path, sheet=parsed.sheet).rows
    header = parsed.layout or match_header_row(rows[parsed.header_row - 1], REGISTRY_COLUMNS)
    result: dict[int, dict[str, str]] = {}
    for index in range(parsed.header_row, len(rows)):
        cells = rows[index]
        if not any(clean_cell(c) for c in cells):
            continue
        result[index + 1] = {key: _cell_text(cells[i]) for key, i in header.columns.items() if i < len(cells)}
    return result


def _cell_text(value: object) -> str:
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return clean_cell(value).replace(".", ",")
    return clean_cell(value)
