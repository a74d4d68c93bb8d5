"""Several source documents for one figure (draftgen.sources): rows of one key from two
documents load, the same document twice is refused, a document's ``sources`` chooses, a
comparison takes its baseline from the value's document, and the sample project's reports
compare figures of seed 001 with each other again."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from projectkit import CONFIG, SAMPLE, TARGETS, VALUES, record_reads, write_project
from samplekit import body, doc
from seedtext import seed_lines

from draftgen.audit import NOTE, audit_project
from draftgen.build import Builder, Job
from draftgen.config import load_project
from draftgen.context import build_context
from draftgen.environment import make_environment
from draftgen.errors import ConfigError, DataErrors
from draftgen.loader import load_dataset
from draftgen.sources import document_of

# HO_NGHEO of tinh-a: 2015 and 2020 from document BC (VALUES), and from document KH.
TWO_DOCUMENTS = VALUES + """\
tinh-a,HO_NGHEO,2020,"8,1",,KH:12,,
tinh-a,HO_NGHEO,2015,30,,KH:12,,
tinh-a,THU_NS,2015,900.000,,KH:20,,
tinh-a,THU_NS,2015,800.000,,BC:83,,
tinh-a,THU_NS,2020,1.800.000,,KH:20,,
"""


def project_with(tmp_path: Path, values: str = TWO_DOCUMENTS, targets: str = TARGETS,
                 config: str = CONFIG):
    return load_project(write_project(tmp_path, values=values, targets=targets,
                                      config=config) / "draftgen.toml")


def render(project, data, source: str, *, sources: tuple[str, ...] = ()) -> str:
    spec = dataclasses.replace(project.documents[0], sources=sources)
    ctx = build_context(project, data, spec, project.units["tinh-a"])
    return make_environment().from_string(source).render(ctx)


# -- loading ------------------------------------------------------------------------------

def test_rows_of_one_figure_from_two_documents_load(tmp_path: Path) -> None:
    data = load_dataset(project_with(tmp_path))
    rows = data.observation_rows("tinh-a", "HO_NGHEO", "2020")
    assert [(r.value, document_of(r.source)) for r in rows] == [(7.89, "BC"), (8.1, "KH")]
    # the default is the first row in file order
    assert data.observation("tinh-a", "HO_NGHEO", "2020").value == 7.89
    assert data.fact("tinh-a", "HO_NGHEO", "2020").value == 7.89
    assert data.fact("tinh-a", "HO_NGHEO", "2020", ("KH",)).value == 8.1
    assert data.fact("tinh-a", "HO_NGHEO", "2020", ("XX", "KH")).value == 8.1
    assert data.fact("tinh-a", "HO_NGHEO", "2020", ("XX",)).value == 7.89
    # every row counts for the fingerprints of the unit's documents
    assert sum(1 for _, r in data.unit_rows("tinh-a") if getattr(r, "value", None) == 8.1) == 1


@pytest.mark.parametrize("row, message", [
    ('tinh-a,HO_NGHEO,2020,"8,1",,BC:45,,',
     "chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: trùng số liệu HO_NGHEO của «tinh-a» kỳ 2020, "
     "cùng văn bản nguồn BC (đã có ở dòng 4)"),
    ('tinh-a,HO_NGHEO,2020,"8,1",,,,',
     "chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: trùng số liệu HO_NGHEO của «tinh-a» kỳ 2020 "
     "(đã có ở dòng 4) mà không ghi văn bản nguồn"),
])
def test_the_same_document_twice_is_refused(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(DataErrors) as caught:
        load_dataset(project_with(tmp_path, values=VALUES + row + "\n"))
    assert [str(e).split(" → ")[0] for e in caught.value.errors] == [message]


def test_the_same_document_twice_in_a_workbook_names_both_cells(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    book = Workbook()
    book.remove(book.active)
    for name, text in (("danh-muc", (root / "chi-tieu" / "danh-muc.csv").read_text("utf-8")),
                       ("gia-tri", VALUES + 'tinh-a,HO_NGHEO,2020,"8,1",,BC:45,,\n'),
                       ("muc-tieu", TARGETS)):
        sheet = book.create_sheet(name)
        for line in csv.reader(io.StringIO(text)):
            sheet.append(line)
    book.save(root / "so-lieu.xlsx")
    config = (root / "draftgen.toml").read_text("utf-8").replace('data = "chi-tieu"',
                                                               'data = "so-lieu.xlsx"')
    (root / "draftgen.toml").write_text(config, "utf-8")
    with pytest.raises(DataErrors) as caught:
        load_dataset(load_project(root / "draftgen.toml"))
    [error] = caught.value.errors
    assert str(error).startswith("so-lieu.xlsx, sheet gia-tri, ô D10: trùng số liệu HO_NGHEO")
    assert "cùng văn bản nguồn BC (đã có ở ô D4)" in str(error)


def test_targets_from_two_documents(tmp_path: Path) -> None:
    targets = TARGETS + 'tinh-a,GRDP_TT,2015-2020,"8 - 8,5",1,,KH:274,,\n'
    with pytest.raises(DataErrors):  # the first GRDP_TT target names no document
        load_dataset(project_with(tmp_path, targets=targets))
    targets = TARGETS.replace('"7 - 7,5",1,,,,', '"7 - 7,5",1,,BC:476,,') + \
        'tinh-a,GRDP_TT,2015-2020,"8 - 8,5",1,,KH:274,,\n'
    project = project_with(tmp_path, targets=targets)
    data = load_dataset(project)
    template = "{{ ind.GRDP_TT.target|target }}|{% for t in targets %}{{ t.rows[0].text }};" \
               "{% endfor %}"
    assert render(project, data, template) == "7 - 7,5%|7 - 7,5;dưới 8;"
    assert render(project, data, template, sources=("KH",)) == "8 - 8,5%|8 - 8,5;dưới 8;"


# -- the sources key ----------------------------------------------------------------------

@pytest.mark.parametrize("line, message", [
    ('sources = "BC"', "khóa sources: cần một danh sách chuỗi"),
    ('sources = ["BC", 3]', "khóa sources: phần tử thứ 2 (3) không phải chuỗi"),
    ('sources = ["BC:14"]', "khóa sources: «BC:14» không phải mã văn bản nguồn"),
    ('sources = ["BC", "BC"]', "khóa sources: một văn bản nguồn được ghi hai lần"),
])
def test_sources_is_a_list_of_document_codes(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        project_with(tmp_path, config=CONFIG + line + "\n")
    assert message in str(caught.value)
    assert "[[documents]] thứ 1 (bao-cao)" in str(caught.value)


def test_a_document_gets_the_value_of_its_preferred_source(tmp_path: Path) -> None:
    project = project_with(tmp_path, config=CONFIG + 'sources = ["KH", "BC"]\n')
    assert project.documents[0].sources == ("KH", "BC")
    data = load_dataset(project)
    value = "{{ ind.HO_NGHEO.value }}"
    # entered "8,1": printed with its own decimals, fewer than so_le's
    assert render(project, data, value, sources=project.documents[0].sources) == "8,1"
    assert render(project, data, value) == "7,89"  # no sources: the default row


def test_a_rollup_follows_the_preferred_source_only_where_the_rows_below_differ(
        tmp_path: Path) -> None:
    values = VALUES + "huyen-b,THU_NS,2020,1.700.000,,KH:9,,\n"
    data = load_dataset(project_with(tmp_path, values=values))
    assert data.fact("tinh-a", "THU_NS", "2020").value == 2183240  # B's BC row + C
    assert data.fact("tinh-a", "THU_NS", "2020", ("KH",)).value == 2200000  # B's KH row + C
    data.warm_rollups()
    read = record_reads(data)
    # one document below for XA_NTM: the preferred roll-up is the default's, warmed once
    assert data.fact("tinh-a", "XA_NTM", "2020", ("KH", "BC")).value == 8
    assert read == ["tinh-a"]
    assert data.fact("tinh-a", "THU_NS", "2020", ("KH", "BC")).value == 2200000
    assert "huyen-b" in read  # several documents below: rolled up by the preference


def test_a_change_takes_its_baseline_from_the_values_document(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    data = load_dataset(project)
    change = "{{ ind.HO_NGHEO.value|change(ind.HO_NGHEO.baseline) }}"
    # BC: 7,89 against 25,95; KH: 8,1 against 30; never 8,1 against 25,95
    assert render(project, data, change) == "giảm 18,06 điểm phần trăm so với năm 2015"
    assert render(project, data, change, sources=("KH",)) == \
        "giảm 21,9 điểm phần trăm so với năm 2015"
    assert render(project, data, "{{ ind.HO_NGHEO.at(2015) }}", sources=("KH",)) == "30"
    # THU_NS 2020 exists in KH only: its document comes before the draft's sources (BC)
    thu = "{{ ind.THU_NS.value }} {{ ind.THU_NS.baseline }} " \
          "{{ ind.THU_NS.value|comparable(ind.THU_NS.baseline) }}"
    assert render(project, data, thu, sources=("BC",)) == "1.800.000 900.000 True"


# -- the sample project -------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_builder() -> Builder:
    return Builder(load_project(SAMPLE / "draftgen.toml"))


@pytest.fixture(scope="module")
def report_text(built) -> str:  # noqa: F811 (the fixture imported above)
    """The province 2020-2025 political report, as the report template's tests build it."""
    return body(doc(built, "bao-cao-chinh-tri-2020-2025", "lang-son"))


