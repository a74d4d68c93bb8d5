"""Putting a new build in place: an editor's work is never overwritten.

For one output (``<document>/<unit>.docx``) and its new bytes:

- the build is kept in the history folder (``.lich-su/<document>/<unit>/<n>.docx``);
- the output's place gets it when the file there is draftgen's own (the hash the manifest
  recorded) or there is none; otherwise the file there is an editor's and stays as it is,
  the new build goes beside it (``<unit>.moi.docx``; ``.moi-2.docx`` … when that one was
  edited too);
- the tracked-changes copy has one place, ``<unit>.thay-doi.docx``, rewritten by every
  rebuild: a derived file, never a second copy beside a stale one.

Nothing here renders or compares documents: see :mod:`draftgen.build`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError
from .manifest import Entry
from .writer import atomic_write, file_sha256, replace_unsynced, sha256

HISTORY_DIR = ".lich-su"
NEW_TAG = "moi"  # <unit>.moi.docx: the new build beside an edited output
TRACKED_TAG = "thay-doi"  # <unit>.thay-doi.docx: the tracked-changes copy


@dataclass
class Delivered:
    """Where one new build went."""

    entry: Entry  # the manifest entry for it
    target: Path  # the file holding the new build
    kept: Path | None = None  # the editor's output, left as it was
    tracked: Path | None = None  # the tracked-changes copy


def history_path(folder: Path, relpath: str, n: int) -> Path:
    """The ``n``-th build of ``document/unit.docx`` in the history folder."""
    document, _, name = relpath.rpartition("/")
    return folder / HISTORY_DIR / document / name.removesuffix(".docx") / f"{n}.docx"


def tracked_path(output: Path) -> Path:
    """The one tracked-changes copy of an output."""
    return output.with_name(f"{output.name.removesuffix('.docx')}.{TRACKED_TAG}.docx")


def free_place(output: Path, tag: str, ours: set[str]) -> Path:
    """Where to write a file that goes beside ``output`` (``<unit>.<tag>.docx``): the first
    name that is free or holds a file draftgen wrote (its hash in ``ours``)."""
    stem = output.name.removesuffix(".docx")
    for n in range(1, 1000):
        place = output.with_name(f"{stem}.{tag}{'' if n == 1 else f'-{n}'}.docx")
        if not place.exists() or file_sha256(place) in ours:
            return place
    raise OutputError(f"không tìm được chỗ ghi bản mới cạnh «{output}»",
                      hint=f"dọn các tệp {stem}.{tag}-*.docx cũ")


def _remove_ours(path: Path, sha: str | None) -> None:
    """Remove a file draftgen wrote, if it is still as written."""
    if sha is not None and path.is_file() and file_sha256(path) == sha:
        path.unlink()


def deliver(folder: Path, relpath: str, entry: Entry | None, inputs: str, data: bytes,
            tracked: bytes | None) -> Delivered:
    """Write a new build of ``relpath`` (and its tracked-changes copy, if any) under the
    output ``folder``, given the manifest ``entry`` of the previous build."""
    path = folder / relpath
    new_sha = sha256(data)
    current = file_sha256(path) if path.is_file() else None
    ours = (current is None or current == new_sha
            or (entry is not None and current in (entry.written, entry.built)))
    n = (entry.history if entry else 0) + 1
    replace_unsynced(history_path(folder, relpath, n), data)  # made durable before the
    # manifest is saved (build: flush_filesystem), one flush for the whole batch
    new = Entry(inputs=inputs, built=new_sha, history=n,
                written=entry.written if entry else None)
    out = Delivered(new, path)
    if ours:
        if current != new_sha:
            atomic_write(path, data)
        new.written = new_sha
        if entry and entry.beside:
            _remove_ours(folder / entry.beside, entry.beside_sha)  # superseded
    else:
        known = {new_sha} | ({entry.beside_sha} if entry and entry.beside_sha else set())
        out.target = free_place(path, NEW_TAG, known)
        atomic_write(out.target, data)
        new.beside, new.beside_sha = out.target.relative_to(folder).as_posix(), new_sha
        out.kept = path
    place = tracked_path(path)
    if entry and entry.tracked and folder / entry.tracked != place:
        _remove_ours(folder / entry.tracked, entry.tracked_sha)  # an older name
    if tracked is not None:
        replace_unsynced(place, tracked)  # derived from the history: the same flush
        new.tracked, new.tracked_sha = place.relative_to(folder).as_posix(), sha256(tracked)
        out.tracked = place
    elif entry and entry.tracked:  # nothing to compare with: an old copy would mislead
        _remove_ours(place, entry.tracked_sha)
    return out
