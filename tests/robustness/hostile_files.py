"""Builders of hostile (and plain) spreadsheet files for the robustness tests.

Everything is written from scratch with the standard library so that each test
states exactly which bytes calamine would have been fed: .xlsx and .ods packages
(with zip members whose headers may lie), deflate streams unpacking to gigabytes
without compressing gigabytes, and .xls compound files with hand-made BIFF8 records.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------- zip

SPREADSHEET_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass
class Member:
    """One zip member; ``declared_size``/``declared_crc`` may lie about ``data``."""

    name: str
    data: bytes = b""  # uncompressed bytes, unless ``raw`` is given
    raw: bytes | None = None  # an already deflated stream (with ``size`` and ``crc``)
    size: int | None = None
    crc: int | None = None
    declared_size: int | None = None
    declared_crc: int | None = None
    stored: bool = False


def write_zip(path: Path, members: list[Member], *, share_data_of: dict[str, str] | None = None) -> Path:
    path.write_bytes(zip_bytes(members, share_data_of=share_data_of))
    return path


def zip_bytes(members: list[Member], *, share_data_of: dict[str, str] | None = None) -> bytes:
    """A zip written by hand: sizes and CRCs are whatever the members declare.

    ``share_data_of`` maps a member name to another one whose local header and
    data it reuses (overlapping entries, the trick of non-recursive zip bombs).
    """
    share_data_of = share_data_of or {}
    out = bytearray()
    central = bytearray()
    offsets: dict[str, tuple[int, int, int, int, int]] = {}
    for member in members:
        name = member.name.encode()
        if member.raw is not None:
            payload, size, crc, method = member.raw, member.size, member.crc, 8
        elif member.stored:
            payload, size, crc, method = member.data, len(member.data), zlib.crc32(member.data), 0
        else:
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = packer.compress(member.data) + packer.flush()
            size, crc, method = len(member.data), zlib.crc32(member.data), 8
        size = member.declared_size if member.declared_size is not None else size
        crc = member.declared_crc if member.declared_crc is not None else crc
        if member.name in share_data_of:
            offset, _, _, _, _ = offsets[share_data_of[member.name]]
        else:
            offset = len(out)
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                               len(payload), size, len(name), 0) + name + payload
        offsets[member.name] = (offset, method, crc, len(payload), size)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc,
                               len(payload), size, len(name), 0, 0, 0, 0, 0, offset) + name
    directory_at = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                       directory_at, 0)
    return bytes(out)


def _crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """zlib's crc32_combine: the CRC of A+B from the CRCs of A and B and B's length."""
    if len2 <= 0:
        return crc1

    def times(matrix: list[int], vector: int) -> int:
        total, i = 0, 0
        while vector:
            if vector & 1:
                total ^= matrix[i]
            vector >>= 1
            i += 1
        return total

    def square(matrix: list[int]) -> list[int]:
        return [times(matrix, matrix[n]) for n in range(32)]

    odd = [0xEDB88320] + [1 << n for n in range(31)]  # the CRC-32 operator for one zero bit
    even = square(odd)  # two zero bits
    odd = square(even)  # four zero bits
    while True:
        even = square(odd)
        if len2 & 1:
            crc1 = times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = square(even)
        if len2 & 1:
            crc1 = times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def _crc32_repeat(crc: int, length: int, times: int) -> tuple[int, int]:
    """(CRC, length) of a block repeated ``times`` times, by doubling."""
    result_crc, result_len = 0, 0
    power_crc, power_len = crc, length
    while times:
        if times & 1:
            result_crc = _crc32_combine(result_crc, power_crc, power_len)
            result_len += power_len
        power_crc = _crc32_combine(power_crc, power_crc, power_len)
        power_len *= 2
        times >>= 1
    return result_crc, result_len


def deflate_repeated(head: bytes, block: bytes, times: int, tail: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``head + block * times + tail`` and its CRC and size,
    built without compressing (or holding) the whole: each part is a full-flushed
    segment of its own, so the segment for ``block`` can simply be repeated."""
    def segment(data: bytes) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)

    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    stream = segment(head) + segment(block) * times + segment(tail) + final
    crc, size = zlib.crc32(head), len(head)
    block_crc, block_len = _crc32_repeat(zlib.crc32(block), len(block), times)
    crc, size = _crc32_combine(crc, block_crc, block_len), size + block_len
    crc, size = _crc32_combine(crc, zlib.crc32(tail), len(tail)), size + len(tail)
    return stream, crc, size


