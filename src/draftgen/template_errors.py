"""What went wrong in a template or a content file, said in Vietnamese: one translation of
Jinja's errors (syntax, undefined names, the sandbox's refusals) for the render, the content
files and the checker, and the line of the template source where it happened."""

from __future__ import annotations

import jinja2

from .errors import DraftgenError
from .sandbox import explain as sandbox_explain
from .sandbox import undefined_message
from .syntax_errors import jinja_syntax

#: What to do about a name the context does not have.
UNDEFINED_HINT = "kiểm tra chính tả tên biến; xem danh sách tên trong docs/huong-dan-mau.md"
#: What to do about a template that does not parse.
SYNTAX_HINT = "kiểm tra cặp {{ }} / {% %} và các thẻ {% if %} … {% endif %}"


def explain(exc: BaseException) -> tuple[str, str | None]:
    """The message and the hint (or None) for an error raised compiling or rendering.

    >>> explain(jinja2.TemplateSyntaxError("unexpected '}'", 3))[0]
    'sai cú pháp mẫu: «}» không có cặp mở tương ứng'
    >>> explain(ZeroDivisionError("division by zero"))
    ('phép chia cho 0 trong mẫu', 'kiểm tra số chia trước khi chia')
    >>> explain(LookupError("x"))
    ('lỗi khi tính biểu thức (LookupError: x)', None)
    """
    if isinstance(exc, DraftgenError):
        return (exc.message, exc.hint) if exc.hint else (str(exc), None)
    known = sandbox_explain(exc)
    if known is not None:
        return known
    if isinstance(exc, jinja2.UndefinedError):
        return f"tên chưa được định nghĩa: {undefined_message(exc.message)}", UNDEFINED_HINT
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"sai cú pháp mẫu: {jinja_syntax(exc.message or '')}", SYNTAX_HINT
    return f"lỗi khi tính biểu thức ({type(exc).__name__}: {exc})", None


def template_line(exc: BaseException, filename: str) -> int | None:
    """The line of the template source (compiled under ``filename``) the error comes from:
    a syntax error's own line, else the innermost frame of that template."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
