"""The project configuration file (``draftgen.toml``): units, documents, style, paths."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from . import CONFIG_NAME
from .cells import TEXT_HINT, clean_text, text_problem, visible
from .errors import ConfigError, Location
from .errors import suggest as _suggest
from .model import ANNEX_TITLE, YEAR_MAX, YEAR_MIN, Term, Unit
from .style import Style
from .syntax_errors import toml_error

FOOTNOTE_MODES = ("footnotes", "annex")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Every character :func:`draftgen.cells.text_problem` may refuse (control and surrogate
# characters, line and paragraph separators, non-characters, private use): a string with
# none of them is sound and skips the character-by-character check; a project of a thousand
# units has some twenty thousand strings.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ue000-\uf8ff"
                      "\ufffe\uffff\U000f0000-\U0010ffff]")

_PROJECT_KEYS = {"name", "data", "templates", "output", "content"}
_UNIT_REQUIRED = {"code", "level", "name", "full_name", "party_organization", "committee",
                  "committee_kind"}
_UNIT_OPTIONAL = {"superior", "place", "doc_symbol", "signer_title", "signer_name", "on_behalf",
                  "recipients", "congress", "parent", "expected_children",
                  "so_don_vi_truc_thuoc"}  # the Vietnamese name of expected_children, still read
_DOC_REQUIRED = {"name", "template", "units", "term"}
_DOC_OPTIONAL = {"report_year", "next_term", "draft", "date", "footnotes", "annex_title",
                 "title", "content", "issuer", "letter", "sources", "label"}


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
    annex_title: str = ANNEX_TITLE
    title: str = ""
    issuer: str = ""  # the committee's department that issues it ("Ban Tuyên giáo")
    letter: str = ""  # number of the letter it is issued with ("2528-CV/BTGTU")
    # Source documents the draft prefers, in order, when the data has rows from several
    # (draftgen.sources): ("BCCT-XVIII", "KHPT-2021-2025").
    sources: tuple[str, ...] = ()
    label: str = ""  # what lists show ("Báo cáo chính trị nhiệm kỳ 2015 - 2020"); not printed

    @property
    def display_name(self) -> str:
        """The name lists show an editor: the ``label``, else the ``name``."""
        return self.label or self.name


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
    style: Style  # built once from [style]; every document of the project uses it
    units: dict[str, Unit]
    documents: list[DocumentSpec] = field(default_factory=list)
    style_table: Mapping[str, Any] = field(default_factory=dict)  # [style] as written

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
        chosen: set[str] = set()
        for sel in selectors:
            chosen.update(unit.code for unit in self._select_one(sel))
        return [unit for code, unit in self.units.items() if code in chosen]

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

    def require_units(self, codes) -> None:
        """Refuse unit codes the project does not have, with the closest names."""
        unknown = sorted(set(codes) - set(self.units))
        if not unknown:
            return
        close = [h for h in (_suggest(code, self.units) for code in unknown) if h]
        raise ConfigError(f"không có đơn vị {', '.join(unknown)}",
                          hint=(f"{'; '.join(close)} (danh sách đơn vị: lệnh «draftgen units»)"
                                if close else "xem danh sách bằng lệnh «draftgen units»"))


_TOML_TYPES = {bool: "true/false", int: "số nguyên", float: "số thập phân", str: "chuỗi",
               list: "danh sách", dict: "bảng", dt.date: "ngày", dt.datetime: "ngày giờ"}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _type_name(value: Any) -> str:
    return _TOML_TYPES.get(type(value), type(value).__name__)


class _Keys:
    """Typed getters over one TOML table; every error names the table and the key.

    ``where`` is how the user finds the table: ``[[documents]] thứ 2 (bao-cao)``.
    """

    def __init__(self, table: Mapping[str, Any], where: str, loc: Location):
        self.table, self.where, self.loc = table, where, loc

    def __contains__(self, key: str) -> bool:
        return key in self.table

    def fail(self, key: str, message: str, hint: str | None = None) -> ConfigError:
        return ConfigError(f"{self.where}, khóa {key}: {message}", location=self.loc, hint=hint)

    def _wrong_type(self, key: str, wanted: str, example: str) -> ConfigError:
        value = self.table[key]
        return self.fail(key, f"cần {wanted}, không phải {_type_name(value)} {_shown(value)}",
                         f"viết như: {key} = {example}")

    def text(self, key: str, default: str | None = None, *, multiline: bool = False) -> str:
        """A string; a key without a default (a required key) must not be blank."""
        if key not in self.table:
            assert default is not None
            return default
        value = self.table[key]
        if not isinstance(value, str):
            raise self._wrong_type(key, "một chuỗi trong ngoặc kép", f'"{value}"')
        if default is None and not value.strip():
            raise self.fail(key, "chuỗi trống", "ghi nội dung cho khóa này (xem docs/du-lieu.md)")
        return self._checked(key, value, multiline=multiline)

    def _checked(self, key: str, value: str, *, multiline: bool = False) -> str:
        problem = text_problem(value, multiline=multiline) if _SUSPECT.search(value) else None
        if problem:
            raise self.fail(key, f"chuỗi «{visible(value, multiline=multiline)}» {problem}",
                            TEXT_HINT)
        return clean_text(value)

    def boolean(self, key: str, default: bool) -> bool:
        if key not in self.table:
            return default
        value = self.table[key]
        if not isinstance(value, bool):
            meant = str(value).strip().lower()
            raise self._wrong_type(key, "true hoặc false (không có ngoặc kép)",
                                   meant if meant in ("true", "false") else "true")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings; a lone string is refused (it would read one character a line)."""
        if key not in self.table:
            return ()
        value = self.table[key]
        if not isinstance(value, list):
            raise self._wrong_type(key, "một danh sách chuỗi trong ngoặc vuông",
                                   f'[{_shown(value)}]')
        out = []
        for n, item in enumerate(value, start=1):
            if not isinstance(item, str):
                raise self.fail(key, f"phần tử thứ {n} ({_shown(item)}) không phải chuỗi",
                                'mỗi phần tử viết trong ngoặc kép: ["Lưu VT."]')
            out.append(self._checked(key, item))
        return tuple(out)

    def year(self, key: str, default: int) -> int:
        if key not in self.table:
            return default
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong_type(key, "một năm viết bằng số nguyên", str(default))
        if not YEAR_MIN <= value <= YEAR_MAX:
            raise self.fail(key, f"năm {value} không hợp lệ",
                            f"nhập năm từ {YEAR_MIN} đến {YEAR_MAX}")
        return value

    def term(self, key: str) -> Term:
        value = self.table[key]
        if not isinstance(value, str):
            raise self._wrong_type(key, "một nhiệm kỳ trong ngoặc kép", '"2020-2025"')
        try:
            return Term.parse(value)
        except ValueError:
            raise self.fail(key, f"nhiệm kỳ «{value}» không hợp lệ",
                            f"viết như «2020-2025»: năm đầu trước năm cuối, "
                            f"từ {YEAR_MIN} đến {YEAR_MAX}") from None

    def date(self, key: str) -> str | None:
        """An ISO date string from a TOML date, ``"2020-12-31"`` or ``"31/12/2020"``."""
        if key not in self.table:
            return None
        value = self.table[key]
        example = '"31/12/2020" hoặc "2020-12-31"'
        if isinstance(value, dt.datetime):
            raise self._wrong_type(key, "một ngày (không có giờ)", example)
        if isinstance(value, dt.date):
            day = value
        elif isinstance(value, str):
            text = value.strip()
            iso, vn = _ISO_DATE.match(text), _VN_DATE.match(text)
            try:
                if iso:
                    day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
                elif vn:
                    day = dt.date(int(vn[3]), int(vn[2]), int(vn[1]))
                else:
                    raise ValueError(text)
            except ValueError:
                raise self.fail(key, f"ngày «{value}» không hợp lệ",
                                f"viết ngày có thật: {key} = {example}") from None
        else:
            raise self._wrong_type(key, "một ngày", example)
        if not YEAR_MIN <= day.year <= YEAR_MAX:
            raise self.fail(key, f"ngày «{value}» không hợp lệ",
                            f"nhập năm từ {YEAR_MIN} đến {YEAR_MAX}")
        return day.isoformat()

    def table_of(self, key: str) -> Mapping[str, Any]:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise self._wrong_type(key, "một bảng", '{ "2015-2020" = 22 }')
        return value


