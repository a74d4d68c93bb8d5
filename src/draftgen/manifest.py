"""What each output was built from: fingerprints of the inputs and the manifest file.

The manifest (``output/.draftgen/manifest.json``) holds, for each output (``document/unit.docx``):

- ``inputs``: a fingerprint of everything the document was built from (the draftgen
  version and code, the template, the document's settings, the unit and its ancestors and
  descendants, their data rows, the catalogue, the style, the content files of the unit);
- ``built``: the sha256 of the latest build, and ``written``: of the file draftgen last
  put at the output's place — a file there with any other hash is an editor's;
- ``history``: the number of the latest build kept in the history folder;
- ``beside`` / ``tracked``: the new build written beside an edited output and the
  tracked-changes copy, with their hashes;
- ``stale``: set when the latest rebuild of the output failed (why, in Vietnamese): the
  file there is an older build that does not follow the current inputs.

``project`` is a fingerprint of the bytes of every input file, recorded after a complete
build without failures: when it still matches and every output is there, nothing needs
building and the data is not even read.

The figures each output was built from are kept apart (``so-lieu.json``), read only when
a document is rebuilt, for the change report.

Both files are written once, at the end of a build. Meanwhile every output put in place is
appended to a journal (``nhat-ky.jsonl``), which the next load replays and the next save
clears: a build killed half way loses nothing of what it wrote (its files stay draftgen's,
not an editor's). This module reads no data itself and imports
nothing heavy: the no-change check must be quick.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .writer import atomic_write

STATE_DIR = ".draftgen"
MANIFEST_NAME = "manifest.json"
FIGURES_NAME = "so-lieu.json"
JOURNAL_NAME = "nhat-ky.jsonl"
FORMAT = 1
# Libraries whose version changes what a build writes.
_RENDERING_LIBRARIES = ("docxtpl", "jinja2", "python-docx", "lxml", "babel")


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))  # length-prefixed: no two splits collide
        h.update(data)
    return h.hexdigest()


def _canonical(value: Any) -> str:
    """A stable text form of settings and records, for fingerprints."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


# The module of each rendering library, whose file changes when the library does.
_LIBRARY_MODULES = {"docxtpl": "docxtpl", "jinja2": "jinja2", "python-docx": "docx",
                    "lxml": "lxml", "babel": "babel"}


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """The draftgen version, the bytes of its code and resources, and the versions of the
    libraries that render: a new draftgen rebuilds everything.

    Reading and hashing every file of draftgen, and asking the installed packages for the
    libraries' versions, is most of what a build with nothing to do costs; so the result is
    kept in the compile cache's folder, named by the sizes and modification times of those
    files and of the libraries' modules (as Python keeps the bytecode of a module): any
    change to one of them computes it again.
    """
    package = Path(__file__).resolve().parent
    files = [path for path in sorted(package.rglob("*"))
             if path.suffix in (".py", ".xml", ".json", ".ttf", ".docx") and path.is_file()]
    kept = _kept_engine_fingerprint(package, files)
    if kept is not None and kept[1] is not None:
        return kept[1]
    from importlib import metadata

    parts: list[bytes | str] = [__version__]
    for path in files:
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in _RENDERING_LIBRARIES:
        try:
            parts.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}=-")
    fingerprint = _digest(*parts)
    if kept is not None:
        _keep_engine_fingerprint(kept[0], fingerprint)
    return fingerprint


_ENGINE_KEPT = 8  # fingerprints kept: a few installs of draftgen side by side


def _keep_engine_fingerprint(path: Path, fingerprint: str) -> None:
    from .writer import replace_unsynced

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_unsynced(path, fingerprint.encode("ascii"))
        older = sorted(path.parent.glob("engine-*.txt"), key=lambda p: p.stat().st_mtime)
        for old in older[:-_ENGINE_KEPT]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next build the hashing


