"""PDF export through LibreOffice: footnotes stay at the foot of their pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from projectkit import make_template

from draftgen.build import build
from draftgen.cli import main
from draftgen.errors import DraftgenError
from draftgen.pdf import convert, find_soffice

needs_soffice = pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                                   reason="LibreOffice (soffice) or pdftotext is not installed")
FILLER = "Đoạn văn dài để đẩy chú thích sang trang sau của văn bản. " * 8


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")


@needs_soffice
def test_the_pdf_keeps_each_footnote_on_the_page_of_its_mark(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", [
        "Trang đầu{{ fn('Chú thích ở trang đầu.') }} của {{ unit.committee }}.",
        *[FILLER] * 12,
        "Trang sau{{ fn('Chú thích ở trang sau.') }} vẫn tiếp tục.",
    ])
    assert build(mini_project, units=["huyen-b"]).ok
    result = CliRunner().invoke(main, ["pdf", "-p", str(mini_project), "-u", "huyen-b"])
    assert result.exit_code == 0, result.output
    pdf = mini_project / "ra" / "bao-cao" / "huyen-b.pdf"
    assert f"✓ {pdf}" in result.output
    pages = _page_texts(pdf)
    first = next(i for i, p in enumerate(pages) if "Chú thích ở trang đầu." in p)
    second = next(i for i, p in enumerate(pages) if "Chú thích ở trang sau." in p)
    assert "Trang đầu" in pages[first] and "Trang sau" in pages[second]
    assert second > first  # each note at the foot of its own page, not gathered at the end
    assert pages[first].index("Trang đầu") < pages[first].index("Chú thích ở trang đầu.")


def test_without_libreoffice_the_message_says_what_to_do(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTGEN_SOFFICE", "khong-co-chuong-trinh-nay")
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"")
    with pytest.raises(DraftgenError) as caught:
        convert([doc])
    assert str(caught.value).startswith("không tìm thấy LibreOffice (lệnh soffice) để xuất PDF")
    assert "cài LibreOffice" in str(caught.value)


def test_pdf_before_any_build_says_to_build(mini_project: Path) -> None:
    result = CliRunner().invoke(main, ["pdf", "-p", str(mini_project)])
    assert result.exit_code == 2
    assert "chưa có văn bản nào đã dựng" in result.output


def test_pdf_of_an_unknown_unit_says_the_unit_does_not_exist(mini_project: Path) -> None:
    result = CliRunner().invoke(main, ["pdf", "-p", str(mini_project), "-u", "huyen-bb"])
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: không có đơn vị huyen-bb → có phải ý bạn là «huyen-b»?")
    assert "«draftgen units»" in result.output
    assert "chưa có văn bản nào đã dựng" not in result.output


def test_pdf_of_an_unknown_document_says_the_document_does_not_exist(mini_project: Path) -> None:
    result = CliRunner().invoke(main, ["pdf", "-p", str(mini_project), "-d", "khong-co"])
    assert result.exit_code == 2
    assert "Lỗi: không có văn bản «khong-co» trong draftgen.toml" in result.output
    assert "chưa có văn bản nào đã dựng" not in result.output


@pytest.mark.parametrize("command", ["build", "pdf", "phieu"])
def test_every_command_names_an_unknown_unit_with_the_closest(mini_project: Path,
                                                              command: str) -> None:
    result = CliRunner().invoke(main, [command, "-p", str(mini_project), "-u", "huyen-bb"])
    assert result.exit_code != 0
    assert "không có đơn vị" in result.output and "huyen-bb" in result.output, result.output
    assert "có phải ý bạn là «huyen-b»?" in result.output, result.output
