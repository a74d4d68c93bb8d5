"""The propaganda outline: achievements chosen from the data, numbered by field without gaps,
the "***" conclusion with the count of targets met, slogans, footnotes."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from projectkit import SAMPLE, write_project

from draftgen.build import Builder, Job
from draftgen.config import load_project
from draftgen.context import build_context
from draftgen.environment import make_environment
from draftgen.errors import TemplateError
from draftgen.highlights import candidates, choose
from draftgen.loader import load_dataset

DOCUMENT = "de-cuong-tuyen-truyen-2015-2020"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def builder() -> Builder:
    return Builder(load_project(SAMPLE / "draftgen.toml"))


def outline(builder: Builder, unit: str) -> bytes:
    project = builder.project
    return builder.render(Job(project.document(DOCUMENT), project.units[unit]))


@pytest.fixture(scope="module")
def province(builder) -> bytes:
    return outline(builder, "lang-son")


def paragraphs(data: bytes) -> list:
    return Document(io.BytesIO(data)).paragraphs


def headings(data: bytes, level: int) -> list[str]:
    return [p.text for p in paragraphs(data) if p.style.name == f"Heading {level}"]


def body_text(data: bytes) -> str:
    return "\n".join(p.text for p in paragraphs(data))


def test_the_template_is_generated_by_its_tool(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "de-cuong.docx"
    subprocess.run([sys.executable, str(REPO / "tools" / "make_outline_template.py"), str(out)],
                   check=True, capture_output=True)
    fresh = Document(out)
    shipped = Document(REPO / "templates" / "de-cuong-tuyen-truyen.docx")
    assert [p.text for p in fresh.paragraphs] == [p.text for p in shipped.paragraphs]


def test_title_and_summary_line(province):
    texts = [p.text for p in paragraphs(province)]
    assert texts[0] == "ĐỀ CƯƠNG TUYÊN TRUYỀN"
    assert texts[1] == ("Kết quả nổi bật sau 5 năm thực hiện Nghị quyết Đại hội Đảng bộ tỉnh "
                        "Lạng Sơn lần thứ XVI, nhiệm kỳ 2015 - 2020")
    assert "(Dự thảo)" not in texts  # the sample outline is not a draft


def test_fields_are_numbered_in_order(province):
    sections = headings(province, 3)
    assert [s.split(". ", 1)[0] for s in sections] == ["1", "2", "3", "4", "5", "6"]
    assert sections[0] == "1. Kinh tế có bước phát triển mới trên một số lĩnh vực quan trọng"
    assert sections[3].startswith("4. Công tác xây dựng Đảng")
    # the province has no data for political education or mass mobilisation: 4.1, 4.2 close up
    subs = headings(province, 4)
    assert [s.split(" ", 1)[0] for s in subs] == ["4.1.", "4.2."]
    assert subs[0].startswith("4.1. Công tác tổ chức xây dựng Đảng")
    assert subs[1].startswith("4.2. Công tác kiểm tra, giám sát")


def test_a_unit_without_data_for_some_fields_has_no_gaps(builder):
    data = outline(builder, "tan-thanh")  # no data for the government or the Front
    sections = headings(data, 3)
    assert [s.split(". ", 1)[0] for s in sections] == ["1", "2", "3", "4"]
    assert not any("Mặt trận" in s or "quản lý Nhà nước" in s for s in sections)
    assert [s.split(" ", 1)[0] for s in headings(data, 4)] == ["4.1."]
    text = body_text(data)
    assert "xã Tân Thanh" in text and "Đảng bộ xã Tân Thanh lần thứ XIX" in text
    # the conclusion names only the fields shown
    conclusion = next(p.text for p in paragraphs(data) if p.text.startswith("Nhìn chung"))
    assert ("trên các lĩnh vực kinh tế, văn hóa - xã hội, quốc phòng, an ninh và xây dựng "
            "Đảng.") in conclusion


def test_a_district_outline(builder):
    data = outline(builder, "van-lang")
    assert [s.split(". ", 1)[0] for s in headings(data, 3)] == ["1", "2", "3", "4", "5", "6"]
    assert ("Năm 2020, tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng (cân nặng/tuổi) còn 13,6%, "
            "vượt mục tiêu Nghị quyết đề ra (dưới 15%)") in body_text(data)


def test_achievements_carry_figures_written_by_the_phrase_filters(province):
    text = body_text(province)
    assert ("Tỷ lệ che phủ rừng tăng từ 54,5% năm 2015 lên 63% năm 2020, vượt mục tiêu Nghị "
            "quyết đề ra (62% [minh họa])") in text
    assert ("Tỷ lệ lao động qua đào tạo tăng từ 43,4% năm 2015 lên 55% năm 2020") in text
    assert ("Số đảng viên mới được kết nạp giai đoạn 2016 - 2020 đạt 11.718 đảng viên, vượt "
            "mục tiêu Nghị quyết đề ra (10.000 đảng viên [minh họa])") in text
    # a target not met is not an achievement: GRDP growth 5,45% against 8 - 9%
    assert "5,45%" not in text
    # every figure is in its field's section
    sections = re.split(r"\n\d\. ", text)
    assert "che phủ rừng" in sections[1] and "đảng viên mới" in sections[4]


def test_conclusion_counts_the_targets_met(builder, province):
    texts = [p.text for p in paragraphs(province)]
    i = texts.index("***")
    conclusion = texts[i + 1]
    assert conclusion.startswith("Nhìn chung, sau 5 năm thực hiện Nghị quyết Đại hội Đảng bộ "
                                 "tỉnh Lạng Sơn lần thứ XVI")
    project, data = builder.project, builder.data
    ctx = build_context(project, data, project.document(DOCUMENT), project.units["lang-son"])
    met, total = len(ctx["targets"].met), ctx["targets"].total
    assert (met, total) == (18, 20)
    assert (f"đã thực hiện đạt và vượt {met}/{total} chỉ tiêu chủ yếu Nghị quyết Đại hội đề ra "
            "[minh họa].") in conclusion  # the sample targets are illustrative


def test_slogans(province):
    texts = [p.text for p in paragraphs(province)]
    i = texts.index("KHẨU HIỆU TUYÊN TRUYỀN")
    slogans = texts[i + 1:]
    assert slogans[0] == ("1. Nhiệt liệt chào mừng Đại hội đại biểu Đảng bộ tỉnh Lạng Sơn lần "
                          "thứ XVII, nhiệm kỳ 2020 - 2025!")
    assert all(s.endswith("!") for s in slogans) and len(slogans) >= 5


def test_notes_of_the_data_become_footnotes(province):
    with zipfile.ZipFile(io.BytesIO(province)) as z:
        notes = z.read("word/footnotes.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert "Số tiêu chí nông thôn mới bình quân toàn tỉnh đạt 12,7 tiêu chí/xã" in notes
    assert body.count("w:footnoteReference") >= 3


def test_official_form(province):
    doc = Document(io.BytesIO(province))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in section.header._element.xml
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14


def test_the_outline_is_the_same_each_time(builder, province):
    assert outline(builder, "lang-son") == province


# --------------------------------------------------------------------------- selection

CATALOGUE = """\
ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop
A_NONE,Chỉ tiêu A,%,kinh tế,nhóm 1,tỷ lệ,,tăng,,không
B_MET,Chỉ tiêu B,%,kinh tế,nhóm 1,tỷ lệ,,tăng,,không
C_BIG,Chỉ tiêu C,%,kinh tế,nhóm 2,tỷ lệ,,tăng,,không
D_SMALL,Chỉ tiêu D,%,kinh tế,nhóm 2,tỷ lệ,,tăng,,không
E_EXCEED,Chỉ tiêu E,%,kinh tế,nhóm 2,tỷ lệ,,tăng,,không
F_UNMET,Chỉ tiêu F,%,kinh tế,nhóm 2,tỷ lệ,,tăng,,không
G_WORSE,Chỉ tiêu G,%,kinh tế,nhóm 2,tỷ lệ,,tăng,,không
H_FAKE,Chỉ tiêu H,%,kinh tế,nhóm 2,tỷ lệ,,tăng,,không
I_LOWBARE,Chỉ tiêu I,%,kinh tế,nhóm 2,tỷ lệ,,giảm,,không
X_OTHER,Chỉ tiêu X,%,xây dựng Đảng,nhóm 9,tỷ lệ,,tăng,,không
"""
VALUES = """\
don_vi,ma_chi_tieu,ky,gia_tri,trang_thai,nguon,ghi_chu,minh_hoa
tinh-a,A_NONE,2020,50,,,,
tinh-a,B_MET,2020,50,,,,
tinh-a,C_BIG,2015,10,,,,
tinh-a,C_BIG,2020,20,,,,
tinh-a,D_SMALL,2015,10,,,,
tinh-a,D_SMALL,2020,11,,,,
tinh-a,E_EXCEED,2020,90,,,Ghi chú E.,
tinh-a,F_UNMET,2020,10,,,,
tinh-a,G_WORSE,2015,10,,,,
tinh-a,G_WORSE,2020,5,,,,
tinh-a,H_FAKE,2015,10,,,,x
tinh-a,H_FAKE,2020,40,,,,x
tinh-a,I_LOWBARE,2020,3,,,,
"""
TARGETS = """\
don_vi,ma_chi_tieu,nhiem_ky,muc_tieu,stt,dien_giai,nguon,ghi_chu,minh_hoa
tinh-a,B_MET,2015-2020,50,1,,,,
tinh-a,E_EXCEED,2015-2020,trên 80,2,,,,
tinh-a,F_UNMET,2015-2020,50,3,,,,
"""


@pytest.fixture
def mini(tmp_path):
    root = write_project(tmp_path / "p", catalogue=CATALOGUE, values=VALUES, targets=TARGETS)
    project = load_project(root / "draftgen.toml")
    data = load_dataset(project)
    return build_context(project, data, project.document("bao-cao"), project.units["tinh-a"])


def test_ranking_assessment_then_real_then_improvement_then_catalogue(mini):
    items = candidates(mini["ind"], mini["doc"], "kinh tế")
    # not met, got worse, a bare "less is better" figure: not achievements
    assert [h.code for h in items] == ["A_NONE", "B_MET", "C_BIG", "D_SMALL", "E_EXCEED",
                                       "H_FAKE"]
    ranked = [h.code for h in choose(items, n=10, order="rank")]
    assert ranked == ["E_EXCEED", "B_MET", "C_BIG", "D_SMALL", "A_NONE", "H_FAKE"]
    # the best n, read in catalogue order
    assert [h.code for h in choose(items, n=3)] == ["B_MET", "C_BIG", "E_EXCEED"]
    assert choose(items, n=0) == []


def test_highlights_in_a_template(mini):
    env = make_environment()
    notes = []
    ctx = {**mini, "fn": lambda *a, **k: notes.append(a) or "¹"}
    text = env.from_string(
        '{% for h in highlights("kinh tế", n=2) %}{{ h.text }}{{ h|note }}. {% endfor %}'
        '|{% for g in highlight_groups("kinh tế", 3) %}{{ g.name }}={{ g.items|length }};'
        '{% endfor %}|{{ highlights("xây dựng Đảng")|length }}').render(ctx)
    assert text == ("Năm 2020, chỉ tiêu B đạt 50%, đạt mục tiêu Nghị quyết đề ra (50%). "
                    "Năm 2020, chỉ tiêu E đạt 90%, vượt mục tiêu Nghị quyết đề ra "
                    "(trên 80%)¹. |nhóm 1=1;nhóm 2=2;|0")
    assert notes == [("Ghi chú E.",)]


def test_sentences_mark_invented_figures(mini):
    env = make_environment()
    text = env.from_string('{% for h in highlights("kinh tế", n=10, order="rank") %}'
                           '{{ h.text }}|{% endfor %}').render(mini)
    assert "Chỉ tiêu C tăng từ 10% năm 2015 lên 20% năm 2020|" in text
    assert "Chỉ tiêu H tăng từ 10% năm 2015 lên 40% năm 2020 [minh họa]|" in text


def test_unknown_field_or_group_suggests_one(mini):
    env = make_environment()
    with pytest.raises(TemplateError, match="kinh tế"):
        env.from_string('{{ highlights("kinh te") }}').render(mini)
    with pytest.raises(TemplateError, match="nhóm 1"):
        env.from_string('{{ highlights("kinh tế", "nhom 1") }}').render(mini)
