"""Hostile files are refused within 5 s and 200 MB, each with a clear Russian message;
a large plain file is read within 300 MB.

Each file is parsed in a fresh interpreter, which reports its own peak resident memory
(``VmHWM``; Rust's allocations included, which tracemalloc would not see), and a
regression that makes calamine abort the process fails one case instead of killing
the test run. A child may take at most ``CHILD_ADDRESS_SPACE`` of address space, so a
regression costs a failed case, not the memory of a shared machine. The children run
two at a time in a session fixture; each case then checks its own result.

What the same files do to python-calamine 0.9.1 *without* the guards is written at
the top of ``tsj_desk/importers/guards.py`` (aborts, gigabytes, endless loops).
"""

from __future__ import annotations

import json
import os
import random
import struct
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_files import (
    BILLION_LAUGHS,
    HEADER_ROW,
    ODS_HEADER_ROW,
    SHARED_STRINGS,
    Member,
    SstString,
    biff_sheet,
    biff_workbook,
    compound_file,
    deflate_repeated,
    dimensions,
    label,
    label_sst,
    number,
    ods_cell,
    ods_content,
    ods_members,
    readings_xls_stream,
    readings_xlsx,
    record,
    shared_strings_xml,
    sheet_xml,
    sst_records,
    workbook_xml,
    write_ods,
    write_xls,
    write_xlsx,
    write_zip,
    xlsx_members,
)

ROOT = Path(__file__).resolve().parents[2]
MEMORY = 200 * 1024 * 1024  # bytes: a refusal's peak
IMPORT_MEMORY = 300 * 1024 * 1024  # bytes: the peak of any import (issue 11)
GIB = 1024 ** 3
CHILD_ADDRESS_SPACE = 4 * GIB  # a child asking for more fails instead of taking a shared machine's memory

CHILD = r"""
import json, resource, sys, time
from datetime import date
from tsj_desk.domain.errors import FileProblem
path, parser, size_limit = sys.argv[1], sys.argv[2], sys.argv[3]
if size_limit != "-":
    from tsj_desk.importers.spreadsheet import set_size_limit
    set_size_limit(int(size_limit))
from tsj_desk.importers.readings import parse_readings_file
from tsj_desk.importers.registry import parse_registry_file
started = time.perf_counter()
rows = None
try:
    if parser == "readings":
        rows = len(parse_readings_file(path).rows)
    else:
        rows = len(parse_registry_file(path, today=date(2026, 11, 24)).rows)
    outcome, message = "read", ""
except FileProblem as exc:
    outcome, message = "FileProblem", exc.message
seconds = time.perf_counter() - started
try:  # the peak resident memory of this process image (Rust's allocations included)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"outcome": outcome, "message": message, "seconds": seconds, "peak": peak, "rows": rows}))
"""


@dataclass
class Result:
    outcome: str
    message: str
    seconds: float
    peak: int | None  # bytes
    returncode: int
    stderr: str
    rows: int | None = None  # rows the import accepted, when it read the file


def _cap_address_space() -> None:  # pragma: no cover - runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))


