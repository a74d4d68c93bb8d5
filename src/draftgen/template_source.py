"""The Jinja source docxtpl makes of a .docx template, and where its lines stand.

docxtpl joins the text of a part (body, header, footer, footnotes) into one Jinja source,
one line per Word paragraph. A Jinja line number therefore names a paragraph; this module
turns it back into words an editor can find: "đoạn 12", "bảng 2, dòng 3, ô 1", and the
paragraph's text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docxtpl
from docx.opc.constants import CONTENT_TYPE as CT_DOCX
from docx.oxml import parse_xml
from lxml import etree

from .oxml.locate import describe_paragraph

_PART_NAMES = {
    CT_DOCX.WML_DOCUMENT_MAIN: "thân văn bản",
    CT_DOCX.WML_HEADER: "đầu trang",
    CT_DOCX.WML_FOOTER: "chân trang",
    CT_DOCX.WML_FOOTNOTES: "chú thích",
}


_RECOVER = etree.XMLParser(recover=True)


def text_of(fragment: str) -> str:
    """The character data of one source line: a paragraph's XML, possibly followed by the
    tags of ``{%p %}`` paragraphs that docxtpl joined to it (so not always well formed)."""
    root = etree.fromstring(f"<line>{fragment}</line>".encode(), _RECOVER)
    return "" if root is None else "".join(root.itertext()).strip()


@dataclass
class PartSource:
    """One part of a template as Jinja sees it."""

    name: str  # "thân văn bản", "đầu trang" …
    partname: str  # "/word/document.xml"
    source: str  # what docxtpl hands to Jinja
    element: object  # the part's root element, to locate paragraphs

    @property
    def lines(self) -> list[str]:
        return self.source.split("\n")

    def where(self, lineno: int | None) -> tuple[str, str]:
        """(place, paragraph text) of a Jinja line number of this part."""
        lines = self.lines
        if lineno is None or not 0 < lineno <= len(lines):
            return self.name, ""
        text = text_of(lines[lineno - 1])
        if not text:
            return self.name, ""
        return f"{self.name}, {describe_paragraph(self.element, text)}", text


def paragraph_lines(xml: str) -> str:
    """The split docxtpl makes of a part before compiling it (``render_xml_part``): one line
    a paragraph, so that a Jinja line number names a paragraph."""
    return xml.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p ")


def template_parts(template: bytes) -> list[PartSource]:
    """Every part of a template that docxtpl renders, with its Jinja source."""
    tpl = docxtpl.DocxTemplate(io.BytesIO(template))
    tpl.init_docx()
    parts = [PartSource(_PART_NAMES[CT_DOCX.WML_DOCUMENT_MAIN], "/word/document.xml",
                        paragraph_lines(tpl.patch_xml(tpl.get_xml())),
                        tpl.docx.element.body)]
    for part in tpl.docx.part.package.iter_parts():
        name = _PART_NAMES.get(part.content_type)
        if name is None or part is tpl.docx.part:
            continue
        element = parse_xml(part.blob)
        xml = tpl.patch_xml(tpl.xml_to_string(element))
        parts.append(PartSource(name, str(part.partname), paragraph_lines(xml), element))
    return parts


def locate(template: bytes, partname: str | None, lineno: int | None) -> tuple[str, str]:
    """(place, paragraph text) of a Jinja line of one part of ``template``."""
    for part in template_parts(template):
        if partname is None or part.partname == partname:
            return part.where(lineno)
    return "", ""
