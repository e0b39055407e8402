"""The text guard (``tsj_desk/importers/text_guard.py``): the text it counts for a sheet
is never less than what calamine puts into the cells, it is exact for files as Excel
writes them, each bound holds to the byte, and rows come from calamine one at a time
with equal strings shared."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hostile_files import (
    SstString,
    biff_sheet,
    biff_workbook,
    label_sst,
    ods_content,
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
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers import guards, text_guard, xls_guard
from tsj_desk.importers.guards import Limits
from tsj_desk.importers.spreadsheet import read_table

PROPERTY = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
X_NAMESPACE = b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '


def calamine_text(path: Path) -> int:
    """UTF-8 bytes of every text cell calamine gives the first sheet."""
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        rows = workbook.get_sheet_by_index(0).to_python()
    finally:
        workbook.close()
    return sum(len(cell.encode()) for row in rows for cell in row if isinstance(cell, str))


def fed(reader, data: bytes, rng: random.Random) -> None:
    """Feed ``data`` in random pieces, each ending after a '>' as the guard's stream does."""
    cuts = sorted(m.end() for m in re.finditer(rb">", data))
    chosen = sorted(rng.sample(cuts, k=min(len(cuts), rng.randint(0, 6)))) if cuts else []
    start = 0
    for cut in [*chosen, len(data)]:
        if cut > start:
            reader.feed(data[start:cut])
            start = cut
    reader.close()


def guard_sheet_text(shared: bytes, sheet: bytes, rng: random.Random) -> int:
    book = text_guard.BookText("book.xlsx", guards.DEFAULT_LIMITS)
    fed(book.shared_strings("xl/sharedStrings.xml"), shared, rng)
    reader = book.sheet("xl/worksheets/sheet1.xml")
    fed(reader, sheet, rng)
    return reader.text


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()


# ---------------------------------------------------------------- .xlsx

letters = st.text(alphabet="abcxyzАБВЖЯабвжя 0&<>€", max_size=300)
shared_item = st.tuples(letters, st.sampled_from(["plain", "rich", "phonetic", "spaces"]))
cell_form = st.sampled_from(["excel", "styled", "t-first", "no-r", "single", "spaced", "prefixed", "formula",
                             "zeros", "space-in-v", "two-v", "past-end", "number"])


def _si(text: str, kind: str) -> bytes:
    if kind == "rich":
        half = len(text) // 2
        return (b"<si><r><rPr><b/></rPr><t>" + _escape(text[:half]) + b"</t></r><r><t xml:space=\"preserve\">"
                + _escape(text[half:]) + b"</t></r></si>")
    if kind == "phonetic":
        return b"<si><t>" + _escape(text) + b"</t><rPh sb=\"0\" eb=\"1\"><t>" + _escape(text) + b"</t></rPh></si>"
    if kind == "spaces":
        return b"<si><t>  " + _escape(text) + b" \n</t></si>"
    return b"<si><t>" + _escape(text) + b"</t></si>"


def _cell(form: str, row: int, col: int, index: int, count: int) -> bytes:
    ref = b"%s%d" % (guards.column_name(col).encode(), row)
    v = b"%d" % index
    return {
        "excel": b'<c r="%s" t="s"><v>%s</v></c>' % (ref, v),
        "styled": b'<c r="%s" s="1" t="s"><v>%s</v></c>' % (ref, v),
        "t-first": b'<c t="s" r="%s" s="1"><v>%s</v></c>' % (ref, v),
        "no-r": b'<c t="s"><v>%s</v></c>' % v,
        "single": b"<c r='%s' t='s'><v>%s</v></c>" % (ref, v),
        "spaced": b'<c r="%s" t = "s" ><v>%s</v></c>' % (ref, v),
        "prefixed": b'<x:c r="%s" t="s"><x:v>%s</x:v></x:c>' % (ref, v),
        "formula": b'<c r="%s" t="s"><f>A1</f><v>%s</v></c>' % (ref, v),
        "zeros": b'<c r="%s" t="s"><v>00%s</v></c>' % (ref, v),
        "space-in-v": b'<c r="%s" t="s"><v> %s</v></c>' % (ref, v),
        "two-v": b'<c r="%s" t="s"><v>0</v><v>%s</v></c>' % (ref, v),
        "past-end": b'<c r="%s" t="s"><v>%d</v></c>' % (ref, count + 5),
        "number": b'<c r="%s"><v>%s.5</v></c>' % (ref, v),
    }[form]


