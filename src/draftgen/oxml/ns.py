"""Namespaces, content types and relationship types as named constants."""

from __future__ import annotations

NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def qn(tag: str) -> str:
    """Clark name for a prefixed tag.

    >>> qn("w:footnoteReference")
    '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}footnoteReference'
    """
    prefix, local = tag.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


class CT:
    """Content types."""

    FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
    STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
    HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


class RT:
    """Relationship types."""

    OFFICE_DOCUMENT = (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    )
    FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
    IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
    HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
    FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


class ChartTypes:
    """Content and relationship types of native charts (see :mod:`draftgen.oxml.chart`)."""

    CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    CHART_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
    PACKAGE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
    C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
