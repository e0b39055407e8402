"""Fuzzing the importers with random bytes and mutated valid files.

Only ``FileProblem`` may come out of ``parse_registry_file`` and
``parse_readings_file``: any other exception is a bug (and a Rust abort would
end the run). Through the services, into a real SQLite database, a refused import
(any ``TsjError``) leaves the database file byte for byte as it was.

Seeds: the samples (four .xlsx and the 1С .csv) plus an .xls and an .ods built in
``mutations.py``. A mutation flips, inserts, deletes or overwrites bytes of the
whole file, of one zip member before zipping again, or of the .xls Workbook
stream before wrapping it again; inserted bytes are often ``TOKENS`` that reach
the dangerous corners of each format.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import KINDS, TOKENS, Op, apply, mutate_member, seeds, xls_from_stream, xls_stream_of

from tsj_desk.domain.errors import FileProblem, TsjError
from tsj_desk.importers.readings import parse_readings_file
from tsj_desk.importers.registry import parse_registry_file

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0)
ACCEPTED = (".xlsx", ".xls", ".ods", ".csv")
MAGIC = (b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"), b"\xef\xbb\xbf")
SEEDS = seeds()

SCALE = int(os.environ.get("TSJ_FUZZ_SCALE", "1"))  # e.g. 50 for a long local run
FUZZ = settings(
    max_examples=200 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)
FUZZ_DB = settings(FUZZ, max_examples=100 * SCALE)

operations = st.lists(
    st.builds(Op, kind=st.sampled_from(KINDS), at=st.integers(0, 1 << 20),
              data=st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=24)),
              length=st.integers(1, 64)),
    min_size=1, max_size=6,
)


@st.composite
def mutated_files(draw) -> tuple[str, bytes]:
    """(suffix, bytes): a seed mutated at the file, zip-member or BIFF-stream level."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data, suffix = SEEDS[name], Path(name).suffix
    inner = draw(st.booleans())
    if inner and suffix in (".xlsx", ".ods"):
        data = mutate_member(data, draw(st.integers(0, 31)), draw(operations))
        if draw(st.integers(0, 4)) == 0:
            data = apply(data, draw(operations))
    elif inner and suffix == ".xls":
        data = xls_from_stream(apply(xls_stream_of(data), draw(operations)))
    else:
        data = apply(data, draw(operations))
    if draw(st.integers(0, 19)) == 0:
        suffix = draw(st.sampled_from(ACCEPTED))  # a file of one kind named as another
    return suffix, data


def parse_both(path: Path) -> None:
    """Both readers on one file: a ``FileProblem`` or a result, nothing else."""
    for parse in (parse_readings_file, lambda p: parse_registry_file(p, today=TODAY)):
        try:
            parse(path)
        except FileProblem:
            pass


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(ACCEPTED), magic=st.sampled_from(MAGIC))
def test_random_bytes_give_only_file_problems(tmp_path, data, suffix, magic):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(magic + data)
    parse_both(path)


@FUZZ
@given(file=mutated_files())
def test_mutated_files_give_only_file_problems(tmp_path, file):
    suffix, data = file
    path = tmp_path / f"mutated{suffix}"
    path.write_bytes(data)
    parse_both(path)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seeds_are_readable(tmp_path, name):
    """The seeds themselves are good files: the fuzzing starts from valid input."""
    path = tmp_path / name
    path.write_bytes(SEEDS[name])
    readers = {"readings": parse_readings_file, "registry": lambda p: parse_registry_file(p, today=TODAY)}
    kind = "registry" if name.startswith("registry") else "readings"
    assert readers[kind](path).rows


# ---------------------------------------------------------------- through the services


@pytest.fixture
def filled(db, samples):
    """The simple register and the meters of the readings samples, with a history."""
    from tsj_desk.domain.meters import Resource
    from tsj_desk.services import readings
    from tsj_desk.services.readings import MeterInput
    from tsj_desk.services.registry import import_registry

    import_registry(samples / "registry_simple.xlsx", now=NOW)
    meters = [MeterInput(Resource.COLD_WATER, "ХВ-11045", "1", gis_number="GIS-000145", digits=5),
              MeterInput(Resource.HOT_WATER, "ГВ-2001", "1", gis_number="GIS-000146"),
              MeterInput(Resource.ELECTRICITY, "Э-5550132", "1", tariffs=2, gis_number="GIS-000147"),
              MeterInput(Resource.COLD_WATER, "M000001", "2"), MeterInput(Resource.COLD_WATER, "M000002", "3")]
    ids = [readings.add_meter(meter, now=NOW) for meter in meters]
    readings.save_entries("2026-09", [(ids[0], (110.0, None, None), date(2026, 9, 20)),
                                      (ids[2], (10000.0, 4000.0, None), date(2026, 9, 20))],
                          today=TODAY, now=NOW)
    return db


