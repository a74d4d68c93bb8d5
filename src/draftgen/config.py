"""The project configuration file (``draftgen.toml``): units, documents, style, paths."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, Location
from .model import Unit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "draftgen.toml"
FOOTNOTE_MODES = ("footnotes", "annex")
_TERM = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_PROJECT_KEYS = {"name", "data", "templates", "output", "content"}
_UNIT_REQUIRED = {"code", "level", "name", "full_name", "party_organization", "committee",
                  "committee_kind"}
_UNIT_OPTIONAL = {"superior", "place", "doc_symbol", "signer_title", "signer_name", "on_behalf",
                  "recipients", "congress", "parent", "so_don_vi_truc_thuoc"}
_DOC_REQUIRED = {"name", "template", "units", "term"}
_DOC_OPTIONAL = {"report_year", "next_term", "draft", "date", "footnotes", "annex_title",
                 "title", "content"}


@dataclass(frozen=True)
class Term:
    """A term such as 2020 - 2025."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> Term:
        m = _TERM.match(str(text).strip().replace("\u2013", "-"))
        if not m or int(m.group(2)) <= int(m.group(1)):
            raise ValueError(text)
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def key(self) -> str:
        """The form used in data files: ``2020-2025``."""
        return f"{self.start}-{self.end}"

    @property
    def period(self) -> str:
        """The period of yearly averages over the term: ``2021-2025``."""
        return f"{self.start + 1}-{self.end}"

    def following(self) -> Term:
        return Term(self.end, self.end + (self.end - self.start))

    def __str__(self) -> str:
        return f"{self.start} - {self.end}"


@dataclass(frozen=True)
class DocumentSpec:
    """One ``[[documents]]`` entry."""

    name: str
    template: str
    units: tuple[str, ...]  # selectors as written
    term: Term
    next_term: Term
    report_year: int
    draft: bool = True
    date: str | None = None  # ISO date; None: draft date line with a blank day
    footnotes: str = "footnotes"
    annex_title: str = "PHỤ LỤC: CHÚ THÍCH SỐ LIỆU BÁO CÁO"
    title: str = ""


@dataclass
class Project:
    """A loaded project: where things are, its units tree and its documents."""

    root: Path
    config_file: Path
    name: str
    data_path: Path
    templates_dir: Path
    output_dir: Path
    content_dir: Path
    style: Mapping[str, Any]
    units: dict[str, Unit]
    documents: list[DocumentSpec] = field(default_factory=list)

    def roots(self) -> list[Unit]:
        return [u for u in self.units.values() if u.parent is None]

    def descendants(self, code: str) -> list[Unit]:
        out: list[Unit] = []
        for child in self.units[code].children:
            out.append(self.units[child])
            out.extend(self.descendants(child))
        return out

    def select_units(self, selectors: tuple[str, ...] | list[str]) -> list[Unit]:
        """Resolve unit selectors (``CODE``, ``children:CODE``, ``descendants:CODE``,
        ``level:huyện``, ``all``) to units, in the order of the config, without repeats."""
        chosen: list[str] = []
        for sel in selectors:
            for unit in self._select_one(sel):
                if unit.code not in chosen:
                    chosen.append(unit.code)
        order = list(self.units)
        return [self.units[c] for c in sorted(chosen, key=order.index)]

    def _select_one(self, sel: str) -> list[Unit]:
        kind, _, arg = sel.partition(":")
        if sel == "all":
            return list(self.units.values())
        if not arg:
            return [self._unit(sel, sel)]
        if kind == "children":
            return [self.units[c] for c in self._unit(arg, sel).children]
        if kind == "descendants":
            self._unit(arg, sel)
            return self.descendants(arg)
        if kind == "level":
            found = [u for u in self.units.values() if u.level == arg]
            if not found:
                raise ConfigError(f"không có đơn vị nào cấp «{arg}» (bộ chọn «{sel}»)",
                                  location=Location(file=str(self.config_file)))
            return found
        raise ConfigError(
            f"bộ chọn đơn vị «{sel}» không hợp lệ",
            location=Location(file=str(self.config_file)),
            hint="dùng mã đơn vị, «children:MÃ», «descendants:MÃ», «level:huyện» hoặc «all»",
        )

    def _unit(self, code: str, sel: str) -> Unit:
        if code not in self.units:
            raise ConfigError(
                f"không có đơn vị mã «{code}» (bộ chọn «{sel}»)",
                location=Location(file=str(self.config_file)),
                hint=_suggest(code, self.units),
            )
        return self.units[code]

    def document(self, name: str) -> DocumentSpec:
        for doc in self.documents:
            if doc.name == name:
                return doc
        raise ConfigError(
            f"không có văn bản «{name}» trong {self.config_file.name}",
            hint=_suggest(name, [d.name for d in self.documents]),
        )


