"""Tracked-changes copy of a rebuilt draft: Word revisions against the previous build.

``make_tracked_copy(old, new)`` returns the new .docx whose body (and footnotes) show what
changed since the old one as ``w:ins`` / ``w:del`` revisions, which an editor accepts or
rejects in Word. ``accept_all`` and ``reject_all`` resolve every revision the way Word does;
``text_changes`` lists the changed paragraphs for a change report.

How the copy is made:

* Blocks (``w:p``, ``w:tbl``) of a container (body, table cell, footnote) are aligned with
  difflib on their texts; unchanged blocks are left as they are.
* Within a replaced stretch, blocks are paired by likeness: a paired paragraph is diffed by
  tokens (``draftgen.docdiff``), a paired table row by row and cell by cell; unpaired new
  blocks are marked inserted, unpaired old blocks are copied in, marked deleted.
* A changed paragraph is edited in place: its runs are split at token edges, inserted
  pieces wrapped in ``w:ins``, and the old text put back in ``w:del`` runs with the old
  run properties. Everything else in the paragraph (bookmarks, hyperlinks, footnote
  references, drawings) stays where it was.
* Content copied from the old document keeps text, tabs and breaks only: footnote
  references, drawings and fields there point at old parts, so they are left out.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable, Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from difflib import SequenceMatcher
from io import BytesIO
from itertools import groupby
from zipfile import ZIP_DEFLATED, BadZipFile, ZipFile, ZipInfo

from lxml import etree

from draftgen.docdiff import diff_tokens, similarity, tokenize
from draftgen.errors import DraftgenError
from draftgen.oxml.ns import NSMAP, RT, qn

__all__ = ["ParagraphChange", "accept_all", "make_tracked_copy", "reject_all", "text_changes"]

W_ID = qn("w:id")
W_P = qn("w:p")
W_R = qn("w:r")
W_T = qn("w:t")
W_TBL = qn("w:tbl")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_PPR = qn("w:pPr")
W_RPR = qn("w:rPr")
W_TRPR = qn("w:trPr")
W_INS = qn("w:ins")
W_DEL = qn("w:del")
W_DELTEXT = qn("w:delText")
W_FOOTNOTE = qn("w:footnote")
W_FOOTNOTE_REF = qn("w:footnoteReference")
XML_SPACE = qn("xml:space")

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_PAIR_THRESHOLD = 0.4  # below this likeness two blocks are a deletion and an insertion
_MAX_PAIRING_CELLS = 2500  # larger replaced stretches are not searched for pairs

# Run content with a text equivalent and no reference to another part: the only run
# content kept when old content is copied in as a deletion.
_PLAIN_OBJECTS = {
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
    W_FOOTNOTE_REF: "[chú thích]",
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
# w:id of these elements names another part's item, not an annotation.
_NOT_ANNOTATION_IDS = {
    W_FOOTNOTE,
    W_FOOTNOTE_REF,
    qn("w:endnote"),
    qn("w:endnoteReference"),
    qn("w:comment"),
}
# Removed from old properties before they are copied in: revisions, section breaks.
_STALE_PROPERTIES = {
    W_INS,
    W_DEL,
    qn("w:moveFrom"),
    qn("w:moveTo"),
    qn("w:rPrChange"),
    qn("w:pPrChange"),
    qn("w:sectPr"),
    qn("w:trPrChange"),
    qn("w:tcPrChange"),
}


# --------------------------------------------------------------------------- package


def _read_parts(docx: bytes) -> dict[str, bytes]:
    """Zip entries by name, in archive order."""
    try:
        with ZipFile(BytesIO(docx)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}
    except (BadZipFile, OSError) as exc:
        raise DraftgenError(
            "Không đọc được tệp .docx", hint="kiểm tra tệp có phải văn bản Word (.docx) không"
        ) from exc


def _write_parts(parts: dict[str, bytes]) -> bytes:
    """A zip of the parts, in the given order, with fixed timestamps: same input, same bytes."""
    buffer = BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _parse(data: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DraftgenError(f"Phần {name!r} của tệp .docx không phải XML hợp lệ") from exc


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def _related(parts: dict[str, bytes], source: str, rel_type: str) -> list[str]:
    """Part names that ``source`` ("" for the package) points at with ``rel_type``."""
    rels_name = _rels_name(source) if source else "_rels/.rels"
    if rels_name not in parts:
        return []
    rels = _parse(parts[rels_name], rels_name)
    folder = posixpath.dirname(source)
    names = []
    for rel in rels.iterfind(f"{{{NSMAP['pr']}}}Relationship"):
        if rel.get("Type") != rel_type or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        names.append(posixpath.normpath(path))
    return names


def _main_part(parts: dict[str, bytes]) -> str:
    names = _related(parts, "", RT.OFFICE_DOCUMENT)
    if not names or names[0] not in parts:
        raise DraftgenError(
            "Tệp .docx không có phần văn bản chính", hint="tệp có thể bị hỏng; hãy tạo lại"
        )
    return names[0]


def _footnotes_part(parts: dict[str, bytes], main: str) -> str | None:
    names = [n for n in _related(parts, main, RT.FOOTNOTES) if n in parts]
    return names[0] if names else None


def _body(document: etree._Element) -> etree._Element:
    body = document.find(qn("w:body"))
    if body is None:
        raise DraftgenError("Phần văn bản chính của tệp .docx không có w:body")
    return body


# --------------------------------------------------------------------------- text model


@dataclass(frozen=True)
class _Atom:
    """One character of a ``w:t`` or one other run content element (tab, footnote ref...)."""

    run: etree._Element
    node: etree._Element
    char: str | None  # None: ``node`` is an object, not text


def _iter_runs(container: etree._Element) -> Iterator[etree._Element]:
    for child in container:
        if child.tag == W_R:
            yield child
        elif child.tag in _RUN_CONTAINERS:
            yield from _iter_runs(child)


def _atoms(paragraph: etree._Element) -> list[_Atom]:
    atoms: list[_Atom] = []
    for run in _iter_runs(paragraph):
        for child in run:
            if not isinstance(child.tag, str) or child.tag in _IGNORED_RUN_CHILDREN:
                continue
            if child.tag == W_T:
                atoms.extend(_Atom(run, child, char) for char in child.text or "")
            else:
                atoms.append(_Atom(run, child, None))
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


def _atom_text(atom: _Atom, *, placeholder: str = "") -> str:
    if atom.char is not None:
        return atom.char
    return _PLAIN_OBJECTS.get(atom.node.tag, placeholder)


def _text(atoms: Sequence[_Atom]) -> str:
    """Paragraph text as a reader sees it (tabs and breaks included)."""
    return "".join(_atom_text(a) for a in atoms)


@dataclass(frozen=True)
class _Token:
    key: Hashable
    text: str
    start: int  # atom range
    end: int


def _tokens(atoms: Sequence[_Atom]) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(atoms):
        if atoms[i].char is None:
            label = _OBJECT_LABELS.get(atoms[i].node.tag, _atom_text(atoms[i]))
            tokens.append(_Token(_object_key(atoms[i].node), label, i, i + 1))
            i += 1
            continue
        j = i
        while j < len(atoms) and atoms[j].char is not None:
            j += 1
        for word in tokenize("".join(a.char or "" for a in atoms[i:j])):
            tokens.append(_Token(word, word, i, i + len(word)))
            i += len(word)
    return tokens


def _paragraph_key(paragraph: etree._Element) -> str:
    return "".join(_atom_text(a, placeholder=_OBJECT_PLACEHOLDER) for a in _atoms(paragraph))


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    return [child for child in parent if child.tag == tag]


def _blocks(container: etree._Element) -> list[etree._Element]:
    return [child for child in container if child.tag in (W_P, W_TBL)]


def _cell_key(cell: etree._Element) -> str:
    return "\n".join(_paragraph_key(p) for p in cell.iter(W_P))


def _row_key(row: etree._Element) -> tuple[str, ...]:
    return tuple(_cell_key(cell) for cell in _children(row, W_TC))


def _block_key(block: etree._Element) -> Hashable:
    if block.tag == W_P:
        return ("p", _paragraph_key(block))
    return ("tbl", tuple(_row_key(row) for row in _children(block, W_TR)))


def _grid_width(table: etree._Element) -> int:
    return len(table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))


def _row_shape(row: etree._Element) -> tuple[str, ...]:
    """Grid spans of the row's cells: rows of the same shape can be diffed cell by cell."""
    shape = []
    for cell in _children(row, W_TC):
        span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        shape.append("1" if span is None else span.get(qn("w:val"), "1"))
    return tuple(shape)


