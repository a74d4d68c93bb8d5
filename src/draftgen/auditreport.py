"""The audit report for editors: a Markdown file and an .xlsx sheet they can filter.

Both list every finding with its severity, rule, unit, indicator, periods, cells, the
figures, the computed figure, what is wrong and what to do. Written deterministically
(same findings, same bytes) and atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from .audit import AuditReport, Finding
from .formatting import format_number
from .oxml.archive import read_entries, write_zip
from .writer import atomic_write

REPORT_STEM = "kiem-tra-so-lieu"
HEADERS = ("STT", "Mức", "Quy tắc", "Đơn vị", "Chỉ tiêu", "Kỳ", "Ô số liệu", "Số liệu",
           "Số tính lại", "Nội dung", "Cách xử lý", "Đã chấp nhận (lý do)")
_WIDTHS = (6, 10, 18, 14, 28, 16, 40, 24, 12, 80, 50, 50)
_FIXED_TIME = dt.datetime(2000, 1, 1)


def _figures(f: Finding) -> str:
    return "; ".join(format_number(v) for v in f.values)


def _computed(f: Finding) -> str:
    return "" if f.computed is None else format_number(f.computed)


def _row(i: int, f: Finding) -> tuple[str, ...]:
    return (str(i), f.severity, f.rule, f.unit, ", ".join(f.indicators or (f.indicator,)),
            f.period, f.where(), _figures(f), _computed(f), f.message, f.hint, f.accepted)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: AuditReport) -> str:
    """The report as Markdown: a summary, then one table row per finding."""
    lines = [f"# Kiểm tra số liệu — {report.project}", "", report.summary(), "",
             "Quy tắc, sai số cho phép và cách xử lý: docs/kiem-tra-so-lieu.md. Việc kiểm tra "
             "không sửa số liệu; điểm đã xem xét và chấp nhận ghi trong tệp kiem-tra-so-lieu.toml "
             "của dự án.", ""]
    if not report.findings:
        lines.append("Không có điểm nào cần xem lại.")
        return "\n".join(lines) + "\n"
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "---|" * len(HEADERS))
    for i, f in enumerate(report.findings, start=1):
        lines.append("| " + " | ".join(_md_cell(c) for c in _row(i, f)) + " |")
    return "\n".join(lines) + "\n"


def render_xlsx(report: AuditReport) -> bytes:
    """The report as one sheet «kiem-tra»: bold frozen header, an autofilter on every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "kiem-tra"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for i, f in enumerate(report.findings, start=1):
        row = list(_row(i, f))
        row[0] = i  # type: ignore[call-overload]
        sheet.append(row)
    for col, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 1)}"
    book.properties.creator = "draftgen"
    book.properties.created = _FIXED_TIME
    book.properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue())


def _fixed(data: bytes) -> bytes:
    """The workbook with fixed zip timestamps and a fixed «modified» date (openpyxl writes
    the time of saving): the same findings give the same bytes."""
    entries = read_entries(data)
    core = "docProps/core.xml"
    if core in entries:
        entries[core] = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*",
                               rb"\g<1>2000-01-01T00:00:00Z", entries[core])
    return write_zip(entries.items())


def write_reports(report: AuditReport, folder: Path) -> tuple[Path, Path]:
    """Write ``kiem-tra-so-lieu.md`` and ``.xlsx`` into ``folder``; return both paths."""
    md = Path(folder) / f"{REPORT_STEM}.md"
    xlsx = Path(folder) / f"{REPORT_STEM}.xlsx"
    atomic_write(md, render_markdown(report).encode("utf-8"))
    atomic_write(xlsx, render_xlsx(report))
    return md, xlsx
