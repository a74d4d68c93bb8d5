"""Find a template paragraph by its text, to say where an error stands."""

from __future__ import annotations

from lxml import etree

from .ns import qn


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def describe_paragraph(body: etree._Element, text: str) -> str:
    """Say where the paragraph whose text begins ``text`` stands: "đoạn 12" or "bảng 2,
    dòng 3, ô 1"; paragraphs are counted in document order, those in table cells apart (a cell
    is named by its table, row and cell, as an editor finds it). ``text`` may run on past the
    paragraph (docxtpl joins the tags of ``{%p %}`` paragraphs to the one before): the
    longest paragraph text it starts with wins."""
    wanted = " ".join(text.split())
    best: tuple[int, int, etree._Element] | None = None
    number = 0
    for p in body.iter(qn("w:p")):
        in_table = next(p.iterancestors(qn("w:tc")), None) is not None
        number += not in_table
        own = " ".join(paragraph_text(p).split())
        if own and wanted.startswith(own) and (best is None or len(own) > best[0]):
            best = (len(own), number, p)
    if best is None:
        return "đoạn có nội dung"
    _, number, p = best
    cell = next(p.iterancestors(qn("w:tc")), None)
    if cell is None:
        return f"đoạn {number}"
    row = cell.getparent()
    table = row.getparent()
    tables = list(body.iter(qn("w:tbl")))
    r = list(table.iterchildren(qn("w:tr"))).index(row) + 1
    c = list(row.iterchildren(qn("w:tc"))).index(cell) + 1
    return f"bảng {tables.index(table) + 1}, dòng {r}, ô {c}"
