"""The guards themselves: their cell extents never fall short of calamine's, the size
limit is configurable, merged ranges are clipped, a Rust panic is a FileProblem,
and good files of every format still pass."""

from __future__ import annotations

import os
import random
import re
import struct
from pathlib import Path

import pytest
from hostile_files import (
    HEADER_ROW,
    ODS_HEADER_ROW,
    SHARED_STRINGS,
    biff_sheet,
    biff_workbook,
    label,
    number,
    ods_cell,
    ods_content,
    readings_xls_stream,
    record,
    sheet_xml,
    write_ods,
    write_xls,
    write_xlsx,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers import guards, spreadsheet, xls_guard, xlsx_sheet_guard, zip_guard
from tsj_desk.importers.readings import parse_readings_file
from tsj_desk.importers.spreadsheet import read_table, set_size_limit, size_limit

SCALE = int(os.environ.get("TSJ_FUZZ_SCALE", "1"))  # e.g. 50 for a long local run
PROPERTY = settings(max_examples=120 * SCALE, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def calamine_end(path: Path) -> tuple[int, int] | None:
    """The last cell calamine puts in the first sheet (0-based), or None if empty."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        sheet = workbook.get_sheet_by_index(0)
        return sheet.end if sheet.start is not None else None
    finally:
        workbook.close()


def guard_extent(path: Path, kind: str, chunking: random.Random | None = None) -> guards.Extent:
    """The guard's extent of the first sheet, the data fed in random '>'-aligned pieces."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        member = "content.xml" if kind == "ods" else "xl/worksheets/sheet1.xml"
        data = archive.read(member)
    package = zip_guard.Package(path.name, kind, guards.DEFAULT_LIMITS, {member: len(data)})
    scan = package.member(member)
    cuts = sorted(m.end() for m in re.finditer(rb">", data))
    if chunking and cuts:
        chosen = sorted(chunking.sample(cuts, k=min(len(cuts), chunking.randint(1, 8))))
    else:
        chosen = []
    start = 0
    for cut in [*chosen, len(data)]:
        if cut > start:
            scan.feed(data[start:cut])
            start = cut
    scan.close()
    extents = package.extents.get(member) or [guards.Extent()]
    return extents[0]


# ---------------------------------------------------------------- .xlsx extents

cell_spec = st.tuples(
    st.one_of(st.none(), st.tuples(st.integers(0, 30), st.integers(1, 60))),  # explicit (col, row) or implicit
    st.sampled_from(["value", "inline", "empty", "self"]),  # what the cell holds
    st.booleans(),  # a harmless attribute before r, so r is not the first attribute
)
row_spec = st.tuples(st.one_of(st.none(), st.integers(1, 60)), st.lists(cell_spec, max_size=6), st.booleans())


def _xlsx_rows(rows, prefix: str) -> bytes:
    p = f"{prefix}:" if prefix else ""
    out = []
    for row_number, cells, self_closing in rows:
        r = f' r="{row_number}"' if row_number else ""
        if self_closing:
            out.append(f"<{p}row{r}/>")
            continue
        parts = []
        for ref, content, attribute_first in cells:
            attrs = ' s="1"' if attribute_first else ""
            if ref is not None:
                col, row = ref
                attrs += f' r="{guards.column_name(col)}{row}"'
            if content == "self":
                parts.append(f"<{p}c{attrs}/>")
            elif content == "empty":
                parts.append(f"<{p}c{attrs}></{p}c>")
            elif content == "inline":
                parts.append(f'<{p}c{attrs} t="inlineStr"><{p}is><{p}t>x</{p}t></{p}is></{p}c>')
            else:
                parts.append(f"<{p}c{attrs}><{p}v>1</{p}v></{p}c>")
        out.append(f"<{p}row{r}>{''.join(parts)}</{p}row>")
    return "".join(out).encode()


@PROPERTY
@given(rows=st.lists(row_spec, max_size=8), prefixed=st.booleans(), seed=st.integers(0, 1000))
def test_xlsx_extent_covers_calamines(tmp_path, rows, prefixed, seed):
    body = _xlsx_rows(rows, "x" if prefixed else "")
    sheet = sheet_xml(body)
    if prefixed:
        sheet = sheet.replace(b"<worksheet ", b'<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                                             b'spreadsheetml/2006/main" ')
    path = write_xlsx(tmp_path / "sheet.xlsx", sheet)
    try:
        end = calamine_end(path)
    except Exception:  # calamine refuses it itself (a duplicate or a broken reference)
        return
    extent = guard_extent(path, "xlsx", random.Random(seed))
    if end is not None:
        assert extent.max_row >= end[0] and extent.max_col >= end[1], (end, extent)


@PROPERTY
@given(cells=st.lists(st.tuples(st.integers(0, 40), st.integers(1, 3000)), min_size=1, max_size=40),
       seed=st.integers(0, 1000))
def test_xlsx_fast_path_is_exact(tmp_path, cells, seed):
    """Excel-like sheets (every cell ``<c r=…>`` with a value): the extent is exact."""
    by_row: dict[int, list[int]] = {}
    for col, row in cells:
        by_row.setdefault(row, []).append(col)
    body = "".join(
        f'<row r="{row}">' + "".join(f'<c r="{guards.column_name(c)}{row}"><v>{row}</v></c>' for c in sorted(set(cols)))
        + "</row>" for row, cols in sorted(by_row.items()))
    path = write_xlsx(tmp_path / "sheet.xlsx", sheet_xml(body.encode()))
    extent = guard_extent(path, "xlsx", random.Random(seed))
    assert (extent.max_row, extent.max_col) == calamine_end(path)
    assert (extent.max_row, extent.max_col) == (max(r for _, r in cells) - 1, max(c for c, _ in cells))


# ---------------------------------------------------------------- .ods extents

ods_cell_spec = st.tuples(st.integers(1, 40), st.sampled_from(["value", "empty", "self-value", "covered"]))
ods_row_spec = st.tuples(st.integers(1, 40), st.lists(ods_cell_spec, max_size=5))


@PROPERTY
@given(rows=st.lists(ods_row_spec, min_size=1, max_size=8), seed=st.integers(0, 1000))
def test_ods_extent_covers_calamines(tmp_path, rows, seed):
    parts = []
    for repeat, cells in rows:
        cell_parts = []
        for cols, kind in cells:
            rep = f' table:number-columns-repeated="{cols}"' if cols > 1 else ""
            if kind == "value":
                cell_parts.append(f'<table:table-cell office:value-type="float" office:value="1"{rep}>'
                                  "<text:p>1</text:p></table:table-cell>")
            elif kind == "self-value":
                cell_parts.append(f'<table:table-cell office:value-type="float" office:value="2"{rep}/>')
            elif kind == "covered":
                cell_parts.append(f"<table:covered-table-cell{rep}/>")
            else:
                cell_parts.append(f"<table:table-cell{rep}/>")
        rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
        parts.append(f"<table:table-row{rep}>{''.join(cell_parts)}</table:table-row>")
    path = write_ods(tmp_path / "sheet.ods", ods_content("".join(parts).encode()))
    end = calamine_end(path)
    extent = guard_extent(path, "ods", random.Random(seed))
    if end is not None:
        assert extent.max_row >= end[0] and extent.max_col >= end[1], (end, extent)


# ---------------------------------------------------------------- .xls extents


@PROPERTY
@given(cells=st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 60), st.booleans()), min_size=1, max_size=30))
def test_xls_extent_covers_calamines(tmp_path, cells):
    records = [number(row, col, 1.0) if as_number else label(row, col, "x") for row, col, as_number in cells]
    path = write_xls(tmp_path / "sheet.xls", biff_workbook([biff_sheet(*records)]))
    end = calamine_end(path)
    extents = []
    original = xls_guard.check_extent
    xls_guard.check_extent = lambda name, extent, limits, sheet="": extents.append(extent)
    try:
        xls_guard.check_xls(path.read_bytes(), path.name, guards.DEFAULT_LIMITS)
    finally:
        xls_guard.check_extent = original
    assert end is not None and extents
    assert (extents[0].max_row, extents[0].max_col) == end


