"""Word footnotes: the footnotes part's elements and the pass that turns markers into notes.

A render leaves footnote *markers* in the text of the body: ``MARK_START + key + MARK_END``,
made of private-use characters that Jinja's autoescape and docxtpl leave alone. The notes'
texts stay outside the XML, in a mapping ``key -> text`` (a :class:`FootnoteCollector`).
:func:`apply_footnotes` walks the body once, in document order, and at each marker splits the
run and puts in either a real footnote reference (``mode="footnotes"``) or a superscript number
and an entry of an annex at the end of the document (``mode="annex"``).

The batch path (``render.render_docx``) first tries :func:`place_footnotes_in_xml` on the
rendered body's XML, before docxtpl parses it: in the common shape of a body, the references
are written there as text, the same as the tree pass would leave them, and
:func:`apply_footnotes` only writes the footnotes part, as bytes.

Footnotes already in the template (their Jinja tags are rendered by docxtpl with the body)
are numbered with the new ones; a template footnote repeated by a loop gets a copy per
repetition, one left without a reference (dropped by a condition) is removed, and annex mode
moves them into the annex too, so that numbering is the same in both modes.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from docx.opc.oxml import serialize_part_xml
from lxml import etree

from draftgen.errors import Location, TemplateError
from draftgen.model import ANNEX_TITLE
from draftgen.oxml.ns import (
    NSMAP,
    RT,
    W_BODY,
    W_BR,
    W_FOOTNOTE,
    W_FOOTNOTE_PR,
    W_FOOTNOTE_REF,
    W_FOOTNOTE_REFERENCE,
    W_ID,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_SECTPR,
    W_STYLE,
    W_T,
    W_TAB,
    W_TXBX_CONTENT,
    W_TYPE,
    W_VAL,
    W_VERT_ALIGN,
    XML_SPACE,
    qn,
)
from draftgen.oxml.package import (
    change_shared,
    get_or_add_footnotes_part,
    load_template,
    read_only_element,
    related_parts,
    replace_with_blob,
    shares_template_element,
)

if TYPE_CHECKING:
    from docx.document import Document

MARK_START = "\ue000"
MARK_END = "\ue001"
MODES = ("footnotes", "annex")
ANNEX_NUMBERS = ("plain", "superscript")
DEFAULT_ANNEX_TITLE = ANNEX_TITLE

# Children of w:rPr in schema order (CT_RPr: EG_RPrBase, then w:rPrChange).
_RPR_ORDER = tuple(
    qn(f"w:{name}")
    for name in (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
        "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
        "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath "
        "rPrChange"
    ).split()
)
# Children of w:settings that come after w:footnotePr (CT_Settings sequence); any child
# outside the w namespace (m:mathPr, sl:schemaLibrary, w14/w15 extensions) comes after it too.
_SETTINGS_AFTER_FOOTNOTE_PR = frozenset(
    qn(f"w:{name}")
    for name in (
        "endnotePr compat docVars rsids attachedSchema themeFontLang clrSchemeMapping "
        "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
        "readModeInkLockDown smartTagType shapeDefaults doNotEmbedSmartTags decimalSymbol "
        "listSeparator"
    ).split()
)


# ---------------------------------------------------------------------------------------------
# Element classes of the footnotes part


class CT_Footnote(etree.ElementBase):
    """``<w:footnote>``: a note, or the separator lines Word draws above the notes."""

    @property
    def id(self) -> int:
        return int(self.get(W_ID))

    @id.setter
    def id(self, value: int) -> None:
        self.set(W_ID, str(value))

    @property
    def type(self) -> str:
        return self.get(W_TYPE, "normal")

    @property
    def is_note(self) -> bool:
        return self.type == "normal"


class CT_Footnotes(etree.ElementBase):
    """``<w:footnotes>``, root element of the footnotes part."""

    @property
    def footnote_lst(self) -> list[CT_Footnote]:
        return self.findall(W_FOOTNOTE)

    def by_id(self) -> dict[int, CT_Footnote]:
        return {fn.id: fn for fn in self.footnote_lst}

    def max_id(self) -> int:
        return max((fn.id for fn in self.footnote_lst), default=0)

    def separator_ids(self) -> list[int]:
        """Ids of the separator and continuation separator, adding those missing."""
        found = {fn.type: fn.id for fn in self.footnote_lst if not fn.is_note}
        if "separator" in found and "continuationSeparator" in found:
            return [found["separator"], found["continuationSeparator"]]
        defaults = parse_footnotes(load_template("default-footnotes.xml")).footnote_lst
        for position, default in enumerate(defaults):
            if default.type not in found:
                ids = [fn.id for fn in self.footnote_lst]
                default.id = min(ids + [1]) - 1
                self.insert(position, default)
                found[default.type] = default.id
        return [found["separator"], found["continuationSeparator"]]

    def add_note(self, id: int, text: str, *, text_style: str, ref_style: str) -> CT_Footnote:
        """A new note at the end: the reference mark, a space, then `text`."""
        footnote = _clone(_note_prototype(text_style, ref_style))
        footnote.id = id
        p = footnote[0]
        if "\n" in text or "\t" in text:
            p.remove(p[-1])
            append_text_runs(p, " " + text)
        else:
            p[-1][0].text = " " + text
        self.append(footnote)
        return footnote

    def add_notes(self, notes: Iterable[tuple[int, str]], *, text_style: str,
                  ref_style: str) -> None:
        """Notes ``(id, text)`` at the end, as :meth:`add_note` makes them one by one.

        The notes are written as one string and parsed once: building them element by
        element costs several times more. A text that the string could not carry as it is
        (a line break, a tab, a character XML refuses) goes through :meth:`add_note`.
        """
        head, middle, tail = _note_xml(text_style, ref_style)
        chunks: list[str] = []
        for id, text in notes:
            if not plain(text):
                self._extend_parsed(chunks)
                chunks = []
                self.add_note(id, text, text_style=text_style, ref_style=ref_style)
            else:
                chunks.append(f"{head}{id}{middle}{escape_text(text)}{tail}")
        self._extend_parsed(chunks)

    def _extend_parsed(self, chunks: list[str]) -> None:
        if chunks:
            self.extend(etree.fromstring(f"{_WRAPPER_START}{''.join(chunks)}</w:footnotes>",
                                         _PARSER))

    def add_copy(self, footnote: CT_Footnote, id: int) -> CT_Footnote:
        clone = copy.deepcopy(footnote)
        clone.id = id
        self.append(clone)
        return clone



def styles_part_of(document):
    """The styles part of ``document`` (python-docx makes a default one, through
    ``document.styles``, when the package has none)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.STYLES)
    except KeyError:
        document.styles  # noqa: B018 - creates the default styles part
        return document.part.part_related_by(RT.STYLES)

