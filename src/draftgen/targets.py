"""Parse a target as a resolution writes it into a typed :class:`~draftgen.model.Target`.

>>> parse_target("7 - 7,5")
Target(kind=<TargetKind.RANGE: 'range'>, low=7.0, high=7.5, text='7 - 7,5')
>>> parse_target("≥ 10").kind.value, parse_target("từ 10 trở lên").low
('at_least', 10.0)
>>> parse_target("khoảng 65").kind.value, parse_target("trên 90%").kind.value
('about', 'above')
>>> parse_target("dưới 3").high
3.0
>>> parse_target("30 - 35 triệu đồng", uom="triệu đồng").high
35.0
>>> parse_target("khoảng 0,7 - 0,75")                          # 001:287, a range said "khoảng"
Target(kind=<TargetKind.RANGE: 'range'>, low=0.7, high=0.75, text='khoảng 0,7 - 0,75')
>>> parse_target("định tính").kind.value                       # wording in dien_giai
'qualitative'
>>> parse_target("định tính: cơ bản không còn hộ nghèo").text
'cơ bản không còn hộ nghèo'
>>> parse_target("nhiều")
Traceback (most recent call last):
...
draftgen.errors.FormatError: không hiểu mục tiêu «nhiều» → viết như Nghị quyết: «7 - 7,5», «≥ 10», «từ 10 trở lên», «trên 90», «dưới 3», «khoảng 65», một số, hoặc «định tính» cho mục tiêu không đo bằng số

A qualitative target ("Hoàn thành xây dựng …") is assessed by the editor, in the column
``ket_qua``: :func:`parse_result`. Term keys: :func:`term_periods`.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Literal

from .errors import FormatError
from .formatting import Number, to_decimal
from .model import Target, TargetKind
from .parsing import parse_number

#: An "about" target (khoảng 5.200 tỷ đồng) is met within this relative distance of its
#: value (±1%); a target in per cent (khoảng 98%) within :data:`ABOUT_POINTS` points.
ABOUT_TOLERANCE = 0.01
#: Tolerance of an "about" target in per cent, in percentage points (khoảng 65%: 64,5 - 65,5).
ABOUT_POINTS = 0.5

Assessment = Literal["vượt", "đạt", "chưa đạt"]

_NUMBER = r"[+-]?\d[\d.,]*%?"
_FORMS: list[tuple[TargetKind, re.Pattern[str]]] = [
    (
        TargetKind.RANGE,
        re.compile(rf"^(?:từ\s+|khoảng\s+)?(?P<a>{_NUMBER})\s*-\s*(?P<b>{_NUMBER})$"),
    ),
    (
        TargetKind.AT_LEAST,
        re.compile(rf"^(?:≥|>=|tối thiểu|ít nhất|từ)\s*(?P<a>{_NUMBER})(?:\s*trở lên)?$"),
    ),
    (TargetKind.AT_LEAST, re.compile(rf"^(?P<a>{_NUMBER})\s*trở lên$")),
    (TargetKind.ABOVE, re.compile(rf"^(?:trên|hơn|>)\s*(?P<a>{_NUMBER})$")),
    (
        TargetKind.AT_MOST,
        re.compile(rf"^(?:≤|<=|không quá|không vượt quá|tối đa)\s*(?P<b>{_NUMBER})$"),
    ),
    (TargetKind.BELOW, re.compile(rf"^(?:dưới|<)\s*(?P<b>{_NUMBER})$")),
    (TargetKind.ABOUT, re.compile(rf"^(?:khoảng|~)\s*(?P<a>{_NUMBER})$")),
    (TargetKind.EXACT, re.compile(rf"^(?:đạt\s+)?(?P<a>{_NUMBER})$")),
]
_HINT = (
    "viết như Nghị quyết: «7 - 7,5», «≥ 10», «từ 10 trở lên», «trên 90», «dưới 3», "
    "«khoảng 65», một số, hoặc «định tính» cho mục tiêu không đo bằng số"
)
_QUALITATIVE = re.compile(r"^định tính\s*(?::\s*(?P<text>.*))?$", re.IGNORECASE)


def _normalise(text: str, uom: str | None) -> str:
    s = unicodedata.normalize("NFC", text).strip()
    s = s.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s)
    s = s.rstrip(".;")
    for unit in filter(None, [uom, "%/năm", "%"]):
        if unit != "%" and s.endswith(unit):
            s = s[: -len(unit)].rstrip()
    if s.endswith("%/năm"):
        s = s[: -len("/năm")]
    return s


def parse_target(text: str, *, uom: str | None = None) -> Target:
    """Parse a target text; ``uom`` is the indicator's unit, allowed after the number."""
    s = _normalise(str(text), uom)
    lowered = s.lower()
    q = _QUALITATIVE.match(unicodedata.normalize("NFC", str(text)).strip())
    if q:
        return Target(TargetKind.QUALITATIVE, None, None, (q.group("text") or "định tính").strip())
    for kind, pattern in _FORMS:
        m = pattern.match(lowered)
        if not m:
            continue
        groups = m.groupdict()
        a = parse_number(groups["a"]) if groups.get("a") else None
        b = parse_number(groups["b"]) if groups.get("b") else None
        if kind is TargetKind.RANGE:
            if a is None or b is None or a > b:
                raise FormatError(
                    f"khoảng mục tiêu «{text}» có cận dưới lớn hơn cận trên",
                    hint="viết cận nhỏ trước: «7 - 7,5»",
                )
            return Target(kind, a, b, s)
        if kind in (TargetKind.AT_MOST, TargetKind.BELOW):
            return Target(kind, None, b, s)
        if kind in (TargetKind.EXACT, TargetKind.ABOUT):
            return Target(kind, a, a, s)
        return Target(kind, a, None, s)
    raise FormatError(f"không hiểu mục tiêu «{text}»", hint=_HINT)


