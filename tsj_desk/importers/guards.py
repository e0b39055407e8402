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
"""

from __future__ import annotations

import functools
import re
import struct
import zipfile
import zlib
import sys
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import plural
from tsj_desk.importers.guard_messages import MiB, column_name, size_text
from tsj_desk.importers.guard_messages import damaged as _damaged
from tsj_desk.importers.guard_messages import number_text as _n
from tsj_desk.importers.guard_messages import refused as _refused
from tsj_desk.importers.text_guard import (
    MAX_BOOK_TEXT,
    MAX_SHARED_STRINGS,
    MAX_SHARED_TEXT,
    MAX_SHEET_TEXT,
    BookText,
    declared_count,
    is_shared_strings_part,
)

DEFAULT_SIZE_LIMIT = 100 * MiB  # bytes of the file on disk
DEFAULT_UNPACKED_LIMIT = 1024 * MiB  # bytes of all zip parts after unpacking
MAX_ROWS = 2_000_000
MAX_COLUMNS = 16_384  # Excel's own limit (XFD)
MAX_CELLS = 20_000_000  # rows × columns of one sheet: calamine keeps 32 bytes a cell
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

ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


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


# ---------------------------------------------------------------- entry point


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
            _check_zip(handle, name, "ods" if suffix == ".ods" else "xlsx", limits)
        elif suffix == ".xls":
            if magic != OLE_MAGIC:
                raise FileProblem(
                    f"Файл «{name}» — не книга Excel 97–2003, хотя назван .xls (возможно, это "
                    "веб-страница или XML). Откройте его в Excel и сохраните как .xlsx."
                )
            handle.seek(0)
            _check_xls(handle.read(limits.size + 1), name, limits)


# ---------------------------------------------------------------- cell extents


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


# ---------------------------------------------------------------- zip packages


def _check_zip(handle: BinaryIO, name: str, kind: str, limits: Limits) -> None:
    handle.seek(0, 2)
    size = handle.tell()
    _check_directory(handle, name, size, limits)
    try:
        infos = zipfile.ZipFile(handle).infolist()
    except Exception as exc:  # zipfile raises many types for a broken archive
        raise _damaged(name) from exc
    if len(infos) > limits.members:
        raise _refused(name, f"в архиве {_n(len(infos))} {plural(len(infos), 'часть', 'части', 'частей')} "
                             f"(допускается до {_n(limits.members)}).")
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblem(f"Файл «{name}» защищён паролем. Снимите пароль в Excel или "
                              "LibreOffice и сохраните файл заново.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refused(name, f"часть «{info.filename}» сжата неподдерживаемым способом. "
                                 "Откройте файл в Excel или LibreOffice и сохраните заново.")
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise _bomb(name, info.filename, info.file_size, info.compress_size)
    declared = sum(info.file_size for info in infos)
    if declared > limits.unpacked:
        raise FileProblem(f"Файл «{name}» после распаковки занимает {size_text(declared)} — больше "
                          f"{size_text(limits.unpacked)}, такой файл не загружается.")
    spans = []
    for info in infos:
        handle.seek(info.header_offset)
        local = handle.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise _damaged(name, f"нет части «{info.filename}»")
        name_len, extra_len = struct.unpack_from("<HH", local, 26)
        start = info.header_offset + 30 + name_len + extra_len
        if start + info.compress_size > size:
            raise _damaged(name, f"часть «{info.filename}» обрезана")
        spans.append((info.header_offset, start, start + info.compress_size, info))
    spans.sort(key=lambda span: span[0])
    for before, after in zip(spans, spans[1:]):
        if after[0] < before[2]:
            raise _refused(name, "части архива наложены друг на друга — так устроены zip-бомбы.")
    package = _Package(name, kind, limits, {info.filename: info.file_size for info in infos})
    # the shared strings first: a sheet's cells are measured by the strings they name
    for _, start, _, info in sorted(spans, key=lambda span: not is_shared_strings_part(span[3].filename)):
        scan = package.member(info.filename)
        for chunk in _tag_chunks(_inflate(handle, start, info, name, limits), name, info.filename):
            scan.feed(chunk)
        scan.close()
    package.close()


def _bomb(name: str, member: str, unpacked: int, packed: int) -> FileProblem:
    return _refused(name, f"часть «{member}» распаковывается из {size_text(packed)} в "
                          f"{size_text(unpacked)} или больше — так устроены zip-бомбы.")


def _check_directory(handle: BinaryIO, name: str, size: int, limits: Limits) -> None:
    """Read the end record ourselves: refuse a huge directory before zipfile parses it."""
    tail_len = min(size, 22 + 0xFFFF)
    handle.seek(size - tail_len)
    tail = handle.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise _damaged(name, "нет оглавления архива")
    entries, directory, offset, comment = struct.unpack_from("<HIIH", tail, at + 10)
    if at + 22 + comment != len(tail):
        raise _damaged(name, "оглавление архива не там, где должно быть")
    if entries == 0xFFFF or directory == 0xFFFFFFFF or offset == 0xFFFFFFFF:  # ZIP64
        end_at = size - tail_len + at
        if end_at < 20:
            raise _damaged(name, "нет оглавления архива")
        handle.seek(end_at - 20)
        locator = handle.read(20)
        if locator[:4] != b"PK\x06\x07":
            raise _damaged(name, "нет оглавления архива")
        (record_at,) = struct.unpack_from("<Q", locator, 8)
        handle.seek(record_at)
        record = handle.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            raise _damaged(name, "нет оглавления архива")
        entries, directory = struct.unpack_from("<QQ", record, 32)
    if entries > limits.members:
        raise _refused(name, f"в архиве {_n(entries)} {plural(entries, 'часть', 'части', 'частей')} "
                             f"(допускается до {_n(limits.members)}).")
    if directory > MAX_DIRECTORY:
        raise _refused(name, f"оглавление архива занимает {size_text(directory)} — у таблиц оно в сотни "
                             "раз меньше.")


def _inflate(handle: BinaryIO, start: int, info: zipfile.ZipInfo, name: str,
             limits: Limits) -> Iterator[bytes]:
    """The bytes of one part, never trusting its header: at most ``file_size`` of them."""
    handle.seek(start)
    left = info.compress_size
    expected = info.file_size
    produced = crc = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 and not (inflater is not None and inflater.eof):
        raw = handle.read(min(left, MiB))
        if not raw:
            raise _damaged(name, f"часть «{info.filename}» обрезана")
        left -= len(raw)
        while raw:
            if inflater is None:
                out, raw = raw, b""
            else:
                try:
                    out = inflater.decompress(raw, CHUNK)
                except zlib.error as exc:
                    raise _damaged(name, f"часть «{info.filename}» не распаковывается") from exc
                raw = inflater.unconsumed_tail
            if not out:
                break
            produced += len(out)
            if produced > expected:
                if produced > RATIO_FLOOR and produced > limits.ratio * max(info.compress_size, 1):
                    raise _bomb(name, info.filename, produced, info.compress_size)
                raise _refused(name, f"часть «{info.filename}» распаковывается в больший размер, "
                                     "чем записано в архиве — файл повреждён или подделан.")
            crc = zlib.crc32(out, crc)
            yield out
    if inflater is not None and not inflater.eof:
        raise _damaged(name, f"часть «{info.filename}» обрезана")
    if produced != expected or crc != info.CRC:
        raise _damaged(name, f"часть «{info.filename}» не совпадает со своей контрольной суммой")


def _tag_chunks(chunks: Iterator[bytes], name: str, member: str) -> Iterator[bytes]:
    """Re-cut a stream so that every piece ends after a ``>``: no tag is ever split."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk if carry else chunk
        cut = data.rfind(b">") + 1
        if cut == 0:
            carry = data
        else:
            carry = data[cut:]
            yield data[:cut]
        if len(carry) > MAX_TAG:
            if b"<" in carry:
                raise _damaged(name, f"в части «{member}» тег длиннее {size_text(MAX_TAG)}")
            yield carry  # plain text, no markup in it
            carry = b""
    if carry:
        yield carry


