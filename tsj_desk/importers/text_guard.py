"""The text a spreadsheet's cells would hold once read, bounded before calamine reads it.

calamine gives every cell its own copy of its text, and python-calamine copies it once
more into a Python ``str`` per cell. Where a file stores a text once and lets many
cells use it, a file of kilobytes becomes gigabytes in memory. Measured with
python-calamine 0.9.1 before this guard (peak resident memory of the importing process):

* .xlsx: sharedStrings.xml holds each string once and cells name it by its index
  (``<c t="s"><v>2</v></c>``). One 1 MB string named by 200 cells of a 4 KB file:
  410 MB; by 10,000 cells of a 54 KB file: about 20 GB (the zip-ratio guard lets it
  through, since parts under 1 MiB may compress as well as they like);
* .xls: the SST record and LABELSST cells, the same trick; a string holds at most
  65,535 characters, so the file grows to 110 KB for 3,000 cells (589 MB), about
  1 MB for 4 GB;
* .ods: a cell repeated by ``number-columns-repeated`` in a row repeated by
  ``number-rows-repeated`` is copied with its text (and its formula) into every
  position: a 1 MB text repeated 10 × 20 times in a 2 KB file: 599 MB and 13 s.

So ``guards.check_spreadsheet`` reads, in the same streaming pass as its other checks,
the text cells would take from elsewhere (a shared string, the cell a repeat copies),
erring on the larger side, and refuses the file when

* the shared strings hold more than ``limits.shared_strings`` strings or more than
  ``limits.shared_text`` bytes of text (calamine keeps them all while it reads);
* the cells of one sheet (of the whole .ods, which calamine reads at once) would take
  more than ``limits.sheet_text`` bytes of such text, each cell its own copy;
* the shared strings and all sheets together would hold more than ``limits.book_text``.

Text a file writes once per cell (an inline string, an .xls LABEL, an .ods cell that
is not repeated) costs no more than the file's own bytes, which the size and unpacked
limits bound; it is not counted here. Text is counted in UTF-8 bytes, as calamine
stores it (a Cyrillic letter: 2 bytes; Python's ``str`` takes about as much). How each
format is followed:

* .xlsx: every part whose name ends with ``sharedStrings.xml`` (calamine looks the part
  up ignoring case) is parsed with expat before any other part, mirroring calamine's
  reading (``shared_strings.py``): ``<si>`` items after ``<sst>``, the text of their
  ``<t>`` elements outside phonetic runs. Sheets are then counted per cell: an Excel/LibreOffice/openpyxl cell
  ``<c r="A1" s="1" t="s"><v>12</v></c>`` on a fast path (a regular expression per
  piece, and counts proving that no other cell names a shared string), anything else
  tag by tag. An index calamine would read differently (leading zeros, spaces, an
  index past the table) costs the longest string; every ``<v>`` of a cell is counted.
* .xls: the SST record and its CONTINUE records are walked as calamine walks them
  (``shared_strings.py``); each LABELSST cell costs its string.
* .ods: a cell repeated n times (columns × rows) costs n times its text: its string,
  date and time values and formula, its character data, the spaces of its
  ``<text:s>``.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.guard_messages import TEXT_ADVICE, MiB, refused, size_text
from tsj_desk.importers.shared_strings import (
    ATTRS,
    SHARED_ATTR,
    SharedStringsText,
    is_shared_strings_part,
    xls_sst_lengths,
)

MAX_SHARED_STRINGS = 2_000_000  # calamine keeps ~56 bytes a string besides its text
MAX_SHARED_TEXT = 64 * MiB  # bytes of text in the shared strings
MAX_SHEET_TEXT = 64 * MiB  # bytes of text in the cells of one sheet, each cell its own copy
MAX_BOOK_TEXT = 128 * MiB  # the shared strings and every sheet together
CARRY = 16 * MiB  # sheet XML without a cell end this long is counted as it stands


class BookText:
    """The text of one workbook's cells: its shared strings first, then each sheet.

    ``sheet_name(member)`` names the sheet a part holds for messages ("" when unknown).
    """

    def __init__(self, name: str, limits, sheet_name: Callable[[str], str] = lambda member: ""):
        self.name, self.limits, self.sheet_name = name, limits, sheet_name
        self.lengths = array("I")  # bytes of each shared string (the most any candidate part gives)
        self.longest = 0
        self.total = 0  # bytes of text of the shared strings and of every sheet counted so far
        self.sealed = False  # sheets are being counted: the shared strings must be complete

    # --- parts of an .xlsx

    def shared_strings(self, member: str) -> SharedStringsText:
        if self.sealed:
            raise RuntimeError("the shared strings must be read before any sheet")
        return SharedStringsText(self, member)

    def sheet(self, member: str) -> SheetText:
        self.sealed = True
        return SheetText(self, member)

    def ods(self, member: str) -> OdsText:
        self.sealed = True
        return OdsText(self, member)

    # --- what the parts report

    def add_shared(self, lengths: array, text: int, unknown: int = 0) -> None:
        """Merge the strings of one shared-strings part (several parts: the longest per index);
        ``unknown``: the most a string past ``lengths`` may hold (0: there is none)."""
        mine = self.lengths
        if not mine:
            self.lengths = mine = array("I", lengths)
        else:
            for index in range(min(len(mine), len(lengths))):
                if lengths[index] > mine[index]:
                    mine[index] = lengths[index]
            mine.extend(lengths[len(mine):])
        if lengths:
            self.longest = max(self.longest, max(lengths))
        self.longest = max(self.longest, unknown)
        self.add(text)

    def add(self, amount: int) -> None:
        self.total += amount
        if self.total > self.limits.book_text:
            raise refused(self.name, f"в ячейках книги оказалось бы больше {size_text(self.limits.book_text)} "
                                     f"текста — программа столько не загружает. {TEXT_ADVICE}")

    def cost(self, index_text: bytes | None) -> int:
        """Bytes of the shared string a ``<v>`` of a shared-string cell names."""
        if index_text is None:
            return self.longest
        if not index_text:
            return 0
        if index_text.isdigit() and len(index_text) <= 10 and (index_text[0] != 48 or len(index_text) == 1):
            index = int(index_text)
            if index < len(self.lengths):
                return self.lengths[index]
        return self.longest  # calamine reads such an index as 0, or finds no string

    def sheet_too_big(self, where: str) -> FileProblem:
        return refused(self.name, f"в ячейках {where} оказалось бы больше {size_text(self.limits.sheet_text)} "
                                  f"текста — программа столько не загружает. {TEXT_ADVICE}")

    def where(self, member: str) -> str:
        sheet = self.sheet_name(member)
        return f"листа «{sheet}»" if sheet else f"листа (часть «{member}»)"

    # --- .xls

    def xls_shared_strings(self, stream: bytes, parts: list[tuple[int, int]]) -> None:
        """The SST record (``parts[0]``) and its CONTINUE records, walked as calamine does."""
        lengths, text = xls_sst_lengths(stream, parts, self)
        self.add_shared(lengths, text)
        self.sealed = True

    def xls_sheet(self, text: int, sheet: str) -> None:
        if text > self.limits.sheet_text:
            raise self.sheet_too_big(f"листа {sheet}" if sheet else "листа")
        self.add(text)


# ---------------------------------------------------------------- .xlsx sheets

# The end of a shared-string cell as Excel, LibreOffice and openpyxl write it.
_FAST_SHARED = re.compile(rb't="s"><v>(0|[1-9][0-9]{0,9})</v></c>')
_CELL_EVENT = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(c|v)(?=[\s/>])(" + ATTRS + rb")>")


class SheetText:
    """The bytes of text calamine would put into the cells of one worksheet part.

    The stream is cut after the last ``</c>`` of each piece (the rest waits for the
    next piece), so the fast path always sees whole cells.
    """

    def __init__(self, book: BookText, member: str):
        self.book, self.member = book, member
        self.text = 0
        self.carry = b""
        self.in_cell = False  # the tag-by-tag path's state between pieces
        self.shared = False

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk if self.carry else chunk
        cut = data.rfind(b"</c>") + 4
        if cut < 4:
            if len(data) <= CARRY:
                self.carry = data
                return
            cut = len(data)
        self.carry = data[cut:]
        self._count(data, cut)

    def close(self) -> None:
        if self.carry:
            self._count(self.carry, len(self.carry))
            self.carry = b""

    def _count(self, data: bytes, end: int) -> None:
        """Count the cells of ``data[:end]``."""
        before = self.text
        if self.in_cell or not self._fast(data, end):
            self._slow(data, end)
        added = self.text - before
        if added:
            if self.text > self.book.limits.sheet_text:
                raise self.book.sheet_too_big(self.book.where(self.member))
            self.book.add(added)

    def _fast(self, piece: bytes, end: int) -> bool:
        """Every cell naming a shared string is written as Excel writes it: the text
        without a loop over cells.

        A cell names a shared string by its attribute ``t`` set to exactly ``s``, so
        each one holds ``"s"`` or ``'s'``. When every ``"s"`` and ``'s'`` of the piece
        is a ``t="s"``, and every ``t="s"`` ends a tag followed by one ``<v>`` index and
        the cell's end, the indexes found are all there are.
        """
        marks = piece.count(b't="s"', 0, end)
        if piece.count(b'"s"', 0, end) + piece.count(b"'s'", 0, end) != marks:
            return False
        if not marks:
            return True
        refs = _FAST_SHARED.findall(piece, 0, end)
        if len(refs) != marks:
            return False
        book = self.book
        indexes = list(map(int, refs))
        lengths = book.lengths
        if max(indexes) < len(lengths):
            self.text += sum(map(lengths.__getitem__, indexes))
        else:
            self.text += sum(lengths[i] if i < len(lengths) else book.longest for i in indexes)
        return True

    def _slow(self, piece: bytes, end: int) -> None:
        book = self.book
        text = 0
        for match in _CELL_EVENT.finditer(piece, 0, end):
            closing, tag, attrs = match.groups()
            closed = attrs.endswith(b"/")
            if tag == b"c":
                if closing:
                    self.in_cell = self.shared = False
                else:
                    self.in_cell = not closed
                    self.shared = self.in_cell and SHARED_ATTR.search(attrs) is not None
            elif not closing and not closed and self.in_cell and self.shared:  # a <v> naming a string
                stop = piece.find(b"<", match.end(), end)
                text += book.cost(piece[match.end():stop] if stop >= 0 else None)
        self.text += text


# ---------------------------------------------------------------- .ods content

_ANY_TAG = re.compile(rb"<[^>]*>")
_ODS_EVENT = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(table-cell|covered-table-cell|table-row)(?=[\s/>])("
                        + ATTRS + rb")>")
_ODS_STRING_ATTR = re.compile(rb"""(?:string-value|date-value|time-value|formula)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ODS_SPACES = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?s(?=[\s/>])[^>]*?\s(?:[\w.-]+:)?c\s*=\s*["']\s*\+?([0-9]+)""")
_ODS_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p(?=[\s/>])")
_ROWS_REPEATED = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?number-rows-repeated\s*=\s*["']\s*\+?([0-9]+)""")
_COLS_REPEATED = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?number-columns-repeated\s*=\s*["']\s*\+?([0-9]+)""")


