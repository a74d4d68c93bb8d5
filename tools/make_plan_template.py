"""Generate templates/ke-hoach-5-nam.docx: the five-year socio-economic plan (kế hoạch phát
triển kinh tế - xã hội 5 năm) of a province's People's Committee, in the state-document form
(Nghị định 30/2020/NĐ-CP: issuer and national motto block, not the Party header).

    python tools/make_plan_template.py [output.docx] [--force]

The structure follows the province's plan 2021 - 2025 (seed 003): Phần I, the evaluation of
the five years under review — I. achievements by field (1. … 8., sub-sections a) b) c) …)
written from the data, each figure with its data note as a footnote, and from the unit's
content files; II. limitations, causes, lessons; the "Nhìn chung" paragraph — then Phần II,
the plan: forecast (advantages, difficulties), general goal, the numbered main targets
(1) … (n) of the next term from ``next_targets`` (their wording from muc-tieu.csv), tasks
and solutions, organisation of implementation.

A sub-section is written when the unit has data for one of its indicators or its own content
file for it; letters and numbers are computed, so a missing sub-section leaves no gap.
Content files: data/noi-dung/<unit>/ke-hoach-5-nam/<section>.md (docs/ke-hoach-va-tin-bai.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.table import WD_TABLE_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_COLOR_INDEX  # noqa: E402
from docx.shared import Pt  # noqa: E402
from officialform import (  # noqa: E402
    _cell_para,
    _no_borders,
    _rule_under,
    _widths,
    heading,
    main,
    new_document,
    para,
    runs,
    save,
    tag,
    target_list,
)

OUT = Path(__file__).resolve().parent.parent / "templates" / "ke-hoach-5-nam.docx"

# Letters of sub-sections as Vietnamese documents use them: a) b) c) d) đ) e) g) h) i) k).
LETTERS = "abcdđeghik"

# One figure: the indicator's name, the year or period, the value with its status word
# ("ước đạt 5,45%"), the change since the start of the term for a yearly value, and the
# data note as a footnote. ``p`` is a period ("2019") or "" for the term's result.
MACRO = (
    "{% macro so_lieu(c, p) %}{% set i = ind[c] %}"
    "{% set f = i.at(p) if p else i.achieved %}"
    "{{ i.name }} {{ f|period }} "
    "{% if f.value < 0 %}{% set w = f|est_word %}"
    "{{ {\"ước đạt\": \"ước \", \"dự ước\": \"dự ước \"}.get(w, \"\") }}giảm "
    "{{ (0 - f.value)|pct }}{% else %}{{ f|estimate }}{% endif %}"
    "{% if not p and i.has_value and not i.has_period and i.has_baseline"
    " and i.kind != \"tốc độ\" %}, {{ i.value|change(i.baseline) }}{% endif %}"
    "{{ f|note }}."
    "{% endmacro %}"
    "{% macro co(c, p) %}{{ 'x' if ind.has(c) and (ind[c].has(p) if p else "
    "ind[c].has_achieved) else '' }}{% endmacro %}"
)

# Phần I, I. NHỮNG THÀNH TỰU CHỦ YẾU: (section title, content section, indicator codes,
# [(sub-section title, content section, indicator codes)]). A code "X@2019" takes the
# value of that year instead of the term's result.
ACHIEVEMENTS = [
    ("Về phát triển kinh tế", "kt-chung",
     ["GRDP_TANG_TRUONG", "TANG_TRUONG_NONG_LAM", "TANG_TRUONG_CN_XD", "TANG_TRUONG_DICH_VU",
      "TANG_TRUONG_THUE_SP", "TY_TRONG_NONG_LAM", "TY_TRONG_CN_XD", "TY_TRONG_DICH_VU",
      "TY_TRONG_THUE_SP", "GRDP_BQ_DAU_NGUOI", "GRDP_BQ_DAU_NGUOI_USD"], [
         ("Xây dựng và phát triển Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", "kt-cua-khau",
          ["KIM_NGACH_XNK", "XNK_TANG_BQ"]),
         ("Về phát triển nông, lâm nghiệp và xây dựng nông thôn mới", "kt-nong-nghiep",
          ["TRONG_RUNG_MOI_BQ", "TY_LE_CHE_PHU_RUNG", "SO_XA_NTM", "SO_XA_NTM_NANG_CAO",
           "TIEU_CHI_NTM_BQ"]),
         ("Sản xuất công nghiệp", "kt-cong-nghiep", ["CHI_SO_SXCN_TANG"]),
         ("Thương mại, dịch vụ, du lịch", "kt-thuong-mai",
          ["TONG_MUC_BAN_LE", "BAN_LE_TANG_BQ", "XUAT_KHAU_DIA_PHUONG", "XUAT_KHAU_DP_TANG_BQ",
           "BUON_LAU_VU", "KHACH_DU_LICH", "KHACH_DU_LICH_TANG_BQ", "DOANH_THU_DU_LICH"]),
         ("Phát triển doanh nghiệp và công tác xúc tiến đầu tư", "kt-doanh-nghiep",
          []),
         ("Công tác thu - chi ngân sách", "kt-ngan-sach",
          ["THU_NSNN@2020", "THU_NSNN_TANG_BQ", "THU_NOI_DIA@2020", "THU_NOI_DIA_TANG_BQ",
           "CHI_NSDP@2020"]),
     ]),
    ("Công tác quy hoạch, quản lý quy hoạch và phát triển đô thị", "quy-hoach-do-thi", [], []),
    ("Về huy động vốn đầu tư phát triển và xây dựng kết cấu hạ tầng kinh tế - xã hội",
     "dau-tu-ha-tang",
     ["VON_DAU_TU_XH", "TY_LE_XA_DUONG_CUNG_HOA", "NUOC_SACH_DO_THI", "NUOC_HVS_NONG_THON"], []),
    ("Phát triển các lĩnh vực văn hóa - xã hội", "vh-chung", [], [
        ("Giáo dục - đào tạo và phát triển nguồn nhân lực", "vh-giao-duc",
         ["SO_TRUONG_CHUAN_QG", "TY_LE_LAO_DONG_QUA_DAO_TAO"]),
        ("Văn hóa, thể dục - thể thao", "vh-van-hoa",
         ["TY_LE_THON_CO_NHA_VAN_HOA", "TY_LE_THON_NVH_DAT_CHUAN"]),
        ("Công tác chăm sóc sức khỏe nhân dân", "vh-y-te",
         ["SO_XA_CHUAN_YTE", "BAC_SI_VAN_DAN", "GIUONG_BENH_VAN_DAN", "TY_LE_BHYT",
          "CHAT_THAI_Y_TE", "TUOI_THO_TB@2019"]),
        ("Công tác giảm nghèo và việc làm", "vh-giam-ngheo",
         ["TY_LE_HO_NGHEO", "GIAM_HO_NGHEO_BQ", "LAO_DONG_VIEC_LAM_MOI"]),
        ("Công tác dân tộc, tôn giáo", "dan-toc-ton-giao", []),
    ]),
    ("Phát triển khoa học - công nghệ và bảo vệ tài nguyên - môi trường", "khcn-moi-truong",
     ["DE_TAI_KHCN", "CHAT_THAI_RAN_DO_THI"], []),
    ("Công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo và phòng, chống tham nhũng, "
     "lãng phí", "thanh-tra", ["CUOC_THANH_TRA", "TIEP_CONG_DAN", "GIAI_QUYET_KHIEU_NAI"], []),
    ("Quốc phòng, an ninh và đối ngoại", "quoc-phong-an-ninh", [], []),
    ("Công tác cải cách hành chính", "cai-cach-hanh-chinh",
     ["TY_LE_TTHC_MOT_CUA", "DVC_TRUC_TUYEN"], []),
]

RECIPIENTS = [
    "Bộ Kế hoạch và Đầu tư;",
    "Bộ Tài chính;",
    "Kiểm toán Nhà nước;",
    "Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "Các sở: KH&ĐT, TC;",
    "Cục Thống kê;",
    "C, PVP UBND tỉnh, các phòng, ban CM, TH-CB;",
    "Lưu: VT, THNC.",
]


def _split(code: str) -> tuple[str, str]:
    c, _, p = code.partition("@")
    return c, p


def _data_cond(codes) -> str:
    """A Jinja expression, non-empty when the unit has data for one of ``codes``."""
    parts = [f'co("{c}", "{p}")' for c, p in map(_split, codes)]
    return "(" + " ~ ".join(parts) + ")" if parts else "''"


def _has_any(codes, section: str) -> str:
    return f'({_data_cond(codes)} or content.own("{section}"))'


def state_header(doc) -> None:
    """The state-document header (Nghị định 30/2020/NĐ-CP): issuer and number on the left;
    national name and motto, with a rule under the motto, and the dateline on the right."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, (6.5, 10.0))
    left, right = table.rows[0].cells
    issuer = _cell_para(left, "ỦY BAN NHÂN DÂN", bold=True, size=13)
    _cell_para(left, "{{ unit.full_name|upper }}", bold=True, size=13, first=False)
    _rule_under(_cell_para(left, "", first=False, size=2), 2.0, 2.0)
    _cell_para(left, "", first=False, size=6)
    _cell_para(left, "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/KH-UBND", size=13, first=False)
    _cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    _cell_para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, first=False)
    _rule_under(_cell_para(right, "", first=False, size=2), 2.0, 2.0)
    _cell_para(right, "", first=False, size=6)
    _cell_para(right, "{% if doc.date %}{{ dateline(doc.date, unit.place, draft=doc.draft) }}"
                      "{% else %}{{ unit.place }}, ngày\u00a0\u00a0\u00a0\u00a0 tháng"
                      "\u00a0\u00a0\u00a0\u00a0 năm {{ doc.report_year }}{% endif %}",
               italic=True, first=False)
    del issuer


