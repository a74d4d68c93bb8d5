"""The audit's findings for the audit page, through one seam: :func:`project_findings`.

The consistency audit is :func:`draftgen.audit.audit_project`; where this draftgen has no
audit module the page says so. Each finding is read by its attributes, so that the page
shows what the audit gives (severity, rule, unit, indicator, periods, cells, message, hint).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FindingView:
    severity: str
    rule: str
    unit: str
    indicator: str
    periods: tuple[str, ...]
    cells: tuple[str, ...]
    message: str
    hint: str
    accepted: str = ""


def _view(f: Any) -> FindingView:
    def text(name: str) -> str:
        value = getattr(f, name, "")
        return "" if value is None else str(value)

    return FindingView(
        severity=text("severity") or "lưu ý", rule=text("rule"), unit=text("unit"),
        indicator=text("indicator"), periods=tuple(map(str, getattr(f, "periods", ()) or ())),
        cells=tuple(str(c) for c in getattr(f, "cells", ()) or () if str(c)),
        message=text("message") or str(f), hint=text("hint"), accepted=text("accepted"))


def audit_available() -> bool:
    try:
        from ..audit import audit_project  # noqa: F401
    except ImportError:
        return False
    return True


def project_findings(project: Any, data: Any) -> list[FindingView] | None:
    """The audit's findings on the project's data; None when there is no audit."""
    try:
        from ..audit import audit_project
    except ImportError:
        return None
    result = audit_project(project, data)
    return [_view(f) for f in getattr(result, "findings", result)]
