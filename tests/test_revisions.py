"""Tracked-changes copy (``track``): revisions against the previous build, accept / reject,
change list."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime, timedelta, timezone
from zipfile import ZipFile

import docx
import pytest
from docx.oxml import OxmlElement
from docx.text.paragraph import Paragraph
from lxml import etree

from draftgen.errors import DraftgenError
from draftgen.oxml.ns import qn
from draftgen.oxml.revisions import (
    ParagraphChange,
    accept_all,
    make_tracked_copy,
    reject_all,
    text_changes,
    track,
    track_with_changes,
)

GDP = [("Tổng sản phẩm (GRDP) năm 2020 ", False), ("tăng 7,16%", True), (" so với 2019.", False)]
GDP_NEW = [("Tổng sản phẩm (GRDP) năm 2020 ", False), ("tăng 7,5%", True), (" so với 2019.", False)]
BUDGET = "Thu ngân sách nhà nước ước đạt 12.345 tỷ đồng."
EXPORT = "Xuất khẩu hàng hóa đạt 3,2 tỷ USD, tăng 10,5%."
TABLE = [["Chỉ tiêu", "Giá trị"], ["Dân số (người)", "1.683.240"]]


# --------------------------------------------------------------------------- builders


def _build(*blocks, footnotes: dict[int, str] | None = None) -> bytes:
    """A .docx from blocks: a str paragraph, a list of (text, bold) runs, or a table (rows).

    A run text "[fn N]" becomes a reference to footnote N; "[img]" a small picture.
    """
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            block = [(block, False)]
        if isinstance(block[0], tuple):
            paragraph = document.add_paragraph()
            for text, bold in block:
                if text.startswith("[fn "):
                    paragraph._p.append(_footnote_reference(int(text[4:-1])))
                elif text == "[img]":
                    paragraph.add_run().add_picture(io.BytesIO(_png()))
                else:
                    paragraph.add_run(text).bold = bold or None
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for row, values in zip(table.rows, block):
                for cell, value in zip(row.cells, values):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return _add_footnotes(data, footnotes) if footnotes else data


def _footnote_reference(number: int):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:vertAlign")
    style.set(qn("w:val"), "superscript")
    rpr.append(style)
    run.append(rpr)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    run.append(ref)
    return run


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xcc\x33\x33" * 8 for _ in range(8)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b""
    )


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _add_footnotes(data: bytes, notes: dict[int, str]) -> bytes:
    """Add a footnotes part (separators and ``notes``) to a python-docx document."""
    root = etree.Element(qn("w:footnotes"), nsmap={"w": W})
    for number, kind in ((-1, "separator"), (0, "continuationSeparator")):
        note = etree.SubElement(root, qn("w:footnote"), {qn("w:type"): kind, qn("w:id"): str(number)})
        etree.SubElement(etree.SubElement(etree.SubElement(note, qn("w:p")), qn("w:r")),
                         qn(f"w:{kind}"))
    for number, text in notes.items():
        note = etree.SubElement(root, qn("w:footnote"), {qn("w:id"): str(number)})
        paragraph = etree.SubElement(note, qn("w:p"))
        ref_run = etree.SubElement(paragraph, qn("w:r"))
        etree.SubElement(ref_run, qn("w:footnoteRef"))
        run = etree.SubElement(paragraph, qn("w:r"))
        t = etree.SubElement(run, qn("w:t"), {qn("xml:space"): "preserve"})
        t.text = " " + text
    with ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    types = etree.fromstring(parts["[Content_Types].xml"])
    etree.SubElement(types, f"{{{types.nsmap[None]}}}Override",
                     PartName="/word/footnotes.xml", ContentType=FOOTNOTES_TYPE)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    etree.SubElement(rels, f"{{{rels.nsmap[None]}}}Relationship",
                     Id="rIdFootnotes", Type=FOOTNOTES_REL, Target="footnotes.xml")
    parts["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8"
    )
    parts["word/footnotes.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    buffer = io.BytesIO()
    with ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# --------------------------------------------------------------------------- readers


def _part(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def _texts(data: bytes) -> list[str]:
    """Every body paragraph's text, table cells included, in document order."""
    document = docx.Document(io.BytesIO(data))
    return [Paragraph(p, document).text for p in document.element.body.iter(qn("w:p"))]


