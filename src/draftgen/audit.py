"""The consistency audit of a project's data: figures that contradict each other.

Each rule is a small pure function over the :class:`~draftgen.dataset.Dataset` returning
:class:`Finding` objects; :func:`audit_project` runs them all, applies the project's list of
findings already reviewed and accepted (``kiem-tra-so-lieu.toml`` beside the config file) and
returns an :class:`AuditReport`. The audit only reads: it never changes data.

Rules and tolerances are documented for editors in docs/kiem-tra-so-lieu.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import DocumentSpec, Project, tomllib
from .dataset import Dataset
from .errors import ConfigError, Location
from .formatting import format_number
from .model import Fact, Indicator, Kind, Observation, Rollup, TargetRow, Term
from .parsing import parse_number
from .sources import document_of, pick, preference
from .syntax_errors import toml_error

ERROR, WARNING, NOTE = "lỗi", "cảnh báo", "lưu ý"
SEVERITIES = (ERROR, WARNING, NOTE)
ACCEPT_FILE = "kiem-tra-so-lieu.toml"

# -- tolerances (documented in docs/kiem-tra-so-lieu.md) -------------------------------------
SHARE_SUM_TOLERANCE = 0.1  # percentage points off 100, at least (more with many shares)
PER_YEAR_TOLERANCE = 0.01  # relative: stated yearly mean × years against the term total
RATE_FROM_LEVELS_TOLERANCE = 0.5  # percentage points: stated growth against the endpoints
CHANGE_FROM_RATES_TOLERANCE = 0.1  # percentage points a year: stated change of a rate
SERIES_TOLERANCE = 0.1  # percentage points: stated average growth against the yearly rates
CHILDREN_TOLERANCE = 0.005  # relative: a complete sum of children against the parent
PHRASE_TOLERANCE = 0.05  # relative: "tăng y%", "gấp x lần" against the two figures
GROWTH_LIMIT = 100  # % a growth rate above which it is doubted (pham-vi)

_SPAN = re.compile(r"^(\d{4})-(\d{4})$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Finding:
    """One inconsistency: how bad, which rule, where, the figures and the computed one."""

    severity: str  # "lỗi" | "cảnh báo" | "lưu ý"
    rule: str  # rule id: "co-cau-100"
    unit: str
    indicator: str  # indicator code (the first one when several are involved)
    periods: tuple[str, ...]
    # Where the figures stand: cells, or the data rows they are in (whose cells are made
    # only when asked: a province's roll-up stands in a thousand communes' rows).
    places: tuple[Location | Observation | TargetRow, ...]
    values: tuple[float, ...]
    computed: float | None
    message: str
    hint: str
    indicators: tuple[str, ...] = ()  # every indicator involved
    accepted: str = ""  # the reason, when the project reviewed and accepted it

    @property
    def period(self) -> str:
        return ", ".join(self.periods)

    @property
    def cells(self) -> tuple[Location, ...]:
        """The cells the figures stand in."""
        found = (p if isinstance(p, Location) else p.location for p in self.places)
        return tuple(c for c in found if c is not None)

    def where(self) -> str:
        return "; ".join(str(c) for c in self.cells if str(c))

    def __str__(self) -> str:
        text = (f"[{self.severity} {self.rule}] {self.unit} / {self.indicator} ({self.period}): "
                f"{self.message}")
        if self.where():
            text = f"{self.where()}: {text}"
        return f"{text} → {self.hint}" if self.hint else text


@dataclass
class AuditReport:
    project: str
    findings: list[Finding] = field(default_factory=list)

    def _open(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity and not f.accepted]

    @property
    def errors(self) -> list[Finding]:
        """Errors not accepted: these fail ``draftgen audit`` and ``draftgen check``."""
        return self._open(ERROR)

    @property
    def warnings(self) -> list[Finding]:
        return self._open(WARNING)

    @property
    def notes(self) -> list[Finding]:
        return self._open(NOTE)

    @property
    def accepted(self) -> list[Finding]:
        return [f for f in self.findings if f.accepted]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: «Kiểm tra số liệu: 0 lỗi, 2 cảnh báo, 5 lưu ý (3 điểm đã chấp nhận).»"""
        text = (f"Kiểm tra số liệu: {len(self.errors)} lỗi, {len(self.warnings)} cảnh báo, "
                f"{len(self.notes)} lưu ý")
        if self.accepted:
            text += f" ({len(self.accepted)} điểm đã xem xét và chấp nhận)"
        return text + "."


# -- helpers ----------------------------------------------------------------------------------

def _num(value: float | None) -> str:
    """A figure in a message, the Vietnamese way, at most two decimals: 18.804,9."""
    return "—" if value is None else format_number(value)


def _years(period: str) -> tuple[int, int] | None:
    m = _SPAN.match(period)
    if m:
        return int(m.group(1)), int(m.group(2))
    if _YEAR.match(period):
        return int(period), int(period)
    return None


def _span_length(period: str) -> int | None:
    years = _years(period)
    return None if years is None or not _SPAN.match(period) else years[1] - years[0] + 1


def cells_of(data: Dataset, unit: str, code: str, period: str) -> tuple[Observation, ...]:
    """Where a value comes from: its row, or the rows of the children it is rolled up from
    (a finding's ``places``)."""
    obs = data.observation(unit, code, period)
    if obs is not None:
        return (obs,)
    node = data.units.get(unit)
    out: list[Observation] = []
    for child in node.children if node is not None else []:
        out.extend(cells_of(data, child, code, period))
    return tuple(out)


def _periods(data: Dataset, codes: Iterable[str]) -> dict[str, set[str]]:
    """Every period any unit has a value for, by indicator code."""
    wanted = set(codes)
    out: dict[str, set[str]] = {c: set() for c in wanted}
    for (_, code, period) in data.observations:
        if code in wanted:
            out[code].add(period)
    return out


