"""Copy what ``draftgen init`` writes into a new project — templates/*.docx, the shared prose
data/noi-dung/chung/ and the sample's catalogue — into the package (src/draftgen/starter/),
so that an installed draftgen has them.

templates/ and data/ are the source; run this after changing them (tests/test_scaffold.py
checks that the packaged copy equals them).

    python tools/sync_starter.py
"""

from __future__ import annotations

from pathlib import Path

from draftgen.scaffold import sync_starter

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    changed = sync_starter(ROOT)
    for path in changed:
        print(path)
    print(f"{len(changed)} tệp thay đổi")