def _footnote_texts(data: bytes) -> dict[str, str]:
    root = _part(data, "word/footnotes.xml")
    return {
        note.get(qn("w:id")): "".join(t.text for t in note.iter(qn("w:t")))
        for note in root.iter(qn("w:footnote"))
    }


def _revision_texts(root: etree._Element, tag: str) -> list[str]:
    """Texts of the run-level revisions ``w:ins`` / ``w:del`` (not paragraph marks)."""
    text_tag = qn("w:delText") if tag == "w:del" else qn("w:t")
    return [
        "".join(t.text or "" for t in element.iter(text_tag))
        for element in root.iter(qn(tag))
        if element.getparent().tag not in (qn("w:rPr"), qn("w:trPr"))
    ]


# --------------------------------------------------------------------------- the done test


def test_changed_figure_is_deleted_and_inserted_with_its_run_properties():
    tracked = track(_build(GDP, BUDGET), _build(GDP_NEW, BUDGET))
    root = _part(tracked)

    assert _revision_texts(root, "w:del") == ["7,16%"]
    assert _revision_texts(root, "w:ins") == ["7,5%"]
    for tag in ("w:del", "w:ins"):
        (revision,) = root.iter(qn(tag))
        assert revision.get(qn("w:author")) == "draftgen"
        assert revision.get(qn("w:date")) == "2000-01-01T00:00:00Z"
        assert revision.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:b')}") is not None
    # The unchanged words around the figure stay plain runs, bold kept on "tăng ".
    paragraph = root.find(f"{qn('w:body')}/{qn('w:p')}")
    plain = [r for r in paragraph.iterchildren(qn("w:r"))]
    assert ["".join(r.itertext()) for r in plain] == [GDP[0][0], "tăng ", GDP[2][0]]
    assert plain[1].find(f"{qn('w:rPr')}/{qn('w:b')}") is not None


def test_identical_documents_give_no_revisions():
    old = _build(GDP, BUDGET, TABLE)
    tracked = track(old, _build(GDP, BUDGET, TABLE))
    root = _part(tracked)
    assert root.find(f".//{qn('w:ins')}") is None
    assert root.find(f".//{qn('w:del')}") is None
    assert text_changes(old, old) == []


