from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.shares import (
    ShareHolding,
    check_total_share,
    format_share,
    parse_share,
    total_share,
)


@pytest.mark.parametrize(
    ("cell", "fraction", "joint"),
    [
        ("1/2", Fraction(1, 2), False),
        (" 1 / 3 ", Fraction(1, 3), False),
        ("0,5", Fraction(1, 2), False),
        ("0.25", Fraction(1, 4), False),
        ("50%", Fraction(1, 2), False),
        ("33,5 %", Fraction(67, 200), False),
        ("1", Fraction(1), False),
        ("1/1", Fraction(1), False),
        (1.0, Fraction(1), False),
        (0.5, Fraction(1, 2), False),
        ("", Fraction(1), False),
        (None, Fraction(1), False),
        ("общая совместная", Fraction(1), True),
        ("Совместная", Fraction(1), True),
        ("1/2 в общей совместной", Fraction(1, 2), True),
    ],
)
def test_shares_are_read_as_offices_write_them(cell, fraction, joint):
    share = parse_share(cell)
    assert share.fraction == fraction
    assert share.joint is joint


def test_empty_cell_means_a_sole_owner_not_written():
    assert parse_share("").written is False
    assert parse_share("1").written is True


@pytest.mark.parametrize("cell", ["3/2", "0", "1/0", "полдоли", "-1/2", "150%", "1,5"])
def test_bad_shares_are_refused_with_a_message(cell):
    with pytest.raises(ValidationFailed) as caught:
        parse_share(cell)
    assert "Дол" in caught.value.message


def test_joint_holding_counts_once_in_the_total():
    holdings = [ShareHolding(Fraction(1), "3|joint"), ShareHolding(Fraction(1), "3|joint")]
    assert total_share(holdings) == 1


def test_total_above_one_is_refused():
    holdings = [ShareHolding(Fraction(1, 2)), ShareHolding(Fraction(2, 3))]
    with pytest.raises(ValidationFailed, match="7/6"):
        check_total_share(holdings, "12")


def test_share_formats():
    assert format_share(Fraction(1)) == "1"
    assert format_share(Fraction(2, 4)) == "1/2"
    assert format_share(Fraction(1), joint=True) == "совместная"
    assert format_share(Fraction(3)) == "3"


@given(st.integers(1, 1000), st.integers(1, 1000))
def test_any_written_fraction_round_trips(a, b):
    numerator, denominator = min(a, b), max(a, b)
    share = parse_share(f"{numerator}/{denominator}")
    assert share.fraction == Fraction(numerator, denominator)
    assert parse_share(format_share(share.fraction)).fraction == share.fraction