def run_child(path: Path, parser: str = "readings", size_limit: int | None = None) -> Result:
    """Parse ``path`` in a fresh interpreter, which reports its time and peak memory.

    The peak is the child's own ``VmHWM``: ``ru_maxrss`` of a child (from
    ``wait4`` or ``RUSAGE_CHILDREN``) also counts the parent's memory it was
    forked from — the whole pytest process — before its ``exec``.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cap = _cap_address_space if sys.platform.startswith("linux") else None
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(path), parser,
                               "-" if size_limit is None else str(size_limit)],
                              capture_output=True, cwd=ROOT, env=env, timeout=60, preexec_fn=cap)
    except subprocess.TimeoutExpired as exc:
        return Result("timeout", "", 60.0, None, -1, (exc.stderr or b"").decode(errors="replace"))
    stdout, stderr = proc.stdout.decode(), proc.stderr.decode(errors="replace")
    if proc.returncode != 0 or not stdout.strip():
        return Result("crashed", "", 0.0, None, proc.returncode, stderr)
    data = json.loads(stdout.strip().splitlines()[-1])
    return Result(data["outcome"], data["message"], data["seconds"], data["peak"], proc.returncode, stderr,
                  data.get("rows"))


# ---------------------------------------------------------------- the files

Builder = Callable[[Path], Path]
ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'


def _sheet_bomb(size: int, *, lie: bool = False) -> Member:
    """sheet1.xml: rows of cells padded with spaces, ``size`` bytes unpacked."""
    head = sheet_xml(HEADER_ROW).split(b"</sheetData>")[0]
    block = (ROW + b" " * 4000) * 256  # ~1 MiB, deflates about 1000:1
    raw, crc, real = deflate_repeated(head, block, size // len(block), b"</sheetData></worksheet>")
    return Member("xl/worksheets/sheet1.xml", raw=raw, size=real, crc=crc,
                  declared_size=2048 if lie else None)


def xlsx_zip_bomb(tmp: Path) -> Path:
    return write_xlsx(tmp / "bomb.xlsx", _sheet_bomb(3 * GIB))


def xlsx_zip_bomb_lying_header(tmp: Path) -> Path:
    return write_xlsx(tmp / "bomb-lying.xlsx", _sheet_bomb(3 * GIB, lie=True))


def xlsx_zip_bomb_in_shared_strings(tmp: Path) -> Path:
    head = SHARED_STRINGS.split(b"</sst>")[0]
    raw, crc, size = deflate_repeated(head, b"<si><t>" + b"x" * 1_000_000 + b"</t></si>", 2048, b"</sst>")
    return write_xlsx(tmp / "bomb-strings.xlsx", shared=Member("xl/sharedStrings.xml", raw=raw, size=size, crc=crc))


def xlsx_zip_bomb_overlapping(tmp: Path) -> Path:
    """Many directory entries pointing at one member's data (a non-recursive zip bomb)."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919 % 10007)
                    for n in range(2, 40000))
    members = xlsx_members(sheet_xml(HEADER_ROW + rows))
    copies = [Member(f"xl/media/copy{n}.xml", sheet_xml(HEADER_ROW + rows)) for n in range(40)]
    return write_zip(tmp / "bomb-overlap.xlsx", members + copies,
                     share_data_of={m.name: "xl/worksheets/sheet1.xml" for m in copies})


def xlsx_too_many_parts(tmp: Path) -> Path:
    extra = [Member(f"xl/media/p{n}.xml", b"<x/>") for n in range(12_000)]
    return write_zip(tmp / "parts.xlsx", xlsx_members(extra=extra))


def ods_zip_bomb(tmp: Path) -> Path:
    head = ods_content(ODS_HEADER_ROW).split(b"</table:table>")[0]
    block = (b"<table:table-row>" + ods_cell("x") + b"</table:table-row>" + b" " * 4000) * 256
    raw, crc, size = deflate_repeated(head, block, 3 * GIB // len(block),
                                      b"</table:table></office:spreadsheet></office:body></office:document-content>")
    return write_zip(tmp / "bomb.ods", ods_members(Member("content.xml", raw=raw, size=size, crc=crc)))


def xlsx_billion_laughs_in_sheet(tmp: Path) -> Path:
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return write_xlsx(tmp / "laughs-sheet.xlsx", sheet_xml(HEADER_ROW + row, prolog=BILLION_LAUGHS))


def xlsx_billion_laughs_in_shared_strings(tmp: Path) -> Path:
    shared = SHARED_STRINGS.replace(b"standalone=\"yes\"?>\n", b"standalone=\"yes\"?>\n" + BILLION_LAUGHS)
    return write_xlsx(tmp / "laughs-strings.xlsx", shared=shared.replace(b"<t>", b"<t>&lol9;", 1))


