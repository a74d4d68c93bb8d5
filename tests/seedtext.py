"""The seed documents (../shared/seeds beside the repository, or $DRAFTGEN_SEEDS), read as
NFC lines, for tests that check a phrase stands verbatim in them."""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from pathlib import Path

SEEDS = Path(os.environ.get("DRAFTGEN_SEEDS",
                            Path(__file__).resolve().parents[2] / "shared" / "seeds"))
SEED_FILES = {
    "000": "000_721509bbc34d9407.txt",
    "001": "001_7ce4ecc5aa6b99b0.txt",
    "002": "002_3e83a870f2ad1918.txt",
    "003": "003_8cd85bc321b2d409.txt",
    "004": "004_39d0727b6502c1d4.txt",
}


@cache
def seed_lines(seed: str) -> list[str]:
    text = (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text).splitlines()


def seed_line(ref: str) -> str:
    """The line a reference such as ``"001:13"`` names."""
    seed, line = ref.split(":")
    return seed_lines(seed)[int(line) - 1]
