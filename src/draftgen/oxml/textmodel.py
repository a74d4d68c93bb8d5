"""The text model of WordprocessingML content, as the tracked-changes copy compares it.

A paragraph is a sequence of *atoms*: one per character of its ``w:t`` texts, one per other
run content element (a tab, a break, a footnote reference, a drawing). Atoms group into
*tokens* for the diff (words, numbers as a whole, see :func:`draftgen.textdiff.tokenize`;
each object a token of its own). Blocks (``w:p``, ``w:tbl``), table rows and cells have
*keys*: what must be equal for two of them to be the same.

Pure reading: nothing here changes the XML.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass

from lxml import etree

from draftgen.oxml.ns import W_FOOTNOTE_REFERENCE, W_P, W_R, W_RPR, W_T, W_TBL, W_TC, W_TR, qn
from draftgen.textdiff import tokenize

__all__ = [
    "PLAIN_OBJECTS",
    "Atom",
    "Token",
    "atom_tokens",
    "atoms_text",
    "block_key",
    "block_text",
    "blocks",
    "children",
    "grid_width",
    "iter_runs",
    "paragraph_atoms",
    "paragraph_key",
    "row_key",
    "row_shape",
]

# Run content with a text equivalent and no reference to another part: the only run
# content kept when old content is copied in as a deletion.
PLAIN_OBJECTS = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
    qn("w:softHyphen"): "",
    qn("w:sym"): "",
}
_OBJECT_PLACEHOLDER = "\ufffc"  # stands for a footnote reference, drawing... in block keys
# How a change report names run objects that have no text.
_OBJECT_LABELS = {
    qn("w:drawing"): "[hình]",
    qn("w:pict"): "[hình]",
    qn("w:object"): "[đối tượng]",
    W_FOOTNOTE_REFERENCE: "[chú thích]",
}
_IGNORED_RUN_CHILDREN = {W_RPR, qn("w:lastRenderedPageBreak")}
# Inline containers whose runs take part in the diff (all hold EG_PContent, where
# w:ins / w:del are allowed). Runs in existing revisions or math are left alone.
_RUN_CONTAINERS = {
    W_P,
    qn("w:hyperlink"),
    qn("w:smartTag"),
    qn("w:customXml"),
    qn("w:fldSimple"),
    qn("w:sdt"),
    qn("w:sdtContent"),
}


@dataclass(frozen=True)
class Atom:
    """One character of a ``w:t`` or one other run content element (tab, footnote ref...)."""

    run: etree._Element
    node: etree._Element
    char: str | None  # None: ``node`` is an object, not text


def iter_runs(container: etree._Element) -> Iterator[etree._Element]:
    """The runs of a paragraph (or inline container) that take part in the diff, in order."""
    for child in container:
        if child.tag == W_R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from iter_runs(child)


def paragraph_atoms(paragraph: etree._Element) -> list[Atom]:
    """The atoms of a paragraph, in order (runs in hyperlinks, fields... included)."""
    atoms: list[Atom] = []
    for run in iter_runs(paragraph):
        for child in run:
            if not isinstance(child.tag, str) or child.tag in _IGNORED_RUN_CHILDREN:
                continue
            if child.tag == W_T:
                atoms.extend(Atom(run, child, char) for char in child.text or "")
            else:
                atoms.append(Atom(run, child, None))
    return atoms


def _object_key(node: etree._Element) -> tuple[str | None, ...]:
    """What makes two run objects the same for the diff."""
    name = etree.QName(node).localname
    if name == "fldChar":
        return (name, node.get(qn("w:fldCharType")))
    if name == "instrText":
        return (name, node.text or "")
    if name == "sym":
        return (name, node.get(qn("w:font")), node.get(qn("w:char")))
    if name == "br":
        return (name, node.get(qn("w:type")))
    return (name,)


def _atom_text(atom: Atom, *, placeholder: str = "") -> str:
    if atom.char is not None:
        return atom.char
    return PLAIN_OBJECTS.get(atom.node.tag, placeholder)


def atoms_text(atoms: Sequence[Atom]) -> str:
    """Paragraph text as a reader sees it (tabs and breaks included)."""
    return "".join(_atom_text(a) for a in atoms)


@dataclass(frozen=True)
class Token:
    """A diff token: what it is compared by, how a report shows it, its atoms."""

    key: Hashable
    text: str
    start: int  # atom range
    end: int


def atom_tokens(atoms: Sequence[Atom]) -> list[Token]:
    """The diff tokens of a paragraph's atoms: words and numbers, and each object."""
    tokens: list[Token] = []
    i = 0
    while i < len(atoms):
        if atoms[i].char is None:
            label = _OBJECT_LABELS.get(atoms[i].node.tag, _atom_text(atoms[i]))
            tokens.append(Token(_object_key(atoms[i].node), label, i, i + 1))
            i += 1
            continue
        j = i
        while j < len(atoms) and atoms[j].char is not None:
            j += 1
        for word in tokenize("".join(a.char or "" for a in atoms[i:j])):
            tokens.append(Token(word, word, i, i + len(word)))
            i += len(word)
    return tokens


def paragraph_key(paragraph: etree._Element) -> str:
    """The paragraph's text, objects standing as a placeholder: equal keys, same paragraph."""
    atoms = paragraph_atoms(paragraph)
    return "".join(_atom_text(a, placeholder=_OBJECT_PLACEHOLDER) for a in atoms)


def children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """The children of `parent` with `tag` (rows of a table, cells of a row)."""
    return [child for child in parent if child.tag == tag]


def blocks(container: etree._Element) -> list[etree._Element]:
    """The paragraphs and tables of a body, cell or footnote, in order."""
    return [child for child in container if child.tag in (W_P, W_TBL)]


def _cell_key(cell: etree._Element) -> str:
    return "\n".join(paragraph_key(p) for p in cell.iter(W_P))


def row_key(row: etree._Element) -> tuple[str, ...]:
    """The keys of the row's cells: equal keys, same row."""
    return tuple(_cell_key(cell) for cell in children(row, W_TC))


def block_key(block: etree._Element) -> Hashable:
    """What two blocks must share to be the same paragraph or table."""
    if block.tag == W_P:
        return ("p", paragraph_key(block))
    return ("tbl", tuple(row_key(row) for row in children(block, W_TR)))


def grid_width(table: etree._Element) -> int:
    """The number of grid columns of a table."""
    return len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))


def row_shape(row: etree._Element) -> tuple[str, ...]:
    """Grid spans of the row's cells: rows of the same shape can be diffed cell by cell."""
    shape = []
    for cell in children(row, W_TC):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        shape.append("1" if span is None else span.get(qn("w:val"), "1"))
    return tuple(shape)


def block_text(block: etree._Element) -> str:
    """The keys of all the block's paragraphs, one a line (a table's cells included)."""
    return "\n".join(paragraph_key(p) for p in block.iter(W_P))

