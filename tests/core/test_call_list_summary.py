"""The line the office reads after exporting a call list: how many calls, and how many
premises (requests, for a survey) were left out for want of a phone — in the right
form of the word for each number."""

from __future__ import annotations

from tsj_desk.services.call_lists import CallList, Skipped


def _skipped(count: int) -> list[Skipped]:
    return [Skipped(str(n), "Без телефона", "нет телефона") for n in range(1, count + 1)]


def test_a_survey_counts_requests_left_out_in_the_right_form():
    assert CallList("survey", [], _skipped(1)).summary() == (
        "В списке 0 звонков; без телефона — 1 обращение (не вошли в список).")
    assert CallList("survey", [], _skipped(3)).summary() == (
        "В списке 0 звонков; без телефона — 3 обращения (не вошли в список).")
    assert CallList("survey", [], _skipped(21)).summary() == (
        "В списке 0 звонков; без телефона — 21 обращение (не вошли в список).")
    assert CallList("survey", [], _skipped(5)).summary() == (
        "В списке 0 звонков; без телефона — 5 обращений (не вошли в список).")


def test_a_readings_list_counts_premises_left_out():
    assert CallList("readings", [], _skipped(1)).summary() == (
        "В списке 0 звонков; без телефона — 1 помещение (не вошли в список).")