def xlsx_billion_laughs_utf16(tmp: Path) -> Path:
    text = sheet_xml(HEADER_ROW, prolog=BILLION_LAUGHS).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return write_xlsx(tmp / "laughs-utf16.xlsx", b"\xff\xfe" + text.encode("utf-16-le"))


def xlsx_external_entity(tmp: Path) -> Path:
    prolog = b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>&secret;</t></is></c></row>'
    return write_xlsx(tmp / "external.xlsx", sheet_xml(HEADER_ROW + row, prolog=prolog))


def xlsx_doctype_inside_document(tmp: Path) -> Path:
    """quick-xml accepts a DOCTYPE anywhere; expat would stop at the root element."""
    return write_xlsx(tmp / "doctype-inside.xlsx", sheet_xml(b'<!DOCTYPE x [<!ENTITY a "b">]>' + HEADER_ROW))


def ods_billion_laughs(tmp: Path) -> Path:
    rows = ODS_HEADER_ROW + b"<table:table-row>" + ods_cell("&lol9;").replace(b"&amp;", b"&") + b"</table:table-row>"
    return write_ods(tmp / "laughs.ods", ods_content(rows, prolog=BILLION_LAUGHS))


def xlsx_billion_cells(tmp: Path) -> Path:
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(tmp / "billion-cells.xlsx", sheet_xml(HEADER_ROW + far))


def xlsx_last_row_huge_column(tmp: Path) -> Path:
    far = b'<row r="1048576"><c r="ZZZZZZ1048576"><v>1</v></c></row>'
    return write_xlsx(tmp / "huge-column.xlsx", sheet_xml(HEADER_ROW + far))


def xlsx_row_beyond_excel(tmp: Path) -> Path:
    far = b'<row r="4000000000"><c r="A4000000000"><v>1</v></c></row>'
    return write_xlsx(tmp / "row-4e9.xlsx", sheet_xml(HEADER_ROW + far))


def xlsx_sparse_million_rows(tmp: Path) -> Path:
    far = b'<row r="1048576"><c r="B1048576"><v>1</v></c></row>'
    return write_xlsx(tmp / "sparse-rows.xlsx", sheet_xml(HEADER_ROW + far))


def xlsx_implicit_columns(tmp: Path) -> Path:
    """Cells without ``r`` take the next column: 20,000 of them in one row."""
    return write_xlsx(tmp / "implicit-columns.xlsx", sheet_xml(HEADER_ROW + b"<row>" + b"<c><v>1</v></c>" * 20_000 + b"</row>"))


def xlsx_far_cell_hidden_by_quoted_gt(tmp: Path) -> Path:
    """A ``>`` inside an attribute value must not hide the ``r`` after it."""
    far = b'<row r="2"><c s=">" r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(tmp / "quoted-gt.xlsx", sheet_xml(HEADER_ROW + far))


def xlsx_far_cell_prefixed(tmp: Path) -> Path:
    rows = b'<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    sheet = sheet_xml(HEADER_ROW + rows).replace(b"<worksheet ", b'<worksheet xmlns:x="' + b"urn:x" + b'" ')
    return write_xlsx(tmp / "prefixed.xlsx", sheet)


def xlsx_shared_strings_count(tmp: Path) -> Path:
    return write_xlsx(tmp / "sst-count.xlsx", shared=SHARED_STRINGS.replace(b'uniqueCount="2"', b'uniqueCount="4294967295"'))


def xlsx_one_part_as_many_sheets(tmp: Path) -> Path:
    """200 sheets of the workbook all name one 8 MB part: calamine would read it 200 times."""
    noise = random.Random(1).randbytes(4 * 1024 * 1024).hex().encode()  # compresses only 2:1
    big = sheet_xml(HEADER_ROW, after=b"<!--" + noise + b"-->")
    return write_zip(tmp / "same-part.xlsx", xlsx_members(big, workbook=workbook_xml(200)))


