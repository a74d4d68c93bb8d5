"""Figures the consistency audit doubts, for the draft to flag them where they are printed.

A finding of :mod:`draftgen.audit` of severity «lỗi» or «cảnh báo» that the project has not
reviewed and accepted (``kiem-tra-so-lieu.toml``) makes every figure it involves doubtful:
each indicator of the finding, for the finding's unit and each of its periods. The build
computes the table once, before rendering; the template context sets :attr:`Fact.doubt`
from it, and the number filters print the mark after the figure (docs/kiem-tra-so-lieu.md).

>>> from draftgen.audit import ERROR, Finding
>>> f = Finding(ERROR, "binh-quan-nam", "tinh-a", "KET_NAP_BQ", ("2021-2025",), (), (), None,
...             "…", "", indicators=("KET_NAP_BQ", "KET_NAP"))
>>> doubt_table([f])[("tinh-a", "KET_NAP", "2021-2025")]
'bình quân năm không khớp tổng nhiệm kỳ'
>>> from dataclasses import replace
>>> doubt_table([replace(f, accepted="đã xem")])
{}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .audit import Finding

#: The short reason printed in the mark, by audit rule.
REASONS: Mapping[str, str] = {
    "pham-vi": "số ngoài phạm vi có thể có",
    "co-cau-100": "các tỷ trọng cộng lại không bằng 100%",
    "binh-quan-nam": "bình quân năm không khớp tổng nhiệm kỳ",
    "toc-do-binh-quan": "tốc độ bình quân không khớp số đầu và cuối kỳ",
    "toc-do-chuoi-nam": "tốc độ bình quân không khớp tốc độ từng năm",
    "con-cha": "không khớp số của các đơn vị trực thuộc",
    "tang-gap-lan": "mức tăng ghi trong ghi chú không khớp số liệu",
    "dem-chi-tieu": "số chỉ tiêu không khớp bảng mục tiêu",
    "trung-lap": "số liệu nhập hai lần, hai số khác nhau",
}

#: Rules whose findings do not doubt a printed figure: the incomplete roll-up is already
#: marked «[chưa đủ số liệu: …]», a handwritten figure stands in a content file, not in the
#: data, and the others name no figure.
NOT_MARKED = frozenset({"tong-hop-thieu", "tong-hop", "so-viet-tay", "danh-muc", "du-lieu",
                        "chap-nhan"})

DEFAULT_REASON = "số liệu không nhất quán"

Key = tuple[str, str, str]  # (unit, indicator, period)


def doubt_table(findings: Iterable[Finding]) -> dict[Key, str]:
    """(unit, indicator, period) → the reasons, joined by «; », of every unaccepted
    finding of severity «lỗi» or «cảnh báo» that involves the figure; in the order of
    the findings, each reason once."""
    from .audit import ERROR, WARNING

    reasons: dict[Key, dict[str, None]] = {}
    for f in findings:
        if f.accepted or f.severity not in (ERROR, WARNING) or f.rule in NOT_MARKED:
            continue
        if not f.unit:
            continue
        reason = REASONS.get(f.rule, DEFAULT_REASON)
        for code in f.indicators or (f.indicator,):
            for period in f.periods:
                reasons.setdefault((f.unit, code, period), {})[reason] = None
    return {key: "; ".join(found) for key, found in sorted(reasons.items())}


def doubt_marker(reason: str) -> str:
    """The mark printed after a doubted figure.

    >>> doubt_marker("bình quân năm không khớp tổng nhiệm kỳ")
    ' [cần kiểm tra: bình quân năm không khớp tổng nhiệm kỳ — xem kiem-tra-so-lieu.md]'
    >>> doubt_marker("")
    ''
    """
    return f" [cần kiểm tra: {reason} — xem kiem-tra-so-lieu.md]" if reason else ""
