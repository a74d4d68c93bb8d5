"""The consistency audit: each rule on a small project with one seeded inconsistency, the
reports read back, roll-up provenance in a rendered document, and the sample project."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from auditkit import CATALOGUE, audit, only, project, rows
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from projectkit import SAMPLE

from draftgen.audit import ERROR, NOTE, WARNING, audit_path, audit_project
from draftgen.auditreport import render_markdown, write_reports
from draftgen.build import Builder, build
from draftgen.cli import main
from draftgen.config import load_project
from draftgen.errors import DataErrors
from draftgen.loader import load_dataset


def test_shares_of_a_whole_must_sum_to_100(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,TT_NONG,2020,20,,,,
tinh-a,TT_CN,2020,40,,,,
tinh-a,TT_DV,2020,50,,,,
tinh-a,TT_NONG,2015,"30,01",,,,
tinh-a,TT_CN,2015,"30,00",,,,
tinh-a,TT_DV,2015,"40,02",,,,
huyen-b,TT_NONG,2020,60,,,,
huyen-b,TT_CN,2020,45,,,,
huyen-c,TT_NONG,2020,60,,,,
huyen-c,TT_CN,2020,30,,,,
""")
    report = audit(root)
    found = [f for f in report.findings if f.rule == "co-cau-100"]
    assert [(f.unit, f.periods) for f in found] == [("tinh-a", ("2020",)), ("huyen-b", ("2020",))]
    full, part = found
    assert full.severity == ERROR and full.indicator == "TT_NONG"
    assert full.indicators == ("TT_NONG", "TT_CN", "TT_DV")
    assert full.values == (20, 40, 50) and full.computed == 110
    assert [c.file for c in full.cells] == ["chi-tieu/gia-tri.csv"] * 3
    assert rows(full) == [2, 3, 4]
    assert "20 + 40 + 50 = 110%, không bằng 100%" in full.message
    # two of three shares already above 100; 100,03 within rounding; huyện C 90 of 2 parts fine
    assert part.computed == 105 and "2/3 tỷ trọng" in part.message
    assert not report.ok


def test_yearly_mean_against_the_term_total(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,KET_NAP,2021-2025,9.964,,BCCT-XVIII:653,,
tinh-a,KET_NAP_BQ,2021-2025,2.166,,BCCT-XVIII:653,,
huyen-b,KET_NAP,2016-2020,1.050,,,,
huyen-b,KET_NAP_BQ,2016-2020,210,,,,
""")
    f = only(audit(root), "binh-quan-nam")
    assert (f.severity, f.unit, f.indicator, f.periods) == (ERROR, "tinh-a", "KET_NAP_BQ",
                                                           ("2021-2025",))
    assert f.values == (2166, 9964) and f.computed == pytest.approx(1992.8)
    assert rows(f) == [3, 2]
    assert "2.166 đảng viên × 5 năm = 10.830" in f.message and "9.964" in f.message


def test_stated_rate_against_the_endpoints(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,KHACH,2020,3.100,,,,
tinh-a,KHACH,2025,4.400,,,,
tinh-a,KHACH_TANG,2021-2025,"32,8",,,,
huyen-b,KHACH,2015,1.000,,,,
huyen-b,KHACH,2020,1.469,,,,
huyen-b,KHACH_TANG,2016-2020,8,,,,
tinh-a,HO_NGHEO,2015,"25,95",,,,
tinh-a,HO_NGHEO,2020,"7,89",,,,
tinh-a,GIAM_NGHEO,2016-2020,"3,61",,,,
huyen-b,HO_NGHEO,2015,20,,,,
huyen-b,HO_NGHEO,2020,10,,,,
huyen-b,GIAM_NGHEO,2016-2020,3,,,,
""")
    report = audit(root)
    found = [f for f in report.findings if f.rule == "toc-do-binh-quan"]
    assert [(f.unit, f.indicator) for f in found] == [("tinh-a", "KHACH_TANG"),
                                                      ("huyen-b", "GIAM_NGHEO")]
    tourism, poverty = found
    assert tourism.severity == ERROR and tourism.periods == ("2021-2025", "2020", "2025")
    assert tourism.values == (32.8, 3100, 4400)
    assert tourism.computed == pytest.approx(7.2552, abs=1e-3)
    assert rows(tourism) == [4, 2, 3]
    assert "từ 3.100 năm 2020 đến 4.400 năm 2025" in tourism.message
    # a rate of a rate: (10 - 20)/5 = 2 points a year, 3 is stated; 25,95 → 7,89 is 3,61
    assert poverty.computed == pytest.approx(-2) and poverty.values == (3, 20, 10)


