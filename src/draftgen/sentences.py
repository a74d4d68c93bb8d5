"""Sentences about indicators, written from a short pattern an editor can read and change.

A *pattern* (mẫu câu) is Vietnamese text with placeholders in square brackets::

    [tên] [kỳ] [đạt][mục tiêu][so sánh]

=================  ==========================================================================
placeholder        what it becomes (figures formatted by the project's filters)
=================  ==========================================================================
``[tên]``          the indicator's name, first letter lower-cased (acronyms kept)
``[kỳ]``           "năm 2025" or "giai đoạn 2021 - 2025": the period of the result
``[đạt]``          the verb chosen by the kind of indicator, with the figure: "ước đạt 7,16%",
                   "chiếm 50,05%", "ước còn 1,36%" (lower is better), "xếp thứ 36" (rank)
``[trạng thái]``   "ước ", "dự ước " or nothing, from the data's status
``[giá trị]``      the figure with its unit: "7,16%", "317 trường"
``[số]``           the bare number: "317"
``[số lượng]``     a count with what is counted, from the name "Số xã đạt chuẩn …":
                   "74 xã đạt chuẩn …"
``[mục tiêu]``     " (mục tiêu 7 - 7,5%)" when the term has a target, else nothing
``[so sánh]``      ", tăng 4,2 điểm phần trăm so với năm 2020" when the start of the term
                   is on the same basis (same source document), else nothing
``[chú thích]``    the data note as a footnote; written at the end when not placed
=================  ==========================================================================

Without a pattern of its own (catalogue column ``mau_cau``), an indicator gets the pattern of
its kind (:data:`KIND_PATTERNS`). Several indicators of one group make one sentence, clauses
joined by "; ", the period said once at the head when they share it::

    Năm 2025, tỷ lệ thôn có nhà văn hóa đạt 99,6%; tỷ lệ người tập luyện … đạt 37,6%.

A name that already says "đạt" ("Số trường đạt chuẩn") never gets "đạt" again as its verb.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import jinja2

from .errors import TemplateError
from .formatting import lower_first

__all__ = ["KIND_PATTERNS", "PLACEHOLDERS", "render_clause", "render_sentences",
           "sentence_filters"]

#: Default pattern by catalogue kind (column ``loai``).
KIND_PATTERNS = {
    "tốc độ": "[tên] [kỳ] [đạt][mục tiêu]",
    "tỷ trọng": "[tên] [kỳ] [trạng thái]chiếm [giá trị][mục tiêu][so sánh]",
    "số đếm": "[kỳ], [trạng thái]có [số lượng][mục tiêu][so sánh]",
    "tỷ lệ": "[tên] [kỳ] [đạt][mục tiêu][so sánh]",
    "mức": "[tên] [kỳ] [đạt][mục tiêu][so sánh]",
}
#: A growth rate over several years: "… bình quân giai đoạn 2021 - 2025 ước đạt 7,16%/năm".
GROWTH_OVER_TERM = "[tên] bình quân [kỳ] [đạt]/năm[mục tiêu]"
#: A count whose name does not start with what it counts.
COUNT_PLAIN = "[tên] [kỳ] [đạt][mục tiêu][so sánh]"

PLACEHOLDERS = ("tên", "kỳ", "đạt", "trạng thái", "giá trị", "số", "số lượng", "mục tiêu",
                "so sánh", "chú thích")
_SLOT = re.compile(r"\[([^\[\]]+)\]")
_MARK = " [minh họa]"  # draftgen.filters.ILLUSTRATIVE_MARKER
_STATUS_LEAD = {"chính thức": "", "ước đạt": "ước ", "dự ước": "dự ước "}


def _kind(view: Any) -> str:
    kind = str(getattr(view, "kind", ""))
    return {"growth": "tốc độ", "share": "tỷ trọng", "count": "số đếm", "ratio": "tỷ lệ",
            "level": "mức"}.get(kind, kind)


def _counted(view: Any) -> str | None:
    """What a count counts, taken from its name: "Số xã đạt chuẩn …" with unit "xã" →
    "xã đạt chuẩn …"; None when the name does not read so."""
    name = str(view.name)
    uom = str(getattr(view, "display_uom", "") or view.uom)
    if not name.startswith("Số ") or not uom:
        return None
    rest = name[3:]
    return rest if rest == uom or rest.startswith(uom + " ") else None


def default_pattern(view: Any) -> str:
    """The pattern an indicator gets when the catalogue gives none.

    >>> from types import SimpleNamespace as NS
    >>> default_pattern(NS(kind="count", name="Số xã đạt chuẩn nông thôn mới", uom="xã",
    ...                    display_uom="xã", pattern="", has_period=False))
    '[kỳ], [trạng thái]có [số lượng][mục tiêu][so sánh]'
    >>> default_pattern(NS(kind="growth", name="Tốc độ tăng GRDP", uom="%", display_uom="%",
    ...                    pattern="", has_period=True))
    '[tên] bình quân [kỳ] [đạt]/năm[mục tiêu]'
    """
    own = str(getattr(view, "pattern", "") or "")
    if own:
        return own
    kind = _kind(view)
    if kind == "tốc độ" and getattr(view, "has_period", False) \
            and "bình quân" not in str(view.name):
        return GROWTH_OVER_TERM
    if kind == "số đếm" and _counted(view) is None:
        return COUNT_PLAIN
    return KIND_PATTERNS.get(kind, KIND_PATTERNS["mức"])


def _slots(view: Any, f: dict[str, Callable[..., Any]], fn: Callable[..., str] | None,
           period: str | None) -> dict[str, Callable[[], str]]:
    fact = view.achieved
    status = str(getattr(fact.status, "value", fact.status))

    def reach() -> str:
        text = f["estimate"](fact)
        if " đạt " in f" {view.name} " and re.match(r"^(ước |dự ước )?đạt ", text):
            return re.sub(r"^((?:ước |dự ước )?)đạt ", r"\1là ", text)
        return text

    def counted() -> str:
        rest = _counted(view)
        number = f["num"](fact)
        if rest is None:
            return f["qty"](fact)
        uom = str(getattr(view, "display_uom", "") or view.uom)
        marker = ""
        if number.endswith(_MARK):
            number, marker = number[: -len(_MARK)], _MARK
        return f"{number} {rest}{marker}" if rest != uom else f"{number} {uom}{marker}"

    def target() -> str:
        if not getattr(view, "has_target", False):
            return ""
        t = view.target
        if getattr(t, "qualitative", False):
            return ""
        return f" (mục tiêu {f['target'](t)})"

    def compare() -> str:
        if not (view.has_value and view.has_baseline and not view.has_period
                and _kind(view) != "tốc độ" and f["comparable"](view.value, view.baseline)):
            return ""
        return ", " + f["change"](view.value, view.baseline)

    def note() -> str:
        text = getattr(fact, "note", "") or ""
        return fn(text) if (text and fn is not None) else ""

    return {
        "tên": lambda: lower_first(str(view.name)),
        "kỳ": lambda: f["period"](fact) if period is None else period,
        "đạt": reach,
        "trạng thái": lambda: _STATUS_LEAD.get(status, ""),
        "giá trị": lambda: f["qty"](fact),
        "số": lambda: f["num"](fact),
        "số lượng": counted,
        "mục tiêu": target,
        "so sánh": compare,
        "chú thích": note,
    }


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    text = re.sub(r"\s+([,;.])", r"\1", text)
    text = re.sub(r"^[,;]\s*", "", text)
    return text


def render_clause(view: Any, f: dict[str, Callable[..., Any]], *, pattern: str | None = None,
                  fn: Callable[..., str] | None = None, period: str | None = None) -> str:
    """One clause for one indicator (no capital, no final stop); ``period=""`` leaves the
    period out (said once at the head of a joined sentence)."""
    pattern = pattern or default_pattern(view)
    slots = _slots(view, f, fn, period)
    placed_note = "[chú thích]" in pattern

    def fill(m: re.Match) -> str:
        written = m.group(1).strip()
        key = written.lower()
        if key not in slots:
            raise TemplateError(
                f"mẫu câu «{pattern}» của chỉ tiêu {view.code} có chỗ trống lạ «[{written}]»",
                hint="các chỗ trống được dùng: " + ", ".join(f"[{p}]" for p in PLACEHOLDERS))
        value = slots[key]()
        # "[Tên]", "[Kỳ]": written with a capital, the value starts with one.
        return _capital(value) if written[:1].isupper() else value

    text = _tidy(_SLOT.sub(fill, pattern))
    # an invented figure is marked once, at the end of its clause ("7,89%/năm [minh họa]")
    if _MARK in text and not text.endswith(_MARK):
        text = text.replace(_MARK, "") + _MARK
    if not placed_note:
        text += slots["chú thích"]()
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def render_sentences(views: Iterable[Any], f: dict[str, Callable[..., Any]], *,
                     pattern: str | None = None, fn: Callable[..., str] | None = None,
                     bare: bool = False) -> str:
    """Sentences for indicators: one per group (catalogue ``nhom``) of consecutive views;
    ``bare``: the clauses only, without capital and full stop, to sit inside a sentence."""
    groups: list[list[Any]] = []
    for v in views:
        if groups and getattr(groups[-1][-1], "group", None) == getattr(v, "group", None):
            groups[-1].append(v)
        else:
            groups.append([v])
    out = []
    for group in groups:
        # Runs of clauses on the same period say it once, at the head of the run.
        runs: list[list[Any]] = []
        for v in group:
            if runs and f["period"](runs[-1][-1].achieved) == f["period"](v.achieved):
                runs[-1].append(v)
            else:
                runs.append([v])
        parts = []
        for run in runs:
            if len(run) > 1:
                head = f["period"](run[0].achieved) + ", "
                parts.append(head + "; ".join(
                    render_clause(v, f, pattern=pattern, fn=fn, period="") for v in run))
            else:
                parts.append(render_clause(run[0], f, pattern=pattern, fn=fn))
        out.append("; ".join(parts) if bare else _capital("; ".join(parts)) + ".")
    return "; ".join(out) if bare else " ".join(out)


# Indicators already written in a render (by a content file), keyed by the render's ``ind``.
_CITED: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()


class _FactView:
    """A single figure (a ``Fact``) seen as an indicator of the context: its own period,
    no target, no start of term to compare with."""

    def __init__(self, fact: Any):
        ind = fact.indicator
        self.achieved = self.value = fact
        self.code, self.name, self.uom = ind.code, ind.name, ind.uom
        self.display_uom = ind.display_uom or ind.uom
        self.kind = getattr(ind.kind, "value", ind.kind)
        self.group, self.pattern = ind.group, getattr(ind, "pattern", "")
        self.has_achieved = fact.value is not None
        self.has_period = "-" in str(fact.period)
        self.has_value = self.has_baseline = self.has_target = False


def _as_views(value: Any) -> list[Any]:
    if hasattr(value, "achieved"):
        return [value]
    if hasattr(value, "indicator") and hasattr(value, "period"):
        return [_FactView(value)]
    return [v if hasattr(v, "achieved") else _FactView(v) for v in value]


def sentence_filters(f: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """``sentence`` and ``clause`` (filters and functions) and ``uncited`` (filter), bound
    to filters ``f``:

    ``{{ sentence(ind.with_data("kinh tế", ["tăng trưởng"])) }}``,
    ``{{ ind.GRDP_TANG_TRUONG|sentence("[tên] [kỳ] [đạt]") }}``; ``clause``: the same without
    capital and full stop, inside a sentence of the text; ``list|uncited`` keeps the
    indicators no ``sentence`` has written yet in this document.
    """

    @jinja2.pass_context
    def sentence(context: Any, value: Any, pattern: str | None = None,
                 bare: bool = False) -> str:
        """ind.X, a list of them or a figure → sentences from the catalogue's pattern (or
        the pattern given), one per group: "[tên] [kỳ] [đạt][mục tiêu][so sánh]"."""
        views = [v for v in _as_views(value) if v.has_achieved]
        ind = context.get("ind")
        if ind is not None:
            try:
                _CITED.setdefault(ind, set()).update(v.code for v in views)
            except TypeError:
                pass
        fn = context.get("fn")
        return render_sentences(views, f, pattern=pattern, fn=fn if callable(fn) else None,
                                bare=bare)

    @jinja2.pass_context
    def clause(context: Any, value: Any, pattern: str | None = None) -> str:
        """The same as ``sentence`` without capital and full stop: a figure inside a
        sentence of the text ("[Tên]" capitalises the name)."""
        return sentence(context, value, pattern, bare=True)

    @jinja2.pass_context
    def uncited(context: Any, value: Any) -> list[Any]:
        """The indicators of the list that no ``sentence``/``clause`` has written yet."""
        ind = context.get("ind")
        done = _CITED.get(ind, set()) if ind is not None else set()
        return [v for v in _as_views(value) if v.code not in done]

    return {"sentence": sentence, "clause": clause, "uncited": uncited}
