"""The rendered body parsed in its place in the document's root (``parse_rendered_root``)
against docxtpl's own path (the body parsed alone, then moved into the document): the same
document bytes, for every document of the sample project and for the shapes it leaves to
docxtpl."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

import draftgen.render as render
from draftgen.build import Builder
from draftgen.config import load_project
from draftgen.environment import make_environment
from draftgen.oxml import package
from draftgen.style import Style

ROOT = Path(__file__).resolve().parent.parent
W_DECL = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _render_both(monkeypatch, make) -> tuple[bytes, bytes, list[bool]]:
    """``make()`` with the body parsed in place, then through docxtpl's path; and whether
    each render of the first took the parse in place."""
    used: list[bool] = []
    real = render.parse_rendered_root

    def spy(document, xml):
        root = real(document, xml)
        used.append(root is not None)
        return root

    with monkeypatch.context() as m:
        m.setattr(render, "parse_rendered_root", spy)
        fast = make()
    with monkeypatch.context() as m:
        m.setattr(render, "parse_rendered_root", lambda document, xml: None)
        slow = make()
    return fast, slow, used


@pytest.fixture(scope="module")
def sample_builder() -> Builder:
    return Builder(load_project(ROOT / "data"))


def test_every_sample_document_is_the_same_as_through_docxtpl(sample_builder, monkeypatch):
    jobs = {job.document.name: job for job in sample_builder.jobs()}  # one unit each
    assert len(jobs) == 5
    for name, job in sorted(jobs.items()):
        fast, slow, used = _render_both(monkeypatch, lambda job=job: sample_builder.render(job))
        assert used and all(used), name
        assert fast == slow, name
    van_lang = next(j for j in sample_builder.jobs() if j.unit.code == "van-lang")
    fast, slow, used = _render_both(monkeypatch, lambda: sample_builder.render(van_lang))
    assert fast == slow and all(used)
    body = docx.Document(io.BytesIO(fast)).element.body
    assert body.xpath(".//c:chart"), "Văn Lãng's report draws its charts"  # declarations inside


def _template(tmp_path: Path, build) -> bytes:
    document = docx.Document()
    build(document)
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path.read_bytes()


def _renderer(template: bytes, context: dict):
    env = make_environment(Style.from_mapping({}))
    return lambda: render.render_docx(template, context, env, template_name="mau.docx",
                                      unit_label="đơn vị")


def test_a_table_whose_cells_outgrow_its_grid_is_left_to_docxtpl(tmp_path, monkeypatch):
    def build(document):
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(table.rows[0].cells, ("Chỉ tiêu", "{%tc for y in years %}",
                                                    "{{ y }}", "{%tc endfor %}")):
            cell.text = text
    template = _template(tmp_path, build)
    fast, slow, used = _render_both(monkeypatch, _renderer(template, {"years": [1, 2, 3, 4]}))
    assert fast == slow
    grid = docx.Document(io.BytesIO(fast)).tables[0]._tbl.tblGrid
    assert len(grid.gridCol_lst) == 5  # docxtpl widened the grid: it did the work


def test_declarations_inside_the_body_are_dropped_where_lxml_drops_them(tmp_path,
                                                                        monkeypatch):
    inner = ('<w:r><w:t xml:space="preserve">x</w:t></w:r>'
             '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             '<w:t>y</w:t></w:r>')

    def build(document):
        document.add_paragraph("Đầu {{ a }} giữa {{ b }} cuối")
    template = _template(tmp_path, build)
    drawing = ('</w:t></w:r><w:r><x:o xmlns:x="urn:x" xmlns:w="http://schemas.openxmlformats.'
               'org/wordprocessingml/2006/main"><x:i xmlns:x="urn:x"><x:j xmlns:x="urn:x"/>'
               '</x:i><x:k/></x:o><x:o xmlns:x="urn:x"/></w:r><w:r><w:t>')
    from markupsafe import Markup

    context = {"a": Markup(drawing), "b": Markup("</w:t></w:r>" + inner + "<w:r><w:t>")}
    fast, slow, used = _render_both(monkeypatch, _renderer(template, context))
    assert used == [True]
    assert fast == slow
    xml = docx.Document(io.BytesIO(fast)).element.body.xml
    assert xml.count('xmlns:x="urn:x"') == 2  # on each outer x:o only


def test_a_prefix_bound_to_two_uris_inside_is_left_to_docxtpl():
    xml = '<w:body><a:b xmlns:a="urn:1"/><a:c xmlns:a="urn:2"/></w:body>'
    assert package._without_redundant_declarations(xml, len("<w:body>"), {}) is None
    single = "<w:body><w:p/>xmlns:w=&quot;u&quot; in text</w:body>"
    assert package._without_redundant_declarations(single, 8, {}) == single[8:]


def test_broken_xml_is_left_to_docxtpl(tmp_path, monkeypatch):
    def build(document):
        document.add_paragraph("Đầu {{ a }} cuối")
    template = _template(tmp_path, build)
    from markupsafe import Markup

    context = {"a": Markup("<w:b>")}  # an element left open
    fast, slow, used = _render_both(monkeypatch, _renderer(template, context))
    assert used == [False]
    assert fast == slow
