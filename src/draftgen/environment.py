"""The Jinja environment templates render in: sandboxed, strict, with our filters.

Templates are code written by other people, so they run in our sandbox
(:mod:`draftgen.sandbox`: data only, bounded work); a name that does not exist is an error
(``StrictUndefined``), never a blank in the draft.
"""

from __future__ import annotations

import math
from typing import Any

import jinja2
from jinja2 import StrictUndefined

from .model import Fact
from .sandbox import DraftgenSandbox, Limits, SandboxError, size_of, sized
from .style import Style

__all__ = ["DraftgenSandbox", "make_environment"]


def _collector(context: jinja2.runtime.Context) -> Any:
    from .footnotes import FootnoteCollector

    return FootnoteCollector.of(context.get("fn"))


def make_environment(style: Style | None = None, *, limits: Limits | None = None
                     ) -> DraftgenSandbox:
    """A new sandboxed environment with our filters and functions registered.

    ``{{ 7.5 }}`` and ``{{ ind.X.value }}`` print the Vietnamese way without a filter.
    ``limits`` bound the work of a render (default :data:`draftgen.sandbox.DEFAULT_LIMITS`).
    """
    from .charts import chart_globals
    from .compilecache import default_cache
    from .filters import make_filters, make_globals
    from .footnotes import PRIVATE_USE, FootnoteCollector, Marker, footnote_filters, forged_error
    from .sandbox import DEFAULT_LIMITS

    style = style or Style()
    limits = limits or DEFAULT_LIMITS
    filters = make_filters(style)
    number = filters["num"]

    @jinja2.pass_context
    def finalize(context: jinja2.runtime.Context, value: Any) -> Any:
        if type(value) is Marker:  # made by fn() in this render: no need to search it
            return value
        if isinstance(value, Fact):
            return number(value)
        if isinstance(value, float) and not math.isnan(value):
            return number(value)
        if isinstance(value, str):
            if PRIVATE_USE.search(value):
                # Only the markers fn() and |note made in this render may reach the
                # output: a value from data cannot forge a footnote.
                collector = _collector(context)
                code = (collector.forged(value) if isinstance(collector, FootnoteCollector)
                        else f"U+{ord(PRIVATE_USE.search(value).group()):04X}")
                if code is not None:
                    raise forged_error(value, code)
        elif isinstance(value, (list, tuple, dict, set, frozenset)) \
                and size_of(value, limits.value) > limits.value:
            raise SandboxError("giá trị in ra quá lớn, vượt giới hạn an toàn của mẫu")
        return value

    env = DraftgenSandbox(
        limits=limits,
        undefined=StrictUndefined,
        autoescape=True,
        finalize=finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    env.filters.update(footnote_filters())
    env.globals.update(make_globals(style))
    env.globals.update(chart_globals())  # has_chart, chart_caption; chart() per render
    env.globals.update(highlight_globals())
    # Every filter refuses arguments too large to work on (a list printed many times over).
    env.filters.update({name: sized(f, limits) for name, f in env.filters.items()})
    env.compile_cache = default_cache()  # compiled code kept across runs
    return env


def highlight_globals() -> dict[str, Any]:
    from .highlights import highlight_globals as _globals

    return _globals()  # highlights, highlight_groups
