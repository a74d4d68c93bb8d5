"""Builds in the background: one worker thread per workspace, one batch at a time.

The thread calls :func:`draftgen.build.build`, the function ``draftgen build`` calls, and
keeps one line per output from its progress callback for the progress page.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..build import JobResult, select_jobs
from ..config import load_project
from ..errors import DraftgenError, OutputError
from ..lock import project_lock
from ..manifest import STATE_DIR
from ..writer import unwritable

log = logging.getLogger(__name__)

BUILT, FAILED, UNCHANGED, KEPT = "built", "failed", "unchanged", "kept"
LABELS = {BUILT: "đã dựng", FAILED: "lỗi", UNCHANGED: "không đổi",
          KEPT: "giữ bản đã sửa"}


@dataclass
class Line:
    """What happened to one output of a batch."""

    document: str
    unit: str
    unit_name: str
    status: str  # BUILT | FAILED | UNCHANGED | KEPT
    text: str
    title: str = ""  # the document's label in the config (draftgen.toml)

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass
class Batch:
    number: int
    label: str
    total: int = 0
    lines: list[Line] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    error: str | None = None  # the batch stopped as a whole
    report: bool = False  # the change report was written
    up_to_date: bool = False
    warnings: list[str] = field(default_factory=list)  # shown above the lines, failing nothing

    @property
    def running(self) -> bool:
        return self.finished is None

    @property
    def done(self) -> int:
        return len(self.lines)

    @property
    def percent(self) -> int:
        if not self.running:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)


class Busy(Exception):
    """A batch of this workspace is still running."""


def line_of(result: JobResult) -> Line:
    job = result.job
    if result.status == "failed":
        status, text = FAILED, result.error or "lỗi không rõ"
        if result.stale is not None:
            text += f" (bản dựng trước vẫn ở {result.stale.name}, chưa cập nhật)"
    elif result.status == "unchanged":
        status, text = UNCHANGED, "đầu vào không đổi, giữ nguyên"
    elif result.kept is not None:
        status = KEPT
        where = result.path.name if result.path else ""
        text = (f"bản đã dựng trước đó được người biên tập sửa ({result.kept.name}): giữ "
                f"nguyên, bản mới ghi bên cạnh ({where})")
    else:
        status, text = BUILT, f"đã ghi {result.path.name if result.path else job.relpath}"
    return Line(job.document.name, job.unit.code, job.unit.full_name, status, text,
                job.document.display_name)


class BuildRunner:
    """Runs the builds of one project, one batch at a time, in a background thread."""

    def __init__(self, project_dir: Path, *, workers: int = 1):
        self.project_dir = project_dir
        self.workers = workers
        self.batches: list[Batch] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def current(self) -> Batch | None:
        return self.batches[-1] if self.batches else None

    def batch(self, number: int) -> Batch | None:
        for batch in self.batches:
            if batch.number == number:
                return batch
        return None

    def start(self, *, documents: list[str] | None = None, units: list[str] | None = None,
              force: bool = False, label: str = "") -> Batch:
        """Start a batch; :class:`Busy` while one runs; a :class:`DraftgenError` when the
        selection is wrong (nothing started)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                raise Busy()
            project = load_project(self.project_dir)
            total = len(select_jobs(project, documents or None, units or None))
            batch = Batch(len(self.batches) + 1, label or "mọi văn bản", total)
            self.batches.append(batch)
            del self.batches[:-20]  # keep the last ones only
            self._thread = threading.Thread(
                target=self._run, args=(batch, documents, units, force),
                name=f"draftgen-build-{batch.number}", daemon=True)
            self._thread.start()
            return batch

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self, batch: Batch, documents: list[str] | None, units: list[str] | None,
             force: bool) -> None:
        from ..build import build

        try:
            project = load_project(self.project_dir)
            try:
                with project_lock(project.output_dir / STATE_DIR):
                    pass
            except OutputError:
                batch.error = ("Một lần dựng khác (có thể chạy từ cửa sổ lệnh) đang dùng thư "
                               "mục đầu ra của dự án này. Chờ lần dựng đó xong rồi bấm dựng lại.")
                return
            report = build(project, documents=documents or None, units=units or None,
                           force=force, workers=self.workers,
                           progress=lambda r: batch.lines.append(line_of(r)))
            batch.warnings = list(report.warnings)
            if report.up_to_date:
                batch.up_to_date = True
                batch.lines[:] = [line_of(r) for r in report.results]
            batch.report = report.report_path is not None
        except DraftgenError as exc:
            batch.error = str(exc)
        except OSError as exc:
            batch.error = str(unwritable(Path(exc.filename or self.project_dir), exc))
        except Exception as exc:  # the page must say the batch stopped, whatever happened
            log.exception("build batch %s", batch.number)
            batch.error = f"lần dựng dừng vì lỗi không lường trước ({type(exc).__name__}: {exc})"
        finally:
            batch.finished = time.time()
