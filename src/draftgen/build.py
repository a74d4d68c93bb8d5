"""Build documents: every document of a project for every one of its units.

A build is incremental. The manifest (:mod:`draftgen.manifest`) records what each output
was built from; only the outputs whose inputs changed are rendered again (all with
``force``), in a pool of processes (:mod:`draftgen.batch`). Then, for each output:

- an output changed since draftgen wrote it is an editor's: it is never overwritten, the
  new build goes beside it (``<unit>.moi.docx``, see :mod:`draftgen.delivery`);
- every build is kept in the history folder (``.lich-su/<document>/<unit>/<n>.docx``);
- a rebuilt document that differs from its previous build gets a tracked-changes copy
  (``<unit>.thay-doi.docx``) and a section in the change report (``bao-cao-thay-doi.md``,
  see :mod:`draftgen.changes`);
- a unit that lost most of its figures since its previous build is not rebuilt unless
  forced (:mod:`draftgen.guard`); an output whose rebuild failed is marked stale.

One build at a time works on an output folder (:mod:`draftgen.lock`).

Heavy libraries (pandas, docxtpl) are imported only when something has to be built: the
check that nothing changed must be quick.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .changes import DocumentChange, figure_changes, render_report, unit_figures
from .companion import edited_companion
from .config import DocumentSpec, Project, load_project
from .delivery import HISTORY_DIR, deliver, history_path
from .errors import DraftgenError, TemplateError
from .guard import figure_loss
from .lock import project_lock
from .manifest import (
    STATE_DIR,
    Entry,
    Figures,
    Fingerprints,
    Manifest,
    pack_figures,
    project_fingerprint,
    unpack_figures,
)
from .model import Rollup, Unit
from .writer import atomic_write, file_sha256, flush_filesystem, sha256, unwritable

if TYPE_CHECKING:
    from .audit import AuditReport
    from .dataset import Dataset
    from .oxml.revisions import ParagraphChange

REPORT_NAME = "bao-cao-thay-doi.md"
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
    stale: Path | None = None  # failed: an older build stays there, not up to date


@dataclass
class BuildReport:
    results: list[JobResult] = field(default_factory=list)
    up_to_date: bool = False  # nothing to do: inputs unchanged, data not even read
    report_path: Path | None = None  # the change report, when something changed
    audit: AuditReport | None = None  # the consistency audit of the data, when it was read
    warnings: list[str] = field(default_factory=list)  # shown, failing nothing

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
    def stale(self) -> list[JobResult]:
        return [r for r in self.results if r.stale is not None]

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
        project.require_units(wanted)
    return [Job(spec, unit) for spec in specs
            for unit in project.select_units(spec.units)
            if wanted is None or unit.code in wanted]


@dataclass(frozen=True)
class _Task:
    """A job to render, with the previous build to compare with."""

    job: Job
    inputs: str
    previous: Path | None
    date: datetime  # of the revisions in the tracked-changes copy


@dataclass
class _Rendered:
    data: bytes
    figures: bytes  # manifest.pack_figures
    tracked: bytes | None = None
    paragraphs: list[ParagraphChange] | None = None


def _render_task(builder: Builder, task: _Task) -> _Rendered:
    """Worker side: render, then compare with the previous build."""
    data = builder.render(task.job)
    # A render leaves reference cycles holding lxml trees, whose memory the collector does
    # not see: without a collection per render a worker grows by tens of megabytes. The
    # collection is cheap because the project's data is frozen out of it (see ``run``).
    gc.collect()
    out = _Rendered(data, pack_figures(unit_figures(builder.data, task.job.unit.code)))
    if task.previous is not None and task.previous.is_file():
        old = task.previous.read_bytes()
        if sha256(old) != sha256(data):
            out.tracked, out.paragraphs = tracked_changes(old, data, date=task.date)
    return out


def build_date(date: datetime | None = None) -> datetime:
    """The date of a build, which its tracked changes carry: ``date``, else the time set by
    ``SOURCE_DATE_EPOCH`` (seconds since 1970, for builds that must give the same bytes),
    else now; in UTC, to the second."""
    if date is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch:
            try:
                date = datetime.fromtimestamp(int(epoch), timezone.utc)
            except (ValueError, OverflowError, OSError):
                raise DraftgenError(f"biến môi trường SOURCE_DATE_EPOCH «{epoch}» không phải "
                                    "là số giây hợp lệ",
                                    hint="ví dụ SOURCE_DATE_EPOCH=1735689600") from None
        else:
            date = datetime.now(timezone.utc)
    if date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    return date.astimezone(timezone.utc).replace(microsecond=0)


def tracked_changes(old: bytes, new: bytes, *, date: datetime
                    ) -> tuple[bytes, list[ParagraphChange]]:
    """The tracked-changes copy of ``new`` against ``old``, with revisions dated ``date``,
    and the paragraphs that changed, from one comparison (the costly part of a rebuild).

    The one call of a build into :mod:`draftgen.oxml.revisions`, and the one place the
    build's date turns into the revisions' ``w:date``."""
    from .oxml.revisions import track_with_changes

    return track_with_changes(old, new, author=AUTHOR, date=build_date(date))


def _worker_builder(config_file: Path) -> Builder:
    """A worker's builder where workers cannot be forked."""
    return Builder(load_project(config_file), isolate_units=True)


