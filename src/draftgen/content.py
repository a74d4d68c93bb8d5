"""Content files: the prose that differs by unit, kept out of the Word template.

A content file is plain text (Markdown-like) under the project's content folder
(``[project] content``, default ``noi-dung/``), one file per section::

    noi-dung/<unit>/<document>/<section>.md    this unit, this document only
    noi-dung/<unit>/<term>/<section>.md        this unit, this term ("2015-2020")
    noi-dung/<unit>/<section>.md               this unit, every document
    noi-dung/chung/<document>/<section>.md     every unit (shared default) …
    noi-dung/chung/<term>/<section>.md
    noi-dung/chung/<section>.md

The first file found is used; when there is none the section is a visible placeholder for
the editor ("[Đơn vị bổ sung nội dung]").

The file is rendered in the template's sandboxed Jinja environment with the template's own
context (``unit``, ``doc``, ``ind``, ``fn`` …), so it may hold ``{{ … }}`` expressions,
``{% if … %}`` on lines of their own, and ``fn(...)`` / ``|note`` footnotes. Then it is cut
into blocks:

- paragraphs are separated by blank lines (lines of one paragraph are joined);
- a line starting with ``- `` starts an item;
- ``# Title`` / ``## Title`` start headings (numbered 1., 2. … and 1.1., 1.2. …);
- ``**Lead:** text`` at the start of a paragraph or item puts "Lead:" in bold
  (``*Lead:* text``: italic).

The template loops over the blocks: ``{%p for b in content("han-che") %}`` …
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.sandbox import SecurityError

from .errors import DraftgenError, Location, TemplateError
from .sandbox import DraftgenSandbox
from .template_errors import explain, template_line

PLACEHOLDER = "[Đơn vị bổ sung nội dung]"
SHARED = "chung"
SUFFIXES = (".md", ".txt")
_SECTION = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_ITEM = re.compile(r"^[-–•]\s+(.*)$")
_LEAD = re.compile(r"^(\*\*|\*)(.+?)\1\s*(.*)$", re.S)


@dataclass(frozen=True)
class Block:
    """One block of a content file, as the template sees it.

    ``kind``: "para", "item" or "heading"; ``text``: the text (after the lead);
    ``bold`` / ``italic``: a lead-in written in bold / italic ("" if none); ``level`` and
    ``number`` ("1.", "1.2.") for headings; ``index``: 1-based position among the blocks of
    the same kind (items: for "(1)", "Một là:"); ``placeholder``: the editor must write it.
    """

    kind: str
    text: str
    bold: str = ""
    italic: str = ""
    level: int = 0
    number: str = ""
    index: int = 0
    placeholder: bool = False
    source: str = ""  # the file it came from, relative to the content folder

    @property
    def is_para(self) -> bool:
        return self.kind == "para"

    @property
    def is_item(self) -> bool:
        return self.kind == "item"

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"

    def __str__(self) -> str:
        return self.bold + self.italic + (" " if (self.bold or self.italic) else "") + self.text


def content_env(env: jinja2.Environment) -> jinja2.Environment:
    """The environment content files render in: the template's (same sandbox, filters,
    globals), with tags on lines of their own leaving no blank line, and no autoescaping
    (the text goes into the template through ``{{ }}``, which escapes it)."""
    cached = getattr(env, "content_overlay", None)
    if cached is None:
        cached = env.overlay(trim_blocks=True, lstrip_blocks=True, autoescape=False)
        if isinstance(env, DraftgenSandbox):
            env.content_overlay = cached  # type: ignore[assignment]
    return cached


def _compile(env: jinja2.Environment, source: str, path: Path, rel: str) -> jinja2.Template:
    cenv = content_env(env)
    key = (str(path), source)
    templates = cenv.compiled_files if isinstance(cenv, DraftgenSandbox) else {}
    tpl = templates.get(key)
    if tpl is None:
        code = cenv.compile(source, name=rel, filename=str(path))
        tpl = cenv.template_class.from_code(cenv, code, cenv.make_globals(None))
        templates[key] = tpl
    return tpl


def parse_blocks(text: str, source: str = "") -> list[Block]:
    """Cut rendered text into blocks (see the module docstring)."""
    raw: list[tuple[str, list[str], int]] = []  # kind, lines, level
    current: tuple[str, list[str], int] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        m = _HEADING.match(stripped)
        if m:
            raw.append(("heading", [m.group(2)], len(m.group(1))))
            current = None
            continue
        m = _ITEM.match(stripped)
        if m:
            current = ("item", [m.group(1)], 0)
            raw.append(current)
            continue
        if current is None:
            current = ("para", [stripped], 0)
            raw.append(current)
        else:
            current[1].append(stripped)
    blocks: list[Block] = []
    counters = {"para": 0, "item": 0}
    numbers = [0, 0, 0]
    for kind, lines, level in raw:
        body = " ".join(lines).strip()
        body = re.sub(r"[ \t]{2,}", " ", body)
        if kind == "heading":
            numbers[level - 1] += 1
            for deeper in range(level, 3):
                numbers[deeper] = 0
            number = ".".join(str(n) for n in numbers[:level]) + "."
            blocks.append(Block("heading", body, level=level, number=number, source=source))
            counters = {"para": 0, "item": 0}
            continue
        bold = italic = ""
        m = _LEAD.match(body)
        if m:
            lead, rest = m.group(2).strip(), m.group(3).strip()
            if m.group(1) == "**":
                bold = lead
            else:
                italic = lead
            body = rest
        counters[kind] += 1
        blocks.append(Block(kind, body, bold=bold, italic=italic, index=counters[kind],
                            source=source))
    return blocks


class ContentError(TemplateError):
    """A content file that does not render: names the file and the line."""


# Characters a content file may not hold: controls (a page break \x0c, a bell \x07) that
# XML cannot carry or Word would show as boxes, and private-use characters, which the
# render uses for footnote markers (draftgen.footnotes) and data must not be able to forge.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff\ue000-\uf8ff"
                        "\U000f0000-\U0010ffff]")


def forbidden_character(source: str) -> tuple[int, str] | None:
    """(line, U+XXXX) of the first character a content file may not hold, or None.

    >>> forbidden_character("Một.\\nHai\\x0c.")
    (2, 'U+000C')
    >>> forbidden_character("Bình thường.") is None
    True
    """
    m = _FORBIDDEN.search(source)
    if m is None:
        return None
    return source.count("\n", 0, m.start()) + 1, f"U+{ord(m.group()):04X}"


def read_content(path: Path, rel: str) -> str:
    """The text of a content file, NFC; refuses what it may not hold, with file and line."""
    try:
        source = unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"không đọc được tệp nội dung «{rel}»: {exc}",
                           location=Location(file=rel)) from exc
    bad = forbidden_character(source)
    if bad is not None:
        line, code = bad
        raise ContentError(
            f"tệp nội dung {rel}, dòng {line}: có ký tự điều khiển hoặc ký tự dùng riêng "
            f"{code}, không được phép trong văn bản",
            location=Location(file=rel, row=line),
            hint="xóa ký tự đó (thường do sao chép từ tệp khác hay phông chữ ký hiệu)")
    return source


class ContentSource:
    """Where the content files of one unit and document are, and how they render (the
    template sees it only through :class:`ContentView`)."""

    def __init__(self, root: Path, unit: str, document: str, term: str):
        self.root = Path(root)
        self.unit = unit
        self.document = document
        self.term = term
        self._bases: list[str] | None = None
        self._listings: dict[str, frozenset[str]] = {}
        self._found: dict[str, Path | None] = {}

    # -- finding files --------------------------------------------------------------------
    def candidates(self, section: str) -> Iterator[Path]:
        """The files that may hold ``section``, in the order they are looked for."""
        for base in self._folders():
            for suffix in SUFFIXES:
                yield Path(base, f"{section}{suffix}")

    def find(self, section: str) -> Path | None:
        """The first of :meth:`candidates` that is a file, or None."""
        if section in self._found:  # a report asks about a section several times
            return self._found[section]
        self._check_name(section)
        inner, _, leaf = section.rpartition("/")  # "de-cuong/mo-dau": a file in a subfolder
        found = None
        for base in self._folders():
            folder = os.path.join(base, inner) if inner else base
            names = self._names(folder)
            for suffix in SUFFIXES:
                # A name the folder's listing lacks, even in another case, is no file
                # there: a path is made and looked at only for a name the listing has.
                name = f"{leaf}{suffix}"
                if name.casefold() in names and (path := Path(folder, name)).is_file():
                    found = path
                    break
            if found is not None:
                break
        self._found[section] = found
        return found

    def _folders(self) -> list[str]:
        """The folders of :meth:`candidates`, in their order."""
        if self._bases is None:  # as text: a Path per render would intern the unit's name
            root = os.fspath(self.root)
            self._bases = [os.path.join(root, owner, sub) if sub else os.path.join(root, owner)
                           for owner in (self.unit, SHARED)
                           for sub in (self.document, self.term, "")]
        return self._bases

    def _names(self, folder: str) -> frozenset[str]:
        """The names in ``folder``, casefolded (none when it is not a folder), listed once
        for this source: a render looks up hundreds of sections."""
        names = self._listings.get(folder)
        if names is None:
            try:
                names = frozenset(name.casefold() for name in os.listdir(folder))
            except OSError:
                names = frozenset()
            self._listings[folder] = names
        return names

    def exists(self, section: str) -> bool:
        """Whether some file (the unit's own or the shared default) has this section."""
        return self.find(section) is not None

    def own(self, section: str) -> bool:
        """Whether the unit has its own text for this section (not the shared default)."""
        path = self.find(section)
        return path is not None and path.relative_to(self.root).parts[0] != SHARED

    @staticmethod
    def _check_name(section: str) -> None:
        if not isinstance(section, str) or not _SECTION.match(section):
            raise ContentError(
                f"tên phần nội dung «{section}» không hợp lệ",
                hint="dùng chữ thường không dấu, số và dấu gạch, ví dụ content(\"han-che\")")

    # -- rendering ------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return f"{self.root.name}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    def render(self, section: str, env: jinja2.Environment, variables: dict[str, Any]
               ) -> list[Block]:
        path = self.find(section)
        if path is None:
            return [Block("para", PLACEHOLDER, index=1, placeholder=True)]
        rel = self.rel(path)
        source = read_content(path, rel)
        try:
            tpl = _compile(env, source, path, rel)
            text = tpl.render(variables)
        except (jinja2.TemplateError, DraftgenError, SecurityError, TypeError, ValueError,
                ArithmeticError, LookupError, AttributeError, RecursionError,
                MemoryError) as exc:
            line = template_line(exc, str(path))
            message, hint = explain(exc)
            where = f"{rel}, dòng {line}" if line else rel
            lines = source.splitlines()
            shown = ""
            if line and 0 < line <= len(lines):
                shown = lines[line - 1].strip()
                shown = f" («{shown[:100]}{'…' if len(shown) > 100 else ''}»)"
            raise ContentError(f"tệp nội dung {where}{shown}: {message}",
                               location=Location(file=rel, row=line), hint=hint) from exc
        blocks = parse_blocks(text, rel)
        return blocks or [Block("para", PLACEHOLDER, index=1, placeholder=True, source=rel)]



class ContentView:
    """The ``content`` function of a template context: ``content("han-che")`` returns the
    blocks of the section for the unit and document being drafted (a tuple);
    ``content.exists("x")`` and ``content.own("x")`` tell whether there is a file. It
    holds the folder privately: a template reaches no path through it."""

    __slots__ = ("__source",)

    def __init__(self, source: ContentSource):
        self.__source = source

    def exists(self, section: str) -> bool:
        """Whether some file (the unit's own or the shared default) has this section."""
        return self.__source.exists(section)

    def own(self, section: str) -> bool:
        """Whether the unit has its own text for this section (not the shared default)."""
        return self.__source.own(section)

    @pass_context
    def __call__(self, context, section: str) -> tuple[Block, ...]:
        return tuple(self.__source.render(section, context.environment, context.get_all()))


def content_files(root: Path) -> list[Path]:
    """Every content file under ``root``, sorted."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES
                  and not p.name.startswith((".", "~")))
