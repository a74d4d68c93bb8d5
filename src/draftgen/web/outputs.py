"""The files a request may download: only those the project's configuration and manifest
know. A request names a document and a unit (checked against the project) and a kind of
file; the path is made here, never taken from the request."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..build import select_jobs
from ..config import Project
from ..manifest import Manifest
from ..model import Unit

DOCX, BESIDE, TRACKED, PDF = "docx", "moi", "thay-doi", "pdf"
KIND_LABELS = {DOCX: "văn bản .docx", BESIDE: "bản mới (cạnh bản đã sửa)",
               TRACKED: "bản theo dõi thay đổi", PDF: "PDF"}


def inside(base: Path, path: Path) -> bool:
    """Whether ``path`` (links resolved) lies in ``base``."""
    try:
        return path.resolve().is_relative_to(base.resolve())
    except OSError:
        return False


@dataclass
class Output:
    document: str
    unit: Unit
    relpath: str
    files: dict[str, Path] = field(default_factory=dict)
    stale: str | None = None  # why the latest rebuild failed
    title: str = ""  # the document's label in the config (draftgen.toml)

    @property
    def main(self) -> Path | None:
        """The file to preview: the new build beside an edited one, else the output."""
        return self.files.get(BESIDE) or self.files.get(DOCX)


def list_outputs(project: Project) -> list[Output]:
    """Every output of the project, in the order of the config, with its files."""
    folder = project.output_dir
    manifest = Manifest.load(folder)
    out = []
    for job in select_jobs(project):
        entry = manifest.entries.get(job.relpath)
        item = Output(job.document.name, job.unit, job.relpath,
                      stale=entry.stale if entry else None, title=job.document.display_name)
        candidates = {DOCX: folder / job.relpath,
                      PDF: folder / f"{job.relpath.removesuffix('.docx')}.pdf"}
        if entry is not None and entry.beside:
            candidates[BESIDE] = folder / entry.beside
        if entry is not None and entry.tracked:
            candidates[TRACKED] = folder / entry.tracked
        for kind, path in candidates.items():
            if path.is_file() and inside(folder, path):
                item.files[kind] = path
        out.append(item)
    return out


def find_output(project: Project, document: str, unit: str) -> Output | None:
    for item in list_outputs(project):
        if item.document == document and item.unit.code == unit:
            return item
    return None
