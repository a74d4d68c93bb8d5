"""Collect the entry forms returned by units and merge their figures into the project's data.

Three steps, each a function:

- :func:`read_return` reads one returned form: checks its stamp (the unit it was made for,
  the project, the catalogue fingerprint) and every input cell, with the loader's number
  parsing and its refusal of impossible values (:func:`draftgen.loader.implausible`: a
  percent typed with a thousands dot, «5.450» for 5,45), errors naming the file, sheet, cell
  and unit; the result cells of qualitative
  targets take the results :func:`draftgen.targets.parse_result` understands;
- :func:`plan_collection` reads a folder of returns and compares them with the project's
  data: new, changed and unchanged values and results, and conflicts between two returns
  for one value or one result;
- :func:`apply_plan` merges, all or nothing: the new values table (and the targets table,
  column ``ket_qua``, for results) is written through a temporary file and a rename
  (untouched CSV rows keep their bytes), the returned files and the previous tables are kept
  in an archive folder, every merged cell goes to the import log, and the companion workbook
  of a CSV data folder (``chi-tieu.xlsx`` beside ``chi-tieu/``) is written again from the
  merged tables. Nothing is merged while any return has an error or any value is in
  conflict.
"""

from __future__ import annotations

import csv
import datetime as _dt
import getpass
import io
import os
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from .companion import companion_path
from .config import Project, load_project
from .dataset import Dataset
from .errors import DataError, DraftgenError, FormatError, Location
from .formatting import entered_decimals
from .forms import (
    FORM_KIND,
    FORM_SHEET,
    INFO_SHEET,
    PERSON_CELL,
    RESULT_CHOICES,
    fingerprint,
    qualitative_fingerprint,
    qualitative_wording,
)
from .loader import SHEETS, STATUSES, header_key, implausible, load_dataset
from .model import Indicator, Observation, Status, TargetKind, TargetRow, Term
from .oxml.archive import read_entries
from .parsing import parse_number
from .readers import format_decimals
from .targets import RESULTS, parse_result
from .workbook import write_data_workbook

ARCHIVE = "nhap-so-lieu"
LOG_NAME = "nhat-ky.csv"
LOG_HEADER = ["thoi_gian", "nguoi_nhap", "tep", "don_vi", "sheet", "o", "ma_chi_tieu", "ky",
              "gia_tri_cu", "gia_tri_moi", "trang_thai", "loai"]
NEW, CHANGED, UNCHANGED = "mới", "thay đổi", "không đổi"


def data_number(value: float, decimals: int | None = None) -> str:
    """A value written for the data tables the Vietnamese way, exactly (no rounding), with
    at least ``decimals`` decimals (those it was entered with: the trailing zeros of "7,80"
    are kept, so the draft prints it as entered).

    >>> data_number(7.16), data_number(1683240.0), data_number(-0.83), data_number(34178.9)
    ('7,16', '1.683.240', '-0,83', '34.178,9')
    >>> data_number(5.0), data_number(0.125), data_number(7.8, 2), data_number(0.125, 2)
    ('5', '0,125', '7,80', '0,125')
    """
    d = Decimal(repr(float(value))).normalize()
    sign, digits = ("-", -d) if d < 0 else ("", d)
    text = format(digits, "f")
    whole, _, frac = text.partition(".")
    frac = frac.ljust(decimals or 0, "0")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    whole = ".".join([whole, *groups])
    return sign + whole + ("," + frac if frac else "")


@dataclass(frozen=True)
class CellValue:
    """One filled value cell of a returned form."""

    file: str
    sheet: str
    cell: str
    unit: str
    code: str
    period: str
    value: float
    status: Status | None  # None: keep the data's status (official for a new value)
    source: str = ""
    note: str = ""
    decimals: int | None = None  # as entered: typed text, else the cell's number format

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.unit, self.code, self.period)

    @property
    def where(self) -> str:
        return f"{self.file}, sheet {self.sheet}, ô {self.cell}"


@dataclass(frozen=True)
class ResultValue:
    """One filled result cell of a returned form: the assessment of a qualitative target."""

    file: str
    sheet: str
    cell: str
    unit: str
    code: str
    term: str
    result: str  # a key of draftgen.targets.RESULTS: "đạt", "ước đạt", "không đạt" ...
    wording: str = ""  # the target's sentence, as the form showed it

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.unit, self.code, self.term)

    @property
    def period(self) -> str:
        return self.term

    @property
    def where(self) -> str:
        return f"{self.file}, sheet {self.sheet}, ô {self.cell}"


