"""Read indicator data (a folder of CSV files or an Excel workbook) and validate it.

Three tables, by sheet name (Excel) or file name (CSV):

- ``danh-muc``: the indicator catalogue;
- ``gia-tri``: values in long form, one row per unit, indicator and year or period;
- ``muc-tieu``: targets as the resolution writes them.

Every problem is collected and reported at once, each with its file, sheet, row and
column (the Excel cell where there is one); nothing is built if anything is wrong.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd
from openpyxl.utils import get_column_letter

from .config import Project, Term
from .errors import DataError, DataErrors, FormatError, Location
from .model import (
    Fact,
    Indicator,
    Kind,
    Observation,
    Rollup,
    Status,
    TargetKind,
    TargetRow,
    Unit,
)
from .parsing import parse_number
from .targets import parse_result, parse_target

SHEETS = ("danh-muc", "gia-tri", "muc-tieu")
COLUMNS = {
    "danh-muc": (["ma", "ten", "dvt", "linh_vuc", "loai"],
                 ["nhom", "so_le", "chieu_tot", "dvt_hien_thi", "tong_hop", "mau_cau"]),
    "gia-tri": (["don_vi", "ma_chi_tieu", "ky", "gia_tri"],
                ["trang_thai", "nguon", "ghi_chu", "minh_hoa"]),
    "muc-tieu": (["don_vi", "ma_chi_tieu", "nhiem_ky", "muc_tieu"],
                 ["stt", "dien_giai", "nguon", "ghi_chu", "minh_hoa", "ket_qua"]),
}
KINDS = {"mức": Kind.LEVEL, "tốc độ": Kind.GROWTH, "tỷ trọng": Kind.SHARE,
         "số đếm": Kind.COUNT, "tỷ lệ": Kind.RATIO}
DIRECTIONS = {"tăng": 1, "giảm": -1, "": 1}
ROLLUPS = {"tổng": Rollup.SUM, "trung bình": Rollup.MEAN, "không": Rollup.NONE, "": Rollup.NONE}
STATUSES = {"": Status.OFFICIAL, "chính thức": Status.OFFICIAL, "ước đạt": Status.ESTIMATE,
            "ước": Status.ESTIMATE, "dự ước": Status.PROJECTION}
FLAGS = {"": False, "x": True, "có": True, "không": False}
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_YEAR = re.compile(r"^\d{4}$")
_PERIOD = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


def header_key(text: Any) -> str:
    """Normalise a column header: lower case, no diacritics, underscores.

    >>> header_key("Mã chỉ tiêu"), header_key(" Đơn vị "), header_key("minh-hoa")
    ('ma_chi_tieu', 'don_vi', 'minh_hoa')
    """
    s = unicodedata.normalize("NFD", str(text).strip().lower()).replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[\s\-]+", "_", s)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass
class _Table:
    """One sheet as rows of cells that know where they stand."""

    name: str
    display_file: str
    sheet: str | None  # None for CSV
    frame: pd.DataFrame
    columns: dict[str, int]  # normalised header -> position

    def location(self, row_index: int, column: str | None = None) -> Location:
        row = row_index + 2  # header is row 1
        if self.sheet is not None and column is not None:
            letter = get_column_letter(self.columns[column] + 1)
            return Location(file=self.display_file, sheet=self.sheet, cell=f"{letter}{row}")
        return Location(file=self.display_file, sheet=self.sheet, row=row,
                        column=self._header(column) if column else None)

    def _header(self, column: str) -> str:
        return str(self.frame.columns[self.columns[column]])

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        wanted = list(self.columns.items())
        for i, values in enumerate(self.frame.itertuples(index=False, name=None)):
            row = {key: values[pos] for key, pos in wanted}
            if all(_text(v) == "" for v in row.values()):
                continue  # blank line
            yield i, row


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
    _by_unit: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _years: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)
    _rows: dict[str, tuple[list, list]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Indexes by unit: a project of a thousand units asks these once per unit.
        for key in sorted(self.observations):
            unit, code, period = key
            self._by_unit.setdefault(unit, set()).add(code)
            self._rows.setdefault(unit, ([], []))[0].append((key, self.observations[key]))
            if _YEAR.match(period):
                self._years.setdefault((unit, code), []).append(period)
        for key in sorted(self.targets):
            self._rows.setdefault(key[0], ([], []))[1].append((key, self.targets[key]))

    def has_data(self, unit: str, code: str) -> bool:
        return code in self._by_unit.get(unit, ())

    def observation(self, unit: str, code: str, period: str) -> Observation | None:
        return self.observations.get((unit, code, period))

    def fact(self, unit: str, code: str, period: str) -> Fact | None:
        """The value of an indicator for a unit and period, rolled up from the unit's
        children when the unit has none and the catalogue says how."""
        indicator = self.indicators[code]
        obs = self.observations.get((unit, code, period))
        if obs is not None:
            return Fact(obs.value, indicator, period, obs.status, obs.illustrative, obs.note,
                        obs.source)
        children = self.units[unit].children if unit in self.units else []
        if indicator.rollup is Rollup.NONE or not children:
            return None
        parts = [self.fact(child, code, period) for child in children]
        if any(p is None for p in parts):
            return None
        total = sum(p.value for p in parts)  # type: ignore[union-attr]
        value = total if indicator.rollup is Rollup.SUM else total / len(parts)
        status = max((p.status for p in parts), key=list(Status).index)  # type: ignore[union-attr]
        return Fact(value, indicator, period, status,
                    any(p.illustrative for p in parts),  # type: ignore[union-attr]
                    "", "tổng hợp từ các đơn vị trực thuộc")

    def years(self, unit: str, code: str) -> list[str]:
        return list(self._years.get((unit, code), ()))

    def target(self, unit: str, code: str, term: str) -> TargetRow | None:
        return self.targets.get((unit, code, term))

    def targets_for(self, unit: str, term: str) -> list[TargetRow]:
        rows = [t for (_, _, k), t in self._rows.get(unit, ((), ()))[1] if k == term]
        order = list(self.indicators)
        return sorted(rows, key=lambda t: (t.number if t.number is not None else 10**6,
                                           order.index(t.indicator)))

    def unit_rows(self, unit: str) -> list[tuple]:
        """Everything the data says about one unit, in a stable order (for fingerprints)."""
        obs, tgt = self._rows.get(unit, ((), ()))
        return [*obs, *tgt]


class UnitDataError(NamedTuple):
    """A data error in a row of one unit: the indicator code of the row and the error."""

    indicator: str
    error: DataError


class _Collector:
    def __init__(self) -> None:
        self.errors: list[DataError] = []
        self.row: tuple[str, str] | None = None  # (unit, indicator) of the row being read
        self.by_unit: dict[str, list[UnitDataError]] = {}

    def add(self, message: str, location: Location, hint: str | None = None) -> None:
        error = DataError(message, location=location, hint=hint)
        self.errors.append(error)
        if self.row is not None:
            self.by_unit.setdefault(self.row[0], []).append(UnitDataError(self.row[1], error))

    def start_row(self, project: Project, row: dict) -> None:
        """Errors until the next row belong to this row's unit, when the unit is known."""
        unit = _text(row["don_vi"])
        self.row = (unit, _text(row["ma_chi_tieu"])) if unit in project.units else None

    def guard(self, table: _Table, i: int, column: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except FormatError as exc:
            self.add(exc.message, table.location(i, column), exc.hint)
            return None


def _suggest(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"có phải ý bạn là «{close[0]}»?" if close else None


def _choice(value: Any, allowed: dict[str, Any], what: str) -> Any:
    key = _text(value).lower()
    if key in allowed:
        return allowed[key]
    shown = ", ".join(f"«{k}»" for k in allowed if k)
    raise FormatError(f"{what} «{_text(value)}» không hợp lệ", hint=f"chọn một trong: {shown}")


def _read_tables(project: Project, errors: _Collector) -> dict[str, _Table]:
    source = project.data_path
    shown_root = project.root
    frames: dict[str, tuple[pd.DataFrame, str, str | None]] = {}
    if source.is_dir():
        for name in SHEETS:
            path = source / f"{name}.csv"
            shown = str(path.relative_to(shown_root)) if path.is_relative_to(shown_root) else str(path)
            if not path.is_file():
                errors.add(f"thiếu tệp {name}.csv", Location(file=str(source)),
                           f"tạo tệp {name}.csv (xem docs/du-lieu.md)")
                continue
            try:
                frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            except (UnicodeDecodeError, pd.errors.ParserError) as exc:
                errors.add(f"không đọc được tệp CSV: {exc}", Location(file=shown),
                           "lưu tệp dạng CSV UTF-8, phân cách bằng dấu phẩy")
                continue
            frames[name] = (frame, shown, None)
    elif source.suffix.lower() in (".xlsx", ".xlsm") and source.is_file():
        shown = source.name
        try:
            book = pd.read_excel(source, sheet_name=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise DataErrors([DataError(f"không mở được tệp Excel: {exc}",
                                        location=Location(file=shown),
                                        hint="kiểm tra tệp có mở được bằng Excel không")]) from exc
        for name in SHEETS:
            if name not in book:
                errors.add(f"thiếu sheet «{name}»", Location(file=shown),
                           _suggest(name, book) or f"thêm sheet «{name}»")
                continue
            frames[name] = (book[name], shown, name)
    else:
        raise DataErrors([DataError(
            f"không tìm thấy dữ liệu «{source}»", location=Location(file=str(project.config_file)),
            hint="khóa data trong [project] phải chỉ đến một thư mục CSV hoặc một tệp .xlsx")])

    tables: dict[str, _Table] = {}
    for name, (frame, shown, sheet) in frames.items():
        required, optional = COLUMNS[name]
        positions: dict[str, int] = {}
        for pos, header in enumerate(frame.columns):
            key = header_key(header)
            if key in required or key in optional:
                if key in positions:
                    errors.add(f"cột «{header}» bị lặp", Location(file=shown, sheet=sheet, row=1))
                positions[key] = pos
        missing = [c for c in required if c not in positions]
        if missing:
            errors.add(f"thiếu cột {', '.join(missing)}", Location(file=shown, sheet=sheet, row=1),
                       f"dòng tiêu đề cần các cột: {', '.join(required)}")
            continue
        tables[name] = _Table(name, shown, sheet, frame, positions)
    return tables


def _catalogue(table: _Table, errors: _Collector) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    first_row: dict[str, int] = {}
    for i, row in table.rows():
        code = _text(row["ma"])
        if not _CODE.match(code):
            errors.add(f"mã chỉ tiêu «{code}» không hợp lệ", table.location(i, "ma"),
                       "mã viết HOA không dấu, bắt đầu bằng chữ, chỉ gồm chữ, số và «_»: GRDP_TANG_TRUONG")
            continue
        if code in first_row:
            errors.add(f"mã chỉ tiêu «{code}» bị trùng (đã có ở dòng {first_row[code] + 2})",
                       table.location(i, "ma"), "xóa hoặc đổi mã một trong hai dòng")
            continue
        first_row[code] = i
        values = {}
        for col in ("ten", "dvt", "linh_vuc"):
            if not _text(row[col]):
                errors.add(f"chỉ tiêu {code}: thiếu {col}", table.location(i, col))
            values[col] = _text(row[col])
        kind = errors.guard(table, i, "loai", lambda r=row: _choice(r["loai"], KINDS, "loại"))
        direction = errors.guard(table, i, "chieu_tot",
                                 lambda r=row: _choice(r.get("chieu_tot"), DIRECTIONS, "chiều tốt"))
        rollup = errors.guard(table, i, "tong_hop",
                              lambda r=row: _choice(r.get("tong_hop"), ROLLUPS, "cách tổng hợp"))
        decimals = None
        if _text(row.get("so_le")):
            raw = _text(row["so_le"])
            if raw.isdigit() and int(raw) <= 6:
                decimals = int(raw)
            else:
                errors.add(f"số chữ số thập phân «{raw}» không hợp lệ", table.location(i, "so_le"),
                           "nhập một số nguyên từ 0 đến 6, hoặc để trống")
        if None in (kind, direction, rollup):
            continue
        indicators[code] = Indicator(
            code=code, name=values["ten"], uom=values["dvt"], field=values["linh_vuc"],
            kind=kind, decimals=decimals, good_direction=direction,
            display_uom=_text(row.get("dvt_hien_thi")) or None, rollup=rollup,
            group=_text(row.get("nhom")), pattern=_text(row.get("mau_cau")),
        )
    return indicators


def _unit_and_indicator(table: _Table, i: int, row: dict, project: Project,
                        indicators: dict[str, Indicator], errors: _Collector,
                        known_codes: set[str]) -> tuple[str, str] | None:
    unit, code = _text(row["don_vi"]), _text(row["ma_chi_tieu"])
    ok = True
    if unit not in project.units:
        errors.add(f"đơn vị «{unit}» không có trong {project.config_file.name}",
                   table.location(i, "don_vi"),
                   _suggest(unit, project.units) or "khai báo đơn vị trong [[units]]")
        ok = False
    if code not in indicators:
        if code not in known_codes:  # a bad catalogue row is reported once, there
            errors.add(f"chỉ tiêu «{code}» không có trong danh mục",
                       table.location(i, "ma_chi_tieu"),
                       _suggest(code, indicators) or "thêm chỉ tiêu vào sheet danh-muc")
        ok = False
    return (unit, code) if ok else None


def _repeated(first_row: dict, key: tuple, i: int, errors: _Collector, location: Location,
              what: str) -> bool:
    """Report a row whose key an earlier row already has; remember the first one."""
    if key in first_row:
        errors.add(f"{what} (đã có ở dòng {first_row[key] + 2})", location,
                   "giữ một dòng, xóa dòng còn lại")
        return True
    first_row[key] = i
    return False


def _values(table: _Table, project: Project, indicators: dict[str, Indicator],
            errors: _Collector, known_codes: set[str]) -> dict[tuple[str, str, str], Observation]:
    out: dict[tuple[str, str, str], Observation] = {}
    first_row: dict[tuple[str, str, str], int] = {}
    for i, row in table.rows():
        errors.start_row(project, row)
        key2 = _unit_and_indicator(table, i, row, project, indicators, errors, known_codes)
        period = _text(row["ky"])
        m = _PERIOD.match(period)
        if m:
            period = f"{m.group(1)}-{m.group(2)}"
        elif not _YEAR.match(period):
            errors.add(f"kỳ «{period}» không hợp lệ", table.location(i, "ky"),
                       "nhập một năm (2020) hoặc một giai đoạn (2016-2020)")
            continue
        value = errors.guard(table, i, "gia_tri", lambda r=row: parse_number(r["gia_tri"]))
        status = errors.guard(table, i, "trang_thai",
                              lambda r=row: _choice(r.get("trang_thai"), STATUSES, "trạng thái"))
        flag = errors.guard(table, i, "minh_hoa",
                            lambda r=row: _choice(r.get("minh_hoa"), FLAGS, "minh họa"))
        if key2 is None or value is None or status is None or flag is None:
            continue
        key = (*key2, period)
        if _repeated(first_row, key, i, errors, table.location(i, "gia_tri"),
                     f"trùng số liệu {key2[1]} của «{key2[0]}» kỳ {period}"):
            continue
        out[key] = Observation(key2[0], key2[1], period, value, status,
                               _text(row.get("nguon")), _text(row.get("ghi_chu")), flag)
    return out


def _targets(table: _Table, project: Project, indicators: dict[str, Indicator],
             errors: _Collector, known_codes: set[str]) -> dict[tuple[str, str, str], TargetRow]:
    out: dict[tuple[str, str, str], TargetRow] = {}
    first_row: dict[tuple[str, str, str], int] = {}
    for i, row in table.rows():
        errors.start_row(project, row)
        key2 = _unit_and_indicator(table, i, row, project, indicators, errors, known_codes)
        try:
            term = Term.parse(_text(row["nhiem_ky"])).key
        except ValueError:
            errors.add(f"nhiệm kỳ «{_text(row['nhiem_ky'])}» không hợp lệ",
                       table.location(i, "nhiem_ky"), "viết như «2020-2025»")
            continue
        uom = indicators[key2[1]].uom if key2 else None
        target = errors.guard(table, i, "muc_tieu",
                              lambda r=row, u=uom: parse_target(_text(r["muc_tieu"]), uom=u))
        number = None
        if _text(row.get("stt")):
            raw = _text(row["stt"])
            if raw.isdigit():
                number = int(raw)
            else:
                errors.add(f"số thứ tự «{raw}» không hợp lệ", table.location(i, "stt"),
                           "nhập số nguyên, ví dụ 3")
        flag = errors.guard(table, i, "minh_hoa",
                            lambda r=row: _choice(r.get("minh_hoa"), FLAGS, "minh họa"))
        # ket_qua: the editor's assessment, only of a qualitative target (draftgen.targets)
        result = _text(row.get("ket_qua"))
        if errors.guard(table, i, "ket_qua", lambda t=result: parse_result(t)) is None:
            result = None
        qualitative = target is not None and target.kind is TargetKind.QUALITATIVE
        if result and target is not None and not qualitative:
            errors.add("cột ket_qua chỉ dùng cho mục tiêu định tính",
                       table.location(i, "ket_qua"),
                       "để trống: mục tiêu bằng số được đánh giá từ số liệu của sheet gia-tri")
            result = None
        if qualitative and target.text == "định tính" and not _text(row.get("dien_giai")):
            errors.add("mục tiêu định tính không có lời văn", table.location(i, "dien_giai"),
                       "chép câu của Nghị quyết vào cột dien_giai")
            target = None
        if key2 is None or target is None or flag is None or result is None:
            continue
        key = (*key2, term)
        if _repeated(first_row, key, i, errors, table.location(i, "muc_tieu"),
                     f"trùng mục tiêu {key2[1]} của «{key2[0]}» nhiệm kỳ {term}"):
            continue
        out[key] = TargetRow(key2[0], key2[1], term, target, number, _text(row.get("dien_giai")),
                             _text(row.get("nguon")), _text(row.get("ghi_chu")), flag, result)
    return out


def load_dataset(project: Project, *, isolate_units: bool = False) -> Dataset:
    """Read, validate and type the project's data; raise :class:`DataErrors` listing
    every problem found.

    With ``isolate_units``, errors in rows of values or targets of a declared unit do not
    stop the load: those rows are left out and the errors are kept in
    ``Dataset.unit_errors`` so that only that unit fails. Any other error (files, headers,
    catalogue, unknown units) still raises, with every error found.
    """
    errors = _Collector()
    tables = _read_tables(project, errors)
    indicators: dict[str, Indicator] = {}
    known_codes: set[str] = set()
    if "danh-muc" in tables:
        indicators = _catalogue(tables["danh-muc"], errors)
        known_codes = {_text(r["ma"]) for _, r in tables["danh-muc"].rows()}
    observations = (_values(tables["gia-tri"], project, indicators, errors, known_codes)
                    if "gia-tri" in tables else {})
    targets = (_targets(tables["muc-tieu"], project, indicators, errors, known_codes)
               if "muc-tieu" in tables else {})
    errors.row = None
    attributed = {id(e.error) for found in errors.by_unit.values() for e in found}
    if not isolate_units or any(id(e) not in attributed for e in errors.errors):
        if errors.errors:
            raise DataErrors(errors.errors)
    return Dataset(project.units, indicators, observations, targets,
                   unit_errors=errors.by_unit if isolate_units else {})
