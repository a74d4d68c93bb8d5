"""Figures the consistency audit doubts are marked in the draft, after the figure."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from test_audit import project

from draftgen.build import build

MARK = " [cần kiểm tra: bình quân năm không khớp tổng nhiệm kỳ — xem kiem-tra-so-lieu.md]"
TEMPLATE = [
    "Kết nạp {{ ind.KET_NAP.at('2021-2025')|cnt }}, bình quân "
    "{{ ind.KET_NAP_BQ.at('2021-2025')|cnt }} mỗi năm.",
    "Tỷ lệ hộ nghèo năm 2020 còn {{ ind.HO_NGHEO.value|pct }}.",
]
VALUES = """\
tinh-a,KET_NAP,2021-2025,9.964,,,,
tinh-a,KET_NAP_BQ,2021-2025,2.166,,,,
tinh-a,HO_NGHEO,2020,"3,5",,,,
"""


def paragraphs(root: Path) -> list[str]:
    doc = Document(str(root / "ra" / "bao-cao" / "tinh-a.docx"))
    return [p.text for p in doc.paragraphs]


def test_a_doubted_figure_is_marked_right_after_it(tmp_path: Path) -> None:
    root = project(tmp_path, VALUES, template=TEMPLATE)
    report = build(root)
    assert report.ok, [r.error for r in report.failed]
    assert [f.rule for f in report.audit.errors] == ["binh-quan-nam"]
    first, second = paragraphs(root)[:2]
    assert first == (f"Kết nạp 9.964 đảng viên{MARK}, bình quân 2.166 đảng viên{MARK} "
                     "mỗi năm.")
    assert second == "Tỷ lệ hộ nghèo năm 2020 còn 3,50%."  # not involved: no mark


def test_an_accepted_finding_is_not_marked(tmp_path: Path) -> None:
    root = project(tmp_path, VALUES, template=TEMPLATE)
    (root / "kiem-tra-so-lieu.toml").write_text(
        '[[chap_nhan]]\nquy_tac = "binh-quan-nam"\ndon_vi = "tinh-a"\nky = "2021-2025"\n'
        'ly_do = "Tài liệu gốc ghi cả hai số"\n', encoding="utf-8")
    report = build(root)
    assert report.ok and report.audit.ok and report.audit.accepted
    first = paragraphs(root)[0]
    assert first == "Kết nạp 9.964 đảng viên, bình quân 2.166 đảng viên mỗi năm."
    assert "cần kiểm tra" not in "\n".join(paragraphs(root))
    md = (root / "ra" / "kiem-tra-so-lieu.md").read_text(encoding="utf-8")
    assert "Tài liệu gốc ghi cả hai số" in md  # still in the report


def test_a_warning_is_marked_beside_the_incomplete_rollup_mark(tmp_path: Path) -> None:
    template = ["Kết nạp {{ ind.KET_NAP.at('2016-2020')|cnt }}, bình quân "
                "{{ ind.KET_NAP_BQ.at('2016-2020') }} mỗi năm."]
    root = project(tmp_path, """\
tinh-a,KET_NAP_BQ,2016-2020,150,,,,
huyen-b,KET_NAP,2016-2020,85,,,,
huyen-c,KET_NAP,2016-2020,62,,,,
""", expected="so_don_vi_truc_thuoc = 17", template=template)
    report = build(root)
    assert report.ok and not report.audit.errors
    assert paragraphs(root)[0] == (
        f"Kết nạp 147 đảng viên [chưa đủ số liệu: 2/17 đơn vị]{MARK}, bình quân 150{MARK} "
        "mỗi năm.")
