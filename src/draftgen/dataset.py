"""The validated data of a project: units, indicators, observations and targets, with the
roll-up of an indicator from a unit's children. Built by :mod:`draftgen.loader`; read by the
context, the checker, the audit and the forms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .errors import DataError
from .model import Fact, Indicator, Observation, Rollup, Status, TargetRow, Unit
from .sources import pick

_YEAR = re.compile(r"^\d{4}$")


@dataclass
class Dataset:
    """The validated data of a project."""

    units: dict[str, Unit]
    indicators: dict[str, Indicator]
    observations: dict[tuple[str, str, str], Observation]
    targets: dict[tuple[str, str, str], TargetRow]
    # Data errors of units' rows, when loaded with ``isolate_units``: unit -> errors. The
    # rows in error are left out; the units' documents fail with these errors.
    unit_errors: dict[str, list[UnitDataError]] = field(default_factory=dict)
    # Rows of one key from several source documents (draftgen.sources): key -> every row,
    # in file order; the first is the default, the one in ``observations`` / ``targets``.
    observation_variants: dict[tuple[str, str, str], tuple[Observation, ...]] = field(
        default_factory=dict)
    target_variants: dict[tuple[str, str, str], tuple[TargetRow, ...]] = field(
        default_factory=dict)
    # Indexes by unit, lean: a thousand units' rows are kept by every worker. A unit's
    # value and target rows in key order; the codes of the last unit asked with their years.
    _last_codes: tuple[str, dict[str, list[str]]] | None = field(
        default=None, repr=False, compare=False)
    _rows: dict[str, tuple[list[Observation], list[TargetRow]]] = field(
        default_factory=dict, repr=False)
    _variant_rows: dict[str, list] = field(default_factory=dict, repr=False)
    # Computed once: the (indicator, period) of the value rows of a unit with children and
    # of all its descendants; the roll-ups of such units (unit, code, period, prefer).
    _subtree: dict[str, frozenset[tuple[str, str]]] = field(
        default_factory=dict, repr=False, compare=False)
    _rolled: dict[tuple[str, str, str, tuple[str, ...]], Fact | None] = field(
        default_factory=dict, repr=False, compare=False)
    # The (indicator, period) of the values with rows from several source documents, in a
    # unit with children and its descendants: only these roll up differently by ``prefer``.
    _subtree_variants: dict[str, frozenset[tuple[str, str]]] = field(
        default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes by unit: a project of a thousand units asks these once per unit.
        for key in sorted(self.observations):
            self._rows.setdefault(key[0], ([], []))[0].append(self.observations[key])
        for key in sorted(self.targets):
            self._rows.setdefault(key[0], ([], []))[1].append(self.targets[key])
        for variants in (self.observation_variants, self.target_variants):
            for key in sorted(variants):  # the other documents' rows
                self._variant_rows.setdefault(key[0], []).extend(
                    (key, row) for row in variants[key][1:])

    def has_data(self, unit: str, code: str) -> bool:
        return code in self._codes(unit)

    def _codes(self, unit: str) -> dict[str, list[str]]:
        """The codes of a unit's value rows, with their years in order; asked of one unit
        at a time (a render, a unit's descendants in turn), so only the last is kept."""
        last = self._last_codes
        if last is not None and last[0] == unit:
            return last[1]
        codes: dict[str, list[str]] = {}
        for obs in self._rows.get(unit, ((), ()))[0]:
            years = codes.setdefault(obs.indicator, [])
            if _YEAR.match(obs.period):
                years.append(obs.period)
        self._last_codes = (unit, codes)
        return codes

    def observation(self, unit: str, code: str, period: str,
                    prefer: Sequence[str] = ()) -> Observation | None:
        """The row of a value: from the first document of ``prefer`` that has one, else
        the default row (the first in file order)."""
        key = (unit, code, period)
        if prefer and key in self.observation_variants:
            return pick(self.observation_variants[key], prefer)
        return self.observations.get(key)

    def observation_rows(self, unit: str, code: str, period: str) -> tuple[Observation, ...]:
        """Every row of a value, one per source document, default first."""
        key = (unit, code, period)
        if key in self.observation_variants:
            return self.observation_variants[key]
        return (self.observations[key],) if key in self.observations else ()

    def fact(self, unit: str, code: str, period: str, prefer: Sequence[str] = ()) -> Fact | None:
        """The value of an indicator for a unit and period, rolled up from the unit's
        children when the unit has none and the catalogue says how (sum, mean, or mean
        weighted by the indicator named in ``trong_so``). With rows from several source
        documents, the row of the first document of ``prefer`` that has one, else the default.

        Every declared child must have a value. A rolled-up Fact says how many children it
        comes from and how many the unit has (``expected_children`` when the project
        declares fewer): ``Fact.incomplete`` when fewer, and then it is not a real total."""
        indicator = self.indicators[code]
        obs = self.observation(unit, code, period, prefer)
        if obs is not None:
            return Fact(obs.value, indicator, period, obs.status, obs.illustrative, obs.note,
                        obs.source, entered_decimals=obs.entered_decimals)
        node = self.units.get(unit)
        children = node.children if node is not None else []
        if indicator.rollup is Rollup.NONE or not children:
            return None
        prefer = tuple(prefer)
        if prefer and not self._prefer_matters(unit, indicator, period):
            prefer = ()  # the same roll-up as the default's: computed once (warm_rollups)
        key = (unit, code, period, prefer)
        if key not in self._rolled:
            self._rolled[key] = (self._rollup(node, indicator, period, prefer)  # type: ignore
                                 if (code, period) in self.subtree_keys(unit) else None)
        return self._rolled[key]

    def _rollup(self, node: Unit, indicator: Indicator, period: str,
                prefer: Sequence[str]) -> Fact | None:
        code, children = indicator.code, node.children
        parts = [self.fact(child, code, period, prefer) for child in children]
        if any(p is None for p in parts):
            return None
        values = [p.value for p in parts]  # type: ignore[union-attr]
        if indicator.rollup is Rollup.SUM:
            value = sum(values)
        elif indicator.rollup is Rollup.MEAN:
            value = sum(values) / len(values)
        else:  # weighted mean
            if indicator.weight not in self.indicators:
                return None
            weights = [self.fact(child, indicator.weight, period, prefer) for child in children]
            if any(w is None for w in weights):
                return None
            total_weight = sum(w.value for w in weights)  # type: ignore[union-attr]
            if not total_weight:
                return None
            value = sum(v * w.value for v, w in zip(values, weights)) / total_weight  # type: ignore[union-attr]
            parts = parts + weights
        status = max((p.status for p in parts), key=list(Status).index)  # type: ignore[union-attr]
        total = max(node.expected_children or 0, len(children))  # type: ignore[union-attr]
        partial_below = any(p.incomplete for p in parts)  # type: ignore[union-attr]
        return Fact(value, indicator, period, status,
                    any(p.illustrative for p in parts),  # type: ignore[union-attr]
                    "", f"tổng hợp từ {len(children)}/{total} đơn vị trực thuộc",
                    rolled_up_from=len(children), children_total=total,
                    partial_below=partial_below)

    def subtree_keys(self, unit: str) -> frozenset[tuple[str, str]]:
        """The (indicator, period) of every value row, of any source document, of the unit
        and of all its descendants: the only values a roll-up can be made of."""
        return self._over_subtree(unit, self._subtree, lambda u: (
            *((o.indicator, o.period) for o in self._rows.get(u, ((), ()))[0]),
            *self._variant_keys(u)))

    def _prefer_matters(self, unit: str, indicator: Indicator, period: str) -> bool:
        """Whether a roll-up of the indicator may differ by the source document preferred:
        some value it is made of (or weighted by) has rows from several documents."""
        variants = self.subtree_variants(unit)
        seen: set[str] = set()
        code: str | None = indicator.code
        while variants and code and code not in seen:  # the value, its weight, the weight's
            if (code, period) in variants:
                return True
            seen.add(code)
            code = self.indicators[code].weight if code in self.indicators else None
        return False

    def subtree_variants(self, unit: str) -> frozenset[tuple[str, str]]:
        """The (indicator, period) of the values with rows from several source documents,
        of the unit and of all its descendants."""
        return self._over_subtree(unit, self._subtree_variants, self._variant_keys)

    def _variant_keys(self, unit: str) -> Iterator[tuple[str, str]]:
        """The (indicator, period) of the unit's values with rows from other documents."""
        return ((k[1], k[2]) for k, row in self._variant_rows.get(unit, ())
                if isinstance(row, Observation))

    def _over_subtree(self, unit: str, memo: dict[str, frozenset[tuple[str, str]]],
                      own: Callable[[str], Iterable[tuple[str, str]]]
                      ) -> frozenset[tuple[str, str]]:
        """The keys ``own`` gives of the unit and of all its descendants, kept in ``memo``
        for units with children (leaves are cheap to ask again)."""
        found = memo.get(unit)
        if found is None:
            keys = set(own(unit))
            node = self.units.get(unit)
            for child in node.children if node is not None else ():
                keys.update(self._over_subtree(child, memo, own))
            found = frozenset(keys)
            if node is not None and node.children:
                memo[unit] = found
        return found

    def warm_rollups(self, prefers: Sequence[Sequence[str]] = ((),)) -> None:
        """Compute every roll-up the data can give, for each ``prefer`` of ``prefers``.

        Done before workers are forked: a worker that drafts a province then reads the
        roll-ups, not the rows of every unit below (reading a row writes to its memory,
        which then stops being shared with the parent)."""
        for unit, node in self.units.items():
            if not node.children:
                continue
            self.subtree_variants(unit)
            for code, period in sorted(self.subtree_keys(unit)):
                if code in self.indicators:
                    for prefer in prefers:
                        self.fact(unit, code, period, prefer)

    def years(self, unit: str, code: str) -> list[str]:
        return list(self._codes(unit).get(code, ()))

    def target(self, unit: str, code: str, term: str,
               prefer: Sequence[str] = ()) -> TargetRow | None:
        """A target: from the first document of ``prefer`` that has one, else the default."""
        key = (unit, code, term)
        if prefer and key in self.target_variants:
            return pick(self.target_variants[key], prefer)
        return self.targets.get(key)

    def targets_for(self, unit: str, term: str, prefer: Sequence[str] = ()) -> list[TargetRow]:
        rows = [self.target(unit, t.indicator, t.term, prefer) or t
                for t in self._rows.get(unit, ((), ()))[1] if t.term == term]
        order = list(self.indicators)
        return sorted(rows, key=lambda t: (t.number if t.number is not None else 10**6,
                                           order.index(t.indicator)))

    def unit_rows(self, unit: str) -> list[tuple]:
        """Everything the data says about one unit, in a stable order (for fingerprints):
        values, then targets (the default rows), then the other documents' rows."""
        obs, tgt = self._rows.get(unit, ((), ()))
        return [*(((o.unit, o.indicator, o.period), o) for o in obs),
                *(((t.unit, t.indicator, t.term), t) for t in tgt),
                *self._variant_rows.get(unit, ())]


class UnitDataError(NamedTuple):
    """A data error in a row of one unit: the indicator code of the row and the error."""

    indicator: str
    error: DataError
