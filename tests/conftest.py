"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectkit import mini_project_at
from samplekit import build_sample


@pytest.fixture(autouse=True, scope="session")
def _compile_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled template code goes to a folder of the test session, not the user's cache."""
    import os

    os.environ.setdefault("DRAFTGEN_CACHE_DIR", str(tmp_path_factory.mktemp("jinja-cache")))


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return mini_project_at(tmp_path / "du-an")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's two political reports, built once per test module (tests/samplekit.py)."""
    return build_sample(tmp_path_factory.mktemp("sample"))