def _label(ind: Indicator) -> str:
    return f"«{ind.name}» ({ind.code})"


def _unit_label(data: Dataset, unit: str) -> str:
    node = data.units.get(unit)
    return node.full_name if node is not None else unit


def _decimals(values: Iterable[float]) -> int:
    """The decimals the figures are written with (at most 3)."""
    best = 0
    for v in values:
        for d in range(4):
            if abs(round(v, d) - v) < 1e-9:
                best = max(best, d)
                break
        else:
            best = 3
    return best


def _facts(data: Dataset, unit: str, code: str, period: str) -> Fact | None:
    return data.fact(unit, code, period) if code in data.indicators else None


def _incomplete_text(fact: Fact) -> str:
    return (f"số {fact.rollup_note} (chưa đủ số liệu), không phải số của toàn "
            f"đơn vị")


# -- rules ------------------------------------------------------------------------------------

def rule_ranges(data: Dataset) -> Iterator[Finding]:
    """Values outside what the indicator can be: a share or rate in % above 100 or below 0,
    a growth below -100% or above :data:`GROWTH_LIMIT`, a negative count, a count that is
    not whole."""
    for (unit, code, period), obs in sorted(data.observations.items()):
        ind = data.indicators[code]
        v = obs.value
        problem = None
        severity = ERROR
        hint = ("kiểm tra lại con số và đơn vị tính trong tài liệu gốc "
                "(có thể nhầm cột, nhầm dấu phẩy thập phân)")
        if ind.kind in (Kind.SHARE, Kind.RATIO) and ind.uom.strip() == "%" and not 0 <= v <= 100:
            problem = "tỷ lệ, tỷ trọng phải nằm trong khoảng 0 - 100%"
        elif ind.kind is Kind.GROWTH and ind.uom.strip() == "%" and v <= -100:
            problem = "tốc độ giảm không thể từ 100% trở lên"
        elif ind.kind is Kind.GROWTH and ind.uom.strip() == "%" and v > GROWTH_LIMIT:
            problem = (f"tốc độ tăng trên {GROWTH_LIMIT}% (hơn gấp đôi) hiếm khi đúng: có thể "
                       "thiếu dấu phẩy thập phân (545 cho 5,45)")
            hint = ("kiểm tra lại con số trong tài liệu gốc; nếu đúng (một số nhỏ có thể tăng "
                    "hơn gấp đôi), chấp nhận điểm này trong kiem-tra-so-lieu.toml")
        elif ind.kind is Kind.COUNT and v < 0:
            problem = "số đếm không thể âm"
        elif ind.kind is Kind.COUNT and not float(v).is_integer() and not ind.average_of:
            problem, severity = "số đếm không phải số nguyên", WARNING
        if problem:
            yield Finding(severity, "pham-vi", unit, code, (period,),
                          (obs.location,) if obs.location else (), (v,), None,
                          f"{_label(ind)} = {_num(v)} {ind.uom}: {problem}", hint, (code,))


def rule_share_sums(data: Dataset) -> Iterator[Finding]:
    """Shares of one whole (catalogue ``thuoc_tong``) sum to 100 within rounding; with some
    shares missing, they may not exceed 100."""
    wholes: dict[str, list[Indicator]] = {}
    for ind in data.indicators.values():
        if ind.whole:
            wholes.setdefault(ind.whole, []).append(ind)
    for whole, members in wholes.items():
        if len(members) < 2:
            continue
        codes = [m.code for m in members]
        periods = set().union(*_periods(data, codes).values())
        for unit in data.units:
            for period in sorted(periods):
                present = [(m, data.observation(unit, m.code, period)) for m in members]
                present = [(m, o) for m, o in present if o is not None]
                if len(present) < 2:
                    continue
                values = [o.value for _, o in present]
                total = sum(values)
                decimals = max((m.decimals if m.decimals is not None else _decimals([o.value])
                                for m, o in present), default=2)
                tol = max(SHARE_SUM_TOLERANCE, len(present) * 0.5 * 10 ** -decimals)
                complete = len(present) == len(members)
                if complete and abs(total - 100) <= tol or not complete and total <= 100 + tol:
                    continue
                parts = " + ".join(_num(v) for v in values)
                if complete:
                    message = (f"các tỷ trọng của «{whole}» cộng lại {parts} = {_num(total)}%, "
                               f"không bằng 100% (sai số cho phép ±{_num(tol)})")
                else:
                    message = (f"{len(present)}/{len(members)} tỷ trọng của «{whole}» đã cộng "
                               f"lại {parts} = {_num(total)}%, vượt 100%")
                yield Finding(ERROR, "co-cau-100", unit, present[0][0].code, (period,),
                              tuple(o.location for _, o in present if o.location),
                              tuple(values), total, message,
                              "đối chiếu từng tỷ trọng với tài liệu gốc; các tỷ trọng phải cùng "
                              "một nguồn, cùng một năm", tuple(m.code for m, _ in present))


