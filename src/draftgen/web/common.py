"""Helpers shared by the route modules."""

from __future__ import annotations

from flask import flash, g

from ..errors import DraftgenError


def workspace():
    return g.workspace


def project_or_none():
    """The project, or None with its error flashed."""
    try:
        return workspace().project()
    except DraftgenError as exc:
        flash(f"Không mở được dự án: {exc}", "loi")
        return None
