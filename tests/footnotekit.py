"""Footnote test helpers shared by the footnote tests and the footnote benchmark: the render
step as draftgen.render does it, a template with footnotes of its own, and a report-like
template of ~400 paragraphs with many notes."""

from __future__ import annotations

from pathlib import Path

import docx
import docxtpl
import jinja2
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx.shared import Mm, Pt
from jinja2.sandbox import SandboxedEnvironment

from draftgen.footnotes import FootnoteCollector, footnote_filters
from draftgen.oxml.footnotes import apply_footnotes
from draftgen.oxml.ns import CT, NSMAP, RT

W = NSMAP["w"]
W_DECL = f'xmlns:w="{W}"'


def make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    env.filters.update(footnote_filters())
    return env


def render(template: Path, out: Path, context: dict, **options) -> int:
    """The render step as draftgen.render does it; returns the number of notes."""
    collector = FootnoteCollector()
    context = {**context, "fn": collector.fn}
    tpl = docxtpl.DocxTemplate(str(template))
    tpl.render(context, jinja_env=make_env(), autoescape=True)
    count = apply_footnotes(tpl.docx, collector, **options)
    tpl.save(str(out))
    return count


# Older convention: separators 0 and 1; note 2 carries a Jinja tag; note 3 is referenced
# under a condition that will be false.
TEMPLATE_FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {W_DECL}>
<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Số liệu năm {{{{ year }}}}.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>Bị bỏ.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def reference_run(id: int):
    return parse_xml(
        f'<w:r {W_DECL}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{id}"/></w:r>'
    )


def make_template_with_footnotes(tmp_path: Path) -> Path:
    document = docx.Document()
    p = document.add_paragraph("Mới{{ fn('Mới một') }}, cũ")
    p._p.append(reference_run(2))
    p.add_run(".")
    p = document.add_paragraph("{% for x in xs %}Lặp {{ x }}")
    p._p.append(reference_run(2))
    p.add_run("{{ fn('Lặp ' ~ x) }}; {% endfor %}")
    p = document.add_paragraph("{% if false %}Ẩn")
    p._p.append(reference_run(3))
    p.add_run("{% endif %}Hết{{ fn('Cuối') }}.")
    part = Part(
        PackURI("/word/footnotes.xml"),
        CT.FOOTNOTES,
        TEMPLATE_FOOTNOTES.encode(),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "mau-co-chu-thich.docx"
    document.save(str(path))
    return path


SENTENCE = (
    "Tốc độ tăng trưởng kinh tế bình quân giai đoạn đạt {{ v[%d] }}%%, quy mô nền kinh tế tiếp tục "
    "được mở rộng, cơ cấu kinh tế chuyển dịch theo hướng tích cực, thu ngân sách trên địa bàn "
    "tăng khá, đời sống vật chất và tinh thần của Nhân dân được cải thiện rõ rệt"
)
NOTE = (
    "{{ fn('Năm 2020 đạt', v[%d] ~ '%%; năm 2021 đạt 1,5%%, năm 2022 đạt 3,5%%, năm 2023 đạt "
    "4,8%%, dự ước năm 2025 đạt 5,5%%. Trong đó: ngành nông, lâm nghiệp tăng 6,47%%; công "
    "nghiệp - xây dựng tăng 9,19%%; dịch vụ tăng 6,49%%.') }}"
)


def build_template(path: Path, *, paragraphs: int = 400, notes: int = 150) -> None:
    """A report-like template: A4, Times New Roman 14 pt, headings, a table, a loop."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.paragraph_format.first_line_indent = Mm(10)
    normal.paragraph_format.space_after = Pt(6)
    in_table = 3 if notes else 0  # the table's loop below makes three rows with a note each
    every = max(1, (paragraphs - 20) // notes) if notes else paragraphs + 1
    placed = 0
    for i in range(paragraphs - 20):
        if i % 40 == 0:
            document.add_heading(f"{i // 40 + 1}. Kết quả thực hiện các chỉ tiêu chủ yếu", level=2)
        note = NOTE % i if notes and i % every == 0 and placed < notes - in_table else ""
        placed += bool(note)
        document.add_paragraph(SENTENCE % i + note + ".")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Chỉ tiêu", "Kết quả", "Ghi chú")):
        cell.text = text
    row = table.add_row().cells
    row[0].text = "{%tr for r in rows %}"
    row = table.add_row().cells
    row[0].text = "{{ r.name }}"
    row[1].text = "{{ r.value }}%" + ("{{ fn('Số liệu ước đạt của', r.name) }}" if notes else "")
    row = table.add_row().cells
    row[0].text = "{%tr endfor %}"
    for _ in range(notes - placed - in_table):
        document.add_paragraph("Tiếp tục đẩy mạnh cải cách hành chính{{ fn('Ghi chú bổ sung.') }}.")
    document.save(str(path))


def context() -> dict:
    rows = [{"name": f"Chỉ tiêu {i}", "value": f"{i},5"} for i in range(1, 4)]
    return {"v": [f"{i % 9 + 1},{i % 7}" for i in range(400)], "rows": rows}
