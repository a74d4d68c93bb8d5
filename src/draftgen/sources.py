"""Several source documents for one figure, and which one a draft uses.

Statistics are revised from one document to the next: the 2020 value a plan written in 2020
gives as "ước đạt" is not the one the 2025 report uses as its baseline. The data may hold
one row per source document for the same unit, indicator and period (or term); the source
document of a row is its ``nguon`` before ``:`` (``BCCT-XVIII:14`` → ``BCCT-XVIII``).

Which row a draft uses ("so sánh cùng nguồn"):

1. for a figure compared with another (a baseline, the value of another year), the row from
   the document of the figure it is compared with, when there is one;
2. else the first document of the draft's ``sources`` list (``[[documents]]``) that has a row;
3. else the default row: the first one in file order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar


class _Sourced(Protocol):
    @property
    def source(self) -> str: ...


R = TypeVar("R", bound=_Sourced)


def document_of(source: str) -> str:
    """The source document of a ``nguon`` cell: the part before ``:``; empty when the cell
    is empty or free text (a document code has no space).

    >>> document_of("BCCT-XVIII:14"), document_of("KHPT-2021-2025"), document_of("")
    ('BCCT-XVIII', 'KHPT-2021-2025', '')
    >>> document_of("tổng hợp từ 6/6 đơn vị trực thuộc")
    ''
    """
    code = unicodedata.normalize("NFC", str(source or "")).split(":", 1)[0].strip()
    return "" if any(c.isspace() for c in code) else code


def preference(first: str, then: Iterable[str] = ()) -> tuple[str, ...]:
    """An ordered preference: ``first`` (the document of the compared figure, may be empty),
    then ``then`` without repeats.

    >>> preference("BCCT-XVIII", ["KHPT-2021-2025", "BCCT-XVIII"])
    ('BCCT-XVIII', 'KHPT-2021-2025')
    >>> preference("", ["KHPT-2021-2025"])
    ('KHPT-2021-2025',)
    """
    return tuple(dict.fromkeys(d for d in (first, *then) if d))


def pick(rows: Sequence[R], prefer: Sequence[str] = ()) -> R:
    """The row of the first preferred document that has one, else the first row (the
    default). ``rows`` are in file order and not empty."""
    for document in prefer:
        for row in rows:
            if document_of(row.source) == document:
                return row
    return rows[0]