def test_stated_average_against_the_yearly_series(tmp_path: Path) -> None:
    yearly = "".join(f"huyen-b,GRDP_TT,{y},\"{v}\",,,,\nhuyen-c,GRDP_TT,{y},\"{v}\",,,,\n"
                     for y, v in zip(range(2016, 2021), ("7,95", "8,42", "8,86", "9,15", "5,12")))
    root = project(tmp_path, yearly + "huyen-b,GRDP_TT,2016-2020,\"12,5\",,,,\n"
                   "huyen-c,GRDP_TT,2016-2020,\"7,89\",,,,\n")
    f = only(audit(root), "toc-do-chuoi-nam")
    assert (f.severity, f.unit, f.indicator) == (ERROR, "huyen-b", "GRDP_TT")
    assert f.values == (12.5, 7.95, 8.42, 8.86, 9.15, 5.12)
    assert f.computed == pytest.approx(7.8902, abs=1e-3)
    assert len(f.cells) == 6 and f.cells[0].row == 12


def test_children_above_the_parent_total(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,KET_NAP,2016-2020,1.000,,,,
huyen-b,KET_NAP,2016-2020,700,,,,
huyen-c,KET_NAP,2016-2020,400,,,,
tinh-a,RUNG,2020,70,,,,
huyen-b,RUNG,2020,50,,,,
huyen-c,RUNG,2020,60,,,,
""")
    found = [f for f in audit(root).findings if f.rule == "con-cha"]
    assert [(f.severity, f.indicator) for f in found] == [(WARNING, "RUNG"), (ERROR, "KET_NAP")] \
        or [(f.severity, f.indicator) for f in found] == [(ERROR, "KET_NAP"), (WARNING, "RUNG")]
    total = next(f for f in found if f.indicator == "KET_NAP")
    assert total.values == (1000, 700, 400) and total.computed == 1100
    assert rows(total) == [2, 3, 4]
    mean = next(f for f in found if f.indicator == "RUNG")
    assert "nằm ngoài khoảng" in mean.message and "(50 - 60)" in mean.message


def test_phrases_in_a_note_against_the_two_figures(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,KHACH,2015,1.000,,,,
tinh-a,KHACH,2020,1.500,,,"Năm 2020 đón 1.500 nghìn lượt khách, gấp 3 lần năm 2015.",
huyen-b,KHACH,2015,1.000,,,,
huyen-b,KHACH,2020,1.500,,,"Đón 1.500 nghìn lượt, tăng 50% so với năm 2015.",
tinh-a,RUNG,2015,"54,5",,,,
tinh-a,RUNG,2020,63,,,"Độ che phủ 63%, tăng 8,5% so với năm 2015; cả nước tăng 2% so với năm 2015.",
""")
    f = only(audit(root), "tang-gap-lan")
    assert (f.severity, f.unit, f.indicator, f.periods) == (ERROR, "tinh-a", "KHACH",
                                                           ("2020", "2015"))
    assert f.values == (3, 1500, 1000) and f.computed == 1.5
    assert "«gấp 3 lần năm 2015»" in f.message and "gấp 1,5 lần" in f.message