@dataclass
class Return:
    """One returned form: who filled it, its cells, or the errors that refuse it."""

    path: Path
    unit: str | None = None
    person: str = ""
    generated: str = ""
    cells: list[CellValue] = field(default_factory=list)
    results: list[ResultValue] = field(default_factory=list)
    errors: list[DataError] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    kind: str  # NEW, CHANGED, UNCHANGED
    cell: CellValue
    old: Observation | None


@dataclass(frozen=True)
class ResultChange:
    """A qualitative target's result against the data's (``old.result``, "" if none)."""

    kind: str  # NEW, CHANGED, UNCHANGED
    cell: ResultValue
    old: TargetRow


@dataclass(frozen=True)
class Conflict:
    """Two returns give different figures (or results) for one value: reported, never
    resolved."""

    key: tuple[str, str, str]
    cells: tuple[CellValue | ResultValue, ...]

    def __str__(self) -> str:
        unit, code, period = self.key
        if isinstance(self.cells[0], ResultValue):
            shown = "; ".join(f"{c.where}: «{c.result}»" for c in self.cells)
            return (f"kết quả mục tiêu định tính {code} của «{unit}» nhiệm kỳ {period} có "
                    f"{len(self.cells)} kết quả khác nhau — {shown}")
        shown = "; ".join(f"{c.where}: {data_number(c.value)}" for c in self.cells)
        return f"{code} của «{unit}» kỳ {period} có {len(self.cells)} số khác nhau — {shown}"


@dataclass
class Plan:
    """What merging a folder of returns would do."""

    project: Project
    folder: Path
    returns: list[Return]
    changes: list[Change]
    conflicts: list[Conflict]
    results: list[ResultChange] = field(default_factory=list)

    @property
    def errors(self) -> list[DataError]:
        return [e for r in self.returns for e in r.errors]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def results_of_kind(self, kind: str) -> list[ResultChange]:
        return [c for c in self.results if c.kind == kind]

    @property
    def values_to_write(self) -> list[Change]:
        return [c for c in self.changes if c.kind != UNCHANGED]

    @property
    def results_to_write(self) -> list[ResultChange]:
        return [c for c in self.results if c.kind != UNCHANGED]

    @property
    def to_write(self) -> list[Change | ResultChange]:
        """Everything a merge writes: new and changed values, then results."""
        return [*self.values_to_write, *self.results_to_write]

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _refuse(ret: Return, message: str, hint: str | None = None, *, sheet: str | None = None,
            cell: str | None = None) -> Return:
    ret.errors.append(DataError(message, location=Location(file=ret.path.name, sheet=sheet,
                                                           cell=cell), hint=hint))
    return ret


