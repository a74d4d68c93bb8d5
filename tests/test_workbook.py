"""The sample data shipped as an Excel workbook says what the CSV files say."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook
from projectkit import SAMPLE

from draftgen.config import load_project
from draftgen.loader import load_dataset


def _load(project_dir: Path, data: str):
    config = project_dir / "draftgen.toml"
    text = config.read_text(encoding="utf-8").replace('data = "chi-tieu"', f'data = "{data}"')
    config.write_text(text, encoding="utf-8")
    return load_dataset(load_project(project_dir))


def test_the_shipped_workbook_equals_the_csv_files(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "mau")
    from_csv = load_dataset(load_project(tmp_path / "mau"))
    from_xlsx = _load(tmp_path / "mau", "chi-tieu.xlsx")
    assert from_xlsx.indicators == from_csv.indicators
    assert from_xlsx.observations == from_csv.observations
    assert from_xlsx.targets == from_csv.targets
    assert len(from_csv.observations) > 400


def test_the_workbook_is_laid_out_for_people(tmp_path: Path) -> None:
    book = load_workbook(SAMPLE / "chi-tieu.xlsx")
    assert book.sheetnames == ["danh-muc", "gia-tri", "muc-tieu"]
    values = book["gia-tri"]
    assert values.freeze_panes == "A2" and values["A1"].font.bold
    assert values.column_dimensions["B"].width > 15
    row = next(r for r in values.iter_rows(min_row=2)
               if r[0].value == "lang-son" and r[1].value == "TY_TRONG_NONG_LAM")
    assert row[3].value == 20.83 and row[3].number_format == "#,##0.00"
