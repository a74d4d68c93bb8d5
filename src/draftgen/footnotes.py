"""Footnotes in templates: the ``fn()`` template function and the note filters.

A render gets one :class:`FootnoteCollector`; its :meth:`~FootnoteCollector.fn` is put in the
context as ``fn``. Each call keeps the note's text and returns a short *marker* (private-use
characters) that the template places where the reference mark belongs. After the render,
:func:`draftgen.oxml.footnotes.apply_footnotes` replaces the markers by Word footnotes or by
numbers of an annex, in document order.

The key inside a marker carries a secret drawn for each collector, so that a value
from data holding private-use characters cannot pass for a marker: the environment's
``finalize`` refuses any private-use character in a value that is not one of the markers
of the render's collector (:meth:`FootnoteCollector.forged`).

>>> collector = FootnoteCollector(secret="")
>>> marker = collector.fn("Năm 2020 đạt", "1,3%.")
>>> marker == "\\ue0001\\ue001"
True
>>> collector["1"]
'Năm 2020 đạt 1,3%.'
>>> collector.fn("  "), len(collector)
('', 1)

A collector of a render has a secret: the same characters typed into data are not its
marker.

>>> render = FootnoteCollector()
>>> render.forged("đạt" + render.fn("Ước đạt.")), render.forged("tỉnh \\ue0001\\ue001")
(None, 'U+E000')
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jinja2
from markupsafe import Markup

from draftgen.errors import TemplateError
from draftgen.model import Fact
from draftgen.oxml.footnotes import MARK_END, MARK_START

__all__ = ["FootnoteCollector", "Marker", "footnote_filters", "MARK_START", "MARK_END"]

# Characters XML 1.0 cannot hold; a note's text comes from data and may carry them.
# A regular expression: ``str.translate`` with a table walks every character in Python
# objects, slow on Vietnamese text; the expression is C and finds nothing in most notes.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")


class Marker(str):
    """A marker as :meth:`FootnoteCollector.fn` returns it.

    Only ``fn`` makes one, so the environment's ``finalize`` prints it without searching
    it for forged markers; any string made from it (``"…" ~ fn(…)``) is a plain ``str``
    again and is searched.
    """

    __slots__ = ()


class FootnoteCollector(Mapping[str, str]):
    """The notes of one render, by marker key, in the order ``fn()`` was called.

    Numbering is not decided here but where the markers stand in the document: a note whose
    marker is never output (kept in a ``{% set %}`` and not used) makes no footnote, and a
    marker output twice makes two footnotes with the same text.
    """

    def __init__(self, *, secret: str | None = None, limit: int | None = None) -> None:
        self._notes: dict[str, str] = {}
        self._limit = limit  # characters of all notes together
        self._size = 0
        self._secret = secrets.token_hex(6) if secret is None else secret
        self._marker = re.compile(re.escape(MARK_START) + re.escape(self._secret)
                                  + r"[0-9]+" + re.escape(MARK_END))

    def fn(self, *parts: Any, sep: str = " ") -> str:
        """Keep a note and return its marker; ``""`` (no note) when the text is empty.

        The parts are joined by `sep`, leaving out empty ones, so a note can be built from
        pieces, some of them optional: ``fn("Trong đó:", a, b)``.

        >>> c = FootnoteCollector(secret="")
        >>> c.fn("Cao hơn", None, "", "bình quân 5,2%") == MARK_START + "1" + MARK_END
        True
        >>> c["1"]
        'Cao hơn bình quân 5,2%'
        >>> c.fn(Markup("A &amp; B")) and c["2"]
        'A & B'
        """
        # Plain strings (the usual parts) holding no character to clean or refuse are
        # joined as they are: one search over the note instead of one per part and one more.
        text = private = None
        for part in parts:
            if type(part) is not str:
                break
        else:
            joined = sep.join([part for part in parts if part]).strip()
            # A printable text holds no control, private-use or non-character: nothing to
            # clean or refuse (``isprintable`` is C and quicker than the expression).
            if joined.isprintable() or not _CLEAN_OR_REFUSE.search(joined):
                text = joined
        if text is None:
            text = sep.join(p for p in (_as_text(part) for part in parts) if p).strip()
            private = PRIVATE_USE.search(text)
        if not text:
            return ""
        if private:
            if self._marker.search(text):
                raise TemplateError(
                    "Không thể đặt chú thích bên trong nội dung của một chú thích khác",
                    hint="Bỏ fn() hoặc |note lồng bên trong fn(...)",
                )
            raise forged_error(text)
        self._size += len(text)
        if self._limit is not None and self._size > self._limit:
            from draftgen.sandbox import SandboxError

            raise SandboxError("các chú thích quá dài, vượt giới hạn an toàn của mẫu",
                               hint="kiểm tra fn() hay |note trong vòng lặp")
        key = f"{self._secret}{len(self._notes) + 1}"
        self._notes[key] = text
        return Marker(f"{MARK_START}{key}{MARK_END}")

    def function(self) -> Callable[..., str]:
        """:meth:`fn` as a template calls it: a ``functools.partial`` rather than a bound
        method, whose attributes the sandbox and Jinja look up several times a call (a
        report calls ``fn`` a hundred times and more)."""
        return functools.partial(type(self).fn, self)

    @staticmethod
    def of(fn: Any) -> FootnoteCollector | None:
        """The collector of a template's ``fn`` (:meth:`fn` or :meth:`function`), if any."""
        owner = getattr(fn, "__self__", None)
        if owner is None and isinstance(fn, functools.partial) and fn.args:
            owner = fn.args[0]
        return owner if isinstance(owner, FootnoteCollector) else None

    def forged(self, text: str) -> str | None:
        """The first private-use character of ``text`` that is not part of a marker of
        this collector (``"U+E000"``), or None when there is none."""
        if not PRIVATE_USE.search(text):
            return None
        m = PRIVATE_USE.search(self._marker.sub("", text))
        return None if m is None else f"U+{ord(m.group()):04X}"

    def __getitem__(self, key: str) -> str:
        return self._notes[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._notes)

    def __len__(self) -> int:
        return len(self._notes)


