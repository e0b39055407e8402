"""The content.xml of an .ods: the extents of its tables, repeats expanded (``OdsScan``).

Part of ``guards.check_spreadsheet``; see ``guards`` for what is refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tsj_desk.importers.guard_messages import number_text as _n
from tsj_desk.importers.guard_messages import refused as _refused
from tsj_desk.importers.shared_strings import ATTRS as _ATTRS
from tsj_desk.importers.sheet_limits import MAX_SPACES, Extent, check_extent
from tsj_desk.importers.text_guard import declared_count

if TYPE_CHECKING:
    from tsj_desk.importers.zip_guard import Package

# Start tags of cells, rows, tables and text:s; end tags of rows and tables only.
_ODS_TAG = re.compile(rb"<(?:(/)(?:[A-Za-z_][\w.-]*:)?(table-row|table)"
                      rb"|(?:[A-Za-z_][\w.-]*:)?(table-cell|covered-table-cell|table-row|table|s)"
                      rb"(?=[\s/>])(" + _ATTRS + rb"))>")
_ROWS_REPEATED = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?number-rows-repeated\s*=\s*["']\s*\+?([0-9]+)""")
_COLS_REPEATED = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?number-columns-repeated\s*=\s*["']\s*\+?([0-9]+)""")
_SPACES = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?c\s*=\s*["']\s*\+?([0-9]+)""")
_VALUE_ATTR = re.compile(rb"(?:^|\s)(?:[\w.-]+:)?[\w-]*value[\w-]*\s*=")


class OdsScan:
    """The extents of the tables of content.xml, repeats expanded as calamine does.

    calamine drops trailing empty cells and rows (LibreOffice writes
    ``number-rows-repeated="1048553"`` for the empty rest of every sheet) but expands
    repeats before a value, and repeated cells and rows holding a value.
    """

    def __init__(self, package: Package, member: str):
        self.package, self.member = package, member
        self.extents: list[Extent] = []
        self.depth = 0
        self._new_table()

    def _new_table(self) -> None:
        self.extent = Extent()
        self.row_pos = 0
        self.rows_repeated = 1
        self.col_pos = 0
        self.last_content = 0
        self.in_row = False

    def feed(self, chunk: bytes) -> None:
        package = self.package
        extent = self.extent
        for end, end_tag, tag, attrs in _ODS_TAG.findall(chunk):
            if tag == b"table-cell" or tag == b"covered-table-cell":
                repeat = _repeat(_COLS_REPEATED, attrs) if b"repeated" in attrs else 1
                if not attrs.endswith(b"/") or (b"value" in attrs and _VALUE_ATTR.search(attrs)):
                    self.last_content = self.col_pos + repeat
                    extent.cells += 1
                self.col_pos += repeat
            elif end:
                if end_tag == b"table-row":
                    self._end_row()
                else:
                    self.depth = max(0, self.depth - 1)
                    if self.depth == 0:
                        self._end_table()
                        extent = self.extent
            elif tag == b"table-row":
                if self.in_row:
                    self._end_row()
                self.rows_repeated = _repeat(_ROWS_REPEATED, attrs) if b"repeated" in attrs else 1
                self.col_pos = self.last_content = 0
                self.in_row = True
                if attrs.endswith(b"/"):
                    self._end_row()
            elif tag == b"s":
                package.spaces += _repeat(_SPACES, attrs)
                if package.spaces > MAX_SPACES:
                    raise _refused(package.name, f"в ячейках больше {_n(MAX_SPACES)} пробелов подряд "
                                                 "(«text:s») — такой файл не загружается.")
            elif tag == b"table" and not attrs.endswith(b"/"):
                if self.depth == 0:
                    self._end_table()
                    extent = self.extent
                self.depth += 1

    def _end_row(self) -> None:
        if self.last_content:
            extent = self.extent
            extent.add(self.row_pos + self.rows_repeated - 1, self.last_content - 1)
            if extent.max_row >= self.package.limits.rows or extent.max_col >= self.package.limits.columns:
                check_extent(self.package.name, extent, self.package.limits)
        self.row_pos += self.rows_repeated
        self.in_row = False
        self.col_pos = self.last_content = 0

    def _end_table(self) -> None:
        if self.in_row:
            self._end_row()
        if self.extent.max_row >= 0:
            self.extents.append(self.extent)
        self._new_table()

    def close(self) -> list[Extent]:
        self._end_table()
        return self.extents


def _repeat(pattern: re.Pattern, attrs: bytes) -> int:
    values = pattern.findall(attrs)
    return max(max(map(declared_count, values)), 1) if values else 1


__all__ = ["OdsScan"]