# ---------------------------------------------------------------- .xlsx

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
ROOT_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
SHARED_STRINGS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + SPREADSHEET_NS
                  + b'" count="2" uniqueCount="2"><si><t>\xd0\x9d\xd0\xbe\xd0\xbc\xd0\xb5\xd1\x80 '
                  b"\xd1\x81\xd1\x87\xd1\x91\xd1\x82\xd1\x87\xd0\xb8\xd0\xba\xd0\xb0</t></si>"
                  b"<si><t>\xd0\x9f\xd0\xbe\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbd\xd0\xb8\xd0\xb5</t></si></sst>")
HEADER_ROW = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'


def workbook_xml(sheets: int = 1, target_id: str = "rId1") -> bytes:
    entries = b"".join(b'<sheet name="Sheet%d" sheetId="%d" r:id="%s"/>' % (n, n, target_id.encode())
                       for n in range(1, sheets + 1))
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="' + SPREADSHEET_NS
            + b'" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + entries + b"</sheets></workbook>")


def sheet_xml(rows: bytes = HEADER_ROW, *, dimension: bytes | None = None, prolog: bytes = b"",
              after: bytes = b"") -> bytes:
    dim = b'<dimension ref="%s"/>' % dimension if dimension else b""
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + prolog + b'<worksheet xmlns="'
            + SPREADSHEET_NS + b'">' + dim + b"<sheetData>" + rows + b"</sheetData>" + after + b"</worksheet>")


def xlsx_members(sheet: bytes | Member = b"", *, shared: bytes | Member = SHARED_STRINGS,
                 workbook: bytes | None = None, extra: list[Member] | None = None) -> list[Member]:
    sheet_member = sheet if isinstance(sheet, Member) else Member("xl/worksheets/sheet1.xml",
                                                                 sheet or sheet_xml())
    shared_member = shared if isinstance(shared, Member) else Member("xl/sharedStrings.xml", shared)
    return [Member("[Content_Types].xml", CONTENT_TYPES), Member("_rels/.rels", ROOT_RELS),
            Member("xl/workbook.xml", workbook or workbook_xml()),
            Member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), shared_member, sheet_member, *(extra or [])]


def write_xlsx(path: Path, sheet: bytes | Member = b"", **kwargs) -> Path:
    return write_zip(path, xlsx_members(sheet, **kwargs))


BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10)) + b"]>")


# ---------------------------------------------------------------- .ods

ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>%s<office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            b'<office:body><office:spreadsheet><table:table table:name="S1">')
ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"
ODS_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                b'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                b'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')


def ods_cell(text: str) -> bytes:
    return (b'<table:table-cell office:value-type="string"><text:p>' + text.encode() + b"</text:p></table:table-cell>")


def ods_number(value: float) -> bytes:
    return (b'<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p>'
            b"</table:table-cell>" % (str(value).encode(), str(value).encode()))


ODS_HEADER_ROW = b"<table:table-row>" + ods_cell("Номер счётчика") + ods_cell("Показание") + b"</table:table-row>"


def ods_content(rows: bytes = ODS_HEADER_ROW, prolog: bytes = b"") -> bytes:
    return ODS_HEAD % prolog + rows + ODS_TAIL


def ods_members(content: bytes | Member = b"") -> list[Member]:
    member = content if isinstance(content, Member) else Member("content.xml", content or ods_content())
    return [Member("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", stored=True),
            Member("META-INF/manifest.xml", ODS_MANIFEST), member]


def write_ods(path: Path, content: bytes | Member = b"") -> Path:
    return write_zip(path, ods_members(content))


# ---------------------------------------------------------------- .xls (compound file + BIFF8)


def record(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def bof(kind: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x06))


def label(row: int, col: int, text: str) -> bytes:
    encoded = text.encode("utf-16-le")
    return record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + encoded)


def number(row: int, col: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    return record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0))


