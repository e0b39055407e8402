"""A results file whose result columns the program does not know (a call service that
renamed them) must say so, not report «0 results of 0» as if the calls gave nothing."""

from __future__ import annotations

import pytest

from tsj_desk.domain.errors import FileProblem
from tsj_desk.importers.call_results import parse_results_file


def test_a_file_with_the_ids_but_no_result_column_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes(("\ufeffID,Phone,Status,Score,Comment\r\n"
                      "R5-7,+79160000005,answered,5,спасибо\r\n"
                      "R101-136,+79160000101,no answer,,\r\n").encode("utf-8"))
    with pytest.raises(FileProblem) as caught:
        parse_results_file(path)
    message = str(caught.value)
    assert "results.csv" in message
    assert "нет ни одного столбца результатов" in message
    assert "«Дозвонились»" in message and "«Оценка»" in message and "«Показания»" in message


def test_one_result_column_is_enough(tmp_path):
    path = tmp_path / "results.csv"
    path.write_bytes("Код строки;Оценка\r\nS20-140;5\r\n".encode("utf-8"))
    parsed = parse_results_file(path)
    assert [(r.row_id, r.score) for r in parsed.rows] == [("S20-140", 5)]
