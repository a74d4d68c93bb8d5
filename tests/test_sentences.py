"""Sentences from patterns (draftgen.sentences): verbs by kind, one sentence per group, the
catalogue's own pattern (column mau_cau), figures already written not repeated, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from projectkit import CATALOGUE, make_template, write_project

from draftgen.build import build
from draftgen.errors import TemplateError
from draftgen.filters import make_filters
from draftgen.model import Fact, Indicator, Kind, Status
from draftgen.sentences import render_clause, render_sentences
from draftgen.style import Style

F = make_filters(Style())


class View:
    """What ``ind.X`` gives a sentence: the indicator, its result, target and baseline."""

    def __init__(self, indicator: Indicator, fact: Fact, target=None, baseline: Fact | None = None):
        self.code, self.name, self.uom = indicator.code, indicator.name, indicator.uom
        self.display_uom = indicator.display_uom or indicator.uom
        self.kind, self.group, self.pattern = indicator.kind.value, indicator.group, indicator.pattern
        self.achieved = fact
        self.has_achieved = True
        self.has_period = "-" in fact.period
        self.has_value = not self.has_period
        self.value = fact
        self.has_baseline = baseline is not None
        self.baseline = baseline
        self.has_target = target is not None
        self.target = target


def ind(code, name, uom, kind, group="g", **kw) -> Indicator:
    return Indicator(code, name, uom, "kinh tế", kind, group=group, **kw)


NTM = ind("SO_XA_NTM", "Số xã đạt chuẩn nông thôn mới", "xã", Kind.COUNT)
SCHOOLS = ind("TL_TRUONG", "Tỷ lệ trường học đạt chuẩn quốc gia", "%", Kind.RATIO)
POOR = ind("HO_NGHEO", "Tỷ lệ hộ nghèo", "%", Kind.RATIO, good_direction=-1)
SHARE = ind("TT_DV", "Tỷ trọng ngành dịch vụ", "%", Kind.SHARE, decimals=2)
GROWTH = ind("GRDP", "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP)", "%", Kind.GROWTH,
             decimals=2)
RANK = ind("PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "hạng", Kind.LEVEL,
           good_direction=-1, pattern="[tên] [kỳ] [trạng thái]xếp thứ [số]/63 tỉnh, thành phố")


def test_verbs_by_kind() -> None:
    assert render_clause(View(NTM, Fact(74, NTM, "2020")), F) == \
        "năm 2020, có 74 xã đạt chuẩn nông thôn mới"
    assert render_clause(View(POOR, Fact(1.36, POOR, "2025", status=Status.ESTIMATE)), F) == \
        "tỷ lệ hộ nghèo năm 2025 ước còn 1,36%"
    assert render_clause(View(SHARE, Fact(50.05, SHARE, "2025")), F) == \
        "tỷ trọng ngành dịch vụ năm 2025 chiếm 50,05%"
    assert render_clause(View(GROWTH, Fact(7.16, GROWTH, "2021-2025", status=Status.ESTIMATE)),
                         F) == ("tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân giai "
                                "đoạn 2021 - 2025 ước đạt 7,16%/năm")
    assert render_clause(View(RANK, Fact(30, RANK, "2024")), F) == \
        "chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2024 xếp thứ 30/63 tỉnh, thành phố"


def test_a_name_saying_dat_never_gets_dat_again() -> None:
    text = render_clause(View(SCHOOLS, Fact(49.7, SCHOOLS, "2025")), F)
    assert text == "tỷ lệ trường học đạt chuẩn quốc gia năm 2025 là 49,7%"


def test_one_sentence_per_group_period_said_once() -> None:
    views = [View(NTM, Fact(74, NTM, "2020")), View(SCHOOLS, Fact(49.7, SCHOOLS, "2020")),
             View(POOR, Fact(7.89, POOR, "2020")),
             View(ind("X", "Tỷ lệ che phủ rừng", "%", Kind.RATIO, group="h"),
                  Fact(63, ind("X", "Tỷ lệ che phủ rừng", "%", Kind.RATIO, group="h"), "2020"))]
    assert render_sentences(views, F) == (
        "Năm 2020, có 74 xã đạt chuẩn nông thôn mới; tỷ lệ trường học đạt chuẩn quốc gia là "
        "49,7%; tỷ lệ hộ nghèo còn 7,89%. Tỷ lệ che phủ rừng năm 2020 đạt 63%.")


def test_notes_and_invented_figures_are_marked() -> None:
    notes: list[str] = []

    def fn(text):
        notes.append(text)
        return f"<{len(notes)}>"

    fact = Fact(7.89, GROWTH, "2016-2020", note="Giá so sánh 2010.", illustrative=True)
    assert render_clause(View(GROWTH, fact), F, fn=fn) == (
        "tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân giai đoạn 2016 - 2020 đạt "
        "7,89%/năm [minh họa]<1>")
    assert notes == ["Giá so sánh 2010."]


def test_an_unknown_placeholder_is_named() -> None:
    with pytest.raises(TemplateError, match=r"\[giá trịi\]"):
        render_clause(View(SHARE, Fact(50, SHARE, "2025")), F, pattern="[tên] [giá trịi]")


def test_catalogue_pattern_and_figures_not_repeated(tmp_path: Path) -> None:
    catalogue = CATALOGUE.replace(
        "ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop\n",
        "ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop,mau_cau\n")
    lines = catalogue.splitlines()
    lines = [lines[0]] + [line + ("," + "[Tên] thu được [kỳ]: [giá trị]"
                                  if line.startswith("THU_NS") else ",") for line in lines[1:]]
    root = write_project(tmp_path, catalogue="\n".join(lines) + "\n")
    make_template(root / "mau" / "bao-cao.docx", [
        "{{ sentence(ind.with_data('kinh tế')) }}",
        "Đã viết: {{ ind.XA_NTM|clause }}.",
        "Còn lại: {{ sentence(ind.with_data('kinh tế')|uncited) }}",
    ])
    report = build(root, units=["huyen-b"])
    assert report.ok, [r.error for r in report.failed]
    texts = [p.text for p in Document(root / "ra" / "bao-cao" / "huyen-b.docx").paragraphs]
    assert texts[0] == ("Thu ngân sách thu được năm 2020: 1.683.240 triệu đồng. "
                        "Năm 2020, có 05 xã đạt chuẩn nông thôn mới.")
    assert texts[1] == "Đã viết: năm 2020, có 05 xã đạt chuẩn nông thôn mới."
    assert texts[2] == "Còn lại: "