def _xlsx(tmp: Path, items, cells) -> tuple[Path, bytes, bytes]:
    shared = shared_strings_xml([]).replace(b"</sst>", b"".join(_si(t, k) for t, k in items) + b"</sst>")
    rows = []
    for number, row_cells in enumerate(cells, start=1):
        rows.append(b'<row r="%d">' % number + b"".join(
            _cell(form, number, col, index % len(items), len(items)) for col, (form, index) in enumerate(row_cells))
            + b"</row>")
    sheet = sheet_xml(b"".join(rows)).replace(b"<worksheet ", X_NAMESPACE)
    return write_xlsx(tmp / "sheet.xlsx", sheet, shared=shared), shared, sheet


@PROPERTY
@given(items=st.lists(shared_item, min_size=1, max_size=8),
       cells=st.lists(st.lists(st.tuples(cell_form, st.integers(0, 50)), max_size=5), min_size=1, max_size=8),
       seed=st.integers(0, 1000))
def test_xlsx_text_covers_calamines(tmp_path, items, cells, seed):
    path, shared, sheet = _xlsx(tmp_path, items, cells)
    try:
        expected = calamine_text(path)
    except Exception:  # calamine refuses the cell (an index past the table): nothing to bound
        assume(False)
    assert guard_sheet_text(shared, sheet, random.Random(seed)) >= expected


@PROPERTY
@given(texts=st.lists(st.text(alphabet="abcАБВжя-0€", min_size=0, max_size=200), min_size=1, max_size=8),
       cells=st.lists(st.lists(st.integers(0, 50), max_size=6), min_size=1, max_size=10),
       styled=st.booleans(), seed=st.integers(0, 1000))
def test_xlsx_text_is_exact_for_cells_as_excel_writes_them(tmp_path, texts, cells, styled, seed):
    form = "styled" if styled else "excel"
    items = [(text, "plain") for text in texts]
    path, shared, sheet = _xlsx(tmp_path, items, [[(form, i) for i in row] for row in cells])
    named = [texts[i % len(texts)] for row in cells for i in row]
    assert guard_sheet_text(shared, sheet, random.Random(seed)) == sum(len(t.encode()) for t in named)
    assert calamine_text(path) == sum(len(t.encode()) for t in named)


# ---------------------------------------------------------------- .ods

ods_text = st.text(alphabet="abcАБВ xyz", min_size=0, max_size=60)
ods_cell_spec = st.tuples(st.integers(1, 4), ods_text, st.sampled_from(["p", "two-p", "spaces", "attribute"]))


def _ods_cell(columns: int, text: str, kind: str) -> bytes:
    repeat = b' table:number-columns-repeated="%d"' % columns
    if kind == "attribute":
        return (b'<table:table-cell%s office:value-type="string" office:string-value="%s"><text:p>x</text:p>'
                b"</table:table-cell>" % (repeat, _escape(text)))
    if kind == "two-p":
        content = b"<text:p>" + _escape(text) + b"</text:p><text:p>" + _escape(text[::-1]) + b"</text:p>"
    elif kind == "spaces":
        content = b"<text:p>" + _escape(text) + b'<text:s text:c="7"/>z</text:p>'
    else:
        content = b"<text:p>" + _escape(text) + b"</text:p>"
    return b'<table:table-cell%s office:value-type="string">%s</table:table-cell>' % (repeat, content)


