"""A figure typed 1000 times too large (a dot as the thousands separator for a decimal comma)
never prints as if sure: refused by `draftgen check`/`build` and by the collection of returned
forms, with one message from one rule (draftgen.loader.implausible); an odd but possible growth
rate is flagged by the audit and marked in the draft."""

from __future__ import annotations

import datetime as dt
import shutil
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from formkit import fill
from projectkit import CATALOGUE, VALUES, tables_workbook, write_project
from samplekit import ROOT

from draftgen.audit import ERROR, WARNING, audit_path
from draftgen.cli import main
from draftgen.collect import apply_plan, plan_collection
from draftgen.config import load_project
from draftgen.forms import write_forms
from draftgen.loader import load_dataset

GRDP_ROW = 'lang-son,GRDP_TANG_TRUONG,2016-2020,"5,45",'
DOTTED = ("«5.450» đọc là 5.450 (năm nghìn bốn trăm năm mươi) vì dấu chấm ngăn hàng nghìn: "
          "quá lớn cho chỉ tiêu GRDP_TANG_TRUONG tính bằng % → nếu là 5,45 thì viết «5,45» "
          "(số thập phân viết bằng dấu phẩy)")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path / "data"


def _set(project: Path, value: str) -> int:
    """Give the first row of lang-son's GRDP growth 2016-2020 in gia-tri.csv (typed «5,45»)
    the text ``value``; return its line number."""
    path = project / "chi-tieu" / "gia-tri.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.startswith(GRDP_ROW))
    lines[i] = lines[i].replace('"5,45"', value, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return i + 1


def _run(*args: str):
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(*result.exc_info)))
    return result


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


# -- the data tables ------------------------------------------------------------------------

def test_a_growth_rate_typed_with_a_thousands_dot_is_refused_by_check_and_build(
        sample: Path) -> None:
    line = _set(sample, "5.450")
    check = _run("check", "-p", str(sample), "--no-trial")
    assert check.exit_code != 0
    assert f"chi-tieu/gia-tri.csv, dòng {line}, cột gia_tri: {DOTTED}" in check.output

    build = _run("build", "-p", str(sample), "-d", "bao-cao-chinh-tri-2015-2020",
                 "-u", "lang-son")
    assert build.exit_code != 0
    assert f"dòng {line}, cột gia_tri: {DOTTED}" in build.output
    assert not (sample.parent / "output" / "bao-cao-chinh-tri-2015-2020" / "lang-son.docx"
                ).exists()


def test_a_share_typed_with_a_thousands_dot_is_named_as_read(tmp_path: Path) -> None:
    root = write_project(tmp_path / "du-an",
                         catalogue=_catalogue_with_share(),
                         values=VALUES + 'tinh-a,TY_TRONG_CN,2020,"30.900",,,,\n')
    result = _run("check", "-p", str(root), "--no-trial")
    assert result.exit_code != 0
    assert ("chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: «30.900» đọc là 30.900 (ba mươi "
            "nghìn chín trăm) vì dấu chấm ngăn hàng nghìn: quá lớn cho chỉ tiêu TY_TRONG_CN "
            "tính bằng % → nếu là 30,9 thì viết «30,9»") in result.output


def _catalogue_with_share() -> str:
    return CATALOGUE + "TY_TRONG_CN,Tỷ trọng công nghiệp,%,kinh tế,cơ cấu,tỷ trọng,2,tăng,,không\n"


def test_a_percent_of_a_thousand_or_more_without_a_dot_is_refused(sample: Path) -> None:
    line = _set(sample, "5450")
    result = _run("check", "-p", str(sample), "--no-trial")
    assert result.exit_code != 0
    assert (f"dòng {line}, cột gia_tri: chỉ tiêu GRDP_TANG_TRUONG tính bằng % mà số là 5.450 "
            "(năm nghìn bốn trăm năm mươi): từ 1.000% trở lên không thể là số đúng → kiểm tra "
            "lại số trong tài liệu gốc: có thể nhầm dấu chấm ngăn hàng nghìn với dấu phẩy thập "
            "phân") in result.output


