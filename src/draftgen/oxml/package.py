"""Package level: parts of a .docx, their relationships and content types.

python-docx loads a part it has no class for (the footnotes part, for one) as a plain
:class:`docx.opc.part.Part` holding bytes. To edit such a part we parse its bytes once into an
:class:`XmlPart` that replaces it under the same relationship id; python-docx then serialises the
element when the document is saved and writes the content type override from the part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import resources

from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from lxml import etree

from draftgen.oxml.ns import CT, RT

Parse = Callable[[bytes], etree._Element]


def load_template(name: str) -> bytes:
    """Bytes of a bundled default XML file from ``draftgen/oxml/templates``.

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