def test_counts_of_targets_met_against_the_list(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,GRDP_TT,2016-2020,"7,2",,,,
tinh-a,RUNG,2020,63,,,,
tinh-a,HO_NGHEO,2020,9,,,,
tinh-a,CT_DAT,2016-2020,3,,,,
tinh-a,CT_TONG,2015-2020,4,,,,
""")
    found = [f for f in audit(root).findings if f.rule == "dem-chi-tieu"]
    met = next(f for f in found if f.indicator == "CT_DAT")
    assert met.severity == ERROR and met.values == (3,) and met.computed == 2
    assert "có 2/3 chỉ tiêu đạt" in met.message
    assert rows(met) == [5, 4]  # the count, then the target not met (poverty, muc-tieu row 4)
    assert met.cells[1].file == "chi-tieu/muc-tieu.csv"
    total = next(f for f in found if f.indicator == "CT_TONG")
    assert total.severity == WARNING and total.computed == 3


def test_a_figure_entered_twice(tmp_path: Path) -> None:
    catalogue = CATALOGUE + "RUNG_2,Tỷ lệ che phủ rừng,%,kinh tế,lâm nghiệp,tỷ lệ,,tăng,,không,,,,,\n"
    root = project(tmp_path, """\
tinh-a,RUNG,2020,63,,KHPT:36,,
tinh-a,RUNG_2,2020,"62,5",,DCTT:18,,
tinh-a,KET_NAP,2015-2020,11.718,,,,
tinh-a,KET_NAP,2016-2020,11.700,,,,
""", catalogue=catalogue)
    found = [f for f in audit(root).findings if f.rule == "trung-lap"]
    assert len(found) == 2 and all(f.severity == ERROR for f in found)
    codes = next(f for f in found if f.indicator == "RUNG")
    assert codes.indicators == ("RUNG", "RUNG_2") and codes.values == (63, 62.5)
    assert "KHPT:36" in codes.message and "DCTT:18" in codes.message
    term = next(f for f in found if f.indicator == "KET_NAP")
    assert term.periods == ("2015-2020", "2016-2020") and rows(term) == [4, 5]


def test_values_outside_plausible_ranges(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,RUNG,2020,"120,5",,,,
tinh-a,GRDP_TT,2020,-150,,,,
tinh-a,KET_NAP,2016-2020,-5,,,,
tinh-a,SO_HO,2020,"10,5",,,,
""")
    # impossible values are refused by the loader, the others found by the audit: both listed
    found = [f for f in audit(root).findings if f.rule in ("pham-vi", "du-lieu")]
    assert [(f.indicator, f.severity) for f in found] == [
        ("GRDP_TT", ERROR), ("KET_NAP", ERROR), ("RUNG", ERROR), ("SO_HO", WARNING)]
    assert all(len(f.cells) == 1 for f in found)


def test_incomplete_rollup_is_flagged_in_audit_and_document(tmp_path: Path) -> None:
    template = [
        "Kết nạp {{ ind.KET_NAP.at('2016-2020')|cnt }}"
        "{% if ind.KET_NAP.at('2016-2020').rolled_up %}"
        "{{ fn(ind.KET_NAP.at('2016-2020')|rollup_note) }}{% endif %}.",
        "Bình quân {{ ind.KET_NAP_BQ.at('2016-2020') }} mỗi năm.",
    ]
    root = project(tmp_path, """\
tinh-a,KET_NAP_BQ,2016-2020,150,,,,
huyen-b,KET_NAP,2016-2020,85,,,,
huyen-c,KET_NAP,2016-2020,62,,,,
""", expected="so_don_vi_truc_thuoc = 17", template=template)
    data = load_dataset(load_project(root))
    fact = data.fact("tinh-a", "KET_NAP", "2016-2020")
    assert (fact.value, fact.rolled_up_from, fact.children_total) == (147, 2, 17)
    assert fact.rolled_up and fact.incomplete
    assert fact.rollup_note == "tổng hợp từ 2/17 đơn vị trực thuộc"
    report = audit(root)
    rollup = only(report, "tong-hop-thieu")
    assert (rollup.severity, rollup.unit, rollup.indicator) == (WARNING, "tinh-a", "KET_NAP")
    assert rows(rollup) == [3, 4] and "2/17 đơn vị" in rollup.message
    per_year = only(report, "binh-quan-nam")  # 150 a year against 147 in five years
    assert per_year.severity == WARNING and "chưa đủ số liệu" in per_year.message

    result = build(root)
    assert result.ok, [r.error for r in result.failed]
    out = root / "ra" / "bao-cao" / "tinh-a.docx"
    paragraphs = [p.text for p in Document(out).paragraphs]
    assert paragraphs[0].startswith("Kết nạp 147 đảng viên [chưa đủ số liệu: 2/17 đơn vị]")
    assert paragraphs[1] == ("Bình quân 150 [cần kiểm tra: bình quân năm không khớp tổng nhiệm "
                             "kỳ — xem kiem-tra-so-lieu.md] mỗi năm.")  # an open warning
    with zipfile.ZipFile(out) as z:
        notes = re.sub(r"<[^>]+>", "", z.read("word/footnotes.xml").decode("utf-8"))
    assert "Số liệu tổng hợp từ 2/17 đơn vị trực thuộc; chưa đủ số liệu của 15 đơn vị." in notes
    # the audit report is written after the build
    md = (root / "ra" / "kiem-tra-so-lieu.md").read_text(encoding="utf-8")
    assert "tong-hop-thieu" in md and (root / "ra" / "kiem-tra-so-lieu.xlsx").is_file()
    assert result.audit is not None and len(result.audit.warnings) == 2