def _block_text(block: etree._Element) -> str:
    return "\n".join(_paragraph_key(p) for p in block.iter(W_P))


# --------------------------------------------------------------------------- alignment

_Score = Callable[[etree._Element, etree._Element], "float | None"]


def _block_score(old: etree._Element, new: etree._Element) -> float | None:
    """Likeness of two blocks, None when they cannot be paired at all."""
    if old.tag != new.tag:
        return None
    if old.tag == W_TBL:
        if _grid_width(old) != _grid_width(new):
            return None
        return 0.5 + 0.5 * similarity(_block_text(old), _block_text(new))
    return similarity(_paragraph_key(old), _paragraph_key(new))


def _row_score(old: etree._Element, new: etree._Element) -> float | None:
    if _row_shape(old) != _row_shape(new):
        return None
    return similarity("\n".join(_row_key(old)), "\n".join(_row_key(new)))


def _pair(
    olds: Sequence[etree._Element],
    news: Sequence[etree._Element],
    score: _Score,
    *,
    in_order: bool,
) -> list[tuple[int, int]]:
    """Order-keeping pairs (i, j) of old and new items in a replaced stretch.

    With ``in_order``, stretches of equal length whose items can pair one to one are
    paired in order (one edited paragraph among unchanged ones, however much it changed).
    Otherwise the pairs maximise the total likeness, leaving items below the threshold
    unpaired.
    """
    n, m = len(olds), len(news)
    if in_order and n == m and all(score(o, w) is not None for o, w in zip(olds, news)):
        return [(k, k) for k in range(n)]
    if n * m > _MAX_PAIRING_CELLS:
        return []
    scores = [[score(o, w) for w in news] for o in olds]

    def usable(i: int, j: int) -> float | None:
        s = scores[i][j]
        return s if s is not None and s >= _PAIR_THRESHOLD else None

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = usable(i, j)
            take = best[i + 1][j + 1] + s if s is not None else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = usable(i, j)
        if s is not None and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _shape_key(element: etree._Element) -> Hashable:
    """A block or row with its figures masked: what stays when only the data changed."""
    if element.tag == W_TBL:
        return ("tbl", _grid_width(element))
    if element.tag == W_TR:
        return ("tr", _row_shape(element), _masked("\n".join(_row_key(element))))
    return ("p", _masked(_paragraph_key(element)))