# ---------------------------------------------------------------- XML parts

_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")
_UTF16_32 = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")


class _RootReached(Exception):
    pass


class _StopAtRoot(ContentHandler):
    def startElement(self, name, attrs):  # noqa: N802 (SAX's name)
        raise _RootReached

    startElementNS = startElement  # noqa: N815


class _Prolog:
    """Feed an XML part to defusedxml until its root element: DTDs and entities refused."""

    def __init__(self, name: str, member: str):
        self.name, self.member = name, member
        self.parser: DefusedExpatParser | None = None
        self.fed = 0
        self.started = False

    def feed(self, chunk: bytes) -> None:
        if not self.started:
            self.started = True
            head = chunk.lstrip(b" \t\r\n")
            if head.startswith(b"\xef\xbb\xbf"):
                head = head[3:]
            if head.startswith(b"<") or head.startswith(_UTF16_32):
                self.parser = DefusedExpatParser(forbid_dtd=True, forbid_entities=True,
                                                 forbid_external=True)
                self.parser.setContentHandler(_StopAtRoot())
        if self.parser is None:
            return
        piece = chunk[:MAX_PROLOG - self.fed]
        self.fed += len(piece)
        try:
            self.parser.feed(piece)
        except _RootReached:
            self.parser = None
        except DefusedXmlException as exc:
            raise _refused(self.name, f"часть «{self.member}» содержит объявление DOCTYPE/ENTITY — "
                                      "в таблицах Excel и LibreOffice их не бывает.") from exc
        except (SAXException, ValueError, LookupError):  # LookupError: an unknown encoding
            self.parser = None  # not well-formed: calamine will say so itself
        if self.fed >= MAX_PROLOG:
            self.parser = None