def ordinal(value: Any) -> int:
    """A congress ordinal written as an integer or a Roman numeral.

    >>> ordinal(22), ordinal("XXII"), ordinal(" xvii ")
    (22, 22, 17)
    >>> ordinal("hai hai")
    Traceback (most recent call last):
    ...
    ValueError: hai hai
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip():
        roman = value.strip().upper()
        if roman.isdigit():
            number = int(roman)
        elif _ROMAN.match(roman):
            numerals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
            number = 0
            for ch, after in zip(roman, [*roman[1:], ""]):
                n = numerals[ch]
                number += -n if after and numerals[after] > n else n
        else:
            raise ValueError(value)
    else:
        raise ValueError(value)
    if not 1 <= number <= 100:
        raise ValueError(value)
    return number


def _check_keys(table: Mapping[str, Any], required: set[str], optional: set[str], where: str,
                loc: Location) -> None:
    known = required | optional
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: khóa «{key}» không được hỗ trợ", location=loc,
                              hint=_suggest(key, known))
    missing = sorted(required - table.keys())
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


def _read_toml(config_file: Path, loc: Location, data: bytes) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"tệp {config_file.name} không phải mã UTF-8 (byte lạ ở dòng {line})",
            location=loc,
            hint="mở tệp bằng trình soạn thảo (Notepad, VS Code) và lưu lại với mã hóa UTF-8",
        ) from None
    from . import tomlcache

    kept = tomlcache.load(data)
    if kept is not None:  # these very bytes parsed before
        return kept
    tomllib = _toml()
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        detail, line, column = toml_error(str(exc))
        where = f" ở dòng {line}, cột {column}" if line else ""
        raise ConfigError(f"tệp cấu hình sai cú pháp TOML{where}: {detail}", location=loc,
                          hint="sửa chỗ được chỉ ra: chuỗi đặt trong ngoặc kép, mỗi khóa một "
                               "dòng «khóa = giá trị»") from None
    tomlcache.store(data, parsed)
    return parsed


def _tables(raw: Mapping[str, Any], key: str, loc: Location) -> list[Mapping[str, Any]]:
    rows = raw.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError(f"«{key}» phải là các mục [[{key}]] (hai cặp ngoặc vuông)",
                          location=loc, hint=f"mỗi mục bắt đầu bằng một dòng [[{key}]]")
    return rows


def load_project(path: Path | str) -> Project:
    """Read and validate a project's config file."""
    config_file = find_config(Path(path)).resolve()
    loc = Location(file=str(config_file))
    data = config_file.read_bytes()
    kept = _kept_units(data)  # these bytes' units, checked before by this code
    raw, units = kept if kept is not None else (_read_toml(config_file, loc, data), None)
    for key in raw:
        if key not in {"project", "style", "units", "documents"}:
            raise ConfigError(f"mục «[{key}]» không được hỗ trợ", location=loc,
                              hint=_suggest(key, ["project", "style", "units", "documents"]))
    for key in ("project", "style"):
        if not isinstance(raw.get(key, {}), dict):
            raise ConfigError(f"«{key}» phải là một mục [{key}]", location=loc,
                              hint=f"viết một dòng [{key}] rồi các khóa bên dưới")
    try:
        style = Style.from_mapping(raw.get("style", {}))
    except ConfigError as exc:
        raise ConfigError(exc.message, location=loc, hint=exc.hint) from None
    meta = raw.get("project", {})
    _check_keys(meta, set(), _PROJECT_KEYS, "[project]", loc)
    keys = _Keys(meta, "[project]", loc)
    root = config_file.parent

    if units is None:
        units = _load_units(_tables(raw, "units", loc), loc)
        _keep_units(data, raw, units)
    project = Project(
        root=root,
        config_file=config_file,
        name=keys.text("name", root.name),
        data_path=(root / keys.text("data", "chi-tieu")).resolve(),
        templates_dir=(root / keys.text("templates", "templates")).resolve(),
        output_dir=(root / keys.text("output", "output")).resolve(),
        content_dir=(root / keys.text("content", "noi-dung")).resolve(),
        style=style,
        units=units,
        style_table=raw.get("style", {}),
    )
    project.documents = [_load_document(d, i, project, loc)
                         for i, d in enumerate(_tables(raw, "documents", loc), start=1)]
    names = [d.name for d in project.documents]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"hai văn bản cùng tên «{name}»", location=loc,
                              hint="đặt tên khác nhau cho mỗi [[documents]]")
    return project


