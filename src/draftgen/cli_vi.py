"""Vietnamese for the words click writes itself: help headings, its own options, and the
errors it reports for a mistyped command line; a yes/no question answered in Vietnamese.

Why gettext. click marks its texts with the standard library's ``gettext.gettext`` and
``gettext.ngettext`` and formats them when it writes them, so a catalogue for gettext
translates every one of them, the usage errors included ("No such option", "Missing
argument", "… is not a valid integer"). click's extension points (a formatter class, a
``help=`` for the help option, a ``Group`` subclass) reach only the help layout: most usage
errors arrive as a ``UsageError`` whose message is already English text, and translating
that would mean matching English sentences. The catalogue is ``locale/vi/LC_MESSAGES/
draftgen.po`` (compiled to ``draftgen.mo`` by ``tools/make_click_catalogue.py``).

One English text of click is no gettext text: a number range's description (``x>=1``,
``1<=x<=65535``), which it puts into help and into the error for a value out of range. So
:class:`VietnameseGroup` gives each command it adds range types that describe themselves in
Vietnamese («từ 1 trở lên», «từ 1 đến 65535»; :func:`describe_range`), and a path option
with no metavar one in Vietnamese; :func:`prompt` does the same for the type it asks for.

Python's gettext looks the language up in the environment (``LANGUAGE``, ``LC_ALL``, …)
and the catalogue in the current text domain, both process-wide. So the settings are
contained in time: :class:`VietnameseGroup` (the ``draftgen`` command) sets them while click
parses the command line, writes help and reports an error; while a command's own code runs
(builds, LibreOffice and pdftoppm, the web server, other libraries) the process has the
environment and text domain it had before. The prompts a command asks go through
:func:`confirm` and :func:`prompt`, which set them again for the question.
"""

from __future__ import annotations

import gettext
import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

DOMAIN = "draftgen"
LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).parent / "locale"

# The (text domain, LANGUAGE) found by each active vietnamese() scope, outermost first.
_found: list[tuple[str, str | None]] = []


def _set(domain: str, language: str | None) -> None:
    gettext.textdomain(domain)
    if language is None:
        os.environ.pop("LANGUAGE", None)
    else:
        os.environ["LANGUAGE"] = language


@contextmanager
def _settings(domain: str, language: str | None) -> Iterator[None]:
    before = (gettext.textdomain(), os.environ.get("LANGUAGE"))
    _set(domain, language)
    try:
        yield
    finally:
        _set(*before)


@contextmanager
def vietnamese() -> Iterator[None]:
    """Let click (and any gettext text of the process) speak Vietnamese for a while,
    whatever the user's ``LANG``; put the text domain and ``LANGUAGE`` back afterwards."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    _found.append((gettext.textdomain(), os.environ.get("LANGUAGE")))
    try:
        with _settings(DOMAIN, LANGUAGE):
            yield
    finally:
        _found.pop()


@contextmanager
def users_settings() -> Iterator[None]:
    """Inside :func:`vietnamese`, the text domain and environment the process had before it
    (for code that starts other programs or serves requests); elsewhere, nothing changes."""
    if not _found:
        yield
        return
    with _settings(*_found[0]):
        yield


class _CommandContext(click.Context):
    """Runs a command's own code with the user's settings (see the module docstring)."""

    def invoke(self, callback: Any, /, *args: Any, **kwargs: Any) -> Any:
        with users_settings():
            return super().invoke(callback, *args, **kwargs)


def describe_range(low: float | None, high: float | None, low_open: bool = False,
                   high_open: bool = False) -> str:
    """The values a range takes, in Vietnamese (click writes ``x>=1``, ``1<=x<=65535``).

    >>> describe_range(1, None), describe_range(None, 10), describe_range(1, 65535)
    ('từ 1 trở lên', 'từ 10 trở xuống', 'từ 1 đến 65535')
    >>> describe_range(0, None, low_open=True), describe_range(0, 1.5, True, True)
    ('lớn hơn 0', 'lớn hơn 0 và nhỏ hơn 1,5')
    """
    def shown(x: float) -> str:
        return str(x).replace(".", ",")

    if high is None:
        return f"lớn hơn {shown(low)}" if low_open else f"từ {shown(low)} trở lên"
    if low is None:
        return f"nhỏ hơn {shown(high)}" if high_open else f"từ {shown(high)} trở xuống"
    if not low_open and not high_open:
        return f"từ {shown(low)} đến {shown(high)}"
    lower = f"lớn hơn {shown(low)}" if low_open else f"từ {shown(low)} trở lên"
    upper = f"nhỏ hơn {shown(high)}" if high_open else f"không quá {shown(high)}"
    return f"{lower} và {upper}"


class _Range(click.ParamType):
    """A number in a range, said in Vietnamese: in the error for a value out of it («cần số
    từ 1 trở lên, không phải 0») and after the option's help. click's own range types word
    their range in English outside gettext, so ours are plain parameter types built on
    click's public number types."""

    number: click.ParamType

    def __init__(self, min: Any = None, max: Any = None, *, min_open: bool = False,
                 max_open: bool = False, clamp: bool = False) -> None:
        self.min, self.max = min, max
        self.min_open, self.max_open, self.clamp = min_open, max_open, clamp

    @property
    def description(self) -> str:
        return describe_range(self.min, self.max, self.min_open, self.max_open)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        number = self.number.convert(value, param, ctx)
        low = self.min is not None and (number <= self.min if self.min_open
                                        else number < self.min)
        high = self.max is not None and (number >= self.max if self.max_open
                                         else number > self.max)
        if (low or high) and self.clamp and not (self.min_open or self.max_open):
            return self.min if low else self.max
        if low or high:
            self.fail(f"cần số {self.description}, không phải {value}.", param, ctx)
        return number


