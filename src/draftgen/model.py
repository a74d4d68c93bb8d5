"""The typed model: indicators, observations, targets, units and facts.

Everything here is plain, immutable data built by the loader; templates never see these
classes directly but through the views of :mod:`draftgen.context`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from .errors import Location, SheetColumn

_TERM = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
#: The heading of a document's notes gathered in an annex (``footnotes = "annex"``).
ANNEX_TITLE = "PHỤ LỤC: CHÚ THÍCH SỐ LIỆU BÁO CÁO"
YEAR_MIN, YEAR_MAX = 1930, 2100  # the Party's founding year; far enough ahead


class Kind(str, Enum):
    """What an indicator measures; decides how changes are phrased."""

    LEVEL = "level"  # mức: GRDP bình quân đầu người, thu ngân sách
    GROWTH = "growth"  # tốc độ tăng: tăng trưởng GRDP
    SHARE = "share"  # tỷ trọng: cơ cấu kinh tế
    COUNT = "count"  # số đếm: số xã đạt chuẩn
    RATIO = "ratio"  # tỷ lệ: hộ nghèo, che phủ rừng

    @property
    def is_rate(self) -> bool:
        """Rates (growth, share, ratio) change in percentage points."""
        return self in (Kind.GROWTH, Kind.SHARE, Kind.RATIO)


class Rollup(str, Enum):
    """How a province value is derived from its districts when missing."""

    SUM = "sum"
    MEAN = "mean"
    WEIGHTED = "weighted"  # mean weighted by another indicator (Indicator.weight)
    NONE = "none"


class Status(str, Enum):
    OFFICIAL = "chính thức"
    ESTIMATE = "ước đạt"  # estimate for the current year
    PROJECTION = "dự ước"  # projection to the end of the term


@dataclass(frozen=True)
class Indicator:
    """One catalogue entry."""

    code: str
    name: str
    uom: str  # unit of measure of the stored values: "%", "triệu đồng", "xã"
    field: str  # "kinh tế", "văn hóa - xã hội", ...
    kind: Kind
    decimals: int | None = None  # None: trim trailing zeros, at most 2 decimals
    good_direction: int = 1  # +1 higher is better, -1 lower is better
    display_uom: str | None = None  # e.g. values in "triệu đồng", shown in "tỷ đồng"
    rollup: Rollup = Rollup.NONE
    group: str = ""  # sub-field: "nông nghiệp và nông thôn mới", "giáo dục" ...
    # Relations the consistency audit checks (catalogue columns, all optional):
    whole: str = ""  # thuoc_tong: name of the whole whose shares sum to 100
    average_of: str = ""  # binh_quan_cua: code of the term total this is the yearly mean of
    rate_of: str = ""  # toc_do_cua: code of the level this is the average annual growth of
    weight: str = ""  # trong_so: code of the weight of a weighted-mean roll-up
    counts_targets: str = ""  # dem_muc_tieu: "đạt" (targets met) or "tổng" (targets set)
    pattern: str = ""  # sentence pattern (draftgen.sentences), catalogue column mau_cau


@dataclass(frozen=True, slots=True)
class Observation:
    """One row of values: a unit's indicator for a year or a period."""

    unit: str
    indicator: str
    period: str  # "2020" or "2016-2020"
    value: float
    status: Status = Status.OFFICIAL
    source: str = ""
    note: str = ""
    illustrative: bool = False
    # Where the row stands: the value's column and the row's number (``location``); not
    # part of the value's identity.
    column: SheetColumn | None = field(default=None, compare=False, repr=False)
    row: int = field(default=0, compare=False, repr=False)
    # The decimals the value was entered with ("7,8": 1, "7,80": 2); None when not known.
    entered_decimals: int | None = None

    @property
    def location(self) -> Location | None:
        """Where the value stands (file, sheet, row or cell)."""
        return None if self.column is None else self.column.at(self.row)


class TargetKind(str, Enum):
    EXACT = "exact"  # "65"
    RANGE = "range"  # "7 - 7,5"
    AT_LEAST = "at_least"  # "≥ 10", "từ 10 trở lên"
    ABOVE = "above"  # "trên 90"
    AT_MOST = "at_most"  # "≤ 3", "không quá 3"
    BELOW = "below"  # "dưới 3"
    ABOUT = "about"  # "khoảng 65"
    QUALITATIVE = "qualitative"  # "định tính": assessed by the editor (column ket_qua)


@dataclass(frozen=True, slots=True)
class Target:
    """A target as the resolution writes it, parsed."""

    kind: TargetKind
    low: float | None
    high: float | None
    text: str  # as written in the data: "7 - 7,5"


