"""Data-to-text phrases: comparisons computed from the numbers, never typed.

>>> change(48.5, 43.26, since=2015)                        # the figures come first
'tăng 12,11% so với năm 2015'
>>> times(48.5, 30.3, since=2015, decimals=1)              # 000:16
'gấp 1,6 lần so với năm 2015'
>>> from_to(25.95, 7.89, start_period=2015, end_period=2020, unit="%")   # 000:44
'giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020'
>>> met_count(18, 20)
'đã thực hiện đạt và vượt 18/20 chỉ tiêu'

The verb (tăng, giảm, không đổi) is chosen from the rounded figure, so a phrase never says
"tăng 0%" nor carries a minus sign. Whether a target is met depends on the target's kind and
on the indicator's good direction (+1: higher is better, -1: lower is better, as for the
poverty rate). All functions are pure; ``style=None`` means the defaults of STYLE-VI part B.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Literal

from draftgen.errors import FormatError
from draftgen.formatting import (
    DECIMAL_CONTEXT,
    Number,
    format_amount,
    format_count,
    format_fraction,
    format_number,
    format_percent,
    format_period,
    format_quantity,
    format_target,
    round_half_up,
    to_decimal,
)
from draftgen.model import Kind, Status, Target
from draftgen.style import DEFAULT_STYLE, Style
from draftgen.targets import (  # target assessment lives with the model of targets
    ABOUT_POINTS,
    ABOUT_TOLERANCE,
    Assessment,
    _as_target,
    _best_bound,
    _bounds,
    _meeting_bound,
    assess,
)

__all__ = [
    "ABOUT_TOLERANCE",
    "ABOUT_POINTS",
    "RANK_UNITS",
    "TIMES_FROM",
    "POINTS_WORD",
    "CHECK_MARK",
    "vintage",
    "comparison_flag",
    "Assessment",
    "direction_word",
    "since_text",
    "change",
    "times",
    "from_to",
    "cagr",
    "mean_growth",
    "annual_average",
    "share",
    "assess",
    "vs_target",
    "met_count",
    "unmet_count",
    "estimate_word",
    "estimate",
    "join_vi",
]

#: Units of a ranking (lower is better): a change is "tăng/giảm … bậc" (003:130, 001:45).
RANK_UNITS = ("hạng", "bậc")
#: A change of a level of at least this many times is written "gấp … lần" (000:16).
TIMES_FROM = 2

#: The unit of a change of a rate.
POINTS_WORD = "điểm phần trăm"

ChangeMode = Literal["relative", "points", "percent", "absolute"]

_HUNDRED = Decimal(100)
# Fractional powers (average rates) are costly at high precision; 30 digits is ample for a rate.
_ROOT_CONTEXT = Context(prec=30, rounding=ROUND_HALF_UP)
_VERB_PREFIX = {Status.OFFICIAL: "", Status.ESTIMATE: "ước ", Status.PROJECTION: "dự ước "}
_ESTIMATE_WORDS = {Status.OFFICIAL: "đạt", Status.ESTIMATE: "ước đạt", Status.PROJECTION: "dự ước"}


def _style(style: Style | None) -> Style:
    return DEFAULT_STYLE if style is None else style


def _status(status: Status | str | None) -> Status:
    if status is None:
        return Status.OFFICIAL
    try:
        return Status(unicodedata.normalize("NFC", status) if isinstance(status, str) else status)
    except ValueError:
        allowed = ", ".join(repr(s.value) for s in Status)
        raise FormatError(
            f"Trạng thái số liệu không hợp lệ: {status!r}. Giá trị cho phép: {allowed}"
        ) from None


def _kind(kind: Kind | str | None) -> Kind:
    if kind is None:
        return Kind.LEVEL
    try:
        return Kind(kind)
    except ValueError:
        allowed = ", ".join(repr(k.value) for k in Kind)
        raise FormatError(
            f"Loại chỉ tiêu không hợp lệ: {kind!r}. Giá trị cho phép: {allowed}"
        ) from None


def _check_direction(good_direction: int) -> int:
    if good_direction not in (1, -1):
        raise FormatError(f"Chiều tốt phải là 1 hoặc -1: {good_direction!r}")
    return good_direction


def _places(decimals: int | None, style: Style) -> int:
    return style.max_decimals if decimals is None else decimals


def direction_word(
    delta: Number, *, decimals: int | None = None, style: Style | None = None
) -> str:
    """``tăng``, ``giảm`` or ``không đổi`` for a difference, judged after rounding.

    >>> direction_word(2.5), direction_word(-0.3), direction_word(0.001)
    ('tăng', 'giảm', 'không đổi')
    """
    rounded = round_half_up(delta, _places(decimals, _style(style)))
    if rounded.is_zero():
        return "không đổi"
    return "tăng" if rounded > 0 else "giảm"


def since_text(since: object) -> str:
    """The point of comparison: a year or period in prose, other text as written.

    >>> since_text(2015), since_text("2011-2015"), since_text("đầu nhiệm kỳ")
    ('năm 2015', 'giai đoạn 2011 - 2015', 'đầu nhiệm kỳ')
    """
    if since is None:
        return ""
    if isinstance(since, int) and not isinstance(since, bool):
        return format_period(since)
    text = unicodedata.normalize("NFC", str(since)).strip()
    try:
        return format_period(text)
    except FormatError:
        return text


def _with_since(text: str, since: object, *, versus: bool = True) -> str:
    point = since_text(since)
    if not point:
        return text
    return f"{text} so với {point}" if versus else f"{text} {point}"


def _amount_text(
    amount: Decimal,
    mode: str,
    *,
    unit: str,
    decimals: int | None,
    count: bool,
    style: Style,
) -> str:
    if mode in ("relative", "percent"):
        return format_percent(amount, decimals=decimals, style=style)
    if mode == "points":
        return f"{format_number(amount, decimals=decimals, style=style)} {POINTS_WORD}"
    if count and amount == amount.to_integral_value():
        return format_count(amount, unit=unit, style=style)
    return format_quantity(amount, unit=unit, decimals=decimals, style=style)


def _relative(value: Decimal, baseline: Decimal, what: str) -> Decimal:
    if baseline.is_zero():
        raise FormatError(f"Không tính được {what} khi số so sánh bằng 0")
    return DECIMAL_CONTEXT.divide(
        DECIMAL_CONTEXT.multiply(value - baseline, _HUNDRED), abs(baseline)
    )


def change(
    value: Number,
    baseline: Number,
    *,
    since: object = None,
    kind: Kind | str | None = None,
    mode: ChangeMode | None = None,
    unit: str = "",
    decimals: int | None = None,
    status: Status | str | None = None,
    style: Style | None = None,
) -> str:
    """Change of a value against a baseline: ``tăng 12,1% so với năm 2015``.

    ``mode``: ``relative`` (per cent of the baseline, the default for levels),
    ``points`` (difference in percentage points) or ``percent`` (the same difference written
    with ``%``), ``absolute`` (difference with ``unit``, the default for counts: "tăng 61 xã"
    reads better than "tăng 436%"). For rates (``kind`` growth, share, ratio) the default is
    ``style.rate_change``. ``since`` is a year, a period or text.

    >>> change(11.2, 3.93, since=2020, kind="growth")                       # 001:27
    'tăng 7,27 điểm phần trăm so với năm 2020'
    >>> pct = Style(rate_change="percent")
    >>> change(82, 69.9, since=2015, kind="ratio", style=pct)              # 000:24
    'tăng 12,1% so với năm 2015'
    >>> change(65, 56, since="đầu nhiệm kỳ", kind="ratio", style=pct)      # 001:65
    'tăng 9% so với đầu nhiệm kỳ'
    >>> change(20.92, 23.24, since=2020, kind="share", style=pct)          # 001:14
    'giảm 2,32% so với năm 2020'
    >>> change(236, 194.08, since=2020, decimals=1)                        # 001:566
    'tăng 21,6% so với năm 2020'
    >>> change(17.3, 12, since=2015, mode="absolute", unit="tiêu chí/xã")
    'tăng 5,3 tiêu chí/xã so với năm 2015'
    >>> change(12, 8, since=2015, kind="count", mode="absolute", unit="nhà")   # 004:97
    'tăng 04 nhà so với năm 2015'
    >>> change(74, 13, since=2015, kind="count", unit="xã")                   # 000:18
    'tăng 61 xã so với năm 2015'
    >>> change(105, 100, status="dự ước")
    'dự ước tăng 5%'
    >>> change(100.001, 100, since=2015)
    'không đổi so với năm 2015'
    >>> change(5, 0)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Không tính được tỷ lệ tăng, giảm khi số so sánh bằng 0

    A level at least :data:`TIMES_FROM` times its baseline is written the Vietnamese way,
    "gấp … lần" (000:16), not "tăng 239,62%"; a ranking (unit ``hạng``) rises when its
    number falls: "tăng … bậc" (003:130); a relative change from a negative baseline means
    nothing and is refused; a growth rate that changes sign states its baseline.

    >>> change(4500, 1325, since=2020)
    'gấp 3,4 lần so với năm 2020'
    >>> change(39, 36, since=2020, unit="hạng"), change(50, 55, since=2016, unit="hạng")  # 003:130
    ('giảm 03 bậc so với năm 2020', 'tăng 05 bậc so với năm 2016')
    >>> change(38.24, -5.4, since=2020, kind="growth")
    'tăng 43,64 điểm phần trăm so với năm 2020 (năm 2020 giảm 5,4%)'
    >>> change(10, -5, since=2020)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Không tính tỷ lệ tăng, giảm so với một số âm (-5) → viết hai số: «từ … lên …»
    """
    resolved = _style(style)
    kind_value = _kind(kind)
    if unit in RANK_UNITS:
        return _rank_change(value, baseline, since=since, style=resolved)
    if mode is None:
        if kind_value.is_rate:
            mode = resolved.rate_change
        else:
            mode = "absolute" if kind_value is Kind.COUNT else "relative"
    if mode not in ("relative", "points", "percent", "absolute"):
        raise FormatError(
            f"Cách tính không hợp lệ: {mode!r}. "
            "Giá trị cho phép: 'relative', 'points', 'percent', 'absolute'"
        )
    current, base = to_decimal(value), to_decimal(baseline)
    prefix = _VERB_PREFIX[_status(status)]
    if mode == "relative":
        if base < 0 or current < 0:
            raise FormatError(
                "Không tính tỷ lệ tăng, giảm so với một số âm "
                f"({format_number(min(base, current), style=resolved).replace(chr(8722), '-')})",
                hint="viết hai số: «từ … lên …»",
            )
        if base > 0 and current >= base * TIMES_FROM:
            return prefix + times(current, base, since=since, style=resolved)
        amount = _relative(current, base, "tỷ lệ tăng, giảm")
    else:
        amount = current - base
    verb = direction_word(amount, decimals=decimals, style=resolved)
    if verb == "không đổi":
        return _with_since(prefix + verb, since)
    if kind_value is Kind.GROWTH and mode in ("points", "percent") and (base < 0) != (current < 0):
        point = since_text(since)
        was = ("giảm " if base < 0 else "tăng ") + format_percent(abs(base), style=resolved)
        text = _amount_text(abs(amount), mode, unit=unit, decimals=decimals, count=False,
                            style=resolved)
        tail = f" ({point} {was})" if point else f" (từ mức {was})"
        return _with_since(f"{prefix}{verb} {text}", since) + tail
    text = _amount_text(
        abs(amount),
        mode,
        unit=unit,
        decimals=decimals,
        count=kind_value is Kind.COUNT,
        style=resolved,
    )
    return _with_since(f"{prefix}{verb} {text}", since)


def _rank_change(value: Number, baseline: Number, *, since: object, style: Style) -> str:
    # A smaller rank number is a better place: 36 → 23 is "tăng 13 bậc".
    gained = to_decimal(baseline) - to_decimal(value)
    if gained.is_zero():
        return _with_since("giữ nguyên thứ hạng", since)
    verb = "tăng" if gained > 0 else "giảm"
    return _with_since(f"{verb} {format_count(abs(gained), unit='bậc', style=style)}", since)


#: The visible mark of a doubtful statement the editor must check before signing.
CHECK_MARK = "[cần kiểm tra: {}]"


def vintage(source: str) -> str:
    """The document a figure comes from: its source without the place in it
    (``KHPT-2021-2025:14`` → ``KHPT-2021-2025``); empty when unknown or free text.

    >>> vintage("BCCT-XVIII:14"), vintage("KHPT-2021-2025"), vintage("")
    ('BCCT-XVIII', 'KHPT-2021-2025', '')
    >>> vintage("tổng hợp từ các đơn vị trực thuộc")
    ''
    """
    code = unicodedata.normalize("NFC", str(source or "")).split(":", 1)[0].strip()
    return "" if any(c.isspace() for c in code) else code


def comparison_flag(value: object, baseline: object) -> str:
    """Why two facts (:class:`~draftgen.model.Fact`) cannot be compared as they are: ``""``
    when they can. Two figures of one indicator are compared only when they come from the
    same document (source vintage): a later document often revises the earlier year (the
    GRDP series rebased in 2025 turned "tăng 0,09 điểm" into the report's "giảm 2,32%",
    001:14). Figures of two indicators are never compared: that is an error of the template.
    A source left empty, or a figure rolled up from the units below, does not say its
    document and is not flagged.

    >>> from draftgen.model import Fact, Indicator, Kind
    >>> share = Indicator("TY_TRONG_NONG_LAM", "Tỷ trọng nông, lâm nghiệp", "%", "kinh tế",
    ...                   Kind.SHARE)
    >>> comparison_flag(Fact(20.92, share, "2025", source="BCCT-XVIII:14"),
    ...                 Fact(23.24, share, "2020", source="BCCT-XVIII:14"))
    ''
    >>> comparison_flag(Fact(20.92, share, "2025", source="BCCT-XVIII:14"),
    ...                 Fact(20.83, share, "2020", source="KHPT-2021-2025:14"))
    '[cần kiểm tra: số liệu năm 2025 (BCCT-XVIII) và năm 2020 (KHPT-2021-2025) lấy từ hai văn bản khác nhau, có thể khác cách tính]'
    >>> other = Indicator("TY_TRONG_CN_XD", "Tỷ trọng công nghiệp", "%", "kinh tế", Kind.SHARE)
    >>> comparison_flag(Fact(24.67, other, "2025"), Fact(20.83, share, "2020"))
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Không so sánh hai chỉ tiêu khác nhau: TY_TRONG_CN_XD với TY_TRONG_NONG_LAM → so sánh hai kỳ của cùng một chỉ tiêu
    """
    from draftgen.model import Fact

    if not (isinstance(value, Fact) and isinstance(baseline, Fact)):
        return ""
    a, b = value.indicator.code, baseline.indicator.code
    if a != b:
        raise FormatError(f"Không so sánh hai chỉ tiêu khác nhau: {a} với {b}",
                          hint="so sánh hai kỳ của cùng một chỉ tiêu")
    first, second = vintage(value.source), vintage(baseline.source)
    if not first or not second or first == second:
        return ""
    return CHECK_MARK.format(
        f"số liệu {since_text(value.period)} ({first}) và {since_text(baseline.period)} "
        f"({second}) lấy từ hai văn bản khác nhau, có thể khác cách tính"
    )


def times(
    value: Number,
    baseline: Number,
    *,
    since: object = None,
    versus: bool = True,
    decimals: int | None = None,
    style: Style | None = None,
) -> str:
    """How many times the baseline: ``gấp 1,6 lần so với năm 2015``.

    Below one time the phrase is ``bằng … lần``. ``versus=False`` drops "so với" as in
    "gấp 2,3 lần giai đoạn 2011 - 2015".

    >>> times(48.5, 30.3, since=2015, decimals=1)                      # 000:16
    'gấp 1,6 lần so với năm 2015'
    >>> times(44.5, 30.9, since=2015)                                  # 003:14
    'gấp 1,44 lần so với năm 2015'
    >>> times(115, 50, since="2011-2015", versus=False, decimals=1)    # 000:24
    'gấp 2,3 lần giai đoạn 2011 - 2015'
    >>> times(4, 5, since=2015)
    'bằng 0,8 lần so với năm 2015'
    """
    resolved = _style(style)
    current, base = to_decimal(value), to_decimal(baseline)
    if base <= 0 or current < 0:
        raise FormatError(f"Chỉ so sánh số lần giữa hai số dương: {value!r} và {baseline!r}")
    ratio = DECIMAL_CONTEXT.divide(current, base)
    rounded = round_half_up(ratio, _places(decimals, resolved))
    word = "gấp" if rounded > 1 else "bằng"
    text = f"{word} {format_number(ratio, decimals=decimals, style=resolved)} lần"
    return _with_since(text, since, versus=versus)


def from_to(
    start: Number,
    end: Number,
    *,
    start_period: object = None,
    end_period: object = None,
    unit: str = "",
    kind: Kind | str | None = None,
    decimals: int | None = None,
    verb: bool = True,
    status: Status | str | None = None,
    style: Style | None = None,
) -> str:
    """From one value to another: ``giảm từ A năm X xuống còn B năm Y``, ``tăng từ A lên B``.

    ``verb=False`` leaves out tăng/giảm when the sentence has its own verb ("nâng … từ … lên").
    ``status`` (of the end value) puts ``ước``/``dự ước`` before the verb.

    >>> from_to(25.95, 7.89, start_period=2015, end_period=2020, unit="%")   # 000:44
    'giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020'
    >>> from_to(54.5, 63, start_period=2015, end_period=2020, unit="%", verb=False)   # 000:18
    'từ 54,5% năm 2015 lên 63% năm 2020'
    >>> from_to(2314, 1851, unit="thôn, khối phố", verb=False)               # 003:192
    'từ 2.314 thôn, khối phố xuống còn 1.851 thôn, khối phố'
    >>> from_to(215, 185, unit="thôn, khu phố", kind="count")                # 004:433
    'giảm từ 215 thôn, khu phố xuống còn 185 thôn, khu phố'
    >>> from_to(86.6, 2760, unit="nghìn tấn")                                # 004:71
    'tăng từ 86,6 nghìn tấn lên 2.760 nghìn tấn'
    >>> from_to(44.2, 69.8, start_period=2020, end_period=2025, unit="triệu đồng",
    ...         status="dự ước")                                             # 001:14
    'dự ước tăng từ 44,2 triệu đồng năm 2020 lên 69,8 triệu đồng năm 2025'
    >>> from_to(5, 5, start_period=2015, end_period=2020, unit="%")
    'không đổi ở mức 5% từ năm 2015 đến năm 2020'
    """
    resolved = _style(style)
    count = _kind(kind) is Kind.COUNT

    def show(number: Number) -> str:
        if count:
            return format_count(number, unit=unit, style=resolved)
        return format_quantity(number, unit=unit, decimals=decimals, style=resolved)

    def at(text: str, period: object) -> str:
        point = since_text(period)
        return f"{text} {point}" if point else text

    first, last = show(start), show(end)
    prefix = _VERB_PREFIX[_status(status)]
    if first == last:
        span = ""
        if start_period is not None and end_period is not None:
            span = f" từ {since_text(start_period)} đến {since_text(end_period)}"
        return f"{prefix}không đổi ở mức {first}{span}"
    rising = to_decimal(end) > to_decimal(start)
    link = "lên" if rising else "xuống còn"
    text = f"từ {at(first, start_period)} {link} {at(last, end_period)}"
    if verb:
        text = f"{prefix}{'tăng' if rising else 'giảm'} {text}"
    return text


def _series(values: Iterable[Number]) -> list[Decimal]:
    numbers = [to_decimal(v) for v in values]
    if len(numbers) < 2:
        raise FormatError("Cần ít nhất hai giá trị (đầu kỳ và cuối kỳ) để tính bình quân")
    return numbers


def cagr(values: Sequence[Number], *, years: int | None = None) -> Decimal:
    """Compound average annual rate, in per cent, from a series (first to last value).

    ``years`` defaults to the number of steps in the series (``len(values) - 1``); give it
    when only the first and last values are passed.

    >>> round(cagr([100, 110, 121]), 6)
    Decimal('10.000000')
    >>> round(cagr([4090.6, 5500], years=5), 2)           # 000:20 "bình quân hằng năm tăng 6,1%"
    Decimal('6.10')
    >>> cagr([0, 5])
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Tốc độ bình quân cần giá trị đầu kỳ dương, không phải 0
    """
    numbers = _series(values)
    steps = len(numbers) - 1 if years is None else years
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise FormatError(f"Số năm phải là số nguyên dương: {years!r}")
    first, last = numbers[0], numbers[-1]
    if first <= 0 or last < 0:
        raise FormatError(
            f"Tốc độ bình quân cần giá trị đầu kỳ dương, không phải {format_number(first)}"
            if first <= 0
            else f"Tốc độ bình quân cần giá trị cuối kỳ không âm: {format_number(last)}"
        )
    growth = _ROOT_CONTEXT.power(
        DECIMAL_CONTEXT.divide(last, first), DECIMAL_CONTEXT.divide(1, Decimal(steps))
    )
    return (growth - 1) * _HUNDRED


def mean_growth(rates: Iterable[Number]) -> Decimal:
    """Average of yearly growth rates (in per cent), compounded: the geometric mean.

    >>> round(mean_growth([10, 10, 10]), 6)
    Decimal('10.000000')
    >>> format_percent(mean_growth([7.2, 8.1, 7.9, 8.3, 7.8]), decimals=1)
    '7,9%'
    """
    factors = [1 + to_decimal(r) / _HUNDRED for r in rates]
    if not factors:
        raise FormatError("Cần ít nhất một tốc độ tăng để tính bình quân")
    product = Decimal(1)
    for factor in factors:
        if factor <= 0:
            raise FormatError("Tốc độ giảm từ 100% trở lên không tính bình quân được")
        product = DECIMAL_CONTEXT.multiply(product, factor)
    root = _ROOT_CONTEXT.power(product, DECIMAL_CONTEXT.divide(1, Decimal(len(factors))))
    return (root - 1) * _HUNDRED


def annual_average(
    values: Sequence[Number],
    *,
    kind: Kind | str | None = None,
    years: int | None = None,
    form: Literal["annual", "short", "per_year"] = "annual",
    decimals: int | None = None,
    style: Style | None = None,
) -> str:
    """Average yearly change of a series: ``bình quân hằng năm tăng 10,2%``.

    Levels and counts: the compound rate (:func:`cagr`). Rates (growth, share, ratio): the
    average change per year in percentage points (or ``%``, per ``style.rate_change``).
    ``form``: ``annual`` (bình quân hằng năm tăng …), ``short`` (bình quân tăng …),
    ``per_year`` (bình quân tăng …/năm).

    >>> annual_average([4090.6, 5500], years=5, decimals=1)             # 000:20
    'bình quân hằng năm tăng 6,1%'
    >>> annual_average([1000, 1061, 1125.7, 1194.4, 1267.3, 1344.6])     # 000:20
    'bình quân hằng năm tăng 6,1%'
    >>> annual_average([511.4, 780], years=5)                           # 001:18
    'bình quân hằng năm tăng 8,81%'
    >>> annual_average([36437, 19120], years=5, form="short", decimals=1)   # 000:32
    'bình quân giảm 12,1%'
    >>> pct = Style(rate_change="percent")
    >>> annual_average([25.95, 7.89], years=5, kind="ratio", style=pct)   # 000:44
    'bình quân hằng năm giảm 3,61%'
    >>> annual_average([25.95, 7.89], years=5, kind="ratio")
    'bình quân hằng năm giảm 3,61 điểm phần trăm'
    >>> annual_average([25.95, 5.45], years=5, kind="ratio", form="per_year", style=pct)  # 004:101
    'bình quân giảm 4,1%/năm'
    """
    resolved = _style(style)
    kind_value = _kind(kind)
    numbers = _series(values)
    if kind_value.is_rate:
        steps = len(numbers) - 1 if years is None else years
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
            raise FormatError(f"Số năm phải là số nguyên dương: {years!r}")
        amount = DECIMAL_CONTEXT.divide(numbers[-1] - numbers[0], Decimal(steps))
        mode = resolved.rate_change
    else:
        amount = cagr(numbers, years=years)
        mode = "relative"
    verb = direction_word(amount, decimals=decimals, style=resolved)
    lead = "bình quân" if form != "annual" else f"bình quân {resolved.annual_word}"
    if verb == "không đổi":
        return f"{lead} {verb}"
    text = _amount_text(abs(amount), mode, unit="", decimals=decimals, count=False, style=resolved)
    if form == "per_year":
        text += "/năm"
    return f"{lead} {verb} {text}"


def share(
    part: Number, whole: Number, *, decimals: int | None = None, style: Style | None = None
) -> str:
    """The part as a percentage of the whole: ``528/554`` → ``95,3%``.

    >>> share(528, 554, decimals=1), share(14, 17, decimals=1)   # 000:56, 004:95
    ('95,3%', '82,4%')
    """
    total = to_decimal(whole)
    if total.is_zero():
        raise FormatError("Không tính được tỷ lệ khi tổng số bằng 0")
    amount = DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.multiply(to_decimal(part), _HUNDRED), total)
    return format_percent(amount, decimals=decimals, style=style)


# --------------------------------------------------------------------------- targets


def vs_target(
    value: Number,
    target: Target | Number,
    *,
    form: Literal["note", "exceed", "ratio", "assess"] = "note",
    unit: str = "",
    kind: Kind | str | None = None,
    good_direction: int = 1,
    label: str | None = None,
    decimals: int | None = None,
    target_decimals: int | None = None,
    style: Style | None = None,
) -> str:
    """A result against its target.

    ``form``:
    ``note`` — the result then the target in brackets: ``28,67% (mục tiêu 29,44%)``;
    ``exceed`` — ``vượt 17,18% so với chỉ tiêu`` (relative for levels and counts; points or
    ``%`` per ``style.rate_change`` for rates), or ``đạt chỉ tiêu`` / ``chưa đạt chỉ tiêu``;
    ``ratio`` — ``đạt 108% so với chỉ tiêu`` (value over the bound to reach; only for
    indicators where higher is better);
    ``assess`` — just the word of :func:`assess`.
    ``label`` is the noun (default ``style.target_word``: "mục tiêu" or "chỉ tiêu").

    >>> from draftgen.model import Target, TargetKind as K
    >>> vs_target(28.67, 29.44, unit="%")                                   # 004:59
    '28,67% (mục tiêu 29,44%)'
    >>> vs_target(34.5, Target(K.RANGE, 30, 35, "30 - 35"), unit="triệu đồng")   # 004:59
    '34,5 triệu đồng (mục tiêu 30 - 35 triệu đồng)'
    >>> vs_target(13.6, Target(K.BELOW, None, 15, "dưới 15"), unit="%", good_direction=-1)
    '13,6% (mục tiêu dưới 15%)'
    >>> vs_target(11718, 10000, form="exceed", label="chỉ tiêu")          # 000:76
    'vượt 17,18% so với chỉ tiêu'
    >>> vs_target(81, 70, form="exceed", kind="ratio", label="chỉ tiêu")   # 004:415
    'vượt 11 điểm phần trăm so với chỉ tiêu'
    >>> vs_target(100, 90, form="exceed", kind="ratio", style=Style(rate_change="percent"))
    'vượt 10% so với mục tiêu'
    >>> vs_target(2032.3, 2000, form="ratio", decimals=1)                  # 004:61
    'đạt 101,6% so với mục tiêu'
    >>> vs_target(2166, 2000, form="ratio", decimals=0, label="chỉ tiêu")   # 001:653
    'đạt 108% so với chỉ tiêu'
    >>> vs_target(95, 100, form="exceed"), vs_target(95, 100, form="assess")
    ('chưa đạt mục tiêu', 'chưa đạt')

    A result at least :data:`TIMES_FROM` times its target is "gấp … lần", not "đạt 250%":

    >>> vs_target(5000, 2000, form="ratio")
    'gấp 2,5 lần so với mục tiêu'
    """
    resolved = _style(style)
    _check_direction(good_direction)
    target = _as_target(target)
    noun = resolved.target_word if label is None else label
    if form == "note":
        result = format_quantity(value, unit=unit, decimals=decimals, style=resolved)
        goal = format_target(target, unit=unit, decimals=target_decimals, style=resolved)
        return f"{result} ({noun} {goal})"
    verdict = assess(value, target, good_direction=good_direction, unit=unit)
    if form == "assess":
        return verdict
    low, high = _bounds(target)
    current = to_decimal(value)
    if form == "ratio":
        if good_direction < 0:
            raise FormatError(
                "Tỷ lệ hoàn thành (đạt …% so với chỉ tiêu) chỉ dùng cho chỉ tiêu càng cao càng tốt"
            )
        reference = _meeting_bound(low, high, good_direction)
        if reference > 0 and current >= reference * TIMES_FROM:
            return times(current, reference, since=noun, style=resolved)
        amount = _relative(current, reference, "tỷ lệ hoàn thành") + _HUNDRED
        return f"đạt {format_percent(amount, decimals=decimals, style=resolved)} so với {noun}"
    if form != "exceed":
        raise FormatError(
            f"Kiểu so sánh không hợp lệ: {form!r}. "
            "Giá trị cho phép: 'note', 'exceed', 'ratio', 'assess'"
        )
    if verdict != "vượt":
        return f"{verdict} {noun}"
    kind_value = _kind(kind)
    reference = _best_bound(low, high, good_direction)
    if kind_value.is_rate:
        mode, amount = resolved.rate_change, abs(current - reference)
    else:
        mode, amount = "relative", abs(_relative(current, reference, "mức vượt"))
    text = _amount_text(amount, mode, unit=unit, decimals=decimals, count=False, style=resolved)
    return f"vượt {text} so với {noun}"


def _tally(met: int | Iterable[str], total: int | None) -> tuple[int, int | None]:
    if isinstance(met, int) and not isinstance(met, bool):
        return met, total
    if isinstance(met, (str, bytes)) or not isinstance(met, Iterable):
        raise FormatError(f"Cần một số hoặc danh sách kết quả đánh giá: {met!r}")
    verdicts = [unicodedata.normalize("NFC", str(v)) for v in met]
    unknown = sorted({v for v in verdicts if v not in ("vượt", "đạt", "chưa đạt")})
    if unknown:
        raise FormatError(
            f"Kết quả đánh giá không hợp lệ: {unknown[0]!r}. Giá trị cho phép: 'vượt', 'đạt', "
            "'chưa đạt'"
        )
    return sum(v != "chưa đạt" for v in verdicts), len(verdicts) if total is None else total


def met_count(
    met: int | Iterable[str],
    total: int | None = None,
    *,
    noun: str = "chỉ tiêu",
    verb: str = "đạt và vượt",
    lead: str = "đã thực hiện",
    style: Style | None = None,
) -> str:
    """How many targets were met: ``đã thực hiện đạt và vượt 18/20 chỉ tiêu``.

    ``met`` is a count or the list of :func:`assess` results (then ``total`` is its length).

    >>> met_count(18, 20)
    'đã thực hiện đạt và vượt 18/20 chỉ tiêu'
    >>> met_count(18)                                                       # 001:176
    'đã thực hiện đạt và vượt 18 chỉ tiêu'
    >>> met_count(18, 19, verb="hoàn thành và vượt", lead="thực hiện")    # 004:171
    'thực hiện hoàn thành và vượt 18/19 chỉ tiêu'
    >>> met_count(["vượt", "đạt", "chưa đạt"])
    'đã thực hiện đạt và vượt 02/03 chỉ tiêu'
    """
    done, whole = _tally(met, total)
    if whole is None:
        number = format_count(done, style=style)
    else:
        if done > whole:
            raise FormatError(f"Số chỉ tiêu đạt ({done}) lớn hơn tổng số ({whole})")
        number = format_fraction(done, whole, style=style)
    text = f"{verb} {number} {noun}"
    return f"{lead} {text}" if lead else text


def unmet_count(
    unmet: int | Iterable[str], *, noun: str = "chỉ tiêu", style: Style | None = None
) -> str:
    """How many targets are not met: ``còn 02 chỉ tiêu chưa đạt``.

    ``unmet`` is a count or the list of :func:`assess` results.

    >>> unmet_count(2), unmet_count(["vượt", "chưa đạt"]), unmet_count(0)
    ('còn 02 chỉ tiêu chưa đạt', 'còn 01 chỉ tiêu chưa đạt', 'không còn chỉ tiêu nào chưa đạt')
    """
    if isinstance(unmet, int) and not isinstance(unmet, bool):
        missing = unmet
    else:
        done, whole = _tally(unmet, None)
        missing = (whole or 0) - done
    if missing == 0:
        return f"không còn {noun} nào chưa đạt"
    return f"còn {format_count(missing, unit=noun, style=style)} chưa đạt"


# --------------------------------------------------------------------------- estimates, lists


def estimate_word(status: Status | str | None) -> str:
    """The word the data's status calls for: ``ước đạt``, ``dự ước`` or ``đạt``.

    >>> estimate_word("ước đạt"), estimate_word(Status.PROJECTION), estimate_word(None)
    ('ước đạt', 'dự ước', 'đạt')
    """
    return _ESTIMATE_WORDS[_status(status)]


def estimate(
    value: Number,
    *,
    status: Status | str | None = None,
    unit: str = "",
    decimals: int | None = None,
    count: bool = False,
    good_direction: int = 1,
    verb: str | None = None,
    kind: Kind | str | None = None,
    style: Style | None = None,
) -> str:
    """A value introduced by its status: ``ước đạt 7,8%``, ``dự ước đạt …``, ``đạt …``;
    ``count`` writes a whole count zero-padded (``đạt 05 xã``). A figure where lower is
    better is not "reached" but "left": ``ước còn 1,36%`` (001:84). ``verb`` replaces the
    verb after the status word (``là``: ``ước là 132 vụ``).

    >>> estimate(7.8, status="ước đạt", unit="%")                     # 000:16
    'ước đạt 7,8%'
    >>> estimate(5500, status=Status.ESTIMATE, unit="triệu USD")      # 000:20
    'ước đạt 5.500 triệu USD'
    >>> estimate(6149.5, status="ước đạt", unit="tỷ đồng")            # 003:84
    'ước đạt 6.149,5 tỷ đồng'
    >>> estimate(69.8, status="dự ước", unit="triệu đồng")
    'dự ước đạt 69,8 triệu đồng'
    >>> estimate(44.5, unit="triệu đồng")                             # 003:14
    'đạt 44,5 triệu đồng'
    >>> estimate(5, unit="xã", count=True)                             # 004:63
    'đạt 05 xã'
    >>> estimate(1.36, status="ước đạt", unit="%", good_direction=-1)  # 001:84
    'ước còn 1,36%'
    >>> estimate(3.2, unit="%", good_direction=-1), estimate(3.2, status="dự ước", unit="%", good_direction=-1)
    ('còn 3,2%', 'dự ước còn 3,2%')
    >>> estimate(132, unit="vụ", count=True, verb="là"), estimate(9, unit="vụ", status="ước đạt", count=True, verb="là")
    ('là 132 vụ', 'ước là 09 vụ')

    A negative rate of growth (``kind="growth"``) is a fall, written without a minus sign as
    the seeds write it: "thuế sản phẩm … giảm 0,83%" (003:14); a ranking (unit ``hạng``) is
    a place: "xếp thứ 36" (002:23 "xếp thứ 15/63").

    >>> estimate(-0.83, status="ước đạt", unit="%", kind="growth")   # 003:14
    'ước giảm 0,83%'
    >>> estimate(-5.4, unit="%", kind="growth"), estimate(36, unit="hạng", good_direction=-1)
    ('giảm 5,4%', 'xếp thứ 36')
    """
    status = _status(status)
    if unit in RANK_UNITS:
        lead = {Status.OFFICIAL: "", Status.ESTIMATE: "ước ", Status.PROJECTION: "dự ước "}
        return f"{lead[status]}xếp thứ {format_number(value, decimals=0, style=style)}"
    if kind is not None and _kind(kind) is Kind.GROWTH and to_decimal(value) < 0:
        amount = format_amount(abs(to_decimal(value)), unit=unit, decimals=decimals,
                               style=style)
        return f"{_VERB_PREFIX[status]}giảm {amount}"
    if verb is not None:
        word = {Status.OFFICIAL: verb, Status.ESTIMATE: f"ước {verb}",
                Status.PROJECTION: f"dự ước {verb}"}[status]
    elif good_direction < 0:
        word = {Status.OFFICIAL: "còn", Status.ESTIMATE: "ước còn",
                Status.PROJECTION: "dự ước còn"}[status]
    else:
        word = estimate_word(status)
        if status is Status.PROJECTION:
            word += " đạt"
    amount = format_amount(value, unit=unit, decimals=decimals, count=count, style=style)
    return f"{word} {amount}"


def join_vi(items: Iterable[object], *, conj: str = "và", sep: str = ", ") -> str:
    """Join a list the Vietnamese way: ``a, b và c``.

    >>> join_vi(["kinh tế", "văn hóa", "xã hội"])
    'kinh tế, văn hóa và xã hội'
    >>> join_vi(["Bắc Sơn"]), join_vi([]), join_vi(["A", "B"], conj="hoặc")
    ('Bắc Sơn', '', 'A hoặc B')
    """
    texts = [unicodedata.normalize("NFC", str(item)) for item in items]
    if len(texts) <= 1:
        return "".join(texts)
    return f"{sep.join(texts[:-1])} {conj} {texts[-1]}"
