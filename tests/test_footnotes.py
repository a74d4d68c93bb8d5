"""Footnotes from templates: render small templates with docxtpl, apply, read the output back."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from docx2python import docx2python
from footnotekit import (  # noqa: E402
    TEMPLATE_FOOTNOTES,
    W_DECL,
    make_env,
    make_template_with_footnotes,
    reference_run,
    render,
)
from lxml import etree

from draftgen.errors import TemplateError
from draftgen.footnotes import FootnoteCollector
from draftgen.model import Fact, Indicator, Kind
from draftgen.oxml.footnotes import (
    MARK_END,
    MARK_START,
    apply_footnotes,
    ensure_footnote_styles,
)
from draftgen.oxml.ns import CT, NSMAP, RT, qn

# --- helpers -------------------------------------------------------------------------------


def template(tmp_path: Path, *paragraphs: str, table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


class Output:
    """The parts of a .docx, parsed."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.names = set(z.namelist())
            self.xml = {n: etree.fromstring(z.read(n)) for n in self.names if n.endswith("xml")}
            self.xml.update(
                {n: etree.fromstring(z.read(n)) for n in self.names if n.endswith(".rels")}
            )
        self.body = self.xml["word/document.xml"].find(qn("w:body"))

    @property
    def footnotes(self) -> etree._Element:
        return self.xml["word/footnotes.xml"]

    def notes(self) -> dict[int, str]:
        """Normal footnotes: id -> text."""
        return {
            int(fn.get(qn("w:id"))): "".join(fn.itertext()).strip()
            for fn in self.footnotes.iter(qn("w:footnote"))
            if fn.get(qn("w:type"), "normal") == "normal"
        }

    def part_ids(self) -> list[int]:
        """Ids of the normal footnotes in the order of the part."""
        return [
            int(fn.get(qn("w:id")))
            for fn in self.footnotes.iter(qn("w:footnote"))
            if fn.get(qn("w:type"), "normal") == "normal"
        ]

    def reference_ids(self) -> list[int]:
        return [int(r.get(qn("w:id"))) for r in self.body.iter(qn("w:footnoteReference"))]

    def paragraph_texts(self) -> list[str]:
        return ["".join(p.itertext()) for p in self.body.iter(qn("w:p"))]

    def text(self) -> str:
        return "".join(self.body.itertext())


def val(element: etree._Element | None, path: str) -> str | None:
    found = element.find(path, NSMAP) if element is not None else None
    return found.get(qn("w:val")) if found is not None else None


# --- footnotes mode ------------------------------------------------------------------------

BODY = [
    'GRDP tăng {{ g }}%{{ fn("Cao hơn giai đoạn trước (", g, "%).", sep="") }}, đạt chỉ tiêu.',
    "{% for x in xs %}Xã {{ x }}{{ fn('Ghi chú xã ' ~ x) }}; {% endfor %}",
    "{% if show %}Có điều kiện{{ fn('Hiện') }}.{% endif %}{% if not show %}Ẩn{{ fn('Ẩn') }}{% endif %}",
]
TABLE = [["Chỉ tiêu", "Kết quả"], ["Hộ nghèo{{ fn('Theo chuẩn nghèo đa chiều.') }}", "3,2%"]]
EXPECTED = [
    "Cao hơn giai đoạn trước (7,16%).",
    "Ghi chú xã A",
    "Ghi chú xã B",
    "Hiện",
    "Theo chuẩn nghèo đa chiều.",
]
CONTEXT = {"g": "7,16", "xs": ["A", "B"], "show": True}


@pytest.fixture
def rendered(tmp_path: Path) -> Output:
    out = tmp_path / "ra.docx"
    count = render(template(tmp_path, *BODY, table=TABLE), out, CONTEXT)
    assert count == len(EXPECTED)
    return Output(out)