def test_a_number_cell_of_an_excel_table_is_refused_with_its_cell(tmp_path: Path) -> None:
    """Excel set to Vietnamese reads «5.450» typed in a number cell as 5450."""
    root = write_project(tmp_path / "du-an")
    book = tables_workbook(root)
    book["gia-tri"].append(["tinh-a", "GRDP_TT", "2020", 5450])
    book["gia-tri"].append(["tinh-a", "GRDP_TT", "2019", "6.120"])
    book.save(root / "chi-tieu.xlsx")
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'data = "chi-tieu"', 'data = "chi-tieu.xlsx"'), encoding="utf-8")
    result = _run("check", "-p", str(root), "--no-trial")
    assert result.exit_code != 0
    assert ("sheet gia-tri, ô D10: chỉ tiêu GRDP_TT tính bằng % mà số là 5.450 (năm nghìn bốn "
            "trăm năm mươi)") in result.output
    assert ("sheet gia-tri, ô D11: «6.120» đọc là 6.120 (sáu nghìn một trăm hai mươi) vì dấu "
            "chấm ngăn hàng nghìn") in result.output
    assert "nếu là 6,12 thì viết «6,12»" in result.output


def test_other_figures_with_a_thousands_dot_still_load(tmp_path: Path) -> None:
    root = write_project(tmp_path / "du-an")  # THU_NS 1.683.240 triệu đồng
    data = load_dataset(load_project(root))
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1683240


# -- the audit: an odd growth rate is doubted, and the draft says so -------------------------

def test_a_growth_rate_above_100_percent_is_an_audit_error_marked_in_the_draft(
        sample: Path) -> None:
    _set(sample, "545")
    found = [f for f in audit_path(sample).findings
             if f.rule == "pham-vi" and f.indicator == "GRDP_TANG_TRUONG"]
    assert len(found) == 1 and found[0].severity == ERROR
    assert found[0].periods == ("2016-2020",) and found[0].unit == "lang-son"
    assert "tốc độ tăng trên 100%" in found[0].message and "545" in found[0].message
    assert "kiem-tra-so-lieu.toml" in found[0].hint

    check = _run("check", "-p", str(sample), "--no-trial")
    assert check.exit_code != 0 and "[lỗi pham-vi] lang-son / GRDP_TANG_TRUONG" in check.output
    build = _run("build", "-p", str(sample), "-d", "bao-cao-chinh-tri-2015-2020",
                 "-u", "lang-son")
    assert build.exit_code == 0, build.output
    text = _text(sample.parent / "output" / "bao-cao-chinh-tri-2015-2020" / "lang-son.docx")
    assert ("545% [cần kiểm tra: số ngoài phạm vi có thể có — xem kiem-tra-so-lieu.md]"
            in text)


def test_the_sample_growth_rates_are_not_doubted(sample: Path) -> None:
    report = audit_path(sample)
    assert not report.errors and not report.warnings
    assert not [f for f in report.findings if f.rule == "pham-vi"]


# -- a returned entry form --------------------------------------------------------------------

def _forms(root: Path, *units: str) -> Path:
    project = load_project(root)
    write_forms(project, load_dataset(project), units, root / "ve", today=dt.date(2026, 3, 2))
    return root / "ve"


def test_a_returned_form_refuses_a_percent_typed_with_a_thousands_dot(tmp_path: Path) -> None:
    root = write_project(tmp_path / "du-an", catalogue=_catalogue_with_share(),
                         values=VALUES + 'tinh-a,TY_TRONG_CN,2020,"30,2",,,,\n')
    folder = _forms(root, "tinh-a")
    before = (root / "chi-tieu" / "gia-tri.csv").read_bytes()
    cells = fill(folder / "tinh-a.xlsx", {("TY_TRONG_CN", "2020"): "30.900",
                                          ("GRDP_TT", "2016-2020"): 5450,
                                          ("HO_NGHEO", "2020"): "28.67"})
    plan = plan_collection(root, folder)
    messages = sorted(str(e) for e in plan.errors)
    where = "tinh-a.xlsx, sheet so-lieu, ô {}, đơn vị tinh-a: "
    assert any(m.startswith(where.format(cells[("TY_TRONG_CN", "2020")])
                            + "chỉ tiêu TY_TRONG_CN kỳ 2020: «30.900» đọc là 30.900 (ba mươi "
                              "nghìn chín trăm) vì dấu chấm ngăn hàng nghìn")
               and m.endswith("→ nếu là 30,9 thì viết «30,9» (số thập phân viết bằng dấu "
                              "phẩy)") for m in messages), messages
    assert any(m.startswith(where.format(cells[("GRDP_TT", "2016-2020")])
                            + "chỉ tiêu GRDP_TT kỳ 2016-2020: chỉ tiêu GRDP_TT tính bằng % mà "
                              "số là 5.450") for m in messages), messages
    assert any(m.startswith(where.format(cells[("HO_NGHEO", "2020")])
                            + "chỉ tiêu HO_NGHEO kỳ 2020: không rõ số «28.67»")
               for m in messages), messages
    assert len(messages) == 3 and not plan.ok
    with pytest.raises(Exception, match="chưa nhập"):
        apply_plan(plan)
    assert (root / "chi-tieu" / "gia-tri.csv").read_bytes() == before

    collect = _run("thu-thap", str(folder), "-p", str(root))
    assert collect.exit_code != 0
    assert "«30.900» đọc là 30.900 (ba mươi nghìn chín trăm)" in collect.output