def test_same_inputs_give_the_same_bytes():
    old, new = _build(GDP, BUDGET, TABLE), _build(GDP_NEW, EXPORT, [["Chỉ tiêu", "Giá trị"]])
    assert track(old, new) == track(old, new)
    with ZipFile(io.BytesIO(track(old, new))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    with ZipFile(io.BytesIO(track(old, new))) as tracked, ZipFile(io.BytesIO(new)) as original:
        assert tracked.namelist() == original.namelist()


@pytest.mark.parametrize(
    ("date", "written"),
    [
        (None, "2000-01-01T00:00:00Z"),
        (datetime(2025, 10, 15), "2025-10-15T00:00:00Z"),
        (datetime(2025, 10, 15, 8, 30, tzinfo=timezone(timedelta(hours=7))), "2025-10-15T01:30:00Z"),
    ],
)
def test_revisions_carry_the_given_date_and_author(date, written):
    root = _part(track(_build(GDP, BUDGET), _build(GDP_NEW, BUDGET), author="Văn phòng",
                       date=date))
    revisions = [*root.iter(qn("w:ins")), *root.iter(qn("w:del"))]
    assert revisions
    assert {r.get(qn("w:date")) for r in revisions} == {written}
    assert {r.get(qn("w:author")) for r in revisions} == {"Văn phòng"}


def test_the_old_name_gives_the_same_copy():
    old, new = _build(GDP, BUDGET), _build(GDP_NEW, EXPORT)
    assert make_tracked_copy(old, new, date="2025-01-01T00:00:00Z") == track(
        old, new, date=datetime(2025, 1, 1)
    )


def test_revision_ids_are_unique():
    old = _build(GDP, BUDGET, TABLE, "Kết luận.")
    new = _build(GDP_NEW, EXPORT, [["Chỉ tiêu", "Giá trị"], ["Dân số", "1.690.000"]])
    root = _part(track(old, new))
    ids = [e.get(qn("w:id")) for e in root.iter(qn("w:ins"), qn("w:del"))]
    assert len(ids) > 5
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- paragraphs


def test_added_paragraph_is_inserted_with_its_mark():
    root = _part(track(_build(GDP, BUDGET), _build(GDP, EXPORT, BUDGET)))
    paragraph = root.findall(f"{qn('w:body')}/{qn('w:p')}")[1]
    assert paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:ins')}") is not None
    assert _revision_texts(root, "w:ins") == [EXPORT]
    assert _revision_texts(root, "w:del") == []


def test_removed_paragraph_is_copied_in_as_deleted():
    root = _part(track(_build(GDP, BUDGET, EXPORT), _build(GDP, EXPORT)))
    paragraph = root.findall(f"{qn('w:body')}/{qn('w:p')}")[1]
    assert paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}") is not None
    assert _revision_texts(root, "w:del") == [BUDGET]
    assert root.find(f".//{qn('w:ins')}") is None


def test_footnote_reference_and_picture_stay_in_a_changed_paragraph():
    old = _build([("Dân số 1.683.240 người", False), ("[fn 1]", False), ("[img]", False)],
                 footnotes={1: "Số liệu ước đạt."})
    new = _build([("Dân số 1.690.000 người", False), ("[fn 1]", False), ("[img]", False)],
                 footnotes={1: "Số liệu chính thức."})
    tracked = track(old, new)
    root = _part(tracked)
    paragraph = root.find(f"{qn('w:body')}/{qn('w:p')}")
    assert paragraph.find(f"{qn('w:r')}/{qn('w:footnoteReference')}").get(qn("w:id")) == "1"
    assert paragraph.find(f".//{qn('w:drawing')}") is not None
    assert _revision_texts(root, "w:del") == ["1.683.240"]
    assert _revision_texts(root, "w:ins") == ["1.690.000"]

    notes = _part(tracked, "word/footnotes.xml")
    assert _revision_texts(notes, "w:del") == ["ước đạt"]
    assert _revision_texts(notes, "w:ins") == ["chính thức"]
    assert _footnote_texts(accept_all(tracked))["1"] == " Số liệu chính thức."
    assert _footnote_texts(reject_all(tracked))["1"] == " Số liệu ước đạt."
    docx.Document(io.BytesIO(tracked))  # python-docx opens it


def test_footnotes_are_paired_through_their_references():
    # A footnote added before the first one renumbers it; its text did not change.
    old = _build([("GRDP tăng", False), ("[fn 1]", False)], footnotes={1: "Theo Cục Thống kê."})
    new = _build([("Dân số", False), ("[fn 1]", False)], [("GRDP tăng", False), ("[fn 2]", False)],
                 footnotes={1: "Số liệu sơ bộ.", 2: "Theo Cục Thống kê."})
    notes = _part(track(old, new), "word/footnotes.xml")
    by_id = {n.get(qn("w:id")): n for n in notes.iter(qn("w:footnote"))}
    assert _revision_texts(by_id["2"], "w:ins") == []
    assert _revision_texts(by_id["1"], "w:ins") == [" Số liệu sơ bộ."]


# --------------------------------------------------------------------------- tables