def _masked(text: str) -> str:
    """The text with every number token replaced by "#".

    >>> _masked("GRDP tăng 7,16%, đạt 1.683.240 tỷ đồng")
    'GRDP tăng #, đạt # tỷ đồng'
    """
    return "".join("#" if token[0].isdigit() else token for token in tokenize(text))


def _pair_by_shape(
    olds: Sequence[etree._Element],
    news: Sequence[etree._Element],
    score: _Score,
    *,
    in_order: bool,
) -> list[tuple[int, int]]:
    """Pairs for a replaced stretch: items equal but for their figures first, then by likeness.

    A new round of data changes many figures at once; aligning on the masked text first
    keeps a long stretch of such paragraphs (or rows) from being searched as one block.
    """
    matcher = SequenceMatcher(
        None, [_shape_key(o) for o in olds], [_shape_key(n) for n in news], autojunk=False
    )
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
        else:
            found = _pair(olds[i1:i2], news[j1:j2], score, in_order=in_order)
            pairs.extend((i1 + i, j1 + j) for i, j in found)
    return pairs


def _place(
    elements: Sequence[etree._Element],
    siblings: Sequence[etree._Element],
    index: int,
    parent: etree._Element,
) -> None:
    """Put ``elements`` where ``siblings[index]`` stands (after the last one at the end)."""
    if not elements:
        return
    if index < len(siblings):
        for element in elements:
            siblings[index].addprevious(element)
        return
    if siblings:
        previous = siblings[-1]
        for element in elements:
            previous.addnext(element)
            previous = element
        return
    # No block yet: before the section properties that end a body, else at the end.
    section = parent.find(qn("w:sectPr"))
    for element in elements:
        if section is not None:
            section.addprevious(element)
        else:
            parent.append(element)