def rule_per_year(data: Dataset) -> Iterator[Finding]:
    """A yearly mean (catalogue ``binh_quan_cua``) times the years of the period against the
    period total."""
    for ind in data.indicators.values():
        total_code = ind.average_of
        if not total_code or total_code not in data.indicators:
            continue
        periods = set().union(*_periods(data, [ind.code, total_code]).values())
        for unit in data.units:
            for period in sorted(periods):
                n = _span_length(period)
                if n is None:
                    continue
                mean, total = (_facts(data, unit, ind.code, period),
                               _facts(data, unit, total_code, period))
                if mean is None or total is None or mean.value is None or total.value is None:
                    continue
                if mean.rolled_up and total.rolled_up:
                    continue  # both from the same children: checked there
                computed = total.value / n
                tol = max(PER_YEAR_TOLERANCE * abs(total.value),
                          n * 0.5 * 10 ** -_decimals([mean.value]))
                if abs(mean.value * n - total.value) <= tol:
                    continue
                cells = (cells_of(data, unit, ind.code, period)
                         + cells_of(data, unit, total_code, period))
                message = (f"bình quân mỗi năm {_num(mean.value)} {ind.uom} × {n} năm = "
                           f"{_num(mean.value * n)}, nhưng tổng cả giai đoạn "
                           f"{_label(data.indicators[total_code])} là {_num(total.value)} "
                           f"(bình quân {_num(computed)}/năm)")
                severity, hint = ERROR, ("đối chiếu hai số với tài liệu gốc: số tổng và số bình "
                                         "quân phải cùng một giai đoạn")
                for f in (mean, total):
                    if f.incomplete:
                        severity = WARNING
                        message += f"; {_incomplete_text(f)}"
                        hint = ("nhập số của chính đơn vị (tài liệu gốc) hoặc khai báo đủ đơn vị "
                                "trực thuộc; đừng dùng số tổng hợp thiếu")
                yield Finding(severity, "binh-quan-nam", unit, ind.code, (period,), cells,
                              (mean.value, total.value), computed, message, hint,
                              (ind.code, total_code))


def _stated_rates(data: Dataset, ind: Indicator) -> Iterator[tuple[str, str, float]]:
    for (unit, code, period), obs in sorted(data.observations.items()):
        if code == ind.code and _SPAN.match(period):
            yield unit, period, obs.value


def rule_rate_from_levels(data: Dataset) -> Iterator[Finding]:
    """A stated average annual rate (catalogue ``toc_do_cua``) against the rate computed from
    the level at the year before the period and at its last year; for a rate of a rate
    (poverty rate) the average change in percentage points a year."""
    for ind in data.indicators.values():
        base_code = ind.rate_of
        if not base_code or base_code not in data.indicators:
            continue
        base = data.indicators[base_code]
        for unit, period, stated in _stated_rates(data, ind):
            first, last = _years(period)  # type: ignore[misc]
            n = last - first + 1
            start, end = (_facts(data, unit, base_code, str(first - 1)),
                          _facts(data, unit, base_code, str(last)))
            if start is None or end is None or start.value is None or end.value is None:
                continue
            if base.kind.is_rate:
                computed = (end.value - start.value) / n
                ok = abs(abs(stated) - abs(computed)) <= CHANGE_FROM_RATES_TOLERANCE
                how = (f"từ {_num(start.value)}% năm {first - 1} đến {_num(end.value)}% năm "
                       f"{last}: bình quân {_num(computed)} điểm % mỗi năm")
                tol = CHANGE_FROM_RATES_TOLERANCE
            else:
                if start.value <= 0 or end.value <= 0:
                    continue
                computed = ((end.value / start.value) ** (1 / n) - 1) * 100
                ok = abs(stated - computed) <= RATE_FROM_LEVELS_TOLERANCE
                how = (f"từ {_num(start.value)} năm {first - 1} đến {_num(end.value)} năm "
                       f"{last} ({base.uom}): bình quân {_num(computed)}%/năm")
                tol = RATE_FROM_LEVELS_TOLERANCE
            if ok:
                continue
            cells = (cells_of(data, unit, ind.code, period)
                     + cells_of(data, unit, base_code, str(first - 1))
                     + cells_of(data, unit, base_code, str(last)))
            severity = WARNING if start.incomplete or end.incomplete else ERROR
            yield Finding(severity, "toc-do-binh-quan", unit, ind.code, (period, str(first - 1),
                                                                        str(last)),
                          cells, (stated, start.value, end.value), computed,
                          f"{_label(ind)} ghi {_num(stated)}%/năm, nhưng {_label(base)} {how} "
                          f"(chênh quá ±{_num(tol)})",
                          "đối chiếu tốc độ và hai số đầu, cuối kỳ với tài liệu gốc (cùng giá so "
                          "sánh, cùng phạm vi, cùng năm gốc)", (ind.code, base_code))


def rule_series_mean(data: Dataset) -> Iterator[Finding]:
    """A stated average growth over a period against the growth rates of its years, when
    every year has one (compound mean; the plain mean is accepted too)."""
    for (unit, code, period), obs in sorted(data.observations.items()):
        ind = data.indicators[code]
        if ind.kind is not Kind.GROWTH or not _SPAN.match(period):
            continue
        first, last = _years(period)  # type: ignore[misc]
        yearly = [data.observation(unit, code, str(y)) for y in range(first, last + 1)]
        if any(y is None for y in yearly) or len(yearly) < 2:
            continue
        rates = [y.value for y in yearly]  # type: ignore[union-attr]
        if any(r <= -100 for r in rates):
            continue
        compound = (math.prod(1 + r / 100 for r in rates) ** (1 / len(rates)) - 1) * 100
        plain = sum(rates) / len(rates)
        if min(abs(obs.value - compound), abs(obs.value - plain)) <= SERIES_TOLERANCE:
            continue
        cells = ((obs.location,) if obs.location else ()) + tuple(
            y.location for y in yearly if y is not None and y.location)
        yield Finding(ERROR, "toc-do-chuoi-nam", unit, code, (period,), cells,
                      (obs.value, *rates), compound,
                      f"{_label(ind)} bình quân {period} ghi {_num(obs.value)}%, nhưng tốc độ "
                      f"từng năm ({', '.join(_num(r) for r in rates)}) cho bình quân "
                      f"{_num(compound)}% (trung bình cộng {_num(plain)}%)",
                      "đối chiếu số bình quân và số từng năm với tài liệu gốc; số bình quân phải "
                      "tính từ đúng các năm của giai đoạn", (code,))


