"""The application factory: configuration, log-in, CSRF check, errors, security headers.

Every POST form carries the session's CSRF token; a request without it is refused. With a
token set by the administrator, every page but the log-in page asks for it first.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from flask import Flask, abort, g, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError

from ..config import find_config
from .runner import BuildRunner
from .uploads import Staging

MAX_UPLOAD_MB = 20
PUBLIC = {"main.login", "static"}


class Workspace:
    """What the app of one project keeps between requests."""

    def __init__(self, project_dir: Path, *, workers: int = 1):
        self.project_dir = project_dir
        self.runner = BuildRunner(project_dir, workers=workers)
        self.staging = Staging()

    def project(self):
        from ..config import load_project

        return load_project(self.project_dir)


def create_app(project_dir: Path | str, *, token: str | None = None,
               secret_key: str | None = None, max_upload_mb: int = MAX_UPLOAD_MB,
               workers: int = 1, trusted_hosts: list[str] | None = None) -> Flask:
    """The web workspace of the project in ``project_dir``. With ``token``, editors log
    in with it first. The session key is ``secret_key``, else ``DRAFTGEN_SECRET_KEY``,
    else random (sessions end when the server restarts). ``trusted_hosts``: the only
    names a request may give as its host (for a server on this machine: its own names, so
    that another site cannot reach it through a name of its own)."""
    config = find_config(Path(project_dir))
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or os.environ.get("DRAFTGEN_SECRET_KEY") or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=max_upload_mb * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        DRAFTGEN_TOKEN=token or None,
        DRAFTGEN_MAX_UPLOAD_MB=max_upload_mb,
        TRUSTED_HOSTS=trusted_hosts,
    )
    app.extensions["draftgen"] = Workspace(config.parent, workers=workers)

    from . import routes_audit, routes_build, routes_data, routes_main

    for module in (routes_main, routes_data, routes_build, routes_audit):
        app.register_blueprint(module.bp)

    @app.before_request
    def _guard():
        g.workspace = app.extensions["draftgen"]
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        wanted = app.config["DRAFTGEN_TOKEN"]
        if wanted and not session.get("auth") and request.endpoint not in PUBLIC:
            if request.method == "POST":
                abort(403)
            return redirect(url_for("main.login", next=request.full_path
                                    if request.endpoint else None))
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not hmac.compare_digest(sent.encode(), session["csrf"].encode()):
                abort(400, description="csrf")
        return None

    @app.context_processor
    def _globals():
        return {"csrf_token": session.get("csrf", ""),
                "logged_in": bool(session.get("auth")),
                "token_required": bool(app.config["DRAFTGEN_TOKEN"]),
                "max_upload_mb": app.config["DRAFTGEN_MAX_UPLOAD_MB"]}

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; "
            "form-action 'self'; frame-ancestors 'none'")
        return response

    messages = {
        400: ("Yêu cầu không hợp lệ", "Biểu mẫu không hợp lệ hoặc phiên làm việc đã hết hạn. "
              "Tải lại trang rồi thử lại."),
        403: ("Chưa đăng nhập", "Cần đăng nhập bằng mã truy cập trước."),
        404: ("Không tìm thấy", "Trang hoặc tệp này không có trong dự án."),
        405: ("Không được phép", "Thao tác này không làm được theo cách đó."),
        413: ("Tệp quá lớn", f"Tệp tải lên vượt giới hạn {max_upload_mb} MB."),
    }

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if isinstance(exc, SecurityError):  # an untrusted host: no page links to give
            return ("Yêu cầu gửi tới tên máy không được phép. Mở trang bằng địa chỉ "
                    "http://127.0.0.1:CỔNG/.", 400, {"Content-Type": "text/plain; charset=utf-8"})
        if isinstance(exc, RequestEntityTooLarge):
            code = 413
        else:
            code = exc.code or 500
        title, text = messages.get(code, ("Lỗi", "Có lỗi khi xử lý yêu cầu."))
        if code == 400 and exc.description == "csrf":
            text = ("Biểu mẫu thiếu mã xác thực (CSRF) hoặc phiên làm việc đã hết hạn. Tải "
                    "lại trang rồi thử lại.")
        return render_template("error.html", title=title, text=text), code

    @app.errorhandler(Exception)
    def _error(exc: Exception):
        app.logger.exception("request failed")
        return render_template("error.html", title="Lỗi không lường trước",
                               text=f"{type(exc).__name__}: {exc}"), 500

    return app
