"""Compile the Vietnamese catalogue of click's texts (draftgen.po → draftgen.mo).

The .po beside the .mo is the source, edited by hand; run this after editing it:

    python tools/make_click_catalogue.py

The header of the .po fixes its dates, so the same .po gives the same .mo with the same
Babel (tests/test_cli_vi.py checks that the committed .mo says what the .po says).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOGUE = Path(__file__).resolve().parents[1] / "src" / "draftgen" / "locale" / "vi" / \
    "LC_MESSAGES" / "draftgen.po"


def compile_catalogue(po: Path = CATALOGUE) -> bytes:
    """The .mo bytes of a .po file; fuzzy entries are refused rather than left out."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="vi", abort_invalid=True)
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    if fuzzy:
        raise SystemExit(f"{po}: fuzzy entries would be left out: {fuzzy}")
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> int:
    mo = CATALOGUE.with_suffix(".mo")
    compiled = compile_catalogue()
    mo.write_bytes(compiled)
    print(f"wrote {mo} ({len(compiled)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
