"""Package level: parts of a .docx, their relationships and content types.

Two views of the same package, for two kinds of callers:

* a python-docx :class:`~docx.document.Document` being rendered: parts are objects.
  python-docx loads a part it has no class for (the footnotes part, for one) as a plain
  :class:`docx.opc.part.Part` holding bytes. To edit such a part we parse its bytes once into
  an :class:`XmlPart` that replaces it under the same relationship id; :func:`docx_bytes`
  then serialises the element and writes the content type override from the part.
* finished .docx bytes (a tracked-changes copy compares two builds): parts are zip entries
  by name (:func:`read_parts`), related through their ``.rels`` entries (:func:`related`).

Either way the zip is written once, by :func:`draftgen.oxml.archive.write_zip`.
"""

from __future__ import annotations

import copy
import functools
import io
import posixpath
import re
from collections.abc import Callable, Iterator
from importlib import resources
from typing import TYPE_CHECKING, TypeVar
from zipfile import BadZipFile

from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.opc.spec import default_content_types
from docx.oxml.parser import element_class_lookup as _docx_element_classes
from lxml import etree

from draftgen.errors import DraftgenError
from draftgen.oxml.archive import read_entries, write_zip
from draftgen.oxml.ns import (
    CT,
    NSMAP,
    PKG_DEFAULT,
    PKG_OVERRIDE,
    PKG_RELATIONSHIP,
    PKG_TYPES,
    RT,
    W_BODY,
)

if TYPE_CHECKING:
    from docx.document import Document

Parse = Callable[[bytes], etree._Element]
T = TypeVar("T")


@functools.cache
def load_template(name: str) -> bytes:
    """Bytes of a bundled default XML file from ``draftgen/oxml/templates`` (read once).

    >>> load_template("default-footnotes.xml")[:5]
    b'<?xml'
    """
    return resources.files("draftgen.oxml").joinpath("templates", name).read_bytes()


def related_parts(source: Part, reltype: str) -> Iterator[Part]:
    """Every part `source` relates to with `reltype` (headers, footers ...)."""
    for rel in list(source.rels.values()):
        if not rel.is_external and rel.reltype == reltype:
            yield rel.target_part


def get_xml_part(source: Part, reltype: str, parse: Parse) -> XmlPart | None:
    """The part `source` relates to by `reltype`, as an XmlPart parsed with `parse`.

    A part still holding bytes (as python-docx leaves the footnotes part, and as docxtpl
    leaves it after rendering its Jinja tags) is parsed once and put in place of the old one,
    keeping its partname, content type, relationship id and its own relationships.
    Returns None when there is no such part.
    """
    for rId, rel in list(source.rels.items()):
        if rel.is_external or rel.reltype != reltype:
            continue
        old = rel.target_part
        if _parsed_by(old, parse):
            return old
        new = _XmlPart(old.partname, old.content_type, parse(old.blob), old.package, parse)
        for child_rId, child_rel in old.rels.items():
            target = child_rel.target_ref if child_rel.is_external else child_rel.target_part
            new.load_rel(child_rel.reltype, target, child_rId, child_rel.is_external)
        del source.rels[rId]
        source.load_rel(reltype, new, rId)
        return new
    return None


def add_xml_part(
    source: Part, reltype: str, partname: str, content_type: str, xml: bytes, parse: Parse
) -> XmlPart:
    """A new part parsed from `xml`, related from `source` by `reltype`."""
    part = _XmlPart(PackURI(partname), content_type, parse(xml), source.package, parse)
    source.relate_to(part, reltype)
    return part


def replace_with_blob(source: Part, reltype: str, blob: bytes) -> None:
    """Put a part holding ``blob`` in place of the part `source` relates to by `reltype`,
    as :func:`get_xml_part` does the other way: for XML written as text, saved as it is
    instead of parsed and serialised again."""
    for rId, rel in list(source.rels.items()):
        if rel.is_external or rel.reltype != reltype:
            continue
        old = rel.target_part
        new = Part(old.partname, old.content_type, blob, old.package)
        for child_rId, child_rel in old.rels.items():
            target = child_rel.target_ref if child_rel.is_external else child_rel.target_part
            new.load_rel(child_rel.reltype, target, child_rId, child_rel.is_external)
        del source.rels[rId]
        source.load_rel(reltype, new, rId)
        return
    raise KeyError(reltype)


