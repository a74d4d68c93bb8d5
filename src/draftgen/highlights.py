"""Achievements chosen from the data, for propaganda outlines and summaries.

For one field of the catalogue ("kinh tế", "xây dựng Đảng" …) and the unit of the context,
every indicator with a result for the term is a candidate; the candidates are ranked

1. by their assessment against the resolution's target: ``vượt`` before ``đạt`` before
   indicators without a target (a target not met is not an achievement: left out);
2. real figures before illustrative (invented) ones;
3. by their relative improvement over the start of the term, in the indicator's good
   direction (a figure that got worse is left out);
4. by their order in the catalogue (ties).

The best ``n`` are returned, in catalogue order (so they read by theme) or in rank order.
Each :class:`Highlight` carries its figures and a sentence written with the project's
phrase filters (``fromto``, ``times``, ``change``, ``estimate``, ``target``), e.g.
"Tỷ lệ che phủ rừng tăng từ 54,5% năm 2015 lên 63% năm 2020, vượt mục tiêu Nghị quyết đề ra
(62%)". Templates use it as is (``{{ h.text }}{{ h|note }}.``) or write their own from
``h.fact``, ``h.baseline``, ``h.target``.

Template functions (registered in the environment): ``highlights(field, group=None, n=5,
order="catalogue")`` and ``highlight_groups(field, n=8)`` (the chosen ones, grouped by the
catalogue's group, for one paragraph per group).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2

from .errors import TemplateError, suggest
from .model import Fact, Kind

__all__ = ["Highlight", "HighlightGroup", "candidates", "choose", "highlight_globals",
           "rank_key"]

ASSESSMENT_RANK = {"vượt": 0, "đạt": 1, None: 2}
TIMES_FROM = 1.5  # a level at least 1,5 times its baseline is written "gấp … lần"


@dataclass
class Highlight:
    """One achievement: an indicator's result for the term, and a sentence about it."""

    indicator: Any  # the template's IndicatorView
    fact: Fact  # the result: the value over the term if the data has one, else the report year
    baseline: Fact | None  # the value at the start of the term, when it compares with fact
    target: Any | None  # the TargetView of the term, when the indicator has one
    assessment: str | None  # "vượt", "đạt" or None (no target)
    improvement: float | None  # relative change over the baseline, in the good direction
    order: int  # place in the catalogue
    text: str = ""  # the sentence, without a final full stop

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def group(self) -> str:
        return self.indicator.group

    @property
    def note(self) -> str:
        """The note of the figure: ``{{ h|note }}`` makes it a footnote."""
        return self.fact.note

    @property
    def illustrative(self) -> bool:
        return self.fact.illustrative or bool(self.baseline and self.baseline.illustrative)

    def __str__(self) -> str:
        return self.text


@dataclass
class HighlightGroup:
    """The chosen achievements of one group of the catalogue (``g.name``, ``g.items``)."""

    name: str
    items: list[Highlight] = field(default_factory=list)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# --------------------------------------------------------------------------- selection


def rank_key(h: Highlight) -> tuple:
    """Sort key: assessment (vượt, đạt, no target), real before illustrative, then
    improvement (largest first; none last), then catalogue order."""
    improvement = -h.improvement if h.improvement is not None else float("inf")
    return (ASSESSMENT_RANK.get(h.assessment, 3), h.illustrative, improvement, h.order)


def _improvement(fact: Fact, baseline: Fact | None, good_direction: int) -> float | None:
    if baseline is None or baseline.value in (None, 0) or fact.value is None:
        return None
    return (fact.value - baseline.value) / abs(baseline.value) * good_direction


def _candidate(view: Any, order: int, term: Any) -> Highlight | None:
    """The achievement an indicator makes, or None when it is not one."""
    if not view.has_achieved:
        return None
    fact = view.achieved
    if fact.value is None:
        return None
    good = view.good_direction
    baseline = None
    if fact.period.isdigit() and int(fact.period) != term.start and view.has(term.start):
        baseline = view.at(term.start)
    target, assessment = None, None
    if view.has_target:
        target = view.target
        assessment = target.assessment
        if assessment not in ("vượt", "đạt"):
            return None  # not met: not an achievement
    improvement = _improvement(fact, baseline, good)
    if improvement is not None and improvement < 0:
        return None  # got worse
    if baseline is not None and improvement == 0 and assessment is None:
        return None  # unchanged
    if assessment is None and baseline is None:
        # a bare figure is an achievement only when more is better and it is positive
        if good < 0 or fact.value <= 0:
            return None
    if fact.indicator.kind is Kind.GROWTH and fact.value < 0 and assessment is None:
        return None
    return Highlight(view, fact, baseline, target, assessment, improvement, order)