def content_loop(doc, section: str, *, numbered: bool = False) -> None:
    """The blocks of a content section: paragraphs, "- " items (written "- …", or "1. …"
    with ``numbered``), "#" headings (level 3, "1. …") and "##" headings (level 4, "a) …")."""
    tag(doc, f'{{%p for b in content("{section}") %}}')
    tag(doc, "{%p if b.placeholder %}")
    p = para(doc, "{{ b.text }}", italic=True)
    p.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    tag(doc, "{%p elif b.is_heading and b.level == 1 %}")
    heading(doc, "{{ b.number }} {{ b.text }}", 3)
    tag(doc, "{%p elif b.is_heading %}")
    heading(doc, f'{{{{ "{LETTERS}"[(b.number.split(".")[-2]|int) - 1] }}}}) {{{{ b.text }}}}',
            4)
    tag(doc, "{%p elif b.is_item %}")
    lead = ("{{ b.index }}. ", {"bold": True}) if numbered else ("- ", {})
    runs(doc, [lead, ("{{ b.bold }}", {"bold": True}), ("{{ b.italic }}", {"italic": True}),
               ("{% if b.bold or b.italic %} {% endif %}{{ b.text }}", {})])
    tag(doc, "{%p else %}")
    runs(doc, [("{{ b.bold }}", {"bold": True}), ("{{ b.italic }}", {"italic": True}),
               ("{% if b.bold or b.italic %} {% endif %}{{ b.text }}", {})])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def figures(doc, codes) -> None:
    """One paragraph of figures, the sentences of the indicators the unit has data for."""
    if not codes:
        return
    items = ", ".join(f'("{c}", "{p}")' for c, p in map(_split, codes))
    tag(doc, f"{{%p if {_data_cond(codes)} %}}")
    para(doc, f"{{% for c, p in [{items}] if co(c, p) %}}{{{{ so_lieu(c, p) }}}}"
              "{% if not loop.last %} {% endif %}{% endfor %}")
    tag(doc, "{%p endif %}")