def get_or_add_footnotes_part(document_part: Part, parse: Parse, *, create: bool) -> XmlPart | None:
    """The document's footnotes part; with `create`, a new one from the bundled default."""
    part = get_xml_part(document_part, RT.FOOTNOTES, parse)
    if part is None and create:
        part = add_xml_part(
            document_part,
            RT.FOOTNOTES,
            "/word/footnotes.xml",
            CT.FOOTNOTES,
            load_template("default-footnotes.xml"),
            parse,
        )
    return part


class _XmlPart(XmlPart):
    """An XmlPart that remembers which parser built its element."""

    def __init__(self, partname, content_type, element, package, parse: Parse):
        super().__init__(partname, content_type, element, package)
        self.parse = parse


def _parsed_by(part: Part, parse: Parse) -> bool:
    return isinstance(part, _XmlPart) and part.parse is parse


# ---------------------------------------------------------------------------------------------
# A template opened once per batch


class _SharedXml:
    """Mixed into the class of an XML part of a :func:`fresh_document`: until something
    reads its element, the part shares the template's parsed element (never changed) and
    gives the bytes it was serialised to once; the first read of the element gives the
    part its own copy, which is then its XML like any part's."""

    _shared: etree._Element
    _shared_blob: bytes
    _variants: dict
    _own: etree._Element | None = None

    @property
    def _element(self):  # what python-docx, docxtpl and draftgen read or change
        if self._own is None:
            self._own = copy.deepcopy(self._shared)
        return self._own

    @_element.setter
    def _element(self, value):
        self._own = value

    @property
    def blob(self):
        if self._own is None:
            return self._shared_blob
        return super().blob


def read_only_element(part: XmlPart) -> etree._Element:
    """The XML of ``part`` to read, never to change: the template's own element while the
    part of a :func:`template_document` still shares it (no copy made), else the part's."""
    if isinstance(part, _SharedXml) and part._own is None:
        return part._shared
    return part.element


def shares_template_element(part: XmlPart) -> bool:
    """Whether ``part`` still shares the template's element (which is then never changed)."""
    return isinstance(part, _SharedXml) and part._own is None


def change_shared(part: XmlPart, key: str, change: Callable[[etree._Element], T]) -> T:
    """``change(element)`` on the XML of ``part``, returning what it returns.

    ``change`` must depend on nothing but the element (``key`` names it). For a part of a
    :func:`template_document` still sharing the template's XML, the changed XML is made
    once per template, serialised once and shared in its turn: every unit that needs the
    same change (footnote styles a template lacks) does not copy the part again.
    """
    if not (isinstance(part, _SharedXml) and part._own is None):
        return change(part.element)
    variants = part._variants
    slot = (id(part._shared), key)
    if slot not in variants:
        element = copy.deepcopy(part._shared)
        result = change(element)
        variants[slot] = (element, serialize_part_xml(element), result)
    part._shared, part._shared_blob, result = variants[slot]
    return result


@functools.cache
def _shared_class(cls: type) -> type:
    return type(f"Shared{cls.__name__}", (_SharedXml, cls), {})


