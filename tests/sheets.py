"""Spreadsheets a test writes for an import: a header row, the rows, titles above them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def sheet(path: Path, header: list, rows: list[list], titles: tuple[str, ...] = ()) -> Path:
    """An .xlsx of one sheet: each of ``titles`` on a line of its own, then ``header`` and ``rows``."""
    book = Workbook()
    active = book.active
    for title in titles:
        active.append([title])
    active.append(header)
    for row in rows:
        active.append(row)
    book.save(path)
    return path
