"""Text diffing for report drafts: tokens and edit operations, no OOXML.

A token is a number written the Vietnamese way ("1.683.240", "7,16%"), a word, a run of
whitespace or one other character, so that joining the tokens gives back the text and a
changed figure shows as one replacement.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|\w+|\s+|.", re.DOTALL)


def tokenize(text: str) -> list[str]:
    """Split text into diff tokens; ``"".join(tokenize(text)) == text``.

    >>> tokenize("GRDP tăng 7,16%, đạt 1.683.240 tỷ đồng.")
    ['GRDP', ' ', 'tăng', ' ', '7,16%', ',', ' ', 'đạt', ' ', '1.683.240', ' ', 'tỷ', ' ', 'đồng', '.']
    >>> tokenize("năm 2020.")
    ['năm', ' ', '2020', '.']
    >>> tokenize("")
    []
    """
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Opcode:
    """One edit step: ``old[i1:i2]`` becomes ``new[j1:j2]``.

    ``tag`` is ``"equal"``, ``"replace"``, ``"delete"`` or ``"insert"``, as in difflib.
    """

    tag: str
    i1: int
    i2: int
    j1: int
    j2: int


def _is_filler(tokens: Sequence[Hashable]) -> bool:
    """Whitespace or lone punctuation: too weak to split a change in two."""
    return all(isinstance(t, str) and (t.isspace() or (len(t) == 1 and not t.isalnum()))
               for t in tokens)


def _tag(i1: int, i2: int, j1: int, j2: int) -> str:
    if i1 == i2:
        return "insert"
    if j1 == j2:
        return "delete"
    return "replace"


def _length(tokens: Sequence[Hashable]) -> int:
    """Characters in a token span; an object token counts as one."""
    return sum(len(t) if isinstance(t, str) else 1 for t in tokens)


def _absorbs(
    old: Sequence[Hashable], new: Sequence[Hashable], first: Opcode, gap: Opcode, last: Opcode
) -> bool:
    """Whether two changes around an unchanged ``gap`` read better as one change.

    True when the gap is only whitespace or punctuation, or when it is no longer than the
    change on either side of it (the rule of diff-match-patch's semantic cleanup), which
    keeps two unrelated sentences from showing as a patchwork of shared little words.
    """
    if first.tag == "equal" or gap.tag != "equal" or last.tag == "equal":
        return False
    between = old[gap.i1 : gap.i2]
    if _is_filler(between):
        return True
    before = max(_length(old[first.i1 : first.i2]), _length(new[first.j1 : first.j2]))
    after = max(_length(old[last.i1 : last.i2]), _length(new[last.j1 : last.j2]))
    return _length(between) <= min(before, after)


def diff_tokens(old: Sequence[Hashable], new: Sequence[Hashable]) -> list[Opcode]:
    """Edit steps turning ``old`` into ``new``; covers both sequences end to end.

    Changes separated only by whitespace or punctuation, or by less unchanged text than
    they change themselves, are merged into one, so a change report reads
    "tăng 7,16% → giảm 7,5%" rather than fragments.

    >>> old = tokenize("tăng 7,16% so với năm trước")
    >>> new = tokenize("tăng 7,5% so với năm trước")
    >>> [(o.tag, "".join(old[o.i1:o.i2]), "".join(new[o.j1:o.j2]))
    ...  for o in diff_tokens(old, new) if o.tag != "equal"]
    [('replace', '7,16%', '7,5%')]
    >>> old, new = tokenize("tăng 7,16%"), tokenize("giảm 7,5%")
    >>> [(o.tag, "".join(old[o.i1:o.i2]), "".join(new[o.j1:o.j2])) for o in diff_tokens(old, new)]
    [('replace', 'tăng 7,16%', 'giảm 7,5%')]
    >>> old = tokenize("Thu ngân sách đạt 12.345 tỷ đồng.")
    >>> new = tokenize("Xuất khẩu hàng hóa đạt 3,2 tỷ USD.")
    >>> [(o.tag, "".join(old[o.i1:o.i2])) for o in diff_tokens(old, new)]
    [('replace', 'Thu ngân sách đạt 12.345 tỷ đồng'), ('equal', '.')]
    >>> old, new = tokenize("tăng 7,16%, đạt 1.683.240"), tokenize("tăng 7,5%, đạt 1.690.000")
    >>> [(o.tag, "".join(old[o.i1:o.i2])) for o in diff_tokens(old, new)]
    [('equal', 'tăng '), ('replace', '7,16%'), ('equal', ', đạt '), ('replace', '1.683.240')]
    >>> diff_tokens(["a"], ["a"])
    [Opcode(tag='equal', i1=0, i2=1, j1=0, j2=1)]
    """
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.append(Opcode(tag, i1, i2, j1, j2))
        while len(merged) >= 3 and _absorbs(old, new, *merged[-3:]):
            first, _, last = merged[-3:]
            del merged[-3:]
            merged.append(
                Opcode(_tag(first.i1, last.i2, first.j1, last.j2),
                       first.i1, last.i2, first.j1, last.j2)
            )
    return merged


def replacements(old: Sequence[str], new: Sequence[str]) -> list[tuple[str, str]]:
    """The changed spans of two token lists as ``(old_text, new_text)`` pairs.

    >>> replacements(tokenize("đạt 1.683.240 người"), tokenize("đạt 1.690.000 người"))
    [('1.683.240', '1.690.000')]
    >>> replacements(tokenize("a b"), tokenize("a b c"))
    [('', ' c')]
    """
    return [
        ("".join(old[op.i1 : op.i2]), "".join(new[op.j1 : op.j2]))
        for op in diff_tokens(old, new)
        if op.tag != "equal"
    ]


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 (nothing shared) to 1 (equal), by tokens.

    >>> similarity("tăng 7,16%", "tăng 7,16%")
    1.0
    >>> round(similarity("GRDP tăng 7,16%", "GRDP tăng 7,5%"), 2)
    0.8
    >>> similarity("", "")
    1.0
    """
    a, b = tokenize(old), tokenize(new)
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