def read_return(path: Path | str, project: Project, dataset: Dataset) -> Return:
    """Read and check one returned form. Problems are in ``Return.errors``, never raised."""
    path = Path(path)
    ret = Return(path)
    try:
        book = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        return _refuse(ret, f"không mở được tệp Excel ({type(exc).__name__})",
                       "kiểm tra tệp có mở được bằng Excel không, lưu lại dạng .xlsx")
    if INFO_SHEET not in book.sheetnames or FORM_SHEET not in book.sheetnames:
        return _refuse(ret, "tệp không phải phiếu nhập số liệu của draftgen",
                       "chỉ nhận phiếu lập bằng «draftgen phieu»")
    stamp = {_text(k): _text(v) for k, v, *_ in book[INFO_SHEET].iter_rows(
        min_col=1, max_col=2, values_only=True)}
    if stamp.get("loai_tep") != FORM_KIND:
        return _refuse(ret, "tệp không phải phiếu nhập số liệu của draftgen", sheet=INFO_SHEET)
    unit = stamp.get("don_vi", "")
    ret.unit, ret.generated = unit, stamp.get("ngay_lap", "")
    if stamp.get("du_an") != project.name:
        return _refuse(ret, f"phiếu của dự án khác («{stamp.get('du_an')}»)",
                       f"dùng phiếu lập cho dự án «{project.name}»")
    if unit not in project.units:
        return _refuse(ret, f"phiếu của đơn vị «{unit}», không có trong dự án",
                       "kiểm tra lại tệp, hoặc khai báo đơn vị trong draftgen.toml")
    named = path.stem.split(".")[0].split(" ")[0]
    if named in project.units and named != unit:
        return _refuse(ret, f"tệp mang tên đơn vị «{named}» nhưng là phiếu của đơn vị «{unit}» "
                            f"({project.units[unit].full_name})",
                       f"đơn vị «{named}» phải nhập vào phiếu của mình (draftgen phieu -u {named})")
    codes = [c for c in stamp.get("chi_tieu", "").split(",") if c]
    periods = [p for p in stamp.get("ky", "").split(",") if p]
    missing = [c for c in codes if c not in dataset.indicators]
    if missing or fingerprint(dataset.indicators[c] for c in codes) != stamp.get("danh_muc"):
        what = (f"chỉ tiêu {', '.join(missing)} không còn trong danh mục" if missing else
                "tên, đơn vị tính hoặc loại của chỉ tiêu đã đổi")
        return _refuse(ret, f"phiếu lập ngày {ret.generated} theo danh mục cũ ({what})",
                       f"lập lại phiếu cho đơn vị bằng «draftgen phieu -u {unit}» và nhập lại")
    try:
        first_row, first_col = int(stamp["hang_dau"]), int(stamp["cot_dau"])
        qualitative = [c for c in stamp.get("dinh_tinh", "").split(",") if c]
        result_row = int(stamp.get("hang_dinh_tinh") or 0)
        result_col = int(stamp.get("cot_ket_qua") or first_col)
    except (KeyError, ValueError):
        return _refuse(ret, "phần thông tin của phiếu bị hỏng", sheet=INFO_SHEET)
    term = stamp.get("nhiem_ky", "")
    rows = [dataset.targets.get((unit, c, term)) for c in qualitative]
    if qualitative and (any(r is None or r.target.kind is not TargetKind.QUALITATIVE
                            for r in rows)
                        or qualitative_fingerprint(rows) != stamp.get("muc_tieu_dinh_tinh")):
        gone = [c for c, r in zip(qualitative, rows)
                if r is None or r.target.kind is not TargetKind.QUALITATIVE]
        what = (f"mục tiêu định tính {', '.join(gone)} không còn trong bảng mục tiêu" if gone
                else "lời của mục tiêu định tính đã đổi")
        return _refuse(ret, f"phiếu lập ngày {ret.generated} theo bảng mục tiêu cũ ({what})",
                       f"lập lại phiếu cho đơn vị bằng «draftgen phieu -u {unit}» và nhập lại")

    ws, wf = book[FORM_SHEET], formulas[FORM_SHEET]
    ret.person = _text(ws[PERSON_CELL].value)
    status_col = first_col + len(periods)
    result_cells = {code: ws.cell(result_row + k, result_col).coordinate
                    for k, code in enumerate(qualitative)}
    last_value_row = result_row - 3 if qualitative else ws.max_row  # a gap, a band, a header
    found: list[str] = []
    for row in range(first_row, last_value_row + 1):
        code = _text(ws.cell(row, 2).value)
        if not code:
            continue
        found.append(code)
        if code not in codes:
            _refuse(ret, f"mã chỉ tiêu «{code}» không có trong phiếu đã lập",
                    "không sửa cột mã chỉ tiêu; lập lại phiếu nếu cần", sheet=FORM_SHEET,
                    cell=f"B{row}")
            continue
        ret.cells.extend(_row_cells(ret, ws, wf, row, unit, dataset.indicators[code], periods,
                                    first_col, status_col, result_cells))
    if found != [c for c in codes if c in found] or len(set(found)) != len(found):
        _refuse(ret, "thứ tự hoặc số dòng chỉ tiêu của phiếu bị thay đổi",
                "dùng đúng phiếu đã lập, không thêm, xóa hay chép dòng", sheet=FORM_SHEET)
    if qualitative:
        _read_results(ret, ws, unit, term, dict(zip(qualitative, rows)), result_row,
                      result_col)
    return ret