def rule_children(data: Dataset) -> Iterator[Finding]:
    """A parent's own figure against its children's: a sum of children above the parent's
    total; with every child present, a sum off the total or a mean outside the children's
    range."""
    for (unit, code, period), obs in sorted(data.observations.items()):
        node = data.units.get(unit)
        if node is None or not node.children:
            continue
        expected = max(node.expected_children or 0, len(node.children))
        ind = data.indicators[code]
        if ind.rollup is Rollup.NONE:
            continue
        parts = [(c, data.fact(c, code, period)) for c in node.children]
        parts = [(c, f) for c, f in parts if f is not None and f.value is not None]
        if not parts:
            continue
        values = [f.value for _, f in parts]
        complete = len(parts) == expected and not any(f.incomplete for _, f in parts)
        cells = (obs, *(row for c, _ in parts for row in cells_of(data, c, code, period)))
        tol = max(CHILDREN_TOLERANCE * abs(obs.value), 0.5 * 10 ** -_decimals(values))
        if ind.rollup is Rollup.SUM:
            total = sum(values)
            if all(v >= 0 for v in values) and total > obs.value + tol:
                yield Finding(ERROR, "con-cha", unit, code, (period,), cells,
                              (obs.value, *values), total,
                              f"{_label(ind)}: cộng {len(parts)} đơn vị trực thuộc được "
                              f"{_num(total)}, lớn hơn số của {_unit_label(data, unit)} "
                              f"({_num(obs.value)})",
                              "đối chiếu số của đơn vị cấp trên và cấp dưới với tài liệu "
                              "gốc (cùng kỳ, cùng đơn vị tính)", (code,))
            elif complete and abs(total - obs.value) > tol:
                yield Finding(WARNING, "con-cha", unit, code, (period,), cells,
                              (obs.value, *values), total,
                              f"{_label(ind)}: đủ {len(parts)}/{expected} đơn vị trực thuộc, "
                              f"cộng lại {_num(total)}, khác số của "
                              f"{_unit_label(data, unit)} ({_num(obs.value)})",
                              "kiểm tra số của đơn vị cấp trên hoặc của các đơn vị trực "
                              "thuộc; chênh lệch nhỏ có thể do làm tròn", (code,))
        elif complete and not (min(values) - tol <= obs.value <= max(values) + tol):
            yield Finding(WARNING, "con-cha", unit, code, (period,), cells,
                          (obs.value, *values), None,
                          f"{_label(ind)}: số của {_unit_label(data, unit)} "
                          f"({_num(obs.value)}) nằm ngoài khoảng số của các đơn vị trực "
                          f"thuộc ({_num(min(values))} - {_num(max(values))})",
                          "số bình quân của đơn vị cấp trên phải nằm giữa số nhỏ nhất và "
                          "lớn nhất của các đơn vị trực thuộc", (code,))


_CHANGE = re.compile(r"(tăng|giảm)\s+(?:gần\s+|hơn\s+|trên\s+|khoảng\s+)?(\d[\d.]*(?:,\d+)?)\s*%"
                     r"\s+so với\s+(?:cùng kỳ\s+)?(?:năm\s+)?(\d{4})", re.IGNORECASE)
_TIMES = re.compile(r"gấp\s+(?:gần\s+|hơn\s+|trên\s+|khoảng\s+)?(\d[\d.]*(?:,\d+)?)\s+lần\s+"
                    r"(?:so với\s+)?(?:năm\s+)?(\d{4})", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\d,.])\d[\d.]*(?:,\d+)?(?![\d,])")


def _clause_is_about(text: str, start: int, value: float) -> bool:
    """Whether the words before a phrase (back to the last «.» or «;») speak of this figure:
    they hold the figure itself and no other number (years aside)."""
    clause = re.split(r"[.;]\s", text[:start])[-1]
    found = False
    for raw in _NUMBER.findall(clause):
        if _YEAR.match(raw) and 1900 < int(raw) < 2100:
            continue
        try:
            number = parse_number(raw)
        except Exception:  # noqa: BLE001 - not a number written the Vietnamese way
            return False
        if abs(number - value) > 1e-9:
            return False
        found = True
    return found


def rule_phrases(data: Dataset) -> Iterator[Finding]:
    """«tăng y% so với năm N», «gấp x lần năm N» in a figure's note against the figure and the
    same indicator's value in year N (for a rate, «tăng y%» may mean y percentage points)."""
    for (unit, code, period), obs in sorted(data.observations.items()):
        if not obs.note:
            continue
        ind = data.indicators[code]
        for m in list(_CHANGE.finditer(obs.note)) + list(_TIMES.finditer(obs.note)):
            if not _clause_is_about(obs.note, m.start(), obs.value):
                continue
            year = m.group(m.lastindex)  # type: ignore[arg-type]
            base = data.observation(unit, code, year)
            if base is None or base.value == 0:
                continue
            said = parse_number(m.group(2) if m.re is _CHANGE else m.group(1))
            cells = tuple(x.location for x in (obs, base) if x.location)
            if m.re is _CHANGE:
                sign = 1 if m.group(1).lower() == "tăng" else -1
                relative = (obs.value / base.value - 1) * 100
                points = obs.value - base.value
                candidates = [relative] + ([points] if ind.kind.is_rate else [])
                ok = any(abs(sign * said - c) <= max(PHRASE_TOLERANCE * abs(c), 0.05)
                         for c in candidates)
                computed = points if ind.kind.is_rate else relative
                what = f"«{m.group(0)}»"
                got = (f"{_num(relative)}%" + (f" ({_num(points)} điểm %)" if ind.kind.is_rate
                                               else ""))
            else:
                computed = obs.value / base.value
                ok = abs(said - computed) <= max(PHRASE_TOLERANCE * computed, 0.05)
                what, got = f"«{m.group(0)}»", f"gấp {_num(computed)} lần"
            if ok:
                continue
            yield Finding(ERROR, "tang-gap-lan", unit, code, (period, year), cells,
                          (said, obs.value, base.value), computed,
                          f"ghi chú của {_label(ind)} viết {what}, nhưng {_num(obs.value)} so với "
                          f"{_num(base.value)} năm {year} là {got}",
                          "sửa câu trong ghi chú hoặc con số cho khớp với tài liệu gốc", (code,))


