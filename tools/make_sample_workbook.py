"""Write data/chi-tieu.xlsx, the sample data as one Excel workbook, from data/chi-tieu/*.csv.

The CSV files are the source; run this after changing them by hand (tests/test_workbook.py
checks that the workbook and the CSV files say the same). ``draftgen thu-thap`` writes the
workbook again itself after merging returned forms (draftgen.collect.companion_workbook); the
generation lives in draftgen.workbook, this is only its command for the sample.

    python tools/make_sample_workbook.py
"""

from __future__ import annotations

from pathlib import Path

from draftgen.workbook import write_data_workbook

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    print(write_data_workbook(ROOT / "data" / "chi-tieu", ROOT / "data" / "chi-tieu.xlsx"))