# --------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph that differs between two builds, for a change report.

    ``index`` is the 0-based place of the paragraph among the new document's paragraphs
    (body paragraphs in document order, table cells included; within the footnote when
    ``footnote`` is set), None for a removed paragraph; ``old_index`` likewise in the old
    document, None for an added one.

    >>> ParagraphChange("changed", 11, 11, "tăng 7,16%", "tăng 7,5%", (("7,16%", "7,5%"),)
    ...                 ).describe()
    'đoạn 12: 7,16% → 7,5%'
    >>> ParagraphChange("inserted", 3, None, "", "Đoạn mới.").describe()
    'đoạn 4 (thêm): Đoạn mới.'
    >>> ParagraphChange("deleted", None, 5, "Đoạn cũ.", "", footnote=2).describe()
    'chú thích 2, đoạn 6 cũ (bỏ): Đoạn cũ.'
    """

    kind: str  # "changed" | "inserted" | "deleted"
    index: int | None
    old_index: int | None
    old_text: str
    new_text: str
    replacements: tuple[tuple[str, str], ...] = ()
    footnote: int | None = None

    def describe(self) -> str:
        """One line in Vietnamese: where the paragraph is and what changed."""
        where = f"chú thích {self.footnote}, " if self.footnote is not None else ""
        if self.kind == "deleted":
            return f"{where}đoạn {(self.old_index or 0) + 1} cũ (bỏ): {self.old_text.strip()}"
        where += f"đoạn {(self.index or 0) + 1}"
        if self.kind == "inserted":
            return f"{where} (thêm): {self.new_text.strip()}"
        steps = "; ".join(
            f"{old.strip() or '∅'} → {new.strip() or '∅'}" for old, new in self.replacements
        )
        return f"{where}: {steps}"


# --------------------------------------------------------------------------- writer


def _element(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(qn(tag))
    for name, value in attributes.items():
        element.set(qn(name), value)
    return element


def _text_element(tag: str, text: str) -> etree._Element:
    element = _element(tag)
    element.text = text
    element.set(XML_SPACE, "preserve")
    return element


def _clean_copy(element: etree._Element) -> etree._Element:
    """A copy of old properties without revisions, section breaks or w14 ids."""
    copy = deepcopy(element)
    for node in list(copy.iter()):
        if node.tag in _STALE_PROPERTIES and node is not copy:
            node.getparent().remove(node)
    for node in copy.iter():
        for name in [a for a in node.attrib if a.startswith(f"{{{NSMAP['w14']}}}")]:
            del node.attrib[name]
    return copy


def _first_free_id(*roots: etree._Element) -> int:
    """Revision ids share one space with bookmarks and comments: start above them all."""
    highest = 0
    for root in roots:
        for node in root.iter():
            value = node.get(W_ID) if isinstance(node.tag, str) else None
            if value is not None and node.tag not in _NOT_ANNOTATION_IDS and value.isdigit():
                highest = max(highest, int(value))
    return highest + 1


def _mark_paragraph_mark(paragraph: etree._Element, revision: etree._Element) -> None:
    # CT_PPr ends with ... rPr, sectPr, pPrChange; CT_ParaRPr starts with ins?, del?.
    ppr = paragraph.find(W_PPR)
    if ppr is None:
        ppr = _element("w:pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(W_RPR)
    if rpr is None:
        rpr = _element("w:rPr")
        tail = [c for c in ppr if c.tag in (qn("w:sectPr"), qn("w:pPrChange"))]
        if tail:
            tail[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(1 if revision.tag == W_DEL and rpr.find(W_INS) is not None else 0, revision)


def _mark_row(row: etree._Element, revision: etree._Element) -> None:
    # CT_Row: tblPrEx?, trPr?, tc...; CT_TrPr ends with ins?, del?, trPrChange?.
    trpr = row.find(W_TRPR)
    if trpr is None:
        trpr = _element("w:trPr")
        prex = row.find(qn("w:tblPrEx"))
        row.insert(0 if prex is None else row.index(prex) + 1, trpr)
    change = trpr.find(qn("w:trPrChange"))
    if change is not None:
        change.addprevious(revision)
    else:
        trpr.append(revision)


class _RevisionWriter:
    """Writes the revisions of one tracked copy; holds the id counter and the findings."""

    def __init__(
        self,
        *,
        author: str,
        date: str,
        first_id: int,
        old_index: dict[etree._Element, int],
        new_index: dict[etree._Element, int],
    ):
        self.author = author
        self.date = date
        self.next_id = first_id
        self.old_index = old_index
        self.new_index = new_index
        self.footnote: int | None = None
        self.changes: list[ParagraphChange] = []
        self.footnote_pairs: dict[str, str] = {}  # new footnote id -> old footnote id
        self._ours: set[str] = set()  # ids of w:ins this writer made (may be merged into)
        self._deleted_tables: set[etree._Element] = set()

    # -- revision elements

    def revision(self, tag: str) -> etree._Element:
        element = _element(tag, **{"w:id": str(self.next_id), "w:author": self.author,
                                   "w:date": self.date})
        self._ours.add(str(self.next_id))
        self.next_id += 1
        return element

    def is_ours(self, element: etree._Element | None) -> bool:
        return element is not None and element.tag == W_INS and element.get(W_ID) in self._ours

    # -- findings

    def record(
        self,
        kind: str,
        old: etree._Element | None,
        new: etree._Element | None,
        old_text: str,
        new_text: str,
        replacements: Sequence[tuple[str, str]] = (),
    ) -> None:
        if kind != "changed" and not (old_text + new_text).strip():
            return  # an empty paragraph added or removed is not worth a report line
        self.changes.append(
            ParagraphChange(
                kind,
                self.new_index.get(new) if new is not None else None,
                self.old_index.get(old) if old is not None else None,
                old_text,
                new_text,
                tuple(replacements),
                self.footnote,
            )
        )

    def pair_footnotes(self, old: etree._Element, new: etree._Element) -> None:
        for old_ref, new_ref in zip(old.iter(W_FOOTNOTE_REF), new.iter(W_FOOTNOTE_REF)):
            self.footnote_pairs.setdefault(new_ref.get(W_ID, ""), old_ref.get(W_ID, ""))

    # -- blocks

    def diff_blocks(self, old_parent: etree._Element, new_parent: etree._Element) -> None:
        """Mark the blocks of ``new_parent`` against those of ``old_parent``."""
        olds, news = _blocks(old_parent), _blocks(new_parent)
        matcher = SequenceMatcher(
            None, [_block_key(b) for b in olds], [_block_key(b) for b in news], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for old, new in zip(olds[i1:i2], news[j1:j2]):
                    self.pair_footnotes(old, new)
                continue
            self._replace(
                olds[i1:i2], news, j1, j2, _block_score, in_order=True,
                delete=self.deleted_block, insert=self.insert_block, change=self.change_block,
                parent=new_parent,
            )
        self.separate_tables(new_parent)

    def _replace(
        self,
        olds: Sequence[etree._Element],
        news: Sequence[etree._Element],
        j1: int,
        j2: int,
        score: _Score,
        *,
        in_order: bool,
        delete: Callable[[etree._Element], etree._Element],
        insert: Callable[[etree._Element], None],
        change: Callable[[etree._Element, etree._Element], None],
        parent: etree._Element,
    ) -> None:
        """Mark the stretch ``news[j1:j2]`` that replaced ``olds``: deletions first."""
        i, j = 0, j1
        pairs = _pair_by_shape(olds, news[j1:j2], score, in_order=in_order)
        for pi, pj in [*pairs, (len(olds), j2 - j1)]:
            _place([delete(old) for old in olds[i:pi]], news, j, parent)
            for new in news[j : j1 + pj]:
                insert(new)
            if pi < len(olds):
                change(olds[pi], news[j1 + pj])
            i, j = pi + 1, j1 + pj + 1

    def insert_block(self, block: etree._Element) -> None:
        if block.tag == W_TBL:
            for row in block.iter(W_TR):
                _mark_row(row, self.revision("w:ins"))
            for paragraph in list(block.iter(W_P)):
                self.insert_paragraph(paragraph)
        else:
            self.insert_paragraph(block)

    def deleted_block(self, block: etree._Element) -> etree._Element:
        if block.tag == W_P:
            return self.deleted_paragraph(block)
        copy = _clean_copy(block)
        for row in copy.iter(W_TR):
            _mark_row(row, self.revision("w:del"))
        for old, paragraph in zip(list(block.iter(W_P)), list(copy.iter(W_P))):
            paragraph.getparent().replace(paragraph, self.deleted_paragraph(old))
        self._deleted_tables.add(copy)
        return copy

    def separate_tables(self, parent: etree._Element) -> None:
        """Keep a deleted table from touching another table, which Word would join to it.

        The separating paragraph is marked inserted and deleted, so it goes away both when
        the revisions are accepted and when they are rejected.
        """
        for block in list(parent):
            following = block.getnext()
            if (
                block.tag == W_TBL
                and following is not None
                and following.tag == W_TBL
                and (block in self._deleted_tables or following in self._deleted_tables)
            ):
                separator = _element("w:p")
                _mark_paragraph_mark(separator, self.revision("w:ins"))
                _mark_paragraph_mark(separator, self.revision("w:del"))
                block.addnext(separator)

    def change_block(self, old: etree._Element, new: etree._Element) -> None:
        if new.tag == W_TBL:
            self.change_table(old, new)
        else:
            self.change_paragraph(old, new)

    # -- tables

    def change_table(self, old: etree._Element, new: etree._Element) -> None:
        olds, news = _children(old, W_TR), _children(new, W_TR)
        matcher = SequenceMatcher(
            None, [_row_key(r) for r in olds], [_row_key(r) for r in news], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for old_row, new_row in zip(olds[i1:i2], news[j1:j2]):
                    self.pair_footnotes(old_row, new_row)
                continue
            self._replace(
                olds[i1:i2], news, j1, j2, _row_score, in_order=False,
                delete=self.deleted_block, insert=self.insert_row, change=self.change_row,
                parent=new,
            )

    def insert_row(self, row: etree._Element) -> None:
        for each in row.iter(W_TR):
            _mark_row(each, self.revision("w:ins"))
        for paragraph in list(row.iter(W_P)):
            self.insert_paragraph(paragraph)

    def change_row(self, old: etree._Element, new: etree._Element) -> None:
        for old_cell, new_cell in zip(_children(old, W_TC), _children(new, W_TC)):
            self.diff_blocks(old_cell, new_cell)

    # -- paragraphs

    def insert_paragraph(self, paragraph: etree._Element) -> None:
        atoms = _atoms(paragraph)
        self._rewrite(paragraph, atoms, [True] * len(atoms), set(), {})
        _mark_paragraph_mark(paragraph, self.revision("w:ins"))
        self.record("inserted", None, paragraph, "", _text(atoms))

    def deleted_paragraph(self, old: etree._Element) -> etree._Element:
        """A new paragraph holding the old one's text as a deletion."""
        paragraph = _element("w:p")
        ppr = old.find(W_PPR)
        paragraph.append(_clean_copy(ppr) if ppr is not None else _element("w:pPr"))
        atoms = _atoms(old)
        deletion = self.deletion(atoms)
        if deletion is not None:
            paragraph.append(deletion)
        _mark_paragraph_mark(paragraph, self.revision("w:del"))
        self.record("deleted", old, None, _text(atoms), "")
        return paragraph

    def deletion(self, atoms: Sequence[_Atom]) -> etree._Element | None:
        """A ``w:del`` with the old atoms as deleted runs, None if nothing can be shown."""
        runs = [
            run
            for source, group in groupby(atoms, key=lambda a: a.run)
            if (run := _deleted_run(source, list(group))) is not None
        ]
        if not runs:
            return None
        deletion = self.revision("w:del")
        deletion.extend(runs)
        return deletion

    def change_paragraph(self, old: etree._Element, new: etree._Element) -> None:
        old_atoms, new_atoms = _atoms(old), _atoms(new)
        old_tokens, new_tokens = _tokens(old_atoms), _tokens(new_atoms)
        ops = diff_tokens([t.key for t in old_tokens], [t.key for t in new_tokens])

        def span(tokens: list[_Token], atoms: list[_Atom], k1: int, k2: int) -> tuple[int, int]:
            if k1 == k2:
                at = tokens[k1].start if k1 < len(tokens) else len(atoms)
                return at, at
            return tokens[k1].start, tokens[k2 - 1].end

        inserted = [False] * len(new_atoms)
        cuts: set[int] = set()
        deletions: dict[int, etree._Element] = {}
        replacements: list[tuple[str, str]] = []
        for op in ops:
            a1, a2 = span(old_tokens, old_atoms, op.i1, op.i2)
            b1, b2 = span(new_tokens, new_atoms, op.j1, op.j2)
            cuts.update((b1, b2))
            if op.tag == "equal":
                for old_atom, new_atom in zip(old_atoms[a1:a2], new_atoms[b1:b2]):
                    if new_atom.node.tag == W_FOOTNOTE_REF:
                        self.footnote_pairs.setdefault(
                            new_atom.node.get(W_ID, ""), old_atom.node.get(W_ID, "")
                        )
                continue
            replacements.append((
                "".join(t.text for t in old_tokens[op.i1 : op.i2]),
                "".join(t.text for t in new_tokens[op.j1 : op.j2]),
            ))
            inserted[b1:b2] = [True] * (b2 - b1)
            deletion = self.deletion(old_atoms[a1:a2])
            if deletion is not None:
                deletions[b1] = deletion
        self._rewrite(new, new_atoms, inserted, cuts, deletions)
        self.record("changed", old, new, _text(old_atoms), _text(new_atoms), replacements)

    def _rewrite(
        self,
        paragraph: etree._Element,
        atoms: Sequence[_Atom],
        inserted: Sequence[bool],
        cuts: set[int],
        deletions: dict[int, etree._Element],
    ) -> None:
        """Split the paragraph's runs at ``cuts``, wrap inserted pieces, place deletions.

        ``deletions[k]`` goes just before new atom ``k`` (after the last run when ``k`` is
        the number of atoms).
        """
        last: etree._Element | None = None
        start = 0
        for run, group in groupby(atoms, key=lambda a: a.run):
            end = start + len(list(group))
            parent = run.getparent()
            at = parent.index(run)
            parent.remove(run)
            previous = parent[at - 1] if at > 0 else None
            edges = [start, *sorted(c for c in cuts if start < c < end), end]
            output: list[etree._Element] = []
            for ps, pe in zip(edges, edges[1:]):
                if ps in deletions:
                    output.append(deletions.pop(ps))
                piece = run if (ps, pe) == (start, end) else _copy_run(run, atoms[ps:pe])
                if not inserted[ps]:
                    output.append(piece)
                elif output and self.is_ours(output[-1]):
                    output[-1].append(piece)
                else:
                    wrapper = self.revision("w:ins")
                    wrapper.append(piece)
                    output.append(wrapper)
            if self.is_ours(previous) and self.is_ours(output[0]):
                previous.extend(list(output.pop(0)))  # one w:ins for neighbouring pieces
            for offset, element in enumerate(output):
                parent.insert(at + offset, element)
            last = output[-1] if output else previous
            start = end
        trailing = deletions.pop(len(atoms), None)
        if trailing is not None:
            if last is not None:
                last.addnext(trailing)
            else:
                paragraph.append(trailing)