@dataclass(frozen=True, slots=True)
class TargetRow:
    """One row of targets: a unit's target for an indicator over a term."""

    unit: str
    indicator: str
    term: str  # "2020-2025"
    target: Target
    number: int | None = None  # its place in the resolution's list: (1), (2) ...
    wording: str = ""  # the resolution's own sentence, if given
    source: str = ""
    note: str = ""
    illustrative: bool = False
    result: str = ""  # editor's assessment of a qualitative target: "đạt", "không đạt" ...
    # Where the row stands: the target's column and the row's number (``location``).
    column: SheetColumn | None = field(default=None, compare=False, repr=False)
    row: int = field(default=0, compare=False, repr=False)

    @property
    def location(self) -> Location | None:
        """Where the target stands (file, sheet, row or cell)."""
        return None if self.column is None else self.column.at(self.row)


@dataclass(frozen=True, slots=True)
class Fact:
    """One indicator value for one unit and one period, ready to be formatted."""

    value: float | None
    indicator: Indicator
    period: str
    status: Status = Status.OFFICIAL
    illustrative: bool = False
    note: str = ""
    source: str = ""
    # A value computed from the unit's children: how many children it was computed from,
    # and how many the unit has (declared, or ``expected_children``). 0 when not rolled up.
    rolled_up_from: int = 0
    children_total: int = 0
    partial_below: bool = False  # some child's own value is an incomplete roll-up
    # Why the consistency audit doubts the figure (an unaccepted error or warning,
    # draftgen.doubts); set by the template context, empty when nothing is doubted.
    doubt: str = ""
    # The decimals the value was entered with (Observation.entered_decimals): it prints
    # with no more (formatting.shown_decimals). None for a computed value (a roll-up).
    entered_decimals: int | None = None

    @property
    def rolled_up(self) -> bool:
        return self.rolled_up_from > 0

    @property
    def incomplete(self) -> bool:
        """A roll-up from fewer children than the unit has: not a real total."""
        return self.rolled_up and (self.rolled_up_from < self.children_total
                                   or self.partial_below)

    @property
    def rollup_note(self) -> str:
        """«tổng hợp từ 6/11 đơn vị trực thuộc»; empty for a value entered as such."""
        if not self.rolled_up:
            return ""
        return f"tổng hợp từ {self.rolled_up_from}/{self.children_total} đơn vị trực thuộc"


@dataclass(slots=True)
class Unit:
    """One administrative unit with its Party committee metadata."""

    code: str
    level: str  # "tỉnh", "huyện", "thành phố", "xã", "phường", "thị trấn"
    name: str  # proper name: "Văn Lãng"
    full_name: str  # "huyện Văn Lãng"
    party_organization: str  # "Đảng bộ huyện Văn Lãng"
    committee: str  # "Huyện ủy Văn Lãng"
    committee_kind: str  # "Huyện ủy" — for "T/M HUYỆN ỦY"
    superior: str = ""  # "Đảng bộ tỉnh Lạng Sơn"; empty for a province
    place: str = ""  # place of the date line: "Văn Lãng"
    doc_symbol: str = ""  # "-BC/HU"
    signer_title: str = "BÍ THƯ"
    signer_name: str = ""
    on_behalf: str = ""  # "T/M HUYỆN ỦY"
    recipients: tuple[str, ...] = ()
    congress: dict[str, int] = field(default_factory=dict)  # term "2015-2020" -> ordinal
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    # How many subordinate units the unit really has (expected_children), when more
    # than the project declares: a roll-up from fewer is flagged as incomplete.
    expected_children: int | None = None


@dataclass(frozen=True)
class Term:
    """A term such as 2020 - 2025."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> Term:
        """``2015-2020`` (or with an en dash or spaces); years in a sane range, start < end.

        >>> Term.parse("2015 – 2020").key
        '2015-2020'
        >>> Term.parse("2020-2016")
        Traceback (most recent call last):
        ...
        ValueError: 2020-2016
        """
        m = _TERM.match(str(text).strip().replace("\u2013", "-"))
        if not m or int(m.group(2)) <= int(m.group(1)):
            raise ValueError(text)
        start, end = int(m.group(1)), int(m.group(2))
        if not (YEAR_MIN <= start and end <= YEAR_MAX):
            raise ValueError(text)
        return cls(start, end)

    @property
    def key(self) -> str:
        """The form used in data files: ``2020-2025``."""
        return f"{self.start}-{self.end}"

    @property
    def period(self) -> str:
        """The period of yearly averages over the term: ``2021-2025``."""
        return f"{self.start + 1}-{self.end}"

    def following(self) -> Term:
        return Term(self.end, self.end + (self.end - self.start))

    def __str__(self) -> str:
        return f"{self.start} - {self.end}"