class TemplatePackage:
    """A .docx template parsed once, giving a new python-docx ``Document`` per render.

    Opening a template parses every XML part (the styles of a Word template are hundreds of
    kilobytes) and saving serialises each again, the same for every unit of a batch. A
    document from :meth:`document` copies the main part's XML (always rendered) and the
    objects of the package; every other XML part shares the parsed template and its
    serialised bytes until it is read (:class:`_SharedXml`). The bytes written are those of
    ``Document(template)``: an untouched part serialises to what it was parsed from.
    """

    def __init__(self, template: bytes):
        from docx import Document

        self._document = Document(io.BytesIO(template))  # never rendered, never changed
        # The body, the largest XML of a template and the one every render replaces, is
        # kept serialised (what docxtpl renders from) and left out of the documents made.
        body = self._document.element.find(W_BODY)
        self._body_xml = etree.tostring(body, encoding="unicode")
        for child in list(body):
            body.remove(child)
        body.attrib.clear()
        body.text = None
        package = self._document.part.package
        self._shared: dict[int, tuple[type, etree._Element, bytes]] = {}
        self._variants: dict[tuple[int, str], tuple] = {}  # see change_shared
        self._frame: tuple[tuple[str, str] | None] | None = None  # see parse_rendered_root
        for part in package.iter_parts():
            if part is self._document.part or not isinstance(part, XmlPart) \
                    or type(part).blob is not XmlPart.blob:
                continue
            element = part.__dict__.get("_element")
            if element is None or any(v is element for k, v in part.__dict__.items()
                                      if k != "_element"):
                continue  # a part class keeping its element elsewhere too: copied whole
            self._shared[id(part)] = (_shared_class(type(part)), element, part.blob)

    def document(self) -> Document:
        """A new ``Document`` of the template, to render and change freely.

        Its body is empty: what the template's body holds is, serialised, in its main
        part's ``template_body`` (docxtpl renders from that text, then the rendered body
        takes the empty one's place).
        """
        pristine = self._document
        memo: dict[int, object] = {}
        parts = [p for p in pristine.part.package.iter_parts() if id(p) in self._shared]
        for part in parts:
            element = self._shared[id(part)][1]
            memo[id(element)] = element  # shared, not copied: see _SharedXml
        fresh = copy.deepcopy(pristine, memo)
        for part in parts:
            cls, element, blob = self._shared[id(part)]
            twin = memo[id(part)]
            del twin.__dict__["_element"]
            twin.__class__ = cls
            twin._shared, twin._shared_blob = element, blob
            twin._variants = self._variants
        fresh.part.__class__ = _rendered_main_class(type(fresh.part))
        if self._frame is None:
            self._frame = (_root_around_body(pristine.element),)
        fresh.part.frame = self._frame[0]
        fresh.part.template_body = self._body_xml
        return fresh


class _RenderedMain:
    """Mixed into the class of the main part of a :meth:`TemplatePackage.document`: the
    part can take a whole new root, the rendered document parsed in one piece
    (:func:`with_rendered_root`)."""

    frame: tuple[str, str] | None = None  # the root before and after its body
    template_body: str | None = None  # the template's body, serialised, until replaced

    def replace_element(self, element: etree._Element) -> None:
        self._element = element
        self.template_body = None


@functools.cache
def _rendered_main_class(cls: type) -> type:
    return type(f"Rendered{cls.__name__}", (_RenderedMain, cls), {})