def test_table_cell_change_is_marked_in_the_cell():
    new_table = [["Chỉ tiêu", "Giá trị"], ["Dân số (người)", "1.690.000"]]
    root = _part(track(_build(GDP, TABLE), _build(GDP, new_table)))
    cell = root.findall(f".//{qn('w:tc')}")[3]
    assert _revision_texts(cell, "w:del") == ["1.683.240"]
    assert _revision_texts(cell, "w:ins") == ["1.690.000"]


def test_added_and_removed_table_rows_are_marked_on_the_row():
    old = _build([["Chỉ tiêu", "Giá trị"], ["Dân số", "1.683.240"], ["Lao động", "900.000"]])
    new = _build([["Chỉ tiêu", "Giá trị"], ["Dân số", "1.683.240"], ["GRDP", "7,5%"]])
    root = _part(track(old, new))
    rows = root.findall(f".//{qn('w:tr')}")
    marks = [[etree.QName(m).localname for m in row.iterfind(f"{qn('w:trPr')}/*")] for row in rows]
    assert marks == [[], [], ["del"], ["ins"]]


@pytest.mark.parametrize("rows_old, rows_new", [(TABLE, None), (None, TABLE)])
def test_whole_table_added_or_removed(rows_old, rows_new):
    old = _build(*(b for b in (GDP, rows_old) if b))
    new = _build(*(b for b in (GDP, rows_new) if b))
    root = _part(track(old, new))
    tag = "w:ins" if rows_new else "w:del"
    for row in root.iter(qn("w:tr")):
        assert row.find(f"{qn('w:trPr')}/{qn(tag)}") is not None
    assert sorted(t for t in _revision_texts(root, tag) if t) == sorted(
        v for row in TABLE for v in row
    )


# --------------------------------------------------------------------------- accept / reject

SCENARIOS = {
    "figure": ((GDP, BUDGET), (GDP_NEW, BUDGET)),
    "added": ((GDP, BUDGET), (GDP, EXPORT, BUDGET)),
    "removed": ((GDP, BUDGET, EXPORT), (GDP, EXPORT)),
    "removed at the end": ((GDP, BUDGET, EXPORT), (GDP,)),
    "rewritten": ((GDP, "Một câu khác hẳn."), (GDP, "Nội dung mới hoàn toàn khác biệt.")),
    "several": ((GDP, BUDGET, "Kết luận."), (EXPORT, GDP_NEW, "Kết luận chung.", BUDGET)),
    "cell": ((TABLE,), ([["Chỉ tiêu", "Giá trị"], ["Dân số (người)", "1.690.000"]],)),
    "row added": ((GDP, TABLE), (GDP, TABLE + [["Lao động", "900.000"]])),
    "row removed": ((GDP, TABLE + [["Lao động", "900.000"]]), (GDP, TABLE)),
    "table added": ((GDP,), (GDP, TABLE, BUDGET)),
    "table removed": ((GDP, TABLE, BUDGET), (GDP, BUDGET)),
    "table reshaped": ((GDP, TABLE), (GDP, [["Chỉ tiêu", "2019", "2020"]])),
    "empty old": (("",), (GDP, BUDGET)),
}