@PROPERTY
@given(rows=st.lists(st.tuples(st.integers(1, 4), st.lists(ods_cell_spec, min_size=1, max_size=4)),
                     min_size=1, max_size=5),
       seed=st.integers(0, 1000))
def test_ods_text_of_repeated_cells_covers_calamines(tmp_path, rows, seed):
    """Every cell repeated (columns × rows ≥ 2): all the text calamine gives comes from copies."""
    parts = []
    for repeat, cells in rows:
        body = b"".join(_ods_cell(max(columns, 1 if repeat > 1 else 2), text, kind) for columns, text, kind in cells)
        parts.append(b'<table:table-row table:number-rows-repeated="%d">%s</table:table-row>' % (repeat, body))
    content = ods_content(b"".join(parts))
    path = write_ods(tmp_path / "sheet.ods", content)
    book = text_guard.BookText("sheet.ods", guards.DEFAULT_LIMITS)
    reader = book.ods("content.xml")
    fed(reader, content, random.Random(seed))
    assert reader.text >= calamine_text(path)


# ---------------------------------------------------------------- .xls

sst_string = st.one_of(
    st.builds(SstString, st.text(alphabet="abcé€АБВ", max_size=400), st.just(True),
              st.sampled_from([0, 0, 2]), st.sampled_from([0, 0, 9])),
    st.builds(SstString, st.text(alphabet="abcéü ÿ", max_size=400), st.just(False),
              st.sampled_from([0, 0, 2]), st.sampled_from([0, 0, 9])))


def guard_xls_texts(path: Path, monkeypatch) -> list[int]:
    """The text the guard counts for each sheet of an .xls."""
    texts: list[int] = []
    original = text_guard.BookText.xls_sheet

    def record(self, text, sheet):
        texts.append(text)
        original(self, text, sheet)

    monkeypatch.setattr(text_guard.BookText, "xls_sheet", record)
    xls_guard.check_xls(path.read_bytes(), path.name, guards.DEFAULT_LIMITS)
    return texts


@PROPERTY
@given(strings=st.lists(sst_string, min_size=1, max_size=12), uses=st.lists(st.integers(0, 40), max_size=30),
       record_size=st.sampled_from([24, 100, 1000, 8224]))
def test_xls_text_is_calamines(tmp_path, monkeypatch, strings, uses, record_size):
    """Strings split across CONTINUE records anywhere Excel may split them: exact."""
    cells = [label_sst(row, 0, index % len(strings)) for row, index in enumerate(uses)]
    path = write_xls(tmp_path / "sst.xls", biff_workbook([biff_sheet(*cells)],
                                                         globals_tail=sst_records(strings, record_size=record_size)))
    named = [strings[index % len(strings)].text for index in uses]
    assert guard_xls_texts(path, monkeypatch) == [sum(len(t.encode()) for t in named)]
    if named:
        assert calamine_text(path) == sum(len(t.encode()) for t in named)


# ---------------------------------------------------------------- the bounds, to the byte

# Each file: the titles «Номер счётчика» (27 bytes in UTF-8: 13 Cyrillic letters and a
# space) and «Показание» (18 bytes), then ten cells naming a 100-byte string.
TITLES = ["Номер счётчика", "Показание"]
TEXT_100 = "ab" * 50
HEADER_ROW_SHARED = b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
SHEET_TEXT = 27 + 18 + 10 * 100
SHARED_TEXT = 27 + 18 + 100


def _bounded_xlsx(tmp: Path) -> Path:
    header = HEADER_ROW_SHARED
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>2</v></c><c r="B%d"><v>%d</v></c></row>' % (n, n, n, n)
                    for n in range(2, 12))
    return write_xlsx(tmp / "bounded.xlsx", sheet_xml(header + rows),
                      shared=shared_strings_xml([t.encode() for t in (*TITLES, TEXT_100)]))


