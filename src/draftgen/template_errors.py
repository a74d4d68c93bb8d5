"""What went wrong in a template or a content file, said in Vietnamese: one translation of
Jinja's errors (syntax, undefined names, the sandbox's refusals) for the render, the content
files and the checker, and the line of the template source where it happened."""

from __future__ import annotations

import re

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
        unclosed = _UNCLOSED.match(exc.message or "")
        hint = (f"đóng khối bằng {{% end{unclosed[1]} %}} ở chỗ khối kết thúc" if unclosed
                else SYNTAX_HINT)
        return f"sai cú pháp mẫu: {jinja_syntax(exc.message or '')}", hint
    return f"lỗi khi tính biểu thức ({type(exc).__name__}: {exc})", None


#: The tags that open a block closed by ``{% end<tag> %}`` (``set`` only without ``=``).
BLOCK_TAGS = frozenset({"if", "for", "macro", "call", "filter", "block", "with", "autoescape",
                        "set", "trans"})
_LEXER = jinja2.Environment()
_UNCLOSED = re.compile(r"Unexpected end of template\..*The innermost block that needs to be "
                       r"closed is '(\w+)'\.", re.S)


def unclosed_block(source: str, env: jinja2.Environment | None = None) -> tuple[str, int] | None:
    """The innermost block the source opens and never closes, as (tag, line); None if every
    block is closed or the source does not lex.

    >>> unclosed_block("a\\n{% if x %}\\n{% for i in y %}{% endfor %}\\n{% set z = 1 %}\\nb\\n")
    ('if', 2)
    >>> unclosed_block("{% if x %}\\n{% if y %}\\n{% endif %}\\n{% set t %}\\nx\\n")
    ('set', 4)
    >>> unclosed_block("{% if x %}{% else %}{% endif %}") is None
    True
    """
    try:
        tokens = [(line, kind, value) for line, kind, value in (env or _LEXER).lex(source)
                  if kind != "whitespace"]
    except jinja2.TemplateSyntaxError:
        return None
    stack: list[tuple[str, int]] = []
    for i, (line, kind, value) in enumerate(tokens):
        if kind != "name" or i == 0 or tokens[i - 1][1] != "block_begin":
            continue
        if value.startswith("end") and stack and stack[-1][0] == value[3:]:
            stack.pop()
        elif value in BLOCK_TAGS:
            if value == "set" and _assigns(tokens, i):
                continue
            stack.append((value, line))
    return stack[-1] if stack else None


def _assigns(tokens: list[tuple[int, str, str]], start: int) -> bool:
    """Whether the tag starting at ``tokens[start]`` has ``=`` before its end (a one-line
    ``{% set x = … %}``, not a block)."""
    for _, kind, value in tokens[start:]:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False


def opening_line(exc: BaseException, env: jinja2.Environment | None = None) -> int | None:
    """For a template that ends with a block still open, the line where that block opens
    (Jinja reports the end of the template); else None."""
    if not isinstance(exc, jinja2.TemplateSyntaxError) or not exc.source:
        return None
    expected = _UNCLOSED.match(exc.message or "")
    if expected is None:
        return None
    found = unclosed_block(exc.source, env)
    return found[1] if found and found[0] == expected[1] else None


def template_line(exc: BaseException, filename: str) -> int | None:
    """The line of the template source (compiled under ``filename``) the error comes from:
    where a block left open begins, a syntax error's own line, else the innermost frame of
    that template."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return opening_line(exc) or exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
