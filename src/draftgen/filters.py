"""The registry of Jinja filters and functions for templates.

Thin adapters over :mod:`draftgen.formatting` and :mod:`draftgen.phrases`. Every filter
accepts a plain number (int, float, Decimal) or a :class:`~draftgen.model.Fact`; given a
Fact it takes the decimals, unit (``display_uom`` if set, converting the value), kind and
good direction from the indicator, the comparison period from the Fact's period and the
estimate word from its status. A Fact marked ``illustrative`` is flagged in the output with
:data:`ILLUSTRATIVE_MARKER`; a Fact without a value raises
:class:`~draftgen.errors.FormatError` naming the indicator code and the period.

Each filter is a module-level function registered in :data:`FILTERS` with :func:`register`;
those that depend on the project's :class:`~draftgen.style.Style` take it as the keyword
``style`` and :func:`make_filters` binds it. What a filter accepts is typed by
:data:`Figure` (a number, a Fact or an :class:`IndicatorLike`) and :data:`Goal`.

>>> from draftgen.model import Fact, Indicator, Kind, Status
>>> budget = Indicator("THU_NS", "Tổng thu ngân sách", "triệu đồng", "kinh tế", Kind.LEVEL)
>>> f = make_filters(Style())
>>> f["qty"](Fact(1683240, budget, "2016-2020"))                       # 004:83
'1.683.240 triệu đồng'
>>> poverty = Indicator("HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "xã hội", Kind.RATIO,
...                     good_direction=-1)
>>> f["fromto"](Fact(25.95, poverty, "2015"), Fact(7.89, poverty, "2020"))   # 000:44
'giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020'
>>> f["pct"](Fact(7.8, poverty, "2020", illustrative=True))
'7,8% [minh họa]'
>>> f["num"](Fact(None, poverty, "2020"))
Traceback (most recent call last):
...
draftgen.errors.FormatError: Chỉ tiêu 'HO_NGHEO' (Tỷ lệ hộ nghèo) kỳ 2020 không có số liệu \
→ Bổ sung số liệu hoặc bỏ câu dùng chỉ tiêu này khỏi mẫu
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from draftgen import formatting as fmt
from draftgen import phrases as ph
from draftgen.doubts import doubt_marker
from draftgen.errors import FormatError
from draftgen.model import Fact, Kind, Status, Target
from draftgen.style import DEFAULT_STYLE, Style
from draftgen.targets import assess as assess_target

__all__ = ["FILTERS", "ILLUSTRATIVE_MARKER", "IndicatorLike", "TargetLike", "make_filters",
           "make_globals", "register"]

#: Appended to any text computed from an invented (illustrative) figure.
ILLUSTRATIVE_MARKER = " [minh họa]"

# Names of Jinja's own globals: a function of ours must not hide them.
_JINJA_GLOBALS = frozenset({"range", "dict", "lipsum", "cycler", "joiner", "namespace"})


class IndicatorLike(Protocol):
    """What a filter reads of an indicator of the template context (``ind.X``, a
    :class:`draftgen.context.IndicatorView`): it stands for its report-year value."""

    @property
    def value(self) -> Fact: ...

    @property
    def baseline(self) -> Fact: ...


class TargetLike(Protocol):
    """What a filter reads of a target of the template context (``t`` in
    ``targets.rows``, a :class:`draftgen.context.TargetView`)."""

    @property
    def target(self) -> Target: ...

    @property
    def assessment(self) -> str: ...

    illustrative: bool


#: What a figure filter accepts: a plain number, a :class:`~draftgen.model.Fact` or an
#: indicator of the context.
Figure = int | float | Decimal | Fact | IndicatorLike
#: What a target filter accepts: a Target, a target of the context or a plain number.
Goal = Target | TargetLike | int | float | Decimal


def _is_indicator(value: object) -> bool:
    # Structural, as IndicatorLike says; read on the class so that nothing is computed.
    return hasattr(type(value), "baseline")


@dataclass(frozen=True)
class _Arg:
    """A filter argument after unpacking: the number and what the indicator says about it."""

    number: Any
    decimals: int | None = None  # as the figure prints: no more than it was entered with
    catalogue_decimals: int | None = None  # the catalogue's (so_le), for a rescaled figure
    unit: str = ""
    kind: Kind | None = None
    good_direction: int = 1
    status: Status = Status.OFFICIAL
    period: str | None = None
    illustrative: bool = False
    incomplete: str = ""  # the flag of a roll-up from fewer children than the unit has
    doubt: str = ""  # the flag of a figure the consistency audit doubts


def _arg(value: Figure) -> _Arg:
    if not isinstance(value, Fact):
        # An indicator of the template context (``ind.X|pct``) stands for its report-year value.
        fact = getattr(value, "value", None) if _is_indicator(value) else None
        if not isinstance(fact, Fact):
            return _Arg(value)
        value = fact
    indicator = value.indicator
    where = f"Chỉ tiêu {indicator.code!r} ({indicator.name}) kỳ {value.period}"
    if value.value is None:
        raise FormatError(
            f"{where} không có số liệu",
            hint="Bổ sung số liệu hoặc bỏ câu dùng chỉ tiêu này khỏi mẫu",
        )
    number: Any = value.value
    unit = indicator.uom
    decimals = fmt.shown_decimals(indicator.decimals, value.entered_decimals)
    try:
        number = fmt.to_decimal(number)
        if indicator.display_uom and indicator.display_uom != indicator.uom:
            number = fmt.rescale(number, from_unit=indicator.uom, to_unit=indicator.display_uom)
            unit = indicator.display_uom
            decimals = indicator.decimals  # entered in another unit: the catalogue's rule
    except FormatError as exc:
        raise FormatError(f"{where}: {exc.message}") from exc
    return _Arg(
        number=number,
        decimals=decimals,
        catalogue_decimals=indicator.decimals,
        unit=unit,
        kind=indicator.kind,
        good_direction=indicator.good_direction,
        status=Status(value.status),
        period=value.period,
        illustrative=value.illustrative,
        incomplete=incomplete_marker(value),
        doubt=doubt_marker(value.doubt),
    )


def _goal(goal: Goal, value: Figure) -> tuple[Target | Any, tuple[_Arg, ...]]:
    """A target as given to a filter: a Target, a view holding one (``.target``) or a number.

    A target is written in the indicator's stored unit; when the value is shown in a display
    unit, the target is converted with it so that both are compared and written alike.
    """
    inner = goal if isinstance(goal, Target) else getattr(goal, "target", None)
    if not isinstance(inner, Target):
        g = _arg(goal)
        return g.number, (g,)
    marks = (_Arg(None, illustrative=bool(getattr(goal, "illustrative", False))),)
    if isinstance(value, Fact):
        indicator = value.indicator
        if indicator.display_uom and indicator.display_uom != indicator.uom:

            def convert(bound: float | None) -> float | None:
                if bound is None:
                    return None
                return float(
                    fmt.rescale(bound, from_unit=indicator.uom, to_unit=indicator.display_uom)
                )

            inner = Target(inner.kind, convert(inner.low), convert(inner.high), inner.text)
    return inner, marks


def _verdicts(items: Any) -> Any:
    # Counts pass through; target views are replaced by their assessment word.
    if isinstance(items, (int, str)) or not isinstance(items, Iterable):
        return items
    return [getattr(item, "assessment", item) for item in items]


def _mark(text: str, *args: _Arg) -> str:
    text += "".join(dict.fromkeys(a.incomplete for a in args if a.incomplete))
    text += "".join(dict.fromkeys(a.doubt for a in args if a.doubt))
    return text + ILLUSTRATIVE_MARKER if any(a.illustrative for a in args) else text


def _flagged(text: str, value: Figure, baseline: Figure) -> str:
    # A comparison of figures from two documents is shown, but marked for the editor.
    flag = ph.comparison_flag(value, baseline)
    return f"{text} {flag}" if flag else text


def _natural(a: _Arg, unit: str | None, decimals: int | None) -> tuple[Any, str]:
    # 198.000 triệu USD → 198 tỷ USD when no digit is lost (formatting.natural_scale).
    chosen = _pick(unit, a.unit)
    if a.kind is Kind.COUNT or decimals is not None or unit is not None:
        return a.number, chosen
    return fmt.natural_scale(a.number, unit=chosen)


def _pick(given: Any, default: Any) -> Any:
    return default if given is None else given


def _places(a: _Arg, unit: str) -> int | None:
    # The entered precision holds in the unit the figure was entered in; a figure moved to
    # another scale word (natural_scale: 198.000 triệu → 198 tỷ) keeps the catalogue's rule.
    return a.decimals if unit == a.unit else a.catalogue_decimals


def _widest(a: _Arg, b: _Arg) -> int | None:
    # Two figures written with one number of decimals (a range, from … to …): the more
    # precise of the two, never more than the catalogue's.
    if a.decimals is None or b.decimals is None:
        return b.decimals
    return max(a.decimals, b.decimals)


def _steps(first: _Arg, last: _Arg, count: int) -> int:
    # Years between two single-year Facts; otherwise the number of steps of the series.
    try:
        return int(str(last.period)) - int(str(first.period))
    except ValueError:
        return count - 1


#: Every filter, by the name templates use; filled by :func:`register`. A filter is a
#: module-level function of its arguments; one that depends on the project's style takes it
#: as the keyword ``style``, which :func:`make_filters` binds.
FILTERS: dict[str, Callable[..., Any]] = {}
_STYLED: set[str] = set()

F = TypeVar("F", bound=Callable[..., Any])


def register(name: str) -> Callable[[F], F]:
    """Add a filter to :data:`FILTERS` under ``name`` (the function is returned as it is)."""

    def add(function: F) -> F:
        FILTERS[name] = function
        if "style" in inspect.signature(function).parameters:
            _STYLED.add(name)
        return function

    return add


def _bind(function: Callable[..., Any], style: Style) -> Callable[..., Any]:
    @functools.wraps(function)
    def bound(*args: Any, **kwargs: Any) -> Any:
        return function(*args, style=style, **kwargs)

    return bound



@register("num")
def num(value: Figure, decimals: int | None = None, *, style: Style = DEFAULT_STYLE) -> str:
    """1683240 → 1.683.240"""
    a = _arg(value)
    if a.kind is Kind.COUNT and decimals is None:
        return _mark(fmt.format_amount(a.number, count=True, style=style), a)
    return _mark(
        fmt.format_number(a.number, decimals=_pick(decimals, a.decimals), style=style), a
    )


@register("qty")
def qty(value: Figure, unit: str | None = None, decimals: int | None = None,
        *, style: Style = DEFAULT_STYLE) -> str:
    """1683240, "triệu đồng" → 1.683.240 triệu đồng"""
    a = _arg(value)
    number, chosen = _natural(a, unit, decimals)
    text = fmt.format_amount(
        number,
        unit=chosen,
        decimals=_pick(decimals, _places(a, chosen)),
        count=a.kind is Kind.COUNT and decimals is None,
        style=style,
    )
    return _mark(text, a)


@register("pct")
def pct(value: Figure, decimals: int | None = None, *, style: Style = DEFAULT_STYLE) -> str:
    """7.16 → 7,16%"""
    a = _arg(value)
    text = fmt.format_percent(a.number, decimals=_pick(decimals, a.decimals), style=style)
    return _mark(text, a)


@register("scale")
def scale(value: Figure, unit: str | None = None, decimals: int | None = None,
          *, style: Style = DEFAULT_STYLE) -> str:
    """101500000000000, "đồng" → 101,5 nghìn tỷ đồng"""
    a = _arg(value)
    text = fmt.format_scaled(a.number, unit=_pick(unit, a.unit), decimals=decimals, style=style)
    return _mark(text, a)


@register("cnt")
def cnt(value: Figure, unit: str | None = None, *, style: Style = DEFAULT_STYLE) -> str:
    """3, "nhà máy" → 03 nhà máy"""
    a = _arg(value)
    return _mark(fmt.format_count(a.number, unit=_pick(unit, a.unit), style=style), a)


@register("frac")
def frac(part: Figure, whole: Figure, unit: str | None = None, part_unit: str = "",
         *, style: Style = DEFAULT_STYLE) -> str:
    """74, 207, "xã" → 74/207 xã"""
    a, b = _arg(part), _arg(whole)
    text = fmt.format_fraction(
        a.number, b.number, unit=_pick(unit, b.unit), part_unit=part_unit, style=style
    )
    return _mark(text, a, b)


@register("range")
def range_(
    low: Figure,
    high: Figure,
    unit: str | None = None,
    decimals: int | None = None,
    prefix: str = "",
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """7, 7.5, "%" → 7 - 7,5%"""
    a, b = _arg(low), _arg(high)
    text = fmt.format_range(
        a.number,
        b.number,
        unit=_pick(unit, b.unit),
        decimals=_pick(decimals, _widest(a, b)),
        prefix=prefix,
        style=style,
    )
    return _mark(text, a, b)


@register("bound")
def bound(value: Figure, kind: str, unit: str | None = None, sign: bool = False,
          *, style: Style = DEFAULT_STYLE) -> str:
    """90, "above", "%" → trên 90%"""
    a = _arg(value)
    text = fmt.format_bound(
        a.number,
        kind=kind,
        unit=_pick(unit, a.unit),
        decimals=a.decimals,
        sign=sign,
        style=style,
    )
    return _mark(text, a)


@register("target")
def target(value: Any, unit: str | None = None, decimals: int | None = None,
           *, style: Style = DEFAULT_STYLE) -> str:
    """Target(range 30..35), "triệu đồng" → 30 - 35 triệu đồng"""
    inner = value if isinstance(value, Target) else getattr(value, "target", None)
    if not isinstance(inner, Target):
        raise FormatError(f"Cần một chỉ tiêu (Target), không phải {value!r}")
    if unit is None:
        unit = getattr(getattr(value, "indicator", None), "uom", "") or ""
    text = fmt.format_target(inner, unit=unit, decimals=decimals, style=style)
    return text + ILLUSTRATIVE_MARKER if getattr(value, "illustrative", False) else text


@register("date")
def date(value: Any, *, style: Style = DEFAULT_STYLE) -> str:
    """2021-05-06 → 06/5/2021"""
    return fmt.format_date(value, style=style)


@register("month")
def month(value: Any, *, style: Style = DEFAULT_STYLE) -> str:
    """2019-01 → 01/2019"""
    return fmt.format_month(value, style=style)


@register("dateline")
def dateline(value: Any, place: str, draft: bool = False, *, style: Style = DEFAULT_STYLE) -> str:
    """2020-03-05, "Văn Lãng" → Văn Lãng, ngày 05 tháng 3 năm 2020"""
    return fmt.format_dateline(value, place=place, draft=draft, style=style)


@register("term")
def term(value: Any, end: Any = None) -> str:
    """ "2020-2025" → 2020 - 2025"""
    return fmt.format_term(value, end)


@register("period")
def period(value: Any, word: str = "giai đoạn") -> str:
    """ "2015" → năm 2015; "2016-2020" → giai đoạn 2016 - 2020"""
    if isinstance(value, Fact):
        value = value.period
    return fmt.format_period(value, word=word)


@register("roman")
def roman(value: int) -> str:
    """18 → XVIII"""
    return fmt.to_roman(value)


@register("ordinal")
def ordinal(value: int, form: str = "word", *, style: Style = DEFAULT_STYLE) -> str:
    """1, "lesson" → Một là:"""
    return fmt.format_ordinal(value, form=form, style=style)


@register("words")
def words(value: int, capitalize: bool = False) -> str:
    """4 → bốn"""
    return fmt.number_words(value, capitalize=capitalize)


@register("change")
def change(
    value: Figure,
    baseline: Figure,
    since: object = None,
    mode: str | None = None,
    unit: str | None = None,
    decimals: int | None = None,
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """82, 69.9, 2015 → tăng 17,31% so với năm 2015"""
    a, b = _arg(value), _arg(baseline)
    text = ph.change(
        a.number,
        b.number,
        since=_pick(since, b.period),
        kind=a.kind,
        mode=mode,  # type: ignore[arg-type]
        unit=_pick(unit, a.unit),
        decimals=decimals,
        status=a.status,
        style=style,
    )
    return _mark(_flagged(text, value, baseline), a, b)


@register("times")
def times(
    value: Figure,
    baseline: Figure,
    since: object = None,
    versus: bool = True,
    decimals: int | None = None,
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """48.5, 30.3, 2015 → gấp 1,6 lần so với năm 2015"""
    a, b = _arg(value), _arg(baseline)
    text = ph.times(
        a.number,
        b.number,
        since=_pick(since, b.period),
        versus=versus,
        decimals=decimals,
        style=style,
    )
    return _mark(_flagged(text, value, baseline), a, b)


@register("fromto")
def fromto(
    start: Figure,
    end: Figure,
    verb: bool = True,
    unit: str | None = None,
    start_period: object = None,
    end_period: object = None,
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """25.95, 7.89 → giảm từ 25,95% năm 2015 xuống còn 7,89% năm 2020"""
    a, b = _arg(start), _arg(end)
    text = ph.from_to(
        a.number,
        b.number,
        start_period=_pick(start_period, a.period),
        end_period=_pick(end_period, b.period),
        unit=_pick(unit, b.unit),
        kind=b.kind,
        decimals=_widest(a, b),
        verb=verb,
        status=b.status,
        style=style,
    )
    return _mark(_flagged(text, end, start), a, b)


@register("cagr")
def cagr(
    values: Sequence[Figure],
    years: int | None = None,
    form: str = "annual",
    decimals: int | None = None,
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """[4090.6, 5500], years=5 → bình quân hằng năm tăng 6,1%"""
    args = [_arg(v) for v in values]
    if len(args) < 2:
        raise FormatError("Cần ít nhất hai giá trị (đầu kỳ và cuối kỳ) để tính bình quân")
    text = ph.annual_average(
        [a.number for a in args],
        kind=args[-1].kind,
        years=_pick(years, _steps(args[0], args[-1], len(args))),
        form=form,  # type: ignore[arg-type]
        decimals=decimals,
        style=style,
    )
    return _mark(text, *args)


@register("mean_growth")
def mean_growth(rates: Iterable[Figure], decimals: int | None = None,
                *, style: Style = DEFAULT_STYLE) -> str:
    """[7.2, 8.1, 7.9, 8.3, 7.8] → 7,86%"""
    args = [_arg(v) for v in rates]
    amount = ph.mean_growth([a.number for a in args])
    return _mark(fmt.format_percent(amount, decimals=decimals, style=style), *args)


@register("share")
def share(part: Figure, whole: Figure, decimals: int | None = None,
          *, style: Style = DEFAULT_STYLE) -> str:
    """528, 554, 1 → 95,3%"""
    a, b = _arg(part), _arg(whole)
    return _mark(ph.share(a.number, b.number, decimals=decimals, style=style), a, b)


@register("vs_target")
def vs_target(
    value: Figure,
    goal: Goal,
    form: str = "note",
    label: str | None = None,
    decimals: int | None = None,
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """28.67, 29.44 → 28,67% (mục tiêu 29,44%)"""
    a = _arg(value)
    aim, extra = _goal(goal, value)
    text = ph.vs_target(
        a.number,
        aim,
        form=form,  # type: ignore[arg-type]
        unit=a.unit,
        kind=a.kind,
        good_direction=a.good_direction,
        label=label,
        decimals=_pick(decimals, a.decimals) if form == "note" else decimals,
        style=style,
    )
    return _mark(text, a, *extra)


@register("assess")
def assess(value: Figure, goal: Goal) -> str:
    """81, 70 → vượt"""
    a = _arg(value)
    aim, _ = _goal(goal, value)
    return assess_target(a.number, aim, good_direction=a.good_direction, unit=a.unit)


@register("met_count")
def met_count(
    met: Any,
    total: int | None = None,
    noun: str = "chỉ tiêu",
    verb: str = "đạt và vượt",
    lead: str = "đã thực hiện",
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """18, 20 → đã thực hiện đạt và vượt 18/20 chỉ tiêu"""
    return ph.met_count(_verdicts(met), total, noun=noun, verb=verb, lead=lead, style=style)


@register("unmet_count")
def unmet_count(unmet: Any, noun: str = "chỉ tiêu", *, style: Style = DEFAULT_STYLE) -> str:
    """2 → còn 02 chỉ tiêu chưa đạt"""
    return ph.unmet_count(_verdicts(unmet), noun=noun, style=style)


@register("estimate")
def estimate(
    value: Figure,
    status: Status | str | None = None,
    unit: str | None = None,
    decimals: int | None = None,
    *,
    style: Style = DEFAULT_STYLE,
) -> str:
    """Fact 7,8% ước đạt → ước đạt 7,8%"""
    a = _arg(value)
    number, chosen = _natural(a, unit, decimals)
    text = ph.estimate(
        number,
        status=_pick(status, a.status),
        unit=chosen,
        kind=a.kind,
        decimals=_pick(decimals, _places(a, chosen)),
        count=a.kind is Kind.COUNT and decimals is None,
        good_direction=a.good_direction,
        # a total over a period where less is better (crimes 2016-2020): "là 132 vụ"
        verb="là" if a.good_direction < 0 and "-" in str(a.period or "") else None,
        style=style,
    )
    return _mark(text, a)


@register("est_word")
def est_word(value: object) -> str:
    """Fact dự ước / "dự ước" → dự ước"""
    if isinstance(value, Fact):
        return ph.estimate_word(value.status)
    return ph.estimate_word(value)  # type: ignore[arg-type]


@register("comparable")
def comparable(value: Figure, baseline: Figure) -> bool:
    """Fact 2025, Fact 2020 → True when the two figures may be compared as they are
    (same indicator, same source document: draftgen.phrases.comparison_flag)"""
    return not ph.comparison_flag(value, baseline)


@register("lower_first")
def lower_first(text: object) -> str:
    """ "Tỷ lệ hộ nghèo" → tỷ lệ hộ nghèo; "GRDP bình quân" stays GRDP bình quân"""
    return fmt.lower_first(str(text))


@register("join_vi")
def join_vi(items: Iterable[object], conj: str = "và") -> str:
    """["kinh tế", "văn hóa", "xã hội"] → kinh tế, văn hóa và xã hội"""
    return ph.join_vi(items, conj=conj)


def make_filters(style: Style) -> dict[str, Callable[..., Any]]:
    """The Jinja filters of :data:`FILTERS`, bound to the project's style.

    >>> sorted(make_filters(Style()))[:6]
    ['assess', 'bound', 'cagr', 'change', 'clause', 'cnt']
    >>> f = make_filters(Style())
    >>> f["cnt"](3, "nhà máy"), f["frac"](74, 207, "xã"), f["roman"](18)
    ('03 nhà máy', '74/207 xã', 'XVIII')
    """
    from .sentences import sentence_filters

    filters = {name: _bind(f, style) if name in _STYLED else f for name, f in FILTERS.items()}
    # Sentences from catalogue patterns (draftgen.sentences), bound to these filters.
    filters.update(sentence_filters(filters))
    return filters


def make_globals(style: Style) -> dict[str, Callable[..., Any]]:
    """The same functions callable as ``{{ change(a, b) }}``, except names Jinja already uses.

    ``range`` stays Jinja's own ``range()``; the Vietnamese range is only a filter.

    >>> g = make_globals(Style())
    >>> "range" in g, g["dateline"]("2020-03-05", "Văn Lãng")
    (False, 'Văn Lãng, ngày 05 tháng 3 năm 2020')
    """
    return {name: f for name, f in make_filters(style).items() if name not in _JINJA_GLOBALS}


# -- roll-up provenance ------------------------------------------------------------------------

def incomplete_marker(value: object) -> str:
    """The flag printed after a figure rolled up from fewer units than the unit has.

    >>> from draftgen.model import Fact, Indicator, Kind
    >>> forest = Indicator("TRONG_RUNG", "Trồng rừng", "ha", "kinh tế", Kind.LEVEL)
    >>> incomplete_marker(Fact(18804.9, forest, "2016-2020", rolled_up_from=6, children_total=11))
    ' [chưa đủ số liệu: 6/11 đơn vị]'
    >>> incomplete_marker(Fact(18804.9, forest, "2016-2020"))
    ''
    """
    if not isinstance(value, Fact) or not value.incomplete:
        return ""
    return f" [chưa đủ số liệu: {value.rolled_up_from}/{value.children_total} đơn vị]"


@register("rollup_note")
def rollup_note(value: Figure) -> str:
    """Where a rolled-up figure comes from, for a footnote: ``fn(ind.X.value|rollup_note)``.

    Accepts a Fact or an indicator of the template context (its report-year value); empty
    for a figure entered as such.

    >>> from draftgen.model import Fact, Indicator, Kind
    >>> forest = Indicator("TRONG_RUNG", "Trồng rừng", "ha", "kinh tế", Kind.LEVEL)
    >>> rollup_note(Fact(18804.9, forest, "2016-2020", rolled_up_from=6, children_total=11))
    'Số liệu tổng hợp từ 6/11 đơn vị trực thuộc; chưa đủ số liệu của 5 đơn vị.'
    >>> rollup_note(Fact(150.0, forest, "2020", rolled_up_from=2, children_total=2))
    'Số liệu tổng hợp từ 2/2 đơn vị trực thuộc.'
    """
    if not isinstance(value, Fact):
        value = getattr(value, "value", None) if _is_indicator(value) else value
    if not isinstance(value, Fact) or not value.rolled_up:
        return ""
    text = f"Số liệu {value.rollup_note}"
    missing = value.children_total - value.rolled_up_from
    if missing > 0:
        return f"{text}; chưa đủ số liệu của {missing} đơn vị."
    if value.partial_below:
        return f"{text}; số của một số đơn vị trực thuộc chưa đủ số liệu."
    return f"{text}."
