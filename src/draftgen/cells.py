"""Checks shared by the config and the data readers: text that must not reach a document.

A document's text comes from data cells and config strings. Two kinds of characters are
refused there, never dropped silently:

- private-use characters (U+E000–U+F8FF, planes 15 and 16): the renderer marks footnotes
  with them, so a cell holding one could forge a footnote;
- control characters (form feed, bell, …): Word reads some of them as a page or paragraph
  break; only tab and newline are allowed, and only where the text may span lines.

>>> text_problem("Tỷ lệ hộ nghèo") is None
True
>>> text_problem("A\\ue000B")
'có ký tự dùng riêng U+E000 (ở vị trí 2)'
>>> text_problem("dòng 1\\x0cdòng 2")
'có ký tự điều khiển U+000C (ở vị trí 7)'
>>> text_problem("dòng 1\\ndòng 2", multiline=True) is None
True
>>> text_problem("dòng 1\\ndòng 2")
'có ký tự xuống dòng (ở vị trí 7)'
"""

from __future__ import annotations

import unicodedata

TEXT_HINT = "xóa ký tự này (thường lẫn vào khi dán từ phần mềm khác) rồi gõ lại chữ"


def _private(ch: str) -> bool:
    cp = ord(ch)
    return 0xE000 <= cp <= 0xF8FF or cp >= 0xF0000


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with ``text`` as document text, or None.

    With ``multiline``, newlines and tabs are allowed; otherwise a newline is refused too.
    """
    for pos, ch in enumerate(text, start=1):
        if ch in "\n\r":
            if multiline:
                continue
            return f"có ký tự xuống dòng (ở vị trí {pos})"
        if ch == "\t" and multiline:
            continue
        if _private(ch):
            return f"có ký tự dùng riêng U+{ord(ch):04X} (ở vị trí {pos})"
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or ch in "\u2028\u2029\ufffe\uffff":
            return f"có ký tự điều khiển U+{ord(ch):04X} (ở vị trí {pos})"
    return None


def _bad(ch: str, multiline: bool) -> bool:
    return text_problem(ch, multiline=multiline) is not None


def visible(text: str, *, multiline: bool = False, limit: int = 60) -> str:
    """``text`` for a message: refused characters shown by their code, cut at ``limit``.

    >>> visible("Tỷ lệ\ue000 1\ue001")
    'Tỷ lệ⟨U+E000⟩ 1⟨U+E001⟩'
    """
    text = text.strip()
    if len(text) > limit:
        text = text[:limit] + "…"
    return "".join(f"⟨U+{ord(ch):04X}⟩" if _bad(ch, multiline) else ch for ch in text)


def clean_text(text: str) -> str:
    """NFC, surrounding blanks trimmed, Windows line ends made plain.

    >>> clean_text(" Lu\\u031bu VT.\\r\\n")
    'Lưu VT.'
    """
    if "\r" not in text and unicodedata.is_normalized("NFC", text):
        return text.strip()  # the usual text: no copy made to normalise it
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
