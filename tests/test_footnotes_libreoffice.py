"""A report with more than 100 footnotes, laid out by LibreOffice: notes at the foot of pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from footnotekit import build_template, context, make_template_with_footnotes, render

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice and poppler are needed",
)


NOTE_START = re.compile(r"(Năm 2020|Số liệu|Ghi chú)")


def to_pdf_pages(docx_path: Path, tmp_path: Path) -> list[str]:
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: other soffice runs may be open
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    text = subprocess.run(
        ["pdftotext", "-raw", str(docx_path.with_suffix(".pdf")), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")


def test_120_footnotes_stand_at_the_foot_of_their_pages(tmp_path: Path):
    template = tmp_path / "mau.docx"
    build_template(template, notes=120)
    out = tmp_path / "bao-cao.docx"
    assert render(template, out, context()) == 120
    pages = [page for page in to_pdf_pages(out, tmp_path) if page.strip()]
    assert len(pages) > 10
    numbers_seen = []
    for page in pages:
        lines = page.splitlines()
        # pdftotext -raw puts a note's number on its own line, then the note's text
        notes = [
            i
            for i, line in enumerate(lines[:-1])
            if line.strip().isdigit() and NOTE_START.match(lines[i + 1])
        ]
        if not notes:
            continue
        body = "\n".join(lines[: notes[0]])
        for i in notes:
            number = int(lines[i])
            numbers_seen.append(number)
            # its reference mark is in the body text of the same page, above the notes
            assert re.search(rf"(rệt|%|chính){number}\b", body), (number, body[-300:])
    assert numbers_seen == list(range(1, 121))


def test_template_footnotes_pair_with_their_marks(tmp_path: Path):
    out = tmp_path / "ra.docx"
    render(
        make_template_with_footnotes(tmp_path),
        out,
        {"year": 2020, "xs": ["A", "B"], "false": False},
    )
    lines = [line.strip() for line in to_pdf_pages(out, tmp_path)[0].splitlines()]
    start = lines.index("1")
    assert lines[start:] == [
        "1", "Mới một",
        "2", "Số liệu năm 2020.",
        "3", "Số liệu năm 2020.",
        "4", "Lặp A",
        "5", "Số liệu năm 2020.",
        "6", "Lặp B",
        "7", "Cuối",
    ]  # fmt: skip