def _make_parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(NSMAP["w"])
    namespace["footnotes"] = CT_Footnotes
    namespace["footnote"] = CT_Footnote
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _make_parser()


def _xpath(expression: str) -> etree.XPath:
    """A compiled XPath over the w namespace; strings come back plain (no smart strings,
    which would each keep a reference to their element)."""
    return etree.XPath(expression, namespaces={"w": NSMAP["w"]}, smart_strings=False)


@functools.lru_cache(maxsize=8)
def _note_prototype(text_style: str, ref_style: str) -> CT_Footnote:
    """A note without id or text, copied for each new note (faster than building it)."""
    footnote = _PARSER.makeelement(W_FOOTNOTE, nsmap={"w": NSMAP["w"]})
    p = _sub(footnote, W_P)
    _sub(_sub(p, W_PPR), W_PSTYLE, {W_VAL: text_style})
    ref = _sub(p, W_R)
    ref.append(mark_rpr(None, style=ref_style))
    _sub(ref, W_FOOTNOTE_REF)
    _set_text(_sub(_sub(p, W_R), W_T), "")
    return footnote


_WRAPPER_START = f'<w:footnotes xmlns:w="{NSMAP["w"]}">'
# What a note's text must not hold to be written straight into the XML string: what
# ``add_note`` turns into breaks and tabs, carriage returns (which parsing would turn into
# line feeds), and characters XML 1.0 refuses.
_NOT_PLAIN = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def plain(text: str) -> bool:
    """Whether ``text`` holds none of the characters of ``_NOT_PLAIN``.

    A printable text holds none (controls, surrogates and non-characters are not printable):
    ``str.isprintable`` is a few times faster than the expression on Vietnamese text, which
    is then only searched when the text has some other unprintable character (a no-break
    space, say).

    >>> plain("Năm 2020 đạt 5,4%."), plain("Dòng một\\ndòng hai"), plain("5\\xa0%")
    (True, False, True)
    """
    return text.isprintable() or _NOT_PLAIN.search(text) is None


