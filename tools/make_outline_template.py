"""Generate templates/de-cuong-tuyen-truyen.docx: the propaganda outline (đề cương tuyên
truyền) of a term's achievements, in the official form.

Run from the repository root::

    python tools/make_outline_template.py [output.docx]

The outline follows the province's 2015 - 2020 outline (issued with letter 2528-CV/BTGTU of
19/6/2020): the issuing body (the committee and its department, ``doc.issuer``) and the date,
"ĐỀ CƯƠNG" and its summary line, "(Ban hành kèm theo Công văn số …)" when the document has a
``letter``, the lead paragraph, the numbered fields (1. Kinh tế … 4. Xây dựng Đảng with 4.1 …
4.6, 5. Chính quyền, 6. Mặt trận), the "***" conclusion with the count of targets met.

Each section's prose comes from the unit's content file
``noi-dung/<unit>/de-cuong-tuyen-truyen/<section>.md`` when it has one (sections: ``mo-dau``,
``kinh-te``, ``van-hoa-xa-hoi``, ``quoc-phong-an-ninh``, ``chinh-tri-tu-tuong``,
``to-chuc-can-bo``, ``kiem-tra-giam-sat``, ``noi-chinh``, ``dan-van``,
``phuong-thuc-lanh-dao``, ``chinh-quyen``, ``mat-tran``, ``ket-luan``); otherwise from the
achievements chosen from the data (``highlights``, ``highlight_groups``). A field or a sub-item
with neither is left out and the numbers that follow close up. Edit the wording here (or in
Word, keeping the ``{{ }}`` / ``{% %}``).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from officialform import (  # noqa: E402
    heading,
    main,
    new_document,
    para,
    party_header,
    save,
    tag,
    title_block,
)

OUT = Path(__file__).resolve().parents[1] / "templates" / "de-cuong-tuyen-truyen.docx"

PARTY = "{{ unit.party_organization }}"
RESOLUTION = f"Nghị quyết Đại hội {PARTY} lần thứ {{{{ doc.resolution_congress|roman }}}}"
FOLDER = "de-cuong-tuyen-truyen"  # content files: noi-dung/<unit>/de-cuong-tuyen-truyen/<section>.md

# (catalogue field, how many achievements, section title, words for the conclusion, content
# section). Titles as the province's 2015 - 2020 outline words them.
FIELDS = [
    ("kinh tế", 8, "Kinh tế có bước phát triển mới trên một số lĩnh vực quan trọng",
     "kinh tế", "kinh-te"),
    ("văn hóa - xã hội", 8, "Lĩnh vực văn hóa - xã hội có nhiều tiến bộ", "văn hóa - xã hội",
     "van-hoa-xa-hoi"),
    ("quốc phòng - an ninh", 5, "Quốc phòng, an ninh, tư pháp được tăng cường, trật tự an toàn "
     "xã hội bảo đảm, công tác đối ngoại được mở rộng và phát triển", "quốc phòng, an ninh",
     "quoc-phong-an-ninh"),
    ("xây dựng Đảng", None, "Công tác xây dựng Đảng có nhiều chuyển biến quan trọng, thực chất; "
     "năng lực lãnh đạo, sức chiến đấu của Đảng bộ tiếp tục được nâng lên, đáp ứng tốt hơn yêu "
     "cầu nhiệm vụ", "xây dựng Đảng", None),
    ("chính quyền", 5, "Năng lực, hiệu lực quản lý Nhà nước được nâng lên, phát huy tốt "
     "hiệu quả", "xây dựng chính quyền", "chinh-quyen"),
    ("Mặt trận và đoàn thể", 5, "Hoạt động của Mặt trận Tổ quốc và các tổ chức chính trị - "
     "xã hội có nhiều đổi mới", "công tác Mặt trận và đoàn thể", "mat-tran"),
]

# Sub-items of "xây dựng Đảng" (4.1 …): catalogue group ("" if none), title, content section.
PARTY_GROUPS = [
    ("chính trị tư tưởng", "Công tác giáo dục chính trị tư tưởng được chú trọng thực hiện "
     "hiệu quả gắn với thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và "
     "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "chinh-tri-tu-tuong"),
    ("tổ chức cán bộ", "Công tác tổ chức xây dựng Đảng được tập trung lãnh đạo, chỉ đạo; các "
     "tổ chức đảng thường xuyên củng cố, kiện toàn, nâng cao năng lực lãnh đạo và sức chiến "
     "đấu", "to-chuc-can-bo"),
    ("kiểm tra giám sát", "Công tác kiểm tra, giám sát, kỷ luật của Đảng được tăng cường, góp "
     "phần giữ vững kỷ cương, kỷ luật và nâng cao sức chiến đấu của tổ chức đảng",
     "kiem-tra-giam-sat"),
    ("", "Công tác nội chính, đấu tranh phòng, chống tham nhũng, lãng phí được thực hiện "
     "hiệu quả", "noi-chinh"),
    ("dân vận", "Công tác dân vận của hệ thống chính trị thường xuyên được quan tâm, dân vận "
     "chính quyền được chú trọng thực hiện, đạt nhiều kết quả tích cực", "dan-van"),
    ("", "Phương thức lãnh đạo của tổ chức đảng có nhiều đổi mới", "phuong-thuc-lanh-dao"),
]

# One paragraph of achievements: each a sentence, its footnote from the data's note.
SENTENCES = ("{% for h in items %}{{ h.text }}{{ h|note }}.{% if not loop.last %} "
             "{% endif %}{% endfor %}")


def own(section: str) -> str:
    """The Jinja test: the unit has its own text for this section of the outline."""
    return f'content.own("{FOLDER}/{section}")'


def content_paras(doc, section: str) -> None:
    """The paragraphs of a content file (its items as "- " lines)."""
    tag(doc, f'{{%p for b in content("{FOLDER}/{section}") %}}')
    tag(doc, "{%p if b.is_item %}")
    para(doc, "- {{ b }}")
    tag(doc, "{%p else %}")
    para(doc, "{{ b }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def field_block(doc, field: str, n: int, title: str, words: str, section: str) -> None:
    tag(doc, f'{{%p set groups = highlight_groups("{field}", {n}) %}}')
    tag(doc, f"{{%p if {own(section)} or groups %}}")
    tag(doc, "{%p set ns.n = ns.n + 1 %}")
    tag(doc, f'{{%p set ns.fields = ns.fields + ["{words}"] %}}')
    heading(doc, f"{{{{ ns.n }}}}. {title}", 3)
    tag(doc, f"{{%p if {own(section)} %}}")
    content_paras(doc, section)
    tag(doc, "{%p else %}")
    tag(doc, "{%p for g in groups %}")
    tag(doc, "{%p set items = g.items %}")
    para(doc, SENTENCES)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def party_block(doc, field: str, title: str, words: str) -> None:
    subs = [own(s) for _, _, s in PARTY_GROUPS]
    tag(doc, "{%p if " + " or ".join(subs) + f' or highlights("{field}", n=100) %}}')
    tag(doc, "{%p set ns.n = ns.n + 1 %}")
    tag(doc, "{%p set ns.sub = 0 %}")
    tag(doc, f'{{%p set ns.fields = ns.fields + ["{words}"] %}}')
    heading(doc, f"{{{{ ns.n }}}}. {title}", 3)
    for group, sub_title, section in PARTY_GROUPS:
        if group:
            tag(doc, f'{{%p set items = highlights("{field}", "{group}", n=5) %}}')
        else:
            tag(doc, "{%p set items = [] %}")
        tag(doc, f"{{%p if {own(section)} or items %}}")
        tag(doc, "{%p set ns.sub = ns.sub + 1 %}")
        heading(doc, f"{{{{ ns.n }}}}.{{{{ ns.sub }}}}. {sub_title}", 4)
        tag(doc, f"{{%p if {own(section)} %}}")
        content_paras(doc, section)
        tag(doc, "{%p else %}")
        para(doc, SENTENCES)
        tag(doc, "{%p endif %}")
        tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def header(doc) -> None:
    """The issuing body (the committee's department when ``issuer`` is set) and the date,
    the title, and the line naming the letter the outline is issued with."""
    party_header(doc, superior="{{ unit.committee|upper }}", superior_if="doc.issuer",
                 issuer="{{ (doc.issuer or unit.committee)|upper }}", number="",
                 dateline="{{ dateline(doc.date, unit.place, draft=doc.draft) }}")
    title_block(doc, "ĐỀ CƯƠNG", [
        "Tuyên truyền những thành tựu nổi bật trong {{ doc.term.years }} năm thực hiện Nghị "
        "quyết",
        f"Đại hội {PARTY} lần thứ {{{{ doc.resolution_congress|roman }}}}, nhiệm kỳ "
        "{{ doc.term }}",
    ], draft_if="doc.draft")
    tag(doc, "{%p if doc.letter %}")
    letter = para(doc, "(Ban hành kèm theo Công văn số {{ doc.letter }}"
                  "{% if doc.date %}, ngày {{ doc.date|date }}{% endif %}", italic=True,
                  align="center", indent=False, after=12)
    letter.add_run().add_break()  # as the province's outline: the issuer on a line of its own
    tail = letter.add_run("của {{ doc.issuer or unit.committee_kind }}{% if doc.issuer %} "
                          "{{ unit.committee_kind }}{% endif %})")
    tail.italic = True
    tag(doc, "{%p endif %}")


def build(path: Path = OUT, force: bool = False) -> Path:
    doc = new_document()
    header(doc)

    tag(doc, f"{{%p if {own('mo-dau')} %}}")
    content_paras(doc, "mo-dau")
    tag(doc, "{%p else %}")
    para(doc, f"Thực hiện {RESOLUTION}, nhiệm kỳ {{{{ doc.term }}}}, Ban Chấp hành {PARTY}, "
         "Ban Thường vụ {{ unit.committee }} đã ban hành nhiều nghị quyết chuyên đề, chỉ thị, "
         "chương trình, kế hoạch để kịp thời lãnh đạo, chỉ đạo, tổ chức thực hiện có hiệu quả "
         "các mục tiêu, nhiệm vụ Nghị quyết Đại hội đề ra. Cấp ủy đảng, chính quyền, Mặt trận "
         "Tổ quốc và các tổ chức chính trị - xã hội các cấp cùng các tầng lớp Nhân dân đã tích "
         "cực, chủ động khắc phục khó khăn, tổ chức thực hiện và đạt được nhiều kết quả quan "
         "trọng trên các lĩnh vực.")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p set ns = namespace(n=0, sub=0, fields=[]) %}")
    for field, n, title, words, section in FIELDS:
        if n is None:
            party_block(doc, field, title, words)
        else:
            field_block(doc, field, n, title, words, section)

    para(doc, "***", align="center", indent=False, before=6)
    tag(doc, f"{{%p if {own('ket-luan')} %}}")
    content_paras(doc, "ket-luan")
    tag(doc, "{%p else %}")
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
    tag(doc, "{%p endif %}")
    return save(doc, path, force=force)


if __name__ == "__main__":
    main(build, OUT)
