"""Start a new project: ``draftgen init`` writes a folder that builds at once.

The folder gets a ``draftgen.toml`` with the units tree and one political report for the
term, the data tables (an empty catalogue or the sample's), the official templates and the
content folders (the shared default prose and one folder per unit).

What it copies ships inside the package, in ``draftgen/starter/`` (so that ``init`` works from
a normal install, not only from a source checkout): the official templates, the shared prose
and the sample's catalogue. Their sources of truth are the checkout's ``templates/`` and
``data/``; :func:`starter_files` pairs each source with its packaged copy, and
:func:`sync_starter` (``python tools/sync_starter.py``) copies them again after a change.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_NAME, load_project
from .errors import ConfigError, Location
from .model import Term

STARTER = Path(__file__).resolve().parent / "starter"
TEMPLATES = STARTER / "mau"
SHARED_CONTENT = STARTER / "noi-dung" / "chung"
SAMPLE_CATALOGUE = STARTER / "chi-tieu" / "danh-muc.csv"

# Level word -> (committee kind, document symbol); longest words first for prefix matching.
LEVELS = {
    "thành phố": ("Thành ủy", "-BC/TU"),
    "thị trấn": ("Đảng ủy", "-BC/ĐU"),
    "thị xã": ("Thị ủy", "-BC/TU"),
    "phường": ("Đảng ủy", "-BC/ĐU"),
    "huyện": ("Huyện ủy", "-BC/HU"),
    "quận": ("Quận ủy", "-BC/QU"),
    "tỉnh": ("Tỉnh ủy", "-BC/TU"),
    "xã": ("Đảng ủy", "-BC/ĐU"),
}
HEADERS = {
    "danh-muc": "ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop",
    "gia-tri": "don_vi,ma_chi_tieu,ky,gia_tri,trang_thai,nguon,ghi_chu,minh_hoa",
    "muc-tieu": "don_vi,ma_chi_tieu,nhiem_ky,muc_tieu,stt,dien_giai,nguon,ghi_chu,minh_hoa",
}


def starter_files(repo: Path | str) -> list[tuple[Path, Path]]:
    """(source in a checkout, packaged copy) for every file ``init`` copies: the templates
    ``templates/*.docx``, the shared prose ``data/noi-dung/chung/*`` and the sample's
    catalogue."""
    repo = Path(repo)
    pairs = [(f, TEMPLATES / f.name) for f in sorted((repo / "templates").glob("*.docx"))
             if not f.name.startswith("~$")]
    shared = repo / "data" / "noi-dung" / "chung"
    pairs += [(f, SHARED_CONTENT / f.name) for f in sorted(shared.iterdir())
              if f.is_file() and not f.name.startswith(".")]
    pairs.append((repo / "data" / "chi-tieu" / "danh-muc.csv", SAMPLE_CATALOGUE))
    return pairs


def sync_starter(repo: Path | str) -> list[Path]:
    """Copy the checkout's templates, shared prose and catalogue into the package (only
    what differs; packaged files without a source are removed); return what changed."""
    pairs = starter_files(repo)
    wanted = {copy for _, copy in pairs}
    changed = []
    for source, copy in pairs:
        if not copy.is_file() or copy.read_bytes() != source.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
            changed.append(copy)
    for old in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        if old not in wanted:
            old.unlink()
            changed.append(old)
    return changed


def slug(text: str) -> str:
    """A unit code from a name: lower case, no diacritics, hyphens.

    >>> slug("Văn Lãng"), slug("Đồng Đăng"), slug("  Lộc  Bình ")
    ('van-lang', 'dong-dang', 'loc-binh')
    """
    s = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


@dataclass
class UnitSpec:
    """One unit to create: its level word, name, congress ordinal and parent code."""

    level: str
    name: str
    congress: int | None = None
    parent: str | None = None
    code: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.level} {self.name}"


def parse_unit(text: str) -> UnitSpec:
    """Read a unit as a user types it: level word, name, optional ``=`` congress ordinal.

    >>> u = parse_unit("huyện Văn Lãng=22")
    >>> u.level, u.name, u.congress
    ('huyện', 'Văn Lãng', 22)
    >>> parse_unit("thành phố Lạng Sơn").level
    'thành phố'
    >>> parse_unit("Văn Lãng")
    Traceback (most recent call last):
    ...
    draftgen.errors.ConfigError: đơn vị «Văn Lãng» thiếu cấp → viết cấp trước tên: «huyện Văn Lãng», «xã Tân Thanh», «thành phố Lạng Sơn»
    """
    raw = unicodedata.normalize("NFC", text).strip()
    congress = None
    if "=" in raw:
        raw, _, number = raw.rpartition("=")
        raw = raw.strip()
        if not number.strip().isdigit():
            raise ConfigError(f"số thứ tự đại hội «{number.strip()}» của «{raw}» không hợp lệ",
                              hint="viết số Ả Rập: «huyện Văn Lãng=22»")
        congress = int(number)
    lower = raw.lower()
    for level in LEVELS:
        if lower.startswith(level + " ") and raw[len(level):].strip():
            return UnitSpec(level, raw[len(level):].strip(), congress)
    raise ConfigError(f"đơn vị «{raw}» thiếu cấp",
                      hint="viết cấp trước tên: «huyện Văn Lãng», «xã Tân Thanh», "
                           "«thành phố Lạng Sơn»")


@dataclass
class InitOptions:
    """What ``draftgen init`` needs; the CLI asks for what is not given."""

    root: UnitSpec
    term: Term
    units: list[str] = field(default_factory=list)  # "huyện A=22", "huyện A/xã B=20"
    sample_catalogue: bool = False


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan_units(options: InitOptions) -> list[UnitSpec]:
    """The units tree as a list, parents first, each with a unique code."""
    root = options.root
    root.code = slug(root.name)
    out = [root]
    by_path: dict[str, UnitSpec] = {}
    for text in options.units:
        parts = [p for p in text.split("/") if p.strip()]
        parent = root
        for depth, part in enumerate(parts):
            key = "/".join(p.split("=")[0].strip().lower() for p in parts[:depth + 1])
            if key in by_path:
                known = by_path[key]
                if depth == len(parts) - 1 and "=" in part:
                    known.congress = parse_unit(part).congress
                parent = known
                continue
            unit = parse_unit(part)
            unit.parent = parent.code
            code = slug(unit.name)
            if code in {u.code for u in out}:
                code = f"{slug(unit.level)}-{code}"
            if code in {u.code for u in out}:
                raise ConfigError(f"hai đơn vị cùng mã «{code}» («{unit.full_name}»)",
                                  hint="đặt tên khác nhau, hoặc sửa mã trong draftgen.toml")
            unit.code = code
            by_path[key] = unit
            out.append(unit)
            parent = unit
    missing = [u.full_name for u in out if u.congress is None]
    if missing:
        raise ConfigError(
            f"chưa có số thứ tự đại hội nhiệm kỳ {options.term} của: {', '.join(missing)}",
            hint="thêm «=số» sau tên, ví dụ «huyện Văn Lãng=22» (đại hội họp cuối nhiệm kỳ)")
    return out


def _unit_block(unit: UnitSpec, units: dict[str, UnitSpec], term: Term) -> str:
    kind, symbol = LEVELS[unit.level]
    party = f"Đảng bộ {unit.full_name}"
    committee = f"{kind} {unit.name}" if kind != "Đảng ủy" else f"Đảng ủy {unit.full_name}"
    superior = f"Đảng bộ {units[unit.parent].full_name}" if unit.parent else ""
    lines = [
        "[[units]]",
        f"code = {_quote(unit.code)}",
        *([f"parent = {_quote(unit.parent)}"] if unit.parent else []),
        f"level = {_quote(unit.level)}",
        f"name = {_quote(unit.name)}",
        f"full_name = {_quote(unit.full_name)}",
        f"party_organization = {_quote(party)}",
        f"committee = {_quote(committee)}",
        f"committee_kind = {_quote(kind)}",
        f"superior = {_quote(superior)}",
        f"place = {_quote(unit.name)}",
        f"doc_symbol = {_quote(symbol)}",
        'signer_title = "BÍ THƯ"',
        'signer_name = ""',
        f"on_behalf = {_quote('T/M ' + kind.upper())}",
        "recipients = []",
        f"congress = {{ {_quote(term.key)} = {unit.congress} }}",
    ]
    return "\n".join(lines) + "\n"


def config_text(options: InitOptions, units: list[UnitSpec]) -> str:
    """The ``draftgen.toml`` of a new project."""
    by_code = {u.code: u for u in units}
    root = units[0]
    head = f"""\
# Dự án draftgen của Đảng bộ {root.full_name}, tạo bằng «draftgen init».
# Cách viết tệp này và các bảng số liệu: xem docs/du-lieu.md; thu thập số liệu: docs/thu-thap.md.

[project]
name = {_quote("Đảng bộ " + root.full_name)}
data = "chi-tieu"          # thư mục chứa danh-muc.csv, gia-tri.csv, muc-tieu.csv
templates = "mau"          # thư mục mẫu văn bản (.docx)
output = "output"          # văn bản dựng ra: output/<tên văn bản>/<mã đơn vị>.docx
content = "noi-dung"       # phần văn xuôi riêng của từng đơn vị

[style]                    # để trống: dùng quy ước mặc định

# congress: nhiệm kỳ -> số thứ tự của đại hội họp cuối nhiệm kỳ đó.
"""
    blocks = [_unit_block(u, by_code, options.term) for u in units]
    doc = f"""\
[[documents]]
name = {_quote("bao-cao-chinh-tri-" + options.term.key)}
template = "bao-cao-chinh-tri.docx"
units = ["all"]
term = {_quote(options.term.key)}
report_year = {options.term.end}
draft = true
footnotes = "footnotes"    # chú thích cuối trang; "annex": gom thành phụ lục
"""
    return head + "\n" + "\n".join(blocks) + "\n" + doc


def check_target(target: Path | str) -> None:
    """Refuse a folder a new project cannot go into: one that already has files, or a file."""
    target = Path(target)
    if target.is_dir() and any(target.iterdir()):
        raise ConfigError(f"thư mục «{target}» đã có tệp", location=Location(file=str(target)),
                          hint="chọn một thư mục mới hoặc thư mục trống")
    if target.exists() and not target.is_dir():
        raise ConfigError(f"«{target}» là một tệp, không phải thư mục",
                          location=Location(file=str(target)),
                          hint="chọn một thư mục mới hoặc thư mục trống")


def init_project(target: Path | str, options: InitOptions) -> Path:
    """Write a new project into ``target`` (which must be empty or absent); return the
    path of its config file. The project builds at once with ``draftgen build``."""
    target = Path(target)
    check_target(target)
    for needed in (TEMPLATES / "bao-cao-chinh-tri.docx", SHARED_CONTENT, SAMPLE_CATALOGUE):
        if not needed.exists():
            raise ConfigError(f"không tìm thấy «{needed}» trong bộ cài draftgen",
                              hint="bộ cài bị thiếu tệp: cài lại draftgen (pip install "
                                   "--force-reinstall draftgen)")
    units = plan_units(options)
    target.mkdir(parents=True, exist_ok=True)
    (target / CONFIG_NAME).write_text(config_text(options, units), encoding="utf-8")
    data = target / "chi-tieu"
    data.mkdir()
    for name, header in HEADERS.items():
        if name == "danh-muc" and options.sample_catalogue:
            shutil.copyfile(SAMPLE_CATALOGUE, data / "danh-muc.csv")
        else:
            (data / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    shutil.copytree(TEMPLATES, target / "mau", ignore=shutil.ignore_patterns("~$*", ".*"))
    content = target / "noi-dung"
    shutil.copytree(SHARED_CONTENT, content / "chung")
    for unit in units:
        folder = content / unit.code
        folder.mkdir()
        (folder / ".keep").write_text("", encoding="utf-8")  # an empty folder, kept by git
    load_project(target)  # what we wrote must load
    return target / CONFIG_NAME
