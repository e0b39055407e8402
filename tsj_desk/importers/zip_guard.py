"""The zip packages (.xlsx, .xlsm, .ods): the archive itself and its XML parts.

Part of ``guards.check_spreadsheet`` (``check_zip``): the directory, each part
inflated as a stream and never trusted, DOCTYPE/ENTITY declarations, and each part fed
to the sheet scans (``xlsx_sheet_guard``, ``ods_guard``) and to ``text_guard``.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from tsj_desk.domain.errors import FileProblem
from tsj_desk.domain.text import plural
from tsj_desk.importers.guard_messages import MiB, size_text
from tsj_desk.importers.guard_messages import damaged as _damaged
from tsj_desk.importers.guard_messages import number_text as _n
from tsj_desk.importers.guard_messages import refused as _refused
from tsj_desk.importers.ods_guard import OdsScan
from tsj_desk.importers.shared_strings import ATTRS as _ATTRS
from tsj_desk.importers.sheet_limits import (
    CHUNK,
    MAX_DIRECTORY,
    MAX_PROLOG,
    MAX_SHEETS,
    MAX_TAG,
    RATIO_FLOOR,
    Extent,
    Limits,
    check_extent,
)
from tsj_desk.importers.text_guard import BookText, declared_count, is_shared_strings_part
from tsj_desk.importers.xlsx_sheet_guard import SheetScan

def check_zip(handle: BinaryIO, name: str, kind: str, limits: Limits) -> None:
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
    package = Package(name, kind, limits, {info.filename: info.file_size for info in infos})
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


class Package:
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


_SST = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s/>])(" + _ATTRS + rb")>")
_COUNT = re.compile(rb"""(?:^|\s)(?:[\w.-]+:)?(?:uniqueCount|count)\s*=\s*["']\s*\+?([0-9]+)""")
_KEEP = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"}


class _Member:
    def __init__(self, package: Package, member: str):
        self.package, self.member = package, member
        name = package.name
        self.prolog = _Prolog(name, member)
        self.scan: SheetScan | OdsScan = (OdsScan(package, member) if package.kind == "ods"
                                             else SheetScan(name, member, package.limits))
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


__all__ = ["Package", "check_zip"]