def _kept_engine_fingerprint(package: Path, files: list[Path]
                             ) -> tuple[Path, str | None] | None:
    """Where the engine fingerprint of these files is kept, and the fingerprint if it is;
    None when there is no cache folder or a file cannot be looked at."""
    import importlib.util
    import sys

    from .compilecache import _folder

    folder = _folder()
    if folder is None:
        return None
    key = [__version__, sys.version]
    try:
        for path in files:
            st = path.stat()
            key.append(f"{path.relative_to(package).as_posix()}:{st.st_size}:{st.st_mtime_ns}")
        for name, module in _LIBRARY_MODULES.items():
            spec = importlib.util.find_spec(module)
            origin = spec.origin if spec is not None and spec.origin else ""
            st = os.stat(origin) if origin else None
            key.append(f"{name}:{origin}:{st.st_size if st else -1}:{st.st_mtime_ns if st else -1}")
    except (OSError, ImportError, ValueError):
        return None
    path = folder / f"engine-{_digest(*key)}.txt"
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return path, None
    return path, text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None


def _files_under(folder: Path | str) -> Iterator[Path]:
    # asked of every unit's folder, most of them missing: a path as text costs no Path
    # (whose parts Python keeps interned for the whole build)
    if os.path.isfile(folder):
        yield Path(folder)
    elif os.path.isdir(folder):
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and not path.name.startswith((".", "~$")):
                yield path


def _hash_files(paths: Iterable[Path], root: Path) -> list[str]:
    out = []
    for path in paths:
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.as_posix()
        out += [name, hashlib.sha256(path.read_bytes()).hexdigest()]
    return out


def project_fingerprint(project: Any) -> str:
    """A fingerprint of the bytes of every input file of a project (config, data,
    templates, content) and of the engine. Reads files, never parses them."""
    parts = [engine_fingerprint()]
    parts += _hash_files([project.config_file], project.root)
    for folder in (project.data_path, project.templates_dir, project.content_dir):
        parts.append(os.path.relpath(folder, project.root))  # the project may move
        parts += _hash_files(_files_under(folder), folder)
    return _digest(*parts)


class Fingerprints:
    """Fingerprints of what each (document, unit) is built from, computing each shared
    piece once: a batch of a thousand units hashes every data row once."""

    def __init__(self, project: Any, data: Any, template: Any):
        self._project = project
        self._data = data
        self._template = template  # name -> template bytes
        self._templates: dict[str, str] = {}
        self._own: dict[str, str] = {}
        self._subtree: dict[str, str] = {}
        indicators = [_canonical(i) for i in data.indicators.values()]
        self._shared = _digest(engine_fingerprint(), _canonical(project.name),
                               _canonical(dict(project.style_table)), *indicators)
        self._common_content = _digest(*_hash_files(
            _files_under(project.content_dir / "chung"), project.content_dir))

    def _template_digest(self, name: str) -> str:
        if name not in self._templates:
            self._templates[name] = _digest(self._template(name))
        return self._templates[name]

    def _unit_digest(self, code: str) -> str:
        """The unit's own metadata, data rows and content files."""
        if code not in self._own:
            project = self._project
            rows = [repr(row) for row in self._data.unit_rows(code)]
            content = _hash_files(_files_under(os.path.join(project.content_dir, code)),
                                  project.content_dir)
            self._own[code] = _digest(_canonical(project.units[code]), *rows, *content)
        return self._own[code]

    def _subtree_digest(self, code: str) -> str:
        """The unit and everything below it: a rollup uses its descendants' rows."""
        if code not in self._subtree:
            children = self._project.units[code].children
            self._subtree[code] = _digest(self._unit_digest(code),
                                          *(self._subtree_digest(c) for c in children))
        return self._subtree[code]

    def job(self, spec: Any, unit: Any) -> str:
        """The fingerprint of one output: equal fingerprints give equal documents."""
        ancestors = []
        parent = unit.parent
        while parent is not None:
            ancestors.append(_canonical(self._project.units[parent]))
            parent = self._project.units[parent].parent
        return _digest(self._shared, self._common_content,
                       self._template_digest(spec.template), _canonical(spec),
                       self._subtree_digest(unit.code), *ancestors)