def escape_text(text: str) -> str:
    """``text`` as the content of an XML element.

    >>> escape_text("GRDP <5% & >3%")
    'GRDP &lt;5% &amp; &gt;3%'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@functools.lru_cache(maxsize=8)
def _note_xml(text_style: str, ref_style: str) -> tuple[str, str, str]:
    """The serialised :func:`_note_prototype`, cut where the id and the text go."""
    wrapper = etree.fromstring(f"{_WRAPPER_START}</w:footnotes>", _PARSER)
    footnote = _clone(_note_prototype(text_style, ref_style))
    footnote.set(W_ID, "\uf8fe")  # placeholders: a note's text holds no private-use
    footnote[0][-1][0].text = "\uf8ff"  # character (fn() refuses them)
    wrapper.append(footnote)
    xml = etree.tostring(wrapper, encoding="unicode")
    xml = xml[len(_WRAPPER_START) : -len("</w:footnotes>")]
    head, rest = xml.split("\uf8fe")
    middle, tail = rest.split("\uf8ff")
    return head, middle + " ", tail


def parse_footnotes(xml: bytes) -> CT_Footnotes:
    """Parse a footnotes part into our element classes."""
    root = etree.fromstring(xml, _PARSER)
    if not isinstance(root, CT_Footnotes):
        raise TemplateError(
            f"Phần chú thích của mẫu không hợp lệ: gốc là {root.tag!r}",
            hint="Mở mẫu bằng Word và lưu lại",
        )
    return root


# ---------------------------------------------------------------------------------------------
# Runs


def _clone(element: etree._Element) -> etree._Element:
    """A copy of `element` and its subtree, for the prepared elements copied at every marker.

    lxml copies the whole subtree for ``copy.copy`` as for ``copy.deepcopy``; going straight
    to it skips the memo of ``deepcopy``, a quarter of the cost of copying a small run.
    """
    return element.__copy__()


def _sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None):
    return etree.SubElement(parent, tag, attrib or {})


def _new(tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    return etree.Element(tag, attrib or {}, nsmap={"w": NSMAP["w"]})


def _set_text(t: etree._Element, text: str) -> None:
    t.text = text
    t.set(XML_SPACE, "preserve")


def _insert_in_order(parent: etree._Element, child: etree._Element, order: tuple[str, ...]):
    """Insert `child` before the first sibling that the schema puts after it."""
    rank = order.index(child.tag)
    later = set(order[rank + 1 :])
    for index, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(index, child)
            return
    parent.append(child)


def mark_rpr(source: etree._Element | None, *, style: str | None) -> etree._Element:
    """Run properties of a note mark: those of the run it stands in, raised to superscript.

    `style` is the footnote reference character style, or None for a plain superscript
    number (annex mode).
    """
    rpr = copy.deepcopy(source) if source is not None else _new(W_RPR)
    for child in list(rpr):
        if child.tag in (W_RSTYLE, W_VERT_ALIGN, qn("w:position"), qn("w:rPrChange")):
            rpr.remove(child)
    if style:
        rpr.insert(0, rpr.makeelement(W_RSTYLE, {W_VAL: style}))
    _insert_in_order(rpr, rpr.makeelement(W_VERT_ALIGN, {W_VAL: "superscript"}), _RPR_ORDER)
    return rpr


def plain_rpr(source: etree._Element | None) -> etree._Element | None:
    """Copy of `source` without style or vertical alignment (annex "1." numbers)."""
    if source is None:
        return None
    rpr = copy.deepcopy(source)
    for child in list(rpr):
        if child.tag in (W_RSTYLE, W_VERT_ALIGN):
            rpr.remove(child)
    return rpr


def new_run(rpr: etree._Element | None, text: str | None = None) -> etree._Element:
    run = _new(W_R)
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    if text is not None:
        _set_text(_sub(run, W_T), text)
    return run


def append_text_runs(p: etree._Element, text: str, rpr: etree._Element | None = None) -> None:
    """Append `text` to paragraph `p`; a newline becomes a line break, a tab a tab."""
    run = new_run(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            _sub(run, W_BR)
        for j, chunk in enumerate(line.split("\t")):
            if j:
                _sub(run, W_TAB)
            if chunk:
                _set_text(_sub(run, W_T), chunk)
    p.append(run)


def split_markers(text: str) -> tuple[list[str], list[str]]:
    """Split text around markers: n keys and the n + 1 texts between them.

    >>> split_markers("tăng 7,16%\\ue0003\\ue001, đạt\\ue0004\\ue001")
    (['tăng 7,16%', ', đạt', ''], ['3', '4'])
    """
    texts: list[str] = []
    keys: list[str] = []
    pos = 0
    while (start := text.find(MARK_START, pos)) >= 0:
        end = text.find(MARK_END, start)
        if end < 0 or MARK_START in text[start + 1 : end]:
            raise ValueError("unterminated footnote marker")
        texts.append(text[pos:start])
        keys.append(text[start + 1 : end])
        pos = end + 1
    texts.append(text[pos:])
    return texts, keys


def strip_markers(text: str) -> str:
    """Text without markers, for messages.

    >>> strip_markers("đạt 7,16%\\ue0003\\ue001.")
    'đạt 7,16%[*].'
    """
    out: list[str] = []
    inside = False
    for ch in text:
        if ch == MARK_START:
            inside = True
            out.append("[*]")
        elif ch == MARK_END:
            inside = False
        elif not inside:
            out.append(ch)
    return "".join(out)


def _where(element: etree._Element, story: str) -> Location:
    p = next(element.iterancestors(W_P), None)
    # w:t texts, not itertext(): python-docx element classes override `text` of w:p and w:r.
    texts = (t.text or "" for t in (p if p is not None else element).iter(W_T))
    text = strip_markers("".join(texts)).strip()
    if len(text) > 70:
        text = text[:67] + "..."
    return Location(detail=f"{story}, đoạn “{text}”")


# ---------------------------------------------------------------------------------------------
# Styles and settings


@functools.cache
def _default_styles() -> tuple[tuple[str, str, str], ...]:
    """(type, name, id) of the footnote text and reference styles draftgen adds."""
    defaults = etree.fromstring(load_template("footnote-styles.xml"))
    return tuple((d.get(W_TYPE), d.find(qn("w:name")).get(W_VAL), d.get(qn("w:styleId")))
                 for d in defaults.iter(W_STYLE))


def footnote_style_ids(styles: etree._Element) -> tuple[str, str] | None:
    """Style ids of the footnote text and reference styles when ``styles`` has both,
    else None (:func:`ensure_footnote_styles` adds them); ``styles`` is not changed."""
    ids = [_find_style(styles, kind, name, style_id) for kind, name, style_id in _default_styles()]
    if None in ids:
        return None
    return ids[0], ids[1]


# The styles element of a template shared by the units of a batch is never changed (see
# ``read_only_element``): its footnote style ids are looked up once, not at every render.
_SHARED_STYLE_IDS: dict[int, tuple[etree._Element, tuple[str, str] | None]] = {}


def _template_style_ids(styles_part) -> tuple[str, str] | None:
    """:func:`footnote_style_ids` of the document's styles, kept for a shared element."""
    styles = read_only_element(styles_part)
    if not shares_template_element(styles_part):
        return footnote_style_ids(styles)  # the document's own copy: may have changed
    cached = _SHARED_STYLE_IDS.get(id(styles))
    if cached is None or cached[0] is not styles:
        if len(_SHARED_STYLE_IDS) >= 16:
            _SHARED_STYLE_IDS.clear()
        cached = _SHARED_STYLE_IDS[id(styles)] = (styles, footnote_style_ids(styles))
    return cached[1]


def ensure_footnote_styles(styles: etree._Element) -> tuple[str, str]:
    """Style ids of the footnote text and reference styles, added if the template lacks them.

    A template's own styles are kept as they are; the added ones are 12 pt text and a
    superscript reference (``templates/footnote-styles.xml``).
    """
    ids = []
    defaults = etree.fromstring(load_template("footnote-styles.xml"))
    for default in defaults.iter(W_STYLE):
        kind = default.get(W_TYPE)
        name = default.find(qn("w:name")).get(W_VAL)
        style_id = _find_style(styles, kind, name, default.get(qn("w:styleId")))
        if style_id is None:
            style_id = default.get(qn("w:styleId"))
            based_on = default.find(qn("w:basedOn"))
            base = _default_style(styles, kind)
            if base is None:
                default.remove(based_on)
            else:
                based_on.set(W_VAL, base)
            styles.append(default)
        ids.append(style_id)
    return ids[0], ids[1]


# XPath returning strings: no element proxies made for the hundreds of styles of a template.
_STYLE_IDS_BY_NAME = _xpath(
    "w:style[@w:type=$kind][w:name[translate(@w:val, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
    " 'abcdefghijklmnopqrstuvwxyz')=$name]]/@w:styleId"
)
_STYLE_IDS = _xpath("w:style[@w:type=$kind][@w:styleId=$id]/@w:styleId")
_DEFAULT_STYLE_IDS = _xpath(
    "w:style[@w:type=$kind][@w:default='1' or @w:default='true' or @w:default='on']/@w:styleId"
)


def _find_style(styles: etree._Element, kind: str, name: str, style_id: str) -> str | None:
    # Built-in styles are found by name first: a localised Word may give them other ids.
    found = _STYLE_IDS_BY_NAME(styles, kind=kind, name=name) or _STYLE_IDS(
        styles, kind=kind, id=style_id
    )
    return str(found[0]) if found else None


def _default_style(styles: etree._Element, kind: str) -> str | None:
    found = _DEFAULT_STYLE_IDS(styles, kind=kind)
    return str(found[0]) if found else None