def _targets_view(data: Dataset, unit: str, term: str):
    """The targets of a unit's term as a document for that term counts them (items of the
    resolution, sub-rows grouped by number; qualitative results)."""
    from .config import DocumentSpec
    from .context import IndicatorsView, TargetsView, TargetView, _Shared

    t = Term.parse(term)
    spec = DocumentSpec("kiem-tra-so-lieu", "", (), t, t.following(), t.end)
    shared = _Shared(None, data, spec, data.units[unit])  # type: ignore[arg-type]
    ind = IndicatorsView(shared)  # targets' views never reach the project
    return TargetsView([TargetView(r, ind[r.indicator]) for r in data.targets_for(unit, term)])


def _row_cells(item) -> tuple[Location, ...]:
    return tuple(r._row.location for r in item.rows if r._row.location is not None)


def rule_target_counts(data: Dataset) -> Iterator[Finding]:
    """A stated count of targets met (catalogue ``dem_muc_tieu = đạt``) or set (``tổng``)
    against the resolution's targets of the term (items, as documents count them) and the
    results in the data. A result that is an incomplete roll-up does not count."""
    for (unit, code, period), obs in sorted(data.observations.items()):
        ind = data.indicators[code]
        if ind.counts_targets not in ("đạt", "tổng"):
            continue
        terms = {t for (u, _, t) in data.targets if u == unit}
        term = next((t for t in sorted(terms)
                     if t == period or Term.parse(t).period == period), None)
        if term is None:
            continue
        view = _targets_view(data, unit, term)
        own = (obs.location,) if obs.location else ()
        stated = round(obs.value)
        if ind.counts_targets == "tổng":
            if view.total != stated:
                yield Finding(WARNING, "dem-chi-tieu", unit, code, (period,), own,
                              (obs.value,), float(view.total),
                              f"ghi {stated} chỉ tiêu, nhưng bảng mục tiêu nhiệm kỳ {term} có "
                              f"{view.total} chỉ tiêu",
                              "bổ sung các chỉ tiêu còn thiếu vào bảng mục tiêu, hoặc sửa số",
                              (code,))
            continue
        met = unknown = 0
        others: list[Location] = []  # the targets not met or not assessed
        for item in view.items:
            if not item.has_result:  # an incomplete roll-up is no result (TargetView)
                unknown += 1
            elif item.met:
                met += 1
                continue
            others.extend(_row_cells(item))
        if stated == met:
            continue
        cells = own + tuple(others)
        if met < stated <= met + unknown:
            severity = NOTE
            message = (f"ghi {stated} chỉ tiêu đạt và vượt; theo số liệu {met}/{view.total} chỉ "
                       f"tiêu đạt, {unknown} chỉ tiêu chưa có số liệu để đánh giá")
            hint = "bổ sung kết quả của các chỉ tiêu chưa có số liệu"
        else:
            severity = ERROR
            message = (f"ghi {stated} chỉ tiêu đạt và vượt, nhưng theo số liệu và mục tiêu nhiệm "
                       f"kỳ {term} có {met}/{view.total} chỉ tiêu đạt"
                       + (f" ({unknown} chưa đánh giá được)" if unknown else ""))
            hint = "đối chiếu từng chỉ tiêu với kết quả; sửa số chỉ tiêu đạt hoặc số liệu"
        yield Finding(severity, "dem-chi-tieu", unit, code, (period,), cells, (obs.value,),
                      float(met), message, hint, (code,))


def _name_key(ind: Indicator) -> tuple[str, str]:
    return re.sub(r"\s+", " ", ind.name.strip().lower()), ind.uom.strip().lower()


def rule_duplicates(data: Dataset) -> Iterator[Finding]:
    """One figure entered twice: two catalogue codes for the same indicator (same name and
    unit) with values for the same unit and period, or a term written both ways («2015-2020»
    and «2016-2020») with two values."""
    by_name: dict[tuple[str, str], list[str]] = {}
    for ind in data.indicators.values():
        by_name.setdefault(_name_key(ind), []).append(ind.code)
    for codes in by_name.values():
        if len(codes) < 2:
            continue
        seen: dict[tuple[str, str], tuple[str, object]] = {}
        for (unit, code, period), obs in sorted(data.observations.items()):
            if code not in codes:
                continue
            key = (unit, period)
            if key in seen and seen[key][0] != code:
                first_code, first = seen[key]
                same = abs(first.value - obs.value) < 1e-9  # type: ignore[attr-defined]
                yield Finding(NOTE if same else ERROR, "trung-lap", unit, first_code, (period,),
                              tuple(x.location for x in (first, obs) if x.location),  # type: ignore[attr-defined]
                              (first.value, obs.value), None,  # type: ignore[attr-defined]
                              f"cùng một chỉ tiêu nhập hai lần dưới hai mã {first_code} và {code}"
                              + ("" if same else f", hai giá trị khác nhau: "
                                 f"{_num(first.value)} và {_num(obs.value)}")  # type: ignore[attr-defined]
                              + (f" (nguồn: {first.source or '—'}; {obs.source or '—'})"  # type: ignore[attr-defined]
                                 if not same else ""),
                              "giữ một mã trong danh mục; chọn một giá trị và ghi lý do vào tệp "
                              "nguồn số liệu", (first_code, code))
            else:
                seen[key] = (code, obs)
    for (unit, code, period), obs in sorted(data.observations.items()):
        m = _SPAN.match(period)
        if not m:
            continue
        other = data.observation(unit, code, f"{int(m.group(1)) + 1}-{m.group(2)}")
        if other is None:
            continue
        same = abs(other.value - obs.value) < 1e-9
        yield Finding(NOTE if same else ERROR, "trung-lap", unit, code,
                      (period, other.period), tuple(x.location for x in (obs, other) if x.location),
                      (obs.value, other.value), None,
                      f"{_label(data.indicators[code])} nhập cho cả «{period}» và "
                      f"«{other.period}» (cùng một nhiệm kỳ)"
                      + ("" if same else f" với hai giá trị {_num(obs.value)} và "
                         f"{_num(other.value)}"),
                      "một nhiệm kỳ chỉ ghi một kiểu kỳ (giai đoạn «2016-2020»); giữ một dòng",
                      (code,))


