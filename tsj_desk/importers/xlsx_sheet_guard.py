"""The worksheets of an .xlsx: where calamine would put their cells (``SheetScan``).

Part of ``guards.check_spreadsheet``: every zip part is fed to a ``SheetScan`` in
pieces that end after a ``>``; see ``guards`` for what is refused and what it costs.
"""

from __future__ import annotations

import functools
import re

from tsj_desk.importers.guard_messages import damaged as _damaged
from tsj_desk.importers.shared_strings import ATTRS as _ATTRS
from tsj_desk.importers.sheet_limits import Extent, Limits, check_extent
from tsj_desk.importers.text_guard import declared_count

# Fast path: every cell tag of a chunk starts <c r="A1" (Excel, LibreOffice, openpyxl…).
_EXPLICIT = re.compile(rb'<c(?: r="([A-Za-z]{1,3})([0-9]{1,7})")?(?=[\s>/])')
_EXPLICIT_REF = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"')
_SAMPLE = 64 * 1024
# Slow path: any row or cell tag, any namespace prefix, start, end or empty.
_SHEET_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])(" + _ATTRS + rb")>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]{1,4})([0-9]{1,9})")
_VALUES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)[\s>]")
_TAG_END = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_ROW_EVENTS = re.compile(rb"<(/?)row(?=[\s/>])(" + _ATTRS + rb")>")
_PREFIXED = re.compile(rb":(?:c[\s>/]|row)")  # a prefixed cell or row tag (or text like it)


def column_index(letters: bytes) -> int:
    index = 0
    for byte in letters.upper():
        index = index * 26 + byte - 64
    return index - 1


@functools.lru_cache(maxsize=64)
def _beyond(letters: bytes, row: int) -> re.Pattern:
    """A cell tag without ``r="A1"`` first, or one past column ``letters`` or row ``row``."""
    return re.compile(rb'<c(?:(?=[\s>/])(?! r="[A-Za-z]{1,3}[0-9]{1,7}"[\s>/])'
                      rb'| r="(?:' + letters_above(letters) + rb')[0-9]'
                      rb'| r="[A-Za-z]{1,3}0*(?:' + number_above(row) + rb')")')


def letters_above(letters: bytes) -> bytes:
    """Column letters (either case) after ``letters`` (upper case), as a regex."""
    size = len(letters)
    options = [rb"[A-Za-z]{%d,}" % (size + 1)]
    for i, byte in enumerate(letters):
        if byte < ord("Z"):
            prefix = b"".join(b"[%c%c]" % (c, c + 32) for c in letters[:i])
            after = b"[%c-Z%c-z]" % (byte + 1, byte + 33)
            options.append(prefix + after + (rb"[A-Za-z]{%d}" % (size - i - 1)))
    return b"|".join(options)


def number_above(number: int) -> bytes:
    """Decimal numbers (no leading zeros) greater than ``number``, as a regex."""
    digits = str(number).encode()
    size = len(digits)
    options = [rb"[1-9][0-9]{%d,}" % size]
    for i, byte in enumerate(digits):
        if byte < ord("9"):
            options.append(digits[:i] + b"[%c-9]" % (byte + 1) + (rb"[0-9]{%d}" % (size - i - 1)))
    return b"|".join(options)