def own(doc, section: str) -> None:
    tag(doc, f'{{%p if content.own("{section}") %}}')
    content_loop(doc, section)
    tag(doc, "{%p endif %}")


def achievements(doc) -> None:
    for title, section, codes, subs in ACHIEVEMENTS:
        conds = [_has_any(codes, section)] + [_has_any(c, s) for _, s, c in subs]
        tag(doc, "{%p if " + " or ".join(conds) + " %}")
        heading(doc, "{% set ns.a = ns.a + 1 %}{% set ns.b = 0 %}{{ ns.a }}. " + title, 3)
        own(doc, section)
        figures(doc, codes)
        for (sub, sub_section, sub_codes), cond in zip(subs, conds[1:]):
            tag(doc, f"{{%p if {cond} %}}")
            heading(doc, f'{{% set ns.b = ns.b + 1 %}}{{{{ "{LETTERS}"[ns.b - 1] }}}}) ' + sub, 4)
            own(doc, sub_section)
            figures(doc, sub_codes)
            tag(doc, "{%p endif %}")
        tag(doc, "{%p endif %}")


def part_one(doc) -> None:
    heading(doc, "Phần I", 1)
    heading(doc, "ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM "
                 "{{ doc.term.start + 1 }} - {{ doc.term.end }}", 1)
    heading(doc, "I. NHỮNG THÀNH TỰU CHỦ YẾU", 2)
    achievements(doc)
    heading(doc, "II. NHỮNG HẠN CHẾ, YẾU KÉM, NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM", 2)
    heading(doc, "1. Hạn chế, yếu kém", 3)
    content_loop(doc, "han-che")
    heading(doc, "2. Nguyên nhân hạn chế, yếu kém", 3)
    heading(doc, "a) Nguyên nhân khách quan", 4)
    content_loop(doc, "nguyen-nhan-khach-quan")
    heading(doc, "b) Nguyên nhân chủ quan", 4)
    content_loop(doc, "nguyen-nhan-chu-quan")
    heading(doc, "3. Bài học kinh nghiệm", 3)
    content_loop(doc, "bai-hoc")
    content_loop(doc, "nhin-chung")