# Private-use characters: the markers are two of them; data may hold none.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# What ``_CONTROL`` removes from a part or ``PRIVATE_USE`` refuses in a note.
_CLEAN_OR_REFUSE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ue000-\uf8ff"
                              "\U000f0000-\U0010ffff]")


def forged_error(text: str, code: str | None = None) -> TemplateError:
    """The refusal of a value holding a private-use character that is not a marker."""
    from draftgen.sandbox import SandboxError

    if code is None:
        m = PRIVATE_USE.search(text)
        code = f"U+{ord(m.group()):04X}" if m else "?"
    shown = PRIVATE_USE.sub("", text).strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    return SandboxError(
        f"giá trị «{shown}» có ký tự dùng riêng {code} (dành cho dấu chú thích), "
        "không được in vào văn bản",
        hint="xóa ký tự đó khỏi số liệu hoặc tệp nội dung (thường do sao chép từ phông chữ "
             "ký hiệu); chú thích chỉ đặt bằng fn() hoặc |note")


def _as_text(part: Any) -> str:
    if part is None:
        return ""
    if isinstance(part, Fact):
        raise TemplateError(
            f"fn() cần văn bản, không nhận chỉ tiêu {part.indicator.code!r}",
            hint="Dùng {{ x|note }} để lấy ghi chú của chỉ tiêu, hoặc định dạng số trước: "
            "fn('…', x|pct)",
        )
    if isinstance(part, Markup):
        text = part.unescape()
    else:
        text = str(part)
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _collector_fn(context: jinja2.runtime.Context) -> Callable[..., str]:
    fn = context.get("fn")
    if not callable(fn):
        raise TemplateError(
            "Mẫu dùng bộ lọc chú thích nhưng ngữ cảnh không có hàm fn()",
            hint="Đặt context['fn'] = FootnoteCollector().fn trước khi kết xuất",
        )
    return fn


@jinja2.pass_context
def note(context: jinja2.runtime.Context, value: Any, *more: Any) -> str:
    """``{{ x|note }}``: a footnote from the note of fact `x`; ``""`` if it has none.

    A plain string is taken as the note itself (``{{ row.ghi_chu|note }}``); extra arguments
    are appended to the note (``{{ x|note("Nguồn: Cục Thống kê.") }}``).
    """
    text = value if isinstance(value, str) or value is None else getattr(value, "note", "")
    if not text:  # a fact without a note gets no footnote, whatever is appended
        return ""
    return _collector_fn(context)(text, *more)


@jinja2.pass_context
def footnote(context: jinja2.runtime.Context, text: Any, *more: Any) -> str:
    """``{{ "Số liệu ước đạt."|footnote }}``: the same as ``fn("Số liệu ước đạt.")``."""
    return _collector_fn(context)(text, *more)


def footnote_filters() -> dict[str, Callable[..., str]]:
    """Filters to register once in an environment: ``note`` and ``footnote``."""
    return {"note": note, "footnote": footnote}
