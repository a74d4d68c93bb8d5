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

from .errors import FormatError
from .model import Target, TargetKind
from .parsing import parse_number

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
