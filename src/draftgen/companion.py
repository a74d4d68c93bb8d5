"""The workbook kept beside a CSV data folder (the sample's ``chi-tieu.xlsx`` beside
``chi-tieu/``), for the people who open the data in Excel: where it is, and whether it was
saved after the tables the project reads, so that figures typed into it do not go unseen.

The project reads the CSV files; the workbook is a copy (:mod:`draftgen.workbook` writes it,
``draftgen thu-thap`` writes it again after a merge). A copy saved well after every table was
is a copy someone edited: the build and the check say so, they do not read it.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import Project

#: Seconds by which the workbook must be newer than every table: the tables and the
#: workbook written by one command (a clone, ``draftgen thu-thap``) are not an edit.
EDIT_MARGIN = 60.0

TABLES = ("danh-muc", "gia-tri", "muc-tieu")


def companion_path(project: Project) -> Path | None:
    """``<folder>.xlsx`` beside the project's CSV data folder, when there is one."""
    folder = project.data_path
    path = folder.with_name(folder.name + ".xlsx")
    return path if folder.is_dir() and path.is_file() else None


def edited_companion(project: Project) -> str | None:
    """The warning for a companion workbook saved after every table of the folder (by more
    than :data:`EDIT_MARGIN`), else None."""
    path = companion_path(project)
    if path is None:
        return None
    try:
        saved = os.stat(path).st_mtime
        tables = [os.stat(project.data_path / f"{name}.csv").st_mtime for name in TABLES
                  if (project.data_path / f"{name}.csv").is_file()]
    except OSError:
        return None
    if not tables or saved <= max(tables) + EDIT_MARGIN:
        return None
    folder = _shown(project, project.data_path)
    return (f"{_shown(project, path)} được lưu sau các tệp CSV trong {folder}/, nhưng dự án "
            f"đọc số liệu từ các tệp CSV đó (khóa data trong [project]): số sửa trong sổ Excel "
            f"không vào văn bản → sửa số liệu trong {folder}/*.csv; nếu sổ Excel là bản chính, "
            f"đặt data = \"{path.name}\" trong draftgen.toml")


def _shown(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)