class _QuietParser(DefusedExpatParser):
    """defusedxml's expat parser with no SAX callbacks for elements and text: it
    checks a whole part at C speed (well-formed, no DTD, no entity declaration)."""

    def reset(self) -> None:
        super().reset()
        for handler in ("StartElementHandler", "EndElementHandler", "CharacterDataHandler",
                        "ProcessingInstructionHandler", "StartNamespaceDeclHandler",
                        "EndNamespaceDeclHandler"):
            setattr(self._parser, handler, None)


class _WellFormed:
    """A whole XML part must be well-formed: calamine's .ods reader loops forever on a
    content.xml whose ``<table:table>`` is never closed (measured: 100 % CPU, no end)."""

    def __init__(self, name: str, member: str):
        self.name, self.member = name, member
        self.parser = _QuietParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self.parser.setContentHandler(ContentHandler())

    def _call(self, step: Callable[[], None]) -> None:
        try:
            step()
        except DefusedXmlException as exc:
            raise _refused(self.name, f"часть «{self.member}» содержит объявление DOCTYPE/ENTITY — "
                                      "в таблицах Excel и LibreOffice их не бывает.") from exc
        except SAXException as exc:
            where = ""
            if isinstance(exc, SAXParseException):
                where = f", строка {exc.getLineNumber()}, позиция {exc.getColumnNumber()}"
            raise _damaged(self.name, f"часть «{self.member}» — неправильный XML{where}: "
                                      f"{exc.getMessage()}") from exc
        except (ValueError, LookupError) as exc:  # LookupError: an unknown encoding
            raise _damaged(self.name, f"часть «{self.member}» — неправильный XML: {exc}") from exc

    def feed(self, chunk: bytes) -> None:
        self._call(lambda: self.parser.feed(chunk))

    def close(self) -> None:
        self._call(self.parser.close)


