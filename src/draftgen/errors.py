"""Exception hierarchy. Every error the user can see derives from DraftgenError.

Messages are Vietnamese; each error carries where it happened (a file, sheet, cell,
template paragraph or expression) and, where useful, what to do about it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem stands: a data file cell, a config key or a template place."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based, as the user sees it (Excel row, CSV line)
    column: str | None = None  # column header as written by the user
    cell: str | None = None  # Excel reference, e.g. "E12"
    detail: str | None = None  # free text: "đoạn 12", "biểu thức ind.GRDP.value"

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.cell:
            parts.append(f"ô {self.cell}")
        else:
            if self.row is not None:
                parts.append(f"dòng {self.row}")
            if self.column:
                parts.append(f"cột {self.column}")
        if self.detail:
            parts.append(self.detail)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class SheetColumn:
    """A column of a data sheet, once for all its rows: a row keeps this and its number,
    and makes its :class:`Location` when asked (a thousand units' rows are kept by every
    worker of a build)."""

    file: str | None
    sheet: str | None  # None for CSV
    header: str | None = None  # CSV: the column's header as written
    letter: str | None = None  # workbook: the column's letter

    def at(self, row: int) -> Location:
        """The location of the column's cell in ``row`` (as the user sees it)."""
        if self.letter is not None:
            return Location(file=self.file, sheet=self.sheet, cell=f"{self.letter}{row}")
        return Location(file=self.file, sheet=self.sheet, row=row, column=self.header)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The hint naming the closest of ``choices`` to a mistyped ``word``, or None.

    >>> suggest("GRDP_BQ", ["GRDP_BQDN", "THU_NS"])
    'có phải ý bạn là «GRDP_BQDN»?'
    >>> suggest("xyz", ["GRDP_BQDN"]) is None
    True
    """
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return f"có phải ý bạn là «{close[0]}»?" if close else None


class DraftgenError(Exception):
    """Root of all draftgen errors."""

    def __init__(self, message: str, *, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = self.message
        if self.location is not None and str(self.location):
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} → {self.hint}"
        return text


class ConfigError(DraftgenError):
    """The project configuration file is wrong."""


class DataError(DraftgenError):
    """One problem in the indicator data."""


class DataErrors(DraftgenError):
    """All problems found while loading data, reported at once."""

    def __init__(self, errors: Iterable[DataError]):
        self.errors = list(errors)
        super().__init__(f"Dữ liệu có {len(self.errors)} lỗi")

    def __str__(self) -> str:
        lines = [f"Dữ liệu có {len(self.errors)} lỗi, chưa tạo văn bản nào:"]
        lines.extend(f"  - {e}" for e in self.errors)
        return "\n".join(lines)


class TemplateError(DraftgenError):
    """A template could not be compiled or rendered."""


class FormatError(DraftgenError, ValueError):
    """A value cannot be formatted or parsed the Vietnamese way."""


class OutputError(DraftgenError):
    """An output file could not be written safely."""