def _read_results(ret: Return, ws, unit: str, term: str, targets: dict[str, TargetRow],
                  first: int, col: int) -> None:
    """The result cells of the qualitative targets, rows ``first`` … of column ``col``."""
    codes = list(targets)
    found = [_text(ws.cell(first + k, 2).value) for k in range(len(codes))]
    if found != codes:
        _refuse(ret, "thứ tự hoặc số dòng mục tiêu định tính của phiếu bị thay đổi",
                "dùng đúng phiếu đã lập, không thêm, xóa hay chép dòng", sheet=FORM_SHEET,
                cell=f"B{first}")
        return
    for k, code in enumerate(codes):
        cell = ws.cell(first + k, col)
        raw = cell.value
        if raw is None or _text(raw) == "":
            continue  # a blank result cell never deletes a result
        try:
            if not isinstance(raw, str):
                raise FormatError(f"kết quả «{_text(raw)}» không hợp lệ")
            parse_result(raw)
        except FormatError as exc:
            ret.errors.append(DataError(
                f"mục tiêu định tính {code}: {exc.message}",
                location=Location(file=ret.path.name, sheet=FORM_SHEET, cell=cell.coordinate,
                                  detail=f"đơn vị {unit}"),
                hint="chọn trong danh sách của ô một trong: " + ", ".join(RESULT_CHOICES)
                     + " (để trống nếu chưa đánh giá)"))
            continue
        ret.results.append(ResultValue(ret.path.name, FORM_SHEET, cell.coordinate, unit, code,
                                       term, _result_key(raw),
                                       qualitative_wording(targets[code])))


def _result_key(text: str) -> str:
    """A result as the data writes it: the key of :data:`RESULTS` it was typed as.

    >>> _result_key("  Ước  đạt "), _result_key("Không đạt")
    ('ước đạt', 'không đạt')
    """
    key = " ".join(str(text).split()).lower()
    return key if key in RESULTS else str(text).strip()


def _row_cells(ret: Return, ws, wf, row: int, unit: str, indicator: Indicator,
               periods: list[str], first_col: int, status_col: int,
               result_cells: dict[str, str]) -> list[CellValue]:
    code = indicator.code
    def place(col: int) -> str:
        return ws.cell(row, col).coordinate

    def error(col: int, message: str, hint: str | None) -> None:
        ret.errors.append(DataError(message, location=Location(
            file=ret.path.name, sheet=FORM_SHEET, cell=place(col), detail=f"đơn vị {unit}"),
            hint=hint))

    raw_status = _text(ws.cell(row, status_col).value)
    status: Status | None = None
    if raw_status:
        status = STATUSES.get(raw_status.lower())
        if status is None:
            error(status_col, f"chỉ tiêu {code}: trạng thái «{raw_status}» không hợp lệ",
                  "chọn «chính thức», «ước đạt» hoặc «dự ước»")
    source = _text(ws.cell(row, status_col + 1).value)
    note = _text(ws.cell(row, status_col + 2).value)
    out = []
    for k, period in enumerate(periods):
        col = first_col + k
        value = ws.cell(row, col).value
        if value is None or _text(value) == "":
            if _text(wf.cell(row, col).value).startswith("="):
                error(col, f"chỉ tiêu {code} kỳ {period}: ô có công thức chưa được tính",
                      "mở tệp bằng Excel, lưu lại rồi gửi; hoặc nhập số thay công thức")
            continue
        try:
            number = parse_number(value)
        except FormatError as exc:
            if isinstance(value, str) and _result_key(value) in RESULTS:
                where = (f"đánh giá mục tiêu định tính {code} ở ô {result_cells[code]}"
                         if code in result_cells else
                         "đơn vị không có mục tiêu định tính cho chỉ tiêu này")
                error(col, f"chỉ tiêu {code} kỳ {period}: ô số liệu chỉ nhận số, không nhận "
                           f"kết quả «{_text(value)}»",
                      f"nhập số vào ô này (hoặc để trống); {where}")
            else:
                error(col, f"chỉ tiêu {code} kỳ {period}: {exc.message}", exc.hint)
            continue
        problem = implausible(indicator, number, value)  # the loader's own rule
        if problem:
            error(col, f"chỉ tiêu {code} kỳ {period}: {problem[0]}", problem[1])
            continue
        last = k >= len(periods) - 2  # the end year and the period carry status and note
        decimals = (entered_decimals(value) if isinstance(value, str)
                    else format_decimals(ws.cell(row, col).number_format))
        out.append(CellValue(ret.path.name, FORM_SHEET, place(col), unit, code, period, number,
                             status if last else None, source, note if last else "", decimals))
    return out


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _kind(cell: CellValue, old: Observation | None) -> str:
    if old is None:
        return NEW
    if not _same(old.value, cell.value):
        return CHANGED
    # The status column is prefilled from the data, for the end year and the period at once:
    # it is taken with a new figure only, never as a change by itself.
    if cell.note and cell.note != old.note:
        return CHANGED
    return UNCHANGED


