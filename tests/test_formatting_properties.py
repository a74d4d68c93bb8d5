"""Properties of the formatting functions, checked with hypothesis."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from draftgen.errors import FormatError
from draftgen.formatting import (
    MAX_ABS,
    format_count,
    format_date,
    format_number,
    format_percent,
    number_words,
    round_half_up,
    to_roman,
)
from draftgen.phrases import change
from draftgen.style import Style

# Per-test settings: a global profile would change other modules' property tests too.
checked = settings(deadline=None, max_examples=200)

LIMIT = float(MAX_ABS) * 0.999
finite_floats = st.floats(min_value=-LIMIT, max_value=LIMIT, allow_nan=False, allow_infinity=False)
decimals_or_none = st.one_of(st.none(), st.integers(min_value=0, max_value=6))
decimal_values = st.decimals(
    min_value=Decimal("-1e17"), max_value=Decimal("1e17"), allow_nan=False, places=8
)


def expected_rounding(value: Decimal, places: int) -> Decimal:
    """Half away from zero, computed independently with integer arithmetic."""
    scaled = abs(value) * (Decimal(10) ** places)
    whole = int(scaled)
    if scaled - whole >= Decimal("0.5"):
        whole += 1
    result = Decimal(whole).scaleb(-places)
    return -result if value < 0 and whole else result


@checked
@given(finite_floats, decimals_or_none)
def test_every_formatted_float_parses_back(value: float, decimals: int | None) -> None:
    text = format_number(value, decimals=decimals)
    places = 2 if decimals is None else decimals
    assert parse_decimal(text, locale="vi") == round_half_up(value, places)


@checked
@given(decimal_values, decimals_or_none)
def test_every_formatted_decimal_parses_back(value: Decimal, decimals: int | None) -> None:
    text = format_percent(value, decimals=decimals)
    assert text.endswith("%")
    places = 2 if decimals is None else decimals
    assert parse_decimal(text[:-1], locale="vi") == expected_rounding(value, places)


@checked
@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=6))
def test_rounding_is_half_away_from_zero(units: int, places: int) -> None:
    # Exactly halfway values: units + 0.5 in the last place kept.
    value = (Decimal(units) + Decimal("0.5")).scaleb(-places)
    rounded = round_half_up(value, places)
    assert abs(rounded) == abs(value) + Decimal("0.5").scaleb(-places)
    assert rounded == expected_rounding(value, places)


@checked
@given(finite_floats, decimals_or_none)
def test_no_negative_zero(value: float, decimals: int | None) -> None:
    text = format_number(value, decimals=decimals)
    if text.startswith("-"):
        assert re.search(r"[1-9]", text), text
    assert not re.fullmatch(r"-0(,0*)?", text)


@checked
@given(st.floats(min_value=-4.9e-3, max_value=4.9e-3, allow_nan=False))
def test_tiny_values_are_zero(value: float) -> None:
    assert format_number(value) == "0"
    assert format_number(value, decimals=2) == "0,00"


@checked
@given(
    st.one_of(
        st.floats(min_value=float(MAX_ABS), allow_infinity=True, allow_nan=False),
        st.floats(max_value=-float(MAX_ABS), allow_infinity=True, allow_nan=False),
        st.integers(min_value=10**18, max_value=10**30),
    )
)
def test_huge_values_are_refused(value: float) -> None:
    with pytest.raises(FormatError, match="quá lớn"):
        format_number(value)


@pytest.mark.parametrize("value", [None, math.nan, Decimal("NaN"), Decimal("sNaN")])
def test_none_and_nan_are_refused(value) -> None:
    with pytest.raises(FormatError):
        format_number(value)


@checked
@given(st.integers(min_value=0, max_value=10**15))
def test_counts_parse_back_and_pad(count: int) -> None:
    text = format_count(count)
    assert parse_decimal(text, locale="vi") == count
    assert (len(text) == 2 and text[0] == "0") == (1 <= count <= 9)
    assert format_count(count, style=Style(zero_pad_counts=False)).lstrip("0") == (text.lstrip("0"))


@checked
@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_dates_round_trip_and_pad(day: dt.date) -> None:
    text = format_date(day)
    d, m, y = text.split("/")
    assert dt.date(int(y), int(m), int(d)) == day
    assert len(d) == 2
    assert len(m) == (2 if day.month <= 2 or day.month >= 10 else 1)


@checked
@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_round_trip(n: int) -> None:
    values = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
    text = to_roman(n)
    total = 0
    for current, following in zip(text, text[1:] + " ", strict=True):
        value = values[current]
        total += -value if following != " " and values[following] > value else value
    assert total == n


@checked
@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_number_words_are_words(n: int) -> None:
    text = number_words(n)
    assert text and not re.search(r"\d", text)
    assert "  " not in text


@checked
@given(
    st.floats(min_value=0.01, max_value=1e12, allow_nan=False),
    st.floats(min_value=0.01, max_value=1e12, allow_nan=False),
)
def test_change_never_writes_a_minus_sign(value: float, baseline: float) -> None:
    text = change(value, baseline)
    assert "-" not in text
    verb = text.split()[0]
    assert verb in ("tăng", "giảm", "không", "gấp")
    if verb == "gấp":  # twice the baseline or more is written "gấp … lần"
        assert value >= 2 * baseline
    if verb == "tăng":
        assert value > baseline
    if verb == "giảm":
        assert value < baseline
