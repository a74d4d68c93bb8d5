"""One build at a time per output folder.

A build holds an exclusive ``flock`` on ``output/.draftgen/khoa`` from reading the
manifest to saving it: two builds of one project never both read the manifest, each add
their outputs and save over the other's. The lock goes with the process that holds it,
however it ends (``kill -9`` included), so it never goes stale. The file holds the pid
of the holder, for the message a waiting build gives.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .writer import unwritable

LOCK_NAME = "khoa"
_POLL = 0.2  # seconds between tries while waiting


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


@contextmanager
def project_lock(state_dir: Path, *, wait: float = 0.0,
                 waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of the output folder whose state folder is ``state_dir``.

    When another build holds it, wait up to ``wait`` seconds (``waiting`` is told once,
    with the holder's pid), then give up with an :class:`OutputError` naming the holder.
    Where ``fcntl`` does not exist (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    path = state_dir / LOCK_NAME
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise unwritable(path, exc) from exc
    try:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
                if time.monotonic() >= deadline:
                    who = f"tiến trình {holder}" if holder else "một tiến trình khác"
                    raise OutputError(
                        f"thư mục đầu ra «{state_dir.parent}» đang được {who} dựng",
                        hint="chờ lần dựng đó xong rồi chạy lại, hoặc dùng «--wait GIÂY» "
                             "để tự chờ") from None
                if waiting is not None and not told:
                    waiting(holder)
                    told = True
                time.sleep(_POLL)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass  # the pid is only for messages
        try:
            yield
        finally:
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
