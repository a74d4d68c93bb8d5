"""The parsed form of a config file kept on disk, so that an unchanged ``draftgen.toml`` is
parsed once across runs.

Parsing the TOML of a thousand units takes about a tenth of a second, most of what a build
with nothing to do costs. The parsed tables are a pure function of the file's bytes (and
of the parser, that is of the Python version): they are kept in a file named by a digest
of both, in the compile cache's folder (:mod:`draftgen.compilecache`, ``*.toml`` files).
A changed byte gives another name, so a kept file is never the parse of other bytes; a file
that cannot be read back as plain tables is ignored and the text parsed again. Only the
parse is kept: every check of the config still runs on every load.

The file is written with :mod:`marshal` (plain values only, nothing that runs code on
loading); TOML dates and times, which marshal cannot write, become tagged tuples (the
parser never gives a tuple).

The units of a config file, once they have passed every check, are kept the same way
(``*.units`` files, :func:`load_units`): their checks and clean-up are a pure function of
the file's bytes and of the code that checks them, so the kept units are named by both (the
bytes, and the sizes and modification times of that code's modules). A thousand units are
then made again without reading each of their keys.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

FORMAT = b"draftgen-toml-1"
LIMIT = 16  # parsed config files kept (a few projects, and their previous versions)
_SUFFIX = ".toml"
_TYPES = {"date": dt.date, "datetime": dt.datetime, "time": dt.time}


def _folder() -> Path | None:
    from .compilecache import _folder as cache_folder

    return cache_folder()


def _path(folder: Path, data: bytes) -> Path:
    h = hashlib.sha256(FORMAT)
    h.update(sys.version.encode())
    h.update(b"\0")
    h.update(data)
    return folder / f"{h.hexdigest()}{_SUFFIX}"


def _plain(value: Any) -> Any:
    """``value`` with dates and times as tagged tuples, for marshal."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    if isinstance(value, dt.time):
        return ("time", value.isoformat())
    return value


def _typed(value: Any) -> Any:
    """The inverse of :func:`_plain`; ValueError on anything TOML cannot give."""
    kind = type(value)
    if kind is dict:
        return {k: _typed(v) for k, v in value.items()}
    if kind is list:
        return [_typed(v) for v in value]
    if kind in (str, int, float, bool):
        return value
    if kind is tuple and len(value) == 2 and value[0] in _TYPES:
        return _TYPES[value[0]].fromisoformat(value[1])
    raise ValueError(f"not a TOML value: {kind.__name__}")


def load(data: bytes) -> dict[str, Any] | None:
    """The kept parse of a config file's ``data``, or None."""
    folder = _folder()
    if folder is None:
        return None
    try:
        path = _path(folder, data)
        raw = marshal.loads(path.read_bytes())
        if type(raw) is not dict:
            return None
        parsed = _typed(raw)
        os.utime(path)  # recently used: kept by the pruning
        return parsed
    except (OSError, EOFError, ValueError, TypeError):
        return None


def store(data: bytes, parsed: dict[str, Any]) -> None:
    """Keep the parse of ``data``; a cache that cannot be written costs only a parse."""
    folder = _folder()
    if folder is not None:
        _keep(folder, _path(folder, data), lambda: marshal.dumps(_plain(parsed)))


def _keep(folder: Path, path: Path, payload: Any) -> None:
    """Write ``payload()`` (bytes) to ``path`` in ``folder`` through a temporary file, then
    keep the ``LIMIT`` most recently used files of its kind; nothing when it cannot."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload())
        os.replace(tmp, path)
        kept = sorted(folder.glob(f"*{path.suffix}"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-LIMIT]:
            old.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass


_UNITS_FORMAT = b"draftgen-units-1"
_UNITS_SUFFIX = ".units"


def _units_path(folder: Path, data: bytes, code: str) -> Path:
    h = hashlib.sha256(_UNITS_FORMAT)
    for part in (sys.version.encode(), code.encode(), data):
        h.update(part)
        h.update(b"\0")
    return folder / f"{h.hexdigest()}{_UNITS_SUFFIX}"


def load_units(data: bytes, code: str, width: int
               ) -> tuple[dict[str, Any], list[tuple]] | None:
    """The kept units of a config file's ``data`` checked by ``code`` (a key of the
    checking code's modules), with the file's other tables: (the parse without its
    ``units``, one tuple of ``width`` fields a unit); None when not kept."""
    folder = _folder()
    if folder is None:
        return None
    try:
        path = _units_path(folder, data, code)
        kept = marshal.loads(path.read_bytes())
        if type(kept) is not tuple or len(kept) != 2 or type(kept[0]) is not dict:
            return None
        rest, rows = _typed(kept[0]), kept[1]
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if type(rows) is not list or not all(type(r) is tuple and len(r) == width for r in rows):
        return None
    try:
        os.utime(path)
    except OSError:
        pass
    return rest, rows


def store_units(data: bytes, code: str, rest: dict[str, Any], rows: list[tuple]) -> None:
    """Keep the checked units of ``data`` and the parse of its other tables ``rest``
    (see :func:`load_units`)."""
    folder = _folder()
    if folder is not None:
        _keep(folder, _units_path(folder, data, code),
              lambda: marshal.dumps((_plain(rest), rows)))
