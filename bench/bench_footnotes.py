"""Render time with and without footnotes, for a report of ~400 paragraphs and 150 notes.

    python bench/bench_footnotes.py [--runs 10] [--notes 150] [--mode footnotes|annex]
                                    [--out report.docx]

"Without" renders the same template with an ``fn`` that returns "" and skips
``apply_footnotes``; "with" is the render step as draftgen does it. Both load the template,
render and save to memory, interleaved. The target is an overhead of at most 10%, judged on
the best time of each (median shown too); the exit status is 1 if it is missed.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import docx
import docxtpl
import jinja2
from docx.shared import Mm, Pt
from jinja2.sandbox import SandboxedEnvironment

from draftgen.footnotes import FootnoteCollector, footnote_filters
from draftgen.oxml.footnotes import apply_footnotes

SENTENCE = (
    "Tốc độ tăng trưởng kinh tế bình quân giai đoạn đạt {{ v[%d] }}%%, quy mô nền kinh tế tiếp tục "
    "được mở rộng, cơ cấu kinh tế chuyển dịch theo hướng tích cực, thu ngân sách trên địa bàn "
    "tăng khá, đời sống vật chất và tinh thần của Nhân dân được cải thiện rõ rệt"
)
NOTE = (
    "{{ fn('Năm 2020 đạt', v[%d] ~ '%%; năm 2021 đạt 1,5%%, năm 2022 đạt 3,5%%, năm 2023 đạt "
    "4,8%%, dự ước năm 2025 đạt 5,5%%. Trong đó: ngành nông, lâm nghiệp tăng 6,47%%; công "
    "nghiệp - xây dựng tăng 9,19%%; dịch vụ tăng 6,49%%.') }}"
)


def build_template(path: Path, *, paragraphs: int = 400, notes: int = 150) -> None:
    """A report-like template: A4, Times New Roman 14 pt, headings, a table, a loop."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.paragraph_format.first_line_indent = Mm(10)
    normal.paragraph_format.space_after = Pt(6)
    in_table = 3 if notes else 0  # the table's loop below makes three rows with a note each
    every = max(1, (paragraphs - 20) // notes) if notes else paragraphs + 1
    placed = 0
    for i in range(paragraphs - 20):
        if i % 40 == 0:
            document.add_heading(f"{i // 40 + 1}. Kết quả thực hiện các chỉ tiêu chủ yếu", level=2)
        note = NOTE % i if notes and i % every == 0 and placed < notes - in_table else ""
        placed += bool(note)
        document.add_paragraph(SENTENCE % i + note + ".")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Chỉ tiêu", "Kết quả", "Ghi chú")):
        cell.text = text
    row = table.add_row().cells
    row[0].text = "{%tr for r in rows %}"
    row = table.add_row().cells
    row[0].text = "{{ r.name }}"
    row[1].text = "{{ r.value }}%" + ("{{ fn('Số liệu ước đạt của', r.name) }}" if notes else "")
    row = table.add_row().cells
    row[0].text = "{%tr endfor %}"
    for _ in range(notes - placed - in_table):
        document.add_paragraph("Tiếp tục đẩy mạnh cải cách hành chính{{ fn('Ghi chú bổ sung.') }}.")
    document.save(str(path))


def context() -> dict:
    rows = [{"name": f"Chỉ tiêu {i}", "value": f"{i},5"} for i in range(1, 4)]
    return {"v": [f"{i % 9 + 1},{i % 7}" for i in range(400)], "rows": rows}


def render_once(path: Path, env, *, footnotes: bool, mode: str) -> tuple[float, bytes, int]:
    start = time.perf_counter()
    tpl = docxtpl.DocxTemplate(str(path))
    ctx = context()
    collector = FootnoteCollector()
    ctx["fn"] = collector.fn if footnotes else (lambda *parts, **options: "")
    tpl.render(ctx, jinja_env=env, autoescape=True)
    count = apply_footnotes(tpl.docx, collector, mode=mode) if footnotes else 0
    out = io.BytesIO()
    tpl.save(out)
    return time.perf_counter() - start, out.getvalue(), count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--notes", type=int, default=150)
    parser.add_argument("--mode", choices=("footnotes", "annex"), default="footnotes")
    parser.add_argument("--out", type=Path, help="also write the report with footnotes here")
    args = parser.parse_args(argv)
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    env.filters.update(footnote_filters())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mau.docx"
        build_template(path, notes=args.notes)
        render_once(path, env, footnotes=True, mode=args.mode)  # warm up imports and caches
        times: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(args.runs):
            for footnotes in (False, True):  # interleaved: same machine load for both
                elapsed, blob, count = render_once(path, env, footnotes=footnotes, mode=args.mode)
                times[footnotes].append(elapsed)
        if args.out:
            args.out.write_bytes(blob)
    print(f"notes: {count} ({args.mode}), runs: {args.runs}")
    for label, stat in (("median", statistics.median), ("best", min)):
        without, with_ = stat(times[False]), stat(times[True])
        overhead = (with_ - without) / without * 100
        print(
            f"{label:>6}: without footnotes {without * 1000:7.1f} ms, "
            f"with {with_ * 1000:7.1f} ms, overhead {overhead:5.1f} %"
        )
    # The verdict uses the best times, the least disturbed by other work on the machine.
    print(f"target: overhead <= 10 % -> {'ok' if overhead <= 10 else 'MISSED'}")
    return 0 if overhead <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