def ensure_footnote_settings(settings: etree._Element, separator_ids: Iterable[int]) -> None:
    """Add ``w:footnotePr`` naming the separator notes, as Word writes it, if missing."""
    if settings.find(W_FOOTNOTE_PR) is not None:
        return
    pr = settings.makeelement(W_FOOTNOTE_PR, {})
    for id in separator_ids:
        _sub(pr, W_FOOTNOTE, {W_ID: str(id)})
    for index, child in enumerate(settings):
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SETTINGS_AFTER_FOOTNOTE_PR or not tag.startswith(f"{{{NSMAP['w']}}}"):
            settings.insert(index, pr)
            return
    settings.append(pr)


# ---------------------------------------------------------------------------------------------
# The pass


def apply_footnotes(
    document: Document,
    notes: Mapping[str, str],
    *,
    mode: str = "footnotes",
    annex_title: str = DEFAULT_ANNEX_TITLE,
    annex_numbers: str = "plain",
    placed: PlacedNotes | None = None,
) -> int:
    """Replace the footnote markers of a rendered document by notes; return how many.

    `document` is a python-docx ``Document`` (``DocxTemplate.docx`` after ``render``);
    `notes` maps a marker's key to the note's text (a ``FootnoteCollector``).

    ``mode="footnotes"``: real Word footnotes, created with their part, styles and settings
    if the template has none. Note ids ascend in document order from the first after the
    separators, as Word writes them (template notes are given new ids too: LibreOffice pairs
    the n-th reference with the n-th note by id).
    ``mode="annex"``: superscript numbers in the body and, at its end, a paragraph
    `annex_title` followed by the numbered notes (``annex_numbers``: ``"plain"`` gives
    "1. text", ``"superscript"`` a raised "¹ text"); footnotes of the template join the annex.

    `placed`: the notes whose references :func:`place_footnotes_in_xml` already wrote
    into the body; only the footnotes part is left to do.

    Raises TemplateError for a marker out of place (in a header, a footer or a template
    footnote), cut, or unknown to `notes`.
    """
    if placed is not None:
        return _write_placed(document, placed)
    if mode not in MODES:
        raise TemplateError(
            f"Chế độ chú thích không hợp lệ: {mode!r}", hint="Dùng 'footnotes' hoặc 'annex'"
        )
    if annex_numbers not in ANNEX_NUMBERS:
        raise TemplateError(
            f"Kiểu số chú thích ở phụ lục không hợp lệ: {annex_numbers!r}",
            hint="Dùng 'plain' hoặc 'superscript'",
        )
    body = document.element.find(W_BODY)
    items = _MARKERS_AND_REFERENCES(body)
    has_markers = any(el.tag == W_T for el in items)
    _check_other_stories(document)
    part = get_or_add_footnotes_part(
        document.part, parse_footnotes, create=has_markers and mode == "footnotes"
    )
    footnotes = part.element if part is not None else None
    if footnotes is not None:
        _refuse_markers(footnotes, "trong một chú thích có sẵn của mẫu")
    if not items and footnotes is None:
        return 0
    text_style = ref_style = ""
    if has_markers:
        # Looked up in the template's styles without copying them (most templates have
        # both styles); copied to be changed only when one has to be added.
        styles_part = styles_part_of(document)
        found = _template_style_ids(styles_part)
        text_style, ref_style = found or change_shared(
            styles_part, "footnote-styles", ensure_footnote_styles)
    run = _FootnotePass(
        footnotes,
        notes,
        mode=mode,
        text_style=text_style,
        ref_style=ref_style,
        annex_numbers=annex_numbers,
    )
    for el in items:
        if el.tag == W_FOOTNOTE_REFERENCE:
            run.on_reference(el)
        elif MARK_START in (el.text or ""):  # may have been emptied by a cut marker
            run.on_text(el)
    if footnotes is not None:
        run.write_notes()
        run.tidy_part()
        if mode == "footnotes" and run.count:
            ensure_footnote_settings(document.settings.element, footnotes.separator_ids())
    if run.annex:
        _append_annex(body, annex_title, run.annex)
    return run.count


# ---------------------------------------------------------------------------------------------
# The same pass over the serialised body, before it is parsed


class PlacedNotes(NamedTuple):
    """Notes whose references :func:`place_footnotes_in_xml` wrote into the body's XML."""

    texts: list[str]  # the notes' texts, in the order of their references
    first: int  # the id of the first reference; the others follow
    text_style: str  # the footnote text and reference styles
    ref_style: str


# A run holding a marker, in the shapes :func:`place_footnotes_in_xml` rewrites: run
# properties without a tracked change, other children that are tags only (no text, no
# other w:t), and the w:t with the marker.
_SIMPLE_RUN = re.compile(
    r"<w:r(?P<attrs>(?: [^>]*)?)>(?P<rpr><w:rPr/>|<w:rPr>[^<]*(?:<[^<>]*>[^<]*)*?</w:rPr>)?"
    r"(?P<before>(?!<w:rPr[ >/])(?:(?!<w:t[ >/]|<w:r[ >]|<[!?])<[^<>]*>)*)"
    r"<w:t(?P<tattrs>(?: [^>]*)?)>(?P<text>[^<]*)</w:t>"
    r"(?P<after>(?:(?!<w:t[ >/]|<w:r[ >]|<[!?])<[^<>]*>)*)</w:r>"
)
# A marker character written as a character reference: only the parsed tree shows it.
_MARK_REFERENCE = re.compile(r"&#(?:x0*[eE]00[01]|0*5734[45]);")
# The start tag of the root (w:body as docxtpl renders it), declaring the namespaces.


def _has_mark_reference(xml: str) -> bool:
    """Whether ``xml`` writes a marker character as a character reference (``&#57344;``).

    The expression is tried at each ``&#`` only, found by ``str.find``: a search of the
    whole text with it costs a tenth of a millisecond per 100 kB.
    """
    at = xml.find("&#")
    while at >= 0:
        if _MARK_REFERENCE.match(xml, at):
            return True
        at = xml.find("&#", at + 2)
    return False


_ROOT_TAG = re.compile(r"\s*(?:<\?[^>]*\?>\s*)?(<w:(?:body|document)\b[^>]*>)")
_PRESERVE = ' xml:space="preserve"'