@dataclass
class Entry:
    """What the manifest knows about one output."""

    inputs: str
    built: str  # sha256 of the latest build
    written: str | None = None  # sha256 of what draftgen last wrote at the output's place
    history: int = 0  # number of the latest build in the history folder
    beside: str | None = None  # where the latest build went when the output was edited
    beside_sha: str | None = None
    tracked: str | None = None  # the tracked-changes copy
    tracked_sha: str | None = None
    stale: str | None = None  # why the latest rebuild failed: the file is the build before

    def as_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict(entry)`` without its deep copy (every field is a plain
        value): the manifest of a thousand outputs is written several times per build."""
        return {name: getattr(self, name) for name in _ENTRY_FIELDS}


_ENTRY_FIELDS = tuple(f.name for f in dataclasses.fields(Entry))


@dataclass
class Manifest:
    """The manifest of an output folder."""

    folder: Path  # the output folder
    entries: dict[str, Entry] = field(default_factory=dict)
    project: str | None = None  # project fingerprint after a complete clean build
    round: int = 0  # builds that wrote something
    _loaded: bytes = field(default=b"", repr=False, compare=False)  # as read from the file
    # figures recorded in the journal and not yet in the figures file (pack_figures)
    _pending: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    @property
    def state_dir(self) -> Path:
        return self.folder / STATE_DIR

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The manifest of ``folder``; an empty one if there is none or it is unreadable
        (every output then counts as an editor's until a build proves it is not)."""
        path = folder / STATE_DIR / MANIFEST_NAME
        try:
            data = path.read_bytes()
            raw = json.loads(data.decode("utf-8"))
            if raw.get("format") != FORMAT:
                raise ValueError(raw.get("format"))
            entries = {k: Entry(**v) for k, v in raw.get("outputs", {}).items()}
            manifest = cls(folder, entries, raw.get("project"), int(raw.get("round", 0)))
            # the file as read, not written again to compare: a file another version wrote
            # differently only counts as changed, and is saved once
            manifest._loaded = data
        except (OSError, ValueError, TypeError):
            manifest = cls(folder)
        manifest._replay()
        return manifest

    def _replay(self) -> None:
        """Apply the journal of a build that did not save (killed): a torn last line is
        left out."""
        try:
            lines = (self.state_dir / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
        except (OSError, ValueError):
            return
        for line in lines:
            try:
                record = json.loads(line)
                entry = Entry(**record["entry"])
            except (ValueError, TypeError, KeyError):
                continue
            self.entries[record["output"]] = entry
            if isinstance(record.get("figures"), dict):
                self._pending[record["output"]] = pack_figures(record["figures"])

    def record(self, relpath: str, entry: Entry, figures: bytes | None) -> None:
        """Set the entry of an output just put in place, with its figures as
        :func:`pack_figures` gives them, and journal it at once."""
        self.entries[relpath] = entry
        if figures is not None:
            self._pending[relpath] = figures
        # one line: JSON strings hold no raw line break, the text's breaks are layout only
        flat = "null" if figures is None else unpack_figures(figures).replace("\n", "")
        line = (f'{{"entry": {json.dumps(entry.as_dict(), sort_keys=True, ensure_ascii=False)}'
                f', "figures": {flat}, "output": {json.dumps(relpath, ensure_ascii=False)}}}')
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            with open(self.state_dir / JOURNAL_NAME, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
        except OSError:
            pass  # the journal only guards against a kill; the save at the end still comes

    def _bytes(self) -> bytes:
        return _json_bytes({
            "format": FORMAT,
            "draftgen": __version__,
            "project": self.project,
            "round": self.round,
            "outputs": {k: e.as_dict() for k, e in sorted(self.entries.items())},
        })

    def changed(self) -> bool:
        """Whether the manifest differs from the file it was read from."""
        return self._bytes() != self._loaded

    def save(self) -> None:
        """Write the manifest (and figures only journaled so far), then clear the
        journal."""
        if self._pending:
            self.save_figures(self.load_figures())
        data = self._bytes()
        atomic_write(self.state_dir / MANIFEST_NAME, data)
        self._loaded = data
        (self.state_dir / JOURNAL_NAME).unlink(missing_ok=True)

    def up_to_date(self, fingerprint: str, relpaths: Iterable[str]) -> bool:
        """Whether a build of ``relpaths`` has nothing to do: the inputs are those of the
        last complete clean build and every output is still there (an edited output
        stays the editor's: with unchanged inputs there is nothing new to give)."""
        return self.unchanged_outputs(fingerprint, relpaths) is not None

    def unchanged_outputs(self, fingerprint: str, relpaths: Iterable[str]
                          ) -> list[Path] | None:
        """When a build of ``relpaths`` has nothing to do (see :meth:`up_to_date`), the
        current file of each (:meth:`current_path`); else None. One look at each file,
        by its path as text: a thousand units are looked at in a few milliseconds."""
        if self.project is None or self.project != fingerprint:
            return None
        folder = str(self.folder)
        found: list[Path] = []
        for relpath in relpaths:
            entry = self.entries.get(relpath)
            if entry is None:
                return None
            if os.path.isfile(os.path.join(folder, relpath)):
                found.append(self.folder / relpath)
            elif entry.beside is not None and os.path.isfile(os.path.join(folder, entry.beside)):
                found.append(self.folder / entry.beside)
            else:
                return None
        return found

    def output_present(self, relpath: str, entry: Entry) -> bool:
        return ((self.folder / relpath).is_file()
                or (entry.beside is not None and (self.folder / entry.beside).is_file()))

    def current_path(self, relpath: str, entry: Entry | None = None) -> Path:
        """The output, or the latest build beside it when the output itself is gone."""
        entry = entry or self.entries.get(relpath)
        path = self.folder / relpath
        if not path.is_file() and entry is not None and entry.beside is not None:
            return self.folder / entry.beside
        return path

    # -- figures -------------------------------------------------------------------------
    def load_figures(self) -> Figures:
        try:
            loaded = json.loads((self.state_dir / FIGURES_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        figures = Figures()
        if isinstance(loaded, dict):
            for relpath, unit in loaded.items():
                if isinstance(unit, dict):
                    figures[relpath] = pack_figures(unit)
        for relpath, text in self._pending.items():
            figures[relpath] = text
        return figures

    def save_figures(self, figures: Figures) -> None:
        atomic_write(self.state_dir / FIGURES_NAME, figures.to_bytes())
        self._pending.clear()


def figure_text(figures: dict[str, list]) -> str:
    """One output's figures as the JSON text ``so-lieu.json`` holds for it (sorted keys,
    indented as a value of the file's top level)."""
    text = json.dumps(figures, sort_keys=True, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n ")


def pack_figures(figures: dict[str, list]) -> bytes:
    """One output's figures as kept during a build: their :func:`figure_text`, compressed.
    A thousand units' figures as Python lists and dicts, or even as text, take megabytes
    of the main process, which every worker forked after maps."""
    return zlib.compress(figure_text(figures).encode(), 6)


def unpack_figures(packed: bytes) -> str:
    """The :func:`figure_text` of figures :func:`pack_figures` packed."""
    return zlib.decompress(packed).decode()


class Figures(dict[str, bytes]):
    """The figures of each output (``relpath -> pack_figures``); :meth:`figures` reads
    one output's back, :meth:`to_bytes` gives the figures file."""

    def figures(self, relpath: str) -> dict[str, list] | None:
        packed = self.get(relpath)
        return None if packed is None else json.loads(unpack_figures(packed))

    def to_bytes(self) -> bytes:
        """The figures file, the same bytes as the whole mapping written at once by
        :func:`_json_bytes`."""
        if not self:
            return _json_bytes({})
        parts = [f" {json.dumps(relpath, ensure_ascii=False)}: {unpack_figures(self[relpath])}"
                 for relpath in sorted(self)]
        return ("{\n" + ",\n".join(parts) + "\n}\n").encode()


def _json_bytes(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, fixed indentation, UTF-8."""
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode()
