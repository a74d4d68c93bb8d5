"""Build official-form (Party document) .docx templates with python-docx.

Shared by the template generators in ``tools/`` (``make_report_template.py``,
``make_outline_template.py``). The rules come from STYLE-VI part A (Hướng dẫn 36-HD/VPTW):
A4 portrait, margins 20/20/30/15 mm, Times New Roman black, body 14 pt justified with a
first-line indent, Heading 1–4 restyled (so the navigation pane and a table of contents work),
page numbers from page 2 (top centre, 10 mm from the edge), footnote text 12 pt, the Party
header block, the "Nơi nhận" / signature block.

Every text argument is written as is, so it may hold Jinja (``{{ unit.committee|upper }}``);
docxtpl renders it. Paragraph-level tags (``{%p if … %}``) go in paragraphs of their own:
use :func:`tag`.

Usage (run from the repository root)::

    import sys; sys.path.insert(0, "tools")
    from officialform import (new_document, party_header, title_block, heading, para,
                              tag, recipients_and_signature, save)

    doc = new_document()                       # A4, margins, styles, page numbers from p. 2
    party_header(doc,
                 superior="{{ unit.superior|upper }}", superior_if="unit.superior",
                 issuer="{{ unit.committee|upper }}",
                 number="Số      {{ unit.doc_symbol }}",
                 dateline="{{ dateline(doc.date, unit.place, draft=doc.draft) }}")
    title_block(doc, "BÁO CÁO CHÍNH TRỊ", ["của Ban Chấp hành …"], draft_if="doc.draft")
    heading(doc, "Phần thứ nhất", 1)
    para(doc, "Trong 5 năm qua …")
    recipients_and_signature(doc)              # uses unit.recipients, unit.on_behalf …
    save(doc, "templates/x.docx")

API (stable):

- ``new_document(page_numbers=True) -> Document``
- ``setup_page(doc, top=20, bottom=20, left=30, right=15)`` (mm)
- ``setup_styles(doc)``: Normal, Heading 1–4, Title, Subtitle, Footnote Text/Reference,
  Header, "Table Text", "Recipients"
- ``add_page_numbers(doc)``: PAGE field top centre, none on the first page
- ``party_header(doc, *, superior, issuer, number, dateline, superior_if=None,
  country="ĐẢNG CỘNG SẢN VIỆT NAM")``
- ``title_block(doc, title, lines=(), *, draft_if=None, draft_text="(Dự thảo)")``
- ``heading(doc, text, level, *, align=None)`` → paragraph in "Heading {level}"
- ``para(doc, text="", *, style=None, bold=False, italic=False, align=None, indent=True)``
- ``runs(doc, [(text, {"bold": True}), …])`` → one paragraph from formatted pieces
- ``tag(doc, "{%p if x %}")`` → a paragraph holding only a paragraph tag
- ``table(doc, headers, cells, *, widths=None, loop=None)`` → bordered table; ``loop`` is the
  ``for`` clause of a docxtpl ``{%tr for … %}`` row (``"t in targets"``)
- ``recipients_and_signature(doc, *, recipients="unit.recipients", on_behalf=…,
  signer_title=…, signer_name=…)``
- ``page_break(doc)``, ``save(doc, path, force=False)``: writes the file and records its
  sha256 in ``.mau-sinh.json`` beside it; refuses (``TemplateEdited``) to overwrite a
  template whose bytes changed since (edited in Word), unless ``force``
- ``main(build, default_path)``: a generator's command line ``[output.docx] [--force]``

Heading levels as STYLE-VI A uses them: 1 = "Phần thứ nhất" and its title (centred, 14 pt
bold); 2 = "I. …" (14 pt bold capitals); 3 = "1. …" (14 pt bold); 4 = "1.1. …" / "a) …"
(14 pt bold italic).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from draftgen.oxml.archive import read_entries, write_zip

FONT = "Times New Roman"
BODY_PT = 14
FOOTNOTE_PT = 12
FIRST_LINE = Cm(1.27)
BLACK = RGBColor(0, 0, 0)

# (size pt, bold, italic, all caps, centred) — STYLE-VI A
HEADING_FORMS = {
    1: (14, True, False, False, True),
    2: (14, True, False, False, False),
    3: (14, True, False, False, False),
    4: (14, True, True, False, False),
}

ALIGN = {
    None: None,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# -- low level -------------------------------------------------------------------------
def _set_font(rpr_owner, size: float | None = None) -> None:
    """Times New Roman on every script, black, Vietnamese; no theme fonts or colours."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "000000")
    rpr.append(color)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    if size is not None:
        for tagname in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tagname))
            if el is None:
                el = OxmlElement(tagname)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def _style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH):
    try:
        return doc.styles[name]
    except KeyError:
        return doc.styles.add_style(name, kind)


