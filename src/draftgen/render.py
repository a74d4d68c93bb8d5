"""Render one template for one context with docxtpl, then post-process the OOXML."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from html.parser import HTMLParser

import docxtpl
import jinja2
from jinja2.sandbox import SecurityError

from .errors import DraftgenError, Location, TemplateError
from .footnotes import FootnoteCollector
from .oxml.footnotes import apply_footnotes
from .oxml.locate import describe_paragraph


@dataclass(frozen=True)
class RenderOptions:
    footnotes: str = "footnotes"  # or "annex"
    annex_title: str = "PHỤ LỤC: CHÚ THÍCH SỐ LIỆU BÁO CÁO"
    timestamp: str = "2000-01-01T00:00:00"  # written in core properties, for determinism


class _TextOf(HTMLParser):
    """Collect the text of an XML fragment (a line of docxtpl's source) for messages."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text_of(fragment: str) -> str:
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts).strip()


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _part_name(tpl: docxtpl.DocxTemplate) -> str:
    part = getattr(tpl, "current_rendering_part", None)
    if part is None or part is tpl.docx.part:
        return "thân văn bản"
    name = str(part.partname)
    if "header" in name:
        return "đầu trang"
    if "footer" in name:
        return "chân trang"
    if "footnotes" in name:
        return "chú thích"
    return name


def _source_lines(tpl: docxtpl.DocxTemplate) -> list[str]:
    """The source docxtpl gave Jinja for the part being rendered, split like Jinja saw it."""
    part = getattr(tpl, "current_rendering_part", None)
    fresh = docxtpl.DocxTemplate(tpl.template_file)
    fresh.init_docx()
    if part is None or part is tpl.docx.part:
        xml = fresh.patch_xml(fresh.get_xml())
    else:
        target = next((p for p in fresh.docx.part.package.iter_parts()
                       if p.partname == part.partname), None)
        if target is None:
            return []
        xml = fresh.patch_xml(fresh.get_part_xml(target))
    return xml.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p ").split("\n")


def _explain(exc: BaseException) -> str:
    if isinstance(exc, DraftgenError):
        return str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        return f"tên chưa được định nghĩa: {exc.message}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"sai cú pháp mẫu: {exc.message}"
    if isinstance(exc, SecurityError):
        return f"thao tác không được phép trong mẫu: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _hint(exc: BaseException) -> str | None:
    if isinstance(exc, jinja2.UndefinedError):
        return "kiểm tra chính tả tên biến; xem danh sách tên trong docs/huong-dan-mau.md"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return "kiểm tra cặp {{ }} / {% %} và các thẻ {% if %} … {% endif %}"
    return None


def _template_error(exc: BaseException, tpl: docxtpl.DocxTemplate, template_name: str,
                    unit_label: str) -> TemplateError:
    where = [_part_name(tpl)]
    expression = None
    line = _template_line(exc)
    if line is not None:
        try:
            lines = _source_lines(tpl)
        except Exception:  # locating is best effort; the original error matters more
            lines = []
        if 0 < line <= len(lines):
            text = _text_of(lines[line - 1])
            if text:
                fresh_doc = docxtpl.DocxTemplate(tpl.template_file).get_docx()
                where.append(describe_paragraph(fresh_doc.element.body, text))
                expression = text
    message = _explain(exc)
    if isinstance(exc, DraftgenError) and exc.hint:
        message, hint = exc.message, exc.hint
    else:
        hint = _hint(exc)
    detail = ", ".join(where)
    if expression:
        short = expression if len(expression) <= 120 else expression[:117] + "…"
        detail += f": «{short}»"
    return TemplateError(
        f"{unit_label}: {message}",
        location=Location(file=template_name, detail=detail),
        hint=hint,
    )


def render_docx(template: bytes, context: dict, env: jinja2.Environment, *,
                template_name: str, unit_label: str,
                options: RenderOptions = RenderOptions()) -> bytes:
    """Render ``template`` (the .docx bytes) with ``context``; return the .docx bytes."""
    tpl = docxtpl.DocxTemplate(io.BytesIO(template))
    collector = FootnoteCollector()
    context = {**context, "fn": collector.fn}
    try:
        tpl.render(context, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, DraftgenError, SecurityError, TypeError, ValueError,
            ArithmeticError, LookupError, AttributeError) as exc:
        raise _template_error(exc, tpl, template_name, unit_label) from exc
    apply_footnotes(tpl.docx, collector, mode=options.footnotes,
                    annex_title=options.annex_title)
    props = tpl.docx.core_properties
    stamp = dt.datetime.fromisoformat(options.timestamp)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "draftgen"
    props.revision = 1
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()

