"""Check templates against the data model before building.

Reports every problem at once, each with where it stands: syntax errors, unknown filters
and tests, names a template uses that the context does not have, indicator codes that are
not in the catalogue, and attributes the views do not have. Then, optionally, a trial
render of every (document, unit) finds the values a unit lacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from .config import DocumentSpec, Project
from .context import (
    DocView,
    IndicatorsView,
    IndicatorView,
    TargetsView,
    UnitView,
)
from .dataset import Dataset
from .errors import DraftgenError, Location, suggest
from .template_errors import explain, opening_line
from .template_source import PartSource, template_parts

CONTEXT_NAMES = {"unit", "doc", "ind", "targets", "next_targets", "project", "fn", "loop",
                 "content"}
_VIEWS = {"unit": UnitView, "doc": DocView, "targets": TargetsView, "next_targets": TargetsView}


_MAX_SYNTAX_ERRORS = 50
_SANDBOX_HINT = "xem mục «Giới hạn an toàn của mẫu» trong docs/huong-dan-mau.md"


def _follows_from_removal(message: str) -> bool:
    return message.startswith(("Encountered unknown tag 'end", "Unexpected end of template"))


def _opening_line(lines: list[str], lineno: int) -> int:
    """The line where the tag or expression broken at ``lineno`` starts: an earlier line
    that opens ``{{`` or ``{%`` without closing it, else ``lineno``."""
    for i in range(lineno - 1, 0, -1):
        text = lines[i - 1]
        if text.count("{{") > text.count("}}") or text.count("{%") > text.count("%}"):
            return i
        if "}}" in text or "%}" in text:
            break
    return lineno


def public_names(cls: type) -> set[str]:
    """What a template may use of a view class."""
    names = {n for n in dir(cls) if not n.startswith("_") and not n.isupper()}
    return names | set(getattr(cls, "FIELDS", ()))


@dataclass(frozen=True)
class Problem:
    """One problem found by the check."""

    message: str
    location: Location
    hint: str | None = None

    def __str__(self) -> str:
        return str(DraftgenError(self.message, location=self.location, hint=self.hint))


def _getattr_chain(node: nodes.Node) -> list[str] | None:
    """``ind.GRDP.value`` → ["ind", "GRDP", "value"]; ``ind["X"]`` counts as ``ind.X``."""
    chain: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            chain.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) \
                and isinstance(node.arg.value, str):
            chain.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            chain.append(node.name)
            return chain[::-1]
        else:
            return None


class TemplateChecker:
    """Checks one template's parts against an environment and a catalogue."""

    def __init__(self, env: jinja2.Environment, data: Dataset, template_name: str):
        self.env = env
        self.data = data
        self.template_name = template_name
        self.known = CONTEXT_NAMES | set(env.globals)

    def check(self, template: bytes) -> list[Problem]:
        problems: list[Problem] = []
        for part in template_parts(template):
            problems.extend(self._check_part(part))
        return problems

    def _problem(self, part: PartSource, lineno: int | None, message: str,
                 hint: str | None = None) -> Problem:
        place, text = part.where(lineno)
        detail = place + (f": «{text[:100]}»" if text else "")
        return Problem(message, Location(file=self.template_name, detail=detail), hint)

    def _parse(self, part: PartSource) -> tuple[nodes.Template | None, list[Problem]]:
        """The part's syntax tree and its syntax errors, all of them: the paragraph (line)
        of an error is left out and the rest parsed again, so one error hides no other.
        Errors that only follow from a line left out (an ``{% endif %}`` whose ``{% if %}``
        was on it) are not reported."""
        lines = part.source.split("\n")
        problems: list[Problem] = []
        for _ in range(_MAX_SYNTAX_ERRORS):
            try:
                return self.env.parse("\n".join(lines)), problems
            except jinja2.TemplateSyntaxError as exc:
                lineno = opening_line(exc, self.env) or exc.lineno  # an unclosed block: its start
                lineno = lineno if lineno and 0 < lineno <= len(lines) else None
                first = _opening_line(lines, lineno) if lineno else None
                if not problems or not _follows_from_removal(exc.message or ""):
                    problems.append(self._problem(part, first or lineno, *explain(exc)))
                if lineno is None or not any(lines[(first or lineno) - 1:lineno]):
                    break
                for i in range((first or lineno) - 1, lineno):
                    lines[i] = ""
            except RecursionError:
                problems.append(self._problem(part, None, "biểu thức lồng nhau quá sâu"))
                break
        return None, problems

    def _check_part(self, part: PartSource) -> Iterator[Problem]:
        ast, problems = self._parse(part)
        yield from problems
        if ast is None:
            return
        seen: set[tuple[str, int]] = set()

        def once(key: str, lineno: int) -> bool:
            if (key, lineno) in seen:
                return False
            seen.add((key, lineno))
            return True

        for node in ast.find_all(nodes.Filter):
            if node.name not in self.env.filters and once("f" + node.name, node.lineno):
                yield self._problem(part, node.lineno, f"không có bộ lọc «{node.name}»",
                                    suggest(node.name, self.env.filters)
                                    or "xem danh sách bộ lọc trong docs/huong-dan-ham.md")
        for node in ast.find_all(nodes.Test):
            if node.name not in self.env.tests and once("t" + node.name, node.lineno):
                yield self._problem(part, node.lineno, f"không có phép thử «{node.name}»",
                                    suggest(node.name, self.env.tests))
        # Names the template sets itself (loop variables, {% set %}, macro parameters); not
        # jinja2.meta, whose code generator stops at the first unknown filter.
        assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
        assigned |= {n.name for n in ast.find_all(nodes.Macro)}  # {% macro name(...) %}
        undeclared = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"} \
            - assigned - self.known
        for node in ast.find_all(nodes.Name):
            if node.ctx == "load" and node.name in undeclared and once("n" + node.name,
                                                                       node.lineno):
                yield self._problem(part, node.lineno, f"tên «{node.name}» không có trong mẫu",
                                    suggest(node.name, self.known)
                                    or "dùng unit, doc, ind, targets, next_targets …")
        yield from self._check_sandbox(part, ast, once)
        for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
            chain = _getattr_chain(node) or []
            if not any(name.startswith("_") for name in chain):  # reported as refused
                yield from self._check_chain(part, node, once)

    def _check_sandbox(self, part: PartSource, ast: nodes.Template, once) -> Iterator[Problem]:
        """What the sandbox refuses at render time, found without rendering: private
        names and other templates (include, import, extends)."""
        for node in ast.find_all(nodes.Getattr):
            if node.attr.startswith("_") and once("_" + node.attr, node.lineno):
                yield self._problem(part, node.lineno,
                                    f"thao tác không được phép trong mẫu: dùng thuộc tính "
                                    f"«{node.attr}»", _SANDBOX_HINT)
        for node in ast.find_all((nodes.Include, nodes.Import, nodes.FromImport,
                                  nodes.Extends)):
            if once("load", node.lineno):
                yield self._problem(part, node.lineno,
                                    "thao tác không được phép trong mẫu: nạp mẫu khác bằng "
                                    "{% include %}, {% import %} hay {% extends %}",
                                    _SANDBOX_HINT)

    def _check_chain(self, part: PartSource, node: nodes.Node, once) -> Iterator[Problem]:
        chain = _getattr_chain(node)
        if not chain or len(chain) < 2:
            return
        root, first = chain[0], chain[1]
        if root == "ind":
            ind_methods = public_names(IndicatorsView)
            if first in ind_methods:
                return
            if first not in self.data.indicators:
                if once("i" + first, node.lineno):
                    yield self._problem(part, node.lineno,
                                        f"không có chỉ tiêu mã «{first}» trong danh mục",
                                        suggest(first, self.data.indicators)
                                        or "thêm chỉ tiêu vào danh mục (tệp danh-muc.csv hoặc sheet danh-muc)")
                return
            if len(chain) >= 3 and chain[2] not in public_names(IndicatorView) \
                    and once("a" + chain[2], node.lineno):
                yield self._problem(part, node.lineno,
                                    f"chỉ tiêu không có thuộc tính «{chain[2]}»",
                                    suggest(chain[2], public_names(IndicatorView)))
        elif root in _VIEWS and len(chain) == 2:
            names = public_names(_VIEWS[root])
            if first not in names and once(root + "." + first, node.lineno):
                yield self._problem(part, node.lineno, f"«{root}» không có thuộc tính «{first}»",
                                    suggest(first, names))


class _ContentPart:
    """A content file as the checker sees a template part: lines are the file's lines."""

    def __init__(self, source: str):
        self.source = source
        self._lines = source.splitlines()

    def where(self, lineno: int | None) -> tuple[str, str]:
        if not lineno:
            return "", ""
        text = self._lines[lineno - 1].strip() if 0 < lineno <= len(self._lines) else ""
        return f"dòng {lineno}", text


def check_content(project: Project, data: Dataset, env: jinja2.Environment) -> list[Problem]:
    """Static checks of every content file (``noi-dung/**``): syntax, names, filters,
    indicator codes, each with the file and the line."""
    from .content import ContentError, content_env, content_files, read_content

    cenv = content_env(env)
    problems: list[Problem] = []
    root = project.content_dir
    for path in content_files(root):
        rel = f"{root.name}/{path.relative_to(root).as_posix()}"
        try:
            source = read_content(path, rel)
        except ContentError as exc:
            problems.append(Problem(exc.message, Location(), exc.hint))  # names file, line
            continue
        checker = TemplateChecker(cenv, data, rel)
        problems.extend(checker._check_part(_ContentPart(source)))  # type: ignore[arg-type]
    return problems


def check_project(project: Project, data: Dataset, env: jinja2.Environment,
                  documents: list[DocumentSpec], *, templates: dict[str, bytes]) -> list[Problem]:
    """Static checks of every template the documents use."""
    problems: list[Problem] = []
    for name in sorted({d.template for d in documents}):
        if name not in templates:
            problems.append(Problem(f"không tìm thấy mẫu «{name}»",
                                    Location(file=str(project.templates_dir / name)),
                                    "kiểm tra khóa template của văn bản"))
            continue
        problems.extend(TemplateChecker(env, data, name).check(templates[name]))
    problems.extend(check_content(project, data, env))
    return problems