# ---------------------------------------------------------------- the regular expressions


@pytest.mark.parametrize("number_", [1, 9, 10, 99, 100, 1909, 65535, 99999, 1048576])
def test_numbers_above(number_):
    pattern = re.compile(b"(?:" + xlsx_sheet_guard.number_above(number_) + b")$")
    for value in [*range(0, 2_100_000, 997), number_ - 1, number_, number_ + 1, 10 * number_]:
        assert bool(pattern.match(str(value).encode())) == (value > number_), value


@pytest.mark.parametrize("letters", [b"A", b"F", b"Z", b"AA", b"AZ", b"BA", b"ZZ", b"XFD", b"ZZZ"])
def test_letters_above(letters):
    pattern = re.compile(b"(?:" + xlsx_sheet_guard.letters_above(letters) + b")$")
    index = xlsx_sheet_guard.column_index(letters)
    for i in range(0, 20_000, 7):
        name = guards.column_name(i).encode()
        assert bool(pattern.match(name)) == (i > index), name
        assert bool(pattern.match(name.lower())) == (i > index), name


def test_column_names():
    assert [guards.column_name(i) for i in (0, 25, 26, 701, 702, 16383)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]


# ---------------------------------------------------------------- size limit, merged cells, panics


@pytest.fixture
def restore_size_limit():
    yield
    set_size_limit(None)


