"""PDF copies of built documents, converted by LibreOffice in headless mode.

Each conversion uses its own LibreOffice profile in a temporary folder, so that several
conversions (or a LibreOffice window the user has open) do not get in each other's way.
Word footnotes stay footnotes: LibreOffice lays them out at the foot of their pages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .config import Project
from .errors import DraftgenError, OutputError

TIMEOUT = 180  # seconds for one batch of documents


def find_soffice() -> str | None:
    """The LibreOffice program, if installed (``DRAFTGEN_SOFFICE`` overrides)."""
    chosen = os.environ.get("DRAFTGEN_SOFFICE")
    if chosen:
        return chosen if shutil.which(chosen) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(documents: Iterable[Path | str], *, out_dir: Path | str | None = None,
            timeout: int = TIMEOUT) -> list[Path]:
    """Convert .docx files to PDF; each PDF goes beside its document (or into ``out_dir``).
    Return the PDF paths."""
    soffice = find_soffice()
    if soffice is None:
        raise DraftgenError(
            "không tìm thấy LibreOffice (lệnh soffice) để xuất PDF",
            hint="cài LibreOffice (https://vi.libreoffice.org; trên Debian/Ubuntu: "
                 "apt-get install libreoffice-writer) rồi chạy lại; hoặc mở tệp .docx bằng "
                 "Word và chọn Lưu thành PDF")
    by_folder: dict[Path, list[Path]] = {}
    for doc in documents:
        doc = Path(doc).resolve()
        if not doc.is_file():
            raise OutputError(f"không có văn bản «{doc}»", hint="dựng văn bản trước: draftgen build")
        by_folder.setdefault(Path(out_dir).resolve() if out_dir else doc.parent, []).append(doc)
    made: list[Path] = []
    for folder, docs in by_folder.items():
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="draftgen-lo-") as profile:
            command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                       "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                       *map(str, docs)]
            try:
                result = subprocess.run(command, capture_output=True, text=True,
                                        timeout=timeout, check=False)
            except subprocess.TimeoutExpired as exc:
                raise OutputError(f"LibreOffice không xuất xong PDF sau {timeout} giây",
                                  hint="đóng các cửa sổ LibreOffice đang mở rồi chạy lại") from exc
        for doc in docs:
            pdf = folder / f"{doc.stem}.pdf"
            if result.returncode != 0 or not pdf.is_file():
                detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
                raise OutputError(f"LibreOffice không xuất được PDF của «{doc.name}»: "
                                  f"{detail[0]}", hint="mở tệp bằng LibreOffice để xem lỗi")
            made.append(pdf)
    return made


def built_documents(project: Project, documents: Iterable[str] | None = None,
                    units: Iterable[str] | None = None) -> list[Path]:
    """The built .docx of a project (not the .moi / .thay-doi copies), optionally only some
    documents or units. A document or unit the project does not have is an error (with the
    closest name), not an empty list."""
    wanted_docs = set(documents) if documents else None
    wanted_units = set(units) if units else None
    for name in sorted(wanted_docs or ()):
        project.document(name)
    project.require_units(wanted_units or ())
    out: list[Path] = []
    for spec in project.documents:
        if wanted_docs is not None and spec.name not in wanted_docs:
            continue
        for unit in project.select_units(spec.units):
            if wanted_units is not None and unit.code not in wanted_units:
                continue
            path = project.output_dir / spec.name / f"{unit.code}.docx"
            if path.is_file():
                out.append(path)
    return out
