"""Vietnamese formatting of numbers, dates, periods and ordinals, on babel's ``vi`` locale.

Every figure is written as an official Vietnamese document writes it (STYLE-VI part B):
decimal comma and thousands dot (babel's ``vi`` symbols), rounding half away from zero, no
``-0``, trailing zeros trimmed unless a number of decimals is asked for.

>>> format_number(1683240)                       # 004:83 "1.683.240 triệu đồng"
'1.683.240'
>>> format_quantity(34178.9, unit="tỷ đồng")     # 001:25
'34.178,9 tỷ đồng'
>>> format_percent(7.16)                         # 001:13 "ước đạt 7,16%"
'7,16%'
>>> format_count(3, unit="nhà máy")              # 000:26
'03 nhà máy'
>>> format_date("2021-05-06")                    # 001:560 "từ ngày 06/5/2021"
'06/5/2021'

All functions are pure: the value comes first, options are keyword-only, and the rules a
project may change come from a :class:`~draftgen.style.Style` (``style=None`` means the
defaults). Bad input raises :class:`~draftgen.errors.FormatError` with a Vietnamese message:
``None`` and ``NaN`` are refused (a missing figure must never print as a number), so are
infinities and magnitudes of 10^18 or more; tiny values round to ``0`` (never ``-0``).
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern

from draftgen.errors import FormatError
from draftgen.model import Target, TargetKind
from draftgen.style import DEFAULT_STYLE, Style

__all__ = [
    "LOCALE",
    "MAX_ABS",
    "DECIMAL_CONTEXT",
    "DRAFT_DAY_BLANK",
    "Number",
    "to_decimal",
    "round_half_up",
    "format_number",
    "format_percent",
    "entered_decimals",
    "shown_decimals",
    "with_unit",
    "format_quantity",
    "split_scale",
    "rescale",
    "format_scaled",
    "natural_scale",
    "lower_first",
    "format_range",
    "format_bound",
    "format_target",
    "format_count",
    "format_amount",
    "format_fraction",
    "format_date",
    "format_month",
    "format_dateline",
    "format_term",
    "format_period",
    "to_roman",
    "number_words",
    "ordinal_word",
    "format_ordinal",
]

#: The babel locale, built once: separators come from its number symbols.
LOCALE: Locale = Locale.parse("vi")

#: Magnitudes from here up are refused: no indicator reaches them, and a float that large has
#: already lost its last digits.
MAX_ABS = Decimal(10) ** 18

#: The blank day of a draft's date line, as in 004:19 ("ngày\xa0\xa0\xa0 tháng 3 năm 2020").
DRAFT_DAY_BLANK = "\u00a0" * 3

Number = int | float | Decimal

_MAX_DECIMALS = 10
#: Decimal arithmetic of this module: enough precision for 18 integer digits and 10 decimals;
#: ROUND_HALF_UP is half away from zero.
DECIMAL_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP)

# Scale words, largest first; the same words as babel's long compact form for ``vi``
# ("101,5 nghìn tỷ"), plus "vạn" (10 000) that some documents use in units ("giường bệnh/vạn dân").
_SCALE_WORDS: tuple[tuple[str, Decimal], ...] = (
    ("nghìn tỷ", Decimal(10) ** 12),
    ("tỷ", Decimal(10) ** 9),
    ("triệu", Decimal(10) ** 6),
    ("vạn", Decimal(10) ** 4),
    ("nghìn", Decimal(10) ** 3),
)
# Scales chosen automatically by format_scaled ("vạn" only when asked for in a unit).
_AUTO_SCALES = tuple(item for item in _SCALE_WORDS if item[0] != "vạn")


# --------------------------------------------------------------------------- numbers


def to_decimal(value: Number) -> Decimal:
    """Turn a number into a finite :class:`~decimal.Decimal`, or raise FormatError.

    Floats go through their shortest ``repr``, so ``2.675`` is the decimal 2.675 that the
    user typed, not the binary approximation 2.67499…

    >>> to_decimal(2.675)
    Decimal('2.675')
    >>> to_decimal(None)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Không có số liệu (None): không thể viết thành số
    >>> to_decimal(float("nan"))
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Giá trị không phải là số (NaN): không thể viết thành số
    >>> to_decimal(1e18)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Số quá lớn để viết trong văn bản: 1e+18 (giới hạn dưới 10^18)
    >>> to_decimal("7,5")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Không phải là số: '7,5' (cần int, float hoặc Decimal)
    """
    if value is None:
        raise FormatError("Không có số liệu (None): không thể viết thành số")
    if isinstance(value, bool):
        raise FormatError(f"Không phải là số: {value!r} (giá trị đúng/sai)")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        result = Decimal(repr(float(value)))
    else:
        raise FormatError(f"Không phải là số: {value!r} (cần int, float hoặc Decimal)")
    if result.is_nan():
        raise FormatError("Giá trị không phải là số (NaN): không thể viết thành số")
    if result.is_infinite() or abs(result) >= MAX_ABS:
        raise FormatError(f"Số quá lớn để viết trong văn bản: {value!r} (giới hạn dưới 10^18)")
    return result


def _check_decimals(decimals: int) -> None:
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise FormatError(f"Số chữ số thập phân phải là số nguyên: {decimals!r}")
    if not 0 <= decimals <= _MAX_DECIMALS:
        raise FormatError(f"Số chữ số thập phân phải từ 0 đến {_MAX_DECIMALS}: {decimals!r}")


def round_half_up(value: Number, decimals: int = 0) -> Decimal:
    """Round half away from zero, as people round by hand; never returns ``-0``.

    >>> round_half_up(2.675, 2)
    Decimal('2.68')
    >>> round_half_up(0.125, 2), round_half_up(-0.125, 2)
    (Decimal('0.13'), Decimal('-0.13'))
    >>> round_half_up(-0.004, 2)
    Decimal('0.00')
    """
    _check_decimals(decimals)
    quantum = Decimal(1).scaleb(-decimals)
    try:
        result = to_decimal(value).quantize(quantum, context=DECIMAL_CONTEXT)
    except InvalidOperation as exc:  # pragma: no cover - guarded by MAX_ABS
        raise FormatError(f"Không làm tròn được {value!r}") from exc
    return result.copy_abs() if result.is_zero() else result


@lru_cache(maxsize=64)
def _pattern(decimals: int, fixed: bool) -> NumberPattern:
    # Parsed once per precision; babel applies the vi grouping and decimal symbols.
    frac = ("0" if fixed else "#") * decimals
    return parse_pattern("#,##0." + frac if decimals else "#,##0")


def _resolve_style(style: Style | None) -> Style:
    return DEFAULT_STYLE if style is None else style


def format_number(value: Number, *, decimals: int | None = None, style: Style | None = None) -> str:
    """Format a number the Vietnamese way: ``1.683.240``, ``34.178,9``.

    ``decimals=None`` keeps at most ``style.max_decimals`` decimals (2 by default) and trims
    trailing zeros; an integer fixes the number of decimals (an indicator's catalogue setting).

    >>> format_number(1683240)                  # 004:83
    '1.683.240'
    >>> format_number(187377978290)             # 004:405 "187.377.978.290 đồng"
    '187.377.978.290'
    >>> format_number(5500), format_number(1904)   # 000:20, 001:56
    ('5.500', '1.904')
    >>> format_number(224.252, decimals=3)      # 004:399 "224,252 tỷ đồng"
    '224,252'
    >>> format_number(7.40), format_number(7.40, decimals=2)
    ('7,4', '7,40')
    >>> format_number(30.9, decimals=2)         # 004:59 "30,90%"
    '30,90'
    >>> format_number(-0.001), format_number(-1234.5)
    ('0', '-1.234,5')
    >>> format_number(1e-300), format_number(123456789012345678)
    ('0', '123.456.789.012.345.678')
    """
    if decimals is None:
        places, fixed = _resolve_style(style).max_decimals, False
    else:
        places, fixed = decimals, True
    rounded = round_half_up(value, places)
    return format_decimal(rounded, format=_pattern(places, fixed), locale=LOCALE)


def format_percent(
    value: Number, *, decimals: int | None = None, style: Style | None = None
) -> str:
    """Format a percentage, the sign attached: ``7,16%``. The value is in percent (7.16).

    >>> format_percent(7.16), format_percent(5.275, decimals=3)   # 001:13, 000:142
    ('7,16%', '5,275%')
    >>> format_percent(63.0), format_percent(0.042, decimals=3)   # 000:18, 001:551
    ('63%', '0,042%')
    """
    return format_number(value, decimals=decimals, style=style) + "%"


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


def entered_decimals(text: object) -> int | None:
    """The number of decimals a figure is written with in a data cell (its text as typed).

    Trailing zeros count: they are what the source wrote. ``None`` when the figure is not
    text (a number cell of a workbook has no typed text: :mod:`draftgen.readers` reads its
    number format instead).

    >>> entered_decimals("7,8"), entered_decimals("7,80"), entered_decimals("30,90")  # 000:16, 004:59
    (1, 2, 2)
    >>> entered_decimals("1.683.240"), entered_decimals("95%"), entered_decimals(" -0,83 ")
    (0, 0, 2)
    >>> entered_decimals(7.8) is None
    True
    """
    if not isinstance(text, str):
        return None
    compact = unicodedata.normalize("NFC", text).translate(_SPACES).rstrip("%")
    _, comma, decimals = compact.rpartition(",")
    return len(decimals) if comma else 0


def shown_decimals(catalogue: int | None, entered: int | None) -> int | None:
    """The decimals a figure is printed with: the catalogue's (``so_le``), or the decimals it
    was entered with when fewer — a figure the source wrote ``7,8`` prints ``7,8%``, never
    ``7,80%``; one entered ``7,80`` keeps ``7,80%``. Without a catalogue setting (``None``:
    trailing zeros trimmed) or an entered precision, the catalogue's rule stands.

    >>> shown_decimals(2, 1), shown_decimals(2, 2), shown_decimals(2, 3)
    (1, 2, 2)
    >>> shown_decimals(2, None), shown_decimals(None, 1) is None
    (2, True)
    >>> format_percent(7.8, decimals=shown_decimals(2, entered_decimals("7,8")))   # 000:16
    '7,8%'
    """
    if catalogue is None or entered is None:
        return catalogue
    return min(catalogue, entered)


def with_unit(text: str, unit: str | None) -> str:
    """Put a unit after a formatted number: ``%`` is attached, other units follow a space.

    >>> with_unit("7,5", "%"), with_unit("8 - 9", "%/năm"), with_unit("88,6", "ha")
    ('7,5%', '8 - 9%/năm', '88,6 ha')
    >>> with_unit("3", "")
    '3'
    """
    if not unit:
        return text
    if unit.startswith("%"):
        return text + unit
    return f"{text} {unit}"


def format_quantity(
    value: Number,
    *,
    unit: str | None = "",
    decimals: int | None = None,
    style: Style | None = None,
) -> str:
    """A number followed by its unit.

    >>> format_quantity(1683240, unit="triệu đồng")      # 004:83
    '1.683.240 triệu đồng'
    >>> format_quantity(11.065, unit="tỷ đồng", decimals=3)   # 004:427
    '11,065 tỷ đồng'
    >>> format_quantity(5.45, unit="%")                  # 003:14
    '5,45%'
    """
    return with_unit(format_number(value, decimals=decimals, style=style), unit)


# --------------------------------------------------------------------------- scales


def split_scale(unit: str) -> tuple[Decimal, str]:
    """Split a unit into its scale factor and base unit.

    >>> split_scale("nghìn tỷ đồng")
    (Decimal('1000000000000'), 'đồng')
    >>> split_scale("triệu USD"), split_scale("ha")
    ((Decimal('1000000'), 'USD'), (Decimal('1'), 'ha'))
    """
    unit = unit.strip()
    for word, factor in _SCALE_WORDS:
        if unit == word:
            return factor, ""
        if unit.startswith(word + " "):
            return factor, unit[len(word) + 1 :].strip()
    return Decimal(1), unit


def rescale(value: Number, *, from_unit: str, to_unit: str) -> Decimal:
    """Convert a value between scales of the same unit (an indicator's display unit).

    >>> rescale(3_100_000, from_unit="lượt khách", to_unit="nghìn lượt khách")   # 000:28
    Decimal('3100')
    >>> rescale(31_998_000, from_unit="triệu đồng", to_unit="tỷ đồng")           # 000:32
    Decimal('31998')
    >>> rescale(5, from_unit="tấn", to_unit="triệu đồng")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Không đổi được đơn vị 'tấn' sang 'triệu đồng'
    """
    source_factor, source_base = split_scale(from_unit)
    target_factor, target_base = split_scale(to_unit)
    if source_base != target_base:
        raise FormatError(f"Không đổi được đơn vị {from_unit!r} sang {to_unit!r}")
    number = to_decimal(value)
    if source_factor == target_factor:
        return number
    return DECIMAL_CONTEXT.divide(DECIMAL_CONTEXT.multiply(number, source_factor), target_factor)


def natural_scale(value: Number, *, unit: str) -> tuple[Decimal, str]:
    """The value and unit a document writes a large amount in: a value of 100.000 or more
    of a scaled money unit that is a whole number of the next scale moves up to it
    (``198.000 triệu USD`` → ``198 tỷ USD``, 001:18); any other value keeps its unit, so no
    figure loses a digit (``1.683.240 triệu đồng``, 004:83; ``34.178,9 tỷ đồng``, 001:25;
    ``5.500 triệu USD``, 000:20).

    >>> natural_scale(198000, unit="triệu USD")
    (Decimal('198'), 'tỷ USD')
    >>> natural_scale(1683240, unit="triệu đồng"), natural_scale(5500, unit="triệu USD")
    ((Decimal('1683240'), 'triệu đồng'), (Decimal('5500'), 'triệu USD'))
    >>> natural_scale(250000, unit="tỷ đồng"), natural_scale(300000, unit="ha")
    ((Decimal('250'), 'nghìn tỷ đồng'), (Decimal('300000'), 'ha'))
    """
    number = to_decimal(value)
    factor, base = split_scale(unit)
    up = {Decimal(10) ** 6: "tỷ", Decimal(10) ** 9: "nghìn tỷ"}.get(factor)
    if up is None or base not in ("đồng", "USD") or abs(number) < 100_000 \
            or number % 1000 != 0:
        return number, unit
    return DECIMAL_CONTEXT.divide(number, Decimal(1000)), f"{up} {base}"


def lower_first(text: str) -> str:
    """Lower-case the first letter of a name put inside a sentence, but never an acronym
    or a proper name's capitals: ``GRDP``, ``FDI``, ``BHYT``, ``PCI`` keep their case.

    >>> lower_first("Tỷ lệ hộ nghèo"), lower_first("GRDP bình quân đầu người")
    ('tỷ lệ hộ nghèo', 'GRDP bình quân đầu người')
    >>> lower_first("BHYT toàn dân"), lower_first("Thứ hạng chỉ số PCI"), lower_first("")
    ('BHYT toàn dân', 'thứ hạng chỉ số PCI', '')
    """
    text = unicodedata.normalize("NFC", str(text))
    first = text.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return text  # an acronym or a word written with capitals inside: keep it
    return text[:1].lower() + text[1:]


def format_scaled(
    value: Number,
    *,
    unit: str = "",
    decimals: int | None = None,
    style: Style | None = None,
) -> str:
    """Write a large value with a scale word: nghìn, triệu, tỷ, nghìn tỷ.

    ``unit`` is the unit of ``value`` (``"đồng"``, ``"USD"``, ``"lao động"``, or a scaled one
    such as ``"triệu đồng"``). The scale is the largest one not above the rounded value, so the
    number keeps 1 to 3 integer digits.

    >>> format_scaled(101_500_000_000_000, unit="đồng")   # 000:24 "101,5 nghìn tỷ đồng"
    '101,5 nghìn tỷ đồng'
    >>> format_scaled(198e9, unit="USD")                  # 001:18 "198 tỷ USD"
    '198 tỷ USD'
    >>> format_scaled(48_500_000, unit="đồng")            # 000:16 "48,5 triệu đồng"
    '48,5 triệu đồng'
    >>> format_scaled(72_200, unit="lao động")            # 000:44 "72,2 nghìn lao động"
    '72,2 nghìn lao động'
    >>> format_scaled(1_683_240, unit="triệu đồng")       # 004:83, in a larger scale
    '1,68 nghìn tỷ đồng'
    >>> format_scaled(999_999, unit="đồng"), format_scaled(950)
    ('1 triệu đồng', '950')
    """
    resolved = _resolve_style(style)
    places = resolved.max_decimals if decimals is None else decimals
    factor, unit = split_scale(unit) if unit else (Decimal(1), "")
    number = DECIMAL_CONTEXT.multiply(to_decimal(value), factor)
    if abs(number) >= MAX_ABS:
        raise FormatError(f"Số quá lớn để viết trong văn bản: {value!r} {unit}")
    magnitude = abs(round_half_up(number, places))
    for word, factor in _AUTO_SCALES:
        scaled = DECIMAL_CONTEXT.divide(number, factor)
        if abs(round_half_up(scaled, places)) >= 1 or magnitude >= factor:
            text = format_number(scaled, decimals=decimals, style=resolved)
            return with_unit(f"{text} {word}", unit)
    return with_unit(format_number(number, decimals=decimals, style=resolved), unit)


# --------------------------------------------------------------------------- ranges, bounds

_BOUND_WORDS: dict[str, tuple[str, str]] = {
    # kind: (prefix, suffix)
    "exact": ("", ""),
    "above": ("trên ", ""),
    "at_least": ("từ ", " trở lên"),
    "below": ("dưới ", ""),
    "at_most": ("không vượt quá ", ""),
    "about": ("khoảng ", ""),
    "over": ("hơn ", ""),
    "nearly": ("gần ", ""),
}
_BOUND_SIGNS = {"above": ">", "at_least": "≥", "below": "<", "at_most": "≤"}


def format_range(
    low: Number,
    high: Number,
    *,
    unit: str = "",
    decimals: int | None = None,
    prefix: str = "",
    style: Style | None = None,
) -> str:
    """A range ``a - b`` with a spaced hyphen, the unit once after the upper bound.

    >>> format_range(7, 7.5, unit="%")                    # 001:476 "từ 7 - 7,5%"
    '7 - 7,5%'
    >>> format_range(30, 35, unit="triệu đồng")           # 004:59
    '30 - 35 triệu đồng'
    >>> format_range(2800, 3000, unit="doanh nghiệp", prefix="từ")   # 001:18
    'từ 2.800 - 3.000 doanh nghiệp'
    >>> format_range(250, 270, unit="nghìn tỷ đồng", prefix="khoảng")   # 001:274
    'khoảng 250 - 270 nghìn tỷ đồng'
    >>> format_range(8, 9, unit="%/năm", prefix="từ")     # 003:282
    'từ 8 - 9%/năm'
    >>> format_range(9, 8)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Khoảng giá trị ngược: cận dưới 9 lớn hơn cận trên 8
    """
    if to_decimal(low) > to_decimal(high):
        raise FormatError(f"Khoảng giá trị ngược: cận dưới {low!r} lớn hơn cận trên {high!r}")
    low_text = format_number(low, decimals=decimals, style=style)
    high_text = format_number(high, decimals=decimals, style=style)
    text = low_text if low_text == high_text else f"{low_text} - {high_text}"
    text = with_unit(text, unit)
    return f"{prefix} {text}" if prefix else text


def format_bound(
    value: Number,
    *,
    kind: str | TargetKind,
    unit: str = "",
    decimals: int | None = None,
    sign: bool = False,
    style: Style | None = None,
) -> str:
    """A bound or a hedge: ``trên 90%``, ``từ 10% trở lên``, ``khoảng 65%``, ``dưới 3%``.

    ``kind`` is a :class:`~draftgen.model.TargetKind` value (``above``, ``at_least``,
    ``below``, ``at_most``, ``about``, ``exact``) or one of the hedges ``over`` (hơn) and
    ``nearly`` (gần). ``sign=True`` writes ``≥ 5%`` where the source uses the sign.

    >>> format_bound(90, kind="above", unit="%")          # 004:463 "trên 90 % tổ chức"
    'trên 90%'
    >>> format_bound(10, kind="at_least", unit="%")       # 001:273
    'từ 10% trở lên'
    >>> format_bound(3350, kind="above", unit="doanh nghiệp")   # 003:72
    'trên 3.350 doanh nghiệp'
    >>> format_bound(29000, kind="about", unit="tỷ đồng")   # 000:30
    'khoảng 29.000 tỷ đồng'
    >>> format_bound(16000, kind="over", unit="tỷ đồng"), format_bound(1900, kind="nearly")
    ('hơn 16.000 tỷ đồng', 'gần 1.900')
    >>> format_bound(20, kind="at_most", unit="%")        # 001:650
    'không vượt quá 20%'
    >>> format_bound(5, kind="at_least", unit="%", sign=True)   # 001:285
    '≥ 5%'
    """
    key = kind.value if isinstance(kind, TargetKind) else str(kind)
    if key not in _BOUND_WORDS:
        allowed = ", ".join(repr(k) for k in _BOUND_WORDS)
        raise FormatError(f"Loại giới hạn không hợp lệ: {kind!r}. Giá trị cho phép: {allowed}")
    text = format_quantity(value, unit=unit, decimals=decimals, style=style)
    if sign and key in _BOUND_SIGNS:
        return f"{_BOUND_SIGNS[key]} {text}"
    prefix, suffix = _BOUND_WORDS[key]
    return f"{prefix}{text}{suffix}"


def format_target(
    target: Target,
    *,
    unit: str = "",
    decimals: int | None = None,
    sign: bool = False,
    style: Style | None = None,
) -> str:
    """Write a parsed target as a resolution writes it.

    >>> from draftgen.model import Target, TargetKind
    >>> format_target(Target(TargetKind.RANGE, 30, 35, "30 - 35"), unit="triệu đồng")  # 004:59
    '30 - 35 triệu đồng'
    >>> format_target(Target(TargetKind.BELOW, None, 15, "dưới 15"), unit="%")         # 004:95
    'dưới 15%'
    >>> format_target(Target(TargetKind.EXACT, 29.44, None, "29,44"), unit="%")        # 004:59
    '29,44%'
    >>> format_target(Target(TargetKind.RANGE, 0.7, 0.75, "khoảng 0,7 - 0,75"))        # 001:287
    'khoảng 0,7 - 0,75'
    >>> format_target(Target(TargetKind.QUALITATIVE, None, None, "cơ bản không còn hộ nghèo"))
    'cơ bản không còn hộ nghèo'
    """
    kind = TargetKind(target.kind)
    if kind is TargetKind.QUALITATIVE:
        return unicodedata.normalize("NFC", target.text)
    if kind is TargetKind.RANGE:
        if target.low is None or target.high is None:
            raise FormatError(f"Chỉ tiêu dạng khoảng thiếu cận: {target.text!r}")
        about = unicodedata.normalize("NFC", target.text).lower().startswith("khoảng")
        return format_range(target.low, target.high, unit=unit, decimals=decimals,
                            prefix="khoảng " if about else "", style=style)
    bound = target.high if kind in (TargetKind.AT_MOST, TargetKind.BELOW) else target.low
    if bound is None:
        bound = target.low if target.low is not None else target.high
    if bound is None:
        raise FormatError(f"Chỉ tiêu không có giá trị: {target.text!r}")
    return format_bound(bound, kind=kind, unit=unit, decimals=decimals, sign=sign, style=style)


# --------------------------------------------------------------------------- counts


def _to_count(value: Number) -> int:
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise FormatError(f"Số đếm phải là số nguyên: {value!r}")
    if number < 0:
        raise FormatError(f"Số đếm không được âm: {value!r}")
    return int(number)


def _count_text(count: int, style: Style) -> str:
    if style.zero_pad_counts and 1 <= count <= 9:
        return f"0{count}"
    return format_decimal(count, format=_pattern(0, False), locale=LOCALE)


def format_count(value: Number, *, unit: str = "", style: Style | None = None) -> str:
    """A count of things; 1 to 9 zero-padded when the project says so (default on).

    >>> format_count(3, unit="nhà máy"), format_count(7, unit="xã")   # 000:26, 000:18
    ('03 nhà máy', '07 xã')
    >>> format_count(2, unit="huyện"), format_count(5, unit="xã")     # 001:84, 004:63
    ('02 huyện', '05 xã')
    >>> format_count(1904, unit="thủ tục hành chính")                # 001:56
    '1.904 thủ tục hành chính'
    >>> format_count(3, unit="nhà máy", style=Style(zero_pad_counts=False))   # 003:42
    '3 nhà máy'
    >>> format_count(2.5)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Số đếm phải là số nguyên: 2.5
    """
    return with_unit(_count_text(_to_count(value), _resolve_style(style)), unit)


def format_amount(
    value: Number,
    *,
    unit: str = "",
    decimals: int | None = None,
    count: bool = False,
    style: Style | None = None,
) -> str:
    """A quantity as its kind asks: a whole count zero-padded like :func:`format_count`,
    anything else like :func:`format_quantity`.

    >>> format_amount(5, unit="xã", count=True), format_amount(5, unit="ha")
    ('05 xã', '5 ha')
    >>> format_amount(12.5, unit="xã", count=True)
    '12,5 xã'
    """
    if count and to_decimal(value) == to_decimal(value).to_integral_value():
        return format_count(value, unit=unit, style=style)
    return format_quantity(value, unit=unit, decimals=decimals, style=style)


def format_fraction(
    part: Number,
    whole: Number,
    *,
    unit: str = "",
    part_unit: str = "",
    style: Style | None = None,
) -> str:
    """Part over whole, ``74/207 xã``; the padding rule of counts applies to both numbers.

    >>> format_fraction(74, 207, unit="xã")                  # 000:18
    '74/207 xã'
    >>> format_fraction(11, 11, unit="đơn vị")               # 000:133
    '11/11 đơn vị'
    >>> format_fraction(8, 19, unit="tỉnh miền núi")         # 001:578 "xếp thứ 08/19 tỉnh"
    '08/19 tỉnh miền núi'
    >>> format_fraction(4, 6, part_unit="vụ án", unit="bị can")   # 001:98
    '04 vụ án/06 bị can'
    >>> format_fraction(17055, 18121, part_unit="lượt", unit="công dân")   # 001:605
    '17.055 lượt/18.121 công dân'
    """
    resolved = _resolve_style(style)
    left = with_unit(_count_text(_to_count(part), resolved), part_unit)
    right = with_unit(_count_text(_to_count(whole), resolved), unit)
    return f"{left}/{right}"


# --------------------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
DateLike = _dt.date | str


def _to_date(value: DateLike) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.match(value.strip())
        if match:
            try:
                return _dt.date(*(int(g) for g in match.groups()))
            except ValueError as exc:
                raise FormatError(f"Ngày không tồn tại: {value!r}") from exc
    raise FormatError(f"Không phải là ngày: {value!r} (cần date hoặc chuỗi 'yyyy-mm-dd')")


def _day(day: int, style: Style) -> str:
    return f"{day:02d}" if style.pad_dates else str(day)


def _month(month: int, style: Style) -> str:
    # Nghị định 30/2020/NĐ-CP: months 1 and 2 take a leading zero, the others do not.
    return f"{month:02d}" if style.pad_dates and month <= 2 else str(month)


def format_date(value: DateLike, *, style: Style | None = None) -> str:
    """An inline date ``d/m/yyyy`` with the Nghị định 30 padding rule.

    Accepts a :class:`datetime.date` or an ISO string ``"yyyy-mm-dd"``.

    >>> format_date("2021-05-06"), format_date("2023-04-03")   # 001:560, 001:671
    ('06/5/2021', '03/4/2023')
    >>> format_date("2020-01-01"), format_date("2020-06-19")   # 000:136, 000:8
    ('01/01/2020', '19/6/2020')
    >>> import datetime
    >>> format_date(datetime.date(2024, 12, 22))               # 001:382
    '22/12/2024'
    >>> format_date("2024-02-30")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Ngày không tồn tại: '2024-02-30'
    """
    resolved = _resolve_style(style)
    day = _to_date(value)
    return f"{_day(day.day, resolved)}/{_month(day.month, resolved)}/{day.year}"


def format_month(value: DateLike, *, style: Style | None = None) -> str:
    """A month ``m/yyyy`` with the same padding rule (write "tháng" before it).

    Accepts a date or ``"yyyy-mm"`` / ``"yyyy-mm-dd"``.

    >>> format_month("2019-01"), format_month("2018-09")   # 000:130 "tháng 01/2019", "tháng 9/2018"
    ('01/2019', '9/2018')
    >>> format_month("2020-07")                            # 003:74
    '7/2020'
    """
    resolved = _resolve_style(style)
    if isinstance(value, str):
        match = _ISO_MONTH.match(value.strip())
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise FormatError(f"Tháng không tồn tại: {value!r}")
            return f"{_month(month, resolved)}/{year}"
    day = _to_date(value)
    return f"{_month(day.month, resolved)}/{day.year}"


def format_dateline(
    value: DateLike,
    *,
    place: str,
    draft: bool = False,
    style: Style | None = None,
) -> str:
    """The place and date line of a document; a draft leaves the day blank.

    >>> format_dateline("2020-03-05", place="Văn Lãng")
    'Văn Lãng, ngày 05 tháng 3 năm 2020'
    >>> format_dateline("2020-03-05", place="Văn Lãng", draft=True)   # 004:19
    'Văn Lãng, ngày\\xa0\\xa0\\xa0 tháng 3 năm 2020'
    """
    resolved = _resolve_style(style)
    day = _to_date(value)
    day_text = DRAFT_DAY_BLANK if draft else " " + _day(day.day, resolved)
    return f"{place}, ngày{day_text} tháng {_month(day.month, resolved)} năm {day.year}"


# --------------------------------------------------------------------------- periods

_TERM = re.compile(r"^\s*(\d{4})\s*[-–—]\s*(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def _years(value: object, end: object = None) -> tuple[int, int | None]:
    if isinstance(value, (tuple, list)) and len(value) == 2 and end is None:
        value, end = value
    if end is not None:
        return _one_year(value), _one_year(end)
    if isinstance(value, int) and not isinstance(value, bool):
        return _one_year(value), None
    if isinstance(value, str):
        match = _TERM.match(value)
        if match:
            return int(match.group(1)), int(match.group(2))
        match = _YEAR.match(value)
        if match:
            return int(match.group(1)), None
    raise FormatError(f"Không phải là năm hay giai đoạn: {value!r} (ví dụ '2020' hoặc '2020-2025')")


def _one_year(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return value
    if isinstance(value, str) and _YEAR.match(value):
        return int(value)
    raise FormatError(f"Không phải là năm: {value!r}")


def format_term(value: str | int | tuple[int, int], end: int | str | None = None) -> str:
    """A term or period ``yyyy - yyyy`` with a spaced hyphen.

    >>> format_term("2020-2025"), format_term("2016 – 2020")   # 001:7, 000:16
    ('2020 - 2025', '2016 - 2020')
    >>> format_term(2015, 2020), format_term((2021, 2025))     # 000:6, 003:242
    ('2015 - 2020', '2021 - 2025')
    >>> format_term("2020-2015")                               # 004:71 written backwards
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Giai đoạn ngược: năm đầu 2020 sau năm cuối 2015
    """
    start, stop = _years(value, end)
    if stop is None:
        raise FormatError(f"Cần một giai đoạn 'yyyy-yyyy', không phải {value!r}")
    if start >= stop:
        raise FormatError(f"Giai đoạn ngược: năm đầu {start} sau năm cuối {stop}")
    return f"{start} - {stop}"


def format_period(value: str | int | tuple[int, int], *, word: str = "giai đoạn") -> str:
    """A data period in prose: ``năm 2015`` for a year, ``giai đoạn 2016 - 2020`` for a span.

    >>> format_period("2015"), format_period("2011-2015")           # 000:24
    ('năm 2015', 'giai đoạn 2011 - 2015')
    >>> format_period("2015-2020", word="nhiệm kỳ")                # 000:6
    'nhiệm kỳ 2015 - 2020'
    """
    start, stop = _years(value)
    if stop is None:
        return f"năm {start}"
    return f"{word} {format_term(start, stop)}"


# --------------------------------------------------------------------------- numerals

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def to_roman(value: int) -> str:
    """Roman numerals for congresses, committees and sections.

    >>> to_roman(16), to_roman(18), to_roman(21), to_roman(22)   # 000:6, 001:1, 004:27, 004:33
    ('XVI', 'XVIII', 'XXI', 'XXII')
    >>> to_roman(0)
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Số La Mã chỉ viết được từ 1 đến 3999: 0
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3999:
        raise FormatError(f"Số La Mã chỉ viết được từ 1 đến 3999: {value!r}")
    parts = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(letters * count)
    return "".join(parts)


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_GROUPS = ((10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn"))
_WORDS_LIMIT = 10**15


def _below_thousand(n: int, inner: bool) -> list[str]:
    # ``inner``: the group follows a higher one, so its zero hundreds are spoken
    # ("một nghìn không trăm linh năm").
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _spell(n: int, inner: bool) -> list[str]:
    for size, name in _GROUPS:
        if n >= size:
            head, rest = divmod(n, size)
            words = _spell(head, inner) + [name]
            if rest:
                words += _spell(rest, True)
            return words
    return _below_thousand(n, inner)


def number_words(value: int, *, capitalize: bool = False) -> str:
    """A whole number in words, where documents write them so.

    >>> number_words(2), number_words(4), number_words(3)   # 002:19, 002:7, 001:237
    ('hai', 'bốn', 'ba')
    >>> number_words(5, capitalize=True)                    # 004:109 "Trong năm năm"
    'Năm'
    >>> number_words(21), number_words(15), number_words(24), number_words(105)
    ('hai mươi mốt', 'mười lăm', 'hai mươi tư', 'một trăm linh năm')
    >>> number_words(2020), number_words(1_000_000_000_000)
    ('hai nghìn không trăm hai mươi', 'một nghìn tỷ')
    >>> number_words(0)
    'không'
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"Chỉ viết bằng chữ được số nguyên: {value!r}")
    if not 0 <= value < _WORDS_LIMIT:
        raise FormatError(f"Số viết bằng chữ phải từ 0 đến dưới 10^15: {value!r}")
    text = "không" if value == 0 else " ".join(_spell(value, False))
    return text[:1].upper() + text[1:] if capitalize else text


def ordinal_word(value: int) -> str:
    """The ordinal ``thứ …``: ``thứ nhất``, ``thứ hai``, ``thứ tư``.

    >>> ordinal_word(1), ordinal_word(2), ordinal_word(4)   # 001 "Phần thứ nhất"; 001:420
    ('thứ nhất', 'thứ hai', 'thứ tư')
    >>> ordinal_word(14)
    'thứ mười bốn'
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FormatError(f"Số thứ tự phải là số nguyên dương: {value!r}")
    special = {1: "nhất", 4: "tư"}
    return "thứ " + special.get(value, number_words(value))


# Vietnamese alphabet order for sub-items: a) b) c) d) đ) e) g) ...
_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
_ORDINAL_FORMS = ("part", "lesson", "item", "letter", "roman", "word")


def format_ordinal(value: int, *, form: str = "word", style: Style | None = None) -> str:
    """Ordinal labels: parts, lessons, numbered targets, sub-items, Roman sections.

    ``form``: ``word`` (thứ nhất), ``part`` (Phần thứ nhất), ``lesson`` (Một là:),
    ``item`` ((1)), ``letter`` (a), b) … đ) …), ``roman`` (I.).

    >>> format_ordinal(1, form="part"), format_ordinal(2, form="part")
    ('Phần thứ nhất', 'Phần thứ hai')
    >>> format_ordinal(1, form="lesson"), format_ordinal(6, form="lesson")   # 001:218, 001:227
    ('Một là:', 'Sáu là:')
    >>> format_ordinal(5, form="lesson", style=Style(ordinal_separator=","))   # 004:201
    'Năm là,'
    >>> format_ordinal(1, form="item"), format_ordinal(5, form="letter")
    ('(1)', 'đ)')
    >>> format_ordinal(2, form="roman")
    'II.'

    """
    if form not in _ORDINAL_FORMS:
        allowed = ", ".join(repr(f) for f in _ORDINAL_FORMS)
        raise FormatError(f"Kiểu số thứ tự không hợp lệ: {form!r}. Giá trị cho phép: {allowed}")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FormatError(f"Số thứ tự phải là số nguyên dương: {value!r}")
    if form == "part":
        return "Phần " + ordinal_word(value)
    if form == "lesson":
        separator = _resolve_style(style).ordinal_separator
        return f"{number_words(value, capitalize=True)} là{separator}"
    if form == "item":
        return f"({value})"
    if form == "letter":
        if value > len(_LETTERS):
            raise FormatError(f"Chỉ có {len(_LETTERS)} chữ cái để đánh mục: {value!r}")
        return _LETTERS[value - 1] + ")"
    if form == "roman":
        return to_roman(value) + "."
    return ordinal_word(value)