class Builder:
    """Holds what a batch shares: the project, its data, the environment and the
    templates, each loaded or compiled once."""

    def __init__(self, project: Project, data: Dataset | None = None, *,
                 isolate_units: bool = False):
        from .environment import make_environment
        from .loader import load_dataset

        self.project = project
        self.style = project.style
        self.data = (data if data is not None
                     else load_dataset(project, isolate_units=isolate_units))
        self.env = make_environment(self.style)
        self._templates: dict[str, bytes] = {}
        self._audit: AuditReport | None = None
        self._doubts: dict[tuple[str, str, str], str] | None = None

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
        context = build_context(self.project, self.data, spec, job.unit, self.doubts())
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

    def audit(self) -> AuditReport:
        """The consistency audit of the data (docs/kiem-tra-so-lieu.md), run once."""
        from .audit import audit_project

        if self._audit is None:
            self._audit = audit_project(self.project, self.data)
        return self._audit

    def doubts(self) -> dict[tuple[str, str, str], str]:
        """The figures the audit doubts, which the drafts mark (:mod:`draftgen.doubts`)."""
        if self._doubts is None:
            from .doubts import doubt_table

            self._doubts = doubt_table(self.audit().findings)
        return self._doubts

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
            fingerprint: str | None = None, date: datetime | None = None,
            wait: float = 0.0, waiting: Callable[[str], None] | None = None) -> BuildReport:
        """Build the jobs whose inputs changed (all with ``force``), ``workers`` at a time;
        a failing job does not stop the others. The output folder is locked meanwhile:
        another build waits up to ``wait`` seconds (``waiting`` is told so), then stops."""
        with project_lock(self.project.output_dir / STATE_DIR, wait=wait, waiting=waiting):
            return self._run(jobs, force=force, workers=workers, progress=progress,
                             fingerprint=fingerprint, date=build_date(date))

    def _run(self, jobs: list[Job], *, force: bool, workers: int,
             progress: Callable[[JobResult], None] | None, fingerprint: str | None,
             date: datetime) -> BuildReport:
        from .batch import WorkerDied, run_tasks

        fingerprint = fingerprint or project_fingerprint(self.project)
        manifest = Manifest.load(self.project.output_dir)
        prints = Fingerprints(self.project, self.data, self.template)
        results: dict[str, JobResult] = {}
        candidates: list[tuple[Job, str, Entry | None]] = []

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
                entry.stale = None  # back to the inputs it was built from
                done(JobResult(job, self._current(job, entry, manifest), status="unchanged"))
                continue
            candidates.append((job, inputs, entry))

        figures = manifest.load_figures() if candidates else Figures()
        tasks: list[_Task] = []
        for job, inputs, entry in candidates:
            loss = None if force or entry is None else figure_loss(
                figures.figures(job.relpath), unit_figures(self.data, job.unit.code))
            if loss:
                done(JobResult(job, status="failed", error=(
                    f"{job.document.name} / {job.unit.full_name} ({job.unit.code}): số liệu "
                    f"của đơn vị {loss}; không dựng lại để khỏi thay văn bản cũ bằng bản "
                    "thiếu số liệu → kiểm tra tệp số liệu (dòng bị xóa, tệp bị ghi đè); nếu "
                    "đúng là bỏ các số liệu đó, chạy «draftgen build --force»")))
                continue
            tasks.append(_Task(job, inputs, self._previous(job, entry, manifest), date))

        changed: list[DocumentChange] = []
        if tasks:
            self.doubts()  # the audit before rendering: forked workers share it
        if workers > 1 and tasks:
            # Compile the templates here, before the workers start: forked, they inherit
            # the compiled code instead of compiling it each.
            self.warm({t.job.document.template for t in tasks})
        if tasks:  # computed here once, not from every row below in each worker
            prefers = {(), *(tuple(t.job.document.sources) for t in tasks)}
            self.data.warm_rollups(sorted(prefers))
        del prints  # each unit's digests: the workers need none of them
        gc.collect()
        gc.freeze()  # the data stays: collections skip it, forked workers share its pages
        try:
            for task, rendered, error in run_tasks(
                    _render_task, tasks, state=self, workers=workers,
                    setup=(_worker_builder, (self.project.config_file,))):
                if error is not None:
                    text = str(error)
                    if isinstance(error, WorkerDied):  # no place in the message yet
                        text = f"{task.job.relpath}: {text}"
                    done(JobResult(task.job, status="failed", error=text))
                    continue
                try:
                    result = self._deliver(task, rendered, manifest, figures)
                except OSError as exc:
                    done(JobResult(task.job, status="failed",
                                   error=str(unwritable(self.output_path(task.job), exc))))
                    continue
                except DraftgenError as exc:
                    done(JobResult(task.job, status="failed", error=f"{task.job.relpath}: {exc}"))
                    continue
                if result.change is not None and result.change.reported:
                    changed.append(result.change)
                done(result)
        finally:
            gc.unfreeze()
            self._mark_stale(manifest, results)
            self._record(manifest, figures if tasks else None, fingerprint, jobs, results)
        report = BuildReport([results[j.relpath] for j in jobs if j.relpath in results])
        from .auditreport import write_reports

        report.audit = self.audit()  # output/kiem-tra-so-lieu.md and .xlsx after every build
        write_reports(report.audit, self.project.output_dir)
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
        return history_path(self.project.output_dir, job.relpath, n)

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
                 figures: Figures) -> JobResult:
        """Main side: put a new build in place without overwriting an editor's work."""
        job, data = task.job, rendered.data
        folder, relpath = manifest.folder, job.relpath
        entry = manifest.entries.get(relpath)
        old_figures = figures.get(relpath)  # packed: read only for a change report
        if entry is not None and entry.built == sha256(data) \
                and manifest.output_present(relpath, entry):
            figures[relpath] = rendered.figures
            entry.inputs, entry.stale = task.inputs, None  # rebuilt to the same bytes
            manifest.record(relpath, entry, rendered.figures)
            return JobResult(job, self._current(job, entry, manifest), status="unchanged")

        put = deliver(folder, relpath, entry, task.inputs, data, rendered.tracked)
        manifest.record(relpath, put.entry, rendered.figures)
        figures[relpath] = rendered.figures
        first = rendered.paragraphs is None
        change = DocumentChange(
            relpath=relpath, unit=job.unit.full_name,
            written=put.target.relative_to(folder).as_posix(),
            kept=put.kept.relative_to(folder).as_posix() if put.kept else None,
            tracked=put.entry.tracked, first=first,
            paragraphs=[c.describe() for c in rendered.paragraphs or ()],
        )
        if not first:
            change.figures = figure_changes(
                json.loads(unpack_figures(old_figures)) if old_figures else {},
                json.loads(unpack_figures(rendered.figures)), self.data,
                style=self.style, paragraphs=rendered.paragraphs)
        return JobResult(job, put.target, status="built", kept=put.kept, tracked=put.tracked,
                         change=change)

    @staticmethod
    def _mark_stale(manifest: Manifest, results: dict[str, JobResult]) -> None:
        """A failed job whose previous build is still in place: that file does not follow
        the current inputs; say so in the result and in the manifest."""
        for relpath, result in results.items():
            entry = manifest.entries.get(relpath)
            if result.status != "failed" or entry is None \
                    or not manifest.output_present(relpath, entry):
                continue
            entry.stale = (result.error or "").splitlines()[0][:300]
            result.stale = manifest.current_path(relpath, entry)

    def _record(self, manifest: Manifest, figures: Figures | None,
                fingerprint: str, jobs: list[Job], results: dict[str, JobResult]) -> None:
        """Save the manifest; the project fingerprint only after a complete clean build,
        so that the quick no-change check never hides an output left behind."""
        complete = ({j.relpath for j in jobs} >= {j.relpath for j in select_jobs(self.project)}
                    and len(results) == len(jobs)
                    and not any(r.status == "failed" for r in results.values()))
        if complete:
            manifest.project = fingerprint
        elif manifest.project != fingerprint or any(
                r.status == "failed" for r in results.values()):
            manifest.project = None
        if any(r.status == "built" for r in results.values()):
            manifest.round += 1
        try:
            if figures is not None:  # something was rendered
                if manifest.state_dir.parent.is_dir():
                    # the history copies were written without fsync (delivery): on the
                    # disk before the manifest that points at them
                    flush_filesystem(manifest.state_dir.parent)
                manifest.save_figures(figures)
            if figures is not None or manifest.changed() or not manifest.state_dir.is_dir():
                manifest.save()
        except OSError as exc:
            raise unwritable(manifest.state_dir, exc) from exc

    def _write_report(self, manifest: Manifest, changed: list[DocumentChange]) -> Path:
        text = render_report(changed, project=self.project.name, round_=manifest.round)
        data = text.encode("utf-8")
        path = manifest.folder / REPORT_NAME
        try:
            atomic_write(path, data)
            atomic_write(manifest.folder / HISTORY_DIR / "bao-cao-thay-doi"
                         / f"{manifest.round}.md", data)
        except OSError as exc:
            raise unwritable(path, exc) from exc
        return path