# A document and the codes of the units it is drafted for.
Uses = Sequence[tuple[DocumentSpec, frozenset[str]]]


def _row_used(data: Dataset, spec: DocumentSpec, unit: str, code: str, period: str,
              rows: Sequence) -> int:
    """Which of ``rows`` a document uses for a value, as its context chooses
    (draftgen.sources): another period than the report year follows the report-year
    value's document, then the document's ``sources``, then the default row."""
    prefer = spec.sources
    year = str(spec.report_year)
    if period != year:
        value = data.fact(unit, code, year, spec.sources)
        if value is not None:
            prefer = preference(document_of(value.source), spec.sources)
    return rows.index(pick(rows, prefer))


def rule_vintages(data: Dataset, uses: Uses = ()) -> Iterator[Finding]:
    """One figure from several source documents with different values (the statistics of
    a later document revise the earlier year): a known difference (lưu ý) naming both cells,
    both values and which row each document uses. The same document twice is refused by the
    loader."""
    for kind, variants in (("value", data.observation_variants),
                           ("target", data.target_variants)):
        for (unit, code, period), rows in sorted(variants.items()):
            shown = [_num(r.value) if kind == "value" else r.target.text for r in rows]
            if len(set(shown)) < 2:
                continue
            by_row: dict[int, list[str]] = {}
            for spec, units in uses:
                if unit not in units:
                    continue
                if kind == "value":
                    used = _row_used(data, spec, unit, code, period, rows)
                else:
                    used = rows.index(pick(rows, spec.sources))
                by_row.setdefault(used, []).append(spec.name)
            figures = "; ".join(f"{v} ({r.source})" for v, r in zip(shown, rows))
            choice = "; ".join(f"{', '.join(names)} dùng {shown[i]}"
                               for i, names in sorted(by_row.items()))
            what = "mục tiêu" if kind == "target" else "số liệu"
            where = f"nhiệm kỳ {period}" if kind == "target" else f"kỳ {period}"
            yield Finding(
                NOTE, "trung-lap", unit, code, (period,),
                tuple(r.location for r in rows if r.location),
                tuple(r.value for r in rows) if kind == "value" else (), None,
                f"{_label(data.indicators[code])} {where} có {what} từ {len(rows)} văn bản "
                f"nguồn khác nhau: {figures}; mặc định (dòng đầu) là {shown[0]}"
                + (f"; {choice}" if choice else ""),
                "số liệu của hai văn bản khác nhau (văn bản sau tính lại): kiểm tra mỗi văn bản "
                "dùng đúng số bằng khóa sources của [[documents]] (docs/du-lieu.md, mục «Nhiều "
                "nguồn cho cùng một số liệu»); so sánh lấy mốc cùng văn bản với số được so sánh",
                (code,))


def rule_rollups(data: Dataset) -> Iterator[Finding]:
    """Every value a unit gets from its children: its provenance (lưu ý), and a warning when it
    comes from fewer children than the unit has."""
    codes = [c for c, ind in data.indicators.items() if ind.rollup is not Rollup.NONE]
    periods = _periods(data, codes)
    for unit, node in data.units.items():
        if not node.children:
            continue
        for code in codes:
            for period in sorted(periods[code]):
                if data.observation(unit, code, period) is not None:
                    continue
                fact = data.fact(unit, code, period)
                if fact is None or not fact.rolled_up:
                    continue
                ind = data.indicators[code]
                cells = cells_of(data, unit, code, period)
                how = {Rollup.SUM: "cộng", Rollup.MEAN: "trung bình",
                       Rollup.WEIGHTED: f"trung bình theo trọng số {ind.weight}"}[ind.rollup]
                if fact.incomplete:
                    yield Finding(WARNING, "tong-hop-thieu", unit, code, (period,), cells,
                                  (fact.value,), fact.value,  # type: ignore[arg-type]
                                  f"{_label(ind)} của {_unit_label(data, unit)} không có trong "
                                  f"số liệu; số {_num(fact.value)} là {how} {fact.rollup_note} "
                                  "— chưa đủ số liệu, văn bản in kèm dấu «[chưa đủ số liệu]»",
                                  "nhập số của chính đơn vị theo tài liệu gốc, hoặc bỏ câu dùng số "
                                  "này khỏi văn bản", (code,))
                else:
                    yield Finding(NOTE, "tong-hop", unit, code, (period,), cells,
                                  (fact.value,), fact.value,  # type: ignore[arg-type]
                                  f"{_label(ind)} của {_unit_label(data, unit)} là {how} "
                                  f"{fact.rollup_note}: {_num(fact.value)}",
                                  "đối chiếu với số của chính đơn vị nếu có", (code,))


