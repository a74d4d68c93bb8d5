"""Helpers for tests of entry forms: find a form's cells, fill them as a unit would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from draftgen.forms import FIRST_PERIOD_COLUMN, FIRST_ROW, FORM_SHEET, HEADER_ROW


def cell_of(ws, code: str, column: str) -> str:
    """The reference of a form's cell: the row of an indicator code, the column whose
    header is ``column`` ("2020", "2016-2020", "Trạng thái", "Nguồn", "Ghi chú")."""
    row = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 2).value == code)
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
