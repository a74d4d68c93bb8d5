"""The data pages: download and replace the data workbook, blank entry forms, returned
forms (plan, then confirm)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from ..collect import ARCHIVE, CHANGED, NEW, UNCHANGED, data_number
from ..errors import DraftgenError
from ..loader import SHEETS
from .common import project_or_none, workspace
from .outputs import inside
from .uploads import (
    UploadError,
    apply_data,
    apply_forms,
    load_errors,
    plan_forms,
    stage_data,
    stage_forms,
)

bp = Blueprint("data", __name__)

MIMETYPES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ".csv": "text/csv",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".pdf": "application/pdf"}


def send_path(path: Path, name: str | None = None):
    """A file of the project as a download, read whole (no handle left open)."""
    data = path.read_bytes()
    return send_file(io.BytesIO(data), mimetype=MIMETYPES.get(path.suffix.lower(),
                                                              "application/octet-stream"),
                     as_attachment=True, download_name=name or path.name)


def returned_forms(project) -> list[Path]:
    """The returned forms kept by earlier merges (nhap-so-lieu/<date>/*.xlsx)."""
    root = project.root / ARCHIVE
    if not root.is_dir():
        return []
    found = [p for p in root.glob("*/*.xlsx")
             if not p.name.startswith("truoc-khi-") and inside(root, p)]
    return sorted(found, key=lambda p: (p.parent.name, p.name), reverse=True)


def _data_page(project, *, errors: list[str] | None = None, status: int = 200):
    source = project.data_path
    tables = ([(n, (source / f"{n}.csv").is_file()) for n in SHEETS] if source.is_dir()
              else [])
    return render_template("data.html", project=project, source=source,
                           is_dir=source.is_dir(), tables=tables, errors=errors or [],
                           units=list(project.units.values()),
                           returned=returned_forms(project)), status


@bp.get("/so-lieu")
def data_page():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    return _data_page(project)


@bp.get("/so-lieu/tai-ve", defaults={"table": None})
@bp.get("/so-lieu/tai-ve/<table>")
def download_data(table: str | None):
    project = project_or_none()
    if project is None:
        abort(404)
    source = project.data_path
    if source.is_dir():
        if table not in SHEETS or not (source / f"{table}.csv").is_file():
            abort(404)
        return send_path(source / f"{table}.csv")
    if table is not None or not source.is_file():
        abort(404)
    return send_path(source)


@bp.post("/so-lieu/tai-len")
def upload_data():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    staging = workspace().staging
    try:
        item = stage_data(staging, project, request.files.get("tep"), request.form.get("bang"))
    except DraftgenError as exc:
        errors = load_errors(exc, staging)
        if not isinstance(exc, UploadError):
            errors.insert(0, "Tệp tải lên chưa dùng được, số liệu của dự án giữ nguyên:")
        return _data_page(project, errors=errors, status=400 if isinstance(exc, UploadError)
                          else 422)
    return redirect(url_for("data.confirm_data", token=item.token))


@bp.route("/so-lieu/xac-nhan/<token>", methods=["GET", "POST"])
def confirm_data(token: str):
    project = project_or_none()
    item = workspace().staging.get(token, "data")
    if project is None or item is None:
        flash("Không còn tệp chờ xác nhận này (đã nhập, đã hủy, hoặc máy chủ đã khởi động "
              "lại). Tải tệp lên lại.", "loi")
        return redirect(url_for("data.data_page"))
    if request.method == "POST":
        try:
            archive, companion = apply_data(project, item)
        except DraftgenError as exc:
            flash(f"Chưa thay số liệu: {exc}", "loi")
            return redirect(url_for("data.data_page"))
        workspace().staging.drop(token)
        flash(f"Đã thay «{item.target.name}» bằng tệp vừa tải lên ({len(item.changes)} số liệu "
              f"khác trước). Bản cũ giữ trong {archive.relative_to(project.root)}. "
              f"{companion + ' ' if companion else ''}Bấm «Dựng văn bản» để dựng lại.", "tin")
        return redirect(url_for("build.build_page"))
    return render_template("data_confirm.html", project=project, item=item,
                           client=next(iter(item.names.values()), ""), number=_number)


@bp.post("/so-lieu/huy/<token>")
def cancel(token: str):
    workspace().staging.drop(token)
    flash("Đã hủy, không nhập gì.", "tin")
    return redirect(url_for("data.data_page"))


def _number(value: float | None) -> str:
    return "—" if value is None else data_number(value)


# --------------------------------------------------------------------------- forms


@bp.get("/phieu/mau/<unit>")
def blank_form(unit: str):
    from ..forms import write_forms
    from ..loader import load_dataset

    project = project_or_none()
    if project is None or unit not in project.units:
        abort(404)
    try:
        with tempfile.TemporaryDirectory(prefix="draftgen-phieu-") as tmp:
            path = write_forms(project, load_dataset(project), [unit], tmp)[0]
            return send_path(path, f"{unit}.xlsx")
    except DraftgenError as exc:
        flash(f"Chưa lập được phiếu: {exc}", "loi")
        return redirect(url_for("data.data_page"))


@bp.get("/phieu/da-nhap/<int:number>")
def returned_form(number: int):
    project = project_or_none()
    forms = returned_forms(project) if project else []
    if not 0 <= number < len(forms):
        abort(404)
    return send_path(forms[number], f"{forms[number].parent.name}-{forms[number].name}")


@bp.post("/phieu/tai-len")
def upload_forms():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    try:
        item = stage_forms(workspace().staging, request.files.getlist("tep"))
    except DraftgenError as exc:
        return _data_page(project, errors=load_errors(exc), status=400)
    return redirect(url_for("data.plan", token=item.token))


def _pending_forms(token: str):
    """The project and the returned forms waiting under ``token`` (None, with a message for
    the next page, when either is gone)."""
    project = project_or_none()
    item = workspace().staging.get(token, "forms")
    if project is None or item is None:
        flash("Không còn các phiếu chờ xác nhận này. Tải phiếu lên lại.", "loi")
    return project, item


@bp.get("/phieu/<token>")
def plan(token: str):
    project, item = _pending_forms(token)
    if project is None or item is None:
        return redirect(url_for("data.data_page"))
    try:
        found = plan_forms(project, item)
    except DraftgenError as exc:
        return _data_page(project, errors=load_errors(exc, workspace().staging), status=422)
    return render_template("plan.html", project=project, item=item, plan=found,
                           new=found.of_kind(NEW), changed=found.of_kind(CHANGED),
                           unchanged=len(found.of_kind(UNCHANGED)), number=_number)


@bp.post("/phieu/<token>/nhap")
def merge(token: str):
    project, item = _pending_forms(token)
    if project is None or item is None:
        return redirect(url_for("data.data_page"))
    try:
        applied = apply_forms(project, item)
    except DraftgenError as exc:
        flash(f"Chưa nhập: {exc}", "loi")
        return redirect(url_for("data.plan", token=token))
    workspace().staging.drop(token)
    flash(f"Đã nhập {applied.written} số liệu. Bản sao phiếu và bảng cũ: "
          f"{applied.archive.relative_to(project.root)}. " + " ".join(applied.notes())
          + " Bấm «Dựng văn bản» để dựng lại.", "tin")
    return redirect(url_for("build.build_page"))