def _rendered_parser() -> etree.XMLParser:
    """The parser of a rendered document: docxtpl's (recovering from broken XML, which is
    then left to docxtpl's own path), making python-docx's element classes, resolving no
    entity. One per parse: a parser serves one thread at a time."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    parser.set_element_class_lookup(_docx_element_classes)
    return parser


_XMLNS = re.compile(r'\sxmlns(?::([\w.-]+))?="([^"]*)"')


def parse_rendered_root(document: Document, body_xml: str) -> etree._Element | None:
    """The root of ``document``'s main part with ``body_xml`` (the rendered ``w:body``, as
    docxtpl serialises and renders it, declaring its namespaces) in place of its body,
    parsed in one piece; None when that cannot be done exactly (broken XML, or a document
    not made by :meth:`TemplatePackage.document`).

    docxtpl parses the body alone and moves it into the document: lxml then takes every
    element of the body through the namespaces of its new document, several times the
    cost of the parse. Here the body's namespace declarations that the root already makes
    (same prefix, same URI) are dropped before the parse, as lxml drops them in the move,
    so the document serialises to the same bytes.
    """
    if not isinstance(document.part, _RenderedMain) or document.part.frame is None:
        return None
    start = _BODY_START.match(body_xml)
    if start is None:
        return None
    head, tail = document.part.frame
    bindings = {prefix: uri for prefix, uri in _XMLNS.findall(head[: head.index(">")])}
    kept = [m for m in _XMLNS.finditer(start[1]) if bindings.get(m[1] or "") != m[2]]
    bindings.update((m[1] or "", m[2]) for m in kept)
    inside = _without_redundant_declarations(body_xml, start.end(), bindings)
    if inside is None:
        return None
    attributes = _XMLNS.sub("", start[1])
    parser = _rendered_parser()
    try:
        parsed = etree.fromstring(
            f"{head}<w:body{''.join(m[0] for m in kept)}{attributes}>{inside}{tail}", parser)
    except etree.XMLSyntaxError:
        return None
    if len(parser.error_log):
        return None  # recovered from broken XML: docxtpl's own path decides what it gives
    return parsed


def _without_redundant_declarations(xml: str, start: int, bindings: dict[str, str]
                                    ) -> str | None:
    """``xml[start:]`` without the namespace declarations that bind a prefix to the URI it
    already has where they stand (``bindings``: the prefixes bound around ``xml[start:]``),
    as lxml drops them when it moves a tree into another document; None when the
    declarations are of a shape this does not read exactly (a prefix bound to two URIs
    inside, a declaration not written ``xmlns:p="…"``)."""
    found: list[tuple[re.Match, str, int]] = []  # the declaration, its prefix, its tag
    at = xml.find("xmlns", start)
    while at >= 0:
        tag = xml.rfind("<", start, at)
        if tag > xml.rfind(">", start, at):  # in a tag, not in text
            m = _XMLNS.match(xml, at - 1)
            if m is None:
                return None
            found.append((m, m[1] or "", tag))
        at = xml.find("xmlns", at + 5)
    if not found:
        return xml[start:]
    uris: dict[str, set[str]] = {}
    for m, prefix, _ in found:
        uris.setdefault(prefix, set()).add(m[2])
    if any(len(values) > 1 for values in uris.values()):
        return None
    drop: set[int] = set()
    for m, prefix, tag in found:
        if bindings.get(prefix) == m[2]:
            drop.add(m.start())  # bound to that URI all around
        elif m.start() not in drop:  # the first of its element: the ones inside it go
            end = _element_end(xml, tag)
            if end is None:
                return None
            drop.update(n.start() for n, other, place in found
                        if other == prefix and tag < place < end)
    out, pos = [], start
    for m, _, _ in found:
        if m.start() in drop:
            out.append(xml[pos : m.start()])
            pos = m.end()
    out.append(xml[pos:])
    return "".join(out)


def _element_end(xml: str, tag: int) -> int | None:
    """Where the element whose start tag is at ``xml[tag]`` ends (after its end tag)."""
    close = xml.find(">", tag)
    if close < 0:
        return None
    if xml[close - 1] == "/":
        return close + 1
    name = _TAG_NAME.match(xml, tag + 1)
    if name is None:
        return None
    opening, ending = f"<{name[0]}", f"</{name[0]}>"
    depth, pos = 1, close + 1
    while depth:
        end = xml.find(ending, pos)
        if end < 0:
            return None
        nested = xml.find(opening, pos, end)
        while nested >= 0:
            after = xml[nested + len(opening)]
            if after in " />\t\n\r":
                self_closing = xml[xml.find(">", nested) - 1] == "/"
                depth += 0 if self_closing else 1
            nested = xml.find(opening, nested + 1, end)
        depth -= 1
        pos = end + len(ending)
    return pos


_TAG_NAME = re.compile(r"[\w.:-]+")
_BODY_START = re.compile(r"<w:body((?:\s+[^>]*?)?)\s*>")


def _root_around_body(root: etree._Element) -> tuple[str, str] | None:
    """The document's root serialised before and after its body (a copy of the root is
    cut: moving the body out and back would cost a walk of its tree)."""
    root = copy.deepcopy(root)
    body = root.find(W_BODY)
    if body is None:
        return None
    body.clear()  # attributes too: the rendered body brings its own
    xml = etree.tostring(root, encoding="unicode")
    if xml.count("<w:body/>") != 1:
        return None
    head, _, tail = xml.partition("<w:body/>")
    return head, tail


def with_rendered_root(document: Document, root: etree._Element) -> Document:
    """``document`` with ``root`` (from :func:`parse_rendered_root`) as its main part's XML:
    a new python-docx ``Document`` of the same part."""
    document.part.replace_element(root)
    return document.part.document


_PACKAGES: dict[bytes, TemplatePackage] = {}
_PACKAGES_LIMIT = 8  # the templates of a batch


def template_document(template: bytes) -> Document:
    """A new python-docx ``Document`` of ``template`` (the .docx bytes), the template being
    parsed once per process (:class:`TemplatePackage`)."""
    package = _PACKAGES.get(template)
    if package is None:
        if len(_PACKAGES) >= _PACKAGES_LIMIT:
            _PACKAGES.clear()
        package = _PACKAGES[template] = TemplatePackage(template)
    return package.document()


# ---------------------------------------------------------------------------------------------
# Saving a python-docx document


def docx_bytes(document: Document) -> bytes:
    """The .docx of a python-docx ``Document``, zipped once and deterministically.

    The entries and their order are those of ``Document.save``: the content types, the
    package relationships, then each part followed by its relationships; the zip is the one
    :func:`draftgen.oxml.archive.write_zip` writes, so the same document gives the same
    bytes and no second pass (``normalise_docx``) is needed.
    """
    package = document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    entries = [
        ("[Content_Types].xml", _content_types(parts)),
        ("_rels/.rels", package.rels.xml),
    ]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return write_zip(entries)


def _content_types(parts: list[Part]) -> bytes:
    """``[Content_Types].xml`` for `parts`, as python-docx writes it: a Default per
    extension with a standard content type, an Override per other part, each sorted."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if (ext, part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    types = etree.Element(PKG_TYPES, nsmap={None: NSMAP["ct"]})
    for ext in sorted(defaults):
        etree.SubElement(types, PKG_DEFAULT, Extension=ext, ContentType=defaults[ext])
    for partname in sorted(overrides):
        etree.SubElement(types, PKG_OVERRIDE, PartName=partname, ContentType=overrides[partname])
    return serialize_part(types)


