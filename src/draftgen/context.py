"""The template context: what a template sees for one document and one unit.

Templates never touch the model directly; they see these read-only views, which hold
plain values (strings, numbers, dates, tuples), never a path, a file or a container a
template could change (see :mod:`draftgen.sandbox`):

- ``unit``: the unit (metadata, ``parent``, ``children``);
- ``doc``: the document (term, next term, report year, draft flag, date, congress);
- ``ind``: every indicator by code, with its value for the report year, its series, its
  baseline, its target and assessment;
- ``targets`` / ``next_targets``: all targets of the term (counts met / total) and of the
  next term;
- ``project``: the project name;
- ``content``: ``content("han-che")``, the unit's own text for a section (content files,
  see ``draftgen.content``).

A value that is missing is an error that names the unit, the indicator and the year: a
draft never gets a blank where a figure should be. Templates ask first with ``has_value``,
``has_target`` … to leave out what a unit has no data for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from .config import DocumentSpec, Project
from .content import ContentSource, ContentView
from .dataset import Dataset
from .errors import Location, TemplateError, suggest
from .model import Fact, Indicator, Target, TargetKind, TargetRow, Term, Unit
from .sources import document_of, preference
from .targets import parse_result, term_periods

ACHIEVED = ("vượt", "đạt")
#: What the draft says of a target that has no result to assess.
NO_RESULT = "chưa có số liệu đánh giá"
#: A target whose figure is a roll-up from incomplete children.
PARTIAL_RESULT = "chưa đủ số liệu đánh giá"


class MissingDataError(TemplateError):
    """A template asked for a value the data does not have."""


def _assess(value: float, target: Target, good_direction: int, unit: str = "") -> str:
    from .targets import assess  # the model of targets owns the rule

    return assess(value, target, good_direction=good_direction, unit=unit)


class TermView:
    """A term: ``{{ doc.term }}`` → ``2015 - 2020``; ``.start``, ``.end``, ``.key``."""

    #: What a template reads of an instance besides properties and methods (draftgen check).
    FIELDS = frozenset({"start", "end", "key", "period", "years"})

    def __init__(self, term: Term):
        self.start = term.start
        self.end = term.end
        self.key = term.key
        self.period = term.period
        self.years = term.end - term.start

    def __str__(self) -> str:
        return f"{self.start} - {self.end}"


class UnitView:
    """A unit as templates see it."""

    #: What a template reads of an instance besides properties and methods (draftgen check).
    FIELDS = frozenset({
        "code", "level", "name", "full_name", "party_organization", "committee", "committee_kind",
        "superior", "place", "doc_symbol", "signer_title", "signer_name", "on_behalf",
        "recipients", "is_root",
    })

    def __init__(self, unit: Unit, ctx: _Shared):
        self._unit = unit
        self._ctx = ctx
        for name in ("code", "level", "name", "full_name", "party_organization", "committee",
                     "committee_kind", "superior", "place", "doc_symbol", "signer_title",
                     "signer_name", "on_behalf"):
            setattr(self, name, getattr(unit, name))
        self.recipients = tuple(unit.recipients)
        self.is_root = unit.parent is None

    @cached_property
    def parent(self) -> UnitView | None:
        p = self._unit.parent
        return UnitView(self._ctx.project.units[p], self._ctx) if p else None

    @cached_property
    def children(self) -> tuple[UnitView, ...]:
        return tuple(UnitView(self._ctx.project.units[c], self._ctx)
                     for c in self._unit.children)

    def congress_for(self, term: str) -> int:
        """The ordinal of the congress that reviews ``term`` ("2015-2020")."""
        try:
            return self._unit.congress[term]
        except KeyError:
            raise MissingDataError(
                f"đơn vị «{self.code}» chưa khai báo Đại hội của nhiệm kỳ {term}",
                location=Location(file=self._ctx.project.config_file.name),
                hint=f'thêm congress = {{ "{term}" = ... }} vào [[units]] của «{self.code}»',
            ) from None

    def __str__(self) -> str:
        return self.full_name


class TargetView:
    """One target of a term: ``{{ t }}`` gives the target as written, with its unit.

    A qualitative target (``kind == "qualitative"``) has no figure: its result is the
    editor's assessment (column ``ket_qua`` of muc-tieu), ``đạt`` / ``ước đạt`` /
    ``không đạt``; left empty it has no result."""

    #: What a template reads of an instance besides properties and methods (draftgen check).
    FIELDS = frozenset({
        "indicator", "text", "kind", "low", "high", "number", "wording", "note", "source",
        "illustrative", "term",
    })

    def __init__(self, row: TargetRow, indicator: IndicatorView):
        self._row = row
        self.indicator = indicator
        self.text = row.target.text
        self.kind = row.target.kind.value
        self.low = row.target.low
        self.high = row.target.high
        self.number = row.number
        self.wording = row.wording
        self.note = row.note
        self.source = row.source
        self.illustrative = row.illustrative
        self.term = row.term
        self._label = str(row.number) if row.number is not None else ""

    @property
    def qualitative(self) -> bool:
        """A target without a figure, assessed by the editor (column ``ket_qua``)."""
        return self._row.target.kind is TargetKind.QUALITATIVE

    @property
    def label(self) -> str:
        """Its place in the resolution's list: ``5``, or ``2a``, ``2b`` … for the sub-rows
        of one numbered target."""
        return self._label

    @property
    def target(self) -> Target:
        return self._row.target

    @property
    def achieved(self) -> Fact:
        return self.indicator.achieved

    @property
    def has_result(self) -> bool:
        """Whether the target can be assessed: a qualitative result entered, or the unit's
        own figure (a roll-up from fewer children than the unit has is no result: it is
        not the unit's total, so the target is not counted as met or not met)."""
        if self.qualitative:
            return parse_result(self._row.result)[0] is not None
        return self.indicator.has_achieved and not self.partial

    @property
    def partial(self) -> bool:
        """The result is a roll-up from incomplete children («chưa đủ số liệu»)."""
        return (not self.qualitative and self.indicator.has_achieved
                and self.indicator.achieved.incomplete)

    @property
    def assessment(self) -> str:
        if self.qualitative:
            verdict = parse_result(self._row.result)[0]
            if verdict is None:
                raise MissingDataError(
                    f"mục tiêu định tính «{self.wording or self.text}» ({self.indicator.code}) "
                    "chưa được đánh giá",
                    hint="nhập đạt / ước đạt / không đạt vào cột ket_qua của sheet muc-tieu, "
                         "hoặc hỏi trước bằng t.has_result",
                )
            return verdict
        return _assess(self.indicator.achieved.value, self._row.target,
                       self.indicator.good_direction, self.indicator.uom)

    @property
    def estimated(self) -> bool:
        """The result is an estimate (``ước đạt``, ``dự ước``), not a final figure."""
        if self.qualitative:
            return parse_result(self._row.result)[1]
        return self.has_result and self.achieved.status.value != "chính thức"

    @property
    def verdict(self) -> str:
        """The assessment as the annex writes it: ``Vượt``, ``Đạt``, ``Ước đạt``,
        ``Chưa đạt`` or ``Chưa có số liệu đánh giá``."""
        return _verdict_text(self)

    @property
    def met(self) -> bool:
        return self.assessment in ACHIEVED

    def __str__(self) -> str:
        return self.text


def _verdict_text(t: TargetView | TargetItem) -> str:
    if not t.has_result:
        rows = t.rows if isinstance(t, TargetItem) else (t,)
        words = PARTIAL_RESULT if any(r.partial for r in rows) else NO_RESULT
        return words[:1].upper() + words[1:]
    word = t.assessment
    if word == "đạt" and t.estimated:
        word = "ước đạt"
    return word[:1].upper() + word[1:]


class TargetItem:
    """One numbered target of the resolution, ``(5) …``, with its sub-rows (one per
    indicator: "tỷ lệ A đạt x%, tỷ lệ B đạt y%"). Counts of targets are counts of items.

    An item is assessed when every sub-row has a result, or when one assessed sub-row is
    not met (then the item is not met whatever the others give). It is met when all its
    sub-rows are met, exceeded when all are exceeded."""

    def __init__(self, rows: list[TargetView]):
        self.rows = tuple(rows)
        first = rows[0]
        self.number = first.number
        self.indicator = first.indicator
        self.wording = next((r.wording for r in rows if r.wording), "")
        self.illustrative = any(r.illustrative for r in rows)
        self.qualitative = all(r.qualitative for r in rows)
        if len(rows) > 1 and first.number is not None:
            for letter, row in zip("abcdefghiklmnopqrstuvxy", rows):
                row._label = f"{first.number}{letter}"

    @property
    def text(self) -> str:
        """The resolution's wording; without one, "name: target" of each sub-row."""
        return self.wording or "; ".join(f"{r.indicator.name}: {r.text}" for r in self.rows)

    @property
    def has_result(self) -> bool:
        return all(r.has_result for r in self.rows) or bool(self.not_met_rows)

    @property
    def not_met_rows(self) -> tuple[TargetView, ...]:
        return tuple(r for r in self.rows if r.has_result and not r.met)

    @property
    def assessment(self) -> str:
        if self.not_met_rows:
            return "chưa đạt"
        words = {r.assessment for r in self.rows}
        return "vượt" if words == {"vượt"} else "đạt"

    @property
    def estimated(self) -> bool:
        return any(r.estimated for r in self.rows)

    @property
    def verdict(self) -> str:
        return _verdict_text(self)

    @property
    def met(self) -> bool:
        return self.has_result and self.assessment in ACHIEVED

    def __str__(self) -> str:
        return self.text


class TargetsView:
    """The targets of a term as the resolution lists them: ``for t in targets`` gives its
    numbered items (:class:`TargetItem`, sub-rows grouped by ``stt``), in its order; rows
    without a number are items of their own, after the numbered ones. ``targets.rows``:
    every sub-row (one per indicator). Counts (``total``, ``met`` …) are counts of items."""

    def __init__(self, rows: list[TargetView], stated: dict[str, Fact] | None = None):
        self._rows = rows
        self._stated = stated or {}
        items: list[TargetItem] = []
        by_number: dict[int, list[TargetView]] = {}
        for row in rows:
            if row.number is None:
                items.append(TargetItem([row]))
            elif row.number in by_number:
                by_number[row.number].append(row)
            else:
                by_number[row.number] = [row]
        numbered = [TargetItem(group) for _, group in sorted(by_number.items())]
        self._items = numbered + items
        # an unnumbered row is labelled after the highest number of the resolution's list
        last = max((i.number for i in numbered if i.number is not None), default=0)
        for k, item in enumerate(items, start=last + 1):
            item.rows[0]._label = str(k)

    def __iter__(self) -> Iterator[TargetItem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    @property
    def stated_total(self) -> Fact | None:
        """The number of targets the resolution set, as a document states it (the catalogue's
        ``dem_muc_tieu = tổng``), or None: the data's list may be incomplete."""
        return self._stated.get("tổng")

    @property
    def stated_met(self) -> Fact | None:
        """The number of targets met and exceeded as a document states it
        (``dem_muc_tieu = đạt``), or None."""
        return self._stated.get("đạt")

    @property
    def illustrative(self) -> bool:
        """Some target of the list is illustrative (``minh_hoa``): counts made from the list
        (met, exceeded, not met) are illustrative too."""
        return any(item.illustrative for item in self._items)

    @property
    def counts_agree(self) -> bool:
        """Whether the stated counts (where the data has them) are those of the list."""
        total, met = self.stated_total, self.stated_met
        return ((total is None or round(total.value) == self.total)
                and (met is None or round(met.value) == len(self.met)))

    @property
    def items(self) -> tuple[TargetItem, ...]:
        return tuple(self._items)

    @property
    def rows(self) -> tuple[TargetView, ...]:
        """Every sub-row, one per indicator, in the list's order (the annex table)."""
        return tuple(r for item in self._items for r in item.rows)

    @property
    def total(self) -> int:
        return len(self._items)

    @property
    def gaps(self) -> list[int]:
        """Numbers missing from the resolution's list (1 … highest): a list in the data
        with (12) and (14) but no (13) has lost a target."""
        numbers = {i.number for i in self._items if i.number is not None}
        return [n for n in range(1, max(numbers, default=0) + 1) if n not in numbers]

    @property
    def assessed(self) -> tuple[TargetItem, ...]:
        return tuple(t for t in self._items if t.has_result)

    @property
    def met(self) -> tuple[TargetItem, ...]:
        """Targets met or exceeded."""
        return tuple(t for t in self.assessed if t.met)

    @property
    def exceeded(self) -> tuple[TargetItem, ...]:
        return tuple(t for t in self.assessed if t.assessment == "vượt")

    @property
    def not_met(self) -> tuple[TargetItem, ...]:
        return tuple(t for t in self.assessed if not t.met)

    @property
    def without_result(self) -> tuple[TargetItem, ...]:
        return tuple(t for t in self._items if not t.has_result)


class IndicatorView:
    """One indicator for the unit of the document."""

    #: What a template reads of an instance besides properties and methods (draftgen check).
    FIELDS = frozenset({
        "code", "name", "uom", "display_uom", "field", "group", "kind", "decimals",
        "good_direction", "pattern",
    })

    def __init__(self, indicator: Indicator, ctx: _Shared):
        self._ind = indicator
        self._ctx = ctx
        self.code = indicator.code
        self.name = indicator.name
        self.uom = indicator.uom
        self.display_uom = indicator.display_uom or indicator.uom
        self.field = indicator.field
        self.group = indicator.group
        self.kind = indicator.kind.value
        self.decimals = indicator.decimals
        self.good_direction = indicator.good_direction
        self.pattern = indicator.pattern

    # -- values -------------------------------------------------------------------------
    def _prefer(self, period: str) -> tuple[str, ...]:
        """Source documents in order of preference for ``period`` ("so sánh cùng nguồn",
        draftgen.sources): a figure of another period than the report year is compared with
        the report-year value, so that value's document comes first, then the draft's."""
        prefer = self._ctx.spec.sources
        year = str(self._ctx.spec.report_year)
        if period != year and self._ctx.data.observation_variants:
            value = self._ctx.fact(self.code, year)
            if value is not None:
                return preference(document_of(value.source), prefer)
        return prefer

    def has(self, period: int | str) -> bool:
        """Whether the unit has a value for ``period`` (a year or "2016-2020")."""
        return self._ctx.fact(self.code, str(period)) is not None

    def at(self, period: int | str) -> Fact:
        """The value for a year (``ind.X.at(2015)``) or a period (``ind.X.at("2016-2020")``).
        With rows from several source documents: the document of the report-year value
        first, then the draft's ``sources``, then the default row (draftgen.sources)."""
        fact = self._ctx.fact(self.code, str(period), self._prefer(str(period)))
        if fact is None:
            raise self._missing(f"năm {period}" if str(period).isdigit() else f"giai đoạn {period}")
        return fact

    @property
    def value(self) -> Fact:
        """The value for the report year."""
        return self.at(self._ctx.spec.report_year)

    @property
    def has_value(self) -> bool:
        return self.has(self._ctx.spec.report_year)

    @property
    def v(self) -> float:
        """The bare number for the report year, for comparisons in templates."""
        return self.value.value  # type: ignore[return-value]

    @property
    def baseline(self) -> Fact:
        """The value at the start of the term."""
        return self.at(self._ctx.spec.term.start)

    @property
    def has_baseline(self) -> bool:
        return self.has(self._ctx.spec.term.start)

    @property
    def period(self) -> Fact:
        """The value over the term (e.g. average annual growth 2016-2020)."""
        return self.at(self._ctx.spec.term.period)

    @property
    def has_period(self) -> bool:
        return self.has(self._ctx.spec.term.period)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(int(y) for y in self._ctx.data.years(self._ctx.unit.code, self.code))

    @property
    def series(self) -> tuple[Fact, ...]:
        """The yearly values, oldest first."""
        return tuple(self.at(y) for y in self.years)

    def series_between(self, start: int, end: int) -> tuple[Fact, ...]:
        return tuple(self.at(y) for y in self.years if start <= y <= end)

    # -- targets ------------------------------------------------------------------------
    def _target_row(self, term: Term) -> TargetRow | None:
        return self._ctx.data.target(self._ctx.unit.code, self.code, term.key,
                                     self._ctx.spec.sources)

    @property
    def has_target(self) -> bool:
        return self._target_row(self._ctx.spec.term) is not None

    @property
    def target(self) -> TargetView:
        """The target of the term under review (set by the previous congress)."""
        row = self._target_row(self._ctx.spec.term)
        if row is None:
            raise self._missing(f"mục tiêu nhiệm kỳ {self._ctx.spec.term.key}", sheet="muc-tieu")
        return TargetView(row, self)

    @property
    def has_next_target(self) -> bool:
        return self._target_row(self._ctx.spec.next_term) is not None

    @property
    def next_target(self) -> TargetView:
        row = self._target_row(self._ctx.spec.next_term)
        if row is None:
            raise self._missing(f"mục tiêu nhiệm kỳ {self._ctx.spec.next_term.key}",
                                sheet="muc-tieu")
        return TargetView(row, self)

    @property
    def has_achieved(self) -> bool:
        return self.has_period or self.has_value

    @property
    def achieved(self) -> Fact:
        """The result held against the term's target: the value over the term when the
        data has one (average growth), else the value of the report year."""
        return self.period if self.has_period else self.value

    @property
    def assessment(self) -> str:
        """«vượt», «đạt» or «chưa đạt» against the term's target."""
        return self.target.assessment

    @property
    def met(self) -> bool:
        return self.target.met

    # -- about the report-year value ----------------------------------------------------
    @property
    def status(self) -> str:
        return self.value.status.value

    @property
    def note(self) -> str:
        return self.value.note

    @property
    def illustrative(self) -> bool:
        return self.value.illustrative

    def _missing(self, what: str, sheet: str = "gia-tri") -> MissingDataError:
        unit = self._ctx.unit
        return MissingDataError(
            f"đơn vị «{unit.full_name}» ({unit.code}) không có {what} của chỉ tiêu "
            f"«{self.name}» ({self.code})",
            hint=f"thêm dòng vào sheet {sheet}, hoặc bọc đoạn văn trong "
                 f"{{% if ind.{self.code}.has_value %}} … {{% endif %}}",
        )

    def __str__(self) -> str:
        return self.name


class IndicatorsView:
    """``ind.CODE`` or ``ind["CODE"]``; ``"CODE" in ind`` tells whether the unit has data."""

    def __init__(self, ctx: _Shared):
        self._ctx = ctx
        self._cache: dict[str, IndicatorView] = {}

    def __getitem__(self, code: str) -> IndicatorView:
        view = self._cache.get(code)
        if view is None:
            indicator = self._ctx.data.indicators.get(code)
            if indicator is None:
                raise TemplateError(
                    f"không có chỉ tiêu mã «{code}» trong danh mục",
                    hint=suggest(code, self._ctx.data.indicators)
                    or "thêm chỉ tiêu vào danh mục (tệp danh-muc.csv hoặc sheet danh-muc)",
                )
            view = self._cache[code] = IndicatorView(indicator, self._ctx)
        return view

    def __getattr__(self, code: str) -> IndicatorView:
        if code.startswith("_"):
            raise AttributeError(code)
        return self[code]

    def __contains__(self, code: str) -> bool:
        return self.has(code)

    def has(self, code: str) -> bool:
        """Whether the unit has any data for the indicator ``code`` (its own, or a value
        for the report year rolled up from its children)."""
        if code not in self._ctx.data.indicators:
            return False
        return self._ctx.data.has_data(self._ctx.unit.code, code) or self[code].has_value

    def in_field(self, field: str, group: str | None = None) -> tuple[IndicatorView, ...]:
        """The indicators of a field (and group) the unit has a report-year value for."""
        out = []
        for ind in self._ctx.data.indicators.values():
            if ind.field == field and (group is None or ind.group == group):
                view = self[ind.code]
                if view.has_value:
                    out.append(view)
        return tuple(out)

    def any_in(self, field: str, group: str | None = None) -> bool:
        return bool(self.in_field(field, group))

    def with_data(self, field: str, group: str | list[str] | tuple[str, ...] | None = None
                  ) -> tuple[IndicatorView, ...]:
        """The indicators of a field (and one group or a list of groups), in catalogue
        order, that the unit has a result for: a value for the report year or over the
        term (``.achieved``). ``group`` may be a list: ``["tăng trưởng", "cơ cấu kinh tế"]``."""
        groups = None if group is None else ({group} if isinstance(group, str) else set(group))
        out = []
        for ind in self._ctx.data.indicators.values():
            if ind.field == field and (groups is None or ind.group in groups):
                view = self[ind.code]
                if view.has_achieved:
                    out.append(view)
        return tuple(out)


@dataclass
class _Shared:
    """What all views of one context share."""

    project: Project
    data: Dataset
    spec: DocumentSpec
    unit: Unit
    # (unit, indicator, period) → why the audit doubts the figure (draftgen.doubts)
    doubts: Mapping[tuple[str, str, str], str] = field(default_factory=dict)
    # The facts found so far, by (indicator, period, prefer): a template asks for the same
    # figure many times (has_value, value, achieved …), and a roll-up walks the unit's
    # whole subtree; the data does not change during a render.
    _found: dict[tuple[str, str, tuple[str, ...] | None], Fact | None] = field(
        default_factory=dict, repr=False, compare=False)

    def fact(self, code: str, period: str, prefer: tuple[str, ...] | None = None) -> Fact | None:
        """The fact for ``period``, from the source documents of ``prefer`` first (default:
        the draft's ``sources``), else the default row (draftgen.sources); marked with the
        audit's doubt, if any (draftgen.doubts)."""
        key = (code, period, prefer)
        if key in self._found:
            return self._found[key]
        found = self._found[key] = self._doubted(code, period, prefer)
        return found

    def _doubted(self, code: str, period: str, prefer: tuple[str, ...] | None) -> Fact | None:
        fact = self._fact(code, period, prefer)
        if fact is None or not self.doubts:
            return fact
        doubt = self.doubts.get((self.unit.code, code, fact.period), "")
        if not doubt:
            return fact
        # The audit saw the default rows: a figure from another source document that
        # differs from it is not the one in doubt.
        audited = self.data.fact(self.unit.code, code, fact.period)
        return replace(fact, doubt=doubt) if audited and audited.value == fact.value else fact

    def _fact(self, code: str, period: str, prefer: tuple[str, ...] | None) -> Fact | None:
        if prefer is None:
            prefer = self.spec.sources
        if "-" not in period:
            return self.data.fact(self.unit.code, code, period, prefer)
        # A term total is keyed "2016-2020" or "2015-2020" (draftgen.targets.term_periods).
        found = [(k, f) for k in term_periods(period)
                 if (f := self.data.fact(self.unit.code, code, k, prefer)) is not None]
        if len({f.value for _, f in found}) > 1:
            raise TemplateError(
                f"đơn vị «{self.unit.code}» có hai số liệu khác nhau của {code} cho cùng một "
                f"nhiệm kỳ: kỳ {found[0][0]} và kỳ {found[1][0]}",
                location=Location(sheet="gia-tri", column="ky"),
                hint="giữ một dòng: hai cách ghi kỳ này chỉ cùng một giai đoạn")
        return found[0][1] if found else None


class ProjectView:
    """The project: ``{{ project.name }}``."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __getitem__(self, key: str) -> str:
        if key == "name":
            return self.name
        raise KeyError(key)

    def __str__(self) -> str:
        return self.name


class DocView:
    """The document being drafted."""

    #: What a template reads of an instance besides properties and methods (draftgen check).
    FIELDS = frozenset({
        "name", "title", "draft", "date", "term", "next_term", "report_year", "footnotes",
        "issuer", "letter",
    })

    def __init__(self, spec: DocumentSpec, unit: UnitView):
        self.name = spec.name
        self.title = spec.title
        self.draft = spec.draft
        self.date = dt.date.fromisoformat(spec.date) if spec.date else None
        self.term = TermView(spec.term)
        self.next_term = TermView(spec.next_term)
        self.report_year = spec.report_year
        self.footnotes = spec.footnotes
        self.issuer = spec.issuer
        self.letter = spec.letter
        self._unit = unit

    @property
    def congress(self) -> int:
        """Ordinal of the congress this report goes to (it reviews ``term``)."""
        return self._unit.congress_for(self.term.key)

    @property
    def resolution_congress(self) -> int:
        """Ordinal of the congress whose resolution set the term's targets."""
        return self.congress - 1


def build_context(project: Project, data: Dataset, spec: DocumentSpec, unit: Unit,
                  doubts: Mapping[tuple[str, str, str], str] | None = None) -> dict[str, Any]:
    """The context a template renders with, for one document and one unit; ``doubts``
    (:func:`draftgen.doubts.doubt_table`) marks the figures the audit doubts."""
    shared = _Shared(project, data, spec, unit, doubts or {})
    unit_view = UnitView(unit, shared)
    ind = IndicatorsView(shared)

    def targets(term: Term) -> TargetsView:
        rows = data.targets_for(unit.code, term.key, spec.sources)
        stated = {}
        for indicator in data.indicators.values():
            if indicator.counts_targets in ("tổng", "đạt"):
                fact = shared.fact(indicator.code, term.period)
                if fact is not None and fact.value is not None:
                    stated[indicator.counts_targets] = fact
        return TargetsView([TargetView(r, ind[r.indicator]) for r in rows], stated)

    return {
        "project": ProjectView(project.name),
        "unit": unit_view,
        "doc": DocView(spec, unit_view),
        "ind": ind,
        "targets": targets(spec.term),
        "next_targets": targets(spec.next_term),
        "content": ContentView(ContentSource(project.content_dir, unit.code, spec.name,
                                               spec.term.key)),
    }
