"""Build documents: every document of a project for every one of its units.

A build is incremental. The manifest (:mod:`draftgen.manifest`) records what each output
was built from; only the outputs whose inputs changed are rendered again (all with
``force``), in a pool of processes (:mod:`draftgen.batch`). Then, for each output:

- an output changed since draftgen wrote it is an editor's: it is never overwritten, the
  new build goes beside it (``<unit>.moi.docx``);
- every build is kept in the history folder (``.lich-su/<document>/<unit>/<n>.docx``);
- a rebuilt document that differs from its previous build gets a tracked-changes copy
  (``<unit>.thay-doi.docx``) and a section in the change report (``bao-cao-thay-doi.md``,
  see :mod:`draftgen.changes`).

Heavy libraries (pandas, docxtpl) are imported only when something has to be built: the
check that nothing changed must be quick.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .changes import DocumentChange, figure_changes, render_report, unit_figures
from .config import DocumentSpec, Project, load_project
from .errors import DraftgenError, TemplateError
from .manifest import Entry, Fingerprints, Manifest, project_fingerprint
from .model import Rollup, Unit
from .writer import atomic_write, file_sha256, sha256

if TYPE_CHECKING:
    from .loader import Dataset
    from .oxml.revisions import ParagraphChange

HISTORY_DIR = ".lich-su"
REPORT_NAME = "bao-cao-thay-doi.md"
NEW_TAG = "moi"  # <unit>.moi.docx: the new build beside an edited output
TRACKED_TAG = "thay-doi"  # <unit>.thay-doi.docx: the tracked-changes copy
AUTHOR = "draftgen"


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
    path: Path | None = None  # the new build (or the current output when unchanged)
    status: str = "built"  # built | unchanged | failed
    error: str | None = None
    kept: Path | None = None  # an editor's output left as it was (the new build is beside)
    tracked: Path | None = None  # the tracked-changes copy
    change: DocumentChange | None = None


@dataclass
class BuildReport:
    results: list[JobResult] = field(default_factory=list)
    up_to_date: bool = False  # nothing to do: inputs unchanged, data not even read
    report_path: Path | None = None  # the change report, when something changed

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def built(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "built"]

    @property
    def unchanged(self) -> list[JobResult]:
        return [r for r in self.results if r.status == "unchanged"]

    @property
    def kept(self) -> list[JobResult]:
        return [r for r in self.results if r.kept is not None]

    @property
    def changes(self) -> list[DocumentChange]:
        return [r.change for r in self.results if r.change is not None and r.change.reported]

    @property
    def ok(self) -> bool:
        return not self.failed


def select_jobs(project: Project, documents: Iterable[str] | None = None,
                units: Iterable[str] | None = None) -> list[Job]:
    """The outputs to build: the documents (all by default) for their units (or only
    ``units``), in the order of the config."""
    specs = [project.document(n) for n in documents] if documents else project.documents
    wanted = set(units) if units else None
    if wanted:
        unknown = wanted - set(project.units)
        if unknown:
            raise DraftgenError(f"không có đơn vị {', '.join(sorted(unknown))}",
                                hint="xem danh sách bằng lệnh «draftgen units»")
    return [Job(spec, unit) for spec in specs
            for unit in project.select_units(spec.units)
            if wanted is None or unit.code in wanted]


@dataclass(frozen=True)
class _Task:
    """A job to render, with the previous build to compare with."""

    job: Job
    inputs: str
    previous: Path | None


@dataclass
class _Rendered:
    data: bytes
    figures: dict[str, list]
    tracked: bytes | None = None
    paragraphs: list[ParagraphChange] | None = None


def _render_task(builder: Builder, task: _Task) -> _Rendered:
    """Worker side: render, then compare with the previous build."""
    data = builder.render(task.job)
    # A render leaves reference cycles holding lxml trees, whose memory the collector does
    # not see: without a collection per render a worker grows by tens of megabytes. The
    # collection is cheap because the project's data is frozen out of it (see ``run``).
    gc.collect()
    out = _Rendered(data, unit_figures(builder.data, task.job.unit.code))
    if task.previous is not None and task.previous.is_file():
        old = task.previous.read_bytes()
        if sha256(old) != sha256(data):
            from .oxml.revisions import make_tracked_copy, text_changes

            date = builder.stamp(task.job.document) + "Z"
            out.tracked = make_tracked_copy(old, data, author=AUTHOR, date=date)
            out.paragraphs = text_changes(old, data)
    return out


def _worker_builder(config_file: Path) -> Builder:
    """A worker's builder where workers cannot be forked."""
    return Builder(load_project(config_file), isolate_units=True)