# --------------------------------------------------------------------------- results, terms

#: What an editor may enter in ``ket_qua`` for a qualitative target, and what it means:
#: (assessment, estimated). ``None``: not assessed yet.
RESULTS: dict[str, tuple[str | None, bool]] = {
    "đạt": ("đạt", False),
    "vượt": ("vượt", False),
    "ước đạt": ("đạt", True),
    "không đạt": ("chưa đạt", False),
    "chưa đạt": ("chưa đạt", False),
    "chưa đánh giá": (None, False),
    "": (None, False),
}


def parse_result(text: object) -> tuple[str | None, bool]:
    """The editor's assessment of a qualitative target (column ``ket_qua``).

    >>> parse_result("Đạt"), parse_result("ước đạt"), parse_result("không đạt")
    (('đạt', False), ('đạt', True), ('chưa đạt', False))
    >>> parse_result(""), parse_result("chưa đánh giá")
    ((None, False), (None, False))
    >>> parse_result("tốt")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: kết quả «tốt» không hợp lệ → nhập một trong: đạt, vượt, ước đạt, không đạt, chưa đạt, chưa đánh giá (hoặc để trống)
    """
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text or "")).strip().lower())
    if key not in RESULTS:
        allowed = ", ".join(k for k in RESULTS if k)
        raise FormatError(f"kết quả «{text}» không hợp lệ",
                          hint=f"nhập một trong: {allowed} (hoặc để trống)")
    return RESULTS[key]


def term_periods(term_key: str) -> tuple[str, ...]:
    """The period keys a value over the term may be stored under, preferred first.

    A term ``2015-2020`` (congress to congress) covers the plan years 2016 to 2020; a total
    or average over it is keyed either way in the data: ``2016-2020`` (the plan period, the
    usual key) or ``2015-2020`` (the term as written). Both mean the same value; when a unit
    has both rows for one indicator with different values, a template asking for it fails
    with an error naming both.

    >>> term_periods("2015-2020")
    ('2016-2020', '2015-2020')
    >>> term_periods("2016-2020")
    ('2016-2020', '2015-2020')
    """
    m = re.match(r"^(\d{4})-(\d{4})$", term_key)
    if not m:
        return (term_key,)
    start, end = int(m.group(1)), int(m.group(2))
    if end - start == 5:
        return (f"{start + 1}-{end}", term_key)
    if end - start == 4:
        return (term_key, f"{start - 1}-{end}")
    return (term_key,)


# --------------------------------------------------------------------------- assessment


def _check_direction(good_direction: int) -> int:
    if good_direction not in (1, -1):
        raise FormatError(f"Chiều tốt phải là 1 hoặc -1: {good_direction!r}")
    return good_direction


def _as_target(target: Target | Number) -> Target:
    if isinstance(target, Target):
        return target
    number = to_decimal(target)
    return Target(TargetKind.EXACT, float(number), None, str(target))


def _bounds(target: Target) -> tuple[Decimal | None, Decimal | None]:
    low = None if target.low is None else to_decimal(target.low)
    high = None if target.high is None else to_decimal(target.high)
    kind = TargetKind(target.kind)
    if kind is TargetKind.RANGE and (low is None or high is None):
        raise FormatError(f"Chỉ tiêu dạng khoảng thiếu cận: {target.text!r}")
    if low is None and high is None:
        raise FormatError(f"Chỉ tiêu không có giá trị: {target.text!r}")
    if kind in (TargetKind.AT_MOST, TargetKind.BELOW):
        low, high = None, high if high is not None else low
    elif kind is not TargetKind.RANGE:
        low, high = low if low is not None else high, None
    if low is not None and high is not None and low > high:
        raise FormatError(f"Chỉ tiêu dạng khoảng bị ngược: {target.text!r}")
    return low, high


def _best_bound(low: Decimal | None, high: Decimal | None, good_direction: int) -> Decimal:
    bounds = [b for b in (low, high) if b is not None]
    return max(bounds) if good_direction > 0 else min(bounds)


def _meeting_bound(low: Decimal | None, high: Decimal | None, good_direction: int) -> Decimal:
    # The bound a value must reach in the good direction to meet the target.
    bounds = [b for b in (low, high) if b is not None]
    return min(bounds) if good_direction > 0 else max(bounds)