class IntRange(_Range):
    """An integer in a range (``click.IntRange``), said in Vietnamese."""

    name = "integer"
    number = click.INT


class FloatRange(_Range):
    """A number in a range (``click.FloatRange``), said in Vietnamese."""

    name = "float"
    number = click.FLOAT


def vietnamese_type(kind: Any) -> Any:
    """The Vietnamese-speaking equivalent of a click parameter type (the type itself if
    it has nothing English of its own to say)."""
    for english, ours in ((click.IntRange, IntRange), (click.FloatRange, FloatRange)):
        if isinstance(kind, english):
            return ours(kind.min, kind.max, min_open=kind.min_open, max_open=kind.max_open,
                        clamp=kind.clamp)
    return kind


#: The metavar of a path option that names none (click writes «PATH»).
PATH_METAVAR = "ĐƯỜNG_DẪN"


def _vietnamese_params(cmd: click.Command) -> None:
    for param in cmd.params:
        param.type = vietnamese_type(param.type)
        if isinstance(param.type, _Range) and isinstance(param, click.Option) and \
                param.type.description not in (param.help or ""):
            param.help = f"{param.help or ''} (số {param.type.description})".strip()
        if isinstance(param, click.Option) and param.metavar is None and \
                isinstance(param.type, click.Path):
            param.metavar = PATH_METAVAR


class VietnameseGroup(click.Group):
    """A click group that speaks Vietnamese: while it parses, helps and reports errors; its
    commands' parameters describe their ranges in Vietnamese (see :func:`vietnamese_type`)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        with vietnamese():
            return super().main(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.context_class is click.Context:
            cmd.context_class = _CommandContext
        _vietnamese_params(cmd)
        super().add_command(cmd, name)


YES = frozenset({"c", "có", "co", "y", "yes"})
NO = frozenset({"k", "không", "khong", "n", "no"})


class YesNo(click.ParamType):
    """An answer to a yes/no question: c/có or k/không (y/n too), any case.

    >>> YesNo().convert(" Có ", None, None), YesNo().convert("K", None, None)
    (True, False)
    >>> YesNo().convert("y", None, None), YesNo().convert("n", None, None)
    (True, False)
    """

    name = "c/k"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> bool:
        if isinstance(value, bool):
            return value
        answer = unicodedata.normalize("NFC", str(value)).strip().lower()
        if answer in YES:
            return True
        if answer in NO:
            return False
        self.fail(f"«{value}»: trả lời c (có) hoặc k (không)", param, ctx)


def confirm(text: str, *, default: bool = False) -> bool:
    """Ask a yes/no question in Vietnamese: ``text [c/K]: `` (the capital is the answer
    Enter gives). A wrong answer gets «Lỗi: …» and the question again."""
    suffix = " [C/k]: " if default else " [c/K]: "
    with vietnamese():
        return click.prompt(text, default="c" if default else "k", type=YesNo(),
                            show_default=False, prompt_suffix=suffix)


def prompt(text: str, **kwargs: Any) -> Any:
    """``click.prompt`` with click's own texts (a value that does not convert) in
    Vietnamese."""
    if "type" in kwargs:
        kwargs["type"] = vietnamese_type(kwargs["type"])
    with vietnamese():
        return click.prompt(text, **kwargs)