def test_footnotes_in_body_loops_conditionals_and_cells(rendered: Output):
    ids = rendered.reference_ids()
    assert ids == [1, 2, 3, 4, 5]  # max(separators -1, 0) + 1, in document order
    assert rendered.part_ids() == ids
    notes = rendered.notes()
    assert [notes[i] for i in ids] == EXPECTED
    assert rendered.paragraph_texts()[:3] == [
        "GRDP tăng 7,16%, đạt chỉ tiêu.",
        "Xã A; Xã B; ",
        "Có điều kiện.",
    ]
    cell = rendered.body.find(".//w:tbl/w:tr[2]/w:tc[1]", NSMAP)
    assert [int(r.get(qn("w:id"))) for r in cell.iter(qn("w:footnoteReference"))] == [5]
    assert MARK_START not in rendered.text() and MARK_END not in rendered.text()


def test_reference_runs_and_note_paragraphs_carry_the_styles(rendered: Output):
    for ref in rendered.body.iter(qn("w:footnoteReference")):
        rpr = ref.getparent().find(qn("w:rPr"))
        assert val(rpr, "w:rStyle") == "FootnoteReference"
        assert val(rpr, "w:vertAlign") == "superscript"
        assert rpr[0].tag == qn("w:rStyle")  # schema order: rStyle first
    for fn in rendered.footnotes.iter(qn("w:footnote")):
        if fn.get(qn("w:type"), "normal") != "normal":
            continue
        p = fn.find("w:p", NSMAP)
        assert val(p, "w:pPr/w:pStyle") == "FootnoteText"
        first = p.find("w:r", NSMAP)
        assert first.find("w:footnoteRef", NSMAP) is not None
        assert val(first, "w:rPr/w:rStyle") == "FootnoteReference"


def test_created_part_relationship_content_type_separators_styles_settings(rendered: Output):
    assert "word/footnotes.xml" in rendered.names
    rels = rendered.xml["word/_rels/document.xml.rels"]
    assert [r.get("Target") for r in rels if r.get("Type") == RT.FOOTNOTES] == ["footnotes.xml"]
    overrides = {
        o.get("PartName"): o.get("ContentType") for o in rendered.xml["[Content_Types].xml"]
    }
    assert overrides["/word/footnotes.xml"] == CT.FOOTNOTES
    kinds = {
        fn.get(qn("w:type")): fn.get(qn("w:id")) for fn in rendered.footnotes.iter(qn("w:footnote"))
    }
    assert kinds["separator"] == "-1" and kinds["continuationSeparator"] == "0"
    styles = {
        s.get(qn("w:styleId")): s for s in rendered.xml["word/styles.xml"].iter(qn("w:style"))
    }
    text, ref = styles["FootnoteText"], styles["FootnoteReference"]
    assert (text.get(qn("w:type")), val(text, "w:rPr/w:sz"), val(text, "w:basedOn")) == (
        "paragraph",
        "24",  # half-points: 12 pt
        "Normal",
    )
    assert (ref.get(qn("w:type")), val(ref, "w:rPr/w:vertAlign")) == ("character", "superscript")
    settings = rendered.xml["word/settings.xml"]
    pr = settings.find("w:footnotePr", NSMAP)
    assert [f.get(qn("w:id")) for f in pr] == ["-1", "0"]
    tags = [c.tag for c in settings if isinstance(c.tag, str)]
    assert tags.index(qn("w:footnotePr")) < tags.index(qn("w:compat"))  # schema order


