"""Alignment of old and new content for the tracked-changes copy.

Blocks of a container (and rows of a table) that changed are paired by likeness, so that a
paragraph edited in place is diffed word by word instead of shown deleted and inserted.
Pure: the functions return index pairs and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from difflib import SequenceMatcher

from lxml import etree

from draftgen.oxml.ns import W_TBL, W_TR
from draftgen.oxml.textmodel import block_text, grid_width, paragraph_key, row_key, row_shape
from draftgen.textdiff import similarity, tokenize

__all__ = ["Score", "block_score", "pair_by_shape", "row_score"]

_PAIR_THRESHOLD = 0.4  # below this likeness two blocks are a deletion and an insertion
_MAX_PAIRING_CELLS = 2500  # larger replaced stretches are not searched for pairs

Score = Callable[[etree._Element, etree._Element], "float | None"]


def block_score(old: etree._Element, new: etree._Element) -> float | None:
    """Likeness of two blocks, None when they cannot be paired at all."""
    if old.tag != new.tag:
        return None
    if old.tag == W_TBL:
        if grid_width(old) != grid_width(new):
            return None
        return 0.5 + 0.5 * similarity(block_text(old), block_text(new))
    return similarity(paragraph_key(old), paragraph_key(new))


def row_score(old: etree._Element, new: etree._Element) -> float | None:
    """Likeness of two table rows, None when their cells do not line up."""
    if row_shape(old) != row_shape(new):
        return None
    return similarity("\n".join(row_key(old)), "\n".join(row_key(new)))


def _pair(
    olds: Sequence[etree._Element],
    news: Sequence[etree._Element],
    score: Score,
    *,
    in_order: bool,
) -> list[tuple[int, int]]:
    """Order-keeping pairs (i, j) of old and new items in a replaced stretch.

    With ``in_order``, stretches of equal length whose items can pair one to one are
    paired in order (one edited paragraph among unchanged ones, however much it changed).
    Otherwise the pairs maximise the total likeness, leaving items below the threshold
    unpaired.
    """
    n, m = len(olds), len(news)
    if in_order and n == m and all(score(o, w) is not None for o, w in zip(olds, news)):
        return [(k, k) for k in range(n)]
    if n * m > _MAX_PAIRING_CELLS:
        return []
    scores = [[score(o, w) for w in news] for o in olds]

    def usable(i: int, j: int) -> float | None:
        s = scores[i][j]
        return s if s is not None and s >= _PAIR_THRESHOLD else None

    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = usable(i, j)
            take = best[i + 1][j + 1] + s if s is not None else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], take)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < n and j < m:
        s = usable(i, j)
        if s is not None and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _shape_key(element: etree._Element) -> Hashable:
    """A block or row with its figures masked: what stays when only the data changed."""
    if element.tag == W_TBL:
        return ("tbl", grid_width(element))
    if element.tag == W_TR:
        return ("tr", row_shape(element), _masked("\n".join(row_key(element))))
    return ("p", _masked(paragraph_key(element)))


def _masked(text: str) -> str:
    """The text with every number token replaced by "#".

    >>> _masked("GRDP tăng 7,16%, đạt 1.683.240 tỷ đồng")
    'GRDP tăng #, đạt # tỷ đồng'
    """
    return "".join("#" if token[0].isdigit() else token for token in tokenize(text))


def pair_by_shape(
    olds: Sequence[etree._Element],
    news: Sequence[etree._Element],
    score: Score,
    *,
    in_order: bool,
) -> list[tuple[int, int]]:
    """Pairs for a replaced stretch: items equal but for their figures first, then by likeness.

    A new round of data changes many figures at once; aligning on the masked text first
    keeps a long stretch of such paragraphs (or rows) from being searched as one block.
    """
    matcher = SequenceMatcher(
        None, [_shape_key(o) for o in olds], [_shape_key(n) for n in news], autojunk=False
    )
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
        else:
            found = _pair(olds[i1:i2], news[j1:j2], score, in_order=in_order)
            pairs.extend((i1 + i, j1 + j) for i, j in found)
    return pairs