def ods_billion_rows(tmp: Path) -> Path:
    rows = ODS_HEADER_ROW + b'<table:table-row table:number-rows-repeated="1000000000">' + ods_cell("x") + b"</table:table-row>"
    return write_ods(tmp / "billion-rows.ods", ods_content(rows))


def ods_repeated_columns(tmp: Path) -> Path:
    rows = ODS_HEADER_ROW + (b'<table:table-row table:number-rows-repeated="5000"><table:table-cell office:value-type="float" '
                             b'office:value="1" table:number-columns-repeated="16000"/></table:table-row>')
    return write_ods(tmp / "repeated-columns.ods", ods_content(rows))


def ods_space_bomb(tmp: Path) -> Path:
    rows = ODS_HEADER_ROW + (b'<table:table-row><table:table-cell office:value-type="string"><text:p>a'
                             b'<text:s text:c="1000000000"/>b</text:p></table:table-cell></table:table-row>')
    return write_ods(tmp / "spaces.ods", ods_content(rows))


def ods_unclosed_table(tmp: Path) -> Path:
    """calamine's .ods reader spins forever when ``<table:table>`` is never closed."""
    content = ods_content(ODS_HEADER_ROW).replace(b"</table:table>", b"")
    return write_ods(tmp / "unclosed.ods", content)


def xlsx_over_limit(tmp: Path) -> Path:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n * 7919 % 10007) for n in range(2, 60000))
    return write_xlsx(tmp / "big.xlsx", sheet_xml(HEADER_ROW + rows))


def csv_over_limit(tmp: Path) -> Path:
    path = tmp / "big.csv"
    path.write_bytes("000001;Иванов;1;1;г. Москва, кв. 1;9;M1;ХВС;;12,5;21.09.2026;\r\n".encode("cp1251") * 2000)
    return path


def xls_far_cell(tmp: Path) -> Path:
    return write_xls(tmp / "far.xls", readings_xls_stream(number(65535, 255, 1.0)))


def xls_billion_dimensions(tmp: Path) -> Path:
    return write_xls(tmp / "dimensions.xls", readings_xls_stream(dims=dimensions(0, 0xFFFFFFFF, 0, 0xFFFF)))


def xls_wrapped_dimensions(tmp: Path) -> Path:
    return write_xls(tmp / "dimensions-wrap.xls", readings_xls_stream(dims=dimensions(9, 2, 0, 3)))


def xls_column_65535(tmp: Path) -> Path:
    return write_xls(tmp / "column.xls", readings_xls_stream(number(1, 65535, 1.0)))


def xls_sheets_sharing_one_stream(tmp: Path) -> Path:
    sheet = biff_sheet(label(0, 0, "Номер счётчика"), label(0, 1, "Показание"), *[number(n, 1, n) for n in range(1, 3000)])
    names = [f"S{n}" for n in range(300)]
    position = len(biff_workbook([sheet] * 300, names=names)) - 300 * len(sheet)
    return write_xls(tmp / "shared-sheets.xls", biff_workbook([sheet], names=names, positions=[position] * 300))


def xls_fat_listed_many_times(tmp: Path) -> Path:
    return write_xls(tmp / "difat.xls", readings_xls_stream(label(1, 0, "M1")), extra_fat_refs=50_000)


def xls_fat_cycle(tmp: Path) -> Path:
    data = bytearray(compound_file(readings_xls_stream(label(1, 0, "M1"))))
    # the stream's last sector points back at its first one
    first = int.from_bytes(data[0x30:0x34], "little") + 1
    fat = data[512:1024]
    last = max(i for i in range(128) if int.from_bytes(fat[i * 4:i * 4 + 4], "little") == 0xFFFFFFFE and i >= first)
    data[512 + last * 4:512 + last * 4 + 4] = first.to_bytes(4, "little")
    path = tmp / "fat-cycle.xls"
    path.write_bytes(bytes(data))
    return path


