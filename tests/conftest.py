"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectkit import mini_project_at


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return mini_project_at(tmp_path / "du-an")