def place_footnotes_in_xml(xml: str, document: Document, notes: Mapping[str, str], *,
                           mode: str = "footnotes") -> tuple[str, PlacedNotes | None]:
    """Put the footnote references into the rendered body's XML ``xml`` as text, before
    it is parsed: the work :func:`apply_footnotes` does on the tree, in a fraction of the
    time, for the common shape of a body. The references are those the tree pass makes,
    ids included; :func:`apply_footnotes` given the :class:`PlacedNotes` then writes the
    notes into the footnotes part.

    Returns ``xml`` unchanged and None whenever the body holds anything else: annex mode,
    references to the template's own notes, a text box, a marker cut across runs or in a
    run of another shape, an unknown key or an empty note. The tree pass then does all
    the work (and reports what is wrong, with its place).
    """
    if mode != "footnotes" or MARK_START not in xml:
        return xml, None
    if "<w:footnoteReference" in xml or "txbxContent" in xml or _has_mark_reference(xml):
        return xml, None
    root = _ROOT_TAG.match(xml)
    if root is None:
        return xml, None
    styles_part = styles_part_of(document)
    found = _template_style_ids(styles_part)
    text_style, ref_style = found or change_shared(
        styles_part, "footnote-styles", ensure_footnote_styles)
    first = _first_note_id(document)
    root_tag = root[1]
    marks: dict[str, str] = {}  # reference runs by the properties of the run they stand in
    out: list[str] = []
    texts: list[str] = []
    find, rfind, match, startswith = xml.find, xml.rfind, _SIMPLE_RUN.fullmatch, xml.startswith
    heads: dict[str, str | None] = {}  # run properties by the run's start tag and rPr
    cuts: dict[str, tuple[str, str, str]] = {}  # a reference run around its id, by rPr
    pos = 0
    while (start := find(MARK_START, pos)) >= 0:
        # The usual shapes first, without a regular expression over the run: one marker in
        # the text of <w:r …><w:rPr>…</w:rPr><w:t xml:space="preserve">…</w:t></w:r>, text
        # before it; or a marker that is the whole text of its run (a tag typed apart).
        # Each ends as the general case below leaves it.
        t_open = rfind("<", pos, start)
        end = find(MARK_END, start)
        text_end = find("<", start)
        tag = (len(_T_PRESERVED) if startswith(_T_PRESERVED, t_open)
               else len("<w:t>") if startswith("<w:t>", t_open) else 0)
        alone = tag and t_open + tag == start and end + 1 == text_end
        if (t_open > pos and tag and (alone or (tag == len(_T_PRESERVED)
                                                and t_open + tag < start))
                and 0 < end < text_end and startswith("</w:t></w:r>", text_end)
                and find(MARK_START, start + 1, text_end) < 0):
            # The run's start tag is the tag before its rPr, if any: found by searching
            # back for a single character rather than for "<w:r " over the whole run.
            if startswith("</w:rPr>", t_open - 8):
                head_end = rfind("<w:rPr>", max(pos, t_open - _HEAD_SPAN), t_open)
            elif startswith("<w:rPr/>", t_open - 8):
                head_end = t_open - 8
            else:
                head_end = t_open
            run_start = rfind("<", pos, head_end) if head_end > pos else -1
            head = xml[run_start:t_open] if run_start >= 0 else ""
            if head in heads:
                rpr = heads[head]
            else:
                rpr = heads[head] = _plain_run_properties(head)
            note = notes.get(xml[start + 1 : end])
            if rpr is not None and note and not note.isspace():
                cut = cuts.get(rpr)
                if cut is None:
                    mark = marks.get(rpr)
                    if mark is None:
                        try:
                            mark = marks[rpr] = _mark_run_xml(root_tag, rpr, ref_style)
                        except etree.XMLSyntaxError:
                            return xml, None
                    before_id, after_id = mark.split("{}")
                    cut = cuts[rpr] = (before_id, after_id, f"<w:r>{rpr}{_T_PRESERVED}")
                id = first + len(texts)
                texts.append(note)
                if alone:  # the run goes: its reference run stands in its place
                    out.append(xml[pos:run_start])
                    out.append(f"{cut[0]}{id}{cut[1]}")
                    pos = text_end + len("</w:t></w:r>")
                    continue
                out.append(xml[pos:start])
                if end + 1 < text_end:  # the text after the marker, in a run like the first
                    out.append(f"</w:t></w:r>{cut[0]}{id}{cut[1]}{cut[2]}")
                    pos = end + 1
                else:
                    out.append(f"</w:t></w:r>{cut[0]}{id}{cut[1]}")
                    pos = text_end + len("</w:t></w:r>")
                continue
        run_start = max(rfind("<w:r>", pos, start), rfind("<w:r ", pos, start))
        run_end = find("</w:r>", start) + len("</w:r>")
        if run_start < 0 or run_end < len("</w:r>") or xml[run_end:run_end + 1] != "<":
            return xml, None
        m = match(xml, run_start, run_end)
        if m is None or not m.start("text") <= start < m.end("text"):
            return xml, None
        attrs, rpr, before, tattrs, _, after = m.groups()
        text_start, text_end = m.span("text")
        # The markers of the text, as offsets in `xml`: (start, end) of each.
        spans = []
        while start >= 0:
            end = find(MARK_END, start, text_end)
            if end < 0 or find(MARK_START, start + 1, end) >= 0:
                return xml, None  # cut, or another marker inside
            note = notes.get(xml[start + 1 : end])
            if note is None or not note.strip():
                return xml, None
            texts.append(note)
            spans.append((start, end))
            start = find(MARK_START, end, text_end)
        preserved = "xml:space" not in tattrs or tattrs.endswith(_PRESERVE)
        if not preserved or tattrs.count("xml:space") > 1:
            return xml, None
        rpr = rpr or ""
        mark = marks.get(rpr)
        if mark is None:
            if rpr.count("<w:rPr") > 1 or "rPrChange" in rpr or "\uf8ff" in rpr:
                return xml, None  # a tracked change of format, or the id's placeholder
            try:
                mark = marks[rpr] = _mark_run_xml(root_tag, rpr, ref_style)
            except etree.XMLSyntaxError:
                return xml, None
        # As the tree pass leaves it: the run keeps the text before the first marker (or
        # goes when nothing else is left in it); each marker becomes a reference run, each
        # text after it a run like the first; what followed the w:t ends the last run. The
        # texts are copied from `xml` by slices, not rebuilt.
        first_start = spans[0][0]
        if first_start > text_start:  # text before the first marker
            if tattrs.endswith(_PRESERVE):
                out.append(xml[pos:first_start])
            else:
                out.append(xml[pos:run_start])
                out.append(f"<w:r{attrs}>{rpr}{before}<w:t{tattrs}{_PRESERVE}>")
                out.append(xml[text_start:first_start])
            out.append("</w:t></w:r>")
        else:
            out.append(xml[pos:run_start])
            if before:
                out.append(f"<w:r{attrs}>{rpr}{before}</w:r>")
        id = first + len(texts) - len(spans)
        text_run = f'<w:r>{rpr}<w:t xml:space="preserve">'
        pos = run_end
        for index, (_, end) in enumerate(spans):
            out.append(mark.format(id + index))
            following = spans[index + 1][0] if index + 1 < len(spans) else text_end
            if following > end + 1:
                out.append(text_run)
                if following == text_end:  # the last text, what followed it, the run's end
                    pos = end + 1
                else:
                    out.append(xml[end + 1 : following])
                    out.append("</w:t></w:r>")
            elif following == text_end and after:
                out.append(f"<w:r>{rpr}{after}</w:r>")
    out.append(xml[pos:])
    return "".join(out), PlacedNotes(texts, first, text_style, ref_style)