def snapshot(db_path: Path, *, checkpoint: bool) -> tuple[bytes, bytes]:
    """The database file and its WAL, byte for byte (after a checkpoint if asked)."""
    from tsj_desk.storage.database import database

    if checkpoint:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def import_unchanged_when_refused(db_path: Path, path: Path, run) -> None:
    before = snapshot(db_path, checkpoint=True)
    try:
        run(path)
    except TsjError:
        after = snapshot(db_path, checkpoint=False)
        assert after[0] == before[0], "a refused import changed the database file"
        assert after[1] == before[1], "a refused import wrote to the write-ahead log"


@FUZZ_DB
@given(file=mutated_files())
def test_refused_readings_import_leaves_database_unchanged(filled, db_path, tmp_path, file):
    from tsj_desk.services.readings import import_readings

    suffix, data = file
    path = tmp_path / f"readings{suffix}"
    path.write_bytes(data)
    import_unchanged_when_refused(db_path, path, lambda p: import_readings(p, today=TODAY, now=NOW))


@FUZZ_DB
@given(file=mutated_files())
def test_refused_registry_import_leaves_database_unchanged(filled, db_path, tmp_path, file):
    from tsj_desk.services.registry import import_registry

    suffix, data = file
    path = tmp_path / f"registry{suffix}"
    path.write_bytes(data)
    import_unchanged_when_refused(db_path, path, lambda p: import_registry(p, now=NOW))


def test_refused_hostile_import_leaves_database_unchanged(filled, db_path, tmp_path):
    """A zip bomb and a billion-cell sheet through the services: refused, nothing written."""
    from hostile_files import HEADER_ROW, sheet_xml, write_xlsx

    from tsj_desk.services.readings import import_readings
    from tsj_desk.services.registry import import_registry

    far = sheet_xml(HEADER_ROW + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    for name, run in (("readings.xlsx", lambda p: import_readings(p, today=TODAY, now=NOW)),
                      ("registry.xlsx", lambda p: import_registry(p, now=NOW))):
        path = write_xlsx(tmp_path / name, far)
        before = snapshot(db_path, checkpoint=True)
        with pytest.raises(FileProblem, match="больше допустимых 400\u00a0000"):  # rows first
            run(path)
        assert snapshot(db_path, checkpoint=False) == before


# ---------------------------------------------------------------- bugs found, fixes reported


def _registry_with(tmp_path: Path, column: bytes, value: bytes) -> Path:
    """A one-owner register whose ``column`` cell holds the number ``value``."""
    from hostile_files import sheet_xml, write_xlsx

    titles = [("A", "Кв."), ("B", "Собственник"), ("C", column.decode())]
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in titles).encode()
    row = (b'<c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd\xd0\xbe\xd0\xb2 '
           b'\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd</t></is></c><c r="C2"><v>' + value + b"</v></c>")
    return write_xlsx(tmp_path / "registry.xlsx", sheet_xml(b'<row r="1">' + header + b'</row><row r="2">' + row + b"</row>"))


def test_csv_with_bom_but_not_utf8_is_a_file_problem(tmp_path):
    path = tmp_path / "readings.csv"
    path.write_bytes(b"\xef\xbb\xbf\x80")  # found by test_random_bytes_give_only_file_problems
    with pytest.raises(FileProblem):
        parse_readings_file(path)


def test_registry_area_nan_is_a_row_problem(tmp_path):
    parsed = parse_registry_file(_registry_with(tmp_path, "Площадь".encode(), b"NaN"), today=TODAY)
    assert any("Площадь" in (p.column or "") for p in parsed.problems)


@pytest.mark.parametrize("value", [b"NaN", b"inf"])
def test_registry_share_nan_or_inf_is_a_row_problem(tmp_path, value):
    parsed = parse_registry_file(_registry_with(tmp_path, "Доля".encode(), value), today=TODAY)
    assert any("Доля" in (p.column or "") for p in parsed.problems)