def rule_relations(data: Dataset) -> Iterator[Finding]:
    """Catalogue relations naming an indicator the catalogue does not have."""
    for ind in data.indicators.values():
        for column, ref in (("binh_quan_cua", ind.average_of), ("toc_do_cua", ind.rate_of)):
            if ref and ref not in data.indicators:
                yield Finding(ERROR, "danh-muc", "", ind.code, (), (), (), None,
                              f"cột {column} của chỉ tiêu {ind.code} ghi «{ref}», không có trong "
                              "danh mục", "ghi đúng mã chỉ tiêu, hoặc để trống", (ind.code,))
        if ind.counts_targets not in ("", "đạt", "tổng"):
            yield Finding(ERROR, "danh-muc", "", ind.code, (), (), (), None,
                          f"cột dem_muc_tieu của chỉ tiêu {ind.code} ghi «{ind.counts_targets}»",
                          "ghi «đạt» (số chỉ tiêu đạt) hoặc «tổng» (số chỉ tiêu), hoặc để trống",
                          (ind.code,))


def rule_refused_rows(data: Dataset) -> Iterator[Finding]:
    """Rows the loader refused (an impossible value, a bad cell): the unit's documents fail
    on them, so the audit lists them beside its own findings."""
    for unit, errors in sorted(data.unit_errors.items()):
        for item in errors:
            err = item.error
            yield Finding(ERROR, "du-lieu", unit, item.indicator, (),
                          (err.location,) if err.location else (), (), None,
                          err.message, err.hint or "sửa ô này rồi chạy lại", (item.indicator,))


def rule_literal_figures(data: Dataset, content_dir: Path | None = None) -> Iterator[Finding]:
    """Figures of a unit's content files written as text (docs/kiem-tra-so-lieu.md,
    ``so-viet-tay``): a line that writes a data value from source line ``KHÓA:dòng`` must not
    write another value cited at that line as text (it would not follow the data), nor
    literal figures of that value's unit of measure none of which is the data value."""
    from .literals import bound_references, literal_figures, matches, unit_lines

    if content_dir is None:
        return
    by_source: dict[tuple[str, str], list] = {}
    for obs in data.observations.values():
        if obs.source and not obs.illustrative:
            by_source.setdefault((obs.unit, obs.source), []).append(obs)
    for unit in data.units:
        count, files = 0, set()
        for line in unit_lines(content_dir, unit):
            literals = literal_figures(line.text)
            if literals:
                count += len(literals)
                files.add(line.file)
            refs = bound_references(line.text)
            sources = sorted({o.source for c, p in refs
                              if (o := data.observation(unit, c, p)) is not None and o.source})
            where = Location(file=line.file, row=line.number)
            for source in sources:
                for obs in by_source.get((unit, source), ()):
                    if {(obs.indicator, obs.period), (obs.indicator, "*")} & refs:
                        continue
                    ind = data.indicators[obs.indicator]
                    tested = [(lit, *matches(lit, obs.value, ind.uom)) for lit in literals
                              if not lit.dated_elsewhere(obs.period)]
                    same_uom = [lit for lit, uom, _ in tested if uom]
                    equal = [lit for lit, _, eq in tested if eq]
                    shown = f"{_num(obs.value)} {ind.uom}".replace(" %", "%")
                    arg = f'"{obs.period}"' if "-" in obs.period else obs.period
                    ref = f"{{{{ ind.{obs.indicator}.at({arg}) }}}}"
                    if equal:
                        yield Finding(
                            WARNING, "so-viet-tay", unit, obs.indicator, (obs.period,),
                            (where,), (obs.value,), None,
                            f"«{equal[0].text}» viết tay là số liệu {_label(ind)} "
                            f"{obs.period} ({shown}, nguồn {source}): đổi số liệu thì câu này "
                            "không đổi theo",
                            f"viết số này bằng {ref} với bộ lọc như các số khác trong dòng",
                            (obs.indicator,))
                    elif same_uom:
                        yield Finding(
                            WARNING, "so-viet-tay", unit, obs.indicator, (obs.period,),
                            (where,), (obs.value, *(lit.value for lit in same_uom)), None,
                            f"dòng này dẫn nguồn {source}, nơi số liệu {_label(ind)} "
                            f"{obs.period} là {shown}, nhưng các số viết tay cùng đơn vị tính "
                            f"({', '.join(lit.text for lit in same_uom)}) không có số đó",
                            f"sửa con số trong tệp nội dung, hoặc viết bằng {ref}",
                            (obs.indicator,))
        if count:
            yield Finding(NOTE, "so-viet-tay", unit, "", ("tệp nội dung",), (), (float(count),), None,
                          f"{count} con số viết tay trong {len(files)} tệp nội dung "
                          f"(noi-dung/{unit}/): không đổi theo số liệu",
                          "số nào có trong số liệu thì viết bằng ind.X.at(kỳ) "
                          "(docs/huong-dan-mau.md)", ())


RULES: tuple[Callable[[Dataset], Iterable[Finding]], ...] = (
    rule_refused_rows, rule_relations, rule_ranges, rule_share_sums, rule_per_year, rule_rate_from_levels,
    rule_series_mean, rule_children, rule_phrases, rule_target_counts, rule_duplicates,
    rule_rollups, rule_literal_figures,
)


# -- accepted findings ------------------------------------------------------------------------

@dataclass(frozen=True)
class Acceptance:
    """A finding reviewed and accepted: rule, and optionally unit, indicator, period, and the
    figures that were reviewed (``so_lieu``): when the data's figures are no longer those,
    the acceptance no longer covers the finding."""

    rule: str
    reason: str
    unit: str = ""
    indicator: str = ""
    period: str = ""
    values: tuple[float, ...] | None = None  # so_lieu: the finding's figures when reviewed

    def matches_place(self, f: Finding) -> bool:
        """The finding is the one reviewed, whatever its figures are now."""
        return (f.rule == self.rule and self.unit in ("", f.unit)
                and self.indicator in ("", f.indicator, *f.indicators)
                and self.period in ("", *f.periods))

    def matches(self, f: Finding) -> bool:
        return self.matches_place(f) and (self.values is None
                                          or _same_values(self.values, f.values))