def _bounded_xls(tmp: Path) -> Path:
    strings = [SstString(TITLES[0]), SstString(TITLES[1]), SstString(TEXT_100, wide=False)]
    cells = [label_sst(0, 0, 0), label_sst(0, 1, 1), *(label_sst(n, 0, 2) for n in range(1, 11))]
    return write_xls(tmp / "bounded.xls", biff_workbook([biff_sheet(*cells)], globals_tail=sst_records(strings)))


def _bounded_ods(tmp: Path) -> Path:
    """The titles once, then a 100-byte text repeated over 2 columns × 5 rows."""
    header = (b"<table:table-row>" + b"".join(b'<table:table-cell office:value-type="string"><text:p>%s</text:p>'
                                               b"</table:table-cell>" % t.encode() for t in TITLES)
              + b"</table:table-row>")
    body = (b'<table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="2" '
            b'office:value-type="string"><text:p>%s</text:p></table:table-cell></table:table-row>' % TEXT_100.encode())
    return write_ods(tmp / "bounded.ods", ods_content(header + body))


@pytest.mark.parametrize("build,sheet_text", [(_bounded_xlsx, SHEET_TEXT), (_bounded_xls, SHEET_TEXT),
                                              (_bounded_ods, 10 * 100)])
def test_a_sheet_taking_its_bound_is_read_a_byte_more_is_refused(tmp_path, build, sheet_text):
    path = build(tmp_path)
    assert read_table(path, limits=Limits(sheet_text=sheet_text)).rows
    with pytest.raises(FileProblem) as refusal:
        read_table(path, limits=Limits(sheet_text=sheet_text - 1))
    message = refusal.value.message
    assert f"Файл «{path.name}» не загружен" in message and "оказалось бы больше 1 КБ текста" in message
    assert "разделите на несколько файлов" in message


@pytest.mark.parametrize("build", [_bounded_xlsx, _bounded_xls])
def test_shared_strings_bounds_hold_to_the_string_and_the_byte(tmp_path, build):
    path = build(tmp_path)
    assert read_table(path, limits=Limits(shared_strings=3, shared_text=SHARED_TEXT,
                                          book_text=SHARED_TEXT + SHEET_TEXT)).rows
    with pytest.raises(FileProblem, match=r"в таблице строк книги.*больше 2 строк"):
        read_table(path, limits=Limits(shared_strings=2))
    with pytest.raises(FileProblem, match=r"в таблице строк книги.*больше 1 КБ текста"):
        read_table(path, limits=Limits(shared_text=SHARED_TEXT - 1))
    with pytest.raises(FileProblem, match="в ячейках книги оказалось бы больше 1 КБ текста"):
        read_table(path, limits=Limits(book_text=SHARED_TEXT + SHEET_TEXT - 1))


def test_shared_strings_part_named_in_another_case_is_counted(tmp_path):
    """calamine finds sharedStrings.xml whatever its case: so does the guard."""
    members = xlsx_members(sheet_xml(b'<row r="1">' + b'<c r="A1" t="s"><v>0</v></c>' * 1 + b"</row>" + b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(2, 12))),
        shared=shared_strings_xml([TEXT_100.encode()]))
    for member in members:
        if member.name == "xl/sharedStrings.xml":
            member.name = "xl/SHAREDSTRINGS.XML"
    path = write_zip(tmp_path / "case.xlsx", members)
    with pytest.raises(FileProblem, match="оказалось бы больше 1 КБ текста"):
        read_table(path, limits=Limits(sheet_text=11 * 100 - 1))


def test_shared_strings_part_that_is_also_a_sheet_is_refused(tmp_path):
    """A part read both as the shared strings and as a sheet would be counted before its
    own strings are known: refused."""
    strings = shared_strings_xml([TEXT_100.encode()]).replace(
        b"</sst>", b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></sst>')
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sharedStrings.xml"/>'
            b"</Relationships>")
    members = xlsx_members(shared=strings, workbook=workbook_xml())
    for member in members:
        if member.name == "xl/_rels/workbook.xml.rels":
            member.data = rels
    path = write_zip(tmp_path / "both.xlsx", members)
    with pytest.raises(FileProblem, match="одновременно таблица строк и лист"):
        read_table(path)


