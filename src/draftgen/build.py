"""Build documents: every document of a project for every one of its units."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import DocumentSpec, Project, load_project
from .context import build_context
from .environment import make_environment
from .errors import DraftgenError, TemplateError
from .loader import Dataset, load_dataset
from .model import Unit
from .render import RenderOptions, render_docx
from .style import Style
from .writer import atomic_write, normalise_docx


@dataclass(frozen=True)
class Job:
    """One output: a document for a unit."""

    document: DocumentSpec
    unit: Unit

    @property
    def relpath(self) -> str:
        return f"{self.document.name}/{self.unit.code}.docx"


@dataclass
class JobResult:
    job: Job
    path: Path | None = None
    status: str = "built"  # built | failed
    error: str | None = None


@dataclass
class BuildReport:
    results: list[JobResult] = field(default_factory=list)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed


class Builder:
    """Holds what a batch shares: the project, its data, the environment and the
    templates, each loaded or compiled once."""

    def __init__(self, project: Project, data: Dataset | None = None):
        self.project = project
        self.style = Style.from_mapping(project.style)
        self.data = data if data is not None else load_dataset(project)
        self.env = make_environment(self.style)
        self._templates: dict[str, bytes] = {}

    def jobs(self, documents: Iterable[str] | None = None,
             units: Iterable[str] | None = None) -> list[Job]:
        specs = ([self.project.document(n) for n in documents] if documents
                 else self.project.documents)
        wanted = set(units) if units else None
        if wanted:
            unknown = wanted - set(self.project.units)
            if unknown:
                raise DraftgenError(f"không có đơn vị {', '.join(sorted(unknown))}",
                                    hint="xem danh sách bằng lệnh «draftgen units»")
        return [Job(spec, unit) for spec in specs
                for unit in self.project.select_units(spec.units)
                if wanted is None or unit.code in wanted]

    def template(self, name: str) -> bytes:
        if name not in self._templates:
            path = self.project.templates_dir / name
            if not path.is_file():
                raise TemplateError(f"không tìm thấy mẫu «{path}»",
                                    hint="kiểm tra khóa template của văn bản và khóa templates "
                                         "trong [project]")
            self._templates[name] = path.read_bytes()
        return self._templates[name]

    def render(self, job: Job) -> bytes:
        spec = job.document
        context = build_context(self.project, self.data, spec, job.unit)
        stamp = f"{spec.date}T00:00:00" if spec.date else f"{spec.report_year}-01-01T00:00:00"
        data = render_docx(
            self.template(spec.template), context, self.env,
            template_name=spec.template,
            unit_label=f"{spec.name} / {job.unit.full_name} ({job.unit.code})",
            options=RenderOptions(footnotes=spec.footnotes, annex_title=spec.annex_title,
                                  timestamp=stamp),
        )
        return normalise_docx(data)

    def check(self, jobs: list[Job], *, trial: bool = True) -> list[str]:
        """Every problem of the templates the jobs use, then (``trial``) of rendering each
        job without writing anything."""
        from .checker import check_project

        specs = list({j.document.name: j.document for j in jobs}.values())
        templates: dict[str, bytes] = {}
        for spec in specs:
            try:
                templates[spec.template] = self.template(spec.template)
            except TemplateError:
                pass  # reported by check_project
        found = [str(p) for p in check_project(self.project, self.data, self.env, specs,
                                                templates=templates)]
        if trial and not found:
            for job in jobs:
                try:
                    self.render(job)
                except DraftgenError as exc:
                    found.append(str(exc))
        return found

    def output_path(self, job: Job) -> Path:
        return self.project.output_dir / job.relpath

    def run(self, jobs: list[Job], *,
            progress: Callable[[JobResult], None] | None = None) -> BuildReport:
        report = BuildReport()
        for job in jobs:
            result = JobResult(job)
            try:
                data = self.render(job)
                path = self.output_path(job)
                atomic_write(path, data)
                result.path = path
            except DraftgenError as exc:
                result.status, result.error = "failed", str(exc)
            report.results.append(result)
            if progress:
                progress(result)
        return report


def build(project_path: Path | str, *, documents: Iterable[str] | None = None,
          units: Iterable[str] | None = None,
          progress: Callable[[JobResult], None] | None = None) -> BuildReport:
    """Load a project and build its documents; failures are reported per job."""
    builder = Builder(load_project(project_path))
    return builder.run(builder.jobs(documents, units), progress=progress)
