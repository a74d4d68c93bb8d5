"""The audit page (the audit's findings, each linked to its indicator and cells) and the
page of one indicator (its catalogue row, values and targets)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for

from ..collect import data_number
from ..errors import DraftgenError
from .common import project_or_none
from .findings import project_findings
from .uploads import load_errors

bp = Blueprint("audit", __name__)


def _dataset(project):
    from ..loader import load_dataset

    return load_dataset(project, isolate_units=True)


@bp.get("/kiem-tra")
def audit_page():
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    try:
        data = _dataset(project)
    except DraftgenError as exc:
        return render_template("audit.html", project=project, errors=load_errors(exc),
                               findings=None, unit_errors=[], data=None)
    unit_errors = [(code, str(e.error)) for code, found in data.unit_errors.items()
                   for e in found]
    try:
        findings = project_findings(project, data)
        failure = None
    except DraftgenError as exc:
        findings, failure = None, f"Chưa kiểm tra được: {exc}"
    except Exception as exc:  # the rest of the page still helps
        current_app.logger.exception("audit failed")
        findings, failure = None, (f"Chưa kiểm tra được tính nhất quán của số liệu "
                                   f"({type(exc).__name__}: {exc}).")
    return render_template("audit.html", project=project, errors=[], findings=findings,
                           failure=failure, unit_errors=unit_errors, data=data)


@bp.get("/chi-tieu/<code>")
def indicator(code: str):
    project = project_or_none()
    if project is None:
        return redirect(url_for("main.index"))
    try:
        data = _dataset(project)
    except DraftgenError:
        return redirect(url_for("audit.audit_page"))
    ind = data.indicators.get(code)
    if ind is None:
        abort(404)
    values = sorted((o for k, o in data.observations.items() if k[1] == code),
                    key=lambda o: (list(project.units).index(o.unit)
                                   if o.unit in project.units else 0, o.period))
    targets = [t for k, t in sorted(data.targets.items()) if k[1] == code]
    from ..loader import KINDS

    kind_name = {v: k for k, v in KINDS.items()}.get(ind.kind, str(ind.kind))
    return render_template("indicator.html", project=project, ind=ind, values=values,
                           targets=targets, number=data_number, units=project.units,
                           kind_name=kind_name)
