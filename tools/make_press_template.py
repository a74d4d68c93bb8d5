"""Generate templates/tin-bai.docx: a short press article (tin bài) on a unit's results in
the term so far, in the shape of the 2023 news article on Lạng Sơn (seed 002): section line,
title, the lead (sapo) in bold, an opening paragraph, the sub-heading "Kết quả nổi bật" with
the leader's words (a content file) and the figures from the data, the sub-heading
"Đồng bộ giải pháp phát triển kinh tế - xã hội" with the directions (a content file), and the
byline. No Party header, no page numbers: one or two pages.

    python tools/make_press_template.py [output.docx] [--force]

Content files: data/noi-dung/<unit>/<document>/ tieu-de, sapo, mo-dau, trich-dan, giai-phap,
but-danh (docs/ke-hoach-va-tin-bai.md). The figures are the latest values of the term up to
the report year; a figure the unit has no data for is left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.text import WD_COLOR_INDEX  # noqa: E402
from docx.shared import Pt  # noqa: E402
from officialform import heading, main, new_document, para, save, tag  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "templates" / "tin-bai.docx"

# The latest value of an indicator in the term up to the report year, as "name năm N đạt …";
# ``last(c)`` is non-empty when there is one.
MACRO = (
    "{% macro last_year(c) %}{% if ind.has(c) %}{% set ys = ind[c].years"
    "|select('gt', doc.term.start)|select('le', doc.report_year)|list %}"
    "{{ ys[-1] if ys else '' }}{% endif %}{% endmacro %}"
    "{% macro so_lieu(c, first) %}{% set f = ind[c].at(last_year(c)|int) %}"
    "{% set n = ind[c].name %}{{ n if first else n[:1]|lower ~ n[1:] }} {{ f|period }} "
    "{{ f|estimate }}{% endmacro %}"
)

# (sentence start, indicator codes): one paragraph each, the sentences of the codes the unit
# has a value for.
FIGURES = [
    ("Các lĩnh vực văn hóa - xã hội có nhiều tiến bộ.",
     ["SO_TRUONG_CHUAN_QG", "SO_XA_CHUAN_YTE", "BAC_SI_VAN_DAN", "GIUONG_BENH_VAN_DAN",
      "TY_LE_BHYT"]),
    ("Công tác phát triển đảng viên được quan tâm.", ["SO_DANG_VIEN"]),
]


def content_paras(doc, section: str, **kwargs) -> None:
    """The paragraphs of a content section (a placeholder in yellow when there is none)."""
    tag(doc, f'{{%p for b in content("{section}") %}}')
    tag(doc, "{%p if b.placeholder %}")
    p = para(doc, "{{ b.text }}", italic=True, **kwargs)
    p.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    tag(doc, "{%p else %}")
    para(doc, "{% if b.bold or b.italic %}{{ b.bold }}{{ b.italic }} {% endif %}{{ b.text }}",
         **kwargs)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def growth(doc) -> None:
    """Growth over the years of the term so far, with each year in brackets, and income per
    head likewise: "Tốc độ tăng … giai đoạn 2021 - 2022 đạt 6,95% (năm 2021 đạt 6,67%, …)"."""
    for code, lead in (("GRDP_TANG_TRUONG", "Tốc độ tăng trưởng kinh tế bình quân (GRDP)"),
                       ("THU_NHAP_BQ_DAU_NGUOI", "Thu nhập bình quân đầu người")):
        tag(doc, '{%p set span = (doc.term.start + 1)|string ~ "-" ~ (doc.report_year - 1)'
                 '|string %}')
        tag(doc, f'{{%p if ind.has("{code}") and ind.{code}.has(span) %}}')
        tag(doc, f"{{%p set g = ind.{code} %}}")
        para(doc, f"{lead} {{{{ g.at(span)|period }}}} {{{{ g.at(span)|estimate }}}} ("
                  "{% for f in g.series_between(doc.term.start + 1, doc.report_year - 1) %}"
                  "{{ f|period }} {{ f|estimate }}{% if not loop.last %}, {% endif %}"
                  "{% endfor %}).")
        tag(doc, "{%p endif %}")


def build(out: Path = OUT, force: bool = False) -> Path:
    doc = new_document(page_numbers=False)
    para(doc, MACRO + "Xây dựng Đảng", bold=True, size=12, align="left", indent=False)
    tag(doc, "{%p for b in content(\"tieu-de\") %}")
    t = doc.add_paragraph("{{ b.text }}", style="Title")
    t.paragraph_format.space_before = Pt(6)
    t.paragraph_format.space_after = Pt(6)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ unit.name }}", italic=True, align="left", indent=False, size=12)
    tag(doc, '{%p for b in content("sapo") %}')
    para(doc, "{{ b.text }}", bold=True, indent=False)
    tag(doc, "{%p endfor %}")
    content_paras(doc, "mo-dau")

    heading(doc, "Kết quả nổi bật", 3)
    content_paras(doc, "trich-dan")
    growth(doc)
    for lead, codes in FIGURES:
        cond = " or ".join(f'last_year("{c}")' for c in codes)
        tag(doc, f"{{%p if {cond} %}}")
        items = ", ".join(f'"{c}"' for c in codes)
        para(doc, f"{lead} {{% for c in [{items}] if last_year(c) %}}{{{{ so_lieu(c, loop.first) }}}}"
                  "{% if not loop.last %}; {% endif %}{% endfor %}.")
        tag(doc, "{%p endif %}")

    heading(doc, "Đồng bộ giải pháp phát triển kinh tế - xã hội", 3)
    content_paras(doc, "giai-phap")
    tag(doc, '{%p for b in content("but-danh") %}')
    para(doc, "{{ b.text }}", bold=True, align="right", indent=False)
    tag(doc, "{%p endfor %}")
    return save(doc, out, force=force)


if __name__ == "__main__":
    main(build, OUT)