_T_PRESERVED = '<w:t xml:space="preserve">'
_HEAD_SPAN = 4096  # how far before its text a run's start tag is looked for
# The start of a run of the usual shape, up to its w:t: the start tag, run properties.
_RUN_HEAD = re.compile(r"<w:r(?: [^>]*)?>(<w:rPr/>|<w:rPr>[^<]*(?:<[^<>]*>[^<]*)*?</w:rPr>)?")


def _plain_run_properties(head: str) -> str | None:
    """The run properties (XML, maybe empty) of a run starting with ``head`` (its start tag
    and rPr, nothing else), when :func:`place_footnotes_in_xml` can copy them as they are;
    None for any other head."""
    m = _RUN_HEAD.fullmatch(head)
    if m is None:
        return None
    rpr = m[1] or ""
    if rpr.count("<w:rPr") > 1 or "rPrChange" in rpr or "\uf8ff" in rpr:
        return None  # a tracked change of format, or the id's placeholder
    return rpr


@functools.lru_cache(maxsize=64)
def _mark_run_xml(root_tag: str, rpr: str, ref_style: str) -> str:
    """The reference run standing in a run with properties ``rpr`` (XML, maybe empty), as
    the tree pass makes it, with ``{}`` for its id. ``root_tag`` declares the namespaces
    of ``rpr``; the run is written without declarations, to go back into that root."""
    wrapper = etree.fromstring(f"{root_tag}{rpr}</{root_tag[1:].split()[0].rstrip('>')}>")
    source = wrapper[0] if len(wrapper) else None
    run = new_run(mark_rpr(source, style=ref_style))
    _sub(run, W_FOOTNOTE_REFERENCE).set(W_ID, "\uf8ff")
    if source is not None:
        wrapper.remove(source)
    wrapper.append(run)
    xml = etree.tostring(wrapper, encoding="unicode")
    inner = xml[xml.index(">") + 1 : xml.rindex("</")]
    return inner.replace("{", "{{").replace("}", "}}").replace("\uf8ff", "{}")


def _first_note_id(document: Document) -> int:
    """The id the tree pass gives the first note: the one after the separators of the
    footnotes part (of the default part when the template has none)."""
    for part in related_parts(document.part, RT.FOOTNOTES):
        # Read, not parsed into the part: docxtpl renders its tags afterwards.
        root = read_only_element(part) if hasattr(part, "element") else None
        return _first_after_separators(part.blob) if root is None else _after_separators(root)
    return _first_after_separators(load_template("default-footnotes.xml"))


@functools.lru_cache(maxsize=16)
def _first_after_separators(xml: bytes) -> int:
    return _after_separators(etree.fromstring(xml, _PARSER))


def _after_separators(footnotes: etree._Element) -> int:
    return max((int(id) for id in _SEPARATOR_IDS(footnotes)), default=0) + 1


def _write_placed(document: Document, placed: PlacedNotes) -> int:
    """The end of :func:`apply_footnotes` for references placed in the body's XML."""
    _check_other_stories(document)
    part = get_or_add_footnotes_part(document.part, parse_footnotes, create=True)
    footnotes = part.element
    _refuse_markers(footnotes, "trong một chú thích có sẵn của mẫu")
    # The body references none of the template's notes: they go, as in tidy_part.
    for footnote in footnotes.footnote_lst:
        if footnote.is_note:
            footnotes.remove(footnote)
    first = _after_separators(footnotes)
    if first != placed.first:  # the template's part rendered other separators
        for number, ref in enumerate(_REFERENCES(document.element.find(W_BODY))):
            ref.set(W_ID, str(first + number))
    separators = tuple(footnotes.separator_ids())
    settings = next(related_parts(document.part, RT.SETTINGS), None)
    if settings is not None:  # changed once for the template's batch, then shared
        change_shared(settings, f"footnote-settings-{separators}",
                      lambda element: ensure_footnote_settings(element, separators))
    else:
        ensure_footnote_settings(document.settings.element, separators)
    notes = list(enumerate(placed.texts, first))
    blob = _footnotes_blob(footnotes, notes, placed.text_style, placed.ref_style)
    if blob is None:
        footnotes.add_notes(notes, text_style=placed.text_style, ref_style=placed.ref_style)
    else:
        replace_with_blob(document.part, RT.FOOTNOTES, blob)
    return len(placed.texts)


_PART_END = b"</w:footnotes>"


def _footnotes_blob(footnotes: CT_Footnotes, notes: list[tuple[int, str]], text_style: str,
                    ref_style: str) -> bytes | None:
    """The footnotes part with `notes` added at the end, as the bytes its element would
    be saved to after :meth:`CT_Footnotes.add_notes`, without building the notes' elements;
    None when a note's text needs elements (see ``add_notes``) or the part is unusual."""
    texts = [text for _, text in notes]
    if footnotes.prefix != "w" or not all([plain(text) for text in texts]):
        return None
    xml = serialize_part_xml(footnotes)
    if not xml.endswith(_PART_END):
        return None
    head, middle, tail = _note_xml(text_style, ref_style)
    # Escaped together, joined by a character a plain text never holds, then cut apart.
    escaped = escape_text("\x00".join(texts)).split("\x00")
    added = "".join([f"{head}{id}{middle}{text}{tail}"
                     for (id, _), text in zip(notes, escaped)])
    return b"".join((xml[: -len(_PART_END)], added.encode("utf-8"), _PART_END))


