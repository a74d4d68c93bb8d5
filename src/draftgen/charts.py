"""Charts drawn from the data, placed in a document by the template as native Word charts.

Two layers:

- chart data: :func:`growth_chart` (a yearly rate, one column per year, with the average of
  the period as a dashed line) and :func:`structure_chart` (stacked 100% columns of the
  shares of sectors at a few years) take :class:`~draftgen.model.Fact` values and return a
  :class:`~draftgen.oxml.chart.ChartData`; :mod:`draftgen.oxml.chart` writes it as a
  DrawingML chart part with its embedded workbook, so an editor can restyle the chart and
  edit its numbers in Word ("Edit Data"). Same data → same bytes;
- template functions: ``has_chart(name)``, ``chart_caption(name)`` and ``chart(name, width=…)``
  find the data of a named chart in the template context (``ind``, ``doc``). ``chart``
  needs the document being rendered, so :func:`draftgen.render.render_docx` injects it per
  render (:func:`chart_function`); elsewhere it is a clear error.

A chart with an invented (illustrative) value says so above the plot ("Số liệu minh họa"),
its columns are striped, and its caption ends with the usual ``[minh họa]`` marker: an
invented number is never presented as real.

Charts: ``"tang-truong"`` — GRDP growth by year over the term (``GRDP_TANG_TRUONG``),
available when the unit has at least two yearly values in the term; ``"co-cau"`` —
economic structure (``TY_TRONG_*``) at the start of the term and the report year,
available when the report year has at least two sectors (the start is drawn when present).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from .errors import TemplateError, suggest
from .filters import ILLUSTRATIVE_MARKER
from .formatting import format_number, shown_decimals
from .model import Fact, Status
from .oxml.chart import ChartData, Series

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

#: Written above the plot of a chart drawn from at least one illustrative value.
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

BAR_COLOR = "1F4E79"
AVERAGE_COLOR = "C00000"
SECTOR_COLORS = ["548235", "1F4E79", "BF8F00", "7F7F7F", "843C0C", "2E75B6"]

Number = Callable[[float, "int | None"], str]


def _default_number(value: float, decimals: int | None) -> str:
    return format_number(value, decimals=decimals)


# --------------------------------------------------------------------------- chart data


def number_format(decimals: int | None, suffix: str = "") -> str:
    """The spreadsheet format code of a figure with ``decimals`` decimals (thousands
    grouped); Word and LibreOffice show it with the separators of the Vietnamese locale.

    >>> number_format(2), number_format(0), number_format(1, "%")
    ('#,##0.00', '#,##0', '#,##0.0"%"')
    """
    code = "#,##0" + ("." + "0" * decimals if decimals else "")
    return code + (f'"{suffix}"' if suffix else "")


def _status_words(status: Status) -> str:
    if status == Status.ESTIMATE:
        return " (ước)"
    if status == Status.PROJECTION:
        return " (dự ước)"
    return ""


def _year_label(fact: Fact) -> str:
    return str(fact.period) + _status_words(fact.status)


def _check(facts: Sequence[Fact]) -> None:
    for f in facts:
        if f.value is None:
            raise TemplateError(f"chỉ tiêu {f.indicator.code!r} kỳ {f.period} không có số liệu "
                                "để vẽ biểu đồ")


def growth_chart(series: Sequence[Fact], *, average: Fact | None = None,
                 number: Number | None = None) -> ChartData:
    """A column per year of a rate (GRDP growth), its value on top, the average of the
    period as a dashed line."""
    number = number or _default_number
    if not series:
        raise TemplateError("không có số liệu để vẽ biểu đồ tăng trưởng")
    _check([*series, *([average] if average is not None else [])])
    values = [float(f.value) for f in series]  # type: ignore[arg-type]
    indicator = series[0].indicator
    # The labels as the text prints the figures: the decimals they were entered with when
    # fewer than the catalogue's (the most precise figure of the series sets them all).
    shown = [shown_decimals(indicator.decimals, f.entered_decimals) for f in series]
    decimals = None if None in shown else max(shown)  # type: ignore[type-var]
    unit = indicator.display_uom or indicator.uom
    illustrative = any(f.illustrative for f in series) or bool(average and average.illustrative)
    lines = [Series(_caption_name(indicator.code, indicator.name), values, BAR_COLOR)]
    if average is not None:
        avg = float(average.value)  # type: ignore[arg-type]
        label = (f"Bình quân {_period_words(average.period)}: "
                 f"{number(avg, shown_decimals(indicator.decimals, average.entered_decimals))}")
        label += "%" if unit == "%" else f" {unit}"
        label += _status_words(average.status)
        lines.append(Series(label, [avg] * len(values), AVERAGE_COLOR, kind="line",
                            dashed=True, labels=False))
    return ChartData(
        categories=[_year_label(f) for f in series], series=lines,
        number_format=number_format(decimals), axis_title=unit,
        note=ILLUSTRATIVE_NOTE if illustrative else None, hatched=illustrative, legend="b")


def structure_chart(columns: Sequence[tuple[str, Sequence[Fact]]], *,
                    labels: dict[str, str] | None = None) -> ChartData:
    """Stacked shares (economic structure) at a few years: ``columns`` is a list of
    (column label, facts of the sectors); a sector is one series, in the order of first
    appearance; each segment carries its share."""
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
    series = []
    for i, code in enumerate(codes):
        values: list[float | None] = []
        for _, facts in columns:
            fact = next((f for f in facts if f.indicator.code == code), None)
            values.append(float(fact.value) if fact is not None else None)  # type: ignore[arg-type]
        series.append(Series(names[code], values, SECTOR_COLORS[i % len(SECTOR_COLORS)]))
    return ChartData(
        categories=[label for label, _ in columns], series=series, grouping="percentStacked",
        number_format=number_format(2, "%"),
        note=ILLUSTRATIVE_NOTE if illustrative else None, hatched=illustrative, legend="r")


def warm_up() -> None:
    """Load the chart writer in this process (before forking workers)."""
    from .oxml import chart  # noqa: F401


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
    draw: Callable[[Number], ChartData]
    why: str = ""  # why it is not available
    width: float = 150  # mm
    height: float = 75  # mm


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

    def draw(number: Number) -> ChartData:
        return growth_chart(series, average=avg, number=number)

    why = "" if len(series) >= 2 else (
        f"cần số liệu ít nhất hai năm của chỉ tiêu {code} trong nhiệm kỳ {term}, "
        f"đơn vị chỉ có {len(series)}")
    return ChartSpec("tang-truong", len(series) >= 2, caption, illustrative, draw, why,
                     float(width), float(height))


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
                label += " (ước)"
            elif status == Status.PROJECTION:
                label += " (dự ước)"
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

    def draw(number: Number) -> ChartData:
        return structure_chart(columns)

    why = "" if available else (
        f"cần tỷ trọng của ít nhất hai ngành năm {end} ({', '.join(codes)})")
    return ChartSpec("co-cau", available, caption, illustrative, draw, why,
                     float(width), float(height))


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
        close = suggest(name, CHARTS)
        raise TemplateError(
            f"không có biểu đồ «{name}»",
            hint=(f"{close} " if close else "")
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


def chart_data(context: jinja2.runtime.Context, name: str, **options: Any) -> ChartData:
    """What a named chart shows (for tests and tools)."""
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


_DOCPR_ID = re.compile(r'<wp:docPr\b[^>]*?\bid="(\d+)"')


def chart_function(tpl: Any) -> Callable[..., Any]:
    """The ``chart(name, width=150, height=…, **options)`` template function for one render
    of the ``docxtpl.DocxTemplate`` ``tpl``: adds a native chart (chart part and embedded
    workbook) to the package and returns its inline drawing, ``width`` mm wide."""
    import weakref

    from markupsafe import Markup

    from .oxml.chart import add_chart, inline_chart_xml

    # The template context holds this function and ends up in reference cycles (macros);
    # a weak reference keeps the document (an lxml tree the collector does not see the
    # size of) out of them, so it is freed as soon as the render is over.
    template = weakref.ref(tpl)
    drawn: list[int] = []

    def next_shape_id() -> int:
        if not drawn:  # above every id of the template, and of the pictures docxtpl adds
            ids = [int(m) for m in _DOCPR_ID.findall(template().get_xml())]
            drawn.append(max(ids, default=0) + 1000)
        drawn.append(drawn[-1] + 1)
        return drawn[-1]

    @jinja2.pass_context
    def chart(context: jinja2.runtime.Context, name: str, **options: Any) -> Markup:
        spec = _from_context(context, name, options)
        if not spec.available:
            raise _unavailable(spec)
        data = spec.draw(_number(context))
        story = template().current_rendering_part
        rid = add_chart(story, data)
        shape = next_shape_id()
        drawing = inline_chart_xml(rid, spec.width, spec.height, shape, f"Biểu đồ {shape}")
        return Markup('</w:t></w:r><w:r>' + drawing + '</w:r><w:r><w:t xml:space="preserve">')

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