def _copy_run(run: etree._Element, atoms: Sequence[_Atom]) -> etree._Element:
    """A run with ``run``'s properties holding only ``atoms``."""
    copy = etree.Element(run.tag, attrib=dict(run.attrib))
    rpr = run.find(W_RPR)
    if rpr is not None:
        copy.append(deepcopy(rpr))
    for node, group in groupby(atoms, key=lambda a: a.node):
        if node.tag == W_T:
            copy.append(_text_element("w:t", "".join(a.char or "" for a in group)))
        else:
            copy.extend(deepcopy(node) for _ in group)
    return copy


def _deleted_run(run: etree._Element, atoms: Sequence[_Atom]) -> etree._Element | None:
    """The old atoms as a deleted run with the old run properties; None if nothing shows."""
    copy = _element("w:r")
    rpr = run.find(W_RPR)
    if rpr is not None:
        copy.append(_clean_copy(rpr))
    shown = False
    for node, group in groupby(atoms, key=lambda a: a.node):
        if node.tag == W_T:
            copy.append(_text_element("w:delText", "".join(a.char or "" for a in group)))
            shown = True
        elif node.tag in _PLAIN_OBJECTS:
            copy.extend(deepcopy(node) for _ in group)
            shown = True
    return copy if shown else None


# --------------------------------------------------------------------------- public API