def biff_workbook(sheets: list[bytes], *, names: list[str] | None = None, positions: list[int] | None = None,
                  globals_tail: bytes = b"") -> bytes:
    """A BIFF8 Workbook stream: globals with one BOUNDSHEET per sheet, then the sheets.

    ``positions`` overrides where each BOUNDSHEET says its sheet starts; ``globals_tail``
    (an SST, say) goes after the BOUNDSHEETs, before the globals' EOF.
    """
    names = names or [f"S{n}" for n in range(1, len(sheets) + 1)]

    def boundsheet(position: int, name: str) -> bytes:
        return record(0x0085, struct.pack("<IBBBB", position, 0, 0, len(name), 1) + name.encode("utf-16-le"))

    head = bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
    globals_len = len(head) + sum(len(boundsheet(0, n)) for n in names) + len(globals_tail) + len(record(0x000A))
    at, starts = globals_len, []
    for sheet in sheets:
        starts.append(at)
        at += len(sheet)
    positions = positions or starts
    return (head + b"".join(boundsheet(p, n) for p, n in zip(positions, names)) + globals_tail + record(0x000A)
            + b"".join(sheets))


def biff_sheet(*cells: bytes, dims: bytes | None = None) -> bytes:
    return bof(0x0010) + (dims or b"") + b"".join(cells) + record(0x000A)


def compound_file(stream: bytes, *, name: str = "Workbook", extra_fat_refs: int = 0) -> bytes:
    """A version-3 compound file (512-byte sectors) holding one stream.

    ``extra_fat_refs`` lists FAT sector 0 that many more times through DIFAT
    sectors: a reader that loads every listed FAT sector multiplies its memory.
    """
    stream = stream.ljust(4096, b"\0")  # at least the mini-stream cutoff: plain sectors
    data_sectors = -(-len(stream) // 512)
    difat_sectors = -(-extra_fat_refs // 127) if extra_fat_refs else 0
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + difat_sectors + 1 + data_sectors:
        fat_sectors += 1
    first_difat = fat_sectors
    directory = fat_sectors + difat_sectors
    first_data = directory + 1
    total = first_data + data_sectors
    free, end, fat_mark, difat_mark = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
    fat = [free] * (fat_sectors * 128)
    for i in range(fat_sectors):
        fat[i] = fat_mark
    for i in range(difat_sectors):
        fat[first_difat + i] = difat_mark
    fat[directory] = end
    for i in range(data_sectors):
        fat[first_data + i] = first_data + i + 1 if i < data_sectors - 1 else end
    difat_head = list(range(fat_sectors)) + [free] * (109 - fat_sectors)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3,
                         0xFFFE, 9, 6, b"\0" * 6, 0, fat_sectors, directory, 0, 4096, end, 0,
                         first_difat if difat_sectors else end, difat_sectors)
    header += struct.pack("<109I", *difat_head)

    def entry(entry_name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (entry_name + "\0").encode("utf-16-le")
        return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, free, free, child,
                           b"\0" * 16, 0, 0, 0, start, size)

    entries = (entry("Root Entry", 5, 1, end, 0) + entry(name, 2, free, first_data, len(stream))
               + b"\0" * 256)
    body = b"".join(struct.pack("<128I", *fat[i * 128:(i + 1) * 128]) for i in range(fat_sectors))
    left = extra_fat_refs
    for i in range(difat_sectors):
        count = min(127, left)
        left -= count
        following = first_difat + i + 1 if i < difat_sectors - 1 else end
        body += struct.pack("<128I", *([0] * count + [free] * (127 - count) + [following]))
    body += entries + stream.ljust(data_sectors * 512, b"\0")
    assert len(body) == total * 512
    return header + body


def write_xls(path: Path, stream: bytes, **kwargs) -> Path:
    path.write_bytes(compound_file(stream, **kwargs))
    return path


def label_sst(row: int, col: int, index: int) -> bytes:
    """A LABELSST cell: the shared string ``index`` of the SST."""
    return record(0x00FD, struct.pack("<HHHI", row, col, 0, index))


@dataclass
class SstString:
    """One string of an SST: ``wide`` stores it as UTF-16 (else one byte a character,
    Latin-1), ``runs`` formatting runs and ``ext`` bytes of phonetic data after it."""

    text: str
    wide: bool = True
    runs: int = 0
    ext: int = 0


def sst_records(strings: list[SstString], *, record_size: int = 8224, uses: int | None = None) -> bytes:
    """An SST record and the CONTINUE records its strings need, split as Excel splits them:
    a string's header (length, options, run count, phonetic size) never across records;
    its characters across records, each CONTINUE then starting with the option byte
    (0: one byte a character, 1: UTF-16); runs and phonetic data anywhere."""
    records: list[bytearray] = [bytearray(struct.pack("<II", uses or len(strings), len(strings)))]

    def room() -> int:
        return record_size - len(records[-1])

    for item in strings:
        flags = (0x1 if item.wide else 0) | (0x8 if item.runs else 0) | (0x4 if item.ext else 0)
        header = struct.pack("<HB", len(item.text), flags)
        header += struct.pack("<H", item.runs) if item.runs else b""
        header += struct.pack("<i", item.ext) if item.ext else b""
        if room() < len(header):
            records.append(bytearray())
        records[-1] += header
        width = 2 if item.wide else 1
        chars = item.text.encode("utf-16-le" if item.wide else "latin-1")
        while chars:
            take = room() // width * width
            if take == 0:
                records.append(bytearray(b"\x01" if item.wide else b"\x00"))
                continue
            records[-1] += chars[:take]
            chars = chars[take:]
        tail = b"\x00\x00\x01\x00" * item.runs + b"\x07" * item.ext
        while tail:
            if room() == 0:
                records.append(bytearray())
            take = room()
            records[-1] += tail[:take]
            tail = tail[take:]
    return record(0x00FC, bytes(records[0])) + b"".join(record(0x003C, bytes(r)) for r in records[1:])


def readings_xls_stream(*cells: bytes, dims: bytes | None = None) -> bytes:
    header = (label(0, 0, "Номер счётчика"), label(0, 1, "Показание"))
    return biff_workbook([biff_sheet(*header, *cells, dims=dims)])




# ---------------------------------------------------------------- shared strings, large plain files


def shared_strings_xml(texts: list[bytes]) -> bytes:
    """sharedStrings.xml holding ``texts`` (already XML-escaped UTF-8), in this order."""
    items = b"".join(b"<si><t>" + text + b"</t></si>" for text in texts)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + SPREADSHEET_NS
            + b'" count="%d" uniqueCount="%d">' % (len(texts), len(texts)) + items + b"</sst>")