_REFERENCES = _xpath(".//w:footnoteReference")


def _check_other_stories(document: Document) -> None:
    for reltype, story in ((RT.HEADER, "đầu trang"), (RT.FOOTER, "chân trang")):
        for part in related_parts(document.part, reltype):
            element = read_only_element(part) if hasattr(part, "element") else None
            if element is not None:
                _refuse_markers(element, f"ở {story}")


# Evaluated in C: the texts holding a marker, and footnote references, in document order
# (an XPath union is in document order), without a Python object for every other w:t.
_MARKERS_AND_REFERENCES = _xpath(f".//w:t[contains(., '{MARK_START}')] | .//w:footnoteReference")
_MARKERS = _xpath(f".//w:t[contains(., '{MARK_START}')]")


def _refuse_markers(root: etree._Element, where: str) -> None:
    found = _MARKERS(root)
    if found:
        raise TemplateError(
            f"Không đặt được chú thích {where}: Word không cho phép",
            location=_where(found[0], where),
            hint="Chỉ gọi fn() hoặc |note trong thân văn bản; trong chú thích có sẵn "
            "hãy viết thẳng nội dung, ví dụ {{ x.note }}",
        )


class _RunPrototypes(NamedTuple):
    text: etree._Element  # a run of text with the properties of the run cut by the marker
    mark: etree._Element  # the reference run (or annex number) standing in that run


