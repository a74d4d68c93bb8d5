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


# Tags in Clark notation, for the elements the oxml modules look for. Defined here only.
W_BODY = qn("w:body")
W_BR = qn("w:br")
W_DEL = qn("w:del")
W_DELTEXT = qn("w:delText")
W_FOOTNOTE = qn("w:footnote")
W_FOOTNOTE_PR = qn("w:footnotePr")
W_FOOTNOTE_REF = qn("w:footnoteRef")  # the note's own number, inside the footnote
W_FOOTNOTE_REFERENCE = qn("w:footnoteReference")  # the reference mark in the body
W_ID = qn("w:id")
W_INS = qn("w:ins")
W_P = qn("w:p")
W_PPR = qn("w:pPr")
W_PSTYLE = qn("w:pStyle")
W_R = qn("w:r")
W_RPR = qn("w:rPr")
W_RSTYLE = qn("w:rStyle")
W_SECTPR = qn("w:sectPr")
W_STYLE = qn("w:style")
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_TBL = qn("w:tbl")
W_TC = qn("w:tc")
W_TR = qn("w:tr")
W_TRPR = qn("w:trPr")
W_TXBX_CONTENT = qn("w:txbxContent")
W_TYPE = qn("w:type")
W_VAL = qn("w:val")
W_VERT_ALIGN = qn("w:vertAlign")
XML_SPACE = qn("xml:space")
# Of the package: [Content_Types].xml and .rels parts.
PKG_DEFAULT = qn("ct:Default")
PKG_OVERRIDE = qn("ct:Override")
PKG_RELATIONSHIP = qn("pr:Relationship")
PKG_TYPES = qn("ct:Types")


class CT:
    """Content types."""

    FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    ENDNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
    STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
    SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
    HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
    OPC_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
    XML = "application/xml"


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
    SETTINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"


class ChartTypes:
    """Content and relationship types of native charts (see :mod:`draftgen.oxml.chart`)."""

    CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    CHART_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
    PACKAGE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
    C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
