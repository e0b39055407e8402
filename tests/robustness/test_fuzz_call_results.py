"""Whatever a call service writes into a results file's cells, the import answers with
errors of rows in Russian — never a traceback — and a row it refuses leaves nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tsj_desk.importers.call_results import parse_dictated, parse_results_file

# what a workbook can hold: no control characters
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
CELLS = st.one_of(st.none(), TEXT, st.integers(-10**6, 10**6),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
                  st.sampled_from(["да", "нет", "ХВС 12,5", "ГВС № 1: 3/4", "R1-1", "31.02.2026", "5", "0"]))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=7, max_size=7), max_size=6))
def test_any_cells_give_rows_or_row_errors(tmp_path, rows):
    book = Workbook()
    book.active.append(["Код строки", "Дозвонились", "Обещанная дата", "Обещанная сумма", "Оценка",
                        "Показания", "Отказ"])
    for row in rows:
        book.active.append([c if not isinstance(c, str) or not c.startswith("=") else "'" + c for c in row])
    path = tmp_path / "итоги.xlsx"
    book.save(path)
    parsed = parse_results_file(path)
    for problem in parsed.problems:
        assert problem.row >= 2 and problem.message
    for result in parsed.rows:
        assert result.row_id
        assert result.score is None or 1 <= result.score <= 5


@given(st.text(max_size=60))
def test_dictated_readings_are_read_or_refused_with_the_part_named(text):
    try:
        readings = parse_dictated(text)
    except ValueError as exc:
        assert str(exc).strip() and str(exc).strip() in text
        return
    for reading in readings:
        assert reading.values[0] is not None