def _paragraph_index(root: etree._Element | None) -> dict[etree._Element, int]:
    if root is None:
        return {}
    return {p: k for k, p in enumerate(root.iter(W_P))}


def _track(
    old: bytes, new: bytes, *, author: str, date: str
) -> tuple[dict[str, bytes], list[ParagraphChange]]:
    old_parts, new_parts = _read_parts(old), _read_parts(new)
    old_main, new_main = _main_part(old_parts), _main_part(new_parts)
    old_doc = _parse(old_parts[old_main], old_main)
    new_doc = _parse(new_parts[new_main], new_main)
    old_notes_name = _footnotes_part(old_parts, old_main)
    new_notes_name = _footnotes_part(new_parts, new_main)
    old_notes = _parse(old_parts[old_notes_name], old_notes_name) if old_notes_name else None
    new_notes = _parse(new_parts[new_notes_name], new_notes_name) if new_notes_name else None

    old_body, new_body = _body(old_doc), _body(new_doc)
    roots = [new_doc] if new_notes is None else [new_doc, new_notes]
    writer = _RevisionWriter(
        author=author,
        date=date,
        first_id=_first_free_id(*roots),
        old_index=_paragraph_index(old_body),
        new_index=_paragraph_index(new_body),
    )
    new_refs = [ref.get(W_ID, "") for ref in new_body.iter(W_FOOTNOTE_REF)]
    writer.diff_blocks(old_body, new_body)
    new_parts[new_main] = _serialize(new_doc)

    if new_notes is not None and new_notes_name is not None:
        _track_footnotes(writer, old_notes, new_notes, new_refs)
        new_parts[new_notes_name] = _serialize(new_notes)
    return new_parts, writer.changes