def plan_collection(project: Project | Path | str, folder: Path | str) -> Plan:
    """Read every ``.xlsx`` form in ``folder`` and compare it with the project's data."""
    if not isinstance(project, Project):
        project = load_project(project)
    folder = Path(folder)
    if not folder.is_dir():
        raise DraftgenError(f"không có thư mục «{folder}»",
                            hint="chỉ đến thư mục chứa các phiếu đơn vị gửi về")
    dataset = load_dataset(project)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm")
                   and not p.name.startswith(("~$", ".")))
    if not paths:
        raise DraftgenError(f"thư mục «{folder}» không có phiếu .xlsx nào")
    returns = [read_return(p, project, dataset) for p in paths]
    by_key: dict[tuple[str, str, str], list[CellValue]] = {}
    for ret in returns:
        if ret.errors:
            continue
        for cell in ret.cells:
            by_key.setdefault(cell.key, []).append(cell)
    changes, conflicts = [], []
    for key, cells in by_key.items():
        distinct = {(c.value, c.status, c.note) for c in cells}
        if len(distinct) > 1:
            conflicts.append(Conflict(key, tuple(cells)))
            continue
        changes.append(Change(_kind(cells[0], dataset.observations.get(key)), cells[0],
                              dataset.observations.get(key)))
    return Plan(project, folder, returns, changes, conflicts,
                _plan_results(returns, dataset, conflicts))


def _plan_results(returns: list[Return], dataset: Dataset,
                  conflicts: list[Conflict]) -> list[ResultChange]:
    """The results of the returns against the data's; two returns that disagree on one
    result go to ``conflicts``. Results meaning the same (không đạt, chưa đạt) agree."""
    by_key: dict[tuple[str, str, str], list[ResultValue]] = {}
    for ret in returns:
        if not ret.errors:
            for cell in ret.results:
                by_key.setdefault(cell.key, []).append(cell)
    out = []
    for key, cells in by_key.items():
        if len({parse_result(c.result) for c in cells}) > 1:
            conflicts.append(Conflict(key, tuple(cells)))
            continue
        old = dataset.targets[key]
        if not old.result.strip():
            kind = NEW
        elif parse_result(old.result) == parse_result(cells[0].result):
            kind = UNCHANGED
        else:
            kind = CHANGED
        out.append(ResultChange(kind, cells[0], old))
    return out


# --------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class Applied:
    written: int
    archive: Path
    log: Path
    tables: tuple[Path, ...] = ()  # the data files written
    companion: Path | None = None  # the companion workbook written again from the tables
    companion_was_stale: bool = False  # it did not say what the tables said before the merge
    companion_error: str = ""  # why the companion could not be written again ("": it was)

    def notes(self) -> list[str]:
        """What the merge wrote, one line each (a line of a problem starts «Lưu ý»), for the
        command and the web workspace."""
        root = self.archive.parent.parent  # <project>/nhap-so-lieu/<date>
        shown = [str(p.relative_to(root)) if p.is_relative_to(root) else str(p)
                 for p in self.tables]
        lines = [f"Đã ghi số liệu mới vào: {', '.join(shown)}."] if shown else []
        companion = self.companion
        if companion is not None and self.companion_error:
            lines.append(f"Lưu ý: không ghi lại được sổ Excel đi kèm {companion.name} "
                         f"({self.companion_error}); sổ đó còn số cũ. Đóng tệp nếu đang mở rồi "
                         f"chạy «python -m draftgen.workbook {companion.parent / companion.stem} "
                         f"{companion}».")
        elif companion is not None:
            lines.append(f"Đã cập nhật sổ Excel đi kèm {companion.name} theo số liệu mới.")
            if self.companion_was_stale:
                lines.append(f"Lưu ý: trước khi nhập, {companion.name} không khớp các bảng CSV (có "
                             f"thể đã được sửa tay); bản cũ giữ ở {self.archive}/"
                             f"truoc-khi-nhap-{companion.name}. Dự án đọc số liệu từ thư mục "
                             f"{companion.stem}/, không đọc sổ này.")
        return lines