def test_a_returned_form_takes_a_decimal_comma(tmp_path: Path) -> None:
    root = write_project(tmp_path / "du-an", catalogue=_catalogue_with_share(),
                         values=VALUES + 'tinh-a,TY_TRONG_CN,2020,"30,2",,,,\n')
    folder = _forms(root, "tinh-a")
    fill(folder / "tinh-a.xlsx", {("TY_TRONG_CN", "2020"): "30,9"})
    plan = plan_collection(root, folder)
    assert plan.ok, [str(e) for e in plan.errors]
    apply_plan(plan)
    data = load_dataset(load_project(root))
    assert data.observation("tinh-a", "TY_TRONG_CN", "2020").value == 30.9


# -- so-viet-tay: a figure of another year is not taken for the value -------------------------

VL_LINE = "noi-dung/van-lang/2015-2020/ket-qua-chu-yeu.md"


def _literal_warnings(project: Path) -> list:
    return [f for f in audit_path(project).findings
            if f.rule == "so-viet-tay" and f.severity == WARNING and f.unit == "van-lang"
            and f.indicator == "SO_XA_NTM"]


def test_a_new_figure_from_a_form_is_not_taken_for_a_figure_of_another_year(
        sample: Path) -> None:
    folder = _forms(sample, "van-lang")
    # the unit sends its count of 2019 and corrects 2020: both now cite the form, which the
    # content line writing SO_XA_NTM 2020 is anchored to
    fill(folder / "van-lang.xlsx", {("SO_XA_NTM", "2019"): 4, ("SO_XA_NTM", "2020"): 6})
    plan = plan_collection(sample, folder)
    assert plan.ok, [str(e) for e in plan.errors]
    apply_plan(plan)
    data = load_dataset(load_project(sample))
    assert data.observation("van-lang", "SO_XA_NTM", "2019").source == "phiếu van-lang.xlsx"
    assert data.observation("van-lang", "SO_XA_NTM", "2020").source == "phiếu van-lang.xlsx"
    # «năm 2015 có 06 xã đạt dưới 5 tiêu chí»: another year, another quantity
    assert _literal_warnings(sample) == []

    # a handwritten figure of that very year that contradicts the data is still found
    path = sample / VL_LINE
    text = path.read_text(encoding="utf-8")
    assert "(năm 2015 có 06 xã đạt dưới 5 tiêu chí)" in text
    path.write_text(text.replace("(năm 2015 có 06 xã đạt dưới 5 tiêu chí)",
                                 "(năm 2019 có 06 xã đạt chuẩn)"), encoding="utf-8")
    found = _literal_warnings(sample)
    assert len(found) == 1 and found[0].periods == ("2019",)
    assert "các số viết tay cùng đơn vị tính (06) không có số đó" in found[0].message
    assert str(found[0].cells[0]).startswith(VL_LINE)


def test_a_percent_target_typed_with_a_thousands_dot_is_refused(tmp_path: Path) -> None:
    from projectkit import TARGETS

    assert 'tinh-a,GRDP_TT,2015-2020,"7 - 7,5"' in TARGETS
    root = write_project(tmp_path, targets=TARGETS.replace('"7 - 7,5"', '"trên 7.500"'))
    result = CliRunner().invoke(main, ["check", "-p", str(root)])
    assert result.exit_code != 0
    assert ("chi-tieu/muc-tieu.csv, dòng 2, cột muc_tieu: «7.500» đọc là 7.500 (bảy nghìn năm "
            "trăm) vì dấu chấm ngăn hàng nghìn") in result.output, result.output
    assert "nếu là 7,5 thì viết «7,5»" in result.output