def declared_count(digits: bytes) -> int:
    """A number a file declares (a repeat, a count, a row): beyond 18 digits simply huge.

    Python refuses to convert more than 4,300 digits (``ValueError``), which a hostile
    file may well write; calamine reads them as an overflow or a huge number.
    """
    digits = digits.lstrip(b"0") or b"0"
    return int(digits) if len(digits) <= 18 else 10**18


def _repeat(pattern: re.Pattern, attrs: bytes) -> int:
    values = pattern.findall(attrs)
    return max(max(map(declared_count, values)), 1) if values else 1


def _content_text(segment: bytes) -> tuple[int, int]:
    """Bytes of text in a piece of a cell's content (its character data, entities as
    written, and the spaces of its ``<text:s>``), and the paragraphs begun in it."""
    text = len(segment) - sum(map(len, _ANY_TAG.findall(segment)))
    if b"c" in segment:
        text += sum(map(declared_count, _ODS_SPACES.findall(segment)))
    return text, len(_ODS_PARAGRAPH.findall(segment))


def _attribute_text(attrs: bytes) -> int:
    """Bytes of the attributes calamine turns into text: string, date and time values, formulas."""
    return sum(len(a) + len(b) for a, b in _ODS_STRING_ATTR.findall(attrs))


class OdsText:
    """The text of the cells calamine copies: a cell repeated n times (its
    ``number-columns-repeated`` × its row's ``number-rows-repeated``) holds n copies of
    its text (string value, content, formula). A cell written once costs what the file
    holds, and is not counted. calamine reads all tables of the file at once, so the
    sheet bound applies to the whole content.xml.
    """

    def __init__(self, book: BookText, member: str):
        self.book, self.member = book, member
        self.text = 0
        self.rows_repeated = 1
        self.copies = 0  # copies of the cell whose content is being measured,
        self.cell_from: int | None = None  # where its content starts in the piece,
        self.cell_text = self.cell_paragraphs = 0  # what it held in earlier pieces

    def feed(self, chunk: bytes) -> None:
        if b"repeated" not in chunk and self.rows_repeated == 1 and self.cell_from is None:
            return
        self._add(self._repeats(chunk))

    def _add(self, text: int) -> None:
        if text:
            self.text += text
            if self.text > self.book.limits.sheet_text:
                raise self.book.sheet_too_big("книги")
            self.book.add(text)

    def _measure(self, segment: bytes) -> None:
        text, paragraphs = _content_text(segment)
        self.cell_text += text
        self.cell_paragraphs += paragraphs

    def _cell_copies(self) -> int:
        """The text of all copies of the cell just ended (a line break between paragraphs)."""
        text = self.copies * (self.cell_text + max(0, self.cell_paragraphs - 1))
        self.cell_from, self.cell_text, self.cell_paragraphs = None, 0, 0
        return text

    def _repeats(self, chunk: bytes) -> int:
        text = 0
        for match in _ODS_EVENT.finditer(chunk):
            end, tag, attrs = match.groups()
            closed = attrs.endswith(b"/")
            if tag == b"table-row":
                if end or closed:
                    self.rows_repeated = 1
                else:
                    self.rows_repeated = _repeat(_ROWS_REPEATED, attrs) if b"repeated" in attrs else 1
            elif end:
                if self.cell_from is not None:
                    self._measure(chunk[self.cell_from:match.start()])
                    text += self._cell_copies()
            else:
                copies = (_repeat(_COLS_REPEATED, attrs) if b"repeated" in attrs else 1) * self.rows_repeated
                if copies > 1:
                    text += copies * _attribute_text(attrs)
                    if not closed:
                        self.copies, self.cell_from = copies, match.end()
        if self.cell_from is not None:  # the cell goes on into the next piece
            self._measure(chunk[self.cell_from:])
            self.cell_from = 0
        return text

    def close(self) -> None:
        if self.cell_from is not None:
            self._add(self._cell_copies())


__all__ = [
    "CARRY", "MAX_BOOK_TEXT", "MAX_SHARED_STRINGS", "MAX_SHARED_TEXT", "MAX_SHEET_TEXT", "BookText", "OdsText",
    "SheetText", "declared_count", "is_shared_strings_part",
]
