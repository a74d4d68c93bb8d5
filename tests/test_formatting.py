"""Formatting: verbatim figures of the seed documents, computed from numbers.

Each row of SEED_FIGURES cites the seed line (seed:line, STYLE-VI part C) it reproduces; when
the seed texts are at hand (see tests/seedtext.py: $DRAFTGEN_SEEDS) the test also checks that
the expected text really stands on that line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.numbers import format_compact_decimal
from seedtext import needs_seeds, seed_line

from draftgen.errors import FormatError
from draftgen.formatting import (
    LOCALE,
    format_bound,
    format_count,
    format_date,
    format_dateline,
    format_fraction,
    format_month,
    format_number,
    format_ordinal,
    format_percent,
    format_period,
    format_quantity,
    format_range,
    format_scaled,
    format_target,
    format_term,
    number_words,
    ordinal_word,
    rescale,
    round_half_up,
    to_roman,
    with_unit,
)
from draftgen.model import Target, TargetKind
from draftgen.style import Style

NO_PAD = Style(zero_pad_counts=False)




# (seed:line, verbatim text, how we compute it)
SEED_FIGURES = [
    ("004:83", "1.683.240 triệu đồng", lambda: format_quantity(1683240, unit="triệu đồng")),
    ("004:83", "2.793.024 triệu đồng", lambda: format_quantity(2793024, unit="triệu đồng")),
    ("001:25", "34.178,9 tỷ đồng", lambda: format_quantity(34178.9, unit="tỷ đồng")),
    ("004:405", "187.377.978.290 đồng", lambda: format_quantity(187377978290, unit="đồng")),
    ("000:20", "5.500 triệu USD", lambda: format_quantity(5500, unit="triệu USD")),
    ("001:56", "1.904 thủ tục hành chính", lambda: format_count(1904, unit="thủ tục hành chính")),
    ("004:399", "224,252 tỷ đồng", lambda: format_quantity(224.252, unit="tỷ đồng", decimals=3)),
    ("004:427", "11,065 tỷ đồng", lambda: format_quantity(11.065, unit="tỷ đồng", decimals=3)),
    ("001:551", "tiến sĩ 0,042%", lambda: "tiến sĩ " + format_percent(0.042, decimals=3)),
    ("001:13", "7,16%", lambda: format_percent(7.16)),
    ("004:59", "30,90%", lambda: format_percent(30.9, decimals=2)),
    ("001:285", "≥ 5%", lambda: format_bound(5, kind="at_least", unit="%", sign=True)),
    (
        "003:72",
        "trên 3.350 doanh nghiệp",
        lambda: format_bound(3350, kind="above", unit="doanh nghiệp"),
    ),
    ("000:18", "trên 310 nghìn tấn", lambda: format_bound(310, kind="above", unit="nghìn tấn")),
    ("000:30", "khoảng 29.000 tỷ đồng", lambda: format_bound(29000, kind="about", unit="tỷ đồng")),
    ("000:20", "hơn 16.000 tỷ đồng", lambda: format_bound(16000, kind="over", unit="tỷ đồng")),
    (
        "000:30",
        "gần 1.900 doanh nghiệp",
        lambda: format_bound(1900, kind="nearly", unit="doanh nghiệp"),
    ),
    ("001:273", "từ 10% trở lên", lambda: format_bound(10, kind="at_least", unit="%")),
    ("001:650", "không vượt quá 20%", lambda: format_bound(20, kind="at_most", unit="%")),
    (
        "004:95",
        "dưới 15%",
        lambda: format_target(Target(TargetKind.BELOW, None, 15, "dưới 15"), unit="%"),
    ),
    ("001:476", "từ 7 - 7,5%", lambda: format_range(7, 7.5, unit="%", prefix="từ")),
    ("001:265", "từ 10 - 11%", lambda: format_range(10, 11, unit="%", prefix="từ")),
    ("003:274", "từ 8 - 8,5%", lambda: format_range(8, 8.5, unit="%", prefix="từ")),
    ("003:282", "từ 8 - 9%/năm", lambda: format_range(8, 9, unit="%/năm", prefix="từ")),
    ("004:59", "30 - 35 triệu đồng", lambda: format_range(30, 35, unit="triệu đồng")),
    (
        "001:274",
        "khoảng 250 - 270 nghìn tỷ đồng",
        lambda: format_range(250, 270, unit="nghìn tỷ đồng", prefix="khoảng"),
    ),
    (
        "001:18",
        "từ 2.800 - 3.000 doanh nghiệp",
        lambda: format_range(2800, 3000, unit="doanh nghiệp", prefix="từ"),
    ),
    (
        "003:286",
        "từ 173 - 175 nghìn tỷ đồng",
        lambda: format_range(173, 175, unit="nghìn tỷ đồng", prefix="từ"),
    ),
    (
        "000:28",
        "3.100 nghìn lượt khách",
        lambda: format_quantity(
            rescale(3_100_000, from_unit="lượt khách", to_unit="nghìn lượt khách"),
            unit="nghìn lượt khách",
        ),
    ),
    (
        "000:32",
        "31.998 tỷ đồng",
        lambda: format_quantity(
            rescale(31_998_000, from_unit="triệu đồng", to_unit="tỷ đồng"), unit="tỷ đồng"
        ),
    ),
    ("000:44", "72,2 nghìn lao động", lambda: format_scaled(72_200, unit="lao động")),
    ("000:24", "101,5 nghìn tỷ đồng", lambda: format_scaled(101.5e12, unit="đồng")),
    ("001:42", "181,7 nghìn tỷ đồng", lambda: format_scaled(181_700_000_000_000, unit="đồng")),
    ("001:18", "198 tỷ USD", lambda: format_scaled(198_000_000_000, unit="USD")),
    ("000:16", "48,5 triệu đồng", lambda: format_scaled(48_500_000, unit="đồng")),
    ("000:26", "03 nhà máy", lambda: format_count(3, unit="nhà máy")),
    ("000:18", "07 xã", lambda: format_count(7, unit="xã")),
    ("001:84", "02 huyện", lambda: format_count(2, unit="huyện")),
    ("004:63", "05 xã", lambda: format_count(5, unit="xã")),
    (
        "004:433",
        "Sắp xếp 8 đơn vị",
        lambda: "Sắp xếp " + format_count(8, unit="đơn vị", style=NO_PAD),
    ),
    ("003:42", "2 nhà máy xi măng", lambda: format_count(2, unit="nhà máy xi măng", style=NO_PAD)),
    (
        "001:98",
        "04 vụ án/06 bị can",
        lambda: format_fraction(4, 6, part_unit="vụ án", unit="bị can"),
    ),
    ("000:18", "74/207 xã", lambda: format_fraction(74, 207, unit="xã")),
    ("001:25", "106/175 xã", lambda: format_fraction(106, 175, unit="xã")),
    ("004:95", "14/17 xã", lambda: format_fraction(14, 17, unit="xã")),
    ("000:133", "11/11 đơn vị", lambda: format_fraction(11, 11, unit="đơn vị")),
    ("001:578", "xếp thứ 08/19 tỉnh", lambda: "xếp thứ " + format_fraction(8, 19, unit="tỉnh")),
    ("003:130", "xếp thứ 9/19", lambda: "xếp thứ " + format_fraction(9, 19, style=NO_PAD)),
    ("002:23", "15/63 tỉnh", lambda: format_fraction(15, 63, unit="tỉnh")),
    (
        "001:605",
        "17.055 lượt/18.121 công dân",
        lambda: format_fraction(17055, 18121, part_unit="lượt", unit="công dân"),
    ),
    ("000:8", "ngày 19/6/2020", lambda: "ngày " + format_date("2020-06-19")),
    ("001:653", "ngày 16/6/2022", lambda: "ngày " + format_date(dt.date(2022, 6, 16))),
    ("004:131", "ngày 15/5/2016", lambda: "ngày " + format_date("2016-05-15")),
    ("001:382", "ngày 22/12/2024", lambda: "ngày " + format_date("2024-12-22")),
    ("001:560", "ngày 06/5/2021", lambda: "ngày " + format_date("2021-05-06")),
    ("001:560", "ngày 15/10/2023", lambda: "ngày " + format_date("2023-10-15")),
    ("001:671", "ngày 03/4/2023", lambda: "ngày " + format_date("2023-04-03")),
    ("000:136", "từ 01/01/2020", lambda: "từ " + format_date("2020-01-01")),
    ("001:590", "ngày 25/4/2025", lambda: "ngày " + format_date("2025-04-25")),
    ("000:130", "tháng 01/2019", lambda: "tháng " + format_month("2019-01")),
    ("000:130", "tháng 9/2018", lambda: "tháng " + format_month("2018-09")),
    ("003:74", "tháng 7/2020", lambda: "tháng " + format_month(dt.date(2020, 7, 31))),
    ("001:689", "tháng 4/2025", lambda: "tháng " + format_month("2025-04")),
    (
        "004:19",
        "Văn Lãng, ngày\u00a0\u00a0\u00a0 tháng 3 năm 2020",
        lambda: format_dateline("2020-03-05", place="Văn Lãng", draft=True),
    ),
    ("000:6", "nhiệm kỳ 2015 - 2020", lambda: format_period("2015-2020", word="nhiệm kỳ")),
    ("000:16", "giai đoạn 2016 - 2020", lambda: format_period("2016-2020")),
    ("001:18", "giai đoạn 2021 - 2025", lambda: "giai đoạn " + format_term(2021, 2025)),
    ("000:6", "lần thứ XVI", lambda: "lần thứ " + to_roman(16)),
    ("001:1", "lần thứ XVIII", lambda: "lần thứ " + to_roman(18)),
    ("004:27", "khoá XXI", lambda: "khoá " + to_roman(21)),
    ("004:33", "khóa XXII", lambda: "khóa " + to_roman(22)),
    ("001:218", "Một là:", lambda: format_ordinal(1, form="lesson")),
    ("001:220", "Hai là:", lambda: format_ordinal(2, form="lesson")),
    ("001:227", "Sáu là:", lambda: format_ordinal(6, form="lesson")),
    (
        "004:193",
        "Một là,",
        lambda: format_ordinal(1, form="lesson", style=Style(ordinal_separator=",")),
    ),
    (
        "004:201",
        "Năm là,",
        lambda: format_ordinal(5, form="lesson", style=Style(ordinal_separator=",")),
    ),
    ("001:265", "(1)", lambda: format_ordinal(1, form="item")),
    ("002:19", "giảm hai đơn vị", lambda: f"giảm {number_words(2)} đơn vị"),
    ("004:109", "Trong năm năm", lambda: f"Trong {number_words(5)} năm"),
    ("002:7", "bốn trụ cột", lambda: f"{number_words(4)} trụ cột"),
    ("001:237", "cả ba trụ cột", lambda: f"cả {number_words(3)} trụ cột"),
    ("001:420", "lần thứ tư", lambda: "lần " + ordinal_word(4)),
]


@pytest.mark.parametrize(
    ("ref", "expected", "compute"), SEED_FIGURES, ids=[r[0] for r in SEED_FIGURES]
)
def test_seed_figure(ref: str, expected: str, compute) -> None:
    assert compute() == expected


@needs_seeds
@pytest.mark.parametrize(
    ("ref", "expected", "compute"), SEED_FIGURES, ids=[r[0] for r in SEED_FIGURES]
)
def test_seed_figure_is_verbatim(ref: str, expected: str, compute) -> None:
    assert expected in seed_line(ref)


def test_at_least_forty_seed_figures() -> None:
    assert len(SEED_FIGURES) >= 40


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.125, 2, "0,13"),
        (-0.125, 2, "-0,13"),
        (2.675, 2, "2,68"),  # the decimal the user typed, not the binary float below it
        (1.005, 2, "1,01"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (-0.4, 0, "0"),
        (-0.0, None, "0"),
        (Decimal("-0.00"), 2, "0,00"),
        (7.40, None, "7,4"),
        (7.40, 2, "7,40"),
        (1234, 1, "1.234,0"),
        (1e-12, None, "0"),
        (999_999_999_999_999_999, 0, "999.999.999.999.999.999"),
    ],
)
def test_rounding_and_trimming(value, decimals, expected) -> None:
    assert format_number(value, decimals=decimals) == expected


def test_max_decimals_from_style() -> None:
    assert format_number(5.27549, style=Style(max_decimals=3)) == "5,275"
    assert format_number(5.27549) == "5,28"


@pytest.mark.parametrize(
    "bad", [None, float("nan"), float("inf"), -float("inf"), 1e18, "7,5", True]
)
def test_bad_values_raise_format_error(bad) -> None:
    with pytest.raises(FormatError):
        format_number(bad)


def test_none_message_is_vietnamese() -> None:
    with pytest.raises(FormatError, match="Không có số liệu"):
        format_percent(None)


@pytest.mark.parametrize("decimals", [-1, 11, 1.5])
def test_bad_decimals(decimals) -> None:
    with pytest.raises(FormatError, match="chữ số thập phân"):
        format_number(1, decimals=decimals)


def test_round_half_up_never_negative_zero() -> None:
    assert str(round_half_up(-0.001, 2)) == "0.00"


def test_separators_come_from_babel_locale() -> None:
    symbols = LOCALE.number_symbols["latn"]
    assert format_number(1234.5) == f"1{symbols['group']}234{symbols['decimal']}5"


def test_unit_attachment() -> None:
    assert with_unit("7", "%") == "7%"
    assert with_unit("88,6", "ha") == "88,6 ha"
    assert format_quantity(5, unit=None) == "5"


@pytest.mark.parametrize(
    "value",
    [1_500, 72_200, 3_100_000, 48_500_000, 198e9, 101.5e12, 181.7e12],
)
def test_scale_words_agree_with_babel_long_compact(value) -> None:
    ours = format_scaled(value, decimals=1).replace(",0 ", " ")
    babel = format_compact_decimal(value, format_type="long", locale=LOCALE, fraction_digits=1)
    assert ours == babel


def test_scale_small_values_and_carry() -> None:
    assert format_scaled(950, unit="người") == "950 người"
    assert format_scaled(999_999, unit="đồng") == "1 triệu đồng"
    assert format_scaled(-2_500_000, unit="đồng") == "-2,5 triệu đồng"


def test_rescale_refuses_different_units() -> None:
    with pytest.raises(FormatError, match="Không đổi được đơn vị"):
        rescale(1, from_unit="tỷ đồng", to_unit="tỷ USD")
    assert rescale(126, from_unit="vạn tấn", to_unit="nghìn tấn") == Decimal("1260")


# --------------------------------------------------------------------------- counts, ranges


def test_counts_padding_only_from_one_to_nine() -> None:
    assert [format_count(n) for n in (0, 1, 9, 10, 1000)] == ["0", "01", "09", "10", "1.000"]
    assert format_count(4.0, unit="vụ") == "04 vụ"


@pytest.mark.parametrize("bad", [-1, 2.5, None])
def test_count_refuses_non_counts(bad) -> None:
    with pytest.raises(FormatError):
        format_count(bad)


def test_range_equal_bounds_and_reversed() -> None:
    assert format_range(5, 5, unit="%") == "5%"
    with pytest.raises(FormatError, match="ngược"):
        format_range(8, 7)


def test_bound_unknown_kind() -> None:
    with pytest.raises(FormatError, match="Loại giới hạn không hợp lệ"):
        format_bound(5, kind="beyond")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (Target(TargetKind.EXACT, 65, None, "65"), "65%"),
        (Target(TargetKind.RANGE, 7, 7.5, "7 - 7,5"), "7 - 7,5%"),
        (Target(TargetKind.AT_LEAST, 10, None, "≥ 10"), "từ 10% trở lên"),
        (Target(TargetKind.ABOVE, 90, None, "trên 90"), "trên 90%"),
        (Target(TargetKind.AT_MOST, None, 3, "≤ 3"), "không vượt quá 3%"),
        (Target(TargetKind.BELOW, None, 3, "dưới 3"), "dưới 3%"),
        (Target(TargetKind.ABOUT, 65, None, "khoảng 65"), "khoảng 65%"),
    ],
)
def test_format_target_every_kind(target, expected) -> None:
    assert format_target(target, unit="%") == expected


# --------------------------------------------------------------------------- dates, periods


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-01", "01/01/2020"),
        ("2020-02-09", "09/02/2020"),
        ("2020-03-10", "10/3/2020"),
        ("2020-12-31", "31/12/2020"),
        (dt.datetime(2021, 5, 6, 14, 30), "06/5/2021"),
    ],
)
def test_nghi_dinh_30_padding(value, expected) -> None:
    assert format_date(value) == expected


def test_padding_can_be_switched_off() -> None:
    assert format_date("2021-05-06", style=Style(pad_dates=False)) == "6/5/2021"
    assert format_month("2025-03") == "3/2025"  # 001:647; "03/2025" (001:641) breaks the rule


def test_dateline_pads_like_inline_dates() -> None:
    assert format_dateline("2020-02-05", place="Lạng Sơn") == "Lạng Sơn, ngày 05 tháng 02 năm 2020"


@pytest.mark.parametrize("bad", ["06/05/2021", "2021-13-01", 20210506, None])
def test_bad_dates(bad) -> None:
    with pytest.raises(FormatError):
        format_date(bad)


@pytest.mark.parametrize("bad", ["2020-2015", "2020", "20-25", 2020])
def test_bad_terms(bad) -> None:
    with pytest.raises(FormatError):
        format_term(bad)


def test_period_single_year_and_span() -> None:
    assert format_period(2015) == "năm 2015"
    assert format_period("2011 - 2015") == "giai đoạn 2011 - 2015"


# --------------------------------------------------------------------------- numerals, words


@pytest.mark.parametrize(
    ("n", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1990, "MCMXC")]
)
def test_roman(n, roman) -> None:
    assert to_roman(n) == roman


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (20, "hai mươi"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (110, "một trăm mười"),
        (1005, "một nghìn không trăm linh năm"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (2_000_000_000, "hai tỷ"),
    ],
)
def test_number_words(n, words) -> None:
    assert number_words(n) == words


@pytest.mark.parametrize("bad", [-1, 2.5, 10**15, True])
def test_number_words_refuses(bad) -> None:
    with pytest.raises(FormatError):
        number_words(bad)


def test_ordinal_forms() -> None:
    assert format_ordinal(3, form="part") == "Phần thứ ba"
    assert [format_ordinal(n, form="letter") for n in range(1, 8)] == [
        "a)", "b)", "c)", "d)", "đ)", "e)", "g)",
    ]  # fmt: skip
    assert format_ordinal(4, form="roman") == "IV."
    with pytest.raises(FormatError, match="Kiểu số thứ tự"):
        format_ordinal(1, form="dash")
