"""The change report: which figures and which paragraphs changed since the previous build.

A unit's figures are what its documents can cite: its own values and targets, and the
values rolled up from its descendants. They are stored with each build (see
:mod:`draftgen.manifest`); after a rebuild the old and new figures are compared and each
change is placed in the document by the paragraphs where it shows
(:func:`draftgen.oxml.revisions.text_changes`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# A stored figure: [value, status, illustrative] for a value, [text] for a target.
Figure = list
_TARGET = "mục tiêu"


def unit_figures(data: Any, unit: str) -> dict[str, Figure]:
    """Every figure a unit's documents can cite, keyed ``CODE|period`` (values) or
    ``CODE|mục tiêu TERM`` (targets); rolled-up values included."""
    out: dict[str, Figure] = {}
    for key, row in data.unit_rows(unit):
        if hasattr(row, "target"):  # a target row
            out.setdefault(f"{key[1]}|{_TARGET} {key[2]}", [row.target.text])
    # the values of the unit and of its descendants: theirs roll up
    for indicator, period in sorted(data.subtree_keys(unit)):
        fact = data.fact(unit, indicator, period)
        if fact is not None and fact.value is not None:
            status = getattr(fact.status, "value", str(fact.status))
            out[f"{indicator}|{period}"] = [fact.value, status, bool(fact.illustrative)]
    return out


@dataclass(frozen=True)
class FigureChange:
    """One figure that differs between two builds."""

    code: str
    name: str
    period: str  # "2020", "2016-2020" or "mục tiêu 2015-2020"
    old: str  # as shown: "7,16 (ước đạt)"; "" when the figure is new
    new: str  # "" when the figure is gone
    places: tuple[int, ...] = ()  # 1-based paragraphs of the new document where it shows

    def describe(self) -> str:
        """One line in Vietnamese.

        >>> FigureChange("THU_NS", "Thu ngân sách", "2020", "1.683.240", "1.700.000", (3,)
        ...              ).describe()
        'Thu ngân sách (THU_NS), năm 2020: 1.683.240 → 1.700.000 — đoạn 3'
        >>> FigureChange("HO_NGHEO", "Tỷ lệ hộ nghèo", "mục tiêu 2015-2020", "dưới 8", ""
        ...              ).describe()
        'Tỷ lệ hộ nghèo (HO_NGHEO), mục tiêu 2015-2020: dưới 8 → (bỏ)'
        """
        when = f"năm {self.period}" if self.period.isdigit() else (
            self.period if self.period.startswith(_TARGET) else f"giai đoạn {self.period}")
        line = f"{self.name} ({self.code}), {when}: {self.old or '(chưa có)'} → {self.new or '(bỏ)'}"
        if self.places:
            line += " — " + ", ".join(f"đoạn {p}" for p in self.places)
        return line


@dataclass
class DocumentChange:
    """What a rebuild changed in one document."""

    relpath: str  # document/unit.docx
    unit: str  # the unit's full name
    written: str  # where the new build was written (relative to the output folder)
    kept: str | None = None  # the editor's file, left as it was
    tracked: str | None = None  # the tracked-changes copy
    figures: list[FigureChange] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # ParagraphChange.describe()
    first: bool = False  # no earlier build to compare with

    @property
    def reported(self) -> bool:
        """Whether the change report tells about it: a change, or an edited output kept."""
        return not self.first or self.kept is not None


def _shown(figure: Figure | None, decimals: int | None, style: Any) -> str:
    from .formatting import format_number

    if not figure:
        return ""
    if len(figure) == 1:
        return str(figure[0])
    value, status, illustrative = figure
    text = format_number(value, decimals=decimals, style=style)
    extras = [s for s in (status if status != "chính thức" else "",
                          "minh họa" if illustrative else "") if s]
    return f"{text} ({', '.join(extras)})" if extras else text


def figure_changes(old: Mapping[str, Figure], new: Mapping[str, Figure], data: Any, *,
                   style: Any = None, paragraphs: Sequence[Any] = ()) -> list[FigureChange]:
    """The figures that differ, in catalogue order, each with the paragraphs of the new
    document (``ParagraphChange`` list) where its new value shows."""
    from .formatting import format_number

    order = {code: i for i, code in enumerate(data.indicators)}
    out = []
    for key in sorted(set(old) | set(new),
                      key=lambda k: (order.get(k.partition("|")[0], 10**6), k)):
        if old.get(key) == new.get(key):
            continue
        code, _, period = key.partition("|")
        indicator = data.indicators.get(code)
        decimals = indicator.decimals if indicator else None
        places: tuple[int, ...] = ()
        fig = new.get(key)
        if fig and len(fig) == 3:
            forms = {format_number(fig[0], decimals=decimals, style=style),
                     format_number(fig[0], style=style)}
            places = tuple(sorted({
                c.index + 1 for c in paragraphs
                if c.kind != "deleted" and c.footnote is None and c.index is not None
                and any(f in n for f in forms for _, n in c.replacements)}))
        # shown without trailing zeros: the report lists the values as entered ("7,2", not
        # the catalogue's "7,20"; the document prints them with shown_decimals)
        out.append(FigureChange(code, indicator.name if indicator else code, period,
                                _shown(old.get(key), None, style),
                                _shown(fig, None, style), places))
    return out


def report_lines(change: DocumentChange) -> list[str]:
    """The lines of one document's section of the report (Markdown list items)."""
    lines = []
    if change.kept:
        lines.append(f"- Bản «{change.kept}» đã được sửa sau khi dựng: giữ nguyên; "
                     f"bản mới ghi ở «{change.written}».")
    if change.tracked:
        lines.append(f"- Bản có theo dõi thay đổi (chấp nhận / từ chối trong Word): "
                     f"«{change.tracked}».")
    if change.first:
        lines.append("- Chưa có bản dựng trước để so sánh.")
    if change.figures:
        lines.append("- Số liệu thay đổi:")
        lines += [f"  - {f.describe()}" for f in change.figures]
    elif not change.first:
        lines.append("- Không có số liệu nào thay đổi (mẫu, nội dung hoặc cấu hình thay đổi).")
    if change.paragraphs:
        lines.append("- Đoạn thay đổi trong văn bản:")
        lines += [f"  - {p}" for p in change.paragraphs]
    return lines


def render_report(changes: Sequence[DocumentChange], *, project: str, round_: int) -> str:
    """The change report of one build, in Markdown (Vietnamese)."""
    out = [f"# Báo cáo thay đổi — {project}", "",
           f"Lần dựng thứ {round_}: {len(changes)} văn bản được dựng lại có nội dung mới.", ""]
    for change in sorted(changes, key=lambda c: c.relpath):
        out += [f"## {change.relpath} — {change.unit}", "", *report_lines(change), ""]
    return "\n".join(out).rstrip("\n") + "\n"