def test_complete_rollup_says_where_it_comes_from(tmp_path: Path) -> None:
    root = project(tmp_path, """\
huyen-b,KET_NAP,2016-2020,85,,,,
huyen-c,KET_NAP,2016-2020,62,,,,x
""")
    data = load_dataset(load_project(root))
    fact = data.fact("tinh-a", "KET_NAP", "2016-2020")
    assert fact.rolled_up and not fact.incomplete and fact.illustrative
    note = only(audit(root), "tong-hop")
    assert note.severity == NOTE and "tổng hợp từ 2/2 đơn vị trực thuộc: 147" in note.message
    rendered = Builder(load_project(root))
    from draftgen.filters import make_filters
    from draftgen.style import Style

    f = make_filters(Style())
    assert f["cnt"](fact) == "147 đảng viên [minh họa]"  # complete: no incomplete flag
    assert f["rollup_note"](fact) == "Số liệu tổng hợp từ 2/2 đơn vị trực thuộc."
    assert rendered.audit().ok


def test_weighted_mean_rollup(tmp_path: Path) -> None:
    root = project(tmp_path, """\
huyen-b,HO_NGHEO,2020,10,,,,
huyen-c,HO_NGHEO,2020,4,,,,
huyen-b,SO_HO,2020,1.000,,,,
huyen-c,SO_HO,2020,3.000,,,,
huyen-b,HO_NGHEO,2015,20,,,,
huyen-c,HO_NGHEO,2015,8,,,,
huyen-b,SO_HO,2015,1.000,,,,
""")
    data = load_dataset(load_project(root))
    fact = data.fact("tinh-a", "HO_NGHEO", "2020")
    assert fact.value == pytest.approx((10 * 1000 + 4 * 3000) / 4000)  # 5,5, not the mean 7
    assert fact.rolled_up_from == 2
    assert data.fact("tinh-a", "HO_NGHEO", "2015") is None  # huyện C has no weight in 2015


def test_a_weighted_mean_needs_its_weight(tmp_path: Path) -> None:
    catalogue = CATALOGUE.replace(",SO_HO,\n", ",SO_HOO,\n")
    root = project(tmp_path, "", catalogue=catalogue)
    with pytest.raises(DataErrors) as exc:
        load_dataset(load_project(root))
    assert "chi-tieu/danh-muc.csv, dòng 8, cột trong_so" in str(exc.value)
    assert "«SO_HOO» không có trong danh mục" in str(exc.value)


def test_reports_read_back(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,TT_NONG,2020,20,,,,
tinh-a,TT_CN,2020,40,,,,
tinh-a,TT_DV,2020,50,,,,
tinh-a,KHACH,2020,3.100,,,,
tinh-a,KHACH,2025,4.400,,,,
tinh-a,KHACH_TANG,2021-2025,"32,8",,,,
""")
    report = audit(root)
    md, xlsx = write_reports(report, tmp_path / "bao-cao")
    text = md.read_text(encoding="utf-8")
    assert "Kiểm tra số liệu: 2 lỗi, 0 cảnh báo, 0 lưu ý." in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| STT | Mức | Quy tắc | Đơn vị | Chỉ tiêu | Kỳ | Ô số liệu")
    assert "| co-cau-100 | tinh-a | TT_NONG, TT_CN, TT_DV | 2020 |" in table[1]
    assert "| 20; 40; 50 | 110 |" in table[1]
    book = load_workbook(xlsx)
    sheet = book["kiem-tra"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L3"
    assert sheet["B1"].value == "Mức" and sheet["B1"].font.bold
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values[0][:6] == [1, "lỗi", "co-cau-100", "tinh-a", "TT_NONG, TT_CN, TT_DV", "2020"]
    assert values[1][2] == "toc-do-binh-quan" and values[1][8] == "7,26"
    assert "chi-tieu/gia-tri.csv, dòng 2, cột gia_tri" in values[0][6]
    assert xlsx.read_bytes() == write_reports(report, tmp_path / "lai")[1].read_bytes()


def test_the_audit_never_changes_data(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,TT_NONG,2020,20,,,,
tinh-a,TT_CN,2020,40,,,,
tinh-a,TT_DV,2020,50,,,,
""")

    def hashes() -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file() and "ra" not in p.parts}

    before = hashes()
    audit(root)
    result = CliRunner().invoke(main, ["audit", "-p", str(root)])
    assert result.exit_code == 1
    assert "co-cau-100" in result.output and "Kiểm tra số liệu: 1 lỗi" in result.output
    assert hashes() == before
    check = CliRunner().invoke(main, ["check", "-p", str(root), "--no-trial"])
    assert check.exit_code == 1 and "kiểm tra số liệu:" in check.output