def xls_shared_string_count(tmp: Path) -> Path:
    """An SST record declaring 2^31-1 strings (calamine may reserve memory for them)."""
    sst = record(0x00FC, struct.pack("<II", 5, 0x7FFFFFFF) + b"\x01\x00\x00x")
    plain = biff_workbook([biff_sheet(label(0, 0, "Номер счётчика"), label(0, 1, "Показание"))])
    at = plain.index(record(0x000A))  # the globals' EOF: the SST goes before it
    grown = plain[:at] + sst + plain[at:]
    # the BOUNDSHEET's position of the sheet moves by the SST's length
    pos_at = plain.index(b"\x85\x00") + 4
    position = struct.unpack_from("<I", plain, pos_at)[0] + len(sst)
    grown = grown[:pos_at] + struct.pack("<I", position) + grown[pos_at + 4:]
    return write_xls(tmp / "sst.xls", grown)


def xls_named_but_html(tmp: Path) -> Path:
    path = tmp / "export.xls"
    path.write_text("<html><body><table><tr><td>Номер счётчика</td></tr></table></body></html>", encoding="utf-8")
    return path


# text taken from elsewhere into many cells (tsj_desk/importers/text_guard.py)
MEGABYTE_TEXT = b"x" * 1_000_000


def _shared_header() -> list[bytes]:
    return ["Номер счётчика".encode(), "Показание".encode()]


def xlsx_shared_string_in_many_cells(tmp: Path) -> Path:
    """One 1 MB shared string named by 10,000 cells written as Excel writes them: 54 KB
    on disk, 10 GB once every cell holds its copy (20 GB with Python's)."""
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>2</v></c><c r="B%d"><v>1</v></c></row>' % (n, n, n)
                    for n in range(2, 10_002))
    header = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    return write_xlsx(tmp / "shared-text.xlsx", sheet_xml(header + rows),
                      shared=shared_strings_xml([*_shared_header(), MEGABYTE_TEXT]))


def xlsx_shared_string_in_odd_cells(tmp: Path) -> Path:
    """The same, in cells Excel never writes: no ``r``, the type in single quotes."""
    rows = b"".join(b"<row>" + b"<c t='s'><v>2</v></c>" * 10 + b"</row>" for _ in range(1000))
    header = b"<row><c t='s'><v>0</v></c><c t='s'><v>1</v></c></row>"
    return write_xlsx(tmp / "shared-text-odd.xlsx", sheet_xml(header + rows),
                      shared=shared_strings_xml([*_shared_header(), MEGABYTE_TEXT]))


def xlsx_forty_million_shared_strings(tmp: Path) -> Path:
    """40,000,000 empty shared strings (24 bytes each in calamine), random comments
    keeping the part's packing ratio that of a plain file: 6 MB on disk."""
    head = shared_strings_xml([]).split(b"</sst>")[0]
    noise = b"<!--" + random.Random(2).randbytes(3000).hex().encode() + b"-->"
    raw, crc, size = deflate_repeated(head, b"<si/>" * 20_000 + noise, 2000, b"</sst>")
    return write_xlsx(tmp / "forty-million.xlsx", shared=Member("xl/sharedStrings.xml", raw=raw, size=size, crc=crc))


