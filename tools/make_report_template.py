"""Generate templates/bao-cao-chinh-tri.docx: the political report (báo cáo chính trị) for
every level (province, district, commune) from one template.

    python tools/make_report_template.py [output.docx]

The template is an ordinary Word document; editors may change it in Word afterwards (see
docs/huong-dan-mau.md). This script is the reproducible starting point: the official form
comes from tools/officialform.py, the structure from the seed reports (001: provincial
report 2020-2025, 004: Văn Lãng district draft 2015-2020).

What the template relies on (docs/huong-dan-mau.md):
- ``ind.with_data(field, groups)``: the indicators of a field the unit has a result for —
  a field without data is left out with its heading;
- ``content("section")``: the unit's own prose (data/noi-dung/…), else the shared default,
  else a visible placeholder;
- heading numbers are computed (``ns.a``, ``ns.b``), never typed, so leaving out a field
  keeps the numbering continuous;
- charts ``has_chart`` / ``chart`` / ``chart_caption`` (draftgen.charts).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.text import WD_COLOR_INDEX  # noqa: E402
from docx.shared import Pt  # noqa: E402
from officialform import (  # noqa: E402
    heading,
    main,
    new_document,
    page_break,
    para,
    party_header,
    recipients_and_signature,
    runs,
    save,
    table,
    tag,
    target_list,
)

from draftgen.content import PLACEHOLDER  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "templates" / "bao-cao-chinh-tri.docx"

# Phần thứ nhất, I: (heading, [(sub-heading, field, groups, content section)]).
# A sub-section is written when the unit has data for its groups or its own text
# (content file of the unit) for it; a field with no sub-section is left out.
RESULTS = [
    ("Lĩnh vực kinh tế", [
        ("Tăng trưởng kinh tế, cơ cấu kinh tế và thu nhập", "kinh tế",
         ["tăng trưởng", "cơ cấu kinh tế"], "kt-tang-truong"),
        ("Sản xuất nông, lâm nghiệp gắn với xây dựng nông thôn mới", "kinh tế",
         ["nông nghiệp và nông thôn mới"], "kt-nong-nghiep"),
        ("Sản xuất công nghiệp", "kinh tế", ["công nghiệp"], "kt-cong-nghiep"),
        ("Thương mại, dịch vụ, du lịch và kinh tế cửa khẩu", "kinh tế",
         ["thương mại, dịch vụ, du lịch", "kinh tế cửa khẩu"], "kt-thuong-mai"),
        ("Đầu tư, phát triển kết cấu hạ tầng và doanh nghiệp", "kinh tế",
         ["đầu tư, hạ tầng", "doanh nghiệp, hợp tác xã"], "kt-dau-tu"),
        ("Tài chính, ngân sách", "kinh tế", ["ngân sách"], "kt-ngan-sach"),
        ("Quản lý đất đai, tài nguyên và môi trường", "kinh tế", ["đất đai, môi trường"],
         "kt-dat-dai"),
        ("Cải cách hành chính, chuyển đổi số", "chính quyền",
         ["cải cách hành chính, chuyển đổi số"], "kt-cai-cach"),
    ]),
    ("Lĩnh vực văn hóa - xã hội", [
        ("Giáo dục và đào tạo", "văn hóa - xã hội", ["giáo dục"], "vh-giao-duc"),
        ("Y tế, chăm sóc sức khỏe Nhân dân", "văn hóa - xã hội", ["y tế"], "vh-y-te"),
        ("Văn hóa, thông tin, thể dục thể thao", "văn hóa - xã hội", ["văn hóa"], "vh-van-hoa"),
        ("An sinh xã hội, giảm nghèo", "văn hóa - xã hội", ["an sinh xã hội, giảm nghèo"],
         "vh-an-sinh"),
        ("Khoa học và công nghệ", "văn hóa - xã hội", ["khoa học, công nghệ"], "vh-khoa-hoc"),
    ]),
    ("Quốc phòng, an ninh và đối ngoại", [
        ("Quốc phòng", "quốc phòng - an ninh", ["quốc phòng"], "qp-quoc-phong"),
        ("An ninh chính trị, trật tự an toàn xã hội", "quốc phòng - an ninh",
         ["an ninh, trật tự"], "qp-an-ninh"),
        ("Đối ngoại", "quốc phòng - an ninh", ["đối ngoại"], "qp-doi-ngoai"),
    ]),
    ("Công tác xây dựng Đảng", [
        ("Công tác chính trị, tư tưởng", "xây dựng Đảng", ["chính trị tư tưởng"],
         "xd-chinh-tri-tu-tuong"),
        ("Công tác tổ chức, cán bộ và đảng viên", "xây dựng Đảng", ["tổ chức cán bộ"],
         "xd-to-chuc-can-bo"),
        ("Công tác kiểm tra, giám sát và kỷ luật đảng", "xây dựng Đảng", ["kiểm tra giám sát"],
         "xd-kiem-tra"),
        ("Công tác dân vận", "xây dựng Đảng", ["dân vận"], "xd-dan-van"),
        ("Công tác nội chính, phòng, chống tham nhũng, lãng phí", "xây dựng Đảng", ["nội chính"],
         "xd-noi-chinh"),
        ("Đổi mới phương thức lãnh đạo của Đảng", "xây dựng Đảng", ["phương thức lãnh đạo"],
         "xd-phuong-thuc"),
    ]),
    ("Hoạt động của chính quyền các cấp", [
        ("Thanh tra, tiếp công dân, giải quyết khiếu nại, tố cáo", "chính quyền",
         ["thanh tra, tiếp công dân"], "cq-thanh-tra"),
        ("Hoạt động của Hội đồng nhân dân, Ủy ban nhân dân", "chính quyền", ["hội đồng nhân dân"],
         "cq-hoat-dong"),
    ]),
    ("Hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - xã hội", [
        ("Mặt trận Tổ quốc và các đoàn thể", "Mặt trận và đoàn thể", None, "mt-doan-the"),
    ]),
]


def _with_data(field: str, groups) -> str:
    if groups is None:
        return f'ind.with_data("{field}")'
    inner = ", ".join(f'"{g}"' for g in groups)
    return f'ind.with_data("{field}", [{inner}])'


def content_loop(doc, section: str, *, form: str = "plain", head_level: int = 3,
                 number_prefix: str = "", deep: bool = False) -> None:
    """The paragraphs of a content section: paragraphs, "#" headings, and "- " items
    written by ``form``: "plain" ("- …"), "lessons" ("Một là: …"), "numbered" ("(1) …")."""
    tag(doc, f'{{%p for b in content("{section}") %}}')
    tag(doc, "{%p if b.placeholder %}")
    p = para(doc, "{{ b.text }}", italic=True)
    p.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    tag(doc, "{%p elif b.is_heading and b.level == 1 %}")
    heading(doc, number_prefix + "{{ b.number }} {{ b.text }}", head_level)
    if deep:
        # "[biểu đồ: tang-truong]" on a line of its own: the chart, when the unit has its data
        tag(doc, '{%p elif b.is_para and b.text.startswith("[biểu đồ:") %}')
        tag(doc, '{%p set name = b.text.split(":", 1)[1].rstrip("]")|trim %}')
        tag(doc, "{%p if has_chart(name) %}")
        para(doc, "{{ chart(name) }}", align="center", indent=False, keep_next=True)
        p = runs(doc, [("{% set ns.c = ns.c + 1 %}Biểu đồ {{ ns.c }}: ", {"bold": True,
                                                                          "italic": True}),
                       ("{{ chart_caption(name) }}", {"italic": True})],
                 align="center", indent=False)
        p.paragraph_format.space_after = Pt(12)
        tag(doc, "{%p endif %}")
        tag(doc, "{%p elif b.is_heading and b.level == 2 %}")
        heading(doc, number_prefix + "{{ b.number }} {{ b.text }}", min(head_level + 1, 4))
        tag(doc, "{%p elif b.is_heading %}")
        h = heading(doc, number_prefix + "{{ b.number }} {{ b.text }}", 4)
        h.runs[0].italic = True
    else:
        tag(doc, "{%p elif b.is_heading %}")
        heading(doc, number_prefix + "{{ b.number }} {{ b.text }}", min(head_level + 1, 4))
    lead = {"lessons": ('{{ b.index|ordinal("lesson") }} ', {"bold": True}),
            "numbered": ("({{ b.index }}) ", {}),
            "plain": ("- ", {})}[form]
    tag(doc, "{%p elif b.is_item %}")
    runs(doc, [lead, ("{{ b.bold }}", {"bold": True}), ("{{ b.italic }}", {"italic": True}),
               ("{% if b.bold or b.italic %} {% endif %}{{ b.text }}", {})])
    tag(doc, "{%p else %}")
    runs(doc, [("{{ b.bold }}", {"bold": True}), ("{{ b.italic }}", {"italic": True}),
               ("{% if b.bold or b.italic %} {% endif %}{{ b.text }}", {})])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def chart_block(doc, name: str) -> None:
    """A captioned chart, only when the unit has the data for it."""
    tag(doc, f'{{%p if has_chart("{name}") %}}')
    para(doc, f'{{{{ chart("{name}") }}}}', align="center", indent=False, keep_next=True)
    p = runs(doc, [("{% set ns.c = ns.c + 1 %}Biểu đồ {{ ns.c }}: ", {"bold": True,
                                                                      "italic": True}),
                   (f'{{{{ chart_caption("{name}") }}}}', {"italic": True})],
             align="center", indent=False)
    p.paragraph_format.space_after = Pt(12)
    tag(doc, "{%p endif %}")


def results(doc) -> None:
    # A unit may write the whole of "I. Những kết quả chủ yếu" in its own content file
    # (headings "#", "##", "###" numbered 1., 1.1., 1.1.1.), figures through sentence().
    tag(doc, '{%p if content.own("ket-qua-chu-yeu") %}')
    content_loop(doc, "ket-qua-chu-yeu", head_level=3, deep=True)
    tag(doc, "{%p else %}")
    fixed_results(doc)
    tag(doc, "{%p endif %}")


def fixed_results(doc) -> None:
    for title, subs in RESULTS:
        sub_conds = [f'({_with_data(f, g)} or content.own("{s}"))' for _, f, g, s in subs]
        tag(doc, "{%p if " + " or ".join(sub_conds) + " %}")
        heading(doc, "{% set ns.a = ns.a + 1 %}{% set ns.b = 0 %}{{ ns.a }}. " + title, 3)
        for (sub, field, groups, section), cond in zip(subs, sub_conds):
            data = _with_data(field, groups)
            tag(doc, f"{{%p if {cond} %}}")
            heading(doc, "{% set ns.b = ns.b + 1 %}{{ ns.a }}.{{ ns.b }}. " + sub, 4)
            tag(doc, f'{{%p if content.own("{section}") %}}')
            content_loop(doc, section)
            tag(doc, "{%p endif %}")
            # The figures the unit's own text has not written yet, one sentence per group
            # (draftgen.sentences: the catalogue's pattern, or its kind's).
            tag(doc, f"{{%p if {data}|uncited %}}")
            para(doc, f"{{{{ sentence({data}|uncited) }}}}")
            tag(doc, "{%p endif %}")
            if section == "kt-tang-truong":
                # Charts: growth by year, economic structure start vs end of term.
                chart_block(doc, "tang-truong")
                chart_block(doc, "co-cau")
            tag(doc, "{%p endif %}")
        tag(doc, "{%p endif %}")
    # A unit with no figures and no text of its own for the section (a new project): a
    # visible place for the editor to write it, not an empty section.
    tag(doc, "{%p if ns.a == 0 %}")
    p = para(doc, PLACEHOLDER, italic=True)
    p.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    tag(doc, "{%p endif %}")


def assessment(doc) -> None:
    heading(doc, "{% set ns.r = ns.r + 1 %}{{ ns.r|roman }}. ĐÁNH GIÁ TỔNG QUÁT", 2)
    heading(doc, "1. Kết quả đạt được", 3)
    # Counts are on the resolution's own numbered targets (items), out of all of them.
    tag(doc, "{%p if targets.assessed %}")
    para(doc, "Thực hiện Nghị quyết Đại hội đại biểu {{ unit.party_organization }} lần thứ "
              "{{ doc.resolution_congress|roman }}, nhiệm kỳ {{ doc.term }}, "
              "{{ unit.party_organization }} "
              "{% if targets.stated_met and targets.stated_total %}"
              "{{ met_count(targets.stated_met.value|int, targets.stated_total.value|int) }}"
              " chủ yếu Nghị quyết đề ra"
              "{% if targets.stated_met.illustrative or targets.stated_total.illustrative %}"
              " [minh họa]{% endif %}{% if not targets.counts_agree %} [cần kiểm tra: "
              "bảng mục tiêu của số liệu có {{ targets.total|cnt }} chỉ tiêu, theo số liệu "
              "{{ targets.met|length|cnt }} chỉ tiêu đạt và vượt"
              "{% if targets.illustrative %} (bảng có chỉ tiêu minh họa){% endif %}"
              "{% if targets.without_result %}, {{ targets.without_result|length|cnt }} "
              "chỉ tiêu chưa đánh giá được "
              "{% for t in targets.without_result %}({{ t.number or t.rows[0].label }})"
              "{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}]{% endif %}"
              "{% else %}{{ met_count(targets.met|length, targets.total) }} chủ yếu "
              "Nghị quyết đề ra{% if targets.illustrative %} [minh họa]{% endif %}{% endif %}"
              "{% if targets.counts_agree %}{% if targets.exceeded %} (trong đó "
              "{{ targets.exceeded|length|cnt }} chỉ tiêu vượt mục tiêu"
              "{% if targets.illustrative %} [minh họa]{% endif %}){% endif %}"
              "{% if targets.without_result %}; {{ targets.without_result|length|cnt }} "
              "chỉ tiêu chưa có số liệu đánh giá "
              "{% for t in targets.without_result %}({{ t.number or t.rows[0].label }})"
              "{% if not loop.last %}, {% endif %}{% endfor %}{% endif %}{% endif %}.")
    tag(doc, "{%p endif %}")
    content_loop(doc, "ket-qua")

    heading(doc, "2. Hạn chế", 3)
    # With a stated count that the data's list does not match, the list's unmet targets
    # are not "the" unmet targets of the resolution: said so, for the editor to check.
    tag(doc, "{%p if targets.not_met %}")
    para(doc, "{% if not targets.counts_agree %}[cần kiểm tra: bảng mục tiêu của số liệu "
              "không khớp số chỉ tiêu Nghị quyết ghi] {% endif %}"
              "Trong {{ targets.total|cnt }} chỉ tiêu chủ yếu {% if targets.counts_agree %}"
              "Nghị quyết đề ra{% else %}của bảng mục tiêu{% endif %}, "
              "{{ targets.not_met|length|unmet_count }}: "
              "{% for item in targets.not_met %}"
              "{% if item.number %}({{ item.number }}) {% endif %}"
              "{% for t in item.not_met_rows %}"
              "{% if t.qualitative %}{{ (t.wording or t.text)|lower_first }} (chưa đạt)"
              "{% else %}{{ t.indicator.name|lower_first }} {{ t.achieved|vs_target(t) }}"
              "{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}"
              "{% if not loop.last %}; {% endif %}{% endfor %}.")
    tag(doc, "{%p endif %}")
    content_loop(doc, "han-che")

    heading(doc, "3. Nguyên nhân", 3)
    heading(doc, "3.1. Nguyên nhân khách quan", 4)
    content_loop(doc, "nguyen-nhan-khach-quan")
    heading(doc, "3.2. Nguyên nhân chủ quan", 4)
    content_loop(doc, "nguyen-nhan-chu-quan")

    heading(doc, "4. Bài học kinh nghiệm", 3)
    content_loop(doc, "bai-hoc", form="lessons")


def direction(doc) -> None:
    heading(doc, "Phần thứ hai", 1)
    heading(doc, "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ {{ doc.next_term }}", 1)
    heading(doc, "I. DỰ BÁO BỐI CẢNH, TÌNH HÌNH 5 NĂM TỚI", 2)
    content_loop(doc, "boi-canh")
    heading(doc, "II. QUAN ĐIỂM, MỤC TIÊU TỔNG QUÁT VÀ CHỈ TIÊU CHỦ YẾU", 2)
    heading(doc, "1. Quan điểm", 3)
    content_loop(doc, "quan-diem", form="numbered")
    heading(doc, "2. Mục tiêu tổng quát", 3)
    content_loop(doc, "muc-tieu-tong-quat")
    heading(doc, "3. Các chỉ tiêu chủ yếu nhiệm kỳ {{ doc.next_term }}", 3)
    # The resolution's own list: its numbers and its wording, one paragraph per numbered
    # target (sub-rows of one number grouped); a number missing from the data is flagged.
    tag(doc, "{%p if next_targets %}")
    target_list(doc, "next_targets")
    tag(doc, "{%p else %}")
    content_loop(doc, "chi-tieu-chu-yeu", form="numbered")
    tag(doc, "{%p endif %}")

    heading(doc, "III. NHIỆM VỤ TRỌNG TÂM VÀ ĐỘT PHÁ PHÁT TRIỂN", 2)
    heading(doc, "1. Nhiệm vụ trọng tâm", 3)
    content_loop(doc, "nhiem-vu-trong-tam", form="numbered")
    heading(doc, "2. Các đột phá phát triển", 3)
    content_loop(doc, "dot-pha", form="numbered")
    heading(doc, "IV. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU", 2)
    content_loop(doc, "nhiem-vu-giai-phap")


def annex(doc) -> None:
    tag(doc, "{%p if targets %}")
    page_break(doc)
    para(doc, "PHỤ LỤC", bold=True, align="center", indent=False, after=0)
    para(doc, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU NGHỊ QUYẾT ĐẠI HỘI "
              "NHIỆM KỲ {{ doc.term }}", bold=True, align="center", indent=False, after=0)
    para(doc, "(Kèm theo Báo cáo chính trị của Ban Chấp hành {{ unit.party_organization }})",
         italic=True, align="center", indent=False, after=12)
    table(doc,
          ["STT", "Chỉ tiêu", "ĐVT", "Mục tiêu Nghị quyết", "Thực hiện", "Đánh giá"],
          ["{{ t.label }}",
           "{% if t.qualitative %}{{ t.wording or t.text }}{% else %}"
           "{{ t.indicator.name }}{% endif %}",
           "{% if not t.qualitative %}{{ t.indicator.display_uom }}{% endif %}",
           "{% if t.qualitative %}định tính{% else %}{{ t|target(unit='') }}{% endif %}",
           "{% if t.qualitative %}-{% elif t.has_result %}{{ t.achieved|num }}"
           "{% if (t.achieved|est_word) != \"đạt\" %} ({{ t.achieved|est_word }}){% endif %}"
           "{% else %}-{% endif %}",
           "{{ t.verdict }}"],
          widths=[1.4, 6.4, 1.9, 2.4, 2.3, 2.0], loop="t in targets.rows",
          aligns=["center", "left", "center", "center", "center", "center"])
    tag(doc, "{%p endif %}")


def build(out: Path = OUT, force: bool = False) -> Path:
    doc = new_document()
    party_header(
        doc,
        superior="{{ unit.superior|upper }}", superior_if="unit.superior",
        issuer="{{ unit.committee|upper }}",
        superior_len="unit.superior|length", issuer_len="unit.committee|length",
        number="Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0{{ unit.doc_symbol }}",
        dateline="{% if doc.date %}{{ dateline(doc.date, unit.place, draft=doc.draft) }}"
                 "{% else %}{{ unit.place }}, ngày\u00a0\u00a0\u00a0\u00a0 tháng\u00a0\u00a0"
                 "\u00a0\u00a0 năm {{ doc.report_year }}{% endif %}",
    )
    title = doc.add_paragraph("BÁO CÁO CHÍNH TRỊ", style="Title")
    title.paragraph_format.space_before = Pt(18)
    tag(doc, "{%p if doc.title %}")
    doc.add_paragraph("{{ doc.title|upper }}", style="Subtitle")
    tag(doc, "{%p endif %}")
    doc.add_paragraph("của Ban Chấp hành {{ unit.party_organization }} khóa "
                      "{{ doc.resolution_congress|roman }} trình Đại hội đại biểu "
                      "{{ unit.party_organization }} lần thứ {{ doc.congress|roman }}, "
                      "nhiệm kỳ {{ doc.next_term }}", style="Subtitle")
    tag(doc, "{%p if doc.draft %}")
    draft = doc.add_paragraph("(Dự thảo)", style="Subtitle")
    draft.runs[0].italic = True
    draft.runs[0].bold = False
    tag(doc, "{%p endif %}")
    para(doc, "", indent=False, after=6)
    tag(doc, "{%p set ns = namespace(a=0, b=0, c=0, r=0) %}")
    para(doc, "Trong {{ doc.term.years|words }} năm qua, dưới sự lãnh đạo của "
         "{{ unit.parent.committee if unit.parent else 'Ban Chấp hành Trung ương Đảng' }}, "
         "sự chỉ đạo, điều hành của chính quyền các cấp, sự ủng hộ, đồng thuận của Nhân dân "
         "và cộng đồng doanh nghiệp, {{ unit.party_organization }} đã phát huy tiềm năng, lợi "
         "thế, khắc phục khó khăn, thách thức, thực hiện các mục tiêu, nhiệm vụ Nghị quyết Đại "
         "hội đại biểu {{ unit.party_organization }} lần thứ {{ doc.resolution_congress|roman }}"
         ", nhiệm kỳ {{ doc.term }}. Đại hội đại biểu {{ unit.party_organization }} lần thứ "
         "{{ doc.congress|roman }} có nhiệm vụ đánh giá kết quả thực hiện Nghị quyết Đại hội "
         "nhiệm kỳ {{ doc.term }}, xác định phương hướng, mục tiêu, nhiệm vụ, giải pháp "
         "nhiệm kỳ {{ doc.next_term }}.")
    tag(doc, '{%p if content.own("mo-dau") %}')
    content_loop(doc, "mo-dau")
    tag(doc, "{%p endif %}")

    heading(doc, "Phần thứ nhất", 1)
    heading(doc, "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU "
                 "{{ unit.party_organization|upper }} LẦN THỨ "
                 "{{ doc.resolution_congress|roman }}, NHIỆM KỲ {{ doc.term }}", 1)
    # A unit may open Part One with the setting of the term (its own content file only);
    # the Roman numbers of the sections follow.
    tag(doc, '{%p if content.own("boi-canh-nhiem-ky") %}')
    heading(doc, "{% set ns.r = ns.r + 1 %}{{ ns.r|roman }}. BỐI CẢNH TÌNH HÌNH", 2)
    content_loop(doc, "boi-canh-nhiem-ky")
    tag(doc, "{%p endif %}")
    heading(doc, "{% set ns.r = ns.r + 1 %}{{ ns.r|roman }}. NHỮNG KẾT QUẢ CHỦ YẾU", 2)
    results(doc)
    assessment(doc)
    direction(doc)

    para(doc, "Với truyền thống đoàn kết, tinh thần tự lực, tự cường, {{ unit.party_organization }}"
              " quyết tâm phát huy những kết quả đã đạt được, khắc phục hạn chế, yếu kém, "
              "thực hiện thắng lợi Nghị quyết Đại hội đại biểu {{ unit.party_organization }} "
              "lần thứ {{ doc.congress|roman }}, nhiệm kỳ {{ doc.next_term }}, xây dựng "
              "{{ unit.full_name }} ngày càng phát triển./.", before=6, keep_next=True)
    para(doc, "", after=6, keep_next=True)
    recipients_and_signature(doc)
    annex(doc)
    return save(doc, out, force=force)


if __name__ == "__main__":
    main(build, OUT)
