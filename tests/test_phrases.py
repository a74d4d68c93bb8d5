"""Phrases: verbatim comparisons of the seed documents, computed from numbers.

Each row of SEED_PHRASES cites the seed line (seed:line, STYLE-VI part C) it reproduces; when
the seed texts are at hand the test also checks the text stands on that line.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from seedtext import needs_seeds, seed_line

from draftgen.errors import FormatError
from draftgen.formatting import format_fraction
from draftgen.model import Kind, Status, Target, TargetKind
from draftgen.phrases import (
    annual_average,
    assess,
    cagr,
    change,
    direction_word,
    estimate,
    estimate_word,
    from_to,
    join_vi,
    mean_growth,
    met_count,
    share,
    since_text,
    times,
    unmet_count,
    vs_target,
)
from draftgen.style import Style

PCT = Style(rate_change="percent")  # the seeds write changes of rates with "%"
HANG_NAM = Style(rate_change="percent", annual_word="hàng năm")
K = TargetKind




def grow(first: float, rate: float, years: int) -> list[float]:
    """A series growing at a constant yearly rate (per cent), rounded like published data."""
    values = [first]
    for _ in range(years):
        values.append(round(values[-1] * (1 + rate / 100), 1))
    return values


# (seed:line, verbatim text, how we compute it)
SEED_PHRASES = [
    ("001:27", "tăng 7,27 điểm phần trăm so với năm 2020",
     lambda: change(11.2, 3.93, since=2020, kind=Kind.GROWTH)),
    ("000:24", "tăng 12,1% so với năm 2015",
     lambda: change(82, 69.9, since=2015, kind=Kind.RATIO, style=PCT)),
    ("001:22", "tăng 1,5% so với năm 2020",
     lambda: change(64.5, 63, since=2020, kind=Kind.RATIO, style=PCT)),
    ("001:22", "tăng 3,9% so với năm 2020",
     lambda: change(99, 95.1, since=2020, kind=Kind.RATIO, style=PCT)),
    ("004:65", "tăng 19,1% so với năm 2015",
     lambda: change(60.03, 40.93, since="2015", kind=Kind.RATIO, style=PCT)),
    ("001:65", "tăng 9% so với đầu nhiệm kỳ",
     lambda: change(65, 56, since="đầu nhiệm kỳ", kind=Kind.RATIO, style=PCT)),
    ("001:14", "giảm 2,32% so với năm 2020",
     lambda: change(20.92, 23.24, since=2020, kind=Kind.SHARE, style=PCT)),
    ("003:14", "giảm 4,8% so với năm 2015",
     lambda: change(20.83, 25.63, since=2015, kind=Kind.SHARE, style=PCT)),
    ("001:566", "tăng 21,6% so với năm 2020",
     lambda: change(236, 194.08, since=2020, decimals=1)),
    ("004:97", "tăng 04 nhà so với năm 2015",
     lambda: change(16, 12, since=2015, kind=Kind.COUNT, mode="absolute", unit="nhà")),
    ("000:16", "gấp 1,6 lần so với năm 2015", lambda: times(48.5, 30.3, since=2015, decimals=1)),
    ("003:14", "gấp 1,44 lần so với năm 2015", lambda: times(44.5, 30.9, since=2015)),
    ("000:24", "gấp 2,3 lần giai đoạn 2011 - 2015",
     lambda: times(11.5, 5, since="2011-2015", versus=False, decimals=1)),
    ("000:44", "giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020",
     lambda: from_to(25.95, 7.89, start_period=2015, end_period=2020, unit="%")),
    ("003:140", "giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020",
     lambda: from_to(25.95, 7.89, start_period="2015", end_period="2020", unit="%")),
    ("000:18", "từ 54,5% năm 2015 lên 63% năm 2020",
     lambda: from_to(54.5, 63.0, start_period=2015, end_period=2020, unit="%", verb=False)),
    ("003:192", "từ 2.314 thôn, khối phố xuống còn 1.851 thôn, khối phố",
     lambda: from_to(2314, 1851, unit="thôn, khối phố", kind=Kind.COUNT, verb=False)),
    ("004:433", "giảm từ 215 thôn, khu phố xuống còn 185 thôn, khu phố",
     lambda: from_to(215, 185, unit="thôn, khu phố", kind=Kind.COUNT)),
    ("004:71", "tăng từ 86,6 nghìn tấn lên 2.760 nghìn tấn",
     lambda: from_to(86.6, 2760, unit="nghìn tấn")),
    ("000:20", "bình quân hằng năm tăng 6,1%",
     lambda: annual_average(grow(4090.6, 6.1, 5), decimals=1)),
    ("001:18", "bình quân hằng năm tăng 8,81%", lambda: annual_average([511.4, 780], years=5)),
    ("000:32", "bình quân hằng năm tăng 10,2%",
     lambda: annual_average([7933.6, 12878], years=5, decimals=1)),
    ("000:32", "bình quân giảm 12,1%",
     lambda: annual_average([36437, 19120], years=5, form="short", decimals=1)),
    ("000:44", "bình quân hằng năm giảm 3,61%",
     lambda: annual_average([25.95, 7.89], years=5, kind=Kind.RATIO, style=PCT)),
    ("003:140", "bình quân hàng năm giảm 3,61%",
     lambda: annual_average([25.95, 7.89], years=5, kind=Kind.RATIO, style=HANG_NAM)),
    ("004:101", "bình quân giảm 4,1%/năm",
     lambda: annual_average([25.95, 5.45], years=5, kind=Kind.RATIO, form="per_year", style=PCT)),
    ("004:59", "28,67% (mục tiêu 29,44%)", lambda: vs_target(28.67, 29.44, unit="%")),
    ("004:59", "30,90% (mục tiêu 27,12%)",
     lambda: vs_target(30.9, 27.12, unit="%", decimals=2)),
    ("004:59", "40,43% (mục tiêu 43,44%)", lambda: vs_target(40.43, 43.44, unit="%")),
    ("004:59", "ước đạt 34,5 triệu đồng (mục tiêu 30 - 35 triệu đồng)",
     lambda: estimate_word(Status.ESTIMATE) + " "
     + vs_target(34.5, Target(K.RANGE, 30, 35, "30 - 35"), unit="triệu đồng")),
    ("004:61", "71,08% (mục tiêu 60%)",
     lambda: vs_target(71.08, Target(K.EXACT, 60, None, "60"), unit="%")),
    ("004:95", "13,6% (mục tiêu dưới 15%)",
     lambda: vs_target(13.6, Target(K.BELOW, None, 15, "dưới 15"), unit="%", good_direction=-1)),
    ("000:76", "vượt 17,18% so với chỉ tiêu",
     lambda: vs_target(11718, 10000, form="exceed", label="chỉ tiêu")),
    ("004:61", "đạt 101,6% so với mục tiêu",
     lambda: vs_target(2032.3, 2000, form="ratio", decimals=1)),
    ("001:653", "đạt 108% so với chỉ tiêu",
     lambda: vs_target(2166, 2000, form="ratio", decimals=0, label="chỉ tiêu")),
    ("001:176", "đã thực hiện đạt và vượt 18 chỉ tiêu", lambda: met_count(18)),
    ("004:171", "thực hiện hoàn thành và vượt 18/19 chỉ tiêu",
     lambda: met_count(18, 19, verb="hoàn thành và vượt", lead="thực hiện")),
    ("002:35", "phấn đấu hoàn thành 20/20 chỉ tiêu",
     lambda: met_count(["vượt"] * 5 + ["đạt"] * 15, verb="hoàn thành", lead="phấn đấu")),
    ("000:16", "ước đạt 7,8%", lambda: estimate(7.8, status="ước đạt", unit="%")),
    ("001:13", "ước đạt 7,16%", lambda: estimate(7.16, status=Status.ESTIMATE, unit="%")),
    ("003:14", "ước đạt 5,45%", lambda: estimate(5.45, status=Status.ESTIMATE, unit="%")),
    ("000:20", "ước đạt 5.500 triệu USD",
     lambda: estimate(5500, status=Status.ESTIMATE, unit="triệu USD")),
    ("003:84", "ước đạt 6.149,5 tỷ đồng",
     lambda: estimate(6149.5, status=Status.ESTIMATE, unit="tỷ đồng")),
    ("000:32", "ước đạt 31.998 tỷ đồng",
     lambda: estimate(31998, status=Status.ESTIMATE, unit="tỷ đồng")),
    ("003:14", "đạt 44,5 triệu đồng", lambda: estimate(44.5, unit="triệu đồng")),
    ("001:27", "dự ước năm 2025", lambda: estimate_word(Status.PROJECTION) + " năm 2025"),
    ("000:56", "528/554 đơn khiếu nại, tố cáo thuộc thẩm quyền, đạt 95,3%",
     lambda: format_fraction(528, 554, unit="đơn khiếu nại, tố cáo thuộc thẩm quyền")
     + ", đạt " + share(528, 554, decimals=1)),
    ("004:95", "14/17 xã, thị trấn có bác sỹ, đạt 82,4%",
     lambda: format_fraction(14, 17, unit="xã, thị trấn có bác sỹ")
     + ", đạt " + share(14, 17, decimals=1)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("ref", "expected", "compute"), SEED_PHRASES, ids=[r[0] for r in SEED_PHRASES]
)
def test_seed_phrase(ref: str, expected: str, compute) -> None:
    assert compute() == expected


@needs_seeds
@pytest.mark.parametrize(
    ("ref", "expected", "compute"), SEED_PHRASES, ids=[r[0] for r in SEED_PHRASES]
)
def test_seed_phrase_is_verbatim(ref: str, expected: str, compute) -> None:
    assert expected in seed_line(ref)


def test_at_least_forty_seed_phrases() -> None:
    assert len(SEED_PHRASES) >= 40


def test_the_issue_example_9964_vs_2166() -> None:
    # 001:653 states "9.964 đảng viên" over five years beside "2.166 đảng viên" a year:
    # computed, the yearly average of 9.964 is 1.992,8, not 2.166.
    from draftgen.formatting import format_number

    assert format_number(9964 / 5, decimals=1) == "1.992,8"
    assert format_number(9964 / 5, decimals=0) != "2.166"


# --------------------------------------------------------------------------- change


def test_change_never_prints_minus_or_zero() -> None:
    assert change(90, 100) == "giảm 10%"
    assert change(100.0001, 100, since=2020) == "không đổi so với năm 2020"
    assert "-" not in change(-5, -10, kind="growth")
    with pytest.raises(FormatError, match="số âm"):
        change(-5, -10)  # a relative change of negative figures means nothing


# the wordings of the issue: each with the seeds' own phrasing
WORDING_CASES = [
    (lambda: estimate(-0.83, status="ước đạt", unit="%", kind="growth"), "ước giảm 0,83%"),
    (lambda: change(39, 36, since=2020, unit="hạng"), "giảm 03 bậc so với năm 2020"),
    (lambda: change(23, 36, since=2020, unit="hạng"), "tăng 13 bậc so với năm 2020"),
    (lambda: estimate(36, unit="hạng", good_direction=-1), "xếp thứ 36"),
    (lambda: change(4500, 1325, since=2020, status="ước đạt"), "ước gấp 3,4 lần so với năm 2020"),
    (lambda: change(236, 194.08, since=2020, decimals=1), "tăng 21,6% so với năm 2020"),
    (lambda: vs_target(5000, 2000, form="ratio"), "gấp 2,5 lần so với mục tiêu"),
    (lambda: vs_target(2166, 2000, form="ratio", decimals=0), "đạt 108% so với mục tiêu"),
    (lambda: change(38.24, -5.4, since=2020, kind="growth"),
     "tăng 43,64 điểm phần trăm so với năm 2020 (năm 2020 giảm 5,4%)"),
]


@pytest.mark.parametrize(("make", "expected"), WORDING_CASES)
def test_wordings_as_the_seeds_write_them(make, expected) -> None:
    assert make() == expected


def test_comparison_across_document_vintages_is_flagged() -> None:
    from draftgen.model import Fact, Indicator, Kind
    from draftgen.phrases import comparison_flag

    share = Indicator("TY_TRONG_NONG_LAM", "Tỷ trọng", "%", "kinh tế", Kind.SHARE)
    new = Fact(20.92, share, "2025", source="BCCT-XVIII:14")
    old = Fact(20.83, share, "2020", source="KHPT-2021-2025:14")
    assert comparison_flag(new, old).startswith("[cần kiểm tra: ")
    assert comparison_flag(new, Fact(23.24, share, "2020", source="BCCT-XVIII:14")) == ""
    with pytest.raises(FormatError, match="hai chỉ tiêu khác nhau"):
        comparison_flag(new, Fact(1, Indicator("X", "x", "%", "", Kind.SHARE), "2020"))


def test_change_modes() -> None:
    assert change(65, 56, kind="ratio") == "tăng 9 điểm phần trăm"
    assert change(65, 56, kind="ratio", mode="relative", decimals=1) == "tăng 16,1%"
    assert change(65, 56, mode="absolute", unit="xã") == "tăng 9 xã"
    with pytest.raises(FormatError, match="Cách tính không hợp lệ"):
        change(1, 2, mode="log")  # type: ignore[arg-type]


def test_change_status_prefix() -> None:
    assert change(111.2, 100, status=Status.PROJECTION) == "dự ước tăng 11,2%"
    assert change(111.2, 100, status="ước đạt") == "ước tăng 11,2%"
    with pytest.raises(FormatError, match="Trạng thái"):
        change(1, 2, status="tạm tính")


def test_direction_word_and_since() -> None:
    assert direction_word(Decimal("0.004")) == "không đổi"
    assert direction_word(0.004, decimals=3) == "tăng"
    assert since_text(None) == ""
    assert since_text("2016 - 2020") == "giai đoạn 2016 - 2020"


def test_times_refuses_non_positive() -> None:
    with pytest.raises(FormatError, match="số lần"):
        times(5, 0)


def test_from_to_equal_values() -> None:
    assert from_to(7, 7.001, unit="%") == "không đổi ở mức 7%"


# --------------------------------------------------------------------------- averages


def test_cagr_from_series_and_years() -> None:
    assert round(cagr(grow(1000, 10, 5)), 1) == Decimal("10.0")
    assert round(cagr([100, 50], years=1), 6) == Decimal("-50.000000")
    with pytest.raises(FormatError, match="hai giá trị"):
        cagr([100])
    with pytest.raises(FormatError, match="Số năm"):
        cagr([100, 120], years=0)
    with pytest.raises(FormatError, match="không có|None"):
        cagr([100, None])


def test_annual_average_points_default_and_flat() -> None:
    assert annual_average([10, 12], years=2, kind="share") == (
        "bình quân hằng năm tăng 1 điểm phần trăm"
    )
    assert annual_average([10, 10, 10]) == "bình quân hằng năm không đổi"


def test_mean_growth() -> None:
    assert round(mean_growth([0, 21]), 4) == Decimal("10.0000")
    with pytest.raises(FormatError):
        mean_growth([])
    with pytest.raises(FormatError):
        mean_growth([-100])


# --------------------------------------------------------------------------- targets

ABOUT = Target(K.ABOUT, 65, None, "khoảng 65")
ASSESS_CASES = [
    # value, target, good direction, expected
    (10, 10, 1, "đạt"),
    (10.1, 10, 1, "vượt"),
    (9.9, 10, 1, "chưa đạt"),
    (10, 10, -1, "đạt"),
    (9.9, 10, -1, "vượt"),
    (10.1, 10, -1, "chưa đạt"),
    (7, Target(K.RANGE, 7, 7.5, "7 - 7,5"), 1, "đạt"),
    (7.5, Target(K.RANGE, 7, 7.5, "7 - 7,5"), 1, "đạt"),
    (7.6, Target(K.RANGE, 7, 7.5, "7 - 7,5"), 1, "vượt"),
    (6.9, Target(K.RANGE, 7, 7.5, "7 - 7,5"), 1, "chưa đạt"),
    (2.5, Target(K.RANGE, 2, 3, "2 - 3"), -1, "đạt"),
    (1.5, Target(K.RANGE, 2, 3, "2 - 3"), -1, "vượt"),
    (3.5, Target(K.RANGE, 2, 3, "2 - 3"), -1, "chưa đạt"),
    (10, Target(K.AT_LEAST, 10, None, "≥ 10"), 1, "đạt"),
    (11, Target(K.AT_LEAST, 10, None, "≥ 10"), 1, "vượt"),
    (9, Target(K.AT_LEAST, 10, None, "≥ 10"), 1, "chưa đạt"),
    (90, Target(K.ABOVE, 90, None, "trên 90"), 1, "chưa đạt"),
    (91, Target(K.ABOVE, 90, None, "trên 90"), 1, "vượt"),
    (3, Target(K.AT_MOST, None, 3, "≤ 3"), -1, "đạt"),
    (2, Target(K.AT_MOST, None, 3, "≤ 3"), -1, "vượt"),
    (4, Target(K.AT_MOST, None, 3, "≤ 3"), -1, "chưa đạt"),
    (3, Target(K.BELOW, None, 3, "dưới 3"), -1, "chưa đạt"),
    (2.9, Target(K.BELOW, None, 3, "dưới 3"), -1, "vượt"),
    # a target whose direction disagrees with the indicator: met, never exceeded
    (11, Target(K.AT_LEAST, 10, None, "≥ 10"), -1, "đạt"),
    # khoảng 65 (not a per cent): within 1% of 65, i.e. 64,35 - 65,65
    (65, ABOUT, 1, "đạt"),
    (64.35, ABOUT, 1, "đạt"),
    (65.65, ABOUT, 1, "đạt"),
    (65.7, ABOUT, 1, "vượt"),
    (64.3, ABOUT, 1, "chưa đạt"),
    (64.3, ABOUT, -1, "vượt"),
    (61.75, ABOUT, 1, "chưa đạt"),  # was "đạt" under a 5% tolerance: too loose
]


@pytest.mark.parametrize(("value", "target", "good", "expected"), ASSESS_CASES)
def test_assess(value, target, good, expected) -> None:
    assert assess(value, target, good_direction=good) == expected


# khoảng X% is met within 0,5 percentage point; trên/dưới strict; ranges; lower is better
ASSESS_PERCENT_CASES = [
    (95, Target(K.ABOUT, 98, None, "khoảng 98"), 1, "chưa đạt"),  # 001:569 vs 001:296
    (97.5, Target(K.ABOUT, 98, None, "khoảng 98"), 1, "đạt"),
    (98.5, Target(K.ABOUT, 98, None, "khoảng 98"), 1, "đạt"),
    (98.82, Target(K.ABOUT, 97, None, "khoảng 97"), 1, "vượt"),
    (64.5, Target(K.ABOUT, 65, None, "khoảng 65"), 1, "đạt"),     # 001:51 forest cover
    (2.95, Target(K.ABOUT, 3, None, "khoảng 3"), 1, "đạt"),       # 001:84 poverty, yearly
    (1.2, Target(K.ABOUT, 2, None, "khoảng 2"), -1, "vượt"),      # lower is better
    (2.6, Target(K.ABOUT, 2, None, "khoảng 2"), -1, "chưa đạt"),
    (96, Target(K.ABOVE, 96, None, "trên 96"), 1, "chưa đạt"),
    (96.1, Target(K.ABOVE, 96, None, "trên 96"), 1, "vượt"),
    (15, Target(K.BELOW, None, 15, "dưới 15"), -1, "chưa đạt"),
    (13.6, Target(K.BELOW, None, 15, "dưới 15"), -1, "vượt"),     # 004:95
    (12.5, Target(K.RANGE, 12, 13, "12 - 13"), 1, "đạt"),
    (20.92, Target(K.RANGE, 16, 17, "16 - 17"), -1, "chưa đạt"),  # agriculture share falls
    (15.5, Target(K.RANGE, 16, 17, "16 - 17"), -1, "vượt"),
]


@pytest.mark.parametrize(("value", "target", "good", "expected"), ASSESS_PERCENT_CASES)
def test_assess_percent_targets(value, target, good, expected) -> None:
    assert assess(value, target, good_direction=good, unit="%") == expected


def test_assess_refuses_a_qualitative_target() -> None:
    with pytest.raises(FormatError, match="định tính"):
        assess(1, Target(K.QUALITATIVE, None, None, "Hoàn thành xây dựng"))


def test_assess_tolerance_and_errors() -> None:
    assert assess(60, ABOUT, tolerance=0.1) == "đạt"
    with pytest.raises(FormatError, match="Chiều tốt"):
        assess(1, 1, good_direction=0)
    with pytest.raises(FormatError, match="thiếu cận"):
        assess(1, Target(K.RANGE, 1, None, "1 -"))
    with pytest.raises(FormatError, match="không có giá trị"):
        assess(1, Target(K.EXACT, None, None, ""))
    with pytest.raises(FormatError):
        assess(None, 5)


def test_vs_target_forms() -> None:
    assert vs_target(81, 70, form="exceed", kind="ratio", style=PCT, label="chỉ tiêu") == (
        "vượt 11% so với chỉ tiêu"
    )
    assert vs_target(7.5, Target(K.RANGE, 7, 7.5, ""), form="exceed") == "đạt mục tiêu"
    assert vs_target(5.2, Target(K.RANGE, 7, 7.5, ""), form="ratio") == "đạt 74,29% so với mục tiêu"
    assert vs_target(70, 65, unit="%", style=Style(target_word="chỉ tiêu")) == "70% (chỉ tiêu 65%)"
    assert vs_target(2.9, Target(K.BELOW, None, 3, ""), form="exceed", good_direction=-1) == (
        "vượt 3,33% so với mục tiêu"
    )
    with pytest.raises(FormatError, match="càng cao càng tốt"):
        vs_target(5, 6, form="ratio", good_direction=-1)
    with pytest.raises(FormatError, match="Kiểu so sánh"):
        vs_target(5, 6, form="table")  # type: ignore[arg-type]


def test_met_and_unmet_counts() -> None:
    results = [assess(v, t, good_direction=g) for v, t, g, _ in ASSESS_CASES]
    met = sum(r != "chưa đạt" for r in results)
    assert met_count(results) == f"đã thực hiện đạt và vượt {met}/{len(results)} chỉ tiêu"
    assert unmet_count(results) == f"còn {len(results) - met:02d} chỉ tiêu chưa đạt"
    assert met_count(3, 4, style=Style(zero_pad_counts=False)) == (
        "đã thực hiện đạt và vượt 3/4 chỉ tiêu"
    )
    with pytest.raises(FormatError, match="lớn hơn tổng số"):
        met_count(5, 4)
    with pytest.raises(FormatError, match="Kết quả đánh giá"):
        met_count(["đạt", "tốt"])


# --------------------------------------------------------------------------- words, lists


def test_estimate_words() -> None:
    assert [estimate_word(s) for s in Status] == ["đạt", "ước đạt", "dự ước"]
    decomposed = unicodedata.normalize("NFD", "ước đạt")
    assert estimate_word(decomposed) == "ước đạt"


def test_join_vi_normalises() -> None:
    decomposed = unicodedata.normalize("NFD", "văn hóa")
    assert join_vi(["kinh tế", decomposed, "xã hội"]) == "kinh tế, văn hóa và xã hội"