def _para_format(style, *, size=BODY_PT, bold=None, italic=None, caps=None, align=None,
                 first_line=None, before=0, after=6, line=1.0, keep_next=None) -> None:
    _set_font(style.element, size)
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.color.rgb = BLACK
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if caps is not None:
        font.all_caps = caps
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if first_line is not None:
        pf.first_line_indent = first_line
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line
    if keep_next is not None:
        pf.keep_with_next = keep_next


# -- page and styles -------------------------------------------------------------------
def setup_page(doc, top: float = 20, bottom: float = 20, left: float = 30,
               right: float = 15) -> None:
    """A4 portrait with margins in millimetres (STYLE-VI A: 20–25 / 20–25 / 30–35 / 15–20)."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(210)
        section.page_height = Mm(297)
        section.top_margin = Mm(top)
        section.bottom_margin = Mm(bottom)
        section.left_margin = Mm(left)
        section.right_margin = Mm(right)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)


def setup_styles(doc) -> None:
    """Normal 14 pt justified with a first-line indent; Heading 1–4 in Times New Roman,
    black, bold; footnote text 12 pt; and the small styles the form needs."""
    styles = doc.styles
    # document defaults (also what tables and footnotes inherit)
    rpr_default = styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is not None:
            rpr_default.remove(rpr)
    normal = styles["Normal"]
    _para_format(normal, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=FIRST_LINE,
                 before=0, after=6, line=1.0)
    normal.paragraph_format.widow_control = True

    for level, (size, bold, italic, caps, centred) in HEADING_FORMS.items():
        st = styles[f"Heading {level}"]
        _para_format(st, size=size, bold=bold, italic=italic, caps=caps,
                     align=WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.JUSTIFY,
                     first_line=Cm(0) if centred else FIRST_LINE, before=6, after=6,
                     keep_next=True)
        st.font.underline = False
        try:  # the linked character style carries the theme colour too
            _set_font(styles[f"Heading {level} Char"].element, size)
        except KeyError:
            pass

    title = styles["Title"]
    _para_format(title, size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                 first_line=Cm(0), before=12, after=0, keep_next=True)
    ppr = title.element.pPr
    if ppr is not None:  # the default Title has a bottom rule and spacing we do not want
        for el in ppr.findall(qn("w:pBdr")):
            ppr.remove(el)
    title.font.all_caps = False
    for prop in ("w:spacing", "w:kern"):
        el = title.element.rPr.find(qn(prop)) if title.element.rPr is not None else None
        if el is not None:
            title.element.rPr.remove(el)
    try:
        _set_font(styles["Title Char"].element, 16)
    except KeyError:
        pass

    sub = _style(doc, "Subtitle")
    _para_format(sub, size=14, bold=True, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                 first_line=Cm(0), before=0, after=0, keep_next=True)
    for st in (sub, styles["Subtitle Char"] if "Subtitle Char" in
               [x.name for x in styles] else None):
        if st is None or st.element.rPr is None:
            continue
        for prop in ("w:spacing", "w:i", "w:iCs"):
            for el in st.element.rPr.findall(qn(prop)):
                st.element.rPr.remove(el)
        _set_font(st.element, 14)
    sub.font.italic = False

    fnt = _style(doc, "footnote text")
    fnt.element.set(qn("w:styleId"), "FootnoteText")
    fnt.base_style = normal
    _para_format(fnt, size=FOOTNOTE_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=Cm(0),
                 before=0, after=0, line=1.0)
    fnr = _style(doc, "footnote reference", WD_STYLE_TYPE.CHARACTER)
    fnr.element.set(qn("w:styleId"), "FootnoteReference")
    fnr.font.superscript = True

    header = _style(doc, "Header")
    _para_format(header, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, first_line=Cm(0),
                 before=0, after=0)

    cell = _style(doc, "Table Text")
    cell.base_style = normal
    _para_format(cell, size=13, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=Cm(0), before=2,
                 after=2)

    rec = _style(doc, "Recipients")
    rec.base_style = normal
    _para_format(rec, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, first_line=Cm(0), before=0,
                 after=0)

    # Vietnamese text; no theme fonts left in the defaults
    settings = doc.settings.element
    if settings.find(qn("w:themeFontLang")) is not None:
        settings.find(qn("w:themeFontLang")).set(qn("w:val"), "vi-VN")


def add_page_numbers(doc) -> None:
    """Page number (PAGE field) top centre from the second page: a different first page
    whose header stays empty."""
    for section in doc.sections:
        section.different_first_page_header_footer = True
        p = section.header.paragraphs[0]
        p.style = doc.styles["Header"]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _field(p, "PAGE", "2")
        first = section.first_page_header.paragraphs[0]
        first.style = doc.styles["Header"]


def _field(paragraph, instr: str, shown: str) -> None:
    def run_with(child):
        r = paragraph.add_run()
        r._r.append(child)
        return r

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    paragraph.add_run(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def new_document(page_numbers: bool = True):
    """A blank official-form document: A4, margins, styles, page numbers from page 2."""
    doc = Document()
    setup_page(doc)
    setup_styles(doc)
    if page_numbers:
        add_page_numbers(doc)
    # python-docx's default document starts with no paragraph; keep it that way
    return doc


# -- paragraphs ------------------------------------------------------------------------
def para(doc_or_cell, text: str = "", *, style: str | None = None, bold: bool = False,
         italic: bool = False, underline: bool = False, size: float | None = None,
         align: str | None = None, indent: bool = True, before: float | None = None,
         after: float | None = None, keep_next: bool | None = None):
    """A paragraph (in a document or a table cell). ``indent=False`` drops the first-line
    indent of the style."""
    p = doc_or_cell.add_paragraph(style=style)
    if text:
        r = p.add_run(text)
        r.bold = bold or None
        r.italic = italic or None
        r.underline = underline or None
        if size:
            r.font.size = Pt(size)
    pf = p.paragraph_format
    if ALIGN[align] is not None:
        pf.alignment = ALIGN[align]
    if not indent:
        pf.first_line_indent = Cm(0)
    if before is not None:
        pf.space_before = Pt(before)
    if after is not None:
        pf.space_after = Pt(after)
    if keep_next is not None:
        pf.keep_with_next = keep_next
    return p


def runs(doc_or_cell, pieces: Iterable[tuple[str, dict]], **kwargs):
    """One paragraph from formatted pieces: ``[("Một là: ", {"bold": True}), ("…", {})]``."""
    p = para(doc_or_cell, **kwargs)
    for text, fmt in pieces:
        r = p.add_run(text)
        r.bold = fmt.get("bold") or None
        r.italic = fmt.get("italic") or None
        if fmt.get("size"):
            r.font.size = Pt(fmt["size"])
    return p


def heading(doc, text: str, level: int, *, align: str | None = None):
    """A heading in Word's "Heading {level}" style (navigation pane, table of contents)."""
    p = doc.add_paragraph(text, style=f"Heading {level}")
    if ALIGN[align] is not None:
        p.paragraph_format.alignment = ALIGN[align]
    return p