# ---------------------------------------------------------------------------------------------
# Parts of finished .docx bytes


def read_parts(docx: bytes) -> dict[str, bytes]:
    """The parts (zip entries) of a .docx by name, in archive order."""
    try:
        return read_entries(docx)
    except (BadZipFile, OSError) as exc:
        raise DraftgenError(
            "Không đọc được tệp .docx", hint="kiểm tra tệp có phải văn bản Word (.docx) không"
        ) from exc


def write_parts(parts: dict[str, bytes]) -> bytes:
    """The .docx of `parts`, in their order, zipped deterministically."""
    return write_zip(parts.items())


def parse_part(data: bytes, name: str) -> etree._Element:
    """The XML of part `name`; a DraftgenError naming the part if it is not XML."""
    parser = etree.XMLParser(resolve_entities=False, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DraftgenError(f"Phần {name!r} của tệp .docx không phải XML hợp lệ") from exc


def serialize_part(root: etree._Element) -> bytes:
    """XML bytes of a part, with the declaration Word writes (UTF-8, standalone)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def related(parts: dict[str, bytes], source: str, reltype: str) -> list[str]:
    """Names of the parts `source` ("" for the package) relates to by `reltype`.

    >>> rels = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    ...         b'relationships"><Relationship Id="rId1" Type="t" Target="footnotes.xml"/>'
    ...         b'</Relationships>')
    >>> related({"word/_rels/document.xml.rels": rels}, "word/document.xml", "t")
    ['word/footnotes.xml']
    """
    rels_name = _rels_name(source) if source else "_rels/.rels"
    if rels_name not in parts:
        return []
    rels = parse_part(parts[rels_name], rels_name)
    folder = posixpath.dirname(source)
    names = []
    for rel in rels.iterfind(PKG_RELATIONSHIP):
        if rel.get("Type") != reltype or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        names.append(posixpath.normpath(path))
    return names


def main_part(parts: dict[str, bytes]) -> str:
    """Name of the main document part (``word/document.xml`` as Word writes it)."""
    names = related(parts, "", RT.OFFICE_DOCUMENT)
    if not names or names[0] not in parts:
        raise DraftgenError(
            "Tệp .docx không có phần văn bản chính", hint="tệp có thể bị hỏng; hãy tạo lại"
        )
    return names[0]


def related_part(parts: dict[str, bytes], source: str, reltype: str) -> str | None:
    """Name of the first part present that `source` relates to by `reltype`, or None."""
    names = [name for name in related(parts, source, reltype) if name in parts]
    return names[0] if names else None
