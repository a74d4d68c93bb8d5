"""Uploaded files: checked, staged in a temporary folder under generated names, and put
into the project only after the editor confirms.

- A data workbook (or one CSV table of a CSV project) is loaded by the loader from the
  staging folder, as the project would load it; only a file that loads is offered for
  confirmation, with the values it changes. Confirming keeps a copy of the old file in
  ``nhap-so-lieu/<date>/`` and swaps the new one in.
- Returned entry forms go through :func:`draftgen.collect.plan_collection`; confirming
  runs :func:`draftgen.collect.apply_plan` on a fresh plan of the same files.

A client's file name is shown, never used as a path: staged names are made here from a
few safe characters of it (a form named after its unit keeps that name, which the
collection checks) and a number.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
import secrets
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from ..collect import ARCHIVE, new_archive, rewrite_companion
from ..config import Project
from ..dataset import Dataset
from ..errors import DataErrors, DraftgenError
from ..loader import SHEETS, load_dataset
from ..writer import file_sha256

ALLOWED = (".xlsx", ".csv", ".docx")
ZIP_MAGIC = b"PK\x03\x04"
_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
KEEP = 20  # pending uploads kept at once


class UploadError(DraftgenError):
    """An uploaded file refused before it was staged."""


def client_name(raw: str | None) -> str:
    """The client's file name, for display only: its last part, clipped."""
    name = (raw or "").replace("\\", "/").rpartition("/")[2].strip()
    return name[:120] or "(không tên)"


def suffix_of(raw: str | None) -> str:
    name = client_name(raw)
    return ("." + name.rpartition(".")[2].lower()) if "." in name else ""


def safe_stem(raw: str | None) -> str:
    """A few safe characters of the client's file name: ``huyen-b`` for ``huyen-b.xlsx``,
    ``phieu`` when nothing safe is left.

    >>> safe_stem("../../etc/passwd"), safe_stem("C:\\\\x\\\\huyen-b.xlsx"), safe_stem("Phiếu.xlsx")
    ('passwd', 'huyen-b', 'Phi-u')
    >>> safe_stem("..."), safe_stem(None)
    ('phieu', 'phieu')
    """
    stem = (raw or "").replace("\\", "/").rpartition("/")[2].strip().partition(".")[0]
    stem = _SAFE.sub("-", stem).strip("-")[:60]
    return stem or "phieu"


def check_upload(storage, allowed: tuple[str, ...]) -> str:
    """The suffix of an uploaded file, after checking its type; :class:`UploadError`
    otherwise."""
    name = client_name(getattr(storage, "filename", ""))
    if storage is None or not getattr(storage, "filename", ""):
        raise UploadError("chưa chọn tệp nào", hint="bấm «Chọn tệp» rồi tải lên")
    suffix = suffix_of(storage.filename)
    if suffix not in allowed or suffix not in ALLOWED:
        raise UploadError(f"tệp «{name}» không được nhận: chỉ nhận tệp "
                          f"{', '.join(allowed)}")
    head = storage.stream.read(4)
    storage.stream.seek(0)
    if suffix in (".xlsx", ".docx") and head != ZIP_MAGIC:
        raise UploadError(f"tệp «{name}» không phải tệp {suffix} thật (nội dung hỏng hoặc "
                          "chỉ đổi phần đuôi tên)", hint=f"mở tệp bằng Excel/Word rồi lưu lại "
                          f"dạng {suffix}")
    return suffix


@dataclass
class ValueChange:
    unit: str
    code: str
    period: str
    old: float | None
    new: float | None


@dataclass
class Pending:
    """An upload waiting for confirmation."""

    token: str
    kind: str  # "data" | "forms"
    folder: Path  # the staging folder
    names: dict[str, str] = field(default_factory=dict)  # staged name -> client's name
    target: Path | None = None  # data: the file it replaces
    staged: Path | None = None  # data: the staged file
    sha: str = ""
    changes: list[ValueChange] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