def _free_place(output: Path, tag: str, known: str | None, known_sha: str | None,
                folder: Path) -> Path:
    """Where to write a file that goes beside ``output`` (``<unit>.<tag>.docx``): the first
    name that is free or holds our own unedited file."""
    stem = output.name.removesuffix(".docx")
    for n in range(1, 1000):
        place = output.with_name(f"{stem}.{tag}{'' if n == 1 else f'-{n}'}.docx")
        if not place.exists():
            return place
        if known is not None and place == folder / known and file_sha256(place) == known_sha:
            return place
    raise DraftgenError(f"không tìm được chỗ ghi bản mới cạnh «{output}»",
                        hint=f"dọn các tệp {stem}.{tag}-*.docx cũ")


class Builder:
    """Holds what a batch shares: the project, its data, the environment and the
    templates, each loaded or compiled once."""

    def __init__(self, project: Project, data: Dataset | None = None, *,
                 isolate_units: bool = False):
        from .environment import make_environment
        from .loader import load_dataset
        from .style import Style

        self.project = project
        self.style = Style.from_mapping(project.style)
        self.data = (data if data is not None
                     else load_dataset(project, isolate_units=isolate_units))
        self.env = make_environment(self.style)
        self._templates: dict[str, bytes] = {}

    def jobs(self, documents: Iterable[str] | None = None,
             units: Iterable[str] | None = None) -> list[Job]:
        return select_jobs(self.project, documents, units)

    def template(self, name: str) -> bytes:
        if name not in self._templates:
            path = self.project.templates_dir / name
            if not path.is_file():
                raise TemplateError(f"không tìm thấy mẫu «{path}»",
                                    hint="kiểm tra khóa template của văn bản và khóa templates "
                                         "trong [project]")
            self._templates[name] = path.read_bytes()
        return self._templates[name]

    @staticmethod
    def stamp(spec: DocumentSpec) -> str:
        """The fixed date written in a build (core properties, revisions)."""
        return f"{spec.date}T00:00:00" if spec.date else f"{spec.report_year}-01-01T00:00:00"

    def render(self, job: Job) -> bytes:
        from .context import build_context
        from .render import RenderOptions, render_docx
        from .writer import normalise_docx

        spec = job.document
        context = build_context(self.project, self.data, spec, job.unit)
        data = render_docx(
            self.template(spec.template), context, self.env,
            template_name=spec.template,
            unit_label=f"{spec.name} / {job.unit.full_name} ({job.unit.code})",
            options=RenderOptions(footnotes=spec.footnotes, annex_title=spec.annex_title,
                                  timestamp=self.stamp(spec)),
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

    def data_failure(self, job: Job) -> str | None:
        """Why a job cannot be built from data with errors in its unit's rows, or in rows
        of its descendants that roll up into it; None when its data is sound."""
        errors = self.data.unit_errors
        if not errors:
            return None
        unit = job.unit
        own = [e.error for e in errors.get(unit.code, ())]
        below = [(d.code, e.error) for d in self.project.descendants(unit.code)
                 for e in errors.get(d.code, ())
                 if (ind := self.data.indicators.get(e.indicator)) is not None
                 and ind.rollup is not Rollup.NONE]
        if not own and not below:
            return None
        label = f"{job.document.name} / {unit.full_name} ({unit.code})"
        if own:
            lines = [f"{label}: số liệu của đơn vị có {len(own)} lỗi, không dựng:"]
            lines += [f"  - {e}" for e in own]
        else:
            names = ", ".join(sorted({code for code, _ in below}))
            lines = [f"{label}: số liệu tổng hợp từ đơn vị trực thuộc ({names}) có lỗi, "
                     "không dựng:"]
            lines += [f"  - {e}" for _, e in below]
        return "\n".join(lines)

    # -- a build ---------------------------------------------------------------------------
    def run(self, jobs: list[Job], *, force: bool = False, workers: int = 1,
            progress: Callable[[JobResult], None] | None = None,
            fingerprint: str | None = None) -> BuildReport:
        """Build the jobs whose inputs changed (all with ``force``), ``workers`` at a time;
        a failing job does not stop the others."""
        from .batch import run_tasks

        fingerprint = fingerprint or project_fingerprint(self.project)
        manifest = Manifest.load(self.project.output_dir)
        prints = Fingerprints(self.project, self.data, self.template)
        results: dict[str, JobResult] = {}
        tasks: list[_Task] = []

        def done(result: JobResult) -> None:
            results[result.job.relpath] = result
            if progress:
                progress(result)

        for job in jobs:
            failure = self.data_failure(job)
            if failure:
                done(JobResult(job, status="failed", error=failure))
                continue
            try:
                inputs = prints.job(job.document, job.unit)
            except DraftgenError as exc:  # a missing template
                done(JobResult(job, status="failed", error=str(exc)))
                continue
            entry = manifest.entries.get(job.relpath)
            if (not force and entry is not None and entry.inputs == inputs
                    and manifest.output_present(job.relpath, entry)):
                done(JobResult(job, self._current(job, entry, manifest), status="unchanged"))
                continue
            tasks.append(_Task(job, inputs, self._previous(job, entry, manifest)))

        figures = manifest.load_figures() if tasks else {}
        changed: list[DocumentChange] = []
        if workers > 1 and tasks:
            # Compile the templates here, before the workers start: forked, they inherit
            # the compiled code instead of compiling it each.
            self.warm({t.job.document.template for t in tasks})
        gc.collect()
        gc.freeze()  # the data stays: collections skip it, forked workers share its pages
        try:
            for batch, count in [(tasks, workers)]:
                for task, rendered, error in run_tasks(
                        _render_task, batch, state=self, workers=count,
                        setup=(_worker_builder, (self.project.config_file,))):
                    if error is not None:
                        done(JobResult(task.job, status="failed", error=str(error)))
                        continue
                    try:
                        result = self._deliver(task, rendered, manifest, figures)
                    except (OSError, DraftgenError) as exc:
                        done(JobResult(task.job, status="failed",
                                       error=f"{task.job.relpath}: không ghi được tệp: {exc}"))
                        continue
                    if result.change is not None and result.change.reported:
                        changed.append(result.change)
                    done(result)
        finally:
            gc.unfreeze()
            self._record(manifest, figures if tasks else None, fingerprint, jobs, results)
        report = BuildReport([results[j.relpath] for j in jobs if j.relpath in results])
        if changed:
            report.report_path = self._write_report(manifest, changed)
        return report

    def warm(self, templates: Iterable[str]) -> None:
        """Compile ``templates`` and, if they draw charts, load the chart library once, in
        this process."""
        from .charts import warm_up
        from .render import warm_template

        charts = False
        for name in sorted(templates):
            try:
                charts |= warm_template(self.template(name), self.env)
            except DraftgenError:
                pass  # a missing template fails its jobs, with its message
        if charts:
            warm_up()

    def _current(self, job: Job, entry: Entry, manifest: Manifest) -> Path:
        return manifest.current_path(job.relpath, entry)

    def _history(self, job: Job, n: int) -> Path:
        return self.project.output_dir / HISTORY_DIR / job.document.name / job.unit.code / f"{n}.docx"

    def _previous(self, job: Job, entry: Entry | None, manifest: Manifest) -> Path | None:
        """The previous build's file, wherever it still is unchanged."""
        if entry is None:
            return None
        candidates = [self._history(job, entry.history), self.output_path(job)]
        if entry.beside:
            candidates.append(manifest.folder / entry.beside)
        for path in candidates:
            if path.is_file() and file_sha256(path) == entry.built:
                return path
        return None

    def _deliver(self, task: _Task, rendered: _Rendered, manifest: Manifest,
                 figures: dict[str, dict[str, list]]) -> JobResult:
        """Main side: put a new build in place without overwriting an editor's work."""
        job, data = task.job, rendered.data
        folder, relpath = manifest.folder, job.relpath
        entry = manifest.entries.get(relpath)
        new_sha = sha256(data)
        old_figures = figures.get(relpath)
        figures[relpath] = rendered.figures
        if entry is not None and entry.built == new_sha and manifest.output_present(relpath, entry):
            entry.inputs = task.inputs  # rebuilt to the same bytes
            return JobResult(job, self._current(job, entry, manifest), status="unchanged")

        path = self.output_path(job)
        current = file_sha256(path) if path.is_file() else None
        ours = (current is None or current == new_sha
                or (entry is not None and current in (entry.written, entry.built)))
        n = (entry.history if entry else 0) + 1
        atomic_write(self._history(job, n), data)
        new = Entry(inputs=task.inputs, built=new_sha, history=n,
                    written=entry.written if entry else None)
        if ours:
            if current != new_sha:
                atomic_write(path, data)
            new.written, target, kept = new_sha, path, None
            if entry and entry.beside and (folder / entry.beside).is_file() \
                    and file_sha256(folder / entry.beside) == entry.beside_sha:
                (folder / entry.beside).unlink()  # our earlier copy, superseded
        else:
            target = _free_place(path, NEW_TAG, entry.beside if entry else None,
                                 entry.beside_sha if entry else None, folder)
            atomic_write(target, data)
            new.beside, new.beside_sha, kept = target.relative_to(folder).as_posix(), new_sha, path
        tracked = None
        if rendered.tracked is not None:
            tracked = _free_place(path, TRACKED_TAG, entry.tracked if entry else None,
                                  entry.tracked_sha if entry else None, folder)
            atomic_write(tracked, rendered.tracked)
            new.tracked = tracked.relative_to(folder).as_posix()
            new.tracked_sha = sha256(rendered.tracked)
        manifest.entries[relpath] = new

        first = rendered.paragraphs is None
        change = DocumentChange(
            relpath=relpath, unit=job.unit.full_name,
            written=target.relative_to(folder).as_posix(),
            kept=kept.relative_to(folder).as_posix() if kept else None,
            tracked=new.tracked, first=first,
            paragraphs=[c.describe() for c in rendered.paragraphs or ()],
        )
        if not first:
            change.figures = figure_changes(old_figures or {}, rendered.figures, self.data,
                                            style=self.style, paragraphs=rendered.paragraphs)
        return JobResult(job, target, status="built", kept=kept, tracked=tracked, change=change)

    def _record(self, manifest: Manifest, figures: dict[str, dict[str, list]] | None,
                fingerprint: str, jobs: list[Job], results: dict[str, JobResult]) -> None:
        """Save the manifest; the project fingerprint only after a complete clean build,
        so that the quick no-change check never hides an output left behind."""
        complete = ({j.relpath for j in jobs} >= {j.relpath for j in select_jobs(self.project)}
                    and len(results) == len(jobs)
                    and not any(r.status == "failed" for r in results.values()))
        before = manifest.project
        if complete:
            manifest.project = fingerprint
        elif manifest.project != fingerprint or any(
                r.status == "failed" for r in results.values()):
            manifest.project = None
        if any(r.status == "built" for r in results.values()):
            manifest.round += 1
        if figures is not None:  # something was rendered
            manifest.save_figures(figures)
            manifest.save()
        elif manifest.project != before or not manifest.state_dir.is_dir():
            manifest.save()

    def _write_report(self, manifest: Manifest, changed: list[DocumentChange]) -> Path:
        text = render_report(changed, project=self.project.name, round_=manifest.round)
        data = text.encode("utf-8")
        path = manifest.folder / REPORT_NAME
        atomic_write(path, data)
        atomic_write(manifest.folder / HISTORY_DIR / "bao-cao-thay-doi" / f"{manifest.round}.md",
                     data)
        return path


def build(project_path: Path | str | Project, *, documents: Iterable[str] | None = None,
          units: Iterable[str] | None = None, force: bool = False, workers: int = 1,
          progress: Callable[[JobResult], None] | None = None) -> BuildReport:
    """Load a project and build what changed since the last build (everything with
    ``force``); failures are reported per job, data errors of a unit fail that unit only.

    When no input file changed since the last complete build and every output is there,
    return at once (``report.up_to_date``) without reading the data. ``project_path`` may
    be a project already loaded (the command line has read its draftgen.toml).
    """
    project = (project_path if isinstance(project_path, Project)
               else load_project(project_path))
    jobs = select_jobs(project, documents, units)
    fingerprint = project_fingerprint(project)
    if not force:
        manifest = Manifest.load(project.output_dir)
        if manifest.up_to_date(fingerprint, [j.relpath for j in jobs]):
            results = [JobResult(j, manifest.current_path(j.relpath), status="unchanged")
                       for j in jobs]
            return BuildReport(results, up_to_date=True)
    builder = Builder(project, isolate_units=True)
    return builder.run(jobs, force=force, workers=workers, progress=progress,
                       fingerprint=fingerprint)