def _same_values(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))
                                    for x, y in zip(a, b))


def _figures(values: tuple[float, ...]) -> str:
    """Figures as TOML writes them, exactly: ``[4400, 32.8]``."""
    return "[" + ", ".join(str(int(v)) if float(v).is_integer() and abs(v) < 1e15
                           else repr(float(v)) for v in values) + "]"


def load_acceptances(project: Project) -> list[Acceptance]:
    """The reviewed findings of ``kiem-tra-so-lieu.toml`` beside the config file."""
    path = project.config_file.parent / ACCEPT_FILE
    if not path.is_file():
        return []
    loc = Location(file=path.name)
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("tệp không phải mã UTF-8", location=loc,
                          hint="mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        detail, line, column = toml_error(str(exc))
        if line:
            loc = Location(file=path.name, detail=f"dòng {line}, cột {column}")
        raise ConfigError(f"tệp sai cú pháp TOML: {detail}", location=loc,
                          hint="sửa cú pháp TOML của tệp ở chỗ được chỉ ra") from None
    out = []
    for i, row in enumerate(doc.get("chap_nhan", []), start=1):
        if not isinstance(row, dict) or not row.get("quy_tac") or not row.get("ly_do"):
            raise ConfigError(f"[[chap_nhan]] thứ {i}: cần quy_tac và ly_do", location=loc,
                              hint='ví dụ: quy_tac = "binh-quan-nam", ly_do = "…"')
        values = row.get("so_lieu")
        if values is not None and (not isinstance(values, list) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in values)):
            raise ConfigError(f"[[chap_nhan]] thứ {i}: so_lieu phải là danh sách số",
                              location=loc, hint="ví dụ: so_lieu = [4400, 32.8] (dấu chấm "
                                                 "thập phân, như TOML viết số)")
        out.append(Acceptance(str(row["quy_tac"]), str(row["ly_do"]),
                              str(row.get("don_vi", "")), str(row.get("chi_tieu", "")),
                              str(row.get("ky", "")),
                              tuple(float(v) for v in values) if values is not None else None))
    return out


# -- the audit --------------------------------------------------------------------------------

def _order(data: Dataset) -> Callable[[Finding], tuple]:
    units = {u: i for i, u in enumerate(data.units)}
    codes = {c: i for i, c in enumerate(data.indicators)}
    return lambda f: (SEVERITIES.index(f.severity), units.get(f.unit, -1),
                      codes.get(f.indicator, -1), f.periods, f.rule, f.message)


def audit_dataset(data: Dataset, content_dir: Path | None = None,
                  uses: Uses = ()) -> list[Finding]:
    """Every finding of every rule, in a stable order (severity, unit, indicator); the rules
    over content files read ``content_dir`` (none: skipped). ``uses``: the documents and
    their units, to say which row of a figure from several source documents each uses."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(data, content_dir) if rule is rule_literal_figures else rule(data))
    found.extend(rule_vintages(data, uses))
    return sorted(dict.fromkeys(found), key=_order(data))


def audit_project(project: Project, data: Dataset) -> AuditReport:
    """Audit a project's data; findings the project accepted carry their reason. An accepted
    entry that no longer matches anything is itself reported (lưu ý)."""
    uses = [(spec, frozenset(u.code for u in project.select_units(spec.units)))
            for spec in project.documents]
    findings = audit_dataset(data, project.content_dir, uses)
    acceptances = load_acceptances(project)
    used: set[int] = set()
    out = []
    unreviewed: dict[int, Finding] = {}  # acceptances without so_lieu: a finding they cover
    for f in findings:
        for i, a in enumerate(acceptances):
            if a.matches(f):
                used.add(i)
                if a.values is None and a.indicator:  # a rule-wide one is a policy
                    unreviewed.setdefault(i, f)
                f = replace(f, accepted=a.reason)
                break
        else:
            # reviewed with other figures: the data changed since, so it is doubted again
            moved = next((i for i, a in enumerate(acceptances) if a.matches_place(f)), None)
            if moved is not None:
                used.add(moved)
                f = replace(f, message=(
                    f"{f.message} (đã chấp nhận ở [[chap_nhan]] thứ {moved + 1} khi số liệu là "
                    f"{_figures(acceptances[moved].values or ())}, nay là "
                    f"{_figures(f.values)})"),
                    hint=(f"{f.hint}; xem lại, nếu vẫn chấp nhận thì sửa so_lieu = "
                          f"{_figures(f.values)} trong {ACCEPT_FILE}"))
        out.append(f)
    for i, f in unreviewed.items():
        out.append(Finding(NOTE, "chap-nhan", f.unit, f.indicator, f.periods,
                           (Location(file=ACCEPT_FILE, detail=f"[[chap_nhan]] thứ {i + 1}"),),
                           f.values, None,
                           f"mục chấp nhận quy tắc «{acceptances[i].rule}» không ghi số liệu đã "
                           "xem (so_lieu): số liệu đổi thì điểm này vẫn được coi là đã xem",
                           f"thêm so_lieu = {_figures(f.values)} vào mục này"))
    for i, a in enumerate(acceptances):
        if i not in used:
            out.append(Finding(NOTE, "chap-nhan", a.unit, a.indicator,
                               (a.period,) if a.period else (),
                               (Location(file=ACCEPT_FILE, detail=f"[[chap_nhan]] thứ {i + 1}"),),
                               (), None,
                               f"mục chấp nhận quy tắc «{a.rule}» không còn khớp điểm nào",
                               f"xóa mục này khỏi {ACCEPT_FILE}"))
    return AuditReport(project.name, out)


def audit_path(path: Path | str) -> AuditReport:
    """Load a project (config and data) and audit it."""
    from .config import load_project
    from .loader import load_dataset

    project = load_project(path)
    return audit_project(project, load_dataset(project, isolate_units=True))