class Staging:
    """The pending uploads of a workspace, by token."""

    def __init__(self) -> None:
        self._items: dict[str, Pending] = {}
        self._lock = threading.Lock()
        self.root = Path(tempfile.mkdtemp(prefix="draftgen-web-"))
        weakref.finalize(self, shutil.rmtree, self.root, True)  # at the latest on exit

    def new(self, kind: str) -> Pending:
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        folder.mkdir()
        item = Pending(token, kind, folder)
        with self._lock:
            self._items[token] = item
            while len(self._items) > KEEP:
                self.drop(next(iter(self._items)), locked=True)
        return item

    def get(self, token: str, kind: str) -> Pending | None:
        if not _TOKEN.match(token or ""):
            return None
        item = self._items.get(token)
        return item if item is not None and item.kind == kind else None

    def drop(self, token: str, *, locked: bool = False) -> None:
        if not locked:
            with self._lock:
                return self.drop(token, locked=True)
        item = self._items.pop(token, None)
        if item is not None:
            shutil.rmtree(item.folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


# --------------------------------------------------------------------------- data


def data_target(project: Project, table: str | None) -> Path:
    """The file an uploaded data file replaces: the workbook, or one CSV table."""
    source = project.data_path
    if source.is_dir():
        if table not in SHEETS:
            raise UploadError("chọn bảng số liệu cần thay (danh-muc, gia-tri hoặc muc-tieu)")
        return source / f"{table}.csv"
    return source


def stage_data(staging: Staging, project: Project, storage, table: str | None) -> Pending:
    """Stage an uploaded data file and load the project's data with it; the loader's
    :class:`DataErrors` when it does not load (nothing is kept then)."""
    source = project.data_path
    wanted = (".csv",) if source.is_dir() else (".xlsx",)
    suffix = suffix_of(getattr(storage, "filename", ""))
    if suffix in (".csv", ".xlsx") and suffix not in wanted:
        raise UploadError(
            "số liệu của dự án là các tệp CSV trong thư mục «" + source.name + "»: tải lên "
            "tệp .csv của một bảng" if source.is_dir() else
            f"số liệu của dự án là tệp Excel «{source.name}»: tải lên tệp .xlsx")
    check_upload(storage, (".csv", ".xlsx"))
    target = data_target(project, table)
    item = staging.new("data")
    try:
        if source.is_dir():
            data_dir = item.folder / source.name
            data_dir.mkdir()
            for name in SHEETS:
                if (source / f"{name}.csv").is_file():
                    shutil.copyfile(source / f"{name}.csv", data_dir / f"{name}.csv")
            staged = data_dir / target.name
            storage.save(str(staged))
            candidate = dataclasses.replace(project, data_path=data_dir)
        else:
            staged = item.folder / target.name
            storage.save(str(staged))
            candidate = dataclasses.replace(project, data_path=staged)
        new = load_dataset(candidate)
    except BaseException:
        staging.drop(item.token)
        raise
    item.names[staged.name] = client_name(storage.filename)
    item.target, item.staged, item.sha = target, staged, file_sha256(staged)
    try:
        old = load_dataset(project, isolate_units=True)
    except DraftgenError:
        old = None
    item.changes = value_changes(old, new)
    item.counts = {"indicators": len(new.indicators), "values": len(new.observations),
                   "targets": len(new.targets)}
    return item


def value_changes(old: Dataset | None, new: Dataset) -> list[ValueChange]:
    """The values that an upload adds, changes or removes."""
    before = old.observations if old is not None else {}
    after = new.observations
    out = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        va, vb = (a.value if a else None), (b.value if b else None)
        if va != vb:
            out.append(ValueChange(*key, va, vb))
    return out


def apply_data(project: Project, item: Pending, *,
               now: _dt.datetime | None = None) -> tuple[Path, str]:
    """Swap a confirmed data file in, keeping the old one (and the old companion workbook
    of a CSV folder, written again from the new tables); the archive folder and what
    happened to the companion, in Vietnamese ("" without one)."""
    assert item.staged is not None and item.target is not None
    if file_sha256(item.staged) != item.sha:
        raise DraftgenError("tệp đã tải lên bị thay đổi trong lúc chờ xác nhận",
                            hint="tải tệp lên lại")
    if item.target != data_target(project, item.target.stem if project.data_path.is_dir()
                                  else None):
        raise DraftgenError("cấu hình số liệu của dự án đã đổi từ lúc tải lên",
                            hint="tải tệp lên lại")
    archive = new_archive(project.root / ARCHIVE, now or _dt.datetime.now())
    if item.target.is_file():
        shutil.copy2(item.target, archive / f"truoc-khi-thay-{item.target.name}")
    tmp = item.target.with_name(f".{item.target.name}.dang-ghi")
    try:
        shutil.copyfile(item.staged, tmp)
        os.replace(tmp, item.target)
    finally:
        if tmp.exists():
            tmp.unlink()
    companion, error = (rewrite_companion(project, archive, "truoc-khi-thay-")
                        if project.data_path.is_dir() else (None, ""))
    if companion is None:
        return archive, ""
    if error:
        return archive, (f"Không ghi lại được sổ Excel đi kèm {companion.name} ({error}): sổ đó "
                         "còn số cũ; đóng tệp nếu đang mở rồi thay số liệu lại.")
    return archive, f"Đã cập nhật sổ Excel đi kèm {companion.name} theo số liệu mới."


# --------------------------------------------------------------------------- forms


def stage_forms(staging: Staging, files: list) -> Pending:
    """Stage uploaded returned forms (.xlsx only) under safe names."""
    chosen = [f for f in files if f is not None and getattr(f, "filename", "")]
    if not chosen:
        raise UploadError("chưa chọn phiếu nào", hint="bấm «Chọn tệp», chọn các phiếu .xlsx")
    for storage in chosen:
        check_upload(storage, (".xlsx",))
    item = staging.new("forms")
    for n, storage in enumerate(chosen, start=1):
        stem = safe_stem(storage.filename)
        name = f"{stem}.xlsx"  # a name of safe characters only, made here
        if name != client_name(storage.filename) or name in item.names:
            name = f"{stem}.{n}.xlsx"
        storage.save(str(item.folder / name))
        item.names[name] = client_name(storage.filename)
    return item


def plan_forms(project: Project, item: Pending):
    from ..collect import plan_collection

    return plan_collection(project, item.folder)


def apply_forms(project: Project, item: Pending):
    from ..collect import apply_plan

    plan = plan_forms(project, item)
    return apply_plan(plan)


def load_errors(exc: DraftgenError, staging: Staging | None = None) -> list[str]:
    """Every message of a load failure (the staging folder left out of the places)."""
    found = [str(e) for e in exc.errors] if isinstance(exc, DataErrors) else [str(exc)]
    if staging is not None:
        prefix = re.compile(re.escape(str(staging.root)) + r"/[^/]+/")
        found = [prefix.sub("", text) for text in found]
    return found