@pytest.mark.parametrize("old_blocks, new_blocks", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_accept_all_gives_new_and_reject_all_gives_old(old_blocks, new_blocks):
    old, new = _build(*old_blocks), _build(*new_blocks)
    tracked = track(old, new)
    assert _texts(accept_all(tracked)) == _texts(new)
    assert _texts(reject_all(tracked)) == _texts(old)


def test_accept_all_of_a_document_without_revisions_keeps_its_text():
    new = _build(GDP, TABLE)
    assert _texts(accept_all(new)) == _texts(new)


# --------------------------------------------------------------------------- change list


def test_text_changes_lists_replacements_for_a_report():
    old = _build("Mở đầu.", GDP, BUDGET, TABLE)
    new = _build("Mở đầu.", GDP_NEW, BUDGET,
                 [["Chỉ tiêu", "Giá trị"], ["Dân số (người)", "1.690.000"]])
    changes = text_changes(old, new)
    assert [(c.kind, c.index, c.old_index) for c in changes] == [
        ("changed", 1, 1),
        ("changed", 6, 6),
    ]
    assert changes[0].replacements == (("7,16%", "7,5%"),)
    assert changes[0].old_text == "".join(text for text, _ in GDP)
    assert changes[0].new_text == "".join(text for text, _ in GDP_NEW)
    assert [c.describe() for c in changes] == [
        "đoạn 2 («Tổng sản phẩm (GRDP) năm 2020 tăng 7,5% so với 2019.»): 7,16% → 7,5%",
        "đoạn 7 («1.690.000»): 1.683.240 → 1.690.000",
    ]


def test_text_changes_lists_added_and_removed_paragraphs():
    changes = text_changes(_build("Mở đầu.", BUDGET, GDP), _build("Mở đầu.", GDP, EXPORT))
    assert [(c.kind, c.index, c.old_index) for c in changes] == [
        ("deleted", None, 1),
        ("inserted", 2, None),
    ]
    assert [c.describe() for c in changes] == [
        f"đoạn 2 cũ (bỏ): {BUDGET}",
        f"đoạn 3 (thêm): {EXPORT}",
    ]


def test_one_paragraph_rewritten_among_unchanged_ones_is_one_change():
    (change,) = text_changes(_build("Mở đầu.", BUDGET, GDP), _build("Mở đầu.", EXPORT, GDP))
    assert isinstance(change, ParagraphChange)
    assert (change.kind, change.old_text, change.new_text) == ("changed", BUDGET, EXPORT)


def test_not_a_docx_is_reported():
    with pytest.raises(DraftgenError, match="Không đọc được"):
        track(b"not a zip", _build(GDP))


def test_deleted_table_is_kept_apart_from_the_new_one():
    old = _build(GDP, TABLE, BUDGET)
    new = _build(GDP, [["Chỉ tiêu", "2019", "2020"]], BUDGET)
    body = _part(track(old, new)).find(qn("w:body"))
    tags = [etree.QName(child).localname for child in body]
    assert tags[:4] == ["p", "tbl", "p", "tbl"]
    separator = body[2].find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    assert [etree.QName(mark).localname for mark in separator] == ["ins", "del"]


def test_footnote_changes_are_listed_with_their_footnote():
    old = _build([("GRDP", False), ("[fn 1]", False)], footnotes={1: "Số liệu ước đạt."})
    new = _build([("GRDP", False), ("[fn 1]", False)], footnotes={1: "Số liệu chính thức."})
    (change,) = text_changes(old, new)
    assert (change.footnote, change.index, change.replacements) == (
        1, 0, (("ước đạt", "chính thức"),)
    )


def test_a_new_round_changing_many_figures_pairs_every_paragraph():
    def name(i: int) -> str:
        return "ABCDEFGHIJ"[i % 10] + "KLMNOPQRST"[i // 10]

    old = _build(*[f"Chỉ tiêu {name(i)} đạt {i * 1.5:.1f}% kế hoạch." for i in range(100)])
    new = _build(*[f"Chỉ tiêu {name(i)} đạt {i * 1.6:.1f}% kế hoạch." for i in range(100) if i != 7])
    changes = text_changes(old, new)
    assert [c.kind for c in changes].count("deleted") == 1
    assert all(c.kind == "changed" and len(c.replacements) == 1
               for c in changes if c.kind != "deleted")


def test_one_comparison_gives_the_copy_and_the_changes():
    old, new = _build(GDP, BUDGET), _build(GDP_NEW, EXPORT)
    date = datetime(2025, 10, 15, tzinfo=timezone.utc)
    data, changes = track_with_changes(old, new, date=date)
    assert data == track(old, new, date=date)
    assert changes == text_changes(old, new)
