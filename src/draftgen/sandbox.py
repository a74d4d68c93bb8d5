"""The sandbox templates and content files render in: data only, bounded work.

Templates and content files are written by other people, so what they may do is an
allowlist, not a list of known tricks:

- attributes: only public names, and only on plain values (strings, numbers, dates,
  tuples, read-only mappings), on our read-only views and on the few Jinja objects a
  template needs (``loop``, macros, ``namespace()``, ``cycler()``, ``joiner()``); never on
  a path, a file, a module, a class or a function. Builtin containers cannot be changed
  (``ImmutableSandboxedEnvironment``);
- work: ``*``, ``**``, ``+``, ``~``, ``%``, ``range``, padding widths, every call and every
  value output are checked against :class:`Limits` before they run, so a template cannot
  build a value too large to hold; the whole render is bounded in output size and in wall
  time (:func:`time_limit`); recursion too deep is an error.

Every refusal is a :class:`SandboxError` (a ``TemplateError``) in Vietnamese; the render
adds the template paragraph or the content file and line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import re
import signal
import string
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from markupsafe import Markup

from .errors import TemplateError


@dataclass(frozen=True)
class Limits:
    """How far one render may go. ``time``: seconds of wall time; ``output``: characters
    of output of one template part or content file; ``value``: size of one computed value
    (characters of a string, items of a list, counted through nested lists); ``width``:
    a padding or format width; ``int_bits``: bits of an integer result; ``range``: items
    of ``range()``."""

    time: float = 60.0
    output: int = 50_000_000
    value: int = 1_000_000
    width: int = 10_000
    int_bits: int = 4096
    range: int = 100_000


#: The limits of environments made without explicit ones (tests lower them).
DEFAULT_LIMITS = Limits()


class SandboxError(TemplateError):
    """A template or content file asked for something the sandbox does not allow."""


class RenderTimeout(SandboxError):
    """A render ran longer than its time limit."""


_HINT_SIZE = "mẫu chỉ được tính các giá trị cỡ một văn bản; kiểm tra phép nhân, vòng lặp"
_HINT_ACCESS = ("mẫu chỉ dùng được số liệu và các tên trong docs/huong-dan-mau.md "
                "(mục «Giới hạn an toàn của mẫu»)")


def _too_big(what: str) -> SandboxError:
    return SandboxError(f"biểu thức tạo ra {what} quá lớn, vượt giới hạn an toàn của mẫu",
                        hint=_HINT_SIZE)


def refused(what: str) -> SandboxError:
    return SandboxError(f"thao tác không được phép trong mẫu: {what}", hint=_HINT_ACCESS)


# -- sizes -----------------------------------------------------------------------------------

def size_of(value: Any, budget: int) -> int:
    """Characters or items ``value`` holds, counted through nested containers; stops
    counting past ``budget`` (a shared structure is counted each time it appears, as
    printing it would)."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item) + 1
            if total <= budget:
                stack.extend(item)
        elif isinstance(item, dict):
            total += len(item) + 1
            if total <= budget:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 1
        if total > budget:
            return total
    return total


# -- the time limit --------------------------------------------------------------------------

_deadline = threading.local()


def _timeout() -> RenderTimeout:
    seconds = getattr(_deadline, "seconds", DEFAULT_LIMITS.time)
    return RenderTimeout(
        f"mẫu chạy quá {seconds:g} giây (vòng lặp quá dài hoặc không dừng), đã dừng lại",
        hint="kiểm tra các vòng {% for %} lồng nhau, range() và macro gọi lại chính nó")


def check_deadline() -> None:
    """Raise :class:`RenderTimeout` when the current render is past its time limit (the
    check for threads where no timer signal can be used)."""
    end = getattr(_deadline, "end", None)
    if end is not None and time.monotonic() > end:
        raise _timeout()


def _on_alarm(signum: int, frame: Any) -> None:
    raise _timeout()


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Bound the wall time of the block: a timer signal raises :class:`RenderTimeout` in
    the running code (main thread of a process, such as a forked batch worker); in other
    threads the sandbox's hooks check the deadline. Nested limits keep the outer one."""
    if getattr(_deadline, "end", None) is not None or seconds <= 0:
        yield
        return
    _deadline.end = time.monotonic() + seconds
    _deadline.seconds = seconds
    use_signal = (threading.current_thread() is threading.main_thread()
                  and hasattr(signal, "setitimer"))
    previous = None
    if use_signal:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_signal:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.end = None


