"""Collect the entry forms returned by units and merge their figures into the project's data.

Three steps, each a function:

- :func:`read_return` reads one returned form: checks its stamp (the unit it was made for,
  the project, the catalogue fingerprint) and every input cell, with the loader's number
  parsing and errors naming the file, sheet, cell and unit;
- :func:`plan_collection` reads a folder of returns and compares them with the project's
  data: new, changed and unchanged values, and conflicts between two returns for one value;
- :func:`apply_plan` merges, all or nothing: the new values table is written through a
  temporary file and a rename (untouched CSV rows keep their bytes), the returned files and
  the previous table are kept in an archive folder, and every merged cell goes to the import
  log. Nothing is merged while any return has an error or any value is in conflict.
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

from .config import Project, load_project
from .dataset import Dataset
from .errors import DataError, DraftgenError, FormatError, Location
from .forms import FORM_KIND, FORM_SHEET, INFO_SHEET, PERSON_CELL, fingerprint
from .loader import STATUSES, header_key, load_dataset
from .model import Observation, Status
from .parsing import parse_number

ARCHIVE = "nhap-so-lieu"
LOG_NAME = "nhat-ky.csv"
LOG_HEADER = ["thoi_gian", "nguoi_nhap", "tep", "don_vi", "sheet", "o", "ma_chi_tieu", "ky",
              "gia_tri_cu", "gia_tri_moi", "trang_thai", "loai"]
NEW, CHANGED, UNCHANGED = "mới", "thay đổi", "không đổi"


def data_number(value: float) -> str:
    """A value written for the data tables the Vietnamese way, exactly (no rounding).

    >>> data_number(7.16), data_number(1683240.0), data_number(-0.83), data_number(34178.9)
    ('7,16', '1.683.240', '-0,83', '34.178,9')
    >>> data_number(5.0), data_number(0.125)
    ('5', '0,125')
    """
    d = Decimal(repr(float(value))).normalize()
    sign, digits = ("-", -d) if d < 0 else ("", d)
    text = format(digits, "f")
    whole, _, frac = text.partition(".")
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

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.unit, self.code, self.period)

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
    errors: list[DataError] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    kind: str  # NEW, CHANGED, UNCHANGED
    cell: CellValue
    old: Observation | None


@dataclass(frozen=True)
class Conflict:
    """Two returns give different figures for one value: reported, never resolved."""

    key: tuple[str, str, str]
    cells: tuple[CellValue, ...]

    def __str__(self) -> str:
        unit, code, period = self.key
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

    @property
    def errors(self) -> list[DataError]:
        return [e for r in self.returns for e in r.errors]

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def to_write(self) -> list[Change]:
        return [c for c in self.changes if c.kind != UNCHANGED]

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
    except (KeyError, ValueError):
        return _refuse(ret, "phần thông tin của phiếu bị hỏng", sheet=INFO_SHEET)

    ws, wf = book[FORM_SHEET], formulas[FORM_SHEET]
    ret.person = _text(ws[PERSON_CELL].value)
    status_col = first_col + len(periods)
    found: list[str] = []
    for row in range(first_row, ws.max_row + 1):
        code = _text(ws.cell(row, 2).value)
        if not code:
            continue
        found.append(code)
        if code not in codes:
            _refuse(ret, f"mã chỉ tiêu «{code}» không có trong phiếu đã lập",
                    "không sửa cột mã chỉ tiêu; lập lại phiếu nếu cần", sheet=FORM_SHEET,
                    cell=f"B{row}")
            continue
        ret.cells.extend(_row_cells(ret, ws, wf, row, unit, code, periods, first_col,
                                    status_col))
    if found != [c for c in codes if c in found] or len(set(found)) != len(found):
        _refuse(ret, "thứ tự hoặc số dòng chỉ tiêu của phiếu bị thay đổi",
                "dùng đúng phiếu đã lập, không thêm, xóa hay chép dòng", sheet=FORM_SHEET)
    return ret


def _row_cells(ret: Return, ws, wf, row: int, unit: str, code: str, periods: list[str],
               first_col: int, status_col: int) -> list[CellValue]:
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
            error(col, f"chỉ tiêu {code} kỳ {period}: {exc.message}", exc.hint)
            continue
        last = k >= len(periods) - 2  # the end year and the period carry status and note
        out.append(CellValue(ret.path.name, FORM_SHEET, place(col), unit, code, period, number,
                             status if last else None, source, note if last else ""))
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
    return Plan(project, folder, returns, changes, conflicts)


# --------------------------------------------------------------------------- applying


@dataclass(frozen=True)
class Applied:
    written: int
    archive: Path
    log: Path


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
    put("gia_tri", data_number(cell.value))
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


def _merge_workbook(path: Path, changes: list[Change], tmp: Path) -> None:
    book = load_workbook(path)
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


def apply_plan(plan: Plan, *, now: _dt.datetime | None = None) -> Applied:
    """Merge the plan's new and changed values into the project's data, all or nothing."""
    if plan.errors or plan.conflicts:
        raise DraftgenError(
            f"chưa nhập: {len(plan.errors)} lỗi, {len(plan.conflicts)} số liệu mâu thuẫn",
            hint="sửa các phiếu lỗi (hoặc chuyển chúng ra khỏi thư mục) rồi thu thập lại")
    project, now = plan.project, now or _dt.datetime.now()
    changes = plan.to_write
    source = project.data_path
    target = source / "gia-tri.csv" if source.is_dir() else source
    archive_root = project.root / ARCHIVE
    archive = archive_root / now.strftime("%Y-%m-%d_%H%M%S")
    n = 1
    while archive.exists():
        n += 1
        archive = archive_root / f"{now.strftime('%Y-%m-%d_%H%M%S')}_{n}"
    archive.mkdir(parents=True)
    for ret in plan.returns:
        shutil.copy2(ret.path, archive / ret.path.name)
    shutil.copy2(target, archive / f"truoc-khi-nhap-{target.name}")
    tmp = target.with_name(f".{target.name}.dang-ghi")
    try:
        if target.suffix.lower() == ".csv":
            text = target.read_bytes().decode("utf-8-sig")
            bom = target.read_bytes().startswith(b"\xef\xbb\xbf")
            merged = merged_values_csv(text, changes)
            tmp.write_bytes((b"\xef\xbb\xbf" if bom else b"") + merged.encode("utf-8"))
        else:
            _merge_workbook(target, changes, tmp)
        os.replace(tmp, target)
        load_dataset(project)  # the merged data must load; if not, put the old table back
    except DraftgenError:
        shutil.copy2(archive / f"truoc-khi-nhap-{target.name}", target)
        raise
    finally:
        if tmp.exists():
            tmp.unlink()
    log = archive_root / LOG_NAME
    new_log = not log.exists()
    persons = {r.path.name: (r.person or getpass.getuser()) for r in plan.returns}
    with log.open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if new_log:
            writer.writerow(LOG_HEADER)
        for change in changes:
            c = change.cell
            status = c.status or (change.old.status if change.old else Status.OFFICIAL)
            writer.writerow([now.isoformat(timespec="seconds"), persons[c.file], c.file, c.unit,
                             c.sheet, c.cell, c.code, c.period,
                             data_number(change.old.value) if change.old else "",
                             data_number(c.value), status.value, change.kind])
    return Applied(len(changes), archive, log)