# ---------------------------------------------------------------- rows one at a time


@PROPERTY
@given(cells=st.lists(st.tuples(st.integers(0, 12), st.integers(1, 30), st.sampled_from(["M1", "ХВС", "1", "x"]),
                                st.booleans()), min_size=1, max_size=40),
       empty_first=st.booleans())
def test_rows_are_calamines_with_equal_strings_shared(tmp_path, cells, empty_first):
    """Wherever the sheet starts (not at A1 too), the rows are calamine's own, from A1;
    equal strings are one object."""
    by_row: dict[int, dict[int, bytes]] = {}
    for col, row, text, as_number in cells:
        value = (b"<v>%d</v>" % (col + row) if as_number
                 else b'<is><t>' + text.encode() + b"</t></is>")
        kind = b"" if as_number else b' t="inlineStr"'
        by_row.setdefault(row, {})[col] = b'<c r="%s%d"%s>%s</c>' % (guards.column_name(col).encode(), row, kind, value)
    body = b"".join(b'<row r="%d">' % row + b"".join(c for _, c in sorted(cols.items())) + b"</row>"
                    for row, cols in sorted(by_row.items()))
    members = xlsx_members(sheet_xml(body))
    if empty_first:  # an empty first sheet: its row iterator would panic, it is skipped
        for member in members:
            if member.name == "xl/_rels/workbook.xml.rels":
                member.data = member.data.replace(b"</Relationships>", b'<Relationship Id="rId3" Type="http://schemas.'
                                                  b"openxmlformats.org/officeDocument/2006/relationships/worksheet"
                                                  b'" Target="worksheets/empty.xml"/></Relationships>')
            elif member.name == "xl/workbook.xml":
                member.data = member.data.replace(b'<sheet name="Sheet1"', '<sheet name="Пустой" sheetId="9" '
                                                  'r:id="rId3"/><sheet name="Sheet1"'.encode())
        members.append(type(members[0])("xl/worksheets/empty.xml", sheet_xml(b"")))
    path = write_zip(tmp_path / "rows.xlsx", members)
    workbook = CalamineWorkbook.from_path(str(path))
    expected = workbook.get_sheet_by_name("Sheet1").to_python(skip_empty_area=False)
    workbook.close()
    table = read_table(path)
    assert table.sheet_name == "Sheet1"
    assert table.rows == expected
    seen: dict[str, int] = {}
    for row in table.rows:
        for cell in row:
            if isinstance(cell, str) and cell:
                assert id(cell) == seen.setdefault(cell, id(cell)), cell


def test_shared_strings_expat_cannot_read_are_measured_not_refused(tmp_path):
    """A raw control character (XML 1.0 forbids it, calamine reads it): the file is read;
    the strings after it count as the widest stretch between two ``<si>``, so the same
    strings named by many cells are still refused."""
    texts = [t.encode() for t in TITLES] + [b"M1\x01", b"x" * 5000]
    one = HEADER_ROW_SHARED + b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>5</v></c></row>'
    path = write_xlsx(tmp_path / "control.xlsx", sheet_xml(one), shared=shared_strings_xml(texts))
    assert read_table(path, limits=Limits(sheet_text=400_000)).rows[1] == ["M1\x01", 5.0]
    many = HEADER_ROW_SHARED + b"".join(b'<row r="%d"><c r="A%d" t="s"><v>3</v></c></row>' % (n, n)
                                        for n in range(2, 102))  # 100 × 5,000 bytes
    path = write_xlsx(tmp_path / "control-many.xlsx", sheet_xml(many), shared=shared_strings_xml(texts))
    with pytest.raises(FileProblem, match="«control-many.xlsx» не загружен: в ячейках листа «Sheet1» оказалось бы"):
        read_table(path, limits=Limits(sheet_text=400_000))
