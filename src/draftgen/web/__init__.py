"""The web workspace (``draftgen serve``): server-rendered pages over the library, for
editors who do not use a terminal.

Flask is imported only when the workspace is made: ``draftgen --help`` and the other
commands stay quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def create_app(project_dir: Path | str, *, token: str | None = None, **options: Any):
    """The Flask application of one project (see :func:`draftgen.web.app.create_app`)."""
    from .app import create_app as make

    return make(project_dir, token=token, **options)
