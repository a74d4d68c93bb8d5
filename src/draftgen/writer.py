"""Write .docx files atomically and deterministically.

The same inputs give byte-identical files: zip entries keep their order and get a fixed
timestamp. A file is written to a temporary name beside its target and renamed, so a
reader never sees half a document and a crash never leaves one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from pathlib import Path

from .errors import OutputError
from .oxml.archive import is_normal_zip, read_entries, write_zip


def normalise_docx(data: bytes) -> bytes:
    """Rewrite a .docx zip with fixed timestamps and attributes, entries in their order.

    A document rendered by draftgen is already written that way
    (:func:`draftgen.oxml.package.docx_bytes`) and is returned as it is: it is zipped
    once. Any other zip is written again by :func:`draftgen.oxml.archive.write_zip`.
    """
    if is_normal_zip(data):
        return data
    return write_zip(read_entries(data).items())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _umask() -> int:
    """This process's umask, read without changing it where the system tells it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore at once
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The permissions of a new file, as ``open()`` would give it (0644 under umask 022):
    a temporary file is made 0600, readable by its owner only."""
    return 0o666 & ~_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, with the usual
    permissions (:func:`file_mode`). Whatever fails, no temporary file is left behind and
    ``path`` holds either its old bytes or the new ones; the bytes are on the disk
    (``fsync``) before the rename."""
    _replace(path, data, sync=True)


def replace_unsynced(path: Path, data: bytes) -> None:
    """:func:`atomic_write` without the ``fsync``: a reader still never sees half a file,
    but after a power cut the file may be missing. For copies a later
    :func:`flush_filesystem` makes durable before anything points at them (the history of
    builds, see :mod:`draftgen.delivery`): one flush for a batch instead of one per file."""
    _replace(path, data, sync=False)


def flush_filesystem(path: Path) -> None:
    """Put on the disk every file written so far on the file system holding ``path``
    (Linux ``syncfs``; elsewhere ``os.sync``)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(path, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    os.sync()


def _replace(path: Path, data: bytes, *, sync: bool) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), file_mode())
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def unwritable(path: Path, exc: OSError) -> OutputError:
    """A Vietnamese error for a file that could not be written: where, why, what to do."""
    reasons = {errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
               errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOSPC: "ổ đĩa đã đầy",
               errno.EDQUOT: "hết hạn mức dung lượng"}
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"không ghi được «{path}»: {reason}",
                       hint="kiểm tra quyền ghi và chỗ trống của thư mục đầu ra "
                            "(khóa output trong [project] của draftgen.toml)")
