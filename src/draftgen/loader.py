"""Read indicator data (a folder of CSV files or an Excel workbook) and validate it.

Three tables, by sheet name (Excel) or file name (CSV):

- ``danh-muc``: the indicator catalogue;
- ``gia-tri``: values in long form, one row per unit, indicator and year or period;
- ``muc-tieu``: targets as the resolution writes them.

Every problem is collected and reported at once, each with its file, sheet, row and
column (the Excel cell where there is one); nothing is built if anything is wrong.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .cells import TEXT_HINT, clean_text, text_problem, visible
from .config import Project
from .dataset import Dataset, UnitDataError
from .errors import DataError, DataErrors, FormatError, Location, SheetColumn
from .errors import suggest as _suggest
from .formatting import entered_decimals, format_number, number_words
from .model import (
    YEAR_MAX,
    YEAR_MIN,
    Indicator,
    Kind,
    Observation,
    Rollup,
    Status,
    TargetKind,
    TargetRow,
    Term,
)
from .parsing import parse_number, thousands_dot
from .readers import CellNumber, FileProblem, Sheet, open_workbook, read_csv, read_sheet
from .sources import document_of
from .targets import parse_result, parse_target

SHEETS = ("danh-muc", "gia-tri", "muc-tieu")
COLUMNS = {
    "danh-muc": (["ma", "ten", "dvt", "linh_vuc", "loai"],
                 ["nhom", "so_le", "chieu_tot", "dvt_hien_thi", "tong_hop",
                  "thuoc_tong", "binh_quan_cua", "toc_do_cua", "trong_so", "dem_muc_tieu",
                  "mau_cau"]),
    "gia-tri": (["don_vi", "ma_chi_tieu", "ky", "gia_tri"],
                ["trang_thai", "nguon", "ghi_chu", "minh_hoa"]),
    "muc-tieu": (["don_vi", "ma_chi_tieu", "nhiem_ky", "muc_tieu"],
                 ["stt", "dien_giai", "nguon", "ghi_chu", "minh_hoa", "ket_qua"]),
}
KINDS = {"mức": Kind.LEVEL, "tốc độ": Kind.GROWTH, "tỷ trọng": Kind.SHARE,
         "số đếm": Kind.COUNT, "tỷ lệ": Kind.RATIO}
DIRECTIONS = {"tăng": 1, "giảm": -1, "": 1}
ROLLUPS = {"tổng": Rollup.SUM, "trung bình": Rollup.MEAN,
           "trung bình có trọng số": Rollup.WEIGHTED, "không": Rollup.NONE,
           "không tổng hợp": Rollup.NONE, "": Rollup.NONE}
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
    return clean_text(str(value))


@dataclass
class _Table:
    """One sheet as rows of cells that know where they stand."""

    name: str
    display_file: str
    sheet: str | None  # None for CSV
    frame: pd.DataFrame
    columns: dict[str, int]  # normalised header -> position
    row_numbers: list[int] | None = None  # line or row the user sees; None: header is row 1
    header_row: int = 1
    _placed: dict[str | None, SheetColumn] = field(default_factory=dict, repr=False)

    def row_number(self, row_index: int) -> int:
        if self.row_numbers is None:
            return row_index + 2
        return self.row_numbers[row_index]

    def location(self, row_index: int, column: str | None = None) -> Location:
        return self.column(column).at(self.row_number(row_index))

    def column(self, column: str | None) -> SheetColumn:
        """Where the cells of ``column`` stand (the row alone: None)."""
        found = self._placed.get(column)
        if found is None:
            if self.sheet is not None and column is not None:
                from openpyxl.utils import get_column_letter  # only for a workbook's cells

                found = SheetColumn(self.display_file, self.sheet,
                                    letter=get_column_letter(self.columns[column] + 1))
            else:
                found = SheetColumn(self.display_file, self.sheet,
                                    header=self._header(column) if column else None)
            self._placed[column] = found
        return found

    def _header(self, column: str) -> str:
        return str(self.frame.columns[self.columns[column]])

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        wanted = list(self.columns.items())
        for i, values in enumerate(self.frame.itertuples(index=False, name=None)):
            row = {key: values[pos] for key, pos in wanted}
            if all(_text(v) == "" for v in row.values()):
                continue  # blank line
            yield i, row


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


def _choice(value: Any, allowed: dict[str, Any], what: str) -> Any:
    key = _text(value).lower()
    if key in allowed:
        return allowed[key]
    shown = ", ".join(f"«{k}»" for k in allowed if k)
    raise FormatError(f"{what} «{_text(value)}» không hợp lệ", hint=f"chọn một trong: {shown}")


def _read_tables(project: Project, errors: _Collector) -> dict[str, _Table]:
    source = project.data_path
    shown_root = project.root
    sheets: dict[str, tuple[Sheet, str, str | None]] = {}
    if source.is_dir():
        for name in SHEETS:
            path = source / f"{name}.csv"
            shown = str(path.relative_to(shown_root)) if path.is_relative_to(shown_root) else str(path)
            if not path.is_file():
                errors.add(f"thiếu tệp {name}.csv", Location(file=str(source)),
                           f"tạo tệp {name}.csv (xem docs/du-lieu.md)")
                continue
            try:
                sheets[name] = (read_csv(path, shown, COLUMNS[name][0], header_key), shown, None)
            except FileProblem as problem:
                errors.errors.append(problem.error)
    elif source.suffix.lower() in (".xlsx", ".xlsm") and source.is_file():
        shown = source.name
        try:
            book = open_workbook(source, shown)
        except FileProblem as problem:
            raise DataErrors([problem.error]) from None
        try:
            for name in SHEETS:
                if name not in book.sheetnames:
                    errors.add(f"thiếu sheet «{name}»", Location(file=shown),
                               _suggest(name, book.sheetnames) or f"thêm sheet «{name}»")
                    continue
                try:
                    sheets[name] = (read_sheet(book, name, COLUMNS[name][0], header_key),
                                    shown, name)
                except FileProblem as problem:
                    errors.errors.append(problem.error)
        finally:
            book.close()
    elif source.suffix.lower() in (".xls", ".ods", ".csv") and source.is_file():
        raise DataErrors([DataError(
            f"chưa đọc được tệp dạng {source.suffix}", location=Location(file=source.name),
            hint="lưu số liệu dạng «Excel Workbook (*.xlsx)», hoặc ba tệp CSV trong một thư mục")])
    else:
        raise DataErrors([DataError(
            f"không tìm thấy dữ liệu «{source}»", location=Location(file=str(project.config_file)),
            hint="khóa data trong [project] phải chỉ đến một thư mục CSV hoặc một tệp .xlsx")])

    tables: dict[str, _Table] = {}
    for name, (sheet, shown, sheet_name) in sheets.items():
        errors.errors.extend(sheet.problems)
        frame = pd.DataFrame(sheet.rows, columns=sheet.header, dtype=object)
        required, optional = COLUMNS[name]
        header_loc = Location(file=shown, sheet=sheet_name, row=sheet.header_row)
        positions: dict[str, int] = {}
        for pos, header in enumerate(frame.columns):
            key = header_key(header)
            if key in required or key in optional:
                if key in positions:
                    errors.add(f"cột «{header}» bị lặp", header_loc)
                positions[key] = pos
        missing = [c for c in required if c not in positions]
        if missing:
            errors.add(f"thiếu cột {', '.join(missing)}", header_loc,
                       f"dòng tiêu đề cần các cột: {', '.join(required)}")
            continue
        tables[name] = _Table(name, shown, sheet_name, frame, positions, sheet.row_numbers,
                              sheet.header_row)
    return _lost_rows(tables, errors)


def _lost_rows(tables: dict[str, _Table], errors: _Collector) -> dict[str, _Table]:
    """Refuse a table left with its header only while the tables that depend on it have
    rows: it lost its rows (a new project, with every table empty, is fine)."""
    empty = {name for name, table in tables.items() if next(table.rows(), None) is None}
    filled = set(tables) - empty
    lost = []
    if "danh-muc" in empty and filled:
        lost.append("danh-muc")
    if "gia-tri" in empty and "muc-tieu" in filled:
        lost.append("gia-tri")
    for name in lost:
        table = tables[name]
        errors.add(f"bảng {name} không có dòng số liệu nào",
                   Location(file=table.display_file, sheet=table.sheet, row=table.header_row),
                   "tệp chỉ còn dòng tiêu đề: chép lại các dòng số liệu trước khi dựng")
    if "danh-muc" in lost:  # every row would name an unknown indicator: say it once
        return {}
    return {name: table for name, table in tables.items() if name not in lost}


# Columns whose text may span lines (a footnote, a resolution's sentence).
_MULTILINE = {"ghi_chu", "dien_giai", "nguon"}


def _bad_text(table: _Table, i: int, row: dict, errors: _Collector) -> bool:
    """Report text cells holding characters that must not reach a document."""
    bad = False
    for column, value in row.items():
        if isinstance(value, str):
            multiline = column in _MULTILINE
            problem = text_problem(value, multiline=multiline)
            if problem:
                errors.add(f"ô «{visible(value, multiline=multiline)}» {problem}",
                           table.location(i, column), TEXT_HINT)
                bad = True
    return bad


def _catalogue(table: _Table, errors: _Collector) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    first_row: dict[str, int] = {}
    for i, row in table.rows():
        code = _text(row["ma"])
        if _bad_text(table, i, row, errors):
            continue
        if not _CODE.match(code):
            errors.add(f"mã chỉ tiêu «{code}» không hợp lệ", table.location(i, "ma"),
                       "mã viết HOA không dấu, bắt đầu bằng chữ, chỉ gồm chữ, số và «_»: GRDP_TANG_TRUONG")
            continue
        if code in first_row:
            errors.add(f"mã chỉ tiêu «{code}» bị trùng (đã có ở dòng "
                       f"{table.row_number(first_row[code])})",
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
            group=_text(row.get("nhom")),
            whole=_text(row.get("thuoc_tong")), average_of=_text(row.get("binh_quan_cua")),
            rate_of=_text(row.get("toc_do_cua")), weight=_text(row.get("trong_so")),
            counts_targets=_text(row.get("dem_muc_tieu")).lower(),
            pattern=_text(row.get("mau_cau")),
        )
    for code, ind in indicators.items():  # a weighted mean names its weight in the catalogue
        if ind.rollup is Rollup.WEIGHTED and ind.weight not in indicators:
            errors.add(f"chỉ tiêu {code}: tổng hợp «trung bình có trọng số» cần chỉ tiêu trọng "
                       f"số, «{ind.weight}» không có trong danh mục",
                       table.location(first_row[code], "trong_so" if "trong_so" in table.columns
                                      else "tong_hop"),
                       "ghi mã chỉ tiêu trọng số (ví dụ DAN_SO) ở cột trong_so")
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
                       _suggest(code, indicators) or "thêm chỉ tiêu vào danh mục (tệp danh-muc.csv hoặc sheet danh-muc)")
        ok = False
    if not ok:
        return None
    # the config's and the catalogue's own strings: a thousand units' rows share them
    # instead of holding a copy each
    return project.units[unit].code, indicators[code].code


def _repeated(first_row: dict, key: tuple, i: int, errors: _Collector, location: Location,
              what: str, table: _Table | None = None, source: str | None = None) -> bool:
    """Report a row whose key an earlier row already has; remember the first one.

    With ``source`` (the row's ``nguon``), rows of one key from different source documents
    are kept (draftgen.sources); the same document twice, or a row that names no document
    beside another row, is refused."""
    document = None if source is None else document_of(source)
    seen = first_row.setdefault(key, {})  # document -> index of its row, in file order
    if not seen:
        seen[document] = i
        return False
    earlier = seen.get(document)
    if document and earlier is None and None not in seen and "" not in seen:
        seen[document] = i
        return False
    j = earlier if earlier is not None else next(iter(seen.values()))
    line = table.row_number(j) if table is not None else j + 2
    place = f"dòng {line}"
    if table is not None and table.sheet is not None and location.cell:
        place = f"ô {re.sub(r'[0-9]+$', '', location.cell)}{line}"  # same column, first row
    if earlier is not None and document:
        errors.add(f"{what}, cùng văn bản nguồn {document} (đã có ở {place})", location,
                   "giữ một dòng, xóa dòng còn lại")
    elif earlier is not None or document is None:
        errors.add(f"{what} (đã có ở {place})", location, "giữ một dòng, xóa dòng còn lại")
    else:
        errors.add(f"{what} (đã có ở {place}) mà không ghi văn bản nguồn", location,
                   "giữ một dòng; hoặc, nếu hai dòng lấy từ hai văn bản khác nhau, ghi văn bản "
                   "ở cột nguon của cả hai dòng (ví dụ BCCT-XVIII:14) — xem docs/du-lieu.md, "
                   "mục «Nhiều nguồn cho cùng một số liệu»")
    return True


def _period(value: Any) -> str:
    """A year (``2020``) or a period (``2016-2020``, first year first), as a key.

    >>> _period("2016 - 2020"), _period(2020.0)
    ('2016-2020', '2020')
    >>> _period("2020-2016")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: giai đoạn «2020-2016» viết năm cuối trước năm đầu → viết năm đầu trước: «2016-2020»
    """
    text = _text(value).replace("\u2013", "-")
    m = _PERIOD.match(text)
    years = [int(m.group(1)), int(m.group(2))] if m else [int(text)] if _YEAR.match(text) else []
    if not years:
        raise FormatError(f"kỳ «{_text(value)}» không hợp lệ",
                          hint="nhập một năm (2020) hoặc một giai đoạn (2016-2020)")
    if not all(YEAR_MIN <= y <= YEAR_MAX for y in years):
        raise FormatError(f"kỳ «{text}» không hợp lệ: năm phải từ {YEAR_MIN} đến {YEAR_MAX}",
                          hint="nhập một năm (2020) hoặc một giai đoạn (2016-2020)")
    if len(years) == 1:
        return str(years[0])
    if years[1] <= years[0]:
        raise FormatError(f"giai đoạn «{text}» viết năm cuối trước năm đầu",
                          hint=f"viết năm đầu trước: «{years[1]}-{years[0]}»")
    return f"{years[0]}-{years[1]}"


#: A value of an indicator in % from this size up is refused: 1.000% is ten times the whole
#: (docs/du-lieu.md, «Cách gõ số»). Smaller odd values are the audit's (rule ``pham-vi``).
PERCENT_LIMIT = 1000


def _level_text(row: Mapping[str, Any], level: float) -> str | None:
    """The words of a target cell that typed ``level`` («trên 5.450» typed 5.450), if a
    thousands dot wrote it."""
    for token in re.findall(r"[\d.,]+", _text(row["muc_tieu"])):
        if thousands_dot(token):
            try:
                if parse_number(token) == level:
                    return token
            except FormatError:
                continue
    return None


def implausible(indicator: Indicator, value: float,
                typed: object = None) -> tuple[str, str] | None:
    """Why ``value`` cannot be a value of ``indicator`` (message, hint), or None.

    ``typed`` is the cell as read (text as typed, or a number cell's number): a value in %
    typed with a thousands dot is named as it was read, with the decimal it may have meant.
    The loader and the collection of returned forms both ask this one function.

    >>> from draftgen.model import Indicator, Kind
    >>> share = Indicator("CO_CAU_NN", "Tỷ trọng nông nghiệp", "%", "kinh tế", Kind.SHARE)
    >>> implausible(share, 71.08) is None
    True
    >>> implausible(share, 0.7108 - 1)[0]
    'chỉ tiêu CO_CAU_NN là tỷ trọng (%) nên phải từ 0 đến 100, không phải -0,2892'
    >>> growth = Indicator("GRDP", "Tốc độ tăng GRDP", "%", "kinh tế", Kind.GROWTH, 2)
    >>> message, hint = implausible(growth, 5450.0, "5.450")
    >>> message
    '«5.450» đọc là 5.450 (năm nghìn bốn trăm năm mươi) vì dấu chấm ngăn hàng nghìn: quá lớn cho chỉ tiêu GRDP tính bằng %'
    >>> hint
    'nếu là 5,45 thì viết «5,45» (số thập phân viết bằng dấu phẩy)'
    >>> implausible(growth, 5450.0)[0]
    'chỉ tiêu GRDP tính bằng % mà số là 5.450 (năm nghìn bốn trăm năm mươi): từ 1.000% trở lên không thể là số đúng'
    >>> implausible(growth, 150.0) is None   # odd, not impossible: the audit flags it
    True
    """
    dotted = thousands_dot(typed)
    if indicator.uom.strip() == "%" and abs(value) >= PERCENT_LIMIT:
        whole = float(value).is_integer() and abs(value) < 1e15
        words = f" ({number_words(int(abs(value)))})" if whole and value > 0 else ""
        if dotted:
            read = dotted.rstrip("%")
            head, _, tail = read.lstrip("+-").partition(".")
            meant = None
            if "," not in read and "." not in tail:  # one dot: it may be the decimal one
                frac = tail.rstrip("0")
                meant = read[:len(read) - len(read.lstrip("+-"))] + head + (
                    "," + frac if frac else "")
            return (f"«{dotted}» đọc là {read}{words} vì dấu chấm ngăn hàng nghìn: quá lớn "
                    f"cho chỉ tiêu {indicator.code} tính bằng %",
                    f"nếu là {meant} thì viết «{meant}» (số thập phân viết bằng dấu phẩy)"
                    if meant else "kiểm tra lại số trong tài liệu gốc: số thập phân viết bằng "
                                  "dấu phẩy, dấu chấm chỉ ngăn hàng nghìn")
        return (f"chỉ tiêu {indicator.code} tính bằng % mà số là {format_number(value)}"
                f"{words}: từ {format_number(PERCENT_LIMIT)}% trở lên không thể là số đúng",
                "kiểm tra lại số trong tài liệu gốc: có thể nhầm dấu chấm ngăn hàng nghìn với "
                "dấu phẩy thập phân (5.450 là năm nghìn bốn trăm năm mươi, 5,45 là năm phẩy "
                "bốn mươi lăm; ô số trong Excel gõ «5.450» cũng là năm nghìn bốn trăm năm "
                "mươi)")
    shown = f"{value:g}".replace(".", ",")
    percent = indicator.uom.strip() == "%"
    if indicator.kind is Kind.SHARE and percent and not 0 <= value <= 100:
        return (f"chỉ tiêu {indicator.code} là tỷ trọng (%) nên phải từ 0 đến 100, "
                f"không phải {shown}",
                "kiểm tra lại số; số nhập theo đơn vị %, ví dụ 71,08 chứ không 0,7108")
    if indicator.kind is Kind.GROWTH and percent and value <= -100:
        return (f"chỉ tiêu {indicator.code} là tốc độ tăng (%) nên phải lớn hơn -100, "
                f"không phải {shown}", "kiểm tra lại số; giảm 5,4% ghi là -5,4")
    if indicator.kind is Kind.RATIO and percent and value < 0:
        return (f"chỉ tiêu {indicator.code} là tỷ lệ (%) nên không âm, không phải {shown}",
                "kiểm tra lại số")
    if indicator.kind is Kind.COUNT and value < 0:
        return (f"chỉ tiêu {indicator.code} là số đếm nên không âm, không phải {shown}",
                "kiểm tra lại số")
    return None


def _entered_decimals(cell: Any) -> int | None:
    """The decimals a value was entered with: its text's, or a number cell's format's."""
    if isinstance(cell, CellNumber):
        return cell.decimals
    return entered_decimals(cell)


def _values(table: _Table, project: Project, indicators: dict[str, Indicator],
            errors: _Collector, known_codes: set[str],
            variants: dict[tuple[str, str, str], list[Observation]]
            ) -> dict[tuple[str, str, str], Observation]:
    """The default row of each key; the other source documents' rows go to ``variants``."""
    out: dict[tuple[str, str, str], Observation] = {}
    first_row: dict[tuple[str, str, str], dict] = {}
    for i, row in table.rows():
        errors.start_row(project, row)
        if _bad_text(table, i, row, errors):
            continue
        key2 = _unit_and_indicator(table, i, row, project, indicators, errors, known_codes)
        period = errors.guard(table, i, "ky", lambda r=row: sys.intern(_period(r["ky"])))
        if period is None:
            continue
        value = errors.guard(table, i, "gia_tri", lambda r=row: parse_number(r["gia_tri"]))
        if value is not None and key2 is not None:
            problem = implausible(indicators[key2[1]], value, row["gia_tri"])
            if problem:
                errors.add(problem[0], table.location(i, "gia_tri"), problem[1])
                continue
        status = errors.guard(table, i, "trang_thai",
                              lambda r=row: _choice(r.get("trang_thai"), STATUSES, "trạng thái"))
        flag = errors.guard(table, i, "minh_hoa",
                            lambda r=row: _choice(r.get("minh_hoa"), FLAGS, "minh họa"))
        if key2 is None or value is None or status is None or flag is None:
            continue
        key = (*key2, period)
        if _repeated(first_row, key, i, errors, table.location(i, "gia_tri"),
                     f"trùng số liệu {key2[1]} của «{key2[0]}» kỳ {period}", table,
                     _text(row.get("nguon"))):
            continue
        obs = Observation(key2[0], key2[1], period, value, status,
                          _text(row.get("nguon")), _text(row.get("ghi_chu")), flag,
                          column=table.column("gia_tri"), row=table.row_number(i),
                          entered_decimals=_entered_decimals(row["gia_tri"]))
        if key in out:  # another source document's row (draftgen.sources)
            variants.setdefault(key, [out[key]]).append(obs)
        else:
            out[key] = obs
    return out


def _targets(table: _Table, project: Project, indicators: dict[str, Indicator],
             errors: _Collector, known_codes: set[str],
             variants: dict[tuple[str, str, str], list[TargetRow]]
             ) -> dict[tuple[str, str, str], TargetRow]:
    """The default row of each key; the other source documents' rows go to ``variants``."""
    out: dict[tuple[str, str, str], TargetRow] = {}
    first_row: dict[tuple[str, str, str], dict] = {}
    for i, row in table.rows():
        errors.start_row(project, row)
        if _bad_text(table, i, row, errors):
            continue
        key2 = _unit_and_indicator(table, i, row, project, indicators, errors, known_codes)
        try:
            term = sys.intern(Term.parse(_text(row["nhiem_ky"])).key)
        except ValueError:
            errors.add(f"nhiệm kỳ «{_text(row['nhiem_ky'])}» không hợp lệ",
                       table.location(i, "nhiem_ky"), "viết như «2020-2025»")
            continue
        uom = indicators[key2[1]].uom if key2 else None
        target = errors.guard(table, i, "muc_tieu",
                              lambda r=row, u=uom: parse_target(_text(r["muc_tieu"]), uom=u))
        if target is not None and key2 is not None:
            # a level in % of 1.000 or more: a thousands dot taken for the decimal comma
            for level in (target.low, target.high):
                problem = (implausible(indicators[key2[1]], level, _level_text(row, level))
                           if level is not None else None)
                if problem:
                    errors.add(problem[0], table.location(i, "muc_tieu"), problem[1])
                    target = None
                    break
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
                     f"trùng mục tiêu {key2[1]} của «{key2[0]}» nhiệm kỳ {term}", table,
                     _text(row.get("nguon"))):
            continue
        found = TargetRow(key2[0], key2[1], term, target, number, _text(row.get("dien_giai")),
                          _text(row.get("nguon")), _text(row.get("ghi_chu")), flag, result,
                          column=table.column("muc_tieu"), row=table.row_number(i))
        if key in out:  # another source document's row (draftgen.sources)
            variants.setdefault(key, [out[key]]).append(found)
        else:
            out[key] = found
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
    obs_variants: dict[tuple[str, str, str], list[Observation]] = {}
    target_variants: dict[tuple[str, str, str], list[TargetRow]] = {}
    observations = (_values(tables["gia-tri"], project, indicators, errors, known_codes,
                            obs_variants) if "gia-tri" in tables else {})
    targets = (_targets(tables["muc-tieu"], project, indicators, errors, known_codes,
                        target_variants) if "muc-tieu" in tables else {})
    errors.row = None
    attributed = {id(e.error) for found in errors.by_unit.values() for e in found}
    if not isolate_units or any(id(e) not in attributed for e in errors.errors):
        if errors.errors:
            raise DataErrors(errors.errors)
    return Dataset(project.units, indicators, observations, targets,
                   unit_errors=errors.by_unit if isolate_units else {},
                   observation_variants={k: tuple(v) for k, v in obs_variants.items()},
                   target_variants={k: tuple(v) for k, v in target_variants.items()})