def build(project: Project | Path | str, *, documents: Iterable[str] | None = None,
          units: Iterable[str] | None = None, force: bool = False, workers: int = 1,
          progress: Callable[[JobResult], None] | None = None,
          date: datetime | None = None, wait: float = 0.0,
          waiting: Callable[[str], None] | None = None) -> BuildReport:
    """Build what changed since the last build of a project (everything with ``force``);
    failures are reported per job, data errors of a unit fail that unit only. ``project``
    is a loaded project, or the path of one.

    When no input file changed since the last complete build and every output is there,
    return at once (``report.up_to_date``) without reading the data. ``date`` is the date
    of the tracked changes (see :func:`build_date`); ``wait``: how long to wait for another
    build of the same project to finish.
    """
    if not isinstance(project, Project):
        project = load_project(project)
    jobs = select_jobs(project, documents, units)
    fingerprint = project_fingerprint(project)
    warnings = [w for w in (edited_companion(project),) if w]
    if not force:
        manifest = Manifest.load(project.output_dir)
        current = manifest.unchanged_outputs(fingerprint, [j.relpath for j in jobs])
        if current is not None:
            results = [JobResult(j, path, status="unchanged") for j, path in zip(jobs, current)]
            return BuildReport(results, up_to_date=True, warnings=warnings)
    builder = Builder(project, isolate_units=True)
    report = builder.run(jobs, force=force, workers=workers, progress=progress,
                         fingerprint=fingerprint, date=date, wait=wait, waiting=waiting)
    report.warnings[:0] = warnings
    return report


