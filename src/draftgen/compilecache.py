"""Compiled Jinja code kept on disk, so that a template is compiled once across runs.

docxtpl hands the whole XML of a part (80 kB for the body of the sample report) to the
environment; turning it into Python code takes about half a second, the same for every run
while the template does not change. :class:`CompileCache` keeps the code object
(:mod:`marshal`) in a file named by a digest of what decides the code: the source text, the
environment's settings (delimiters, autoescape, finalize, sandbox operators, the filters and
tests and how they are called), the Jinja and Python versions and the draftgen engine
(its version and code). A file that cannot be read is compiled again, never trusted.

The folder is ``$DRAFTGEN_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/draftgen/jinja`` (by
default ``~/.cache/draftgen/jinja``): outside the output folder, whose files are part of
what a build writes. ``DRAFTGEN_CACHE_DIR=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = ["CompileCache", "default_cache"]

ENV_VAR = "DRAFTGEN_CACHE_DIR"
LIMIT = 1024  # files kept: the parts of a few templates and the content files of
# every unit (each a template source), and their previous versions; ~10 kB each


def _folder() -> Path | None:
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return None if chosen.lower() in ("off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "draftgen" / "jinja"


def _callable_kind(func: Any) -> str:
    from jinja2.utils import _PassArg

    kind = _PassArg.from_obj(func)
    return kind.name if kind is not None else "-"


def environment_key(env: Any) -> str:
    """What in ``env`` changes the code Jinja generates for a source."""
    import jinja2

    from .manifest import engine_fingerprint

    settings = (
        type(env).__module__, type(env).__qualname__,
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
        env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        env.autoescape if isinstance(env.autoescape, bool) else "callable",
        env.finalize is not None and _callable_kind(env.finalize),
        sorted(env.extensions),
        sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())),
        sorted((n, _callable_kind(f)) for n, f in env.filters.items()),
        sorted((n, _callable_kind(f)) for n, f in env.tests.items()),
    )
    h = hashlib.sha256()
    for part in (repr(settings), jinja2.__version__, sys.version,
                 importlib.util.MAGIC_NUMBER.hex(), engine_fingerprint()):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class CompileCache:
    """Code objects of compiled template sources, in files of ``folder``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, env: Any, source: str, name: str | None, filename: str | None) -> Path:
        key = getattr(env, "compile_key", None)
        if key is None:
            key = environment_key(env)
            env.compile_key = key
        h = hashlib.sha256(key.encode())
        for part in (name or "", filename or "", source):
            h.update(b"\0")
            h.update(part.encode("utf-8", "surrogatepass"))
        return self.folder / f"{h.hexdigest()}.code"

    def compile(self, env: Any, source: str, name: str | None, filename: str | None,
                compile_: Callable[[], CodeType]) -> CodeType:
        """The code of ``source``: from its file, else ``compile_()`` and kept."""
        path = self.path(env, source, name, filename)
        try:
            code = marshal.loads(path.read_bytes())
            if isinstance(code, CodeType):
                os.utime(path)  # recently used: kept by the pruning
                return code
        except (OSError, EOFError, ValueError, TypeError):
            pass
        code = compile_()
        self._store(path, code)
        return code

    def _store(self, path: Path, code: CodeType) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.folder)
            with os.fdopen(fd, "wb") as fh:
                fh.write(marshal.dumps(code))
            os.replace(tmp, path)
            self._prune()
        except OSError:
            pass  # a cache that cannot be written only costs the next run a compile

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.code"), key=lambda p: p.stat().st_mtime)
        for old in files[:-LIMIT]:
            old.unlink(missing_ok=True)


def default_cache() -> CompileCache | None:
    """The cache in the default folder (see the module's text), or None when it is off."""
    folder = _folder()
    return CompileCache(folder) if folder is not None else None
