"""The Russian word a count takes, written out in the tests from the grammar rule,
not taken from the program: expected texts follow the numbers the data gives."""

from __future__ import annotations


def requests_word(count: int) -> str:
    """1, 21, 101 обращение; 2–4, 22–24 обращения; 0, 5–20, 25–30, 111–114 обращений."""
    if count % 100 in (11, 12, 13, 14):
        return "обращений"
    if count % 10 == 1:
        return "обращение"
    if count % 10 in (2, 3, 4):
        return "обращения"
    return "обращений"


def test_the_rule_itself():
    assert [requests_word(n) for n in (0, 1, 2, 4, 5, 11, 14, 21, 22, 25, 101, 112)] == [
        "обращений", "обращение", "обращения", "обращения", "обращений", "обращений",
        "обращений", "обращение", "обращения", "обращений", "обращение", "обращений"]
