"""Render one template for one context with docxtpl, then post-process the OOXML."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import docxtpl
import jinja2
from jinja2.sandbox import SecurityError

from .charts import chart_function
from .errors import DraftgenError, Location, TemplateError
from .footnotes import FootnoteCollector
from .model import ANNEX_TITLE
from .oxml.footnotes import apply_footnotes, place_footnotes_in_xml
from .oxml.ns import CT, qn
from .oxml.package import (
    docx_bytes,
    parse_rendered_root,
    template_document,
    with_rendered_root,
)
from .sandbox import DEFAULT_LIMITS, bounded_chart, time_limit
from .template_errors import explain, template_line
from .template_source import locate, paragraph_lines


@dataclass(frozen=True)
class RenderOptions:
    footnotes: str = "footnotes"  # or "annex"
    annex_title: str = ANNEX_TITLE
    timestamp: str = "2000-01-01T00:00:00"  # written in core properties, for determinism


def _template_error(exc: BaseException, tpl: docxtpl.DocxTemplate, template: bytes,
                    template_name: str, unit_label: str) -> TemplateError:
    part = getattr(tpl, "current_rendering_part", None)
    partname = str(part.partname) if part is not None else None
    try:
        place, text = locate(template, partname, template_line(exc, "<template>"))
    except Exception:  # locating is best effort; the original error matters more
        place, text = "", ""
    message, hint = explain(exc)
    detail = place
    if text:
        short = text if len(text) <= 120 else text[:117] + "…"
        detail += f": «{short}»"
    return TemplateError(f"{unit_label}: {message}",
                         location=Location(file=template_name, detail=detail or None), hint=hint)


# What docxtpl's ``resolve_listing`` rewrites, and the paragraphs it rewrites them in (its
# own expression).
W_DOCUMENT, W_TBL, W_TBL_GRID, W_GRID_COL, W_TR, W_TC, W_TC_PR, W_GRID_SPAN, W_VAL = (
    qn(tag) for tag in ("w:document", "w:tbl", "w:tblGrid", "w:gridCol", "w:tr", "w:tc",
                        "w:tcPr", "w:gridSpan", "w:val"))
_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)


class _BatchTemplate(docxtpl.DocxTemplate):
    """docxtpl's template, parsing the template and cleaning each part's XML once per batch.

    Before every render docxtpl rewrites the XML of each part with regular expressions
    (``patch_xml``, a pure function of the text); the text is the same for every unit of
    a batch, so the result is kept, like the compiled template (``DraftgenSandbox``).
    """

    _patched: dict[str, str] = {}
    _LIMIT = 32  # parts of a few templates

    def init_docx(self, reload: bool = True) -> None:
        # The template is parsed once per process (see TemplatePackage), not per render.
        if not self.docx or (self.is_rendered and reload):
            self.docx = template_document(self.template_file.getvalue())
            self.is_rendered = False

    placer = None  # set per render: rewrites the rendered body's XML before it is parsed

    def get_xml(self) -> str:
        # The template's body as docxtpl serialises it, kept once per template: the
        # document of a render holds an empty body (see TemplatePackage.document).
        body = getattr(self.docx.part, "template_body", None)
        return body if body is not None else super().get_xml()

    def build_xml(self, context, jinja_env=None) -> str:
        xml = super().build_xml(context, jinja_env)
        return self.placer(xml) if self.placer is not None else xml

    def resolve_listing(self, xml: str) -> str:
        # docxtpl rewrites every run of every paragraph with regular expressions to turn
        # tabs, new lines, page and paragraph breaks of the rendered text into OOXML; a
        # paragraph without one of those characters comes out as it went in, so only the
        # paragraphs that hold one are handed to it (the same result, a fraction of the time).
        if _LISTING.search(xml) is None:
            return xml
        resolve = super().resolve_listing
        return _PARAGRAPH.sub(
            lambda m: resolve(m[0]) if _LISTING.search(m[0]) else m[0], xml)

    def fix_tables(self, xml: str):
        # docxtpl parses the rendered body alone, fixes the grids of tables whose rows came
        # out with more or fewer cells, then moves the body into the document (map_tree),
        # which costs lxml several times the parse. When no table needs fixing the body is
        # parsed in its place in the document's root instead: the same document.
        root = parse_rendered_root(self.docx, xml)
        if root is None or any(_grid_to_fix(table) for table in root.iter(W_TBL)):
            return super().fix_tables(xml)
        return root

    def fix_docpr_ids(self, tree) -> None:
        if tree.tag != W_DOCUMENT:
            return super().fix_docpr_ids(tree)
        # docxtpl's renumbering, for python-docx's elements (whose xpath knows the prefixes)
        for element in tree.xpath("//wp:docPr"):
            self.docx_ids_index += 1
            element.attrib["id"] = str(self.docx_ids_index)

    def map_tree(self, tree) -> None:
        if tree.tag == W_DOCUMENT:  # the whole document, from fix_tables
            self.docx = with_rendered_root(self.docx, tree)
        else:
            super().map_tree(tree)  # the rendered body in place of the empty one
            self.docx.part.template_body = None

    def patch_xml(self, src_xml: str) -> str:
        out = self._patched.get(src_xml)
        if out is None:
            out = super().patch_xml(src_xml)
            if len(self._patched) >= self._LIMIT:
                self._patched.clear()
            self._patched[src_xml] = out
        return out


def _grid_to_fix(table) -> bool:
    """Whether docxtpl's ``fix_tables`` would change the grid of ``table``: a row (nested
    tables' rows included, as it counts them) with more cells than grid columns, or no row
    spanning all the columns; or no grid at all (docxtpl's own error)."""
    grid = table.find(W_TBL_GRID)
    if grid is None:
        return True
    columns = len(grid.findall(W_GRID_COL))
    widest = spanned = 0
    for row in table.iter(W_TR):
        cells = row.findall(W_TC)
        widest = max(widest, len(cells))
        span = 0
        for cell in cells:
            pr = cell.find(W_TC_PR)
            grid_span = None if pr is None else pr.find(W_GRID_SPAN)
            span += 1 if grid_span is None else int(grid_span.get(W_VAL))
        spanned = max(spanned, span)
    return widest > columns or spanned < columns


def warm_template(template: bytes, env: jinja2.Environment) -> bool:
    """Compile every part of ``template`` into ``env``'s cache without rendering it, so
    that processes forked afterwards share the compiled code instead of compiling it each.
    Tells whether the template draws charts."""
    tpl = _BatchTemplate(io.BytesIO(template))
    tpl.init_docx()
    sources = [tpl.patch_xml(tpl.get_xml())]
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        sources += [tpl.patch_xml(tpl.get_part_xml(part))
                    for _, part in tpl.get_headers_footers(uri)]
    sources += [tpl.patch_xml(part.blob.decode("utf-8"))
                for part in tpl.docx.part.package.iter_parts()
                if part.content_type == CT.FOOTNOTES]
    for source in sources:
        try:
            env.from_string(paragraph_lines(source))
        except jinja2.TemplateError:
            pass  # the render of each unit reports it, with its place
    return any("chart(" in source for source in sources)


def render_docx(template: bytes, context: dict, env: jinja2.Environment, *,
                template_name: str, unit_label: str,
                options: RenderOptions = RenderOptions()) -> bytes:
    """Render ``template`` (the .docx bytes) with ``context``; return the .docx bytes."""
    tpl = _BatchTemplate(io.BytesIO(template))
    limits = getattr(env, "limits", DEFAULT_LIMITS)
    collector = FootnoteCollector(limit=limits.output)
    context = {**context, "fn": collector.function(),
               "chart": bounded_chart(chart_function(tpl))}
    placed = None

    def place(xml: str) -> str:  # the references written into the body's XML, when it can
        nonlocal placed
        xml, placed = place_footnotes_in_xml(xml, tpl.docx, collector, mode=options.footnotes)
        return xml

    tpl.placer = place
    try:
        with time_limit(limits.time):
            tpl.render(context, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, DraftgenError, SecurityError, TypeError, ValueError,
            ArithmeticError, LookupError, AttributeError, RecursionError,
            MemoryError) as exc:
        raise _template_error(exc, tpl, template, template_name, unit_label) from exc
    try:
        apply_footnotes(tpl.docx, collector, mode=options.footnotes,
                        annex_title=options.annex_title, placed=placed)
    except DraftgenError as exc:
        raise TemplateError(f"{unit_label}: {exc.message}", location=exc.location,
                            hint=exc.hint) from exc
    props = tpl.docx.core_properties
    stamp = dt.datetime.fromisoformat(options.timestamp)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "draftgen"
    props.revision = 1
    if props.comments == "generated by python-docx":  # the default template's words
        props.comments = ""
    return docx_bytes(tpl.docx)  # zipped once, deterministically