def rendered(builder: Builder, document: str) -> str:
    project = builder.project
    data = builder.render(Job(project.document(document), project.units["lang-son"]))
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def numbers(text: str) -> list[str]:
    return re.findall(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?", text)


def in_seed_001(figure: str) -> list[int]:
    """The lines of seed 001 where ``figure`` stands as a whole number."""
    pattern = re.compile(rf"(?<![\d.,]){re.escape(figure)}(?![\d]|[.,]\d)")
    return [n for n, line in enumerate(seed_lines("001"), 1) if pattern.search(line)]


def vn(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def stated(n: int, value: str, change: str, points: bool) -> bool:
    """Line n of seed 001 states the change ("giảm 0,30%"), or the 2020 figure the change
    comes from ("tăng từ 44,2 … lên 69,8"; in points, or in per cent for a level)."""
    line = seed_lines("001")[n - 1]
    figures = numbers(line)
    if any(vn(b) == vn(change) and re.search(rf"(?:tăng|giảm) {re.escape(b)}", line)
           for b in figures):
        return True
    return any(abs((vn(value) - vn(b) if points else (vn(value) / vn(b) - 1) * 100)
                   - vn(change)) < 5e-3 for b in figures if vn(b) and b != value)


def test_the_2020_2025_report_compares_figures_of_seed_001(report_text) -> None:
    text = report_text
    # "…chiếm 20,92% (mục tiêu 16 - 17%), giảm 2,32 điểm phần trăm so với năm 2020"
    clauses = re.findall(r"(?:đạt|chiếm) ([\d.,]+)(?:[^;.]|\.\d)*?, (?:ước |dự ước )?(?:tăng|giảm) "
                         r"([\d.,]+)(%| điểm phần trăm) so với năm 2020", text)
    assert len(clauses) >= 9, clauses
    assert "lấy từ hai văn bản khác nhau" not in text  # no comparison across documents
    for value, change, unit in clauses:
        lines = in_seed_001(value)
        assert lines, value
        assert any(stated(n, value, change, unit != "%") for n in lines), (value, change)
    assert "GRDP bình quân đầu người dự ước đạt 69,8 triệu đồng (mục tiêu 80 - 82 " \
           "triệu đồng), dự ước tăng 57,92% so với năm 2020" in text  # 69,8 / 44,2 (001:14)
    assert "chiếm 20,92% (mục tiêu 16 - 17%), giảm 2,32 điểm phần trăm so với năm 2020" in text
    assert "ước đạt 64,5% (mục tiêu khoảng 65%), ước tăng 1,5 điểm phần trăm" in text  # 001:22


def test_each_document_shows_its_own_target(sample_builder, report_text) -> None:
    report = report_text
    assert "(mục tiêu 7 - 7,5%)" in report  # the resolution's, 001:476
    assert "8 - 8,5" not in report
    plan = rendered(sample_builder, "ke-hoach-5-nam")
    first = next(line for line in plan.splitlines() if line.startswith("(1) "))
    assert first == "(1) Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân hằng năm " \
                    "từ 8 - 8,5%."  # 003:274
    assert "7 - 7,5" not in plan


def test_the_audit_lists_the_vintage_difference_as_a_note() -> None:
    project = load_project(SAMPLE / "draftgen.toml")
    report = audit_project(project, load_dataset(project))
    [share] = [f for f in report.findings if f.rule == "trung-lap"
               and f.indicator == "TY_TRONG_NONG_LAM"]
    assert share.severity == NOTE
    assert share.values == (20.83, 23.24, 19.92)
    assert [str(c) for c in share.cells] == ["chi-tieu/gia-tri.csv, dòng 28, cột gia_tri",
                                             "chi-tieu/gia-tri.csv, dòng 29, cột gia_tri",
                                             "chi-tieu/gia-tri.csv, dòng 30, cột gia_tri"]
    assert ("20,83 (KHPT-2021-2025:14); 23,24 (BCCT-XVIII:14); 19,92 (DCTT-XVI:16)"
            in share.message)
    assert "bao-cao-chinh-tri-2020-2025 dùng 23,24" in share.message
    assert "de-cuong-tuyen-truyen-2015-2020 dùng 19,92" in share.message
    assert "ke-hoach-5-nam, tin-bai-2023 dùng 20,83" in share.message
    [target] = [f for f in report.findings if f.rule == "trung-lap"
                and f.indicator == "GRDP_TANG_TRUONG" and f.periods == ("2020-2025",)]
    assert target.severity == NOTE and "ke-hoach-5-nam dùng 8 - 8,5" in target.message
    # the same values from two documents are no finding (forest cover 2020: 63 in both)
    assert not [f for f in report.findings if f.indicator == "TY_LE_CHE_PHU_RUNG"]