# -- what templates may reach ----------------------------------------------------------------

_PLAIN = (str, int, float, bool, type(None), tuple, list, dict, set, frozenset, Decimal,
          dt.date, dt.time, dt.timedelta, range, Markup)
_JINJA = (LoopContext, Macro, Namespace, Cycler, Joiner, Undefined)
_NEVER = (types.ModuleType, type, PurePath, io.IOBase, types.CodeType, types.FrameType,
          types.TracebackType, types.GeneratorType, types.CoroutineType,
          types.AsyncGeneratorType, jinja2.Environment, jinja2.Template,
          jinja2.runtime.Context)
_views: tuple[type, ...] | None = None


def view_types() -> tuple[type, ...]:
    """Our classes whose public attributes templates may read."""
    global _views
    if _views is None:
        from . import content, context, highlights, model

        _views = (
            context.TermView, context.UnitView, context.TargetView, context.TargetItem,
            context.TargetsView,
            context.IndicatorView, context.IndicatorsView, context.DocView,
            context.ProjectView, content.ContentView, content.Block,
            highlights.Highlight, highlights.HighlightGroup,
            model.Fact, model.Indicator, model.Target, model.Kind, model.Status,
            model.TargetKind, model.Rollup,
        )
    return _views


# Whether the instances of a class are dangerous, by class: ``isinstance`` against the
# tuple and the ``os.PathLike`` ABC is a few microseconds, paid by every attribute, item and
# call of a template.
_DANGEROUS_BY_CLASS: dict[type, bool] = {}


@functools.cache
def _readable_types() -> tuple[type, ...]:
    """The classes whose public attributes templates may read."""
    return _PLAIN + _JINJA + view_types()


# Whether a template may read an attribute, by (environment class, object class, name).
_SAFE_ATTRIBUTES: dict[tuple[type, type, str], bool] = {}
_SAFE_ATTRIBUTES_LIMIT = 8192  # past it, asked each time (names computed in a loop)


def _dangerous(value: Any) -> bool:
    kind = type(value)
    known = _DANGEROUS_BY_CLASS.get(kind)
    if known is None or value.__class__ is not kind:  # a __class__ other than its type:
        known = isinstance(value, _NEVER) or isinstance(value, os.PathLike)  # asked each time
        if value.__class__ is kind:
            _DANGEROUS_BY_CLASS[kind] = known
    return known


class _BoundedNamespace(Namespace):
    """``namespace()`` whose attributes hold values of bounded size."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_value(value)
        super().__setitem__(name, value)


def _check_value(value: Any, limits: Limits | None = None) -> Any:
    limits = limits or DEFAULT_LIMITS
    if type(value) is str:  # the usual argument, counted at once
        if len(value) > limits.value:
            raise _too_big("một giá trị")
        return value
    if isinstance(value, (str, list, tuple, dict, set, frozenset)) \
            and size_of(value, limits.value) > limits.value:
        raise _too_big("một giá trị")
    return value


_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_FIELD_WIDTH = re.compile(r"\d+")


def check_percent_format(fmt: str, limits: Limits) -> None:
    """Refuse ``%``-format widths and precisions beyond ``limits.width`` (``'%9999999s'``)."""
    for m in _FORMAT_SPEC.finditer(fmt):
        for number in m.groups():
            if number == "*":
                raise refused("dùng độ rộng «*» trong chuỗi định dạng")
            if number is not None and int(number) > limits.width:
                raise _too_big(f"độ rộng định dạng {number}")


def check_brace_format(fmt: str, limits: Limits) -> None:
    """Refuse ``{:9999999}`` widths and nested fields in ``str.format`` strings."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError as exc:
        raise SandboxError(f"chuỗi định dạng sai: {exc}") from None
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise refused("lồng trường trong chuỗi định dạng")
        for number in _FIELD_WIDTH.findall(spec):
            if int(number) > limits.width:
                raise _too_big(f"độ rộng định dạng {number}")


# -- bounded builtins and filters ------------------------------------------------------------