class _Package:
    """One zip package being scanned: its parts, what they declare, the verdict."""

    def __init__(self, name: str, kind: str, limits: Limits, sizes: dict[str, int]):
        self.name, self.kind, self.limits, self.sizes = name, kind, limits, sizes
        self.extents: dict[str, list[Extent]] = {}
        self.small: dict[str, bytes] = {}  # workbook.xml and its relationships, kept for close()
        self.spaces = 0
        self.text = BookText(name, limits, self._sheet_name)

    def member(self, member: str) -> _Member:
        return _Member(self, member)

    def close(self) -> None:
        sheets: dict[str, str] = {}
        if self.kind == "xlsx":
            sheets = self._sheet_names()
        for member, extents in self.extents.items():
            for index, extent in enumerate(extents):
                sheet = sheets.get(member, "")
                if self.kind == "ods" and len(extents) > 1:
                    sheet = f"№ {index + 1}"
                check_extent(self.name, extent, self.limits, sheet)

    def _sheet_name(self, member: str) -> str:
        """The name of the sheet a part holds, if workbook.xml was read already."""
        try:
            return self._sheet_names().get(member, "")
        except FileProblem:
            return ""

    def _sheet_names(self) -> dict[str, str]:
        """Sheet part → sheet name, as calamine resolves them; refuse a workbook
        naming one big part as many sheets (each is read again)."""
        import defusedxml.ElementTree as ElementTree

        workbook, rels = self.small.get("xl/workbook.xml"), self.small.get("xl/_rels/workbook.xml.rels")
        if workbook is None or rels is None:
            return {}
        try:
            targets = {element.get("Id"): element.get("Target") or ""
                       for element in ElementTree.fromstring(rels).iter() if element.get("Id")}
            names = []
            for element in ElementTree.fromstring(workbook).iter():
                if element.tag.rsplit("}", 1)[-1] != "sheet":
                    continue
                rid = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
                names.append((element.get("name") or "", targets.get(rid, "")))
        except (SyntaxError, DefusedXmlException, ValueError):
            return {}  # calamine will say what is wrong
        if len(names) > MAX_SHEETS:
            raise _refused(self.name, f"в книге {_n(len(names))} {plural(len(names), 'лист', 'листа', 'листов')} "
                                      f"(допускается до {_n(MAX_SHEETS)}).")
        result, work = {}, 0
        for sheet, target in names:
            path = target[1:] if target.startswith("/xl/") else (
                target if target.startswith("xl/") else f"xl/{target}")
            result.setdefault(path, sheet)
            work += self.sizes.get(path, 0)
        if work > self.limits.unpacked:
            raise _refused(self.name, f"листы книги ссылаются на одни и те же данные, и прочитать их "
                                      f"пришлось бы {size_text(work)}.")
        return result


_COUNT = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?(?:uniqueCount|count)\s*=\s*["']\s*\+?([0-9]+)""")
_KEEP = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}


class _Member:
    def __init__(self, package: _Package, member: str):
        self.package, self.member = package, member
        name = package.name
        self.prolog = _Prolog(name, member)
        self.scan: _SheetScan | _OdsScan = (_OdsScan(package, member) if package.kind == "ods"
                                             else _SheetScan(name, member, package.limits))
        self.keep: list[bytes] | None = [] if member in _KEEP else None
        self.sst_limit = min(package.sizes.get(member, 0) // 5 + 1, package.limits.cells)
        self.whole = _WellFormed(name, member) if package.kind == "ods" and member == "content.xml" else None
        self.text = None  # what the cells take from elsewhere (text_guard)
        if package.kind == "xlsx":
            self.text = (package.text.shared_strings(member) if is_shared_strings_part(member)
                         else package.text.sheet(member))
        elif member == "content.xml":
            self.text = package.text.ods(member)

    def feed(self, chunk: bytes) -> None:
        self.prolog.feed(chunk)
        if self.whole is not None:
            self.whole.feed(chunk)
        if _DECLARATION.search(chunk):
            raise _refused(self.package.name, f"часть «{self.member}» содержит объявление DOCTYPE/ENTITY "
                                              "— в таблицах Excel и LibreOffice их не бывает.")
        if self.package.kind == "xlsx" and b"sst" in chunk:
            for match in _SST.finditer(chunk):
                for count in _COUNT.findall(match[1]):
                    if declared_count(count) > self.sst_limit:
                        raise _damaged(self.package.name, f"таблица строк объявляет {_n(declared_count(count))} "
                                                          "строк, а умещает меньше")
        if self.keep is not None:
            if sum(map(len, self.keep)) + len(chunk) > 16 * MiB:
                raise _refused(self.package.name, f"часть «{self.member}» больше 16 МБ.")
            self.keep.append(chunk)
        self.scan.feed(chunk)
        if self.text is not None:
            self.text.feed(chunk)

    def close(self) -> None:
        if self.whole is not None:
            self.whole.close()
        if self.text is not None:
            self.text.close()
        extents = self.scan.close()
        if extents:
            self.package.extents[self.member] = extents
        if self.keep is not None:
            self.package.small[self.member] = b"".join(self.keep)


# ---------------------------------------------------------------- .xlsx sheets

# Any tag's attributes, quotes respected: a ">" inside a value does not end the tag.
_ATTRS = rb"""[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*"""
# Fast path: every cell tag of a chunk starts <c r="A1" (Excel, LibreOffice, openpyxl…).
_EXPLICIT = re.compile(rb'<c(?: r="([A-Za-z]{1,3})([0-9]{1,7})")?(?=[\s>/])')
_EXPLICIT_REF = re.compile(rb'<c r="([A-Za-z]{1,3})([0-9]{1,7})"')
_SAMPLE = 64 * 1024
# Slow path: any row or cell tag, any namespace prefix, start, end or empty.
_SHEET_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])(" + _ATTRS + rb")>")
_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s/>])(" + _ATTRS + rb")>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]{1,4})([0-9]{1,9})")
_VALUES = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)[\s>]")
_TAG_END = (b" ", b">", b"/", b"\t", b"\n", b"\r")
_ROW_EVENTS = re.compile(rb"<(/?)row(?=[\s/>])(" + _ATTRS + rb")>")
_PREFIXED = re.compile(rb":(?:c[\s>/]|row)")  # a prefixed cell or row tag (or text like it)


