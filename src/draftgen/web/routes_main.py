"""The overview page and logging in and out."""

from __future__ import annotations

import hmac

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ..listing import unit_tree
from .common import project_or_none, workspace
from .outputs import list_outputs

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    project = project_or_none()
    outputs = list_outputs(project) if project else []
    tree = unit_tree(project) if project else []
    return render_template("index.html", project=project, outputs=outputs, tree=tree,
                           batch=workspace().runner.current,
                           built=sum(1 for o in outputs if o.files))


def _next_url() -> str:
    target = request.values.get("next") or ""
    # only a path of this site: never another host
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("main.index")
    return target


@bp.route("/dang-nhap", methods=["GET", "POST"])
def login():
    wanted = current_app.config["DRAFTGEN_TOKEN"]
    if not wanted:
        return redirect(url_for("main.index"))
    if request.method == "POST":
        sent = request.form.get("token", "")
        if hmac.compare_digest(sent.encode(), wanted.encode()):
            session.clear()
            session["auth"] = True
            return redirect(_next_url())
        flash("Mã truy cập không đúng.", "loi")
    return render_template("login.html", next=request.values.get("next", ""))


@bp.post("/dang-xuat")
def logout():
    session.clear()
    flash("Đã đăng xuất.", "tin")
    return redirect(url_for("main.login"))
