"""Previews of a built document: its pages as images (LibreOffice → PDF → PNG, where
both are installed), else its text outline (headings and first lines, by python-docx).

Page images are cached by the document's hash in ``output/.draftgen/xem/``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import DraftgenError
from ..manifest import STATE_DIR
from ..writer import file_sha256

CACHE = "xem"
MAX_PAGES = 12
RESOLUTION = 60


def can_render() -> bool:
    from ..pdf import find_soffice

    return find_soffice() is not None and shutil.which("pdftoppm") is not None


def _number(path: Path) -> int:
    return int(path.stem.rpartition("-")[2])


def page_images(output_dir: Path, docx: Path) -> list[Path]:
    """The pages of ``docx`` as PNG files (the first :data:`MAX_PAGES`), made once per
    version of the document; a :class:`DraftgenError` when they cannot be made."""
    from ..pdf import convert

    cache = output_dir / STATE_DIR / CACHE / file_sha256(docx)[:32]
    if (cache / "xong").is_file():
        return sorted(cache.glob("trang-*.png"), key=_number)
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="draftgen-xem-") as tmp:
        copy = Path(tmp) / "van-ban.docx"
        shutil.copyfile(docx, copy)
        pdf = convert([copy], out_dir=Path(tmp) / "pdf", timeout=120)[0]
        try:
            subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-l", str(MAX_PAGES),
                            str(pdf), str(cache / "trang")], check=True, capture_output=True,
                           timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DraftgenError("không chuyển được PDF thành ảnh (pdftoppm)",
                                hint="cài poppler-utils, hoặc xem dàn ý văn bản") from exc
    (cache / "xong").write_text("", encoding="utf-8")
    return sorted(cache.glob("trang-*.png"), key=_number)


@dataclass(frozen=True)
class OutlineLine:
    heading: bool
    text: str


def outline(docx: Path, *, limit: int = 400, width: int = 240) -> list[OutlineLine]:
    """The headings and the first words of each paragraph of ``docx``."""
    from docx import Document

    out: list[OutlineLine] = []
    for para in Document(str(docx)).paragraphs:
        text = " ".join(para.text.split())
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        runs = [r for r in para.runs if r.text.strip()]
        heading = (style.lower().startswith(("heading", "title", "tiêu đề"))
                   or (len(text) < 120 and text.upper() == text and any(c.isalpha() for c in text))
                   or (bool(runs) and all(r.bold for r in runs) and len(text) < 160))
        out.append(OutlineLine(heading, text if len(text) <= width else text[:width] + " …"))
        if len(out) >= limit:
            break
    return out