def part_two(doc) -> None:
    heading(doc, "Phần II", 1)
    heading(doc, "PHƯƠNG HƯỚNG, NHIỆM VỤ VÀ GIẢI PHÁP PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM "
                 "{{ doc.next_term.start + 1 }} - {{ doc.next_term.end }}", 1)
    heading(doc, "I. DỰ BÁO BỐI CẢNH TÌNH HÌNH 5 NĂM TỚI", 2)
    heading(doc, "1. Về thuận lợi", 3)
    content_loop(doc, "thuan-loi")
    heading(doc, "2. Về khó khăn", 3)
    content_loop(doc, "kho-khan")
    heading(doc, "II. MỤC TIÊU VÀ CHỈ TIÊU PHÁT TRIỂN", 2)
    heading(doc, "1. Mục tiêu tổng quát", 3)
    content_loop(doc, "muc-tieu-tong-quat")
    heading(doc, "2. Các chỉ tiêu chủ yếu", 3)
    # One line per numbered target of the plan, its own number and wording; the sub-rows of
    # one number ("(2) … nông, lâm nghiệp … công nghiệp …") are one item.
    tag(doc, "{%p if next_targets %}")
    target_list(doc, "next_targets", name_sep=" ", source="Kế hoạch")
    tag(doc, "{%p else %}")
    content_loop(doc, "chi-tieu-chu-yeu")
    tag(doc, "{%p endif %}")
    heading(doc, "III. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", 2)
    content_loop(doc, "nhiem-vu-giai-phap")
    heading(doc, "IV. TỔ CHỨC THỰC HIỆN", 2)
    content_loop(doc, "to-chuc-thuc-hien", numbered=True)


def closing(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (8.0, 8.5))
    left, right = table.rows[0].cells
    _cell_para(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    for line in RECIPIENTS:
        p = _cell_para(left, "- " + line, size=11, align="left", first=False)
        p.style = doc.styles["Recipients"]
    _cell_para(right, "TM. ỦY BAN NHÂN DÂN", bold=True)
    _cell_para(right, "CHỦ TỊCH", bold=True, first=False)


def build(out: Path = OUT, force: bool = False) -> Path:
    doc = new_document()
    state_header(doc)
    title = doc.add_paragraph("KẾ HOẠCH", style="Title")
    title.paragraph_format.space_before = Pt(18)
    doc.add_paragraph("Phát triển kinh tế - xã hội 5 năm {{ doc.next_term.start + 1 }} - "
                      "{{ doc.next_term.end }} {{ unit.full_name }}", style="Subtitle")
    tag(doc, "{%p if doc.draft %}")
    draft = doc.add_paragraph("(Dự thảo)", style="Subtitle")
    draft.runs[0].italic = True
    draft.runs[0].bold = False
    tag(doc, "{%p endif %}")
    para(doc, MACRO, indent=False, after=6)
    tag(doc, "{%p set ns = namespace(a=0, b=0) %}")
    part_one(doc)
    part_two(doc)
    para(doc, "", after=6)
    closing(doc)
    return save(doc, out, force=force)


if __name__ == "__main__":
    main(build, OUT)