def candidates(ind: Any, doc: Any, field: str, group: str | None = None) -> list[Highlight]:
    """Every achievement of a field (and group) for the unit of ``ind``, in catalogue order."""
    catalogue = ind._ctx.data.indicators  # the catalogue, in its order
    fields = list(dict.fromkeys(i.field for i in catalogue.values()))
    if field not in fields:
        raise TemplateError(f"danh mục chỉ tiêu không có lĩnh vực «{field}»",
                            hint=suggest(field, fields)
                            or "các lĩnh vực: " + ", ".join(f"«{f}»" for f in fields))
    if group is not None:
        groups = list(dict.fromkeys(i.group for i in catalogue.values() if i.field == field))
        if group not in groups:
            raise TemplateError(f"lĩnh vực «{field}» không có nhóm «{group}»",
                                hint=suggest(group, groups)
                                or "các nhóm: " + ", ".join(f"«{g}»" for g in groups))
    out = []
    for order, indicator in enumerate(catalogue.values()):
        if indicator.field != field or (group is not None and indicator.group != group):
            continue
        if not ind.has(indicator.code):
            continue
        h = _candidate(ind[indicator.code], order, doc.term)
        if h is not None:
            out.append(h)
    return out


def choose(items: Sequence[Highlight], n: int = 5, order: str = "catalogue") -> list[Highlight]:
    """The best ``n`` by :func:`rank_key`, in catalogue or rank order."""
    if order not in ("catalogue", "rank"):
        raise TemplateError(f"thứ tự «{order}» không hợp lệ", hint='dùng "catalogue" hoặc "rank"')
    best = sorted(items, key=rank_key)[:max(int(n), 0)]
    return best if order == "rank" else sorted(best, key=lambda h: h.order)


# --------------------------------------------------------------------------- sentences


def _lower_first(text: str) -> str:
    # "Số xã …" → "số xã …"; "GRDP bình quân …" stays as it is
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


_LOWER_WORDS = {"đạt": "còn", "ước đạt": "ước còn", "dự ước": "dự ước còn"}


def _reached(fact: Fact, f: dict[str, Callable[..., str]]) -> str:
    """"đạt 99%", "ước đạt 95%"; for a figure where less is better, "còn 13,6%"."""
    if fact.indicator.good_direction >= 0:
        return f["estimate"](fact)
    word = f["est_word"](fact)
    return f"{_LOWER_WORDS.get(word, word)} {f['qty'](fact)}"


def sentence(h: Highlight, filters: dict[str, Callable[..., str]]) -> str:
    """The sentence of an achievement, with figures written by the phrase filters."""
    f, fact, name = filters, h.fact, h.name
    kind = fact.indicator.kind
    if not fact.period.isdigit():  # a value over the period: average rate or total
        span = f["period"](fact)
        if kind is Kind.GROWTH and "bình quân" not in name:
            text = f"{name} bình quân {span} {f['estimate'](fact)}"
        else:
            text = f"{name} {span} {f['estimate'](fact)}"
    elif h.baseline is not None and kind.is_rate:
        text = f"{name} {f['fromto'](h.baseline, fact)}"
    elif h.baseline is not None:
        ratio = fact.value / h.baseline.value if h.baseline.value else 0  # type: ignore[operator]
        compare = (f["times"](fact, h.baseline, decimals=1) if ratio >= TIMES_FROM
                   else f["change"](fact, h.baseline))
        text = f"Năm {fact.period}, {_lower_first(name)} {f['estimate'](fact)}, {compare}"
    else:
        text = f"Năm {fact.period}, {_lower_first(name)} {_reached(fact, f)}"
    if h.assessment in ("vượt", "đạt") and h.target is not None:
        text += f", {h.assessment} mục tiêu Nghị quyết đề ra ({f['target'](h.target)})"
    return text


# --------------------------------------------------------------------------- template functions


def _views(context: jinja2.runtime.Context) -> tuple[Any, Any]:
    ind, doc = context.get("ind"), context.get("doc")
    if ind is None or doc is None:
        raise TemplateError("highlights() cần ngữ cảnh có «ind» và «doc»")
    return ind, doc


def _filters(context: jinja2.runtime.Context) -> dict[str, Callable[..., str]]:
    filters = context.environment.filters
    if "fromto" in filters:
        return filters  # type: ignore[return-value]
    from .filters import make_filters
    from .style import Style

    return make_filters(Style())


@jinja2.pass_context
def highlights(context: jinja2.runtime.Context, field: str, group: str | None = None,
               n: int = 5, order: str = "catalogue") -> list[Highlight]:
    """``{% for h in highlights("kinh tế", n=6) %}{{ h.text }}{{ h|note }}. {% endfor %}``"""
    ind, doc = _views(context)
    chosen = choose(candidates(ind, doc, field, group), n, order)
    filters = _filters(context)
    for h in chosen:
        h.text = sentence(h, filters)
    return chosen


@jinja2.pass_context
def highlight_groups(context: jinja2.runtime.Context, field: str, n: int = 8,
                     order: str = "catalogue") -> list[HighlightGroup]:
    """The best ``n`` of a field, grouped by the catalogue's group (groups in catalogue
    order): one paragraph per group."""
    groups: dict[str, HighlightGroup] = {}
    for h in highlights(context, field, None, n, "catalogue"):
        groups.setdefault(h.group, HighlightGroup(h.group)).items.append(h)
    out = list(groups.values())
    if order == "rank":
        for g in out:
            g.items.sort(key=rank_key)
    return out


def highlight_globals() -> dict[str, Callable[..., Any]]:
    """Functions to register in an environment."""
    return {"highlights": highlights, "highlight_groups": highlight_groups}