def _suggest(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"có phải ý bạn là «{close[0]}»?" if close else None


def _check_keys(table: Mapping[str, Any], required: set[str], optional: set[str], where: str,
                loc: Location) -> None:
    for key in table:
        if key not in required | optional:
            raise ConfigError(f"{where}: khóa «{key}» không được hỗ trợ", location=loc,
                              hint=_suggest(key, required | optional))
    missing = sorted(required - set(table))
    if missing:
        raise ConfigError(f"{where}: thiếu khóa {', '.join(repr(k) for k in missing)}",
                          location=loc, hint="bổ sung các khóa này (xem docs/du-lieu.md)")


def find_config(path: Path) -> Path:
    """The config file of a project given as a folder or as the file itself."""
    path = Path(path)
    if path.is_dir():
        path = path / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(
            f"không tìm thấy tệp cấu hình dự án «{path}»",
            hint=f"chỉ đến thư mục dự án có tệp {CONFIG_NAME} (ví dụ: --project data)",
        )
    return path


def load_project(path: Path | str) -> Project:
    """Read and validate a project's config file."""
    config_file = find_config(Path(path)).resolve()
    loc = Location(file=str(config_file))
    try:
        raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"tệp cấu hình sai cú pháp TOML: {exc}", location=loc,
                          hint="sửa dòng được chỉ ra") from exc
    for key in raw:
        if key not in {"project", "style", "units", "documents"}:
            raise ConfigError(f"mục «[{key}]» không được hỗ trợ", location=loc,
                              hint=_suggest(key, ["project", "style", "units", "documents"]))
    meta = raw.get("project", {})
    _check_keys(meta, set(), _PROJECT_KEYS, "[project]", loc)
    root = config_file.parent

    units = _load_units(raw.get("units", []), loc)
    project = Project(
        root=root,
        config_file=config_file,
        name=str(meta.get("name", root.name)),
        data_path=(root / meta.get("data", "chi-tieu")).resolve(),
        templates_dir=(root / meta.get("templates", "templates")).resolve(),
        output_dir=(root / meta.get("output", "output")).resolve(),
        content_dir=(root / meta.get("content", "noi-dung")).resolve(),
        style=raw.get("style", {}),
        units=units,
    )
    project.documents = [_load_document(d, i, project, loc)
                         for i, d in enumerate(raw.get("documents", []), start=1)]
    names = [d.name for d in project.documents]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"hai văn bản cùng tên «{name}»", location=loc,
                              hint="đặt tên khác nhau cho mỗi [[documents]]")
    return project


def _expected_children(row: Mapping[str, Any], where: str, loc: Location) -> int | None:
    """``so_don_vi_truc_thuoc``: how many subordinate units the unit really has."""
    value = row.get("so_don_vi_truc_thuoc")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}: so_don_vi_truc_thuoc «{value}» không hợp lệ", location=loc,
                          hint="nhập số đơn vị trực thuộc thực có, một số nguyên dương: 11")
    return value