class SheetScan:
    """Where calamine would put the cells of one worksheet part.

    calamine takes a cell's position from its ``r`` attribute; without one, from the
    current row (a ``<row r>``, or one past the previous row) and one past the
    previous cell, an empty ``<c/>`` included. Cells without a value are dropped
    from calamine's range; here every cell tag counts, which can only overestimate.
    """

    def __init__(self, name: str, member: str, limits: Limits):
        self.name, self.member, self.limits = name, member, limits
        self.extent = Extent()
        self.row = 0  # calamine's current row and column for cells without r
        self.col = 0
        self.seen = False

    def feed(self, chunk: bytes) -> None:
        if b"<c" not in chunk and b":c" not in chunk and b"row" not in chunk:
            return
        if _PREFIXED.search(chunk) is None and self._fast(chunk):
            return
        self._slow(chunk)

    def _fast(self, chunk: bytes) -> bool:
        """Every cell tag of the chunk is ``<c r="A1"…``: the extent without a tag loop.

        Usually rows come in order, so the first and last 64 KB name the farthest
        row and column, and one search proves no cell goes beyond them; otherwise
        all references are collected.
        """
        sample = _EXPLICIT_REF.findall(chunk, 0, _SAMPLE)
        sample += _EXPLICIT_REF.findall(chunk, max(0, len(chunk) - _SAMPLE))
        if sample:
            row = max(int(digits) for _, digits in sample)
            letters = max((letters.upper() for letters, _ in sample), key=lambda text: (len(text), text))
            if row >= 1 and _beyond(letters, row).search(chunk) is None:
                self._add(chunk, row - 1, column_index(letters))
                return True
        refs = _EXPLICIT.findall(chunk)
        if not refs:
            return b"<row" not in chunk and b"</row" not in chunk
        letters, digits = zip(*refs)
        if min(letters) == b"":
            return False  # a cell without r first: calamine's implicit positions
        row = max(map(int, set(digits))) - 1
        if row < 0:
            raise _damaged(self.name, f"в части «{self.member}» ячейка в строке 0")
        self._add(chunk, row, max(map(column_index, set(letters))))
        return True

    def _add(self, chunk: bytes, row: int, col: int) -> None:
        self.seen = True
        extent = self.extent
        extent.add(row, col)
        extent.cells += chunk.count(b"<v>") + chunk.count(b"<is>")  # values; fewer is stricter
        # where implicit positions of a later chunk would continue: calamine's row is
        # the last <row r>'s (plus one per </row> after it); its column at most col + 1
        self.row = self._row_after(chunk)
        self.col = col + 1
        self._check_now()

    def _row_after(self, chunk: bytes) -> int:
        at = len(chunk)
        while (at := chunk.rfind(b"<row", 0, at)) >= 0 and chunk[at + 4:at + 5] not in _TAG_END:
            pass
        if at < 0:
            return self.row + chunk.count(b"</row")
        close = chunk.find(b">", at)
        attrs = chunk[at + 4:close]
        value = self._attr(attrs)
        ends = chunk.count(b"</row", close)
        if value is not None and value.isdigit() and not attrs.endswith(b"/"):
            return declared_count(value) - 1 + ends
        # the last row has no r (or is empty): follow every row tag, as the slow path does
        row = self.row
        for end, attrs in _ROW_EVENTS.findall(chunk):
            value = None if end else self._attr(attrs)
            if value is not None and not value.isdigit():
                value = None
            row = self._next_row(row, bool(end), attrs.endswith(b"/"), value)
        return row

    @staticmethod
    def _next_row(row: int, end: bool, empty: bool, value: bytes | None) -> int:
        """calamine's current row after a row tag (an empty ``<row/>``: at most this)."""
        if end:
            return row + 1
        if not empty:
            return row if value is None else declared_count(value) - 1
        return row + 1 if value is None else max(row, declared_count(value))

    def _slow(self, chunk: bytes) -> None:
        extent = self.extent
        self.seen = True
        for end, tag, attrs in _SHEET_TAG.findall(chunk):
            if tag == b"row":
                value = None if end else self._attr(attrs)
                if value is not None and (not value.isdigit() or len(value) > 9 or int(value) < 1):
                    raise _damaged(self.name, f"в части «{self.member}» строка «{value[:20].decode('latin-1')}»")
                self.row = self._next_row(self.row, bool(end), attrs.endswith(b"/"), value)
                if end:
                    self.col = 0
                continue
            if end:
                continue
            value = self._attr(attrs)  # an empty <c/> too: it moves calamine's column on
            if value is None:
                row, col = self.row, self.col
            else:
                match = _REF.fullmatch(value)
                if match is None or int(match[2]) < 1:
                    raise _damaged(self.name, f"в части «{self.member}» ячейка «{value[:20].decode('latin-1')}»")
                row, col = int(match[2]) - 1, column_index(match[1])
            self.col = col + 1
            extent.add(row, col)
        extent.cells += len(_VALUES.findall(chunk))
        self._check_now()

    @staticmethod
    def _attr(attrs: bytes) -> bytes | None:
        match = _R_ATTR.search(attrs)  # calamine takes the first r, as here
        if match is None:
            return None
        return (match[1] if match[1] is not None else match[2]).strip()

    def _check_now(self) -> None:
        """Fail early on absurd rows/columns (the area waits for the whole part)."""
        extent, limits = self.extent, self.limits
        if extent.max_row >= limits.rows or extent.max_col >= limits.columns:
            check_extent(self.name, extent, limits)

    def close(self) -> list[Extent]:
        return [self.extent] if self.seen and self.extent.max_row >= 0 else []


__all__ = ["SheetScan", "column_index", "letters_above", "number_above"]