def _expected_children(row: Mapping[str, Any], where: str, loc: Location) -> int | None:
    """``expected_children`` (formerly ``so_don_vi_truc_thuoc``, still accepted): how many
    subordinate units the unit really has."""
    given = [key for key in ("expected_children", "so_don_vi_truc_thuoc") if key in row]
    if not given:
        return None
    if len(given) > 1:
        raise ConfigError(f"{where}: có cả expected_children và so_don_vi_truc_thuoc",
                          location=loc, hint="giữ một khóa: expected_children")
    key = given[0]
    value = row[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}: {key} «{value}» không hợp lệ", location=loc,
                          hint="nhập số đơn vị trực thuộc thực có, một số nguyên dương: 11")
    return value


def _toml() -> Any:
    """The TOML parser, imported when a file is parsed (a parse kept by
    :mod:`draftgen.tomlcache` needs none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib


def __getattr__(name: str) -> Any:
    if name == "tomllib":  # ``from draftgen.config import tomllib``, imported on demand
        return _toml()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_UNIT_TEXTS = tuple(sorted(_UNIT_REQUIRED - {"code"}))
_UNIT_FIELDS = tuple(f.name for f in fields(Unit))


def _checking_code() -> str:
    """What the units' checks are made of: the modules that check and clean them, by size
    and modification time (see :mod:`draftgen.tomlcache`)."""
    from . import __version__, cells, model

    parts = [__version__]
    for module in (sys.modules[__name__], cells, model):
        st = os.stat(module.__file__)
        parts.append(f"{module.__name__}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _kept_units(data: bytes) -> tuple[dict[str, Any], dict[str, Unit]] | None:
    """The units of the config file ``data`` as they were made the last time these bytes
    passed the units' checks, with the parse of the file's other tables (checked each
    time); None when not kept."""
    from . import tomlcache

    try:
        kept = tomlcache.load_units(data, _checking_code(), len(_UNIT_FIELDS))
    except (OSError, TypeError):  # a module without a file to look at: not kept
        return None
    if kept is None:
        return None
    rest, rows = kept
    return rest, {row[0]: Unit(*row) for row in rows}


def _keep_units(data: bytes, raw: Mapping[str, Any], units: dict[str, Unit]) -> None:
    from . import tomlcache

    try:
        code = _checking_code()
    except (OSError, TypeError):
        return
    rest = {key: value for key, value in raw.items() if key != "units"}
    tomlcache.store_units(data, code, rest, [tuple(getattr(unit, name) for name in _UNIT_FIELDS)
                                             for unit in units.values()])


@functools.lru_cache(maxsize=256)
def _term_key(text: str) -> str:
    """``Term.parse(text).key``, once per text: every unit of a province names the same
    few terms."""
    return Term.parse(text).key


def _load_units(rows: list[Mapping[str, Any]], loc: Location) -> dict[str, Unit]:
    if not rows:
        raise ConfigError("chưa khai báo đơn vị nào", location=loc,
                          hint="thêm ít nhất một mục [[units]]")
    units: dict[str, Unit] = {}
    # equal texts one object: the communes of a province repeat most of their fields, and
    # the kept units (tomlcache) then repeat them by reference too
    shared: dict[object, Any] = {}
    for i, row in enumerate(rows, start=1):
        where = f"[[units]] thứ {i}"
        _check_keys(row, _UNIT_REQUIRED, _UNIT_OPTIONAL, where, loc)
        keys = _Keys(row, where, loc)
        code = keys.text("code")
        if not _SLUG.match(code):
            raise ConfigError(f"{where}: mã «{code}» không hợp lệ", location=loc,
                              hint="mã chỉ gồm chữ thường không dấu, số và dấu gạch: «van-lang»")
        if code in units:
            raise ConfigError(f"{where}: mã đơn vị «{code}» bị trùng", location=loc)
        keys.where = f"{where} ({code})"
        congress: dict[str, int] = {}
        for term, number in keys.table_of("congress").items():
            try:
                congress[_term_key(term)] = ordinal(number)
            except ValueError:
                raise keys.fail("congress", f"«{term} = {_shown(number)}» không hợp lệ",
                                'viết nhiệm kỳ và số thứ tự đại hội (số hoặc số La Mã): '
                                'congress = { "2015-2020" = 22 } hoặc { "2015-2020" = "XXII" }'
                                ) from None
        values = {key: keys.text(key) for key in _UNIT_TEXTS}
        values.update(
            superior=keys.text("superior", ""),
            place=keys.text("place", values["name"]),
            doc_symbol=keys.text("doc_symbol", ""),
            signer_title=keys.text("signer_title", "BÍ THƯ"),
            signer_name=keys.text("signer_name", ""),
            on_behalf=keys.text("on_behalf", f"T/M {values['committee_kind'].upper()}"),
            recipients=keys.texts("recipients"),
            parent=keys.text("parent", "") or None,
        )
        units[code] = Unit(
            code=code,
            **{key: shared.setdefault(value, value) for key, value in values.items()},
            congress=congress,
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
    keys = _Keys(row, where, loc)
    name = keys.text("name")
    if not _SLUG.match(name):
        raise ConfigError(f"{where}: tên «{name}» không hợp lệ", location=loc,
                          hint="tên chỉ gồm chữ thường không dấu, số và dấu gạch")
    keys.where = f"{where} ({name})"
    term = keys.term("term")
    next_term = keys.term("next_term") if "next_term" in keys else term.following()
    if next_term.start < term.end:
        raise keys.fail("next_term", f"nhiệm kỳ tới «{next_term.key}» bắt đầu trước khi "
                        f"nhiệm kỳ «{term.key}» kết thúc",
                        f"viết như «{term.following().key}»")
    report_year = keys.year("report_year", term.end)
    if not term.start <= report_year <= term.end + 1:
        raise keys.fail("report_year", f"năm báo cáo {report_year} nằm ngoài nhiệm kỳ "
                        f"{term}", f"thường là năm cuối nhiệm kỳ: report_year = {term.end}")
    mode = keys.text("footnotes", "footnotes")
    if mode not in FOOTNOTE_MODES:
        raise ConfigError(f"{where}: footnotes = «{mode}» không hợp lệ", location=loc,
                          hint="chọn «footnotes» (chú thích cuối trang) hoặc «annex» (phụ lục)")
    selectors = (keys.texts("units") if not isinstance(row["units"], str)
                 else (keys.text("units"),))
    if not selectors:
        raise keys.fail("units", "danh sách đơn vị trống", 'viết như: units = ["lang-son"]')
    keys.text("content", "")  # type-checked; not used yet
    spec = DocumentSpec(
        name=name,
        template=_template(keys, project),
        units=selectors,
        term=term,
        next_term=next_term,
        report_year=report_year,
        draft=keys.boolean("draft", True),
        date=keys.date("date"),
        footnotes=mode,
        annex_title=keys.text("annex_title", DocumentSpec.annex_title),
        title=keys.text("title", ""),
        issuer=keys.text("issuer", "").strip(),
        letter=keys.text("letter", "").strip(),
        sources=_sources(keys),
        label=keys.text("label", "").strip(),
    )
    if spec.letter and not spec.date:
        raise keys.fail("letter", f"có letter = «{spec.letter}» nhưng thiếu date",
                        "ghi ngày của công văn, ví dụ date = \"2020-06-19\"")
    project.select_units(spec.units)  # validates the selectors now
    return spec


def _sources(keys: _Keys) -> tuple[str, ...]:
    """The ``sources`` list: document codes as the ``nguon`` column writes them before ``:``."""
    out = keys.texts("sources")
    for code in out:
        if not code or any(c.isspace() for c in code) or ":" in code:
            raise keys.fail("sources", f"«{code}» không phải mã văn bản nguồn",
                            'ghi mã văn bản như cột nguon viết trước dấu «:», ví dụ: '
                            'sources = ["BCCT-XVIII", "KHPT-2021-2025"]')
    if len(set(out)) < len(out):
        raise keys.fail("sources", "một văn bản nguồn được ghi hai lần",
                        "mỗi mã văn bản ghi một lần, theo thứ tự ưu tiên")
    return out


def _template(keys: _Keys, project: Project) -> str:
    """The document's template: a file inside the templates folder that, when it exists,
    is a real .docx; checked now so that building and checking never stumble on it. A
    template not written yet fails only its own documents, when they are built."""
    name = keys.text("template")
    folder = project.templates_dir
    hint = f"đặt tệp mẫu .docx vào thư mục mẫu {folder} và ghi tên tệp: template = \"mau.docx\""
    if not name or Path(name).is_absolute() or Path(name).drive:
        raise keys.fail("template", f"«{name}» phải là tên tệp trong thư mục mẫu", hint)
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        raise keys.fail("template", f"tệp mẫu «{name}» nằm ngoài thư mục mẫu {folder}", hint)
    if not path.exists():
        return name  # not written yet: the document's jobs fail, each with the message
    if not path.is_file():
        raise keys.fail("template", f"«{name}» không phải một tệp", hint)
    try:
        with zipfile.ZipFile(path) as archive:
            ok = "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        ok = False
    if not ok:
        raise keys.fail("template", f"tệp mẫu «{name}» không phải tệp Word .docx",
                        "mở mẫu bằng Word hoặc LibreOffice và lưu lại dạng Word (.docx)")
    return name