def _load_units(rows: list[Mapping[str, Any]], loc: Location) -> dict[str, Unit]:
    if not rows:
        raise ConfigError("chưa khai báo đơn vị nào", location=loc,
                          hint="thêm ít nhất một mục [[units]]")
    units: dict[str, Unit] = {}
    for i, row in enumerate(rows, start=1):
        where = f"[[units]] thứ {i}"
        _check_keys(row, _UNIT_REQUIRED, _UNIT_OPTIONAL, where, loc)
        code = str(row["code"])
        if not _SLUG.match(code):
            raise ConfigError(f"{where}: mã «{code}» không hợp lệ", location=loc,
                              hint="mã chỉ gồm chữ thường không dấu, số và dấu gạch: «van-lang»")
        if code in units:
            raise ConfigError(f"{where}: mã đơn vị «{code}» bị trùng", location=loc)
        congress: dict[str, int] = {}
        for term, ordinal in dict(row.get("congress", {})).items():
            try:
                congress[Term.parse(term).key] = int(ordinal)
            except (ValueError, TypeError) as exc:
                raise ConfigError(f"{where}: congress «{term} = {ordinal}» không hợp lệ",
                                  location=loc,
                                  hint='viết như: congress = { "2015-2020" = 22 }') from exc
        units[code] = Unit(
            code=code,
            level=str(row["level"]),
            name=str(row["name"]),
            full_name=str(row["full_name"]),
            party_organization=str(row["party_organization"]),
            committee=str(row["committee"]),
            committee_kind=str(row["committee_kind"]),
            superior=str(row.get("superior", "")),
            place=str(row.get("place", row["name"])),
            doc_symbol=str(row.get("doc_symbol", "")),
            signer_title=str(row.get("signer_title", "BÍ THƯ")),
            signer_name=str(row.get("signer_name", "")),
            on_behalf=str(row.get("on_behalf", f"T/M {row['committee_kind'].upper()}")),
            recipients=tuple(str(r) for r in row.get("recipients", [])),
            congress=congress,
            parent=row.get("parent") or None,
            expected_children=_expected_children(row, where, loc),
        )
    for unit in units.values():
        if unit.parent is None:
            continue
        if unit.parent not in units:
            raise ConfigError(f"đơn vị «{unit.code}» có parent «{unit.parent}» không tồn tại",
                              location=loc, hint=_suggest(unit.parent, units))
        units[unit.parent].children.append(unit.code)
    for unit in units.values():  # a cycle never reaches a root
        seen, cur = set(), unit
        while cur.parent is not None:
            if cur.code in seen:
                raise ConfigError(f"cây đơn vị có vòng lặp tại «{unit.code}»", location=loc,
                                  hint="sửa khóa parent")
            seen.add(cur.code)
            cur = units[cur.parent]
    return units


def _load_document(row: Mapping[str, Any], i: int, project: Project,
                   loc: Location) -> DocumentSpec:
    where = f"[[documents]] thứ {i}"
    _check_keys(row, _DOC_REQUIRED, _DOC_OPTIONAL, where, loc)
    name = str(row["name"])
    if not _SLUG.match(name):
        raise ConfigError(f"{where}: tên «{name}» không hợp lệ", location=loc,
                          hint="tên chỉ gồm chữ thường không dấu, số và dấu gạch")
    try:
        term = Term.parse(row["term"])
        next_term = Term.parse(row["next_term"]) if "next_term" in row else term.following()
    except ValueError as exc:
        raise ConfigError(f"{where}: nhiệm kỳ «{exc}» không hợp lệ", location=loc,
                          hint="viết như «2020-2025»") from exc
    mode = str(row.get("footnotes", "footnotes"))
    if mode not in FOOTNOTE_MODES:
        raise ConfigError(f"{where}: footnotes = «{mode}» không hợp lệ", location=loc,
                          hint="chọn «footnotes» (chú thích cuối trang) hoặc «annex» (phụ lục)")
    selectors = row["units"]
    if isinstance(selectors, str):
        selectors = [selectors]
    spec = DocumentSpec(
        name=name,
        template=str(row["template"]),
        units=tuple(str(s) for s in selectors),
        term=term,
        next_term=next_term,
        report_year=int(row.get("report_year", term.end)),
        draft=bool(row.get("draft", True)),
        date=str(row["date"]) if "date" in row else None,
        footnotes=mode,
        annex_title=str(row.get("annex_title", DocumentSpec.annex_title)),
        title=str(row.get("title", "")),
    )
    project.select_units(spec.units)  # validates the selectors now
    return spec
