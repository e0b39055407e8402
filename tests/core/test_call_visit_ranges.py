"""A visit's call list for a range of numbers no premise has («200-300» in a house of
flats 1–12) says so, as a single unknown number does, instead of an empty list."""

from __future__ import annotations

import pytest

from tests.core.debts_base import build_base
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.services.call_lists import visit_list


def test_a_range_without_any_premise_is_named(db):
    build_base()  # flats 1, 2, 3, 4, 12
    with pytest.raises(ValidationFailed) as caught:
        visit_list(premises="1-3, 200-300")
    assert caught.value.message == "Нет таких помещений: № 200-300."


def test_a_range_with_some_premises_is_taken(db):
    build_base()
    calls = visit_list(premises="3-12")  # flats 3, 4 and 12; 5–11 are no flats here, and that is fine
    assert sorted(r.premise for r in calls.rows) == ["12", "3"]  # flat 4's owner has no phone
    assert [s.premise for s in calls.skipped] == ["4"]