READINGS_TITLES = ["Лицевой счёт", "Кв.", "Номер счётчика", "Период", "Дата снятия", "Показание"]


def readings_xlsx(path: Path, rows: int, *, meters: int = 10_000) -> Path:
    """A readings workbook as Excel writes it (text in shared strings, ``<c r="A2" t="s">``):
    ``rows`` readings of ``meters`` meters, a month after each round, six columns."""
    texts: list[bytes] = [title.encode() for title in READINGS_TITLES]
    index: dict[bytes, int] = {}

    def shared(text: str) -> int:
        data = text.encode()
        if data not in index:
            index[data] = len(texts)
            texts.append(data)
        return index[data]

    header = b'<row r="1">' + b"".join(b'<c r="%s1" t="s"><v>%d</v></c>' % (column, n)
                                       for n, column in enumerate((b"A", b"B", b"C", b"D", b"E", b"F"))) + b"</row>"
    cell = (b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c>'
            b'<c r="D%d" t="s"><v>%d</v></c><c r="E%d" t="s"><v>%d</v></c><c r="F%d"><v>%d.%03d</v></c></row>')
    body = [header]
    for n in range(rows):
        meter, month = n % meters, n // meters % 12 + 1
        r = n + 2
        period = f"{month:02d}.2026"
        body.append(cell % (r, r, shared(f"{meter // 2 + 1:06d}"), r, shared(str(meter // 2 + 1)), r,
                            shared(f"M{meter:06d}"), r, shared(period), r, shared("21." + period),
                            r, 100 + n // meters * 5 + meter % 7, n % 1000))
    sheet = sheet_xml(b"".join(body))
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)  # level 1: a large file built quickly
    raw = packer.compress(sheet) + packer.flush()
    member = Member("xl/worksheets/sheet1.xml", raw=raw, size=len(sheet), crc=zlib.crc32(sheet))
    return write_zip(path, xlsx_members(member, shared=shared_strings_xml(texts)))