def make_range(limits: Limits) -> Callable[..., range]:
    def safe_range(*args: int) -> range:
        """Jinja's ``range()``, with a Vietnamese refusal above the limit."""
        rng = range(*args)
        if len(rng) > limits.range:
            count, limit = (f"{n:,}".replace(",", ".") for n in (len(rng), limits.range))
            raise SandboxError(
                f"range() có {count} phần tử, vượt giới hạn {limit} của mẫu",
                hint="thu hẹp khoảng của range()")
        return rng

    return safe_range


def _width(value: Any, limits: Limits, what: str = "độ rộng") -> None:
    if isinstance(value, int) and abs(value) > limits.width:
        raise _too_big(f"{what} {value}")
    if isinstance(value, str) and len(value) > limits.width:
        raise _too_big(what)


def bounded_filters(filters: dict[str, Callable[..., Any]], limits: Limits
                    ) -> dict[str, Callable[..., Any]]:
    """Jinja's builtin filters whose arguments can make a value grow, with the growth
    checked before the work is done."""
    out: dict[str, Callable[..., Any]] = {}
    center, indent, fmt = filters["center"], filters["indent"], filters["format"]
    join, replace = filters["join"], filters["replace"]
    batch, slice_, sum_ = filters["batch"], filters["slice"], filters["sum"]
    wordwrap = filters["wordwrap"]

    def do_center(value: Any, width: int = 80) -> str:
        _width(width, limits)
        return center(value, width)

    def do_indent(s: str, width: int | str = 4, first: bool = False, blank: bool = False
                  ) -> str:
        _width(width, limits)
        if isinstance(width, int) and size_of(str(s), limits.value) * (1 + width // 40) \
                > limits.value:
            raise _too_big("chuỗi thụt lề")
        return indent(s, width, first, blank)

    def do_format(value: str, *args: Any, **kwargs: Any) -> str:
        check_percent_format(str(value), limits)
        return fmt(value, *args, **kwargs)

    def do_replace(eval_ctx: Any, s: str, old: str, new: str, count: int | None = None
                   ) -> str:
        s_, old_, new_ = str(s), str(old), str(new)
        hits = len(s_) + 1 if not old_ else s_.count(old_)
        if count is not None and count >= 0:
            hits = min(hits, count)
        if len(s_) + hits * len(new_) > limits.value:
            raise _too_big("chuỗi thay thế")
        return replace(eval_ctx, s, old, new, count)

    def do_join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None
                ) -> str:
        items = list(value)
        total = len(str(d)) * len(items) + size_of(items, limits.value)
        if total > limits.value:
            raise _too_big("chuỗi nối")
        return join(eval_ctx, items, d, attribute)

    def do_batch(value: Iterable[Any], linecount: int, fill_with: Any = None):
        _width(linecount, limits, "số phần tử mỗi nhóm")
        return batch(value, linecount, fill_with)

    def do_slice(value: Any, slices: int, fill_with: Any = None):
        _width(slices, limits, "số nhóm")
        return slice_(value, slices, fill_with)

    def do_wordwrap(environment: Any, s: str, width: int = 79, break_long_words: bool = True,
                    wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
        grow = len(str(s)) * (1 + len(wrapstring or "\n"))
        if grow > limits.value and wrapstring is not None:
            raise _too_big("chuỗi ngắt dòng")
        return wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def do_sum(environment: Any, iterable: Iterable[Any], attribute: Any = None,
               start: Any = 0):
        if not isinstance(start, (int, float, Decimal)):
            raise refused("cộng dồn chuỗi hay danh sách bằng |sum")
        return sum_(environment, iterable, attribute, start)

    for name, func, pass_arg in [
        ("center", do_center, None), ("indent", do_indent, None),
        ("format", do_format, None), ("replace", do_replace, jinja2.pass_eval_context),
        ("join", do_join, jinja2.pass_eval_context), ("batch", do_batch, None),
        ("slice", do_slice, None), ("sum", do_sum, jinja2.pass_environment),
        ("wordwrap", do_wordwrap, jinja2.pass_environment),
    ]:
        func.__name__ = f"do_{name}"
        out[name] = pass_arg(func) if pass_arg else func
    return out


def sized(func: Callable[..., Any], limits: Limits) -> Callable[..., Any]:
    """``func`` refusing arguments too large to work on (a filter printing a list that
    holds itself many times over)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, (str, list, tuple, dict, set, frozenset)):
                _check_value(arg, limits)
        return func(*args, **kwargs)

    return wrapper


def bounded_chart(func: Callable[..., Any]) -> Callable[..., Any]:
    """The ``chart()`` template function with its size in millimetres bounded (a figure
    kilometres wide would be drawn in memory before anything could stop it)."""
    import functools

    @functools.wraps(func)
    def chart(*args: Any, **options: Any) -> Any:
        for key in ("width", "height"):
            value = options.get(key)
            if value is not None and not (isinstance(value, (int, float))
                                          and 10 <= value <= CHART_MM):
                raise SandboxError(
                    f"kích thước biểu đồ {key}={value!r} không hợp lệ",
                    hint=f"ghi {key} bằng milimét, từ 10 đến {CHART_MM}")
        return func(*args, **options)

    return chart


CHART_MM = 1000


# -- the environment -------------------------------------------------------------------------

class _OutputBuffer(list):
    """The buffer of a ``{% set %}`` block, a macro or a ``{% filter %}`` block, refusing
    to hold more than the output limit."""

    __slots__ = ("_left", "_limit")

    def __init__(self, limit: int):
        super().__init__()
        self._left = self._limit = limit

    def _take(self, size: int) -> None:
        self._left -= size
        if self._left < 0:
            raise _output_error(self._limit)

    def append(self, item: Any) -> None:
        self._take(len(item) if isinstance(item, str) else 1)
        super().append(item)

    def extend(self, items: Iterable[Any]) -> None:
        items = tuple(items)
        self._take(sum(len(i) if isinstance(i, str) else 1 for i in items))
        super().extend(items)


def _output_error(limit: int) -> SandboxError:
    shown = f"{limit:,}".replace(",", ".")
    return SandboxError(f"mẫu tạo ra quá {shown} ký tự, vượt giới hạn an toàn",
                        hint="kiểm tra các vòng {% for %} lồng nhau và phép nhân chuỗi")


class _SandboxCodeGenerator(CodeGenerator):
    """Jinja's code generator, sending ``a ~ b`` through the sandbox's size check and
    keeping block output in bounded buffers."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


_TOO_DEEP = "biểu thức lồng nhau quá sâu"


def _parser_line(tb: types.TracebackType | None) -> int | None:
    """The template line the parser stood at when it gave up (too deep a nesting)."""
    from jinja2.parser import Parser

    line = None
    while tb is not None:
        parser = tb.tb_frame.f_locals.get("self")
        if isinstance(parser, Parser):
            line = parser.stream.current.lineno
            break
        tb = tb.tb_next
    return line


class DraftgenSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with our allowlist and bounds; compiles each template
    source once.

    docxtpl hands the whole patched XML of a part to ``from_string`` at every render;
    compiling is most of a render's cost, and the source is the same for every unit of a
    batch, so the compiled template is kept by source text.
    """

    code_generator_class = _SandboxCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    compile_cache: Any = None  # a draftgen.compilecache.CompileCache: code kept across runs
    compile_key: str | None = None  # draftgen.compilecache.environment_key(self), computed once
    content_overlay: DraftgenSandbox | None = None  # draftgen.content.content_env(self), once

    def __init__(self, *, limits: Limits | None = None, **options: Any):
        super().__init__(**options)
        self.limits = limits or DEFAULT_LIMITS
        self._compiled: dict[str, Any] = {}
        self.compiled_files: dict[tuple[str, str], Any] = {}  # (path, source) -> Template
        self.globals["range"] = make_range(self.limits)
        self.globals["namespace"] = _BoundedNamespace
        self.globals.pop("lipsum", None)
        self.filters.pop("random", None)  # the same inputs give the same document
        self.filters.update(bounded_filters(self.filters, self.limits))
        self.concat = self._bounded_concat  # type: ignore[method-assign]

    def overlay(self, **options: Any) -> DraftgenSandbox:
        """Jinja's overlay, with caches of its own: an overlay starts as a copy of this
        environment's attributes, and what was compiled here (with other settings) must
        not be taken for what it compiles."""
        rv = super().overlay(**options)
        rv._compiled = {}
        rv.compiled_files = {}
        rv.compile_key = None
        rv.content_overlay = None
        return rv  # type: ignore[return-value]

    # -- compiling --------------------------------------------------------------------------
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

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            return super()._parse(source, name, filename)
        except (RecursionError, MemoryError) as exc:
            line = _parser_line(exc.__traceback__)
        raise jinja2.TemplateSyntaxError(_TOO_DEEP, line or 1, name, filename)

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        try:
            return super()._generate(source, name, filename, defer_init)
        except (RecursionError, MemoryError):
            pass
        raise jinja2.TemplateSyntaxError(_TOO_DEEP, 1, name, filename)

    def _compile(self, source: str, filename: str) -> types.CodeType:
        try:
            return super()._compile(source, filename)
        except (RecursionError, MemoryError, SyntaxError):
            pass
        raise jinja2.TemplateSyntaxError(_TOO_DEEP, 1, None, filename)

    def _load_template(self, name: Any, globals: Any) -> Any:  # noqa: A002
        raise refused(f"nạp mẫu khác ({name!r}) bằng {{% include %}}, {{% import %}} "
                      "hay {% extends %}")

    # -- attributes and calls -----------------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if _dangerous(value):
            return False
        # Whether an attribute may be read depends on the object's class and the name
        # only (Jinja's checks too): remembered, as a template reads thousands.
        kind = type(obj)
        key = (type(self), kind, attr)
        known = _SAFE_ATTRIBUTES.get(key)
        if known is None or obj.__class__ is not kind:
            known = self._readable(obj, attr)
            if obj.__class__ is kind and len(_SAFE_ATTRIBUTES) < _SAFE_ATTRIBUTES_LIMIT:
                _SAFE_ATTRIBUTES[key] = known
        return known

    def _readable(self, obj: Any, attr: str) -> bool:
        if attr.startswith("_") or _dangerous(obj):
            return False
        if not isinstance(obj, _readable_types()):
            return False
        if isinstance(obj, Macro) and attr not in ("name", "arguments"):
            return False
        return super().is_safe_attribute(obj, attr, None)  # Jinja's: by class and name

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, type) and obj in _CALLABLE_CLASSES:  # namespace(), cycler() …
            return True
        return not _dangerous(obj) and super().is_safe_callable(obj)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise refused(f"dùng thuộc tính «{attribute}» của {_kind(obj)}")

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument.startswith("_"):
            raise refused(f"dùng thuộc tính «{argument}» của {_kind(obj)}")
        value = super().getitem(obj, argument)
        if _dangerous(value):
            raise refused(f"dùng «{argument}» của {_kind(obj)}")
        return value

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if _dangerous(value):
            raise refused(f"dùng thuộc tính «{attribute}» của {_kind(obj)}")
        return value

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        check_deadline()
        if not __self.is_safe_callable(__obj):
            raise refused(f"gọi {_kind(__obj)}")
        for arg in (*args, *kwargs.values()):
            _check_value(arg, __self.limits)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and isinstance(__obj, types.BuiltinMethodType):
            _check_str_method(owner, __obj.__name__, args, kwargs, __self.limits)
        elif isinstance(owner, (dt.date, dt.time)) and getattr(__obj, "__name__", "") \
                == "strftime" and args:
            for number in _FIELD_WIDTH.findall(str(args[0])):
                if int(number) > __self.limits.width:
                    raise _too_big(f"độ rộng định dạng {number}")
        result = __context.call(__obj, *args, **kwargs)
        if _dangerous(result):
            raise refused(f"dùng kết quả là {_kind(result)}")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt, limits = value.__self__, self.limits

        def checked(*args: Any, **kwargs: Any) -> str:
            check_brace_format(fmt, limits)  # widths: '{:99999999}'.format(1)
            return wrapped(*args, **kwargs)

        return checked

    # -- operators --------------------------------------------------------------------------
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_deadline()
        lim = self.limits
        if operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 \
                    and abs(left) > 1 and left.bit_length() * right > lim.int_bits:
                raise _too_big("số")
        elif operator == "*":
            if isinstance(left, int) and isinstance(right, int):
                if left.bit_length() + right.bit_length() > lim.int_bits:
                    raise _too_big("số")
            else:
                seq, times = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(times, int) and isinstance(seq, (str, list, tuple)) \
                        and times > 0 and size_of(seq, lim.value) * times > lim.value:
                    raise _too_big("chuỗi hoặc danh sách")
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                    and size_of(left, lim.value) + size_of(right, lim.value) > lim.value:
                raise _too_big("chuỗi hoặc danh sách")
        elif operator == "%" and isinstance(left, str):
            check_percent_format(left, lim)
            _check_value(right, lim)
        return super().call_binop(context, operator, left, right)

    def output_buffer(self) -> list[str]:
        return _OutputBuffer(self.limits.output)

    def checked_concat(self, value: str) -> str:
        """The result of ``a ~ b``, refused past the size limit (the parts are already
        joined: each is bounded, so the join is at most a few times the limit)."""
        if len(value) > self.limits.value:
            raise _too_big("chuỗi nối")
        return value

    def _bounded_concat(self, chunks: Iterable[str]) -> str:
        out: list[str] = []
        total = 0
        limit = self.limits.output
        for chunk in chunks:
            total += len(chunk)
            if total > limit:
                error = _output_error(limit)
                throw = getattr(chunks, "throw", None)
                if throw is None:
                    raise error
                throw(error)  # raised where the template stands: the error names its line
            out.append(chunk)
        return "".join(out)


_CALLABLE_CLASSES = (dict, _BoundedNamespace, Cycler, Joiner)


def _check_str_method(s: str, name: str, args: tuple, kwargs: dict, limits: Limits) -> None:
    if name in ("center", "ljust", "rjust", "zfill"):
        for arg in (*args, *kwargs.values()):
            _width(arg, limits)
    elif name == "expandtabs":
        tab = args[0] if args else kwargs.get("tabsize", 8)
        _width(tab, limits)
        if isinstance(tab, int) and s.count("\t") * tab + len(s) > limits.value:
            raise _too_big("chuỗi")
    elif name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        hits = len(s) + 1 if not old else s.count(old)
        if len(s) + hits * len(new) > limits.value:
            raise _too_big("chuỗi thay thế")
    elif name == "join" and args:
        items = args[0]
        if isinstance(items, (list, tuple, range, str)) \
                and size_of(list(items), limits.value) + len(s) * len(items) > limits.value:
            raise _too_big("chuỗi nối")


def _kind(obj: Any) -> str:
    """How a refusal names an object, without showing its value."""
    if isinstance(obj, PurePath) or isinstance(obj, os.PathLike):
        return "một đường dẫn tệp"
    if isinstance(obj, types.ModuleType):
        return "một mô-đun"
    if isinstance(obj, type):
        return "một lớp"
    if isinstance(obj, (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                        Macro)):
        return "một hàm"
    name = type(obj).__name__
    return f"giá trị kiểu {name}"


_UNDEFINED = re.compile(r"^'(?P<name>[^']*)' is undefined$")
_NO_ATTRIBUTE = re.compile(r"^'(?P<obj>[^']*?)(?: object)?' has no (?:attribute|element) "
                           r"(?P<attr>.*)$")


def undefined_message(message: str | None) -> str:
    """Jinja's message of an undefined name or attribute, in Vietnamese.

    >>> undefined_message("'ten_la' is undefined")
    '«ten_la»'
    >>> undefined_message("'draftgen.content.ContentView object' has no attribute 'root'")
    '«ContentView» không có thuộc tính «root»'
    """
    text = message or ""
    m = _UNDEFINED.match(text)
    if m:
        return f"«{m['name']}»"
    m = _NO_ATTRIBUTE.match(text)
    if m:
        obj = m["obj"].rsplit(".", 1)[-1]
        return f"«{obj}» không có thuộc tính «{m['attr'].strip(chr(39))}»"
    return text


def explain(exc: BaseException) -> tuple[str, str | None] | None:
    """(message, hint) in Vietnamese for an exception a template can cause that is not
    ours (too deep a recursion, memory, arithmetic); None for the others."""
    if isinstance(exc, RecursionError):
        return ("mẫu gọi lồng nhau quá sâu (macro hay vòng lặp đệ quy không dừng)",
                "kiểm tra macro gọi lại chính nó và vòng {% for … recursive %}")
    if isinstance(exc, MemoryError):
        return ("mẫu cần quá nhiều bộ nhớ", _HINT_SIZE)
    if isinstance(exc, ZeroDivisionError):
        return ("phép chia cho 0 trong mẫu", "kiểm tra số chia trước khi chia")
    if isinstance(exc, OverflowError):
        return ("kết quả phép tính quá lớn", _HINT_SIZE)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return None
    if isinstance(exc, jinja2.sandbox.SecurityError):
        return (f"thao tác không được phép trong mẫu ({exc})", _HINT_ACCESS)
    return None
