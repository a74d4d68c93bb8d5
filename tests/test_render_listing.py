"""Tabs, line, paragraph and page breaks in rendered text: the batch template hands only
the paragraphs holding one to docxtpl's ``resolve_listing``, with the same result."""

from __future__ import annotations

import io

import docx
import docxtpl

from draftgen.environment import make_environment
from draftgen.render import _BatchTemplate, render_docx
from draftgen.style import Style

W_DECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_resolve_listing_is_docxtpls_for_every_paragraph():
    xml = (
        f"<w:body {W_DECL}>"
        '<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>một\tcột\nhai dòng</w:t></w:r></w:p>\n"
        "<w:p><w:r><w:t>không có gì</w:t></w:r></w:p>"
        '<w:p w14:paraId="1"><w:r><w:t xml:space="preserve">đoạn\amới\ftrang</w:t></w:r>'
        "<w:r><w:t>thêm\n</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô\tbảng</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:sectPr/></w:body>"
    )
    ours = object.__new__(_BatchTemplate).resolve_listing(xml)
    theirs = object.__new__(docxtpl.DocxTemplate).resolve_listing(xml)
    assert ours == theirs
    assert ours.count("<w:tab/>") == 2 and ours.count("<w:br/>") == 2
    assert '<w:br w:type="page"/>' in ours
    plain = f"<w:body {W_DECL}><w:p><w:r><w:t>chỉ chữ</w:t></w:r></w:p>\n</w:body>"
    assert object.__new__(_BatchTemplate).resolve_listing(plain) == plain


def test_a_value_with_a_line_break_and_a_tab_becomes_a_break_and_a_tab(tmp_path):
    document = docx.Document()
    document.add_paragraph("Đầu {{ a }} cuối")
    document.add_paragraph("Đoạn thường {{ b }}.")
    path = tmp_path / "mau.docx"
    document.save(str(path))
    env = make_environment(Style.from_mapping({}))
    data = render_docx(path.read_bytes(), {"a": "dòng một\ndòng hai\tcột", "b": "7,5%"}, env,
                       template_name="mau.docx", unit_label="đơn vị")
    body = docx.Document(io.BytesIO(data)).element.body
    first, second = body.findall(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")[:2]
    xml = docx.oxml.xmlchemy.serialize_for_reading(first)
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    texts = [t.text for t in first.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
    assert texts == ["Đầu dòng một", "dòng hai", "cột cuối"]
    assert docx.Document(io.BytesIO(data)).paragraphs[1].text == "Đoạn thường 7,5%."