def _track_footnotes(
    writer: _RevisionWriter,
    old_notes: etree._Element | None,
    new_notes: etree._Element,
    new_refs: Sequence[str],
) -> None:
    """Diff footnotes paired through their references; mark footnotes added as inserted."""
    old_by_id = {} if old_notes is None else {n.get(W_ID): n for n in old_notes.iter(W_FOOTNOTE)}
    new_by_id = {n.get(W_ID): n for n in new_notes.iter(W_FOOTNOTE)}
    empty = _element("w:footnote")
    for new_id in dict.fromkeys(new_refs):
        new_note = new_by_id.get(new_id)
        if new_note is None or new_note.get(qn("w:type"), "normal") != "normal":
            continue
        old_note = old_by_id.get(writer.footnote_pairs.get(new_id))
        writer.footnote = int(new_id) if new_id.lstrip("-").isdigit() else None
        writer.old_index = _paragraph_index(old_note)
        writer.new_index = _paragraph_index(new_note)
        writer.diff_blocks(empty if old_note is None else old_note, new_note)


def make_tracked_copy(
    old: bytes, new: bytes, *, author: str = "draftgen", date: str = "2000-01-01T00:00:00Z"
) -> bytes:
    """The ``new`` .docx with its differences from ``old`` shown as Word revisions.

    Every part of ``new`` is kept (styles, images, sections); the body and the footnotes
    get ``w:ins`` / ``w:del`` revisions by ``author`` dated ``date``. The same inputs give
    the same bytes.
    """
    parts, _ = _track(old, new, author=author, date=date)
    return _write_parts(parts)