def test_accepted_findings_do_not_fail(tmp_path: Path) -> None:
    root = project(tmp_path, """\
tinh-a,KET_NAP,2021-2025,9.964,,,,
tinh-a,KET_NAP_BQ,2021-2025,2.166,,,,
""")
    (root / "kiem-tra-so-lieu.toml").write_text(
        '[[chap_nhan]]\nquy_tac = "binh-quan-nam"\ndon_vi = "tinh-a"\nky = "2021-2025"\n'
        'ly_do = "Tài liệu gốc ghi cả hai số"\n\n'
        '[[chap_nhan]]\nquy_tac = "co-cau-100"\nly_do = "cũ"\n', encoding="utf-8")
    report = audit(root)
    assert report.ok and report.accepted[0].accepted == "Tài liệu gốc ghi cả hai số"
    stale = only(report, "chap-nhan")
    assert stale.severity == NOTE and stale.cells[0].detail == "[[chap_nhan]] thứ 2"
    result = CliRunner().invoke(main, ["audit", "-p", str(root), "--md", str(tmp_path / "a.md"),
                                       "--xlsx", str(tmp_path / "a.xlsx")])
    assert result.exit_code == 0, result.output
    assert "1 điểm đã xem xét và chấp nhận" in result.output
    assert "Tài liệu gốc ghi cả hai số" in (tmp_path / "a.md").read_text(encoding="utf-8")


def test_expected_children_must_be_a_positive_integer(tmp_path: Path) -> None:
    root = project(tmp_path, "", expected='so_don_vi_truc_thuoc = "mười một"')
    from draftgen.errors import ConfigError

    with pytest.raises(ConfigError, match="so_don_vi_truc_thuoc «mười một» không hợp lệ"):
        load_project(root)


# -- the sample project ------------------------------------------------------------------------

def test_sample_has_no_finding_but_those_documented() -> None:
    project_ = load_project(SAMPLE)
    report = audit_project(project_, load_dataset(project_))
    assert report.findings, "the sample has known disagreements between its seed documents"
    assert [str(f) for f in report.findings if not f.accepted] == []
    nguon = (SAMPLE / "NGUON.md").read_text(encoding="utf-8")
    for f in report.findings:
        m = re.search(r"NGUON\.md mục (\d)(?:, dòng (\d+))?", f.accepted)
        assert m, f.accepted
        if m.group(2):  # a row of the table of disagreements, naming the figures
            row = next(line for line in nguon.splitlines()
                       if line.startswith(f"| {m.group(2)} |"))
            assert all(format_in(v, row) for v in f.values), (f.values, row)


def format_in(value: float, text: str) -> bool:
    from draftgen.formatting import format_number

    return format_number(value) in text


def test_sample_reproduces_the_contradictions_it_documents() -> None:
    report = audit_path(SAMPLE)
    pairs = {(f.rule, f.unit, f.indicator, f.periods[0]) for f in report.findings}
    assert ("binh-quan-nam", "lang-son", "KET_NAP_DV_BQ_NAM", "2021-2025") in pairs  # 9.964
    assert ("toc-do-binh-quan", "lang-son", "KHACH_DU_LICH_TANG_BQ", "2021-2025") in pairs
    assert ("tong-hop-thieu", "lang-son", "TRONG_RUNG_MOI", "2016-2020") in pairs  # 18.804,9
    assert ("tong-hop-thieu", "van-lang", "KET_NAP_DANG_VIEN", "2016-2020") in pairs  # 147
    assert "Kiểm tra số liệu: 0 lỗi, 0 cảnh báo, 0 lưu ý" in render_markdown(report)