def tag(doc_or_cell, text: str):
    """A paragraph holding only a docxtpl paragraph tag (``{%p if … %}``); docxtpl removes
    the whole paragraph when rendering, so no empty line is left."""
    p = doc_or_cell.add_paragraph(style="Normal")
    p.add_run(text)
    return p


def page_break(doc):
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Cm(0)
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


# -- tables ----------------------------------------------------------------------------
def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    tblpr.append(borders)


def _all_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    tblpr.append(borders)


def _widths(table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def _cell_para(cell, text: str, *, bold=False, italic=False, size=BODY_PT, align="center",
               underline=False, first=True, after=0):
    p = cell.paragraphs[0] if first and not cell.paragraphs[0].text else cell.add_paragraph()
    p.style = "Table Text"
    if text:
        r = p.add_run(text)
        r.bold = bold or None
        r.italic = italic or None
        r.underline = underline or None
        r.font.size = Pt(size)
    p.paragraph_format.alignment = ALIGN[align]
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(after)
    return p


def _rule_under(paragraph, left_cm: float, right_cm: float) -> None:
    """A short horizontal rule under a paragraph: a bottom border with side indents."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    # pBdr must come before spacing/ind/jc in pPr
    anchor = None
    for name in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(qn(name))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)
    paragraph.paragraph_format.left_indent = Cm(left_cm)
    paragraph.paragraph_format.right_indent = Cm(right_cm)


# A name in the header is never wrapped: longer names are set smaller. Character counts
# measured on Times New Roman capitals (rendered by LibreOffice) in the 8,2 cm left column:
# regular 14 pt "ĐẢNG BỘ HUYỆN VĂN LÃNG" (22) is 6,8 cm, bold 14 pt "ĐẢNG ỦY THỊ TRẤN NA
# SẦM" (23) 6,9 cm, for 7,8 cm of room.
HEADER_FIT = {False: ((25, 14), (28, 13)), True: ((24, 14), (27, 13))}


def _fitted_para(cell, text: str, length: str | None, *, bold: bool = False) -> None:
    """``text`` at 14 pt, or smaller when the Jinja expression ``length`` (the name's
    number of characters) says the name would not fit on one line."""
    if not length:
        _cell_para(cell, text, bold=bold, first=False)
        return
    for i, (limit, size) in enumerate(HEADER_FIT[bold]):
        tag(cell, f"{{%p {'if' if i == 0 else 'elif'} ({length}) <= {limit} %}}")
        _cell_para(cell, text, bold=bold, size=size, first=False)
    tag(cell, "{%p else %}")
    _cell_para(cell, text, bold=bold, size=12, first=False)
    tag(cell, "{%p endif %}")


def _no_wrap(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(OxmlElement("w:noWrap"))


def _fixed_layout(table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr = table._tbl.tblPr
    anchor = tblpr.find(qn("w:tblCellMar"))
    if anchor is None:
        anchor = tblpr.find(qn("w:tblLook"))
    if anchor is not None:
        anchor.addprevious(layout)
    else:
        tblpr.append(layout)


def party_header(doc, *, superior: str, issuer: str, number: str, dateline: str,
                 superior_if: str | None = None, country: str = "ĐẢNG CỘNG SẢN VIỆT NAM",
                 widths: tuple[float, float] = (8.2, 8.3), superior_len: str | None = None,
                 issuer_len: str | None = None):
    """The Party header block: a borderless two-column table of fixed widths.

    Left: ``superior`` (14 pt regular capitals; left out when the Jinja condition
    ``superior_if`` is false), ``issuer`` (bold capitals), "*", ``number``; with
    ``superior_len`` / ``issuer_len`` (Jinja expressions giving the names' lengths) a long
    name is set at 13 or 12 pt so that it never wraps (``HEADER_FIT``).
    Right: ``country`` (15 pt bold, with a rule under it), ``dateline`` (14 pt italic, centred).
    """
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, widths)
    _fixed_layout(table)
    left, right = table.rows[0].cells
    _no_wrap(left)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    if superior_if:
        tag(left, f"{{%p if {superior_if} %}}")
    _fitted_para(left, superior, superior_len)
    if superior_if:
        tag(left, "{%p endif %}")
    _fitted_para(left, issuer, issuer_len, bold=True)
    _cell_para(left, "*", first=False)
    _cell_para(left, number, first=False)
    _cell_para(right, country, bold=True, size=15)
    _rule_under(right.paragraphs[0], 0.2, 0.2)
    _cell_para(right, "", first=False, size=6)
    _cell_para(right, dateline, italic=True, first=False, align="center")
    return table


def title_block(doc, title: str, lines: Sequence[str] = (), *, draft_if: str | None = None,
                draft_text: str = "(Dự thảo)"):
    """Document type in capitals (16 pt bold, centred, "Title" style), then the summary
    lines (14 pt bold, centred) and, when the Jinja condition ``draft_if`` holds, the draft
    marker."""
    t = doc.add_paragraph(title, style="Title")
    t.paragraph_format.space_before = Pt(18)
    for line in lines:
        doc.add_paragraph(line, style="Subtitle")
    if draft_if:
        tag(doc, f"{{%p if {draft_if} %}}")
        p = doc.add_paragraph(draft_text, style="Subtitle")
        p.runs[0].italic = True
        p.runs[0].bold = False
        tag(doc, "{%p endif %}")
    spacer = para(doc, "", indent=False, after=6)
    return t, spacer


def table(doc, headers: Sequence[str], cells: Sequence[str], *,
          widths: Sequence[float] | None = None, loop: str | None = None,
          aligns: Sequence[str] | None = None):
    """A bordered table: a bold header row, then one row of ``cells``. With ``loop``
    ("t in targets") the row is repeated by docxtpl: rows ``{%tr for loop %}``, the cells,
    ``{%tr endfor %}``."""
    rows = 2 + (2 if loop else 0)
    tbl = doc.add_table(rows=rows, cols=len(headers))
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    _all_borders(tbl)
    for cell, text in zip(tbl.rows[0].cells, headers):
        _cell_para(cell, text, bold=True, size=13)
    # repeat the header row on every page
    trpr = tbl.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    trpr.append(hdr)
    aligns = aligns or ["center"] * len(headers)
    body = 1
    if loop:
        tbl.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
        body = 2
        tbl.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for cell, text, al in zip(tbl.rows[body].cells, cells, aligns):
        _cell_para(cell, text, size=13, align=al)
    # a data row is not split across two pages
    tbl.rows[body]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if widths:
        _widths(tbl, widths)
    return tbl


def recipients_and_signature(doc, *, recipients: str = "unit.recipients",
                             on_behalf: str = "{{ unit.on_behalf }}",
                             signer_title: str = "{{ unit.signer_title }}",
                             signer_name: str = "{{ unit.signer_name }}",
                             widths: tuple[float, float] = (8.0, 8.5)):
    """The closing block: "Nơi nhận:" (12 pt bold italic) and its items (11 pt, from the
    Jinja list ``recipients``, each "- item") on the left; the signature block on the right
    (capitals bold: on behalf, title; blank lines; the signer's name)."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, widths)
    # One row that never breaks across pages: "Nơi nhận" and the signature stay together.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    _cell_para(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left")
    tag(left, f"{{%p for r in {recipients} %}}")
    p = _cell_para(left, "- {{ r }}", size=11, align="left", first=False)
    p.style = doc.styles["Recipients"]
    tag(left, "{%p endfor %}")
    _cell_para(right, on_behalf, bold=True)
    _cell_para(right, signer_title, bold=True, first=False)
    for _ in range(3):
        _cell_para(right, "", first=False)
    _cell_para(right, signer_name, bold=True, first=False)
    for cell in (left, right):
        for p in cell.paragraphs:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
    return table


# -- saving: never over a template an editor has changed --------------------------------
FINGERPRINTS = ".mau-sinh.json"


class TemplateEdited(Exception):
    """The template on disk is not the one the generator wrote last (edited in Word)."""


def _fingerprints(folder: Path) -> dict[str, str]:
    try:
        return json.loads((folder / FINGERPRINTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def check_unchanged(path: str | Path) -> None:
    """Raise :class:`TemplateEdited` when ``path`` exists and its bytes differ from the
    sha256 recorded (in ``.mau-sinh.json`` beside it) when a generator last wrote it. A file
    with no record is taken as edited too: the generator does not know where it came from."""
    path = Path(path)
    if not path.exists():
        return
    recorded = _fingerprints(path.parent).get(path.name)
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if recorded != actual:
        raise TemplateEdited(
            f"Không ghi đè {path}: tệp mẫu đã được sửa sau lần sinh gần nhất (có thể đã sửa "
            "trong Word). Giữ bản đã sửa, hoặc chạy lại với --force để ghi đè bằng bản sinh mới.")


def save(doc, path: str | Path, *, force: bool = False) -> Path:
    """Write the template and record its sha256 in ``.mau-sinh.json`` beside it. Refuses
    (:class:`TemplateEdited`) to overwrite a template changed since it was written, unless
    ``force``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not force:
        check_unchanged(path)
    doc.core_properties.author = "draftgen"
    doc.core_properties.title = ""
    doc.core_properties.comments = ""  # not "generated by python-docx"
    buf = io.BytesIO()
    doc.save(buf)
    entries = read_entries(buf.getvalue())
    app = "docProps/app.xml"
    if app in entries:  # Word's File › Properties: the program that made the file
        entries[app] = re.sub(rb"<Application>[^<]*</Application>",
                              b"<Application>draftgen</Application>", entries[app])
    data = write_zip(entries.items())  # fixed zip times: the same generator, same bytes
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    prints = _fingerprints(path.parent)
    prints[path.name] = hashlib.sha256(data).hexdigest()
    (path.parent / FINGERPRINTS).write_text(
        json.dumps(dict(sorted(prints.items())), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8")
    return path


def main(build, default: Path) -> None:
    """Command line of a generator: ``[output.docx] [--force]``; a refusal is a message, not
    a traceback."""
    import argparse

    parser = argparse.ArgumentParser(description="Tạo lại mẫu văn bản theo thể thức.")
    parser.add_argument("output", nargs="?", type=Path, default=default,
                        help=f"tệp .docx ghi ra (mặc định: {default})")
    parser.add_argument("--force", action="store_true",
                        help="ghi đè cả mẫu đã được sửa sau lần tạo trước")
    args = parser.parse_args()
    try:
        written = build(args.output, force=args.force)
    except TemplateEdited as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1) from None
    print(written)
    repo = Path(__file__).resolve().parents[1]
    if Path(written).resolve().parent == repo / "templates":
        # the copy draftgen init ships (src/draftgen/starter/) follows the template
        from draftgen.scaffold import sync_starter

        for path in sync_starter(repo):
            print(path)


def target_list(doc, targets: str = "next_targets", *, name_sep: str = ": ",
                source: str = "Nghị quyết") -> None:
    """The resolution's (or plan's) own list of targets: one paragraph per numbered target,
    its number and wording (sub-rows of one number grouped; without wording, "name: target"
    of each sub-row); a number missing from the data is flagged for the editor. The caller
    opens ``{%p if targets %}`` and gives the ``{%p else %}`` branch."""
    from docx.enum.text import WD_COLOR_INDEX

    tag(doc, f"{{%p for t in {targets} %}}")
    para(doc, "({{ t.number or t.rows[0].label }}) "
              "{% if t.wording %}{{ t.wording }}{% else %}{% for r in t.rows %}"
              f"{{{{ r.indicator.name }}}}{name_sep}{{{{ r|target }}}}"
              "{% if not loop.last %}; {% endif %}{% endfor %}.{% endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, f"{{%p if {targets}.gaps %}}")
    p = para(doc, "[cần kiểm tra: số liệu mục tiêu thiếu chỉ tiêu số "
                  f"{{% for n in {targets}.gaps %}}({{{{ n }}}}){{% if not loop.last %}}, "
                  f"{{% endif %}}{{% endfor %}} của {source}]", italic=True)
    p.runs[0].font.highlight_color = WD_COLOR_INDEX.YELLOW
    tag(doc, "{%p endif %}")
