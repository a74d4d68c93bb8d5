"""Accept or reject every revision of a .docx, the way Word does.

Used to check a tracked-changes copy (accepting all gives the new build, rejecting all the
old one) and by editors' tools. Works on the main document and its footnotes and endnotes.
"""

from __future__ import annotations

from lxml import etree

from draftgen.oxml.ns import RT, W_DEL, W_DELTEXT, W_P, W_PPR, W_RPR, W_T, W_TBL, W_TR, W_TRPR, qn
from draftgen.oxml.package import (
    main_part,
    parse_part,
    read_parts,
    related,
    serialize_part,
    write_parts,
)
from draftgen.oxml.textmodel import iter_runs

__all__ = ["accept_all", "reject_all"]


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    at = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(at + offset, child)
    parent.remove(element)


def _drop_paragraph_mark(paragraph: etree._Element) -> None:
    """Join a paragraph whose mark goes away with the next one, as Word does."""
    following = paragraph.getnext()
    content = [c for c in paragraph if c.tag != W_PPR]
    if following is not None and following.tag == W_P:
        ppr = following.find(W_PPR)
        at = 0 if ppr is None else following.index(ppr) + 1
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
        paragraph.getparent().remove(paragraph)
    elif not any(True for _ in iter_runs(paragraph)):
        paragraph.getparent().remove(paragraph)


def _resolve(root: etree._Element, *, keep: str) -> None:
    """Accept (``keep="w:ins"``) or reject (``keep="w:del"``) every revision in a part."""
    kept, dropped = qn(keep), qn("w:del" if keep == "w:ins" else "w:ins")
    marks = (W_RPR, W_TRPR)  # w:ins / w:del there mark a paragraph mark or a table row
    for element in list(root.iter(dropped)):
        if element.getparent().tag not in marks:
            element.getparent().remove(element)
    for element in list(root.iter(kept)):
        if element.getparent().tag not in marks:
            if kept == W_DEL:
                for node in element.iter(W_DELTEXT, qn("w:delInstrText")):
                    node.tag = W_T if node.tag == W_DELTEXT else qn("w:instrText")
            _unwrap(element)
    # Formatting changes are not written by track(); their records are dropped.
    for change in list(root.iter(qn("w:rPrChange"), qn("w:pPrChange"))):
        change.getparent().remove(change)
    for row in list(root.iter(W_TR)):
        trpr = row.find(W_TRPR)
        if trpr is None:
            continue
        if trpr.find(dropped) is not None:
            row.getparent().remove(row)
        for mark in trpr.findall(kept):
            trpr.remove(mark)
    for table in list(root.iter(W_TBL)):
        if table.find(W_TR) is None:
            table.getparent().remove(table)
    for paragraph in list(root.iter(W_P)):
        rpr = paragraph.find(f"{W_PPR}/{W_RPR}")
        if rpr is None:
            continue
        for mark in rpr.findall(kept):
            rpr.remove(mark)
        if rpr.find(dropped) is not None:
            rpr.remove(rpr.find(dropped))
            _drop_paragraph_mark(paragraph)


def _resolve_package(docx: bytes, *, keep: str) -> bytes:
    parts = read_parts(docx)
    main = main_part(parts)
    notes = [n for t in (RT.FOOTNOTES, RT.ENDNOTES) for n in related(parts, main, t)]
    names = [main, *(n for n in notes if n in parts)]
    for name in names:
        root = parse_part(parts[name], name)
        _resolve(root, keep=keep)
        parts[name] = serialize_part(root)
    return write_parts(parts)


def accept_all(docx: bytes) -> bytes:
    """The document with every revision accepted: insertions kept, deletions gone."""
    return _resolve_package(docx, keep="w:ins")


def reject_all(docx: bytes) -> bytes:
    """The document with every revision rejected: insertions gone, deletions restored."""
    return _resolve_package(docx, keep="w:del")