def assess(
    value: Number,
    target: Target | Number,
    *,
    good_direction: int = 1,
    unit: str = "",
    tolerance: float | None = None,
) -> Assessment:
    """Judge a value against a target: ``"vượt"``, ``"đạt"`` or ``"chưa đạt"``.

    Met means the value satisfies the target; ``vượt`` means met and strictly better than the
    target's best bound in the good direction (``good_direction=-1``: lower is better, as for
    the poverty rate). A plain number and an ``exact`` target are met from that value on in
    the good direction; a ``range`` is met inside it (or beyond it in the good direction,
    then exceeded); ``trên``/``dưới`` (``above``/``below``) are strict, so meeting one is
    exceeding its bound; ``từ … trở lên``/``≥`` and ``không quá``/``≤`` include the bound.
    An ``about`` target (khoảng X) is met within :data:`ABOUT_POINTS` (0,5) percentage
    point of X when ``unit`` is ``%``, else within :data:`ABOUT_TOLERANCE` (1%) of X;
    ``tolerance`` (relative) overrides both. Outside it the value is ``vượt`` in the good
    direction, else ``chưa đạt``. A qualitative target has no figure: its result is the
    editor's (``draftgen.targets.parse_result``), and asking here is an error.

    >>> from draftgen.model import Target, TargetKind as K
    >>> assess(28.67, 29.44), assess(30.90, 27.12)                     # 004:59
    ('chưa đạt', 'vượt')
    >>> assess(71.08, Target(K.AT_LEAST, 60, None, "60"))             # 004:61
    'vượt'
    >>> assess(13.6, Target(K.BELOW, None, 15, "dưới 15"), good_direction=-1)   # 004:95
    'vượt'
    >>> assess(15, Target(K.BELOW, None, 15, "dưới 15"), good_direction=-1)
    'chưa đạt'
    >>> assess(95, Target(K.ABOVE, 95, None, "trên 95")), assess(95.1, Target(K.ABOVE, 95, None, ""))
    ('chưa đạt', 'vượt')
    >>> assess(7.2, Target(K.RANGE, 7, 7.5, "7 - 7,5")), assess(7.8, Target(K.RANGE, 7, 7.5, ""))
    ('đạt', 'vượt')
    >>> assess(6.9, Target(K.RANGE, 7, 7.5, "7 - 7,5"))
    'chưa đạt'
    >>> assess(7.89, Target(K.AT_MOST, None, 8, "8"), good_direction=-1), assess(8, 8)
    ('vượt', 'đạt')
    >>> bhyt = Target(K.ABOUT, 98, None, "khoảng 98")                 # 001:296, 001:569
    >>> assess(95, bhyt, unit="%"), assess(97.6, bhyt, unit="%"), assess(98.8, bhyt, unit="%")
    ('chưa đạt', 'đạt', 'vượt')
    >>> tourism = Target(K.ABOUT, 5200, None, "khoảng 5.200")
    >>> assess(4500, tourism), assess(5160, tourism), assess(5300, tourism)
    ('chưa đạt', 'đạt', 'vượt')
    >>> assess(2.95, Target(K.ABOUT, 3, None, "khoảng 3"), unit="%")  # 001:300 and 001:84
    'đạt'
    >>> assess(1, Target(K.QUALITATIVE, None, None, "cơ bản không còn hộ nghèo"))
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: Mục tiêu định tính «cơ bản không còn hộ nghèo» không đánh giá bằng số → nhập kết quả (đạt / ước đạt / không đạt) vào cột ket_qua của sheet muc-tieu
    """
    _check_direction(good_direction)
    target = _as_target(target)
    kind = TargetKind(target.kind)
    if kind is TargetKind.QUALITATIVE:
        raise FormatError(
            f"Mục tiêu định tính «{target.text}» không đánh giá bằng số",
            hint="nhập kết quả (đạt / ước đạt / không đạt) vào cột ket_qua của sheet muc-tieu",
        )
    current = to_decimal(value)
    low, high = _bounds(target)
    good = good_direction

    def better(a: Decimal, b: Decimal) -> bool:
        return a > b if good > 0 else a < b

    if kind is TargetKind.ABOUT:
        centre = low if low is not None else high
        assert centre is not None
        if tolerance is not None:
            margin = abs(centre) * to_decimal(tolerance)
        elif unit.strip() == "%":
            margin = to_decimal(ABOUT_POINTS)
        else:
            margin = abs(centre) * to_decimal(ABOUT_TOLERANCE)
        if abs(current - centre) <= margin:
            return "đạt"
        return "vượt" if better(current, centre) else "chưa đạt"

    if kind is TargetKind.ABOVE:
        met = current > low
    elif kind is TargetKind.BELOW:
        met = current < high
    elif kind is TargetKind.AT_LEAST:
        met = current >= low
    elif kind is TargetKind.AT_MOST:
        met = current <= high
    else:  # exact and range: reached from the meeting bound on, in the good direction
        edge = _meeting_bound(low, high, good)
        met = current == edge or better(current, edge)
    if met and better(current, _best_bound(low, high, good)):
        return "vượt"
    return "đạt" if met else "chưa đạt"