def test_second_readers_see_footnotes(rendered: Output):
    with docx2python(rendered.path) as read:
        notes = [text for text in _flatten(read.footnotes) if text]
        body = _flatten(read.body)
    assert notes == [f"footnote{i})\t {text}" for i, text in enumerate(EXPECTED, 1)]
    assert "GRDP tăng 7,16%----footnote1----, đạt chỉ tiêu." in body
    if shutil.which("pandoc"):
        markdown = subprocess.run(
            ["pandoc", "-f", "docx", "-t", "markdown", str(rendered.path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "GRDP tăng 7,16%[^1], đạt chỉ tiêu." in markdown
        assert "[^5]: Theo chuẩn nghèo đa chiều." in markdown


def _flatten(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    return [text for child in node for text in _flatten(child)]


def test_run_formatting_is_kept_around_the_mark(tmp_path: Path):
    document = docx.Document()
    run = document.add_paragraph().add_run("Đậm {{ fn('Ghi chú') }} tiếp")
    run.bold = True
    run.font.size = docx.shared.Pt(14)
    path = tmp_path / "mau.docx"
    document.save(str(path))
    render(path, tmp_path / "ra.docx", {})
    out = Output(tmp_path / "ra.docx")
    runs = out.body.findall(".//w:p/w:r", NSMAP)
    assert ["".join(r.itertext()) for r in runs] == ["Đậm ", "", " tiếp"]
    for r in runs:
        assert r.find("w:rPr/w:b", NSMAP) is not None and val(r, "w:rPr/w:sz") == "28"
    assert val(runs[1], "w:rPr/w:rStyle") == "FootnoteReference"


def test_notes_with_escaped_characters_empty_text_and_several_parts(tmp_path: Path):
    path = template(
        tmp_path,
        "A{{ fn(t) }}B{{ fn('') }}C{{ fn(none) }}D{{ fn('Tổng', n, 'tỷ đồng') }}E",
    )
    context = {"t": "Vốn <ODA> & vay", "none": None, "n": "1.234,5"}
    assert render(path, tmp_path / "ra.docx", context) == 2
    out = Output(tmp_path / "ra.docx")
    assert out.paragraph_texts()[0] == "ABCDE"
    assert list(out.notes().values()) == ["Vốn <ODA> & vay", "Tổng 1.234,5 tỷ đồng"]


def test_same_text_twice_makes_two_footnotes(tmp_path: Path):
    path = template(
        tmp_path, "{% set m = fn('Chung') %}Một{{ m }}, hai{{ m }}, ba{{ fn('Chung') }}"
    )
    assert render(path, tmp_path / "ra.docx", {}) == 3
    out = Output(tmp_path / "ra.docx")
    assert out.reference_ids() == [1, 2, 3]
    assert list(out.notes().values()) == ["Chung"] * 3


INDICATOR = Indicator("GRDP", "Tăng trưởng GRDP", "%", "kinh tế", Kind.GROWTH)


def test_note_filter_takes_the_note_of_a_fact(tmp_path: Path):
    noted = Fact(7.16, INDICATOR, "2020-2025", note="Cao hơn bình quân giai đoạn trước.")
    bare = Fact(6.5, INDICATOR, "2020")
    path = template(
        tmp_path,
        "Đạt {{ a.value }}%{{ a|note }}; {{ b.value }}%{{ b|note }}; "
        "{{ 'Nguồn: Cục Thống kê.'|footnote }}{{ a|note('Số ước.') }}{{ 3|note }}",
    )
    assert render(path, tmp_path / "ra.docx", {"a": noted, "b": bare}) == 3
    out = Output(tmp_path / "ra.docx")
    assert out.paragraph_texts()[0] == "Đạt 7.16%; 6.5%; "
    assert list(out.notes().values()) == [
        "Cao hơn bình quân giai đoạn trước.",
        "Nguồn: Cục Thống kê.",
        "Cao hơn bình quân giai đoạn trước. Số ước.",
    ]


def test_python_docx_template_without_footnotes_needs_no_part(tmp_path: Path):
    path = template(tmp_path, "Không có chú thích {{ 1 + 1 }}")
    assert render(path, tmp_path / "ra.docx", {}) == 0
    assert "word/footnotes.xml" not in Output(tmp_path / "ra.docx").names


# --- a template with footnotes of its own ---------------------------------------------------

@pytest.fixture
def template_with_footnotes(tmp_path: Path) -> Path:
    return make_template_with_footnotes(tmp_path)


def test_existing_footnotes_are_rendered_numbered_and_copied_for_loops(
    template_with_footnotes: Path, tmp_path: Path
):
    out_path = tmp_path / "ra.docx"
    count = render(
        template_with_footnotes, out_path, {"year": 2020, "xs": ["A", "B"], "false": False}
    )
    out = Output(out_path)
    # document order: new, existing 2, [loop A: existing 2, new], [loop B: copy of 2, new], new;
    # ids ascend in that order from the first after the separators (0 and 1 here)
    assert out.reference_ids() == [2, 3, 4, 5, 6, 7, 8]
    assert count == 7
    notes = out.notes()
    assert [notes[i] for i in out.reference_ids()] == [
        "Mới một",
        "Số liệu năm 2020.",
        "Số liệu năm 2020.",
        "Lặp A",
        "Số liệu năm 2020.",
        "Lặp B",
        "Cuối",
    ]
    assert "Bị bỏ." not in notes.values()  # its reference was dropped by the condition
    assert out.part_ids() == out.reference_ids()
    assert len(set(out.reference_ids())) == len(out.reference_ids())
    pr = out.xml["word/settings.xml"].find("w:footnotePr", NSMAP)
    assert [f.get(qn("w:id")) for f in pr] == ["0", "1"]


def test_existing_footnotes_join_the_annex(template_with_footnotes: Path, tmp_path: Path):
    out_path = tmp_path / "ra.docx"
    context = {"year": 2020, "xs": ["A"], "false": False}
    assert render(template_with_footnotes, out_path, context, mode="annex") == 5
    out = Output(out_path)
    assert out.reference_ids() == []
    assert out.notes() == {}
    texts = out.paragraph_texts()
    start = texts.index("PHỤ LỤC: CHÚ THÍCH SỐ LIỆU BÁO CÁO")
    assert texts[:start] == ["Mới1, cũ2.", "Lặp A34; ", "Hết5."]
    assert texts[start + 1 :] == [
        "1. Mới một",
        "2. Số liệu năm 2020.",
        "3. Số liệu năm 2020.",
        "4. Lặp A",
        "5. Cuối",
    ]


# --- annex mode ------------------------------------------------------------------------------


def test_annex_mode(tmp_path: Path):
    out_path = tmp_path / "ra.docx"
    tpl = template(tmp_path, *BODY, table=TABLE)
    assert render(tpl, out_path, CONTEXT, mode="annex") == 5
    out = Output(out_path)
    assert "word/footnotes.xml" not in out.names
    assert out.reference_ids() == []
    numbers = [
        "".join(r.itertext())
        for r in out.body.iter(qn("w:r"))
        if val(r, "w:rPr/w:vertAlign") == "superscript"
    ]
    assert numbers == ["1", "2", "3", "4", "5"]
    children = list(out.body)
    assert children[-1].tag == qn("w:sectPr")
    annex = children[-len(EXPECTED) - 2 : -1]
    assert "".join(annex[0].itertext()) == "PHỤ LỤC: CHÚ THÍCH SỐ LIỆU BÁO CÁO"
    assert annex[0].find("w:pPr/w:pageBreakBefore", NSMAP) is not None
    assert ["".join(p.itertext()) for p in annex[1:]] == [
        f"{i}. {text}" for i, text in enumerate(EXPECTED, 1)
    ]
    assert all(val(p, "w:pPr/w:pStyle") == "FootnoteText" for p in annex[1:])


def test_annex_with_superscript_numbers_and_own_title(tmp_path: Path):
    out_path = tmp_path / "ra.docx"
    tpl = template(tmp_path, "Một{{ fn('Chú thích một') }}.")
    render(tpl, out_path, {}, mode="annex", annex_title="PHỤ LỤC 1", annex_numbers="superscript")
    out = Output(out_path)
    heading, note = list(out.body)[-3:-1]
    assert "".join(heading.itertext()) == "PHỤ LỤC 1"
    number, text = note.findall("w:r", NSMAP)
    assert ("".join(number.itertext()), val(number, "w:rPr/w:vertAlign")) == ("1", "superscript")
    assert "".join(text.itertext()) == " Chú thích một"


# --- the pass on hand-made XML ---------------------------------------------------------------


def document_with(body_xml: str):
    document = docx.Document()
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    body.insert(0, parse_xml(f"<w:p {W_DECL}>{body_xml}</w:p>"))
    return document


def mark(key: str) -> str:
    return f"{MARK_START}{key}{MARK_END}"


def test_marker_cut_across_runs_is_joined():
    document = document_with(
        f"<w:r><w:t>Trước{MARK_START}1</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>{MARK_END}sau</w:t></w:r>"
    )
    assert apply_footnotes(document, {"1": "Ghi chú"}) == 1
    p = document.element.body.find(qn("w:p"))
    assert "".join(t.text for t in p.iter(qn("w:t"))) == "Trướcsau"
    assert len(list(p.iter(qn("w:footnoteReference")))) == 1


def test_several_markers_in_one_text_keep_the_run_content_after_it():
    document = document_with(f"<w:r><w:t>a{mark('1')}b{mark('2')}</w:t><w:br/><w:t>c</w:t></w:r>")
    apply_footnotes(document, {"1": "x", "2": "y"})
    p = document.element.body.find(qn("w:p"))
    kinds = [
        (child.tag.split("}")[1], child.text or child.get(qn("w:id")))
        for r in p.iter(qn("w:r"))
        for child in r
        if child.tag != qn("w:rPr")
    ]
    assert kinds == [
        ("t", "a"),
        ("footnoteReference", "1"),
        ("t", "b"),
        ("footnoteReference", "2"),
        ("br", None),
        ("t", "c"),
    ]


def test_existing_footnote_styles_are_reused_by_name():
    styles = etree.fromstring(
        f'<w:styles {W_DECL}><w:style w:type="paragraph" w:styleId="Chuthich">'
        '<w:name w:val="footnote text"/></w:style></w:styles>'
    )
    assert ensure_footnote_styles(styles) == ("Chuthich", "FootnoteReference")
    assert len(styles) == 2
    ref = styles[1]
    assert ref.find("w:basedOn", NSMAP) is None  # the template has no default character style
    assert ensure_footnote_styles(styles) == ("Chuthich", "FootnoteReference")
    assert len(styles) == 2


# --- errors ------------------------------------------------------------------------------------


def test_marker_in_a_header_is_refused(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Thân")
    document.sections[0].header.paragraphs[0].text = "Đầu trang{{ fn('x') }}"
    path = tmp_path / "mau.docx"
    document.save(str(path))
    with pytest.raises(TemplateError, match="đầu trang"):
        render(path, tmp_path / "ra.docx", {})


def test_marker_in_a_template_footnote_is_refused(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Thân")._p.append(reference_run(2))
    xml = TEMPLATE_FOOTNOTES.replace("{{ year }}", "{{ fn('lồng') }}")
    part = Part(PackURI("/word/footnotes.xml"), CT.FOOTNOTES, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "mau.docx"
    document.save(str(path))
    with pytest.raises(TemplateError, match="chú thích có sẵn") as info:
        render(path, tmp_path / "ra.docx", {})
    assert "Số liệu năm [*]" in str(info.value)


@pytest.mark.parametrize(
    "notes, options, message",
    [
        ({}, {}, "không có nội dung"),
        ({"1": "x"}, {"mode": "endnotes"}, "Chế độ chú thích không hợp lệ"),
        ({"1": "x"}, {"annex_numbers": "roman"}, "không hợp lệ"),
    ],
)
def test_apply_errors(notes, options, message):
    document = document_with(f"<w:r><w:t>a{mark('1')}</w:t></w:r>")
    with pytest.raises(TemplateError, match=message):
        apply_footnotes(document, notes, **options)


def test_marker_in_a_text_box_is_refused():
    document = document_with(
        f"<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>a{mark('1')}</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r>"
    )
    with pytest.raises(TemplateError, match="hộp văn bản"):
        apply_footnotes(document, {"1": "x"})


def test_cut_marker_without_end_is_an_error():
    document = document_with(f"<w:r><w:t>a{MARK_START}1</w:t></w:r>")
    with pytest.raises(TemplateError, match="bị cắt dở"):
        apply_footnotes(document, {"1": "x"})


def test_fn_errors():
    collector = FootnoteCollector()
    with pytest.raises(TemplateError, match="không nhận chỉ tiêu 'GRDP'"):
        collector.fn(Fact(1.0, INDICATOR, "2020"))
    with pytest.raises(TemplateError, match="bên trong"):
        collector.fn("a", collector.fn("b"))


def test_filters_need_fn_in_the_context():
    env = make_env()
    with pytest.raises(TemplateError, match="không có hàm fn"):
        env.from_string("{{ 'x'|footnote }}").render()
