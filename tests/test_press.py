"""The press article (seed 002): title, the lead in bold, the leader's words from the content
file, figures from the data as the article gives them, the byline; short, no Party header."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from projectkit import SAMPLE
from seedtext import seed_line

from draftgen.build import Builder, Job
from draftgen.config import load_project

DOCUMENT = "tin-bai-2023"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def article() -> bytes:
    builder = Builder(load_project(SAMPLE / "draftgen.toml"))
    project = builder.project
    return builder.render(Job(project.document(DOCUMENT), project.units["lang-son"]))


def paragraphs(data: bytes) -> list:
    return [p for p in Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def test_the_template_is_generated_by_its_tool(tmp_path):
    out = tmp_path / "tin-bai.docx"
    subprocess.run([sys.executable, str(REPO / "tools" / "make_press_template.py"), str(out)],
                   check=True, capture_output=True)
    assert Document(str(out)).paragraphs


def test_shape_of_the_article(article):
    paras = paragraphs(article)
    texts = [p.text for p in paras]
    assert texts[0] == "Xây dựng Đảng"
    title = [p for p in paras if p.style.name == "Title"]
    assert [p.text for p in title] == [seed_line("002:3")]
    # the lead (sapo) in bold, word for word the seed's
    sapo = paras[3]
    assert sapo.text == seed_line("002:7")
    assert all(r.bold for r in sapo.runs if r.text.strip())
    assert texts[4] == seed_line("002:11") and texts[4].startswith("TTXVN - ")
    heads = [p.text for p in paras if p.style.name.startswith("Heading")]
    assert heads == ["Kết quả nổi bật", "Đồng bộ giải pháp phát triển kinh tế - xã hội"]
    assert texts[-1] == "PV"
    assert paras[-1].alignment is not None  # right-aligned byline
    doc = Document(io.BytesIO(article))
    assert not doc.tables  # no Party or state header block
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in "\n".join(texts)


def test_quotes_from_the_content_file(article):
    texts = [p.text for p in paragraphs(article)]
    quote = next(t for t in texts if "Nguyễn Quốc Đoàn cho biết" in t)
    assert quote == seed_line("002:15")
    second = next(t for t in texts if t.startswith("Xác định công tác xây dựng Đảng"))
    assert second == seed_line("002:17")
    assert next(t for t in texts if t.startswith("Bí thư Tỉnh ủy Lạng Sơn thông tin")) \
        == seed_line("002:35")


@pytest.mark.parametrize("phrase, ref", [
    ("Tốc độ tăng trưởng kinh tế bình quân (GRDP) giai đoạn 2021 - 2022 đạt 6,95% "
     "(năm 2021 đạt 6,67%, năm 2022 đạt 7,22%).", "002:25"),
    ("Thu nhập bình quân đầu người giai đoạn 2021 - 2022 đạt 49,26 triệu đồng (năm 2021 đạt "
     "46,8 triệu đồng, năm 2022 đạt 51,72 triệu đồng).", "002:25"),
])
def test_figures_as_the_article_gives_them(article, phrase, ref):
    texts = [p.text for p in paragraphs(article)]
    assert phrase in texts
    # the same figures, in the same order, stand in the seed line
    numbers = re.findall(r"\d+(?:[.,]\d+)*", phrase)
    line = seed_line(ref)
    pos = 0
    for n in numbers:
        pos = line.index(n, pos)


def test_social_figures_from_the_data(article):
    text = "\n".join(p.text for p in paragraphs(article))
    for phrase, seed_phrase in [("năm 2023 đạt 272 trường", "272/670 trường"),
                                ("năm 2023 đạt 11,2 bác sĩ", "11,2 bác sỹ"),
                                ("năm 2023 đạt 32,9 giường bệnh", "32,9 giường bệnh"),
                                ("năm 2023 đạt 90,8%", "đạt 90,8%")]:
        assert phrase in text
        assert seed_phrase in seed_line("002:27")
    assert "Tổng số đảng viên năm 2023 đạt 69.218 đảng viên." in text
    assert "69.218 đảng viên" in seed_line("002:21")


def test_no_placeholder_no_debris(article):
    text = "\n".join(p.text for p in paragraphs(article))
    assert "[Đơn vị bổ sung nội dung]" not in text
    for debris in ("(Ảnh:", "Xem thêm", "{{", "{%", "  "):
        assert debris not in text, debris


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler are needed")
def test_layout_through_libreoffice(article, tmp_path):
    src = tmp_path / "tin-bai.docx"
    src.write_bytes(article)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", str(tmp_path / "tin-bai.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert 1 <= len(pages) <= 2
    flat = re.sub(r"\s+", " ", text)
    for h in ("Kết quả nổi bật", "Đồng bộ giải pháp phát triển kinh tế - xã hội",
              "Lạng Sơn thực hiện hiệu quả Nghị quyết Đại hội XIII của Đảng"):
        assert h in flat
