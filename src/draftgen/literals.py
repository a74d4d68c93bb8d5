"""Figures written literally in a unit's content files (``noi-dung/<unit>/**``), against the
data: the audit rule ``so-viet-tay`` (docs/kiem-tra-so-lieu.md).

A content line that writes a figure from the data (``{{ ind.X.at(2025)|pct }}``) is anchored
to the source line that figure comes from (column ``nguon`` of gia-tri, ``KHÓA:dòng``). Every
other value of the unit cited at that same source line should stand in the content line too:

- written as literal text with the same value (or the same value in another scale, "198 tỷ
  USD" for 198.000 triệu USD), it does not follow the data when the data changes;
- when the line writes literal figures in the indicator's unit of measure and none of them is
  the data value, the line contradicts the data.

Both are warnings naming the file and the line; the number of literal figures of each unit's
content files is a note. A literal figure whose clause (the words between two «;», «.», «,»,
brackets) names years, none of them the data value's, is a figure of another year: it is not
taken for the value ("năm 2015 có 06 xã" beside the number of communes of 2019).

>>> [(f.value, f.uom) for f in literal_figures("đạt 64,5%, tăng 1,5% so với năm 2020")]
[(64.5, '%'), (1.5, '%')]
>>> [(f.value, f.uom) for f in literal_figures('đạt 198 tỷ USD, {{ fn("gồm 3.100 nghìn lượt.") }}')]
[(198.0, 'tỷ USD'), (3100.0, 'nghìn lượt')]
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_TAG = re.compile(r"\{%.*?%\}", re.S)
_EXPR = re.compile(r"\{\{(.*?)\}\}", re.S)
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')
_REF = re.compile(r"ind\.([A-Z][A-Z0-9_]*)\.at\(\s*[\"']?(\d{4}(?:-\d{4})?)[\"']?\s*\)")
_MENTION = re.compile(r"ind(?:\.|\[\s*[\"'])([A-Z][A-Z0-9_]*)")
_NUMBER = re.compile(r"(?<![\w.,/+-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\d\w]|[.,]\d|/)")
_SCALES = {"nghìn tỷ": 1e12, "tỷ": 1e9, "triệu": 1e6, "nghìn": 1e3}
_CLAUSE_END = re.compile(r"[;()\[\]\n]|[.,:](?=\s|$)")
_CLAUSE_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d{2})(?![\d%]|[.,]\d)")


@dataclass(frozen=True)
class Literal:
    """A figure written as text: its value and what follows it ("%", "tỷ đồng", …)."""

    value: float
    text: str
    uom: str
    years: tuple[int, ...] = ()  # the years its clause names ("năm 2015 có 06 xã": 2015)

    def dated_elsewhere(self, period: str) -> bool:
        """Whether its clause names years and none is a year of ``period`` (``2020`` or the
        ends of ``2016-2020``): then it is a figure of another year, not that period's.

        >>> lit = literal_figures("không còn xã dưới 5 tiêu chí (năm 2015 có 06 xã)")[-1]
        >>> lit.text, lit.uom, lit.years, lit.dated_elsewhere("2019"), lit.dated_elsewhere("2015")
        ('06', 'xã', (2015,), True, False)
        >>> literal_figures("đạt 5 xã, tăng 3 xã")[0].dated_elsewhere("2019")
        False
        """
        ends = {int(y) for y in period.split("-") if y.isdigit()}
        return bool(self.years) and not ends & set(self.years)


def _plain(line: str) -> str:
    """The text of a content line as printed, without the data references: comments and tags
    dropped, and of each ``{{ … }}`` only its string literals (the text of ``fn("…")``)."""
    line = _TAG.sub(" ", _COMMENT.sub(" ", line))

    def strings(m: re.Match) -> str:
        return " " + " ".join(a or b for a, b in _STRING.findall(m.group(1))) + " "
    return _EXPR.sub(strings, line)


def literal_figures(line: str) -> list[Literal]:
    """The figures of a content line written as text (not years, not "a/b" ranks)."""
    text = _plain(line)
    out = []
    for m in _NUMBER.finditer(text):
        whole, dec = m.group(1), m.group(2)
        rest = text[m.end():]
        if rest.startswith("%"):
            uom = "%"
        else:
            words = re.match(r"\s([^\W\d][\w/]*(?: [^\W\d][\w/]*){0,2})", rest)
            uom = words.group(1) if words else ""
        value = float(whole.replace(".", "") + ("." + dec if dec else ""))
        if not dec and "." not in whole and 1900 <= value <= 2100 and uom != "%":
            continue  # a year
        if not uom:
            continue  # a bare number: a paragraph number, a code, a ratio
        out.append(Literal(value, m.group(0), uom, _clause_years(text, m.start(), m.end())))
    return out


def _clause_years(text: str, start: int, end: int) -> tuple[int, ...]:
    """The years named in the clause of ``text`` around ``start:end``."""
    begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    stop = next((m.start() for m in _CLAUSE_END.finditer(text, end)), len(text))
    return tuple(int(y) for y in _CLAUSE_YEAR.findall(text[begin:stop]))


def bound_references(line: str) -> set[tuple[str, str]]:
    """The (indicator, period) pairs a line writes from the data: ``ind.X.at(2025)``; an
    indicator written otherwise (``ind.X|clause``, ``ind.X.at(k)``, ``ind.X.value``) has the
    period ``"*"``: any of its values.

    >>> sorted(bound_references('{{ ind.A.at("2016-2020")|pct }} {{ ind.B|clause }} {{ ind.C.at(k) }}'))
    [('A', '2016-2020'), ('B', '*'), ('C', '*')]
    """
    text = _COMMENT.sub(" ", line)
    exact = set(_REF.findall(text))
    rest = _REF.sub(" ", text)
    return exact | {(code, "*") for code in _MENTION.findall(rest)}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def matches(lit: Literal, value: float, uom: str) -> tuple[bool, bool]:
    """(same unit of measure, same value) of a literal figure against a data value in
    ``uom``; a literal in another scale of the unit ("198 tỷ USD" for "triệu USD") compares
    after conversion."""
    lu, du = _norm(lit.uom), _norm(uom)
    if du == "%":
        return lu == "%", lu == "%" and _same(lit.value, abs(value))
    if lu.startswith(du):
        return True, _same(lit.value, abs(value))
    for lscale, lf in _SCALES.items():
        for dscale, df in _SCALES.items():
            base = du[len(dscale):].strip() if du.startswith(dscale + " ") else None
            if base and lu.startswith(f"{lscale} {base}"):
                return True, _same(lit.value * lf, abs(value) * df)
        base = du
        if lu.startswith(f"{lscale} {base}"):
            return True, _same(lit.value * lf, abs(value))
    return False, False


@dataclass(frozen=True)
class ContentLine:
    file: str  # "noi-dung/lang-son/2020-2025/ket-qua-chu-yeu.md"
    number: int
    text: str


def unit_lines(content_dir: Path, unit: str) -> Iterator[ContentLine]:
    """Every line of the content files written for one unit (``noi-dung/<unit>/**``)."""
    from .content import content_files

    folder = os.path.join(content_dir, unit)
    if not os.path.isdir(folder):  # most units: no Path made (Python interns its parts)
        return
    root = Path(content_dir)
    for path in content_files(Path(folder)):
        rel = f"{root.name}/{path.relative_to(root).as_posix()}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # draftgen check reports the file
        for i, line in enumerate(text.splitlines(), start=1):
            yield ContentLine(rel, i, line)
