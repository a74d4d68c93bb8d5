"""Generate templates/de-cuong-tuyen-truyen.docx: the propaganda outline (đề cương tuyên
truyền) of a term's achievements, in the official form.

Run from the repository root::

    python tools/make_outline_template.py [output.docx]

The outline follows the province's 2015 - 2020 outline: title and summary line, an opening
paragraph, numbered achievements by field (1. Kinh tế … 4. Xây dựng Đảng with 4.1 …,
5. Chính quyền, 6. Mặt trận), the "***" conclusion "Nhìn chung, …" with the count of targets
met, and a block of slogans. The achievements are chosen from the data (``highlights``,
``highlight_groups``); a field or a sub-item without any is left out and the numbers that
follow close up. Edit the wording here (or in Word, keeping the ``{{ }}`` / ``{% %}``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officialform import heading, main, new_document, para, save, tag, title_block  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "templates" / "de-cuong-tuyen-truyen.docx"

PARTY = "{{ unit.party_organization }}"
RESOLUTION = f"Nghị quyết Đại hội {PARTY} lần thứ {{{{ doc.resolution_congress|roman }}}}"

# (catalogue field, how many achievements, section title, words for the conclusion)
FIELDS = [
    ("kinh tế", 8, "Kinh tế có bước phát triển mới trên một số lĩnh vực quan trọng",
     "kinh tế"),
    ("văn hóa - xã hội", 8, "Lĩnh vực văn hóa - xã hội có nhiều tiến bộ, an sinh xã hội "
     "được bảo đảm", "văn hóa - xã hội"),
    ("quốc phòng - an ninh", 5, "Quốc phòng, an ninh được tăng cường, trật tự an toàn xã hội "
     "được bảo đảm", "quốc phòng, an ninh"),
    ("xây dựng Đảng", None, "Công tác xây dựng Đảng có nhiều chuyển biến quan trọng; năng lực "
     "lãnh đạo, sức chiến đấu của Đảng bộ tiếp tục được nâng lên", "xây dựng Đảng"),
    ("chính quyền", 5, "Năng lực, hiệu lực quản lý Nhà nước được nâng lên, phát huy tốt "
     "hiệu quả", "xây dựng chính quyền"),
    ("Mặt trận và đoàn thể", 5, "Hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - "
     "xã hội có nhiều đổi mới", "công tác Mặt trận và đoàn thể"),
]

# Sub-items of "xây dựng Đảng" (4.1 …): catalogue group, title.
PARTY_GROUPS = [
    ("chính trị tư tưởng", "Công tác giáo dục chính trị tư tưởng được chú trọng thực hiện "
     "hiệu quả"),
    ("tổ chức cán bộ", "Công tác tổ chức xây dựng Đảng được tập trung lãnh đạo, chỉ đạo; các "
     "tổ chức đảng thường xuyên được củng cố, kiện toàn, nâng cao năng lực lãnh đạo và sức "
     "chiến đấu"),
    ("kiểm tra giám sát", "Công tác kiểm tra, giám sát, kỷ luật của Đảng được tăng cường, góp "
     "phần giữ vững kỷ cương, kỷ luật và nâng cao sức chiến đấu của tổ chức đảng"),
    ("dân vận", "Công tác dân vận của hệ thống chính trị thường xuyên được quan tâm, đạt "
     "nhiều kết quả tích cực"),
]

# One paragraph of achievements: each a sentence, its footnote from the data's note.
SENTENCES = ("{% for h in items %}{{ h.text }}{{ h|note }}.{% if not loop.last %} "
             "{% endif %}{% endfor %}")

SLOGANS = [
    f"Nhiệt liệt chào mừng Đại hội đại biểu {PARTY} lần thứ {{{{ doc.congress|roman }}}}, "
    "nhiệm kỳ {{ doc.next_term }}!",
    "Cán bộ, đảng viên và Nhân dân các dân tộc {{ unit.full_name }} thi đua lập thành tích "
    f"chào mừng Đại hội đại biểu {PARTY} lần thứ {{{{ doc.congress|roman }}}}!",
    f"Xây dựng {PARTY} trong sạch, vững mạnh!",
    "Phát huy sức mạnh khối đại đoàn kết toàn dân tộc, xây dựng {{ unit.full_name }} phát "
    "triển nhanh và bền vững!",
    "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
    "Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!",
]


def field_block(doc, field: str, n: int, title: str, words: str) -> None:
    tag(doc, f'{{%p set groups = highlight_groups("{field}", {n}) %}}')
    tag(doc, "{%p if groups %}")
    tag(doc, "{%p set ns.n = ns.n + 1 %}")
    tag(doc, f'{{%p set ns.fields = ns.fields + ["{words}"] %}}')
    heading(doc, f"{{{{ ns.n }}}}. {title}", 3)
    tag(doc, "{%p for g in groups %}")
    tag(doc, "{%p set items = g.items %}")
    para(doc, SENTENCES)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


def party_block(doc, field: str, title: str, words: str) -> None:
    tag(doc, f'{{%p if highlights("{field}", n=100) %}}')
    tag(doc, "{%p set ns.n = ns.n + 1 %}")
    tag(doc, "{%p set ns.sub = 0 %}")
    tag(doc, f'{{%p set ns.fields = ns.fields + ["{words}"] %}}')
    heading(doc, f"{{{{ ns.n }}}}. {title}", 3)
    for group, sub_title in PARTY_GROUPS:
        tag(doc, f'{{%p set items = highlights("{field}", "{group}", n=5) %}}')
        tag(doc, "{%p if items %}")
        tag(doc, "{%p set ns.sub = ns.sub + 1 %}")
        heading(doc, f"{{{{ ns.n }}}}.{{{{ ns.sub }}}}. {sub_title}", 4)
        para(doc, SENTENCES)
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def build(path: Path = OUT, force: bool = False) -> Path:
    doc = new_document()
    title_block(doc, "ĐỀ CƯƠNG TUYÊN TRUYỀN", [
        "Kết quả nổi bật sau {{ doc.term.years }} năm thực hiện " + RESOLUTION
        + ", nhiệm kỳ {{ doc.term }}",
    ], draft_if="doc.draft")

    para(doc, f"Thực hiện {RESOLUTION}, nhiệm kỳ {{{{ doc.term }}}}, Ban Chấp hành {PARTY}, "
         "Ban Thường vụ {{ unit.committee }} đã ban hành nhiều nghị quyết chuyên đề, chỉ thị, "
         "chương trình, kế hoạch để kịp thời lãnh đạo, chỉ đạo, tổ chức thực hiện có hiệu quả "
         "các mục tiêu, nhiệm vụ Nghị quyết Đại hội đề ra. Cấp ủy đảng, chính quyền, Mặt trận "
         "Tổ quốc và các tổ chức chính trị - xã hội các cấp cùng các tầng lớp Nhân dân đã tích "
         "cực, chủ động khắc phục khó khăn, tổ chức thực hiện và đạt được nhiều kết quả quan "
         "trọng trên các lĩnh vực.")

    tag(doc, "{%p set ns = namespace(n=0, sub=0, fields=[]) %}")
    for field, n, title, words in FIELDS:
        if n is None:
            party_block(doc, field, title, words)
        else:
            field_block(doc, field, n, title, words)

    para(doc, "***", align="center", indent=False, before=6)
    para(doc, f"Nhìn chung, sau {{{{ doc.term.years }}}} năm thực hiện {RESOLUTION}, với sự "
         "đoàn kết thống nhất, quyết tâm của tập thể lãnh đạo, sự nỗ lực phấn đấu của cả hệ "
         "thống chính trị, sự đồng thuận của Nhân dân và cộng đồng doanh nghiệp, "
         "{{ unit.full_name }} đã đạt được nhiều kết quả quan trọng"
         "{% if ns.fields %} trên các lĩnh vực {{ ns.fields|join_vi }}{% endif %}."
         "{% if targets.total %} Trong nhiệm kỳ, "
         '{{ met_count(targets.met|length, targets.total, noun="chỉ tiêu chủ yếu") }} '
         "Nghị quyết Đại hội đề ra"
         '{% if targets|selectattr("illustrative")|list %} [minh họa]{% endif %}'
         "{% if targets.without_result %}; {{ targets.without_result|length|cnt }} chỉ tiêu "
         "chưa có số liệu để đánh giá{% endif %}.{% endif %}")
    para(doc, f"Những thành tựu đã đạt được trong {{{{ doc.term.years }}}} năm {{{{ doc.term }}}} "
         f"là cơ sở, động lực để Đại hội đại biểu {PARTY} lần thứ {{{{ doc.congress|roman }}}} "
         "đề ra các chủ trương, phương hướng đúng đắn, định hướng cho toàn Đảng bộ, chính "
         "quyền và Nhân dân các dân tộc {{ unit.full_name }} trong nhiệm kỳ "
         "{{ doc.next_term }}.")

    heading(doc, "KHẨU HIỆU TUYÊN TRUYỀN", 2, align="center")
    for i, slogan in enumerate(SLOGANS, 1):
        para(doc, f"{i}. {slogan}")
    return save(doc, path, force=force)


if __name__ == "__main__":
    main(build, OUT)