def xls_shared_string_in_many_cells(tmp: Path) -> Path:
    """A 65,535-character SST string (the most one may hold) named by 70,000 LABELSST
    cells: 1 MB on disk, 4.6 GB in calamine (and as much again in Python)."""
    strings = [SstString("Номер счётчика"), SstString("Показание"), SstString("x" * 65_535, wide=False)]
    cells = [label_sst(0, 0, 0), label_sst(0, 1, 1)]
    cells += [label_sst(1 + n // 2, n % 2, 2) for n in range(70_000)]
    stream = biff_workbook([biff_sheet(*cells)], globals_tail=sst_records(strings, uses=70_002))
    return write_xls(tmp / "shared-text.xls", stream)


def ods_text_in_repeated_cells(tmp: Path) -> Path:
    """A 1 MB text in a cell repeated over 100 columns of a row repeated 100 times: 2 KB
    on disk, 10,000 copies in calamine."""
    cell = (b'<table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>'
            + MEGABYTE_TEXT + b"</text:p></table:table-cell>")
    rows = ODS_HEADER_ROW + b'<table:table-row table:number-rows-repeated="100">' + cell + b"</table:table-row>"
    return write_ods(tmp / "repeated-text.ods", ods_content(rows))


def xlsb_file(tmp: Path) -> Path:
    path = tmp / "book.xlsb"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    return path


@dataclass(frozen=True)
class Case:
    build: Builder
    expect: str  # a fragment of the Russian message
    parser: str = "readings"
    size_limit: int | None = None


CASES = {
    # (a) zip bombs
    "xlsx zip bomb (3 GB sheet)": Case(xlsx_zip_bomb, "zip-бомб"),
    "xlsx zip bomb with a lying header": Case(xlsx_zip_bomb_lying_header, "больший размер"),
    "xlsx zip bomb in sharedStrings.xml": Case(xlsx_zip_bomb_in_shared_strings, "zip-бомб", "registry"),
    "xlsx overlapping zip entries": Case(xlsx_zip_bomb_overlapping, "наложены"),
    "xlsx with 12,000 parts": Case(xlsx_too_many_parts, "частей"),
    "ods zip bomb (3 GB content.xml)": Case(ods_zip_bomb, "zip-бомб"),
    # (b) entity bombs, DTDs
    "xlsx billion laughs in a sheet": Case(xlsx_billion_laughs_in_sheet, "DOCTYPE/ENTITY"),
    "xlsx billion laughs in sharedStrings.xml": Case(xlsx_billion_laughs_in_shared_strings, "DOCTYPE/ENTITY", "registry"),
    "xlsx billion laughs in UTF-16": Case(xlsx_billion_laughs_utf16, "DOCTYPE/ENTITY"),
    "xlsx external entity": Case(xlsx_external_entity, "DOCTYPE/ENTITY"),
    "xlsx DOCTYPE inside the document": Case(xlsx_doctype_inside_document, "DOCTYPE/ENTITY"),
    "ods billion laughs": Case(ods_billion_laughs, "DOCTYPE/ENTITY"),
    # (c) sheets declaring a billion cells
    # a sheet past 400,000 rows is refused by its row count first (MAX_ROWS, issue 11)
    "xlsx cells at A1 and XFD1048576": Case(xlsx_billion_cells, "1\u00a0048\u00a0576 строк — больше допустимых 400\u00a0000"),
    "xlsx row 1048576 with a huge column": Case(xlsx_last_row_huge_column, "ZZZZZZ1048576"),
    "xlsx row 4,000,000,000": Case(xlsx_row_beyond_excel, "4000000000"),
    "xlsx cells at A1 and B1048576": Case(xlsx_sparse_million_rows, "1\u00a0048\u00a0576 строк — больше допустимых 400\u00a0000"),
    "xlsx 20,000 cells without r in a row": Case(xlsx_implicit_columns, "20\u00a0000 столбцов — больше допустимых 16\u00a0384"),
    "xlsx far cell after a quoted >": Case(xlsx_far_cell_hidden_by_quoted_gt, "больше допустимых 400\u00a0000"),
    "xlsx far cell with prefixed tags": Case(xlsx_far_cell_prefixed, "больше допустимых 400\u00a0000"),
    "xlsx sharedStrings uniqueCount 4294967295": Case(xlsx_shared_strings_count, "таблица строк", "registry"),
    "xlsx 200 sheets naming one 8 MB part": Case(xlsx_one_part_as_many_sheets, "ссылаются на одни и те же"),
    "ods a billion repeated rows": Case(ods_billion_rows, "1\u00a0000\u00a0000\u00a0001 строка — больше допустимых"),
    "ods 16,000 repeated columns × 5,000 rows": Case(ods_repeated_columns, "ячеек"),
    "ods a billion repeated spaces": Case(ods_space_bomb, "пробелов"),
    "ods table never closed": Case(ods_unclosed_table, "неправильный XML"),
    # (d) size limit
    "an xlsx over the configured size limit": Case(xlsx_over_limit, "слишком большой", size_limit=64 * 1024),
    "a csv over the configured size limit": Case(csv_over_limit, "слишком большой", size_limit=64 * 1024),
    # (e) .xls (OLE2/BIFF8)
    # 65,536 × 256 cells: past MAX_CELLS (2,000,000) before the sparse rule is asked
    "xls cells at A1 and IV65536": Case(xls_far_cell, "65\u00a0536 строк на 256 столбцов, а допускается не больше 2\u00a0000\u00a0000 ячеек"),
    "xls DIMENSIONS of 4 billion rows": Case(xls_billion_dimensions, "4\u00a0294\u00a0967\u00a0295 строк на 65\u00a0535 столбцов"),
    "xls DIMENSIONS wrapping around": Case(xls_wrapped_dimensions, "объявляет размер"),
    "xls cell in column 65536": Case(xls_column_65535, "65\u00a0536 столбцов"),
    "xls 300 sheets sharing one stream": Case(xls_sheets_sharing_one_stream, "наложены"),
    "xls FAT listed 50,000 times": Case(xls_fat_listed_many_times, "таблица размещения"),
    "xls FAT chain cycle": Case(xls_fat_cycle, "зациклена"),
    "xls shared strings count 2^31-1": Case(xls_shared_string_count, "таблица строк"),
    "xls that is a web page": Case(xls_named_but_html, "не книга Excel 97–2003"),
    "xlsb": Case(xlsb_file, "не поддерживается"),
    # (f) text taken from elsewhere into many cells
    "xlsx 1 MB shared string in 10,000 cells": Case(xlsx_shared_string_in_many_cells,
                                                     "в ячейках листа «Sheet1» оказалось бы больше 64 МБ текста"),
    "xlsx 1 MB shared string in 10,000 odd cells": Case(xlsx_shared_string_in_odd_cells,
                                                         "оказалось бы больше 64 МБ текста"),
    "xlsx 40,000,000 shared strings": Case(xlsx_forty_million_shared_strings,
                                           "больше 2\u00a0000\u00a0000 строк", "registry"),
    "xls 64 KB shared string in 70,000 cells": Case(xls_shared_string_in_many_cells,
                                                     "в ячейках листа оказалось бы больше 64 МБ текста"),
    "ods 1 MB text in 10,000 repeated cells": Case(ods_text_in_repeated_cells,
                                                   "в ячейках книги оказалось бы больше 64 МБ текста"),
}


@pytest.fixture(scope="session")
def refusals(tmp_path_factory) -> dict[str, tuple[Path, Result]]:
    folder = tmp_path_factory.mktemp("hostile")

    def run(item: tuple[str, Case]) -> tuple[str, tuple[Path, Result]]:
        name, case = item
        sub = folder / f"case{list(CASES).index(name)}"
        sub.mkdir()
        path = case.build(sub)
        return name, (path, run_child(path, case.parser, case.size_limit))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, CASES.items()))


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file_is_refused_cheaply(name, refusals):
    # how quickly: benchmarks/hostile_files.py prints each refusal's time; here a file
    # that hangs the parser shows as the outcome "timeout" of the child
    path, result = refusals[name]
    assert result.outcome == "FileProblem", (result.outcome, result.returncode, result.stderr[-2000:])
    assert CASES[name].expect in result.message, result.message
    assert path.name in result.message, result.message
    if result.peak is not None:
        assert result.peak < MEMORY, f"{result.peak / 2**20:.0f} MB"
    assert path.stat().st_size < 12 * 1024 * 1024  # the test files stay small on disk


