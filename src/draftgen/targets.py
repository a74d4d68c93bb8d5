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
>>> parse_target("nhiều")
Traceback (most recent call last):
...
draftgen.errors.FormatError: không hiểu mục tiêu «nhiều» → viết như Nghị quyết: «7 - 7,5», «≥ 10», «từ 10 trở lên», «trên 90», «dưới 3», «khoảng 65» hoặc một số
"""

from __future__ import annotations

import re
import unicodedata

from .errors import FormatError
from .model import Target, TargetKind
from .parsing import parse_number

_NUMBER = r"[+-]?\d[\d.,]*%?"
_FORMS: list[tuple[TargetKind, re.Pattern[str]]] = [
    (TargetKind.RANGE, re.compile(rf"^(?:từ\s+)?(?P<a>{_NUMBER})\s*-\s*(?P<b>{_NUMBER})$")),
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
    "«khoảng 65» hoặc một số"
)


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
