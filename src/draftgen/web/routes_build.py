"""Building (in the background, with its progress), the documents with their downloads
and previews, the change report."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from ..build import REPORT_NAME
from ..errors import DraftgenError
from .common import project_or_none, workspace
from .outputs import DOCX, KIND_LABELS, PDF, find_output, list_outputs
from .routes_data import send_path
from .runner import Busy

bp = Blueprint("build", __name__)
REFRESH = 2  # seconds between reloads of a running batch's page


@bp.get("/dung")
def build_page():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    runner = workspace().runner
    return render_template("build.html", project=project, batch=runner.current,
                           batches=list(reversed(runner.batches)),
                           units=list(project.units.values()))


@bp.post("/dung")
def start_build():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    document = request.form.get("van_ban") or None
    unit = request.form.get("don_vi") or None
    if document is not None and document not in {d.name for d in project.documents}:
        abort(400)
    if unit is not None and unit not in project.units:
        abort(400)
    label = " / ".join(x for x in (document or "mọi văn bản",
                                    project.units[unit].full_name if unit else "mọi đơn vị"))
    try:
        batch = workspace().runner.start(documents=[document] if document else None,
                                         units=[unit] if unit else None,
                                         force=request.form.get("dung_lai") == "1", label=label)
    except Busy:
        flash("Đang có một lần dựng chạy. Chờ lần dựng đó xong rồi bấm dựng lại.", "loi")
        current = workspace().runner.current
        return redirect(url_for("build.batch_page", number=current.number) if current
                        else url_for("build.build_page"))
    except DraftgenError as exc:
        flash(f"Chưa dựng: {exc}", "loi")
        return redirect(url_for("build.build_page"))
    return redirect(url_for("build.batch_page", number=batch.number))


@bp.get("/dung/<int:number>")
def batch_page(number: int):
    batch = workspace().runner.batch(number)
    if batch is None:
        abort(404)
    return render_template("batch.html", batch=batch, refresh=REFRESH if batch.running else 0)


@bp.get("/van-ban")
def documents():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    from ..pdf import find_soffice

    return render_template("documents.html", project=project, outputs=list_outputs(project),
                           labels=KIND_LABELS, can_pdf=find_soffice() is not None)


def _output(document: str, unit: str):
    project = project_or_none()
    item = find_output(project, document, unit) if project else None
    if item is None:
        abort(404)
    return project, item


@bp.get("/van-ban/<document>/<unit>/tai-ve/<kind>")
def download(document: str, unit: str, kind: str):
    project, item = _output(document, unit)
    path = item.files.get(kind)
    if path is None:
        abort(404)
    return send_path(path, f"{document}-{path.name}")


@bp.post("/van-ban/<document>/<unit>/pdf")
def make_pdf(document: str, unit: str):
    from ..pdf import convert

    project, item = _output(document, unit)
    if DOCX not in item.files:
        abort(404)
    try:
        convert([item.files[DOCX]])
    except DraftgenError as exc:
        flash(f"Chưa xuất được PDF: {exc}", "loi")
    else:
        flash(f"Đã xuất PDF của {document} / {item.unit.full_name}.", "tin")
    return redirect(url_for("build.documents") + f"#{document}-{unit}")


@bp.get("/van-ban/<document>/<unit>/xem")
def preview(document: str, unit: str):
    from .preview import can_render, outline, page_images

    project, item = _output(document, unit)
    source = item.main
    if source is None:
        flash("Văn bản này chưa được dựng.", "loi")
        return redirect(url_for("build.documents"))
    pages, problem = [], None
    as_text = request.args.get("dan-y") == "1" or not can_render()
    if not as_text:
        try:
            pages = page_images(project.output_dir, source)
        except DraftgenError as exc:
            problem, as_text = str(exc), True
    lines = outline(source) if as_text else []
    return render_template("preview.html", project=project, item=item, pages=pages,
                           lines=lines, as_text=as_text, problem=problem,
                           can_render=can_render(), source=source, pdf=PDF in item.files)


@bp.get("/van-ban/<document>/<unit>/trang/<int:number>")
def page_image(document: str, unit: str, number: int):
    from .preview import can_render, page_images

    project, item = _output(document, unit)
    if item.main is None or not can_render():
        abort(404)
    try:
        pages = page_images(project.output_dir, item.main)
    except DraftgenError:
        abort(404)
    if not 1 <= number <= len(pages):
        abort(404)
    return send_file(io.BytesIO(pages[number - 1].read_bytes()), mimetype="image/png")


@bp.get("/thay-doi")
def changes():
    from markdown_it import MarkdownIt

    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    path = project.output_dir / REPORT_NAME
    html = None
    if path.is_file():
        # raw HTML in the report is shown as text, never run: html=False
        html = MarkdownIt("commonmark", {"html": False}).enable("table").render(
            path.read_text(encoding="utf-8"))
    return render_template("changes.html", project=project, html=html)


@bp.get("/thay-doi/tai-ve")
def download_changes():
    project = project_or_none()
    path = project.output_dir / REPORT_NAME if project else None
    if path is None or not path.is_file():
        abort(404)
    return send_path(path)
