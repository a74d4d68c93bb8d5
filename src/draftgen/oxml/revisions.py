"""Tracked-changes copy of a rebuilt draft: Word revisions against the previous build.

``track(old, new)`` returns the new .docx whose body (and footnotes) show what changed since
the old one as ``w:ins`` / ``w:del`` revisions, which an editor accepts or rejects in Word;
``text_changes`` lists the changed paragraphs for a change report. The work is shared out:

* :mod:`draftgen.oxml.package`: the parts of the two .docx, and the copy zipped again;
* :mod:`draftgen.oxml.textmodel`: paragraphs as atoms and tokens, keys of blocks and rows;
* :mod:`draftgen.oxml.align`: which old block or row pairs with which new one;
* this module: writing the revisions into the new document;
* :mod:`draftgen.oxml.resolve`: ``accept_all`` / ``reject_all``, as Word resolves them.

How the copy is made:

* Blocks (``w:p``, ``w:tbl``) of a container (body, table cell, footnote) are aligned with
  difflib on their texts; unchanged blocks are left as they are.
* Within a replaced stretch, blocks are paired by likeness: a paired paragraph is diffed by
  tokens (``draftgen.textdiff``), a paired table row by row and cell by cell; unpaired new
  blocks are marked inserted, unpaired old blocks are copied in, marked deleted.
* A changed paragraph is edited in place: its runs are split at token edges, inserted
  pieces wrapped in ``w:ins``, and the old text put back in ``w:del`` runs with the old
  run properties. Everything else in the paragraph (bookmarks, hyperlinks, footnote
  references, drawings) stays where it was.
* Content copied from the old document keeps text, tabs and breaks only: footnote
  references, drawings and fields there point at old parts, so they are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from difflib import SequenceMatcher
from itertools import groupby

from lxml import etree

from draftgen.errors import DraftgenError
from draftgen.oxml.align import Score, block_score, pair_by_shape, row_score
from draftgen.oxml.ns import (
    NSMAP,
    RT,
    W_BODY,
    W_DEL,
    W_FOOTNOTE,
    W_FOOTNOTE_REFERENCE,
    W_ID,
    W_INS,
    W_P,
    W_PPR,
    W_RPR,
    W_T,
    W_TBL,
    W_TC,
    W_TR,
    W_TRPR,
    XML_SPACE,
    qn,
)
from draftgen.oxml.package import (
    main_part,
    parse_part,
    read_parts,
    related_part,
    serialize_part,
    write_parts,
)
from draftgen.oxml.resolve import accept_all, reject_all
from draftgen.oxml.textmodel import (
    PLAIN_OBJECTS,
    Atom,
    Token,
    atom_tokens,
    atoms_text,
    block_key,
    blocks,
    children,
    paragraph_atoms,
    row_key,
)
from draftgen.textdiff import diff_tokens

__all__ = [
    "DEFAULT_DATE",
    "ParagraphChange",
    "accept_all",
    "make_tracked_copy",
    "reject_all",
    "text_changes",
    "track",
    "track_with_changes",
]

# w:id of these elements names another part's item, not an annotation.
_NOT_ANNOTATION_IDS = {
    W_FOOTNOTE,
    W_FOOTNOTE_REFERENCE,
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


def _body(document: etree._Element) -> etree._Element:
    body = document.find(W_BODY)
    if body is None:
        raise DraftgenError("Phần văn bản chính của tệp .docx không có w:body")
    return body


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

    >>> ParagraphChange("changed", 11, 11, "GRDP tăng 7,16%", "GRDP tăng 7,5%",
    ...                 (("7,16%", "7,5%"),)).describe()
    'đoạn 12 («GRDP tăng 7,5%»): 7,16% → 7,5%'
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
        quote = self.quote()
        return f"{where} («{quote}»): {steps}" if quote else f"{where}: {steps}"

    def quote(self, before: int = 40, after: int = 20) -> str:
        """The words around the first change in the new text, so that an editor finds the
        paragraph in Word (which shows no paragraph numbers)."""
        new = next((n.strip() for _, n in self.replacements if n.strip()), "")
        text = " ".join(self.new_text.split())
        at = text.find(new) if new else -1
        if at < 0:
            return ""
        start = max(0, at - before)
        start = text.rfind(" ", 0, start) + 1 if start else 0
        end = min(len(text), at + len(new) + after)
        end = text.find(" ", end) if end < len(text) and text.find(" ", end) > 0 else len(text)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


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
        for old_ref, new_ref in zip(old.iter(W_FOOTNOTE_REFERENCE), new.iter(W_FOOTNOTE_REFERENCE)):
            self.footnote_pairs.setdefault(new_ref.get(W_ID, ""), old_ref.get(W_ID, ""))

    # -- blocks

    def diff_blocks(self, old_parent: etree._Element, new_parent: etree._Element) -> None:
        """Mark the blocks of ``new_parent`` against those of ``old_parent``."""
        olds, news = blocks(old_parent), blocks(new_parent)
        matcher = SequenceMatcher(
            None, [block_key(b) for b in olds], [block_key(b) for b in news], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for old, new in zip(olds[i1:i2], news[j1:j2]):
                    self.pair_footnotes(old, new)
                continue
            self._replace(
                olds[i1:i2], news, j1, j2, block_score, in_order=True,
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
        score: Score,
        *,
        in_order: bool,
        delete: Callable[[etree._Element], etree._Element],
        insert: Callable[[etree._Element], None],
        change: Callable[[etree._Element, etree._Element], None],
        parent: etree._Element,
    ) -> None:
        """Mark the stretch ``news[j1:j2]`` that replaced ``olds``: deletions first."""
        i, j = 0, j1
        pairs = pair_by_shape(olds, news[j1:j2], score, in_order=in_order)
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
        olds, news = children(old, W_TR), children(new, W_TR)
        matcher = SequenceMatcher(
            None, [row_key(r) for r in olds], [row_key(r) for r in news], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for old_row, new_row in zip(olds[i1:i2], news[j1:j2]):
                    self.pair_footnotes(old_row, new_row)
                continue
            self._replace(
                olds[i1:i2], news, j1, j2, row_score, in_order=False,
                delete=self.deleted_block, insert=self.insert_row, change=self.change_row,
                parent=new,
            )

    def insert_row(self, row: etree._Element) -> None:
        for each in row.iter(W_TR):
            _mark_row(each, self.revision("w:ins"))
        for paragraph in list(row.iter(W_P)):
            self.insert_paragraph(paragraph)

    def change_row(self, old: etree._Element, new: etree._Element) -> None:
        for old_cell, new_cell in zip(children(old, W_TC), children(new, W_TC)):
            self.diff_blocks(old_cell, new_cell)

    # -- paragraphs

    def insert_paragraph(self, paragraph: etree._Element) -> None:
        atoms = paragraph_atoms(paragraph)
        self._rewrite(paragraph, atoms, [True] * len(atoms), set(), {})
        _mark_paragraph_mark(paragraph, self.revision("w:ins"))
        self.record("inserted", None, paragraph, "", atoms_text(atoms))

    def deleted_paragraph(self, old: etree._Element) -> etree._Element:
        """A new paragraph holding the old one's text as a deletion."""
        paragraph = _element("w:p")
        ppr = old.find(W_PPR)
        paragraph.append(_clean_copy(ppr) if ppr is not None else _element("w:pPr"))
        atoms = paragraph_atoms(old)
        deletion = self.deletion(atoms)
        if deletion is not None:
            paragraph.append(deletion)
        _mark_paragraph_mark(paragraph, self.revision("w:del"))
        self.record("deleted", old, None, atoms_text(atoms), "")
        return paragraph

    def deletion(self, atoms: Sequence[Atom]) -> etree._Element | None:
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
        old_atoms, new_atoms = paragraph_atoms(old), paragraph_atoms(new)
        old_tokens, new_tokens = atom_tokens(old_atoms), atom_tokens(new_atoms)
        ops = diff_tokens([t.key for t in old_tokens], [t.key for t in new_tokens])

        def span(tokens: list[Token], atoms: list[Atom], k1: int, k2: int) -> tuple[int, int]:
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
                    if new_atom.node.tag == W_FOOTNOTE_REFERENCE:
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
        self.record("changed", old, new, atoms_text(old_atoms), atoms_text(new_atoms), replacements)

    def _rewrite(
        self,
        paragraph: etree._Element,
        atoms: Sequence[Atom],
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


def _copy_run(run: etree._Element, atoms: Sequence[Atom]) -> etree._Element:
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


def _deleted_run(run: etree._Element, atoms: Sequence[Atom]) -> etree._Element | None:
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
        elif node.tag in PLAIN_OBJECTS:
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
    old_parts, new_parts = read_parts(old), read_parts(new)
    old_main, new_main = main_part(old_parts), main_part(new_parts)
    old_doc = parse_part(old_parts[old_main], old_main)
    new_doc = parse_part(new_parts[new_main], new_main)
    old_notes_name = related_part(old_parts, old_main, RT.FOOTNOTES)
    new_notes_name = related_part(new_parts, new_main, RT.FOOTNOTES)
    old_notes = parse_part(old_parts[old_notes_name], old_notes_name) if old_notes_name else None
    new_notes = parse_part(new_parts[new_notes_name], new_notes_name) if new_notes_name else None

    old_body, new_body = _body(old_doc), _body(new_doc)
    roots = [new_doc] if new_notes is None else [new_doc, new_notes]
    writer = _RevisionWriter(
        author=author,
        date=date,
        first_id=_first_free_id(*roots),
        old_index=_paragraph_index(old_body),
        new_index=_paragraph_index(new_body),
    )
    new_refs = [ref.get(W_ID, "") for ref in new_body.iter(W_FOOTNOTE_REFERENCE)]
    writer.diff_blocks(old_body, new_body)
    new_parts[new_main] = serialize_part(new_doc)

    if new_notes is not None and new_notes_name is not None:
        _track_footnotes(writer, old_notes, new_notes, new_refs)
        new_parts[new_notes_name] = serialize_part(new_notes)
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


DEFAULT_DATE = datetime(2000, 1, 1)  # of revisions when no date is given: fixed, not today


def track(
    old: bytes, new: bytes, *, author: str = "draftgen", date: datetime | None = None
) -> bytes:
    """The ``new`` .docx with its differences from ``old`` shown as Word revisions.

    Every part of ``new`` is kept (styles, images, sections); the body and the footnotes get
    ``w:ins`` / ``w:del`` revisions by ``author``. ``date`` is written on each of them
    (``w:date``): a build passes its real date (``build.build_date``: the time of the build,
    or ``SOURCE_DATE_EPOCH``); None writes the fixed :data:`DEFAULT_DATE`
    (2000-01-01T00:00:00Z). The clock is not read here, so the same inputs give the same
    bytes. A naive ``date`` is written as it is, as UTC; an aware one is converted to UTC.
    """
    return track_with_changes(old, new, author=author, date=date)[0]


def track_with_changes(
    old: bytes, new: bytes, *, author: str = "draftgen", date: datetime | None = None
) -> tuple[bytes, list[ParagraphChange]]:
    """:func:`track` and :func:`text_changes` from one comparison, the costly part of a
    rebuild: the tracked-changes copy and the paragraphs that changed."""
    parts, changes = _track(old, new, author=author, date=_revision_date(date))
    return write_parts(parts), changes


def _revision_date(date: datetime | None) -> str:
    """``w:date`` text (xsd:dateTime, UTC, whole seconds) of a revision.

    >>> _revision_date(None)
    '2000-01-01T00:00:00Z'
    >>> _revision_date(datetime(2025, 10, 15, 8, 30, 12, 500))
    '2025-10-15T08:30:12Z'
    >>> from datetime import timedelta
    >>> _revision_date(datetime(2025, 10, 15, 8, 30, tzinfo=timezone(timedelta(hours=7))))
    '2025-10-15T01:30:00Z'
    """
    date = DEFAULT_DATE if date is None else date
    if date.tzinfo is not None:
        date = date.astimezone(timezone.utc).replace(tzinfo=None)
    return date.replace(microsecond=0).isoformat() + "Z"


def make_tracked_copy(
    old: bytes, new: bytes, *, author: str = "draftgen", date: str = "2000-01-01T00:00:00Z"
) -> bytes:
    """Deprecated name of :func:`track`, whose ``date`` is a ``datetime``; here it is the
    ``w:date`` text ("2025-01-01T00:00:00Z")."""
    return track(old, new, author=author, date=datetime.fromisoformat(date.removesuffix("Z")))


def text_changes(old: bytes, new: bytes) -> list[ParagraphChange]:
    """The paragraphs that differ between two builds, in new-document order.

    The alignment is the one ``track`` marks. Body paragraphs come first, then footnote
    paragraphs (``footnote`` set).
    """
    _, changes = _track(old, new, author="draftgen", date=_revision_date(None))
    return changes
