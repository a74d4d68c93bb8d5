"""The seed documents, read as NFC lines, for tests that check a phrase stands verbatim in them.

The one setting: the folder of the seed texts is ``$DRAFTGEN_SEEDS``, else ``../shared/seeds``
beside the repository. Every test reading them goes through this module: where the folder is
absent, :func:`seed_lines` and :data:`needs_seeds` skip the test and say where they looked
(shown by ``-rs`` in pytest's addopts)."""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from pathlib import Path

import pytest

SEEDS = Path(os.environ.get("DRAFTGEN_SEEDS",
                            Path(__file__).resolve().parents[2] / "shared" / "seeds"))
#: Why a test that reads the seeds is skipped.
MISSING = (f"không tìm thấy tài liệu gốc ở {SEEDS}: "
           "đặt DRAFTGEN_SEEDS=<thư mục chứa 000_….txt … 004_….txt>")
#: Mark of a test that reads the seeds.
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=MISSING)

SEED_FILES = {
    "000": "000_721509bbc34d9407.txt",
    "001": "001_7ce4ecc5aa6b99b0.txt",
    "002": "002_3e83a870f2ad1918.txt",
    "003": "003_8cd85bc321b2d409.txt",
    "004": "004_39d0727b6502c1d4.txt",
}


@cache
def seed_lines(seed: str) -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(MISSING)
    text = (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text).splitlines()


def seed_line(ref: str) -> str:
    """The line a reference such as ``"001:13"`` names."""
    seed, line = ref.split(":")
    return seed_lines(seed)[int(line) - 1]