def test_zip_bomb_file_is_small_and_declares_gigabytes(tmp_path):
    import zipfile

    path = xlsx_zip_bomb(tmp_path)
    with zipfile.ZipFile(path) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size > 3 * 10**9
    assert path.stat().st_size < 5 * 1024 * 1024


def test_calamine_does_not_reserve_by_declared_dimension(tmp_path):
    """``<dimension ref="A1:XFD1048576"/>`` alone is harmless: calamine 0.9.1 sizes
    the sheet by its cells. Should an upgrade start reserving by the dimension,
    this fails and the guard must start checking ``<dimension>`` too."""
    rows = HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>M1</t></is></c><c r="B2"><v>5</v></c></row>'
    path = write_xlsx(tmp_path / "dimension.xlsx", sheet_xml(rows, dimension=b"A1:XFD1048576"))
    result = run_child(path)
    assert result.outcome == "read", (result.message, result.stderr[-2000:])
    if result.peak is not None:
        assert result.peak < 100 * 1024 * 1024


def test_a_large_plain_file_is_read_within_300_mb(tmp_path):
    """The largest sheet the guards let through (MAX_CELLS: 2,000,000 cells = 333,332
    readings of six columns under their header, as Excel writes them): every row read,
    the whole import under 300 MB."""
    from tsj_desk.importers.sheet_limits import MAX_CELLS

    rows = MAX_CELLS // 6 - 1
    assert rows == 333_332
    path = readings_xlsx(tmp_path / "readings-at-the-bound.xlsx", rows)
    result = run_child(path)
    assert result.outcome == "read", (result.outcome, result.message, result.stderr[-2000:])
    assert result.rows == rows
    assert result.peak is not None and result.peak < IMPORT_MEMORY, f"{result.peak / 2**20:.0f} MB"