def _column_index(letters: bytes) -> int:
    index = 0
    for byte in letters.upper():
        index = index * 26 + byte - 64
    return index - 1


@functools.lru_cache(maxsize=64)
def _beyond(letters: bytes, row: int) -> re.Pattern:
    """A cell tag without ``r="A1"`` first, or one past column ``letters`` or row ``row``."""
    return re.compile(rb'<c(?:(?=[\s>/])(?! r="[A-Za-z]{1,3}[0-9]{1,7}"[\s>/])'
                      rb'| r="(?:' + _letters_above(letters) + rb')[0-9]'
                      rb'| r="[A-Za-z]{1,3}0*(?:' + _number_above(row) + rb')")')


def _letters_above(letters: bytes) -> bytes:
    """Column letters (either case) after ``letters`` (upper case), as a regex."""
    size = len(letters)
    options = [rb"[A-Za-z]{%d,}" % (size + 1)]
    for i, byte in enumerate(letters):
        if byte < ord("Z"):
            prefix = b"".join(b"[%c%c]" % (c, c + 32) for c in letters[:i])
            after = b"[%c-Z%c-z]" % (byte + 1, byte + 33)
            options.append(prefix + after + (rb"[A-Za-z]{%d}" % (size - i - 1)))
    return b"|".join(options)


def _number_above(number: int) -> bytes:
    """Decimal numbers (no leading zeros) greater than ``number``, as a regex."""
    digits = str(number).encode()
    size = len(digits)
    options = [rb"[1-9][0-9]{%d,}" % size]
    for i, byte in enumerate(digits):
        if byte < ord("9"):
            options.append(digits[:i] + b"[%c-9]" % (byte + 1) + (rb"[0-9]{%d}" % (size - i - 1)))
    return b"|".join(options)


class _SheetScan:
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
                self._add(chunk, row - 1, _column_index(letters))
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
        self._add(chunk, row, max(map(_column_index, set(letters))))
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
                row, col = int(match[2]) - 1, _column_index(match[1])
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


# ---------------------------------------------------------------- .ods content

# Start tags of cells, rows, tables and text:s; end tags of rows and tables only.
_ODS_TAG = re.compile(rb"<(?:(/)(?:[A-Za-z_][\w.-]*:)?(table-row|table)"
                      rb"|(?:[A-Za-z_][\w.-]*:)?(table-cell|covered-table-cell|table-row|table|s)"
                      rb"(?=[\s/>])(" + _ATTRS + rb"))>")
_ROWS_REPEATED = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?number-rows-repeated\s*=\s*["']\s*\+?([0-9]+)""")
_COLS_REPEATED = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?number-columns-repeated\s*=\s*["']\s*\+?([0-9]+)""")
_SPACES = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?c\s*=\s*["']\s*\+?([0-9]+)""")
_VALUE_ATTR = re.compile(rb"(?:^|\s)(?:[\w.-]+:)?[\w-]*value[\w-]*\s*=")


class _OdsScan:
    """The extents of the tables of content.xml, repeats expanded as calamine does.

    calamine drops trailing empty cells and rows (LibreOffice writes
    ``number-rows-repeated="1048553"`` for the empty rest of every sheet) but expands
    repeats before a value, and repeated cells and rows holding a value.
    """

    def __init__(self, package: _Package, member: str):
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


# ---------------------------------------------------------------- .xls (OLE2 / BIFF8)

