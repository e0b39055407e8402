"""Mutating valid spreadsheets into damaged ones, for the fuzz tests.

A mutation is a list of ``Op``: flip, insert, delete, overwrite or truncate, at a
relative position of a byte string. Ops apply to a whole file, to one member of a
zip package (which is then zipped again, so that calamine gets past the zip layer
and meets broken XML), to the Workbook stream of an .xls (wrapped again into a
compound file), or to a CSV's text. Inserted bytes are random or picked from
``TOKENS``: fragments that reach the dangerous corners of each format.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hostile_files import (
    biff_sheet,
    biff_workbook,
    compound_file,
    dimensions,
    label,
    number,
    ods_cell,
    ods_content,
    ods_members,
    ods_number,
    zip_bytes,
)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

KINDS = ("flip", "insert", "delete", "overwrite", "truncate", "duplicate")

TOKENS = (
    b'<c r="XFD1048576"><v>1</v></c>', b'<c r="A1048576" t="s"><v>0</v></c>', b'<c r="ZZZZ1"><v>1</v></c>',
    b'<c r="A0"><v>1</v></c>', b'<c><v>7</v></c>', b'<c t="inlineStr"><is><t>x</t></is></c>',
    b'<row r="1048576">', b'<row r="4294967295">', b"<row>", b"</row>", b"<c>", b"</c>", b'r="B2"',
    b'<dimension ref="A1:XFD1048576"/>', b'<mergeCell ref="A1:XFD1048576"/>',
    b'<sst uniqueCount="4294967295" count="99">', b'uniqueCount="99999999999"', b"<si><t>x</t></si>",
    b"<!DOCTYPE x [<!ENTITY a \"aaaa\">]>", b"&a;", b"&lt;", b"&#0;", b"&#xFFFFFFFF;", b"]]>", b"<![CDATA[",
    b'table:number-rows-repeated="1048576"', b'table:number-columns-repeated="16384"',
    b'table:number-rows-repeated="4294967295"', b'<text:s text:c="999999999"/>',
    b'<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="9999"/>',
    b"<table:table-row>", b"</table:table-row>", b'<table:table table:name="X">',
    b'office:value-type="date" office:date-value="99999-99-99"', b'office:value-type="float" office:value="nan"',
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xd0", b"\x98", b";;;;;;;;;;;;", b"\r\n", b"99.99.9999",
    b"1e309", b"-0", b"NaN", b"inf", b"\xd0\x9f\xd0\xbe\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbd\xd0\xb8\xd0\xb5",
    b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\xfe\xff\xff\xff", b"\x7f\xff\xff\xff", b"\x00\x02\x0e\x00",
)


@dataclass(frozen=True)
class Op:
    kind: str
    at: int  # position, taken modulo the length of the data
    data: bytes = b""
    length: int = 1


def apply(data: bytes, ops: list[Op]) -> bytes:
    out = bytearray(data)
    for op in ops:
        size = len(out)
        at = op.at % (size + 1)
        if op.kind == "flip" and size:
            at %= size
            out[at] ^= 1 << (op.length % 8)
        elif op.kind == "insert":
            out[at:at] = op.data
        elif op.kind == "delete":
            del out[at:at + op.length]
        elif op.kind == "overwrite":
            out[at:at + len(op.data)] = op.data
        elif op.kind == "truncate":
            del out[at:]
        elif op.kind == "duplicate":
            out[at:at] = out[at:at + op.length * 16]
    return bytes(out)


def zip_members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rezip(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            if name == "mimetype":
                archive.writestr(zipfile.ZipInfo(name), content)  # stored, as ODF wants
            else:
                archive.writestr(name, content)
    return buffer.getvalue()


def mutate_member(data: bytes, index: int, ops: list[Op]) -> bytes:
    members = zip_members(data)
    name, content = members[index % len(members)]
    members[index % len(members)] = (name, apply(content, ops))
    return rezip(members)


def _readings_xls() -> bytes:
    sheet = biff_sheet(
        label(0, 0, "Лицевой счёт"), label(0, 1, "Номер счётчика"), label(0, 2, "Дата снятия"),
        label(0, 3, "Показание"),
        label(1, 0, "000001"), label(1, 1, "M000001"), label(1, 2, "21.09.2026"), number(1, 3, 123.5),
        label(2, 0, "000002"), label(2, 1, "M000002"), label(2, 2, "21.09.2026"), number(2, 3, 77.25),
        dims=dimensions(0, 3, 0, 4),
    )
    return biff_workbook([sheet], names=["Показания"])


def xls_from_stream(stream: bytes) -> bytes:
    return compound_file(stream)


def _readings_ods() -> bytes:
    rows = b"".join(
        b"<table:table-row>" + b"".join(cells) + b"</table:table-row>"
        for cells in (
            (ods_cell("Номер счётчика"), ods_cell("Дата снятия"), ods_cell("Показание")),
            (ods_cell("M000001"), ods_cell("21.09.2026"), ods_number(123.5)),
            (ods_cell("M000002"), ods_cell("21.09.2026"), ods_number(77.25)),
        )
    ) + b'<table:table-row table:number-rows-repeated="1048573"><table:table-cell ' \
        b'table:number-columns-repeated="1024"/></table:table-row>'
    return zip_bytes(ods_members(ods_content(rows)))


def seeds() -> dict[str, bytes]:
    """Valid files of every accepted kind: the samples, plus an .xls and an .ods."""
    result = {path.name: path.read_bytes() for path in sorted(SAMPLES.glob("*.xlsx"))}
    result["readings_1c.csv"] = (SAMPLES / "readings_1c.csv").read_bytes()
    result["readings.xls"] = xls_from_stream(_readings_xls())
    result["readings.ods"] = _readings_ods()
    return result


def xls_stream_of(data: bytes) -> bytes:
    """The Workbook stream of a compound file made by ``compound_file``."""
    first_data = struct.unpack_from("<I", data, 0x30)[0] + 1
    size = struct.unpack_from("<I", data, 512 + (first_data - 1) * 512 + 128 + 120)[0]
    return data[512 + first_data * 512:512 + first_data * 512 + size]


__all__ = ["KINDS", "Op", "TOKENS", "apply", "mutate_member", "rezip", "seeds", "xls_from_stream",
           "xls_stream_of", "zip_members"]