def test_sample_province_prints_incomplete_rollups_flagged(tmp_path: Path) -> None:
    import shutil

    # the template's own sentences from the data (the province's text of its own, which
    # writes the section from the seeds, left out)
    shutil.copytree(SAMPLE, tmp_path / "mau")
    shutil.copytree(SAMPLE.parent / "templates", tmp_path / "templates")
    (tmp_path / "mau" / "noi-dung" / "lang-son" / "2015-2020" / "ket-qua-chu-yeu.md").unlink()
    builder = Builder(load_project(tmp_path / "mau"))
    job = next(j for j in builder.jobs(["bao-cao-chinh-tri-2015-2020"])
               if j.unit.code == "lang-son")
    doc = Document(io.BytesIO(builder.render(job)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "18.804,9 ha [chưa đủ số liệu: 6/11 đơn vị] [minh họa]" in text
    assert re.search(r"18\.804,9 ha(?! \[chưa đủ)", text) is None


def test_findings_name_excel_cells(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "mau"
    shutil.copytree(SAMPLE, root)
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'data = "chi-tieu"', 'data = "chi-tieu.xlsx"'), encoding="utf-8")
    report = audit_path(root)
    tourism = next(f for f in report.findings if f.indicator == "KHACH_DU_LICH_TANG_BQ")
    assert {(c.file, c.sheet) for c in tourism.cells} == {("chi-tieu.xlsx", "gia-tri")}
    assert all(re.fullmatch(r"D\d+", c.cell) for c in tourism.cells)
    assert "chi-tieu.xlsx, sheet gia-tri, ô D" in tourism.where()
    assert tourism.accepted  # the accepted list applies to the workbook just as well


def test_an_acceptance_covers_the_figures_reviewed_not_new_ones(tmp_path: Path) -> None:
    values = """\
tinh-a,KET_NAP,2021-2025,9.964,,,,
tinh-a,KET_NAP_BQ,2021-2025,2.166,,,,
"""
    accept = ('[[chap_nhan]]\nquy_tac = "binh-quan-nam"\ndon_vi = "tinh-a"\n'
              'chi_tieu = "KET_NAP_BQ"\nky = "2021-2025"\nso_lieu = [2166, 9964]\n'
              'ly_do = "Tài liệu gốc ghi cả hai số"\n')
    root = project(tmp_path, values)
    (root / "kiem-tra-so-lieu.toml").write_text(accept, encoding="utf-8")
    assert audit(root).ok and len(audit(root).accepted) == 1
    # the data changes after the review: the finding is doubted again, saying why
    changed = project(tmp_path / "b", values.replace("9.964", "9.000"))
    (changed / "kiem-tra-so-lieu.toml").write_text(accept, encoding="utf-8")
    report = audit(changed)
    assert not report.ok and not report.accepted
    f = only(report, "binh-quan-nam")
    assert not f.accepted
    assert ("(đã chấp nhận ở [[chap_nhan]] thứ 1 khi số liệu là [2166, 9964], nay là "
            "[2166, 9000])") in f.message
    assert "sửa so_lieu = [2166, 9000]" in f.hint
    # an acceptance that names its figure but not the figures reviewed is pointed out
    loose = project(tmp_path / "c", values)
    (loose / "kiem-tra-so-lieu.toml").write_text(accept.replace("so_lieu = [2166, 9964]\n", ""),
                                                 encoding="utf-8")
    report = audit(loose)
    assert report.ok and len(report.accepted) == 1
    note = only(report, "chap-nhan")
    assert note.severity == NOTE and "thêm so_lieu = [2166, 9964]" in note.hint
    bad = project(tmp_path / "d", values)
    (bad / "kiem-tra-so-lieu.toml").write_text(accept.replace("[2166, 9964]", '"2166"'),
                                               encoding="utf-8")
    from draftgen.errors import ConfigError

    with pytest.raises(ConfigError, match="so_lieu phải là danh sách số"):
        audit(bad)