@dataclass
class CheckReport:
    documents: int  # the outputs checked
    problems: list[str]
    audit: AuditReport | None = None  # the consistency audit of the data
    warnings: list[str] = field(default_factory=list)  # shown, but not failing the check

    @property
    def ok(self) -> bool:
        return not self.problems


def check(project: Project | Path | str, *, documents: Iterable[str] | None = None,
          trial: bool = True) -> CheckReport:
    """Every problem of a project found without writing anything: config, data,
    templates, then (``trial``) a trial render of every document for every unit."""
    if not isinstance(project, Project):
        project = load_project(project)
    builder = Builder(project)
    jobs = builder.jobs(documents)
    problems = builder.check(jobs, trial=trial)
    audit = builder.audit()
    problems += [f"kiểm tra số liệu: {f}" for f in audit.errors]
    units = list({j.unit.code: j.unit for j in jobs}.values())
    warnings = [f"đơn vị {u.full_name} ({u.code}) chưa có số liệu nào: văn bản sẽ chỉ có phần "
                "nội dung và chỗ trống để bổ sung"
                for u in units if not has_figures(project, builder.data, u.code)]
    warnings += [w for w in (edited_companion(project),) if w]
    return CheckReport(len(jobs), problems, audit, warnings)


def has_figures(project: Project, data: Dataset, unit: str) -> bool:
    """Whether a unit has any figure: a value of its own, or one its subordinate units give
    it through an indicator that rolls up."""
    if any(data.has_data(unit, code) for code in data.indicators):
        return True
    rolling = [c for c, ind in data.indicators.items() if ind.rollup is not Rollup.NONE]
    return any(data.has_data(d.code, code) for d in project.descendants(unit) for code in rolling)
