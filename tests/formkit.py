"""Helpers for tests of entry forms: find a form's cells, fill them as a unit would, a
project with a qualitative target."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from draftgen.forms import FIRST_PERIOD_COLUMN, FIRST_ROW, FORM_SHEET, HEADER_ROW, RESULT_COLUMN

RESULT = "Kết quả"


def cell_of(ws, code: str, column: str) -> str:
    """The reference of a form's cell: the row of an indicator code, the column whose
    header is ``column`` ("2020", "2016-2020", "Trạng thái", "Nguồn", "Ghi chú"); with
    ``column="Kết quả"``, the result cell of the code's qualitative target."""
    rows = [r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 2).value == code]
    if column == RESULT:
        header = next(r for r in range(FIRST_ROW, ws.max_row + 1)
                      if ws.cell(r, RESULT_COLUMN).value == RESULT)
        return ws.cell(next(r for r in rows if r > header), RESULT_COLUMN).coordinate
    row = rows[0]
    for col in range(FIRST_PERIOD_COLUMN, ws.max_column + 1):
        header = str(ws.cell(HEADER_ROW, col).value)
        if header.replace(" - ", "-").endswith(column) or header.startswith(column):
            return ws.cell(row, col).coordinate
    raise KeyError(column)


def fill(path: Path, values: dict[tuple[str, str], object], *, person: str | None = None,
         save_as: Path | None = None) -> dict[tuple[str, str], str]:
    """Fill a form; return the reference of each cell filled."""
    wb = load_workbook(path)
    ws = wb[FORM_SHEET]
    where = {}
    for (code, column), value in values.items():
        ref = cell_of(ws, code, column)
        ws[ref] = value
        where[(code, column)] = ref
    if person is not None:
        ws["C4"] = person
    wb.save(save_as or path)
    return where


PLAN_WORDING = "Hoàn thành lập quy hoạch huyện thời kỳ 2021 - 2030."


def with_qualitative(project: Path) -> Path:
    """The mini project with a qualitative target of huyện B (no ket_qua column yet) and a
    template line that prints its result."""
    catalogue = project / "chi-tieu" / "danh-muc.csv"
    catalogue.write_text(catalogue.read_text(encoding="utf-8")
                         + "QUY_HOACH,Lập quy hoạch huyện,nhiệm vụ,kinh tế,quy hoạch,số đếm,0,"
                           "tăng,,không\n", encoding="utf-8")
    targets = project / "chi-tieu" / "muc-tieu.csv"
    targets.write_text(targets.read_text(encoding="utf-8")
                       + f"huyen-b,QUY_HOACH,2015-2020,định tính,2,{PLAN_WORDING},,,\n",
                       encoding="utf-8")
    template = project / "mau" / "bao-cao.docx"
    doc = Document(str(template))
    doc.add_paragraph("{% for t in targets.rows %}{% if t.qualitative %}Mục tiêu định tính: "
                      "{{ t.wording }} Kết quả: {{ t.verdict }}.{% endif %}{% endfor %}")
    doc.save(str(template))
    return project