def text_changes(old: bytes, new: bytes) -> list[ParagraphChange]:
    """The paragraphs that differ between two builds, in new-document order.

    The alignment is the one ``make_tracked_copy`` marks. Body paragraphs come first,
    then footnote paragraphs (``footnote`` set).
    """
    _, changes = _track(old, new, author="draftgen", date="2000-01-01T00:00:00Z")
    return changes


# --------------------------------------------------------------------------- accept / reject


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
    elif not any(True for _ in _iter_runs(paragraph)):
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
    # Formatting changes are not written by make_tracked_copy; their records are dropped.
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
    parts = _read_parts(docx)
    main = _main_part(parts)
    notes = [n for t in (RT.FOOTNOTES, RT.ENDNOTES) for n in _related(parts, main, t)]
    names = [main, *(n for n in notes if n in parts)]
    for name in names:
        root = _parse(parts[name], name)
        _resolve(root, keep=keep)
        parts[name] = _serialize(root)
    return _write_parts(parts)


def accept_all(docx: bytes) -> bytes:
    """The document with every revision accepted: insertions kept, deletions gone."""
    return _resolve_package(docx, keep="w:ins")


def reject_all(docx: bytes) -> bytes:
    """The document with every revision rejected: insertions gone, deletions restored."""
    return _resolve_package(docx, keep="w:del")