def test_one_row_past_the_bound_is_refused_before_it_is_read(tmp_path):
    """A sheet of 2,000,004 cells (one readings row more than the file above) is refused
    by the guards, cheaply and with what to do, instead of costing the memory of its
    reading (a 1,000,000-row workbook took 1.6 GB before the bound)."""
    from tsj_desk.importers.sheet_limits import MAX_CELLS

    path = readings_xlsx(tmp_path / "readings-past-the-bound.xlsx", MAX_CELLS // 6)
    result = run_child(path)
    assert result.outcome == "FileProblem", (result.outcome, result.stderr[-2000:])
    nbsp = "\u00a0"  # the message groups digits as Russian text does
    assert f"333{nbsp}334 строки на 6 столбцов" in result.message  # 333,333 readings and the header
    assert f"не больше 2{nbsp}000{nbsp}000 ячеек" in result.message and "Удалите лишние строки" in result.message
    assert result.peak is not None and result.peak < 100 * 1024 * 1024, f"{result.peak / 2**20:.0f} MB"


def test_legitimate_files_still_read_in_a_child(tmp_path):
    """The same child reads a plain readings file of each format."""
    rows = HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>M1</t></is></c><c r="B2"><v>5</v></c></row>'
    files = [
        write_xlsx(tmp_path / "plain.xlsx", sheet_xml(rows)),
        write_xls(tmp_path / "plain.xls", readings_xls_stream(label(1, 0, "M1"), number(1, 1, 5.0))),
        write_ods(tmp_path / "plain.ods"),
    ]
    for path in files:
        result = run_child(path)
        assert result.outcome in ("read", "FileProblem"), result.stderr[-2000:]
        assert "не загружен" not in result.message and "повреждён" not in result.message, result.message