def _readings_xlsx(path: Path, rows: int) -> Path:
    body = HEADER_ROW + b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>M%d</t></is></c><c r="B%d"><v>%d.5</v></c></row>'
        % (n, n, n, n, n) for n in range(2, rows + 2))
    return write_xlsx(path, sheet_xml(body))


def test_size_limit_is_a_keyword_and_a_setting(tmp_path, restore_size_limit):
    path = _readings_xlsx(tmp_path / "readings.xlsx", 3000)
    size = path.stat().st_size
    assert read_table(path).rows  # under the default limit
    with pytest.raises(FileProblem, match="слишком большой"):
        read_table(path, size_limit=size - 1)
    assert read_table(path, size_limit=size).rows
    set_size_limit(size - 1)
    assert size_limit() == size - 1
    with pytest.raises(FileProblem, match=r"слишком большой \(\d+ КБ, допускается до \d+ КБ\)"):
        parse_readings_file(path)
    csv = tmp_path / "readings.csv"
    csv.write_bytes(b"0001;x;;;kv. 1;9;M1;x;;1,5;20.10.2026;\r\n" * (size // 30))
    with pytest.raises(FileProblem, match="слишком большой"):
        parse_readings_file(csv)
    set_size_limit(None)
    assert size_limit() == spreadsheet.DEFAULT_SIZE_LIMIT
    assert parse_readings_file(path).data_rows == 3000
    with pytest.raises(ValueError):
        set_size_limit(0)


def test_limits_can_be_tightened_per_call(tmp_path):
    path = _readings_xlsx(tmp_path / "readings.xlsx", 3000)
    with pytest.raises(FileProblem, match="после распаковки"):
        read_table(path, unpacked_limit=10_000)
    with pytest.raises(FileProblem, match="строк"):
        read_table(path, limits=guards.Limits(rows=1000))


def test_merged_range_is_clipped_to_the_sheet(tmp_path):
    after = b'<mergeCells count="2"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="B2:B3"/></mergeCells>'
    body = HEADER_ROW + b'<row r="2"><c r="A2" t="inlineStr"><is><t>M1</t></is></c><c r="B2"><v>5</v></c></row>'
    path = write_xlsx(tmp_path / "merged.xlsx", sheet_xml(body, after=after))
    table = read_table(path)
    assert [len(row) for row in table.rows] == [2, 2]


def test_overlapping_merges_cannot_multiply_the_work(tmp_path):
    merges = b"".join(b'<mergeCell ref="A1:B%d"/>' % (3000 - n) for n in range(2000))
    after = b'<mergeCells count="2000">' + merges + b"</mergeCells>"
    body = HEADER_ROW + b"".join(b'<row r="%d"><c r="B%d"><v>1</v></c></row>' % (n, n) for n in range(2, 3000))
    path = write_xlsx(tmp_path / "merged.xlsx", sheet_xml(body, after=after))
    with pytest.raises(FileProblem, match="объединённые ячейки"):
        read_table(path)


def test_rust_panic_is_a_file_problem(tmp_path):
    """calamine slices a FORMULA record by its declared length: a Rust panic
    (``PanicException``, a BaseException) that used to escape ``except Exception``."""
    formula = record(0x0006, struct.pack("<HHHdHI", 1, 1, 0, 5.0, 0, 0) + struct.pack("<H", 100))
    path = write_xls(tmp_path / "formula.xls", readings_xls_stream(label(1, 0, "M1"), formula))
    with pytest.raises(FileProblem, match="PanicException"):
        read_table(path)


THOUSANDS_OF_DIGITS = b"9" * 5000  # Python's int() refuses more than 4,300 digits


@pytest.mark.parametrize("name,build", [
    ("row.xlsx", lambda p: write_xlsx(p, sheet_xml(HEADER_ROW + b'<row r="%s"><c r="A2"><v>1</v></c></row>'
                                                   % THOUSANDS_OF_DIGITS))),
    ("count.xlsx", lambda p: write_xlsx(p, shared=SHARED_STRINGS.replace(b'uniqueCount="2"',
                                                                         b'uniqueCount="%s"' % THOUSANDS_OF_DIGITS))),
    ("rows.ods", lambda p: write_ods(p, ods_content(ODS_HEADER_ROW + b'<table:table-row table:number-rows-repeated="%s">'
                                                    b'<table:table-cell office:value-type="float" office:value="1"/>'
                                                    b"</table:table-row>" % THOUSANDS_OF_DIGITS))),
    ("columns.ods", lambda p: write_ods(p, ods_content(ODS_HEADER_ROW + b'<table:table-row><table:table-cell '
                                                       b'table:number-columns-repeated="%s" office:value-type="float" '
                                                       b'office:value="1"/></table:table-row>' % THOUSANDS_OF_DIGITS))),
    ("spaces.ods", lambda p: write_ods(p, ods_content(ODS_HEADER_ROW + b'<table:table-row><table:table-cell '
                                                      b'office:value-type="string"><text:p>a<text:s text:c="%s"/>'
                                                      b"</text:p></table:table-cell></table:table-row>"
                                                      % THOUSANDS_OF_DIGITS))),
])
def test_a_number_of_thousands_of_digits_is_no_traceback(tmp_path, name, build):
    """A row number, a count or a repeat written with 5,000 digits: a refusal naming the
    file (or, for a row number that places no cell, a file read), never a ValueError."""
    path = build(tmp_path / name)
    try:
        read_table(path)
    except FileProblem as refusal:
        assert f"«{name}»" in refusal.message
        assert name != "row.xlsx", refusal.message  # its cells say where they are: nothing to refuse


def test_xlsb_is_refused_with_advice(tmp_path):
    path = tmp_path / "book.xlsb"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(FileProblem, match=r"\.xlsb.*не поддерживается.*\.xlsx"):
        read_table(path)


# ---------------------------------------------------------------- good files pass


def test_good_files_of_every_format_pass(tmp_path, samples):
    for path in sorted(samples.glob("*.xlsx")):
        assert read_table(path).rows, path.name
    rows = ODS_HEADER_ROW + b"<table:table-row>" + ods_cell("M1") + ods_cell("5") + b"</table:table-row>"
    lo_tail = (b'<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
               b'table:number-columns-repeated="1024"/></table:table-row>')
    assert read_table(write_ods(tmp_path / "lo.ods", ods_content(rows + lo_tail))).rows
    assert read_table(write_xls(tmp_path / "plain.xls", readings_xls_stream(label(1, 0, "M1"), number(1, 1, 5.0)))).rows


def test_openpyxl_and_odfpy_files_pass(tmp_path):
    """Files written by real libraries, LibreOffice-style repeats included."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Номер счётчика", "Показание", "Примечание"])
    for n in range(2000):
        sheet.append([f"M{n:05d}", n + 0.5, None if n % 3 else "проверить"])
    sheet["Z5"] = "заметка справа"
    sheet.merge_cells("C1:D1")
    workbook.save(tmp_path / "openpyxl.xlsx")
    assert len(read_table(tmp_path / "openpyxl.xlsx").rows) == 2001

    document = OpenDocumentSpreadsheet()
    table = Table(name="Показания")
    for values in [("Номер счётчика", "Показание"), ("M1", "5"), ("M2", "6")]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "odfpy.ods"))
    assert len(read_table(tmp_path / "odfpy.ods").rows) == 3


def test_xlwt_file_passes(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Показания")
    for col, title in enumerate(["Номер счётчика", "Показание"]):
        sheet.write(0, col, title)
    for n in range(1, 3000):
        sheet.write(n, 0, f"M{n}")
        sheet.write(n, 1, n + 0.25)
    book.save(str(tmp_path / "xlwt.xls"))
    assert len(read_table(tmp_path / "xlwt.xls").rows) == 3000


# ---------------------------------------------------------------- the sparse-sheet rule at its boundary
# A sheet covering more than SPARSE_AREA cells (1 000 000) must hold a value in at least
# one cell in SPARSE_FACTOR (16) of them. A sheet of 1008 rows × 1000 columns (A1:ALL1008)
# covers 1 008 000 cells: 1 008 000 / 16 = 63 000, so 63 000 values (exactly one cell in
# 16) pass and 62 999 do not.


def _stretched_xlsx(path: Path, values: int, *, rows: int = 1008, columns: int = 1000) -> Path:
    """``values`` cells with a number: the first ``values - 1`` from A1 row by row, the
    last one in the bottom-right corner, which stretches the sheet to ``rows`` × ``columns``."""
    by_row: dict[int, list[int]] = {}
    for n in range(values - 1):
        by_row.setdefault(n // columns + 1, []).append(n % columns)
    by_row.setdefault(rows, []).append(columns - 1)
    body = b"".join(
        b'<row r="%d">' % row + b"".join(b'<c r="%s%d"><v>1</v></c>' % (guards.column_name(col).encode(), row)
                                          for col in cols) + b"</row>"
        for row, cols in sorted(by_row.items()))
    return write_xlsx(path, sheet_xml(body))


def test_a_sheet_just_too_sparse_is_refused_one_value_more_is_read(tmp_path):
    assert (guards.SPARSE_AREA, guards.SPARSE_FACTOR) == (1_000_000, 16)  # the rule the numbers come from
    assert guards.column_name(999) == "ALL"
    with pytest.raises(FileProblem, match=r"растянут до ячейки ALL1008, хотя значений в нём около 62\u00a0999"):
        read_table(_stretched_xlsx(tmp_path / "sparse.xlsx", 62_999))
    table = read_table(_stretched_xlsx(tmp_path / "dense-enough.xlsx", 63_000))
    assert len(table.rows) == 1008 and {len(row) for row in table.rows} == {1000}
    assert sum(cell not in ("", None) for row in table.rows for cell in row) == 63_000


def test_a_sheet_within_the_sparse_area_may_hold_almost_nothing(tmp_path):
    # 1000 × 1000 = 1 000 000 cells is not more than SPARSE_AREA: two values are enough;
    # one row more (1 001 000 cells) and two values are far fewer than one in 16
    assert read_table(_stretched_xlsx(tmp_path / "square.xlsx", 2, rows=1000)).rows
    with pytest.raises(FileProblem, match="растянут до ячейки ALL1001"):
        read_table(_stretched_xlsx(tmp_path / "square-and-a-row.xlsx", 2, rows=1001))
