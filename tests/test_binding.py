"""Figures of the sample's content files follow the data: a changed value shows in the
sentence that writes it and in the change report; a literal figure that contradicts the data
cited at the same source line is found, with its file and line (rule ``so-viet-tay``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from draftgen.audit import NOTE, WARNING, audit_path
from draftgen.build import build
from draftgen.literals import literal_figures

ROOT = Path(__file__).resolve().parents[1]
KQ_2025 = "noi-dung/lang-son/2020-2025/ket-qua-chu-yeu.md"
DOCS = ["bao-cao-chinh-tri-2020-2025", "bao-cao-chinh-tri-2015-2020"]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path / "data"


def _set(project: Path, row_start: str, value: str) -> None:
    """Replace the value of the one row of gia-tri.csv that starts with ``row_start``."""
    path = project / "chi-tieu" / "gia-tri.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith(row_start)]
    assert len(hits) == 1, row_start
    rest = lines[hits[0]][len(row_start):]
    end = rest.index('"', 1) + 1 if rest.startswith('"') else rest.index(",")
    lines[hits[0]] = f'{row_start}"{value}"{rest[end:]}'
    path.write_text("".join(lines), encoding="utf-8")


def _text(docx: Path) -> str:
    return "\n".join(p.text for p in Document(str(docx)).paragraphs)


def _build(project: Path) -> None:
    build(project, documents=DOCS, units=["lang-son", "van-lang"], workers=1)


def test_a_changed_value_shows_in_the_bound_sentence_and_the_change_report(sample: Path) -> None:
    _build(sample)
    out = sample.parent / "output"
    before_ls = _text(out / "bao-cao-chinh-tri-2020-2025" / "lang-son.docx")
    before_vl = _text(out / "bao-cao-chinh-tri-2015-2020" / "van-lang.docx")
    assert "tỷ lệ trường đạt chuẩn đạt 49,7%. Triển khai" in before_ls
    assert "nâng độ che phủ rừng lên 71,08% (mục tiêu 60%)" in before_vl

    _set(sample, "lang-son,TY_LE_TRUONG_CHUAN_QG,2025,", "51,2")
    _set(sample, "van-lang,TY_LE_CHE_PHU_RUNG,2020,", "72,08")
    _build(sample)
    after_ls = _text(out / "bao-cao-chinh-tri-2020-2025" / "lang-son.docx")
    after_vl = _text(out / "bao-cao-chinh-tri-2015-2020" / "van-lang.docx")
    assert "tỷ lệ trường đạt chuẩn đạt 51,2%. Triển khai" in after_ls
    assert "49,7%" not in after_ls
    assert "nâng độ che phủ rừng lên 72,08% (mục tiêu 60%)" in after_vl
    assert "71,08%" not in after_vl
    # Nothing else of the documents moved.
    assert after_ls.replace("51,2%", "49,7%") == before_ls
    assert after_vl.replace("72,08%", "71,08%") == before_vl

    report = (out / "bao-cao-thay-doi.md").read_text(encoding="utf-8")
    assert "bao-cao-chinh-tri-2020-2025" in report and "bao-cao-chinh-tri-2015-2020" in report
    assert "51,2%" in report and "49,7%" in report
    assert "72,08%" in report and "71,08%" in report


def test_a_literal_figure_that_contradicts_the_data_is_found_with_file_and_line(
        sample: Path) -> None:
    path = sample / KQ_2025
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    bound = ("{{ ind.TY_LE_CHE_PHU_RUNG.at(2025)|est_word }} "
             "{{ ind.TY_LE_CHE_PHU_RUNG.at(2025)|pct }}")
    number = next(i for i, line in enumerate(lines, 1) if bound in line)

    def findings() -> list:
        return [f for f in audit_path(sample).findings
                if f.rule == "so-viet-tay" and f.indicator == "TY_LE_CHE_PHU_RUNG"
                and f.unit == "lang-son"]

    assert findings() == []
    lines[number - 1] = lines[number - 1].replace(bound, "ước đạt 70%")
    path.write_text("".join(lines), encoding="utf-8")
    found = findings()
    assert len(found) == 1
    f = found[0]
    assert f.severity == WARNING and f.periods == ("2025",)
    assert str(f.cells[0]) == f"{KQ_2025}, dòng {number}"
    assert "BCCT-XVIII:22" in f.message and "64,5%" in f.message and "70" in f.message

    # The same value written as text (it would not follow the data) is a warning too.
    lines[number - 1] = lines[number - 1].replace("ước đạt 70%", "ước đạt 64,5%")
    path.write_text("".join(lines), encoding="utf-8")
    found = findings()
    assert len(found) == 1 and "viết tay là số liệu" in found[0].message
    assert str(found[0].cells[0]) == f"{KQ_2025}, dòng {number}"


def test_the_literal_figures_of_each_unit_are_counted(sample: Path) -> None:
    notes = {f.unit: f for f in audit_path(sample).findings
             if f.rule == "so-viet-tay" and f.severity == NOTE}
    assert set(notes) == {"lang-son", "van-lang"}
    count = sum(len(literal_figures(line))
                for p in (sample / "noi-dung" / "van-lang").rglob("*.md")
                for line in p.read_text(encoding="utf-8").splitlines())
    assert notes["van-lang"].values == (float(count),)
    assert f"{count} con số viết tay" in notes["van-lang"].message


def test_literal_figures_skip_years_data_references_and_comments() -> None:
    line = ('{# 12% ghi chú #}Năm 2025 đạt {{ ind.X.at(2025)|pct }}, tăng 1,5% so với năm 2020'
            '{{ fn("Trong đó 3.100 nghìn lượt khách.") }}; xếp thứ 36/63.')
    assert [(f.value, f.uom) for f in literal_figures(line)] == [(1.5, "%"), (3100.0, "nghìn lượt khách")]
