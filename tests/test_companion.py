"""The workbook kept beside a CSV data folder: figures typed into it, when the project reads
the CSV files, are told of by the build and the check, not silently left out."""

from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner

from draftgen.build import build, check
from draftgen.cli import main
from draftgen.companion import TABLES, edited_companion
from draftgen.config import load_project
from draftgen.loader import SHEETS


def _companion(project_dir: Path, after: float) -> Path:
    """A workbook beside the data folder, saved ``after`` seconds after its newest table."""
    newest = max(os.stat(project_dir / "chi-tieu" / f"{t}.csv").st_mtime for t in TABLES)
    path = project_dir / "chi-tieu.xlsx"
    path.write_bytes(b"PK")  # never read: only where it is and when it was saved
    os.utime(path, (newest + after, newest + after))
    return path


def test_the_tables_are_the_loaders_sheets() -> None:
    assert TABLES == tuple(SHEETS)


def test_a_workbook_written_with_the_tables_is_no_edit(mini_project: Path) -> None:
    project = load_project(mini_project / "draftgen.toml")
    assert edited_companion(project) is None  # none beside the folder
    _companion(mini_project, 5)  # a clone, «draftgen thu-thap»: written together
    assert edited_companion(project) is None


def test_a_workbook_saved_after_the_tables_is_told_of(mini_project: Path) -> None:
    _companion(mini_project, 600)
    project = load_project(mini_project / "draftgen.toml")
    warning = edited_companion(project)
    assert warning is not None
    assert warning.startswith("chi-tieu.xlsx được lưu sau các tệp CSV trong chi-tieu/")
    assert "sửa số liệu trong chi-tieu/*.csv" in warning
    assert 'đặt data = "chi-tieu.xlsx" trong draftgen.toml' in warning
    assert build(project).warnings == [warning]
    again = build(project)  # nothing to do: still said
    assert again.up_to_date and again.warnings == [warning]
    assert warning in check(project, trial=False).warnings
    result = CliRunner().invoke(main, ["-p", str(mini_project), "build"])
    assert result.exit_code == 0
    assert f"Cảnh báo: {warning}" in result.output
    # the tables saved again after it: the workbook is the older copy, nothing to say
    later = time.time() + 1200
    for table in TABLES:
        os.utime(mini_project / "chi-tieu" / f"{table}.csv", (later, later))
    assert edited_companion(project) is None
