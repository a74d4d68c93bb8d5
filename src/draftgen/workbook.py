"""The data tables (a folder of CSV files) written as one Excel workbook with the sheets
``danh-muc``, ``gia-tri`` and ``muc-tieu``, for the people who open the data in Excel.

Values become number cells (shown the Vietnamese way by a Vietnamese Excel, with the decimals
they were written with: ``7,8`` as 7,8 and ``30,90`` as 30,90); everything else
stays text as written, so that the loader reads the workbook exactly as it reads the CSVs.

``draftgen thu-thap`` writes the companion workbook of a CSV data folder again after a merge
(:func:`draftgen.collect.companion_workbook`); by hand::

    python -m draftgen.workbook THƯ_MỤC_CSV TỆP.xlsx
"""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .formatting import entered_decimals
from .loader import SHEETS, header_key
from .parsing import parse_number

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_INTEGERS = {"so_le", "stt"}
_WIDEST = 60


def _number_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.reader(fh)]


def data_workbook(csv_dir: Path | str) -> Workbook:
    """The workbook of a CSV data folder (not yet saved)."""
    folder = Path(csv_dir)
    tables = {name: _read(folder / f"{name}.csv") for name in SHEETS}
    wb = Workbook()
    wb.remove(wb.active)
    for name in SHEETS:
        rows = tables[name]
        ws = wb.create_sheet(name)
        keys = [header_key(h) for h in rows[0]]
        ws.append(rows[0])
        for cell in ws[1]:
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            cell.alignment = Alignment(vertical="center")
        widths = [len(h) for h in rows[0]]
        for row in rows[1:]:
            if not any(field.strip() for field in row):
                continue
            values: list[object] = []
            for key, text in zip(keys, row):
                if key == "gia_tri" and text.strip():
                    values.append(parse_number(text))
                elif key in _INTEGERS and text.strip().isdigit():
                    values.append(int(text))
                else:
                    values.append(text if text != "" else None)
            ws.append(values)
            if "gia_tri" in keys and row[keys.index("gia_tri")].strip():
                # shown with the decimals it was written with ("7,8", "30,90"): the loader
                # reads a number cell's precision from its format (draftgen.readers)
                ws.cell(ws.max_row, keys.index("gia_tri") + 1).number_format = _number_format(
                    entered_decimals(row[keys.index("gia_tri")]) or 0)
            widths = [max(w, len(t)) for w, t in zip(widths, row)]
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(width + 2, _WIDEST)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    moment = _dt.datetime(2020, 1, 1)  # fixed: the same tables give the same workbook
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = "draftgen"
    return wb


def write_data_workbook(csv_dir: Path | str, out: Path | str) -> Path:
    """Write the workbook of a CSV data folder to ``out`` (through a temporary file)."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.tmp")
    data_workbook(csv_dir).save(tmp)
    tmp.replace(out)
    return out


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3:
        sys.exit("cách dùng: python -m draftgen.workbook THƯ_MỤC_CSV TỆP.xlsx")
    print(write_data_workbook(sys.argv[1], sys.argv[2]))
