"""The sample project built once per test module: its two political reports with the
template's own sentences from the data (the whole-section content files left out)."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from draftgen.build import build

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["bao-cao-chinh-tri-2015-2020", "bao-cao-chinh-tri-2020-2025"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def copy_sample(dest: Path) -> Path:
    """The sample project (data/ and the report template) copied under ``dest``."""
    shutil.copytree(ROOT / "data", dest / "data")
    (dest / "templates").mkdir()
    shutil.copy(ROOT / "templates" / "bao-cao-chinh-tri.docx", dest / "templates")
    return dest / "data"


# Content files in which a unit writes a whole section itself (tests/test_report_coverage.py):
# left out here so that these tests see the template's own sentences from the data.
WHOLE_SECTIONS = ("ket-qua-chu-yeu.md", "boi-canh-nhiem-ky.md")


def build_sample(root: Path) -> Path:
    """Build the two political reports of the sample copied under ``root``; the output folder."""
    project = copy_sample(root)
    for name in WHOLE_SECTIONS:
        for path in (project / "noi-dung").rglob(name):
            path.unlink()
    report = build(project, documents=DOCS)
    assert report.ok, [r.error for r in report.failed]
    return root / "output"


def doc(built: Path, document: str, unit: str):
    return Document(built / document / f"{unit}.docx")


def body(d) -> str:
    return "\n".join(p.text for p in d.paragraphs)
