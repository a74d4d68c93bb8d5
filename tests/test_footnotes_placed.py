"""The references written into the rendered body's XML (``place_footnotes_in_xml``, the
batch path of ``render_docx``) against the tree pass of ``apply_footnotes``: the same
document bytes, and real notes numbered in order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from footnotekit import TEMPLATE_FOOTNOTES, W_DECL
from lxml import etree
from markupsafe import Markup

import draftgen.render as render
from draftgen.environment import make_environment
from draftgen.errors import TemplateError
from draftgen.footnotes import FootnoteCollector
from draftgen.oxml.ns import CT, NSMAP, RT, qn
from draftgen.style import Style

W = NSMAP["w"]
NOTE = "{{ fn('Ghi chú ' ~ n) }}"


def _render(template: Path, context: dict, *, placed: bool, monkeypatch) -> bytes:
    with monkeypatch.context() as m:
        if not placed:  # the tree pass alone, as before the references were written as text
            m.setattr(render, "place_footnotes_in_xml", lambda xml, *a, **k: (xml, None))
        else:
            calls = []
            real = render.place_footnotes_in_xml

            def spy(xml, *args, **kwargs):
                xml, notes = real(xml, *args, **kwargs)
                calls.append(notes)
                return xml, notes

            m.setattr(render, "place_footnotes_in_xml", spy)
        env = make_environment(Style.from_mapping({}))
        data = render.render_docx(template.read_bytes(), context, env, template_name="mau.docx",
                                  unit_label="đơn vị")
        if placed:
            assert calls and calls[-1] is not None, "the body was left to the tree pass"
    return data


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def assert_same_as_tree_pass(template: Path, context: dict, monkeypatch) -> dict[str, bytes]:
    fast = _render(template, context, placed=True, monkeypatch=monkeypatch)
    slow = _render(template, context, placed=False, monkeypatch=monkeypatch)
    fast_parts, slow_parts = _parts(fast), _parts(slow)
    for name in ("word/document.xml", "word/footnotes.xml", "word/settings.xml",
                 "word/styles.xml"):
        assert fast_parts.get(name) == slow_parts.get(name), name
    assert fast == slow
    return fast_parts


def _notes(parts: dict[str, bytes]) -> list[tuple[int, str]]:
    root = etree.fromstring(parts["word/footnotes.xml"])
    out = []
    for fn in root.iter(qn("w:footnote")):
        if fn.get(qn("w:type"), "normal") == "normal":
            out.append((int(fn.get(qn("w:id"))), "".join(t.text or "" for t in fn.iter(qn("w:t")))))
    return out


def _references(parts: dict[str, bytes]) -> list[etree._Element]:
    return list(etree.fromstring(parts["word/document.xml"]).iter(qn("w:footnoteReference")))


def _save(document, tmp_path: Path, name: str = "mau.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def test_150_notes_numbered_in_order(tmp_path: Path, monkeypatch):
    document = docx.Document()
    document.add_paragraph("{% for n in ns %}Đoạn {{ n }}" + NOTE + ".{% endfor %}")
    parts = assert_same_as_tree_pass(_save(document, tmp_path), {"ns": list(range(1, 151))},
                                     monkeypatch)
    notes = _notes(parts)
    assert [id for id, _ in notes] == list(range(1, 151))
    assert [text for _, text in notes] == [f" Ghi chú {n}" for n in range(1, 151)]
    assert [int(ref.get(qn("w:id"))) for ref in _references(parts)] == list(range(1, 151))
    text = docx.Document(io.BytesIO(_render(_save(document, tmp_path), {"ns": [1, 2]},
                                            placed=True, monkeypatch=monkeypatch)))
    assert text.paragraphs[0].text == "Đoạn 1.Đoạn 2."


def test_note_in_a_bold_run_keeps_its_properties(tmp_path: Path, monkeypatch):
    document = docx.Document()
    p = document.add_paragraph("Trước ")
    run = p.add_run("in đậm" + NOTE + " vẫn đậm")
    run.bold = True
    run.font.name = "Times New Roman"
    p.add_run(" sau.")
    parts = assert_same_as_tree_pass(_save(document, tmp_path), {"n": 1}, monkeypatch)
    ref_run = _references(parts)[0].getparent()
    assert ref_run.find(f"{{{W}}}rPr/{{{W}}}b") is not None
    assert ref_run.find(f"{{{W}}}rPr/{{{W}}}vertAlign").get(qn("w:val")) == "superscript"
    after = ref_run.getnext()
    assert after.find(f"{{{W}}}rPr/{{{W}}}b") is not None
    assert after.find(qn("w:t")).text == " vẫn đậm"


def test_note_in_a_table_cell(tmp_path: Path, monkeypatch):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "7,5%" + NOTE
    document.add_paragraph("Sau bảng" + NOTE.replace("n)", "(n + 1))") + ".")
    parts = assert_same_as_tree_pass(_save(document, tmp_path), {"n": 1}, monkeypatch)
    refs = _references(parts)
    assert [ref.getparent().getparent().getparent().tag for ref in refs] == [qn("w:tc"),
                                                                             qn("w:body")]
    assert _notes(parts) == [(1, " Ghi chú 1"), (2, " Ghi chú 2")]


def test_escaped_characters_in_note_text(tmp_path: Path, monkeypatch):
    document = docx.Document()
    document.add_paragraph("A{{ fn(t) }} và B{{ fn('Dòng một\nDòng hai\tcột') }}.")
    parts = assert_same_as_tree_pass(
        _save(document, tmp_path), {"t": 'GRDP <5% & >3% "ước"'}, monkeypatch)
    assert _notes(parts)[0] == (1, ' GRDP <5% & >3% "ước"')
    assert b"GRDP &lt;5% &amp; &gt;3%" in parts["word/footnotes.xml"]
    assert _notes(parts)[1] == (2, " Dòng mộtDòng haicột")  # a break, then a tab


def test_runs_of_several_shapes(tmp_path: Path, monkeypatch):
    """Markers first and last in a run, two in one text, with a tab before and a break
    after in the same run, properties with other namespaces: as the tree pass."""
    document = docx.Document()
    body = document.element.body
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    body.append(parse_xml(
        f'<w:p {W_DECL} xmlns:w14="{w14}"><w:r w:rsidR="00AB12CD"><w:rPr><w:i/>'
        f'<w:lang w:val="vi-VN"/><w14:ligatures w14:val="standard"/></w:rPr><w:tab/>'
        "<w:t>{{ fn('a') }}đầu, giữa{{ fn('b') }}{{ fn('c') }} và cuối{{ fn('d') }}</w:t>"
        "<w:br/></w:r><w:r><w:rPr/><w:t>{{ fn('e') }}</w:t></w:r>"
        "<w:r><w:t xml:space=\"preserve\">hết {{ fn('f') }} </w:t><w:tab/></w:r>"
        "<w:r><w:t>x{{ fn('g') }}.{{ fn('h') }}.</w:t><w:br/></w:r></w:p>"))
    parts = assert_same_as_tree_pass(_save(document, tmp_path), {}, monkeypatch)
    assert [text for _, text in _notes(parts)] == [f" {c}" for c in "abcdefgh"]


def test_template_notes_without_references_go_and_ids_follow_the_separators(
        tmp_path: Path, monkeypatch):
    document = docx.Document()
    document.add_paragraph("Mới" + NOTE + ".")
    part = Part(PackURI("/word/footnotes.xml"), CT.FOOTNOTES, TEMPLATE_FOOTNOTES.encode(),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    parts = assert_same_as_tree_pass(_save(document, tmp_path), {"n": 1, "year": 2025},
                                     monkeypatch)
    assert _notes(parts) == [(2, " Ghi chú 1")]  # after the separators 0 and 1
    assert [int(ref.get(qn("w:id"))) for ref in _references(parts)] == [2]


def test_forged_marker_is_refused(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Giá trị {{ k }}{{ fn('thật') }}")
    env = make_environment(Style.from_mapping({}))
    with pytest.raises(TemplateError, match="ký tự dùng riêng"):
        render.render_docx(_save(document, tmp_path).read_bytes(), {"k": "\ue000x\ue001"},
                           env, template_name="mau.docx", unit_label="đơn vị")


def test_marker_in_a_header_is_refused_when_the_body_is_placed(tmp_path: Path, monkeypatch):
    document = docx.Document()
    document.add_paragraph("Thân" + NOTE)
    document.sections[0].header.paragraphs[0].text = "Đầu trang{{ fn('x') }}"
    with pytest.raises(TemplateError, match="đầu trang"):
        _render(_save(document, tmp_path), {"n": 1}, placed=True, monkeypatch=monkeypatch)


def test_annex_mode_is_left_to_the_tree_pass(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Thân" + NOTE + ".")
    env = make_environment(Style.from_mapping({}))
    data = render.render_docx(_save(document, tmp_path).read_bytes(), {"n": 1}, env,
                              template_name="mau.docx", unit_label="đơn vị",
                              options=render.RenderOptions(footnotes="annex"))
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert texts[0] == "Thân1."
    assert texts[-1] == "1. Ghi chú 1"


def test_fn_cleans_each_part_and_refuses_private_use_characters():
    collector = FootnoteCollector(secret="")
    collector.fn("Năm\x0b 2020", "\x01", "đạt 5%")  # the part left empty drops its separator
    assert collector["1"] == "Năm 2020 đạt 5%"
    collector.fn("A", "B", sep="\x02")  # a separator is not cleaned: as before
    assert collector["2"] == "A\x02B"
    collector.fn(Markup("GRDP &lt;5%"), "và 7,2%")
    assert collector["3"] == "GRDP <5% và 7,2%"
    assert collector.fn(" ", "\x03") == ""
    with pytest.raises(TemplateError, match="ký tự dùng riêng U\\+F0B7"):
        collector.fn("ghi chú", "\uf0b7 giả")
    with pytest.raises(TemplateError, match="bên trong nội dung"):
        collector.fn("lồng", collector.fn("trong"))
    assert len(collector) == 4


def test_run_with_a_tracked_format_change_goes_to_the_tree_pass(tmp_path: Path, monkeypatch):
    document = docx.Document()
    document.element.body.append(parse_xml(
        f'<w:p {W_DECL}><w:r><w:rPr><w:b/><w:rPrChange w:id="1" w:author="A">'
        "<w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr><w:t>Đổi{{ fn('x') }} xong</w:t></w:r></w:p>"))
    seen = []
    real = render.place_footnotes_in_xml

    def spy(xml, *args, **kwargs):
        xml, notes = real(xml, *args, **kwargs)
        seen.append(notes)
        return xml, notes

    monkeypatch.setattr(render, "place_footnotes_in_xml", spy)
    env = make_environment(Style.from_mapping({}))
    data = render.render_docx(_save(document, tmp_path).read_bytes(), {}, env,
                              template_name="mau.docx", unit_label="đơn vị")
    assert seen == [None]
    parts = _parts(data)
    assert _notes(parts) == [(1, " x")]
    ref_run = _references(parts)[0].getparent()
    assert ref_run.find(f"{{{W}}}rPr/{{{W}}}rPrChange") is None  # the tree pass drops it
    assert ref_run.find(f"{{{W}}}rPr/{{{W}}}b") is not None


def test_usual_runs_with_attributes_empty_properties_quotes_and_hyperlinks(
        tmp_path: Path, monkeypatch):
    """The shapes the placement reads without an expression over the run (one marker in a
    preserved text, text before it), next to shapes it leaves to the general case: as the
    tree pass, byte for byte."""
    document = docx.Document()
    body = document.element.body
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    body.append(parse_xml(
        f'<w:p {W_DECL} {rel}><w:r w:rsidR="00AB12CD" w:rsidRPr="00EF3456"><w:rPr>'
        '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:b/><w:sz w:val="28"/>'
        "</w:rPr><w:t xml:space=\"preserve\">Đạt \"{{ q }}\" {{ fn('a') }} tiếp</w:t></w:r>"
        "<w:r><w:rPr/><w:t xml:space=\"preserve\">rỗng{{ fn('b') }}</w:t></w:r>"
        "<w:hyperlink r:id=\"rId99\"><w:r><w:t xml:space=\"preserve\">liên kết{{ fn('c') }}"
        ", hết</w:t></w:r></w:hyperlink>"
        "<w:r><w:lastRenderedPageBreak/><w:t xml:space=\"preserve\">sau ngắt{{ fn('d') }}."
        "</w:t></w:r><w:r w:rsidR=\"00C0FFEE\"><w:rPr><w:i/></w:rPr><w:t>{{ fn('e') }}</w:t>"
        "</w:r><w:r><w:t xml:space=\"preserve\">{{ fn('f') }}</w:t></w:r><w:r><w:t>"
        "{{ fn('g') }}</w:t></w:r></w:p>"))
    parts = assert_same_as_tree_pass(_save(document, tmp_path), {"q": "trích 'dẫn'"},
                                     monkeypatch)
    assert [text for _, text in _notes(parts)] == [" a", " b", " c", " d", " e", " f", " g"]
    paragraph = docx.Document(io.BytesIO(_render(_save(document, tmp_path), {"q": "x"},
                                                 placed=True, monkeypatch=monkeypatch)))
    assert paragraph.paragraphs[0].text.startswith('Đạt "x"  tiếprỗng')
    refs = _references(parts)
    assert refs[0].getparent().find(f"{{{W}}}rPr/{{{W}}}b") is not None  # the bold kept
    assert refs[2].getparent().getparent().tag == qn("w:hyperlink")


def test_a_marker_written_as_a_character_reference_goes_to_the_tree_pass():
    from draftgen.oxml.footnotes import _has_mark_reference

    assert not _has_mark_reference("<w:t>&#39;a&#34; &amp; &#x41;</w:t>")
    for written in ("&#57344;", "&#xE000;", "&#xe001;", "&#x0e000;", "&#0057345;"):
        assert _has_mark_reference(f"<w:t>&#39;{written}x</w:t>"), written
