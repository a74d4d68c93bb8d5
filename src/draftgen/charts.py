"""Charts drawn from the data, placed in a document by the template.

Two layers:

- pure drawing: :func:`growth_chart` (a yearly rate, one bar per year, with the average of
  the period as a dashed line) and :func:`structure_chart` (stacked shares of sectors at
  a few years) take :class:`~draftgen.model.Fact` values and return PNG bytes. Same data →
  same bytes: fixed size and resolution, no timestamp or software name in the file;
- template functions: ``has_chart(name)``, ``chart_caption(name)`` and ``chart(name, width=…)``
  find the data of a named chart in the template context (``ind``, ``doc``). ``chart``
  needs the document being rendered, so :func:`draftgen.render.render_docx` injects it per
  render (:func:`chart_function`); elsewhere it is a clear error.

A chart with an invented (illustrative) value says so on the image ("Số liệu minh họa")
and its caption ends with the usual ``[minh họa]`` marker: an invented number is never
presented as real.

Charts: ``"tang-truong"`` — GRDP growth by year over the term (``GRDP_TANG_TRUONG``),
available when the unit has at least two yearly values in the term; ``"co-cau"`` —
economic structure (``TY_TRONG_*``) at the start of the term and the report year,
available when the report year has at least two sectors (the start is drawn when present).
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from .errors import TemplateError
from .filters import ILLUSTRATIVE_MARKER
from .formatting import format_number
from .model import Fact, Status

__all__ = [
    "CHARTS",
    "ILLUSTRATIVE_NOTE",
    "ChartSpec",
    "chart_function",
    "chart_globals",
    "chart_spec",
    "growth_chart",
    "structure_chart",
]

#: Written on the image of a chart drawn from at least one illustrative value.
ILLUSTRATIVE_NOTE = "Số liệu minh họa, không phải số liệu chính thức"

GROWTH_CODE = "GRDP_TANG_TRUONG"
STRUCTURE_CODES = ("TY_TRONG_NONG_LAM", "TY_TRONG_CN_XD", "TY_TRONG_DICH_VU", "TY_TRONG_THUE_SP")

# Short sector names for the legend.
SECTOR_LABELS = {
    "TY_TRONG_NONG_LAM": "Nông, lâm nghiệp và thủy sản",
    "TY_TRONG_CN_XD": "Công nghiệp - xây dựng",
    "TY_TRONG_DICH_VU": "Dịch vụ",
    "TY_TRONG_THUE_SP": "Thuế sản phẩm trừ trợ cấp sản phẩm",
}

DPI = 150  # sharp enough for print at the width of a page column; cheaper to draw
FONT_FAMILIES = ["Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif"]
BAR_COLOR = "#1f4e79"
AVERAGE_COLOR = "#c00000"
SECTOR_COLORS = ["#548235", "#1f4e79", "#bf8f00", "#7f7f7f", "#843c0c", "#2e75b6"]
NOTE_COLOR = "#c00000"

Number = Callable[[float, "int | None"], str]


def _default_number(value: float, decimals: int | None) -> str:
    return format_number(value, decimals=decimals)


# --------------------------------------------------------------------------- drawing


def _figure(width_mm: float, height_mm: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _rc() -> dict[str, Any]:
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    families = [f for f in FONT_FAMILIES if f in installed] or ["DejaVu Serif"]
    return {
        "font.family": "serif",
        "font.serif": families,
        "font.size": 10,
        "axes.titlesize": 10,
        "axes.labelsize": 10,
        "xtick.labelsize": 10,
        "ytick.labelsize": 9,
        "legend.fontsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "draftgen",
        "hatch.color": "#ffffff",
        "hatch.linewidth": 0.6,
        "path.simplify": False,
    }


def _png(fig) -> bytes:
    buf = io.BytesIO()
    # fast zlib level: a chart is drawn for every unit of a batch; the file grows a little
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None},
                pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _year_label(fact: Fact) -> str:
    label = str(fact.period)
    if fact.status == Status.ESTIMATE:
        label += "\n(ước)"
    elif fact.status == Status.PROJECTION:
        label += "\n(dự ước)"
    return label


def _illustrative_note(fig) -> None:
    fig.text(0.99, 0.99, ILLUSTRATIVE_NOTE, ha="right", va="top", fontsize=9,
             fontstyle="italic", color=NOTE_COLOR,
             bbox={"boxstyle": "square,pad=0.3", "facecolor": "white",
                   "edgecolor": NOTE_COLOR, "linewidth": 0.8})


def _check(facts: Sequence[Fact]) -> None:
    for f in facts:
        if f.value is None:
            raise TemplateError(f"chỉ tiêu {f.indicator.code!r} kỳ {f.period} không có số liệu "
                                "để vẽ biểu đồ")


def growth_chart(series: Sequence[Fact], *, average: Fact | None = None,
                 width_mm: float = 150, height_mm: float = 75,
                 number: Number | None = None) -> bytes:
    """A bar per year of a rate (GRDP growth), its value on top, the average of the period
    as a dashed line. Returns PNG bytes; the same data gives the same bytes."""
    import matplotlib
    from matplotlib.ticker import FuncFormatter

    number = number or _default_number
    if not series:
        raise TemplateError("không có số liệu để vẽ biểu đồ tăng trưởng")
    _check([*series, *([average] if average is not None else [])])
    values = [float(f.value) for f in series]  # type: ignore[arg-type]
    decimals = series[0].indicator.decimals
    unit = series[0].indicator.display_uom or series[0].indicator.uom
    illustrative = any(f.illustrative for f in series) or bool(average and average.illustrative)
    with matplotlib.rc_context(_rc()):
        fig = _figure(width_mm, height_mm)
        ax = fig.add_subplot(1, 1, 1)
        xs = list(range(len(series)))
        hatch = "/" if illustrative else None
        bars = ax.bar(xs, values, width=0.55, color=BAR_COLOR, edgecolor="white",
                      hatch=hatch, linewidth=0.5, zorder=2)
        top = max([0.0, *values, *([float(average.value)] if average else [])])  # type: ignore[arg-type]
        bottom = min([0.0, *values])
        span = (top - bottom) or 1.0
        for bar, v in zip(bars, values):
            y = v + span * 0.02 if v >= 0 else v - span * 0.02
            ax.text(bar.get_x() + bar.get_width() / 2, y, number(v, decimals),
                    ha="center", va="bottom" if v >= 0 else "top", fontsize=10, zorder=4,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.8})
        if average is not None:
            avg = float(average.value)  # type: ignore[arg-type]
            label = f"Bình quân {_period_words(average.period)}: {number(avg, decimals)}"
            label += "%" if unit == "%" else f" {unit}"
            if average.status == Status.ESTIMATE:
                label += " (ước)"
            ax.axhline(avg, color=AVERAGE_COLOR, linestyle="--", linewidth=1.2, zorder=3,
                       label=label)
            ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), frameon=False,
                      borderaxespad=0.2, handlelength=2.5)
        ax.set_xticks(xs, [_year_label(f) for f in series])
        ax.set_xlim(-0.6, len(series) - 0.4)
        ax.set_ylim(bottom - span * 0.12 if bottom < 0 else 0, top + span * 0.15)
        ax.axhline(0, color="black", linewidth=0.8, zorder=1)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v, None)))
        ax.set_ylabel(unit)
        ax.grid(axis="y", color="#d9d9d9", linewidth=0.5, zorder=0)
        if illustrative:
            _illustrative_note(fig)
        # fixed margins, not tight_layout: that would draw the whole figure once more
        fig.subplots_adjust(left=0.09, right=0.99, bottom=0.17,
                            top=0.80 if illustrative else 0.86)
        return _png(fig)


def structure_chart(columns: Sequence[tuple[str, Sequence[Fact]]], *,
                    labels: dict[str, str] | None = None,
                    width_mm: float = 150, height_mm: float = 85,
                    number: Number | None = None) -> bytes:
    """Stacked shares (economic structure) at a few years: ``columns`` is a list of
    (column label, facts of the sectors); a sector is one colour in every column, in the
    order of first appearance; each segment carries its share. Returns PNG bytes."""
    import matplotlib
    from matplotlib.ticker import FuncFormatter

    number = number or _default_number
    labels = {**SECTOR_LABELS, **(labels or {})}
    if not columns:
        raise TemplateError("không có số liệu để vẽ biểu đồ cơ cấu")
    for _, facts in columns:
        _check(facts)
    codes: list[str] = []
    names: dict[str, str] = {}
    for _, facts in columns:
        for f in facts:
            if f.indicator.code not in codes:
                codes.append(f.indicator.code)
                names[f.indicator.code] = labels.get(f.indicator.code) or _sector_name(
                    f.indicator.name)
    illustrative = any(f.illustrative for _, facts in columns for f in facts)
    with matplotlib.rc_context(_rc()):
        fig = _figure(width_mm, height_mm)
        ax = fig.add_subplot(1, 1, 1)
        xs = list(range(len(columns)))
        bottoms = [0.0] * len(columns)
        hatch = "/" if illustrative else None
        for i, code in enumerate(codes):
            heights = []
            for _, facts in columns:
                fact = next((f for f in facts if f.indicator.code == code), None)
                heights.append(float(fact.value) if fact is not None else 0.0)  # type: ignore[arg-type]
            color = SECTOR_COLORS[i % len(SECTOR_COLORS)]
            ax.bar(xs, heights, bottom=bottoms, width=0.5, color=color, edgecolor="white",
                   linewidth=0.8, hatch=hatch, label=names[code], zorder=2)
            for x, h, b in zip(xs, heights, bottoms):
                if h >= 6:
                    ax.text(x, b + h / 2, number(h, 2) + "%", ha="center", va="center",
                            fontsize=9, color="white", fontweight="bold", zorder=4,
                            bbox={"facecolor": color, "edgecolor": "none", "pad": 1.2})
                elif h > 0:  # a thin segment: its share beside the bar
                    ax.text(x + 0.27, b + h / 2, number(h, 2) + "%", ha="left",
                            va="center", fontsize=8.5, zorder=4)
            bottoms = [b + h for b, h in zip(bottoms, heights)]
        ax.set_xticks(xs, [label for label, _ in columns])
        ax.set_xlim(-0.6, len(columns) - 0.4)
        ax.set_ylim(0, max(100.0, *bottoms))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v, None) + "%"))
        handles, texts = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], texts[::-1], loc="center left", bbox_to_anchor=(1.02, 0.5),
                  frameon=False)
        if illustrative:
            _illustrative_note(fig)
        fig.subplots_adjust(left=0.09, right=0.56, bottom=0.13,
                            top=0.88 if illustrative else 0.96)
        return _png(fig)


def warm_up() -> None:
    """Load matplotlib and its fonts in this process (before forking workers), by drawing
    a small chart and dropping it."""
    from .model import Indicator, Kind

    probe = Indicator("_", "_", "%", "", Kind.GROWTH)
    growth_chart([Fact(1.0, probe, "2000"), Fact(2.5, probe, "2001")], width_mm=40,
                 height_mm=30)


def _sector_name(name: str) -> str:
    text = re.sub(r"^Tỷ trọng (ngành )?", "", name)
    text = re.sub(r" trong (cơ cấu kinh tế|GRDP)$", "", text)
    return text[:1].upper() + text[1:]


def _period_words(period: str) -> str:
    if "-" in period:
        start, end = period.split("-", 1)
        return f"{start} - {end}"
    return f"năm {period}"


# --------------------------------------------------------------------------- from the context


@dataclass(frozen=True)
class ChartSpec:
    """What a named chart would show for the unit of the context."""

    name: str
    available: bool
    caption: str
    illustrative: bool
    draw: Callable[[Number], bytes]
    why: str = ""  # why it is not available


def _years_words(years: Sequence[int]) -> str:
    if len(years) >= 2 and list(years) == list(range(years[0], years[-1] + 1)):
        return f"giai đoạn {years[0]} - {years[-1]}" if len(years) > 2 \
            else f"năm {years[0]} và {years[-1]}"
    if len(years) == 1:
        return f"năm {years[0]}"
    return "các năm " + ", ".join(str(y) for y in years[:-1]) + f" và {years[-1]}"


def _growth(ind: Any, doc: Any, *, code: str = GROWTH_CODE, average: bool = True,
            width: float = 150, height: float = 75) -> ChartSpec:
    term = doc.term
    view = ind[code] if ind.has(code) else None
    years = [y for y in (view.years if view is not None else [])
             if term.start < y <= doc.report_year]
    series = [view.at(y) for y in years] if view is not None else []
    avg = view.at(term.period) if (average and view is not None and view.has(term.period)) \
        else None
    illustrative = any(f.illustrative for f in series) or bool(avg and avg.illustrative)
    name = view.name if view is not None else code
    title = _caption_name(code, name)
    caption = f"{title} {_years_words(years)} (%)" if years else title
    if illustrative:
        caption += ILLUSTRATIVE_MARKER

    def draw(number: Number) -> bytes:
        return growth_chart(series, average=avg, width_mm=width, height_mm=height,
                            number=number)

    why = "" if len(series) >= 2 else (
        f"cần số liệu ít nhất hai năm của chỉ tiêu {code} trong nhiệm kỳ {term}, "
        f"đơn vị chỉ có {len(series)}")
    return ChartSpec("tang-truong", len(series) >= 2, caption, illustrative, draw, why)


_CAPTIONS = {GROWTH_CODE: "Tốc độ tăng trưởng kinh tế (GRDP)"}


def _caption_name(code: str, name: str) -> str:
    return _CAPTIONS.get(code, name)


def _structure(ind: Any, doc: Any, *, codes: Sequence[str] = STRUCTURE_CODES,
               years: Sequence[int] | None = None,
               width: float = 150, height: float = 85) -> ChartSpec:
    wanted = list(years) if years is not None else [doc.term.start, doc.report_year]
    columns: list[tuple[str, list[Fact]]] = []
    shown: list[int] = []
    for year in dict.fromkeys(wanted):
        facts = [ind[c].at(year) for c in codes if ind.has(c) and ind[c].has(year)]
        if len(facts) >= 2:
            label = f"Năm {year}"
            status = max((f.status for f in facts), key=list(Status).index)
            if status == Status.ESTIMATE:
                label += "\n(ước)"
            elif status == Status.PROJECTION:
                label += "\n(dự ước)"
            columns.append((label, facts))
            shown.append(year)
    end = wanted[-1]
    available = end in shown
    illustrative = any(f.illustrative for _, facts in columns for f in facts)
    if shown:
        caption = "Cơ cấu kinh tế " + " và ".join(f"năm {y}" for y in shown) + " (%)"
    else:
        caption = "Cơ cấu kinh tế (%)"
    if illustrative:
        caption += ILLUSTRATIVE_MARKER

    def draw(number: Number) -> bytes:
        return structure_chart(columns, width_mm=width, height_mm=height, number=number)

    why = "" if available else (
        f"cần tỷ trọng của ít nhất hai ngành năm {end} ({', '.join(codes)})")
    return ChartSpec("co-cau", available, caption, illustrative, draw, why)


#: Named charts: name → builder(ind, doc, **options) → ChartSpec.
CHARTS: dict[str, Callable[..., ChartSpec]] = {
    "tang-truong": _growth,
    "co-cau": _structure,
}

_SIZE_OPTIONS = {"width", "height"}


def chart_spec(name: str, ind: Any, doc: Any, **options: Any) -> ChartSpec:
    """The named chart for the unit of ``ind`` and the document ``doc``."""
    builder = CHARTS.get(name)
    if builder is None:
        close = difflib.get_close_matches(name, list(CHARTS), n=1)
        raise TemplateError(
            f"không có biểu đồ «{name}»",
            hint=(f"có phải ý bạn là «{close[0]}»? " if close else "")
            + "các biểu đồ: " + ", ".join(f"«{n}»" for n in CHARTS),
        )
    try:
        return builder(ind, doc, **options)
    except TypeError as exc:
        raise TemplateError(f"biểu đồ «{name}»: tham số không hợp lệ ({exc})") from None


def _from_context(context: jinja2.runtime.Context, name: str, options: dict) -> ChartSpec:
    ind, doc = context.get("ind"), context.get("doc")
    if ind is None or doc is None:
        raise TemplateError("biểu đồ cần ngữ cảnh có «ind» và «doc»")
    return chart_spec(name, ind, doc, **options)


def _number(context: jinja2.runtime.Context) -> Number:
    num = context.environment.filters.get("num")
    if num is None:
        return _default_number
    return lambda value, decimals: num(value, decimals)


@jinja2.pass_context
def has_chart(context: jinja2.runtime.Context, name: str, **options: Any) -> bool:
    """``{% if has_chart("tang-truong") %}``: whether the unit has the data of the chart."""
    return _from_context(context, name, options).available


@jinja2.pass_context
def chart_caption(context: jinja2.runtime.Context, name: str, **options: Any) -> str:
    """``{{ chart_caption("co-cau") }}`` → ``Cơ cấu kinh tế năm 2015 và năm 2020 (%)``;
    ends with ``[minh họa]`` when the chart shows an illustrative value."""
    return _from_context(context, name, options).caption


def chart_png(context: jinja2.runtime.Context, name: str, **options: Any) -> bytes:
    """The PNG bytes of a named chart (for tests and tools)."""
    spec = _from_context(context, name, options)
    if not spec.available:
        raise _unavailable(spec)
    return spec.draw(_number(context))


def _unavailable(spec: ChartSpec) -> TemplateError:
    return TemplateError(
        f"không vẽ được biểu đồ «{spec.name}»: {spec.why}",
        hint=f'bọc biểu đồ và chú thích trong {{% if has_chart("{spec.name}") %}} … '
             "{% endif %}, hoặc bổ sung số liệu",
    )


def chart_function(tpl: Any) -> Callable[..., Any]:
    """The ``chart(name, width=150, height=…, **options)`` template function for one render
    of the ``docxtpl.DocxTemplate`` ``tpl``: returns an inline image ``width`` mm wide."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    @jinja2.pass_context
    def chart(context: jinja2.runtime.Context, name: str, **options: Any) -> InlineImage:
        spec = _from_context(context, name, options)
        if not spec.available:
            raise _unavailable(spec)
        width = float(options.get("width", 150))
        png = spec.draw(_number(context))
        return InlineImage(tpl, io.BytesIO(png), width=Mm(width))

    return chart


@jinja2.pass_context
def _chart_outside_render(context: jinja2.runtime.Context, name: str, **options: Any) -> str:
    raise TemplateError("chart() chỉ dùng được khi dựng văn bản .docx",
                        hint="dựng bằng draftgen build, hoặc gọi render_docx")


def chart_globals() -> dict[str, Callable[..., Any]]:
    """Functions to register in an environment: ``has_chart``, ``chart_caption`` and a
    ``chart`` that :func:`draftgen.render.render_docx` replaces for each render."""
    return {"has_chart": has_chart, "chart_caption": chart_caption,
            "chart": _chart_outside_render}