class _FootnotePass:
    """State of one walk over the body, in document order."""

    def __init__(
        self,
        footnotes: CT_Footnotes | None,
        notes: Mapping[str, str],
        *,
        mode: str,
        text_style: str,
        ref_style: str,
        annex_numbers: str,
    ):
        self.footnotes = footnotes
        self.existing = footnotes.by_id() if footnotes is not None else {}
        self.notes = notes
        self.mode = mode
        self.text_style = text_style
        self.ref_style = ref_style
        self.superscript_numbers = annex_numbers == "superscript"
        self.next_id = (footnotes.max_id() if footnotes is not None else 0) + 1
        self.count = 0  # notes numbered so far: Word's number of the last one
        self.referenced: set[int] = set()  # ids of the notes referenced in the body
        self.references: list[etree._Element] = []  # those references, in document order
        self.annex: list[etree._Element] = []  # annex paragraphs
        self._prototypes: dict[bytes, _RunPrototypes] = {}  # by serialised run properties
        self._pending: list[tuple[int, str]] = []  # new notes not yet in the part

    def write_notes(self) -> None:
        """Put the new notes made so far into the footnotes part."""
        if self._pending:
            self.footnotes.add_notes(self._pending, text_style=self.text_style,
                                     ref_style=self.ref_style)
            self._pending = []

    # -- a marker in the text of a run

    def on_text(self, t: etree._Element) -> None:
        if next(t.iterancestors(W_TXBX_CONTENT), None) is not None:
            raise TemplateError(
                "Không đặt được chú thích trong hộp văn bản (text box): Word không cho phép",
                location=_where(t, "hộp văn bản"),
                hint="Chuyển fn() hoặc |note ra thân văn bản",
            )
        text = t.text
        if MARK_END not in text[text.rfind(MARK_START) :]:
            self._complete_cut_marker(t)
        try:
            texts, keys = split_markers(t.text)
        except ValueError as exc:
            raise self._cut_error(t) from exc
        run = t.getparent()
        rpr = run.find(W_RPR)
        runs = self._runs_like(rpr)
        trailing = list(t.itersiblings())
        # A marker of an empty note vanishes: its neighbouring texts join.
        pieces, marks = [texts[0]], []
        for key, after in zip(keys, texts[1:]):
            mark = self._mark(key, runs, t)
            if mark is None:
                pieces[-1] += after
            else:
                marks.append(mark)
                pieces.append(after)
        _set_text(t, pieces[0])
        anchor, anchor_is_mark = run, False
        for mark, after in zip(marks, pieces[1:]):
            anchor.addnext(mark)
            anchor, anchor_is_mark = mark, True
            if after:
                text_run = _clone(runs.text)
                text_run[-1].text = after
                anchor.addnext(text_run)
                anchor, anchor_is_mark = text_run, False
        if trailing and anchor is not run:
            if anchor_is_mark:
                tail_run = new_run(rpr)
                anchor.addnext(tail_run)
                anchor = tail_run
            anchor.extend(trailing)
        if not t.text:
            run.remove(t)
            if all(child.tag == W_RPR for child in run):
                run.getparent().remove(run)

    def _runs_like(self, rpr: etree._Element | None) -> _RunPrototypes:
        """Runs to copy around a marker in a run with properties `rpr`."""
        key = etree.tostring(rpr) if rpr is not None else b""
        runs = self._prototypes.get(key)
        if runs is None:
            style = self.ref_style if self.mode == "footnotes" else None
            mark = new_run(mark_rpr(rpr, style=style))
            if self.mode == "footnotes":
                _sub(mark, W_FOOTNOTE_REFERENCE)
            else:
                _set_text(_sub(mark, W_T), "")
            runs = self._prototypes[key] = _RunPrototypes(new_run(rpr, ""), mark)
        return runs

    def _mark(self, key: str, runs: _RunPrototypes, t) -> etree._Element | None:
        text = self.notes.get(key)
        if text is None:
            raise TemplateError(
                f"Dấu chú thích {key!r} không có nội dung",
                location=_where(t, "thân văn bản"),
                hint="Chỉ dùng dấu do fn() hoặc |note tạo ra trong cùng lần kết xuất",
            )
        if not text.strip():
            return None
        self.count += 1
        mark = _clone(runs.mark)
        if self.mode == "footnotes":
            id = self._new_id()
            self._pending.append((id, text))
            mark[-1].set(W_ID, str(id))
            self._keep(mark[-1], id)
            return mark
        p = _new(W_P)
        _sub(_sub(p, W_PPR), W_PSTYLE, {W_VAL: self.text_style})
        p.append(self._annex_number_run(None))
        append_text_runs(p, " " + text)
        self.annex.append(p)
        mark[-1].text = str(self.count)
        return mark

    def _complete_cut_marker(self, t: etree._Element) -> None:
        """Pull the end of a marker cut across runs back into `t`."""
        p = next(t.iterancestors(W_P), None)
        following = False
        for other in p.iter(W_T) if p is not None else ():
            if other is t:
                following = True
                continue
            if not following or not other.text:
                continue
            end = other.text.find(MARK_END)
            if end < 0:
                t.text += other.text
                other.text = ""
                continue
            t.text += other.text[: end + 1]
            _set_text(other, other.text[end + 1 :])
            return
        raise self._cut_error(t)

    @staticmethod
    def _cut_error(t) -> TemplateError:
        return TemplateError(
            "Dấu chú thích bị cắt dở, không tìm thấy chỗ kết thúc",
            location=_where(t, "thân văn bản"),
            hint="Đặt cả lời gọi fn(...) trong một thẻ {{ ... }}",
        )

    # -- a footnote reference already in the template

    def on_reference(self, ref: etree._Element) -> None:
        id = int(ref.get(W_ID))
        footnote = self.existing.get(id)
        if footnote is None or ref.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
            self._keep(ref, id)  # not ours to number
            return
        self.count += 1
        if self.mode == "annex":
            self._reference_to_annex(ref, footnote)
        elif id in self.referenced:  # repeated by a loop: Word wants one note per reference
            new_id = self._new_id()
            self.write_notes()  # the part lists notes in the order they are made
            self.footnotes.add_copy(footnote, new_id)
            ref.set(W_ID, str(new_id))
            self._keep(ref, new_id)
        else:
            self._keep(ref, id)

    def _keep(self, ref: etree._Element, id: int) -> None:
        self.referenced.add(id)
        self.references.append(ref)

    def _reference_to_annex(self, ref: etree._Element, footnote: CT_Footnote) -> None:
        run = ref.getparent()
        number = run.makeelement(W_T, {})
        _set_text(number, str(self.count))
        run.replace(ref, number)
        rpr = run.find(W_RPR)
        if rpr is not None:
            run.remove(rpr)
        run.insert(0, mark_rpr(rpr, style=None))
        for p in footnote.findall(W_P):
            p = copy.deepcopy(p)
            for ref_mark in p.iter(W_FOOTNOTE_REF):
                mark_run = ref_mark.getparent()
                mark_run.addprevious(self._annex_number_run(mark_run.find(W_RPR)))
                mark_run.remove(ref_mark)
                if all(child.tag == W_RPR for child in mark_run):
                    mark_run.getparent().remove(mark_run)
            self.annex.append(p)

    def _annex_number_run(self, rpr: etree._Element | None) -> etree._Element:
        if self.superscript_numbers:
            return new_run(mark_rpr(rpr, style=None), str(self.count))
        return new_run(plain_rpr(rpr), f"{self.count}.")

    def _new_id(self) -> int:
        id = self.next_id
        self.next_id += 1
        return id

    def tidy_part(self) -> None:
        """Drop notes left without a reference; number the others in document order.

        A template note loses its reference when a condition removes it (or annex mode moves
        it). Word writes note ids ascending in the order of the references, and LibreOffice
        relies on it: it pairs the n-th reference with the n-th note sorted by id. So ids are
        given again from the first after the separators, and the part lists notes in that
        order.
        """
        if self._in_order():
            return
        notes = {fn.id: fn for fn in self.footnotes.footnote_lst if fn.is_note}
        for id, footnote in notes.items():
            if id not in self.referenced:
                self.footnotes.remove(footnote)
        separators = [fn.id for fn in self.footnotes.footnote_lst if not fn.is_note]
        next_id = max(separators, default=0) + 1
        renumbered: dict[int, int] = {}
        for ref in self.references:
            old = int(ref.get(W_ID))
            if old not in notes:
                continue
            if old not in renumbered:  # a custom mark repeated by a loop keeps one note
                renumbered[old] = next_id
                notes[old].id = next_id
                self.footnotes.append(notes[old])  # moves it: separators stay first
                next_id += 1
            ref.set(W_ID, str(renumbered[old]))


    def _in_order(self) -> bool:
        """Whether the part already lists the separators, then one note per reference in
        reference order, ids ascending from the first after the separators: the notes made
        here for a template without notes of its own. Read as strings, by XPath."""
        separators = [int(id) for id in _SEPARATOR_IDS(self.footnotes)]
        notes = [int(id) for id in _NOTE_IDS(self.footnotes)]
        first = max(separators, default=0) + 1
        return (
            [int(id) for id in _FOOTNOTE_IDS(self.footnotes)] == separators + notes
            and notes == list(range(first, first + len(notes)))
            and notes == [int(ref.get(W_ID)) for ref in self.references]
        )


_FOOTNOTE_IDS = _xpath("w:footnote/@w:id")
_NOTE_IDS = _xpath("w:footnote[not(@w:type) or @w:type='normal']/@w:id")
_SEPARATOR_IDS = _xpath("w:footnote[@w:type and @w:type!='normal']/@w:id")


def _append_annex(body: etree._Element, title: str, paragraphs: list[etree._Element]) -> None:
    """The annex at the end of the last section: a centred bold title, then the notes."""
    heading = _new(W_P)
    ppr = _sub(heading, W_PPR)
    # w:pPr children in schema order: keepNext, pageBreakBefore, spacing, ind, jc.
    _sub(ppr, qn("w:keepNext"))
    _sub(ppr, qn("w:pageBreakBefore"))
    _sub(ppr, qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "240"})
    _sub(ppr, qn("w:ind"), {qn("w:firstLine"): "0"})
    _sub(ppr, qn("w:jc"), {W_VAL: "center"})
    rpr = _new(W_RPR)
    _sub(rpr, qn("w:b"))
    _sub(rpr, qn("w:bCs"))
    heading.append(new_run(rpr, title))
    sect_pr = body.find(W_SECTPR)
    for p in [heading, *paragraphs]:
        if sect_pr is not None:
            sect_pr.addprevious(p)
        else:
            body.append(p)