def _record_row(change: Change, header: list[str], old_fields: list[str] | None) -> list[str]:
    cell = change.cell
    fields = list(old_fields) if old_fields is not None else [""] * len(header)
    col = {header_key(h): i for i, h in enumerate(header)}

    def put(name: str, value: str) -> None:
        if name in col:
            fields[col[name]] = value

    if old_fields is None:
        put("don_vi", cell.unit)
        put("ma_chi_tieu", cell.code)
        put("ky", cell.period)
    put("gia_tri", data_number(cell.value, cell.decimals))
    status = cell.status or (change.old.status if change.old else Status.OFFICIAL)
    put("trang_thai", status.value)
    put("nguon", cell.source or f"phiếu {cell.file}")  # the old source was the old figure's
    if cell.note:
        put("ghi_chu", cell.note)
    put("minh_hoa", "")  # a figure a unit returned is a real one
    return fields


def _csv_records(text: str) -> list[tuple[str, list[str]]]:
    """The records of a CSV text with the exact text of each (a quoted field may hold line
    breaks, so a record can span lines)."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(iter(lines))
    out, consumed = [], 0
    for fields in reader:
        out.append(("".join(lines[consumed:reader.line_num]), fields))
        consumed = reader.line_num
    return out


def _csv_line(fields: list[str], ending: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=ending).writerow(fields)
    return buf.getvalue()


def merged_values_csv(text: str, changes: list[Change]) -> str:
    """The values table with the changes merged: changed rows rewritten in place, new rows
    after the last row of the same unit and indicator (or unit), every other row as it was."""
    records = _csv_records(text)
    ending = "\r\n" if "\r\n" in text else "\n"
    header = records[0][1]
    col = {header_key(h): i for i, h in enumerate(header)}
    raw = [r for r, _ in records]
    if raw and not raw[-1].endswith(("\n", "\r")):
        raw[-1] += ending
    where: dict[tuple[str, str, str], int] = {}
    last_of: dict[tuple[str, ...], int] = {}
    for i, (_, fields) in enumerate(records[1:], start=1):
        if len(fields) <= max(col["don_vi"], col["ma_chi_tieu"], col["ky"]):
            continue
        unit, code = fields[col["don_vi"]].strip(), fields[col["ma_chi_tieu"]].strip()
        period = fields[col["ky"]].replace(" ", "")
        where[(unit, code, period)] = i
        last_of[(unit, code)] = last_of[(unit,)] = i
    after: dict[int, list[str]] = {}
    for change in changes:
        cell = change.cell
        if cell.key in where:
            i = where[cell.key]
            raw[i] = _csv_line(_record_row(change, header, records[i][1]), ending)
        else:
            anchor = last_of.get((cell.unit, cell.code), last_of.get((cell.unit,), len(raw) - 1))
            after.setdefault(anchor, []).append(_csv_line(_record_row(change, header, None),
                                                          ending))
    return "".join(line + "".join(after.get(i, [])) for i, line in enumerate(raw))


def _term_key(text: str) -> str:
    try:
        return Term.parse(text.strip()).key
    except ValueError:
        return text.replace(" ", "")


def merged_targets_csv(text: str, results: list[ResultChange]) -> str:
    """The targets table with the results merged into column ``ket_qua`` (added at the end
    of the header when the table has none: shorter rows read as empty there), on every row
    of the unit, indicator and term; every other row as it was."""
    records = _csv_records(text)
    ending = "\r\n" if "\r\n" in text else "\n"
    header = list(records[0][1])
    raw = [r for r, _ in records]
    if raw and not raw[-1].endswith(("\n", "\r")):
        raw[-1] += ending
    col = {header_key(h): i for i, h in enumerate(header)}
    if "ket_qua" not in col:
        header.append("ket_qua")
        col["ket_qua"] = len(header) - 1
        raw[0] = _csv_line(header, ending)
    wanted = {c.cell.key: c.cell.result for c in results}
    for i, (_, fields) in enumerate(records[1:], start=1):
        if len(fields) <= max(col["don_vi"], col["ma_chi_tieu"], col["nhiem_ky"]):
            continue
        key = (fields[col["don_vi"]].strip(), fields[col["ma_chi_tieu"]].strip(),
               _term_key(fields[col["nhiem_ky"]]))
        if key in wanted:
            padded = fields + [""] * (len(header) - len(fields))
            padded[col["ket_qua"]] = wanted[key]
            raw[i] = _csv_line(padded, ending)
    return "".join(raw)


def _merge_results_sheet(ws, results: list[ResultChange]) -> None:
    header = [_text(c.value) for c in ws[1]]
    col = {header_key(h): i for i, h in enumerate(header)}
    if "ket_qua" not in col:
        col["ket_qua"] = len(header)
        ws.cell(1, len(header) + 1, "ket_qua")
    wanted = {c.cell.key: c.cell.result for c in results}
    for row in ws.iter_rows(min_row=2):
        if len(row) <= max(col["don_vi"], col["ma_chi_tieu"], col["nhiem_ky"]):
            continue
        key = (_text(row[col["don_vi"]].value), _text(row[col["ma_chi_tieu"]].value),
               _term_key(_text(row[col["nhiem_ky"]].value)))
        if key in wanted:
            ws.cell(row[0].row, col["ket_qua"] + 1, wanted[key])


def _merge_workbook(path: Path, changes: list[Change], results: list[ResultChange],
                    tmp: Path) -> None:
    book = load_workbook(path)
    if results:
        _merge_results_sheet(book["muc-tieu"], results)
    ws = book["gia-tri"]
    header = [_text(c.value) for c in ws[1]]
    col = {header_key(h): i for i, h in enumerate(header)}
    where = {}
    for row in ws.iter_rows(min_row=2):
        key = tuple(_text(row[col[k]].value).replace(" ", "") if k == "ky"
                    else _text(row[col[k]].value) for k in ("don_vi", "ma_chi_tieu", "ky"))
        where[key] = row[0].row
    for change in changes:
        if change.cell.key in where:
            r = where[change.cell.key]
            old = [_text(ws.cell(r, i + 1).value) for i in range(len(header))]
            fields = _record_row(change, header, old)
        else:
            r = ws.max_row + 1
            fields = _record_row(change, header, None)
        for i, value in enumerate(fields):
            target = ws.cell(r, i + 1)
            if i == col["gia_tri"]:
                target.value = change.cell.value
            elif _text(target.value) != value:
                target.value = value or None
    book.save(tmp)


def companion_workbook(project: Project) -> Path | None:
    """The workbook kept beside a CSV data folder to open the data in Excel (the sample's
    ``chi-tieu.xlsx`` beside ``chi-tieu/``): ``<folder>.xlsx`` with the sheets of the three
    tables. None when the project reads a workbook itself or has no such file."""
    path = companion_path(project)
    if path is None:
        return None
    try:
        names = load_workbook(path, read_only=True).sheetnames
    except Exception:  # not a workbook we wrote: leave it alone
        return None
    return path if set(SHEETS) <= set(names) else None


def rewrite_companion(project: Project, archive: Path, prefix: str) -> tuple[Path | None, str]:
    """After a data table of a CSV folder changed: keep the companion workbook as it was in
    ``archive`` (``<prefix><name>``) and write it again from the tables. Returns the
    companion (None when the project has none) and why it could not be written ("": it was).
    """
    companion = companion_workbook(project)
    if companion is None:
        return None, ""
    try:
        shutil.copy2(companion, archive / f"{prefix}{companion.name}")
        write_data_workbook(project.data_path, companion)
    except OSError as exc:  # open in Excel on Windows, read-only folder …
        return companion, exc.strerror or type(exc).__name__
    return companion, ""


def _same_workbook(path: Path, csv_dir: Path) -> bool:
    """Whether a companion workbook says what the CSV tables say: the parts our writer
    makes of the tables, all but the save time."""
    from .workbook import data_workbook

    out = io.BytesIO()
    data_workbook(csv_dir).save(out)
    try:
        mine = read_entries(path.read_bytes())
    except Exception:
        return False
    fresh = read_entries(out.getvalue())
    skip = "docProps/core.xml"  # openpyxl writes the time of saving there
    return ({k: v for k, v in mine.items() if k != skip}
            == {k: v for k, v in fresh.items() if k != skip})


def new_archive(root: Path, now: _dt.datetime) -> Path:
    """A new folder under ``root`` named by ``now`` (``2026-03-09_103005``, ``…_2`` when
    taken) where the files a change replaces are kept."""
    archive = root / now.strftime("%Y-%m-%d_%H%M%S")
    n = 1
    while archive.exists():
        n += 1
        archive = root / f"{now.strftime('%Y-%m-%d_%H%M%S')}_{n}"
    archive.mkdir(parents=True)
    return archive


def _merged_tables(project: Project, values: list[Change], results: list[ResultChange],
                   tmp_of) -> list[Path]:
    """Write the merged tables to their temporary files; return the tables to replace."""
    source = project.data_path
    if not source.is_dir():
        _merge_workbook(source, values, results, tmp_of(source))
        return [source]
    out = []
    for name, changes, merge in (("gia-tri.csv", values, merged_values_csv),
                                 ("muc-tieu.csv", results, merged_targets_csv)):
        if not changes:
            continue
        table = source / name
        data = table.read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        merged = merge(data.decode("utf-8-sig"), changes)
        tmp_of(table).write_bytes((b"\xef\xbb\xbf" if bom else b"") + merged.encode("utf-8"))
        out.append(table)
    return out


def apply_plan(plan: Plan, *, now: _dt.datetime | None = None) -> Applied:
    """Merge the plan's new and changed values and results into the project's data, all or
    nothing; then write the companion workbook of a CSV data folder again."""
    if plan.errors or plan.conflicts:
        raise DraftgenError(
            f"chưa nhập: {len(plan.errors)} lỗi, {len(plan.conflicts)} số liệu mâu thuẫn",
            hint="sửa các phiếu lỗi (hoặc chuyển chúng ra khỏi thư mục) rồi thu thập lại")
    project, now = plan.project, now or _dt.datetime.now()
    values, results = plan.values_to_write, plan.results_to_write
    archive_root = project.root / ARCHIVE
    archive = new_archive(archive_root, now)
    for ret in plan.returns:
        shutil.copy2(ret.path, archive / ret.path.name)
    source = project.data_path
    if source.is_dir():
        tables = [source / "gia-tri.csv"] + ([source / "muc-tieu.csv"] if results else [])
    else:
        tables = [source]
    companion = companion_workbook(project)
    stale = companion is not None and not _same_workbook(companion, source)
    for table in tables:
        shutil.copy2(table, archive / f"truoc-khi-nhap-{table.name}")

    def tmp_of(table: Path) -> Path:
        return table.with_name(f".{table.name}.dang-ghi")

    written: list[Path] = []
    try:
        written = _merged_tables(project, values, results, tmp_of)
        for table in written:
            os.replace(tmp_of(table), table)
        load_dataset(project)  # the merged data must load; if not, put the old tables back
    except (DraftgenError, OSError) as exc:
        for table in written:
            shutil.copy2(archive / f"truoc-khi-nhap-{table.name}", table)
        if isinstance(exc, DraftgenError):
            raise
        raise DraftgenError(f"không ghi được bảng số liệu ({exc.strerror or exc}); chưa nhập "
                            "gì, các bảng cũ được giữ nguyên",
                            location=Location(file=str(exc.filename or source)),
                            hint="kiểm tra quyền ghi thư mục số liệu, đóng tệp nếu đang mở "
                                 "trong Excel, rồi thu thập lại") from exc
    finally:
        for table in tables:
            if tmp_of(table).exists():
                tmp_of(table).unlink()
    companion, companion_error = rewrite_companion(project, archive, "truoc-khi-nhap-")
    log = archive_root / LOG_NAME
    new_log = not log.exists()
    persons = {r.path.name: (r.person or getpass.getuser()) for r in plan.returns}
    stamp = now.isoformat(timespec="seconds")
    with log.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if new_log:
            writer.writerow(LOG_HEADER)
        for change in values:
            c = change.cell
            status = c.status or (change.old.status if change.old else Status.OFFICIAL)
            writer.writerow([stamp, persons[c.file], c.file, c.unit, c.sheet, c.cell, c.code,
                             c.period, data_number(change.old.value) if change.old else "",
                             data_number(c.value), status.value, change.kind])
        for result in results:
            r = result.cell
            writer.writerow([stamp, persons[r.file], r.file, r.unit, r.sheet, r.cell, r.code,
                             r.term, result.old.result, r.result, "", result.kind])
    return Applied(len(values) + len(results), archive, log, tuple(written), companion, stale,
                   companion_error)
