"""The Jinja environment templates render in: sandboxed, strict, with our filters.

Templates are code written by other people, so they run in Jinja's sandbox; a name that
does not exist is an error (``StrictUndefined``), never a blank in the draft.
"""

from __future__ import annotations

import math
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from .model import Fact
from .style import Style


class DraftgenSandbox(SandboxedEnvironment):
    """The sandbox, compiling each template source once.

    docxtpl hands the whole patched XML of a part to ``from_string`` at every render;
    compiling is most of a render's cost, and the source is the same for every unit of a
    batch, so the compiled template is kept by source text.
    """

    compile_cache: Any = None  # a draftgen.compilecache.CompileCache: code kept across runs

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._compiled: dict[str, Any] = {}

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        cache = self.compile_cache
        if cache is None or raw or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)
        return cache.compile(self, source, name, filename,
                             lambda: super(DraftgenSandbox, self).compile(source, name, filename))

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = self._compiled[source] = super().from_string(source)
        return template


def make_environment(style: Style | None = None) -> DraftgenSandbox:
    """A new sandboxed environment with our filters and functions registered.

    ``{{ 7.5 }}`` and ``{{ ind.X.value }}`` print the Vietnamese way without a filter.
    """
    from .charts import chart_globals
    from .compilecache import default_cache
    from .filters import make_filters, make_globals
    from .footnotes import footnote_filters
    from .highlights import highlight_globals

    style = style or Style()
    filters = make_filters(style)
    number = filters["num"]

    def finalize(value: Any) -> Any:
        if isinstance(value, Fact):
            return number(value)
        if isinstance(value, float) and not math.isnan(value):
            return number(value)
        return value

    env = DraftgenSandbox(
        undefined=StrictUndefined,
        autoescape=True,
        finalize=finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    env.filters.update(footnote_filters())
    env.globals.update(make_globals(style))
    env.globals.update(chart_globals())  # has_chart, chart_caption; chart() per render
    env.globals.update(highlight_globals())  # highlights, highlight_groups
    env.compile_cache = default_cache()
    return env
