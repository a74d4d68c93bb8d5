"""Read one data table from a CSV file or an Excel sheet, refusing what would be misread.

Each reader gives a :class:`Sheet`: the header, the rows of cells, and for each row the
line (CSV) or row (Excel) the user sees, so that every later message names the right place.
A problem of the whole file (empty, not UTF-8, not a workbook, a hidden sheet, merged cells,
formulas without a value) is one :class:`~draftgen.errors.DataError` naming the file and
what to do — never a traceback, never a cascade of errors on every row.

CSV: UTF-8 with or without BOM; columns separated by commas, or by semicolons or tabs (as
Excel writes "CSV" with some regional settings) when the header has no comma. Blank lines
above the header are skipped.

Excel (.xlsx): read with openpyxl, which keeps what pandas loses: percent formats (a cell
showing 71,08% holds 0,7108 and is read as 71,08), merged ranges, hidden sheets, rows and
columns, and formulas whose value was never computed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from .errors import DataError, Location

CSV_HINT = "trong Excel chọn Lưu thành (Save As) → «CSV UTF-8 (Comma delimited) (*.csv)»"
HEADER_SEARCH = 20  # rows looked at to find the header under titles or blank rows


class FileProblem(Exception):
    """A table that cannot be read at all: one error for the whole file or sheet."""

    def __init__(self, error: DataError):
        super().__init__(str(error))
        self.error = error


@dataclass
class Sheet:
    """One table as read: header cells, rows of cells, and where each row stands."""

    header: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]  # user-visible line (CSV) or row (Excel) of each row
    header_row: int = 1
    problems: list[DataError] = field(default_factory=list)  # rows that could not be read


def find_header(rows: list[list[Any]], required: list[str], key) -> int:
    """Index of the header row: the first of the first rows that has every required column,
    else the first row that is not blank.

    >>> find_header([["", ""], ["Bảng giá trị", ""], ["don_vi", "ky"]], ["don_vi"], str)
    2
    >>> find_header([[None], ["x"]], ["don_vi"], str)
    1
    """
    first = None
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        cells = [c for c in row if c is not None and str(c).strip()]
        if not cells:
            continue
        if first is None:
            first = index
        if set(required) <= {key(c) for c in cells}:
            return index
    return first if first is not None else 0


def _fail(message: str, location: Location, hint: str) -> FileProblem:
    return FileProblem(DataError(message, location=location, hint=hint))


def read_csv(path: Path, shown: str, required: list[str], key) -> Sheet:
    """Read a CSV table; ``key`` normalises a header cell to compare with ``required``."""
    loc = Location(file=shown)
    data = path.read_bytes()
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _fail("tệp trống, không có dòng tiêu đề", loc,
                    "tệp cần một dòng tiêu đề và các dòng số liệu (xem docs/du-lieu.md)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(f"tệp không phải mã UTF-8 (byte lạ ở dòng {line}; có thể là mã Windows "
                    "1258 hoặc TCVN3)", loc, CSV_HINT) from None
    first_line = next((ln for ln in text.splitlines() if ln.strip(" ,;\t")), "")
    delimiter = ","
    if "," not in first_line:
        delimiter = max(";\t", key=first_line.count)
        if first_line.count(delimiter) == 0:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    records: list[list[str]] = []
    numbers: list[int] = []
    line = 0
    for record in reader:
        numbers.append(line + 1)  # the record starts on the line after the last one read
        records.append(record)
        line = reader.line_num
    head = find_header(records, required, key)
    header = [c.strip() for c in records[head]]
    sheet = Sheet(header, [], [], header_row=numbers[head])
    for record, number in zip(records[head + 1:], numbers[head + 1:]):
        if len(record) > len(header):
            sheet.problems.append(DataError(
                f"dòng có {len(record)} ô, nhiều hơn {len(header)} cột của dòng tiêu đề",
                location=Location(file=shown, row=number),
                hint="ô có dấu phẩy (như «7,16») phải đặt trong ngoặc kép: \"7,16\"; "
                     "Excel tự làm việc này khi lưu CSV"))
            continue
        sheet.rows.append(record + [""] * (len(header) - len(record)))
        sheet.row_numbers.append(number)
    return sheet


@dataclass
class Workbook:
    """An Excel workbook opened twice: cached values with formats, and formulas."""

    path: Path
    shown: str
    values: Any  # openpyxl workbook, data_only
    formulas: Any  # openpyxl workbook, read-only with formulas; None: the book has none

    @property
    def sheetnames(self) -> list[str]:
        return list(self.values.sheetnames)

    def close(self) -> None:
        if self.formulas is not None:
            self.formulas.close()


def open_workbook(path: Path, shown: str) -> Workbook:
    from openpyxl import load_workbook

    loc = Location(file=shown)
    if path.stat().st_size == 0:
        raise _fail("tệp Excel trống (0 byte)", loc, "chép lại tệp Excel có số liệu")
    if not zipfile.is_zipfile(path):
        raise _fail("tệp không phải tệp Excel .xlsx", loc,
                    "mở tệp bằng Excel và lưu lại dạng «Excel Workbook (*.xlsx)»")
    try:
        with zipfile.ZipFile(path) as archive:  # a second reading only for formulas
            has_formulas = any(b"<f" in archive.read(n) for n in archive.namelist()
                               if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        values = load_workbook(path, data_only=True)
        formulas = (load_workbook(path, data_only=False, read_only=True) if has_formulas
                    else None)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _fail(f"không mở được tệp Excel ({type(exc).__name__})", loc,
                    "mở tệp bằng Excel, kiểm tra và lưu lại dạng «Excel Workbook (*.xlsx)»"
                    ) from None
    return Workbook(path, shown, values, formulas)


class CellNumber(float):
    """A number cell's value with the decimals its number format shows (``decimals``; None
    when the format fixes none, or hides digits the cell holds): a number cell has no typed
    text, so its format says the precision it was entered with."""

    decimals: int | None

    def __new__(cls, value: float, decimals: int | None) -> CellNumber:
        number = super().__new__(cls, value)
        number.decimals = decimals
        return number


_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def format_decimals(number_format: str | None) -> int | None:
    """The decimals a spreadsheet number format fixes: ``#,##0.00`` → 2, ``0.0%`` → 1,
    ``#,##0`` → 0; None for ``General`` or a format whose decimals are optional (``0.##``).

    >>> format_decimals("#,##0.00"), format_decimals("0.0%"), format_decimals("#,##0")
    (2, 1, 0)
    >>> format_decimals("General") is None, format_decimals("0.0#") is None
    (True, True)
    """
    code = _QUOTED.sub("", (number_format or "").split(";", 1)[0])
    if not re.search(r"[0#?]", code):
        return None
    match = re.search(r"\.([0#?]+)", code)
    if match is None:
        return 0
    places = match.group(1)
    return len(places) if set(places) == {"0"} else None


def _cell_value(cell) -> Any:
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number_format = cell.number_format or ""
        if "%" in number_format:
            # shown as 71,08% and stored as 0,7108: the user means 71,08
            value = float(Decimal(repr(float(value))) * 100)
        places = format_decimals(number_format)
        if places is not None and round(float(value), places) != float(value):
            places = None  # the format hides digits the cell holds: not a precision
        return CellNumber(value, places)
    return value


def read_sheet(book: Workbook, name: str, required: list[str], key) -> Sheet:
    """Read one sheet; refuse a hidden sheet, merged cells or hidden rows and columns in
    the data, and formulas without a computed value."""
    ws = book.values[name]
    loc = Location(file=book.shown, sheet=name)
    if ws.sheet_state != "visible":
        raise _fail(f"sheet «{name}» đang bị ẩn", loc,
                    "số liệu trong sheet ẩn có thể là số cũ: bỏ ẩn sheet (chuột phải vào tên "
                    "sheet → Bỏ ẩn) nếu đúng là số liệu cần dùng")
    width = ws.max_column
    grid = [[_cell_value(c) for c in row]
            for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=width)]
    head = find_header(grid, required, key)
    header_row = head + 1
    for merged in sorted(ws.merged_cells.ranges, key=str):
        min_col, min_row, max_col, max_row = range_boundaries(str(merged))
        if max_row >= header_row:
            raise _fail(f"vùng ô gộp {merged} trong bảng số liệu", loc,
                        "bỏ gộp ô (Merge & Center → Unmerge Cells) và ghi giá trị vào từng ô")
    for index in range(header_row, ws.max_row + 1):
        dim = ws.row_dimensions.get(index)
        if dim is not None and dim.hidden and any(v is not None for v in grid[index - 1]):
            raise _fail(f"dòng {index} đang bị ẩn", loc,
                        "bỏ ẩn dòng (chọn các dòng → chuột phải → Unhide) và kiểm tra số liệu")
    for letter, dim in ws.column_dimensions.items():
        if dim.hidden:
            low, high = (dim.min or 1), (dim.max or 1)
            if any(row[c - 1] is not None for row in grid[head:] for c in range(low, high + 1)
                   if c <= width):
                raise _fail(f"cột {letter} đang bị ẩn", loc,
                            "bỏ ẩn cột (chọn các cột → chuột phải → Unhide) và kiểm tra số liệu")
    _formulas_without_value(book, name, grid, header_row, loc)
    header = ["" if v is None else str(v).strip() for v in grid[head]]
    rows = grid[head + 1:]
    return Sheet(header, rows, list(range(header_row + 1, header_row + 1 + len(rows))),
                 header_row=header_row)


def _formulas_without_value(book: Workbook, name: str, grid: list[list[Any]], header_row: int,
                            loc: Location) -> None:
    if book.formulas is None:
        return
    ws = book.formulas[name]
    for r, row in enumerate(ws.iter_rows(min_row=header_row, values_only=True),
                            start=header_row):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("=") and r - 1 < len(grid) and \
                    c - 1 < len(grid[r - 1]) and grid[r - 1][c - 1] is None:
                raise _fail(f"ô {get_column_letter(c)}{r} có công thức {value} nhưng chưa có "
                            "giá trị đã tính", loc,
                            "mở tệp bằng Excel rồi lưu lại để Excel tính và lưu giá trị; "
                            "hoặc thay công thức bằng số")