_END_OF_CHAIN = 0xFFFFFFFA  # sector ids from here on end a chain (end, free, FAT, DIFAT)
_MINI_CUTOFF = 4096
_CELL_RECORDS = {0x0203: 14, 0x0204: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20}
_MULRK = 0x00BD
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085
_SST_RECORD = 0x00FC
_LABEL_SST = 0x00FD
_CONTINUE = 0x003C
_EOF = 0x000A


def _check_xls(data: bytes, name: str, limits: Limits) -> None:
    streams = _workbook_streams(data, name)
    if not streams:
        raise _damaged(name, "в книге нет потока Workbook")
    for stream in streams:
        _scan_biff(stream, name, limits)


def _workbook_streams(data: bytes, name: str) -> list[bytes]:
    """The Workbook (or Book) streams of a compound file, read strictly: a cycle or
    an out-of-range sector refuses the file instead of looping or guessing."""
    def damaged(detail: str) -> FileProblem:
        return _damaged(name, f"структура книги Excel 97–2003: {detail}")

    if len(data) < 512:
        raise damaged("файл короче заголовка")
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise damaged("неверный размер сектора")
    size = 1 << shift
    count = (len(data) - 1) // size  # sector i is at (i + 1) * size; the last may be short

    def sector(index: int) -> bytes:
        if index >= count:
            raise damaged("ссылка за конец файла")
        block = data[(index + 1) * size:(index + 2) * size]
        return block if len(block) == size else block.ljust(size, b"\0")

    def chain(start: int, table: array, read: Callable[[int], bytes], limit: int) -> bytes:
        parts, seen, index = [], set(), start
        while index < _END_OF_CHAIN:
            if index >= len(table) or index in seen or len(seen) > limit:
                raise damaged("цепочка секторов зациклена или оборвана")
            seen.add(index)
            parts.append(read(index))
            index = table[index]
        return b"".join(parts)

    # the FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors
    fat_sectors = [index for index in struct.unpack_from("<109I", data, 0x4C) if index < _END_OF_CHAIN]
    seen: set[int] = set()
    index = struct.unpack_from("<I", data, 0x44)[0]
    while index < _END_OF_CHAIN:
        if index in seen:
            raise damaged("таблица размещения зациклена")
        seen.add(index)
        block = struct.unpack(f"<{size // 4}I", sector(index))
        fat_sectors.extend(i for i in block[:-1] if i < _END_OF_CHAIN)
        if len(fat_sectors) > count:  # calamine would read every one of them into memory
            raise damaged("таблица размещения больше самого файла")
        index = block[-1]
    if len(fat_sectors) > count:
        raise damaged("таблица размещения больше самого файла")
    fat = _u32_array(b"".join(sector(index) for index in fat_sectors))
    directory = chain(struct.unpack_from("<I", data, 0x30)[0], fat, sector, count)
    if len(directory) > MiB:  # 8,192 entries; a workbook has a handful
        raise damaged("каталог больше мегабайта")
    entries = []
    for at in range(0, len(directory) - 127, 128):
        entry = directory[at:at + 128]
        entry_name = entry[:64].decode("utf-16-le", "ignore").split("\0", 1)[0]
        start = struct.unpack_from("<I", entry, 116)[0]
        length = struct.unpack_from("<I" if size == 512 else "<Q", entry, 120)[0]
        entries.append((entry_name, start, length))
    if not entries:
        raise damaged("нет каталога")
    wanted = [entry for entry in entries if entry[0].lower() in ("workbook", "book")]
    streams = []
    mini: bytes | None = None
    minifat: array | None = None
    for _, start, length in wanted:
        if length < _MINI_CUTOFF:
            if mini is None:
                root_start, root_length = entries[0][1], entries[0][2]
                mini = chain(root_start, fat, sector, count)[:root_length]
                minifat = _u32_array(chain(struct.unpack_from("<I", data, 0x3C)[0], fat, sector, count))
            stream_bytes = mini  # bind for the closure

            def mini_sector(index: int, stream_bytes: bytes = stream_bytes) -> bytes:
                block = stream_bytes[index * 64:(index + 1) * 64]
                if len(block) < 64:
                    raise damaged("ссылка за конец мини-потока")
                return block
            streams.append(chain(start, minifat, mini_sector, len(mini) // 64 + 1)[:length])
        else:
            streams.append(chain(start, fat, sector, count)[:length])
    return streams


def _u32_array(data: bytes) -> array:
    table = array("I")
    table.frombytes(data[:len(data) - len(data) % 4])
    if sys.byteorder == "big":  # pragma: no cover - little-endian on every supported machine
        table.byteswap()
    return table


def _records(stream: bytes, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, data offset, length) of the BIFF records from ``pos`` to the first EOF."""
    unpack = struct.Struct("<HH").unpack_from
    end = len(stream)
    while pos + 4 <= end:
        typ, length = unpack(stream, pos)
        start = pos + 4
        pos = start + length
        if pos > end:
            return
        yield typ, start, length
        if typ == _EOF:
            return


def _scan_biff(stream: bytes, name: str, limits: Limits) -> None:
    sheets = []
    book = BookText(name, limits)
    tables: list[list[tuple[int, int]]] = []  # each SST record and its CONTINUE records
    following = False
    for typ, start, length in _records(stream, 0):
        if typ == _CONTINUE and following:
            tables[-1].append((start, length))
            continue
        following = False
        if typ == _BOUNDSHEET and length >= 4:
            sheets.append(struct.unpack_from("<I", stream, start)[0])
            if len(sheets) > MAX_SHEETS:
                raise _refused(name, f"в книге больше {_n(MAX_SHEETS)} листов.")
        elif typ == _SST_RECORD and length >= 8:
            unique = struct.unpack_from("<i", stream, start + 4)[0]
            if unique < 0 or unique > len(stream) // 3:
                raise _damaged(name, f"таблица строк объявляет {_n(unique)} строк")
            tables.append([(start, length)])
            following = True
    for table in tables:
        book.xls_shared_strings(stream, table)
    lengths, longest = book.lengths, book.longest
    unpack_index = struct.Struct("<I").unpack_from
    walked = 0
    cell_len = _CELL_RECORDS
    unpack_cell = struct.Struct("<HH").unpack_from
    for number, pos in enumerate(sheets, start=1):
        if pos > len(stream):
            raise _damaged(name, f"лист № {number} начинается за концом книги")
        extent = Extent()
        last = pos
        text = 0  # bytes of the shared strings its LABELSST cells name
        for typ, start, length in _records(stream, pos):
            last = start + length
            minimum = cell_len.get(typ)
            if minimum is not None:
                if length >= 4:
                    row, col = unpack_cell(stream, start)
                    extent.add(row, col)
                    extent.cells += 1
                    if typ == _LABEL_SST and length >= 10:
                        index = unpack_index(stream, start + 6)[0]
                        text += lengths[index] if index < len(lengths) else longest
            elif typ == _MULRK and length >= 6:
                row, col = unpack_cell(stream, start)
                count = (length - 6 + 5) // 6
                if count:
                    extent.add(row, col + count - 1)
                    extent.cells += count
            elif typ == _DIMENSIONS:
                _check_dimensions(stream, start, length, name, number, limits)
        walked += last - pos
        if walked > len(stream):
            raise _refused(name, "листы книги наложены друг на друга — файл повреждён или подделан.")
        check_extent(name, extent, limits, f"№ {number}" if len(sheets) > 1 else "")
        book.xls_sheet(text, f"№ {number}" if len(sheets) > 1 else "")


def _check_dimensions(stream: bytes, start: int, length: int, name: str, number: int,
                      limits: Limits) -> None:
    """calamine reserves memory for the DIMENSIONS record's rows × columns (wrapping)."""
    if length == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, start)
    elif length == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, start)
    else:
        return
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    mask = 0xFFFFFFFF
    rows = (((end_row - first_row) & mask) + 1) & mask
    cols = (((end_col - first_col) & mask) + 1) & mask
    if rows * cols > limits.cells:
        raise FileProblem(f"Лист № {number} файла «{name}» объявляет размер {_rows(rows)} на "
                          f"{_columns(cols)} — больше допустимых {_n(limits.cells)} ячеек. "
                          "Такой файл не загружается.")


__all__ = [
    "DEFAULT_LIMITS", "DEFAULT_SIZE_LIMIT", "DEFAULT_UNPACKED_LIMIT", "Extent", "Limits",
    "MAX_CELLS", "MAX_COLUMNS", "MAX_ROWS", "check_extent", "check_spreadsheet", "column_name",
    "size_text",
]
