"""The filter registry: Facts in, Vietnamese text out, through a real Jinja environment."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from pathlib import Path

import pytest
from jinja2 import StrictUndefined
from jinja2.defaults import DEFAULT_FILTERS, DEFAULT_NAMESPACE
from jinja2.sandbox import SandboxedEnvironment

from draftgen.errors import FormatError
from draftgen.filters import ILLUSTRATIVE_MARKER, make_filters, make_globals
from draftgen.model import Fact, Indicator, Kind, Status, Target, TargetKind
from draftgen.phrases import assess
from draftgen.style import Style

BUDGET = Indicator(
    "THU_NS", "Tổng thu ngân sách", "triệu đồng", "kinh tế", Kind.LEVEL, display_uom="tỷ đồng"
)
GRDP_PC = Indicator(
    "GRDP_BQ", "GRDP bình quân đầu người", "triệu đồng", "kinh tế", Kind.LEVEL, decimals=1
)
POVERTY = Indicator("HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "xã hội", Kind.RATIO, good_direction=-1)
FOREST = Indicator("CHE_PHU", "Tỷ lệ che phủ rừng", "%", "môi trường", Kind.RATIO)
COMMUNES = Indicator("XA_NTM", "Số xã đạt chuẩn nông thôn mới", "xã", "nông thôn", Kind.COUNT)
AGRI = Indicator("TY_TRONG_NONG_LAM", "Tỷ trọng nông, lâm nghiệp và thủy sản", "%", "kinh tế",
                 Kind.SHARE, good_direction=-1)
BHYT = Indicator("TY_LE_BHYT", "Tỷ lệ người dân tham gia bảo hiểm y tế", "%", "y tế", Kind.RATIO)
TAX = Indicator("TANG_TRUONG_THUE_SP", "Tốc độ tăng thuế sản phẩm", "%", "kinh tế", Kind.GROWTH)
TRADE = Indicator("KIM_NGACH_XNK", "Tổng kim ngạch xuất nhập khẩu", "triệu USD", "kinh tế",
                  Kind.LEVEL)


def env(style: Style | None = None) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    environment.filters.update(make_filters(style or Style()))
    environment.globals.update(make_globals(style or Style()))
    return environment


def render(source: str, style: Style | None = None, **context) -> str:
    return env(style).from_string(source).render(**context)


def test_names_do_not_hide_jinja_builtins() -> None:
    filters = make_filters(Style())
    assert not set(filters) & set(DEFAULT_FILTERS)
    assert not set(make_globals(Style())) & set(DEFAULT_NAMESPACE)


def test_every_filter_is_callable_and_documented() -> None:
    for name, function in make_filters(Style()).items():
        assert callable(function), name
        assert inspect.getdoc(function), name


def test_display_unit_is_applied() -> None:
    fact = Fact(31_998_000, BUDGET, "2016-2020", status=Status.ESTIMATE)
    assert render("{{ f|qty }}", f=fact) == "31.998 tỷ đồng"  # 000:32
    assert render("{{ f|estimate }}", f=fact) == "ước đạt 31.998 tỷ đồng"
    assert render("{{ f|num }}", f=fact) == "31.998"


def test_indicator_decimals_are_used() -> None:
    fact = Fact(48.54, GRDP_PC, "2020")
    assert render("{{ f|qty }}", f=fact) == "48,5 triệu đồng"
    assert render("{{ f|num(2) }}", f=fact) == "48,54"


def test_change_takes_period_and_kind_from_facts() -> None:
    now, then = Fact(82, FOREST, "2020"), Fact(69.9, FOREST, "2015")
    assert render("{{ a|change(b) }}", a=now, b=then) == (
        "tăng 12,1 điểm phần trăm so với năm 2015"
    )
    pct = Style(rate_change="percent")
    assert render("{{ a|change(b) }}", pct, a=now, b=then) == "tăng 12,1% so với năm 2015"
    assert render("{{ change(a, b, since='đầu nhiệm kỳ') }}", pct, a=now, b=then) == (
        "tăng 12,1% so với đầu nhiệm kỳ"
    )


def test_times_and_fromto_with_facts() -> None:
    a, b = Fact(30.3, GRDP_PC, "2015"), Fact(48.5, GRDP_PC, "2020")
    assert render("{{ b|times(a, decimals=1) }}", a=a, b=b) == "gấp 1,6 lần so với năm 2015"
    assert render("{{ a|fromto(b) }}", a=a, b=b) == (
        "tăng từ 30,3 triệu đồng năm 2015 lên 48,5 triệu đồng năm 2020"
    )
    p0, p1 = Fact(25.95, POVERTY, "2015"), Fact(7.89, POVERTY, "2020")
    assert render("{{ p0|fromto(p1) }}", p0=p0, p1=p1) == (
        "giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020"
    )


def test_cagr_years_from_periods() -> None:
    series = [Fact(4090.6, GRDP_PC, "2015"), Fact(5500, GRDP_PC, "2020")]
    assert render("{{ s|cagr(decimals=1) }}", s=series) == "bình quân hằng năm tăng 6,1%"
    rates = [Fact(25.95, POVERTY, "2015"), Fact(7.89, POVERTY, "2020")]
    assert render("{{ s|cagr }}", Style(rate_change="percent"), s=rates) == (
        "bình quân hằng năm giảm 3,61%"
    )
    assert render("{{ [100, 110, 121]|cagr }}") == "bình quân hằng năm tăng 10%"


def test_targets_use_good_direction() -> None:
    fact = Fact(13.6, POVERTY, "2020")
    below = Target(TargetKind.BELOW, None, 15, "dưới 15")
    assert render("{{ f|vs_target(t) }}", f=fact, t=below) == "13,6% (mục tiêu dưới 15%)"
    assert render("{{ f|assess(t) }}", f=fact, t=below) == "vượt"
    assert render("{{ f|assess(12) }}", f=fact) == "chưa đạt"
    share = Fact(28.67, FOREST, "2020")
    assert render("{{ f|vs_target(29.44) }}", f=share) == "28,67% (mục tiêu 29,44%)"


def test_counts_fractions_and_lists() -> None:
    fact = Fact(7, COMMUNES, "2020")
    assert render("{{ f|cnt }}", f=fact) == "07 xã"
    assert render("{{ f|cnt }}", Style(zero_pad_counts=False), f=fact) == "7 xã"
    assert render("{{ 74|frac(207, 'xã') }}") == "74/207 xã"
    assert render("{{ met_count(18, 20) }}; {{ 2|unmet_count }}") == (
        "đã thực hiện đạt và vượt 18/20 chỉ tiêu; còn 02 chỉ tiêu chưa đạt"
    )
    assert render("{{ ['kinh tế', 'văn hóa', 'xã hội']|join_vi }}") == (
        "kinh tế, văn hóa và xã hội"
    )


def test_ranges_bounds_and_dates() -> None:
    assert render("{{ 7|range(7.5, '%', prefix='từ') }}") == "từ 7 - 7,5%"
    assert render("{% for i in range(2) %}{{ i }}{% endfor %}") == "01"  # Jinja's range intact
    assert render("{{ 90|bound('above', '%') }}") == "trên 90%"
    assert render("{{ t|target('%') }}", t=Target(TargetKind.AT_LEAST, 10, None, "")) == (
        "từ 10% trở lên"
    )
    assert render("ngày {{ d|date }}", d=dt.date(2021, 5, 6)) == "ngày 06/5/2021"
    assert render("tháng {{ '2019-01'|month }}") == "tháng 01/2019"
    assert render("{{ dateline('2020-03-05', 'Văn Lãng', draft=True) }}") == (
        "Văn Lãng, ngày\u00a0\u00a0\u00a0 tháng 3 năm 2020"
    )
    assert render("nhiệm kỳ {{ '2020-2025'|term }}") == "nhiệm kỳ 2020 - 2025"
    assert render("{{ f|period }}", f=Fact(1, POVERTY, "2016-2020")) == "giai đoạn 2016 - 2020"


def test_numerals_and_ordinals() -> None:
    assert render("lần thứ {{ 18|roman }}") == "lần thứ XVIII"
    assert render("{{ 1|ordinal('lesson') }}") == "Một là:"
    assert render("{{ 1|ordinal('lesson') }}", Style(ordinal_separator=",")) == "Một là,"
    assert render("{{ 1|ordinal('part') }}") == "Phần thứ nhất"
    assert render("{{ 4|words }} trụ cột") == "bốn trụ cột"


def test_estimate_words_from_status() -> None:
    projected = Fact(69.8, GRDP_PC, "2025", status=Status.PROJECTION)
    assert render("{{ f|est_word }}", f=projected) == "dự ước"
    assert render("{{ f|estimate }}", f=projected) == "dự ước đạt 69,8 triệu đồng"
    assert render("{{ 'ước đạt'|est_word }}") == "ước đạt"


def test_share_and_mean_growth() -> None:
    assert render("{{ 528|share(554, 1) }}") == "95,3%"
    assert render("{{ [7.2, 8.1, 7.9, 8.3, 7.8]|mean_growth(1) }}") == "7,9%"


def test_illustrative_facts_are_marked() -> None:
    invented = Fact(82, FOREST, "2020", illustrative=True)
    real = Fact(69.9, FOREST, "2015")
    assert render("{{ f|pct }}", f=invented) == "82%" + ILLUSTRATIVE_MARKER
    assert render("{{ a|change(b) }}", a=real, b=invented).endswith(ILLUSTRATIVE_MARKER)
    assert render("{{ a|fromto(b) }}", a=real, b=invented).endswith(ILLUSTRATIVE_MARKER)
    assert ILLUSTRATIVE_MARKER not in render("{{ f|pct }}", f=real)
    assert ILLUSTRATIVE_MARKER == " [minh họa]"


def test_missing_value_names_indicator_and_period() -> None:
    with pytest.raises(FormatError) as info:
        render("{{ f|pct }}", f=Fact(None, POVERTY, "2020"))
    assert "HO_NGHEO" in str(info.value) and "2020" in str(info.value)


def test_nan_fact_names_indicator() -> None:
    with pytest.raises(FormatError, match="HO_NGHEO.*NaN"):
        make_filters(Style())["num"](Fact(float("nan"), POVERTY, "2019"))


def test_target_filter_refuses_numbers() -> None:
    with pytest.raises(FormatError, match="Target"):
        make_filters(Style())["target"](5)


def test_deterministic_output() -> None:
    fact = Fact(1683240.456, BUDGET, "2020")
    outputs = {render("{{ f|qty }} {{ f|scale }}", f=fact) for _ in range(3)}
    assert outputs == {"1.683,24 tỷ đồng 1,68 nghìn tỷ đồng"}


# --------------------------------------------------------------------------- the guide

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "huong-dan-ham.md"
EXAMPLE = re.compile(r"^- `(.+?)` → `(.+)`$")


def guide_context() -> dict[str, object]:
    return {
        "g2015": Fact(30.3, GRDP_PC, "2015"),
        "g2020": Fact(48.5, GRDP_PC, "2020"),
        "ngheo2015": Fact(25.95, POVERTY, "2015"),
        "ngheo2020": Fact(7.89, POVERTY, "2020"),
        "thu_ns": Fact(31_998_000, BUDGET, "2016-2020", status=Status.ESTIMATE),
        "minh_hoa": Fact(63, FOREST, "2020", illustrative=True),
        "muc_tieu_tn": Target(TargetKind.RANGE, 30, 35, "30 - 35"),
        "muc_tieu_ngheo": Target(TargetKind.BELOW, None, 15, "dưới 15"),
        # 001:14: the 2025 report re-bases 2020 (23,24%); the 2021-2025 plan had 20,83%
        "nl2025": Fact(20.92, AGRI, "2025", source="BCCT-XVIII:14"),
        "nl2020": Fact(23.24, AGRI, "2020", source="BCCT-XVIII:14"),
        "nl2020_kh": Fact(20.83, AGRI, "2020", source="KHPT-2021-2025:14"),
        "bhyt2025": Fact(95, BHYT, "2025", status=Status.ESTIMATE),
        "muc_tieu_bhyt": Target(TargetKind.ABOUT, 98, None, "khoảng 98"),
        "thue2020": Fact(-0.83, TAX, "2016-2020", status=Status.ESTIMATE),
        "xnk": Fact(198000, TRADE, "2021-2025"),
    }


def guide_examples() -> list[tuple[str, str]]:
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    return [m.groups() for m in map(EXAMPLE.match, lines) if m]  # type: ignore[misc]


def test_guide_has_examples_for_every_filter() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    examples = guide_examples()
    assert len(examples) >= 60
    for name in make_filters(Style()):
        assert f"`{name}`" in text, name
        assert any(re.search(rf"[|(]\s*{name}\b|{{{{ {name}\(", t) for t, _ in examples), name


@pytest.mark.parametrize(("template", "expected"), guide_examples())
def test_guide_example_renders_as_documented(template: str, expected: str) -> None:
    rendered = render(template, **guide_context())
    assert rendered.replace("\u00a0", " ") == expected


class _TargetView:
    """What the template context hands over for a target: the Target and its indicator."""

    def __init__(self, target: Target, indicator: Indicator, value: float, illustrative=False):
        self.target = target
        self.indicator = indicator
        self.illustrative = illustrative
        self.assessment = assess(value, target, good_direction=indicator.good_direction)


def test_target_views_and_display_units() -> None:
    goal = Target(TargetKind.AT_LEAST, 30_000_000, None, "30.000.000")  # stored in triệu đồng
    fact = Fact(31_998_000, BUDGET, "2016-2020")
    view = _TargetView(goal, BUDGET, 31_998_000)
    assert render("{{ f|vs_target(t) }}", f=fact, t=view) == (
        "31.998 tỷ đồng (mục tiêu từ 30.000 tỷ đồng trở lên)"
    )
    assert render("{{ f|assess(t) }}", f=fact, t=view) == "vượt"
    assert render("{{ t|target }}", t=view) == "từ 30.000.000 triệu đồng trở lên"
    invented = _TargetView(goal, BUDGET, 1, illustrative=True)
    assert render("{{ t|target('') }}", t=invented) == "từ 30.000.000 trở lên [minh họa]"
    assert render("{{ ts|met_count }}", ts=[view, invented]) == (
        "đã thực hiện đạt và vượt 01/02 chỉ tiêu"
    )
    assert render("{{ ts|unmet_count }}", ts=[view, invented]) == "còn 01 chỉ tiêu chưa đạt"


def test_counts_from_the_data_are_zero_padded_as_the_style_says() -> None:
    five = Fact(5.0, COMMUNES, "2020")
    many = Fact(74.0, COMMUNES, "2020")
    assert render("{{ x|qty }}; {{ x|estimate }}; {{ x|num }}", x=five) == "05 xã; đạt 05 xã; 05"
    assert render("{{ x|qty }}", x=many) == "74 xã"
    unpadded = Style(zero_pad_counts=False)
    assert render("{{ x|qty }}; {{ x|estimate }}", style=unpadded, x=five) == "5 xã; đạt 5 xã"
    assert render("{{ x|qty(decimals=1) }}", x=five) == "5,0 xã"  # asked precision: no padding


def test_estimate_verb_follows_the_good_direction() -> None:
    crimes = Indicator("VU_PHAM_PHAP", "Số vụ phạm pháp hình sự", "vụ", "an ninh", Kind.COUNT,
                       good_direction=-1)
    assert render("{{ x|estimate }}", x=Fact(132.0, crimes, "2016-2020")) == "là 132 vụ"
    assert render("{{ x|estimate }}", x=Fact(1.36, POVERTY, "2025", Status.ESTIMATE)) == (
        "ước còn 1,36%")
    assert render("{{ x|estimate }}", x=Fact(7.8, FOREST, "2020", Status.ESTIMATE)) == (
        "ước đạt 7,8%")
