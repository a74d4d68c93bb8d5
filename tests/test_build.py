"""End to end: a project's data poured into a template, one .docx per unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from projectkit import make_template

from draftgen.build import build
from draftgen.cli import main


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def test_build_writes_one_document_per_unit_with_vietnamese_figures(mini_project: Path) -> None:
    report = build(mini_project)
    assert report.ok, [r.error for r in report.failed]
    out = mini_project / "ra" / "bao-cao"
    assert sorted(p.name for p in out.glob("*.docx")) == ["huyen-b.docx", "huyen-c.docx",
                                                          "tinh-a.docx"]
    b = texts(out / "huyen-b.docx")
    assert b[0] == "BÁO CÁO CỦA HUYỆN ỦY B"
    assert b[1] == "Nhiệm kỳ 2015 - 2020, Đại hội lần thứ XXII."
    assert b[2] == "Thu ngân sách đạt 1.683.240 triệu đồng."
    # target "dưới 4", lower is better; entered "4,5": printed so, not with so_le's 4,50
    assert b[3] == "Tỷ lệ hộ nghèo 4,5% (chưa đạt)."
    a = texts(out / "tinh-a.docx")
    assert a[1] == "Nhiệm kỳ 2015 - 2020, Đại hội lần thứ XVII."
    # the province has no budget row of its own: the sum of its districts, one illustrative
    assert a[2] == "Thu ngân sách đạt 2.183.240 [minh họa] triệu đồng."
    assert a[3] == "Tỷ lệ hộ nghèo 7,89% (vượt)."  # target "dưới 8", 7,89 is better
    c = texts(out / "huyen-c.docx")
    assert c[2] == "Thu ngân sách đạt 500.000 [minh họa] triệu đồng."
    assert c[3] == ""  # huyện C has no poverty target: the sentence is left out


def test_two_builds_are_byte_identical(mini_project: Path, tmp_path: Path) -> None:
    build(mini_project)
    first = (mini_project / "ra" / "bao-cao" / "huyen-b.docx").read_bytes()
    build(mini_project)
    assert (mini_project / "ra" / "bao-cao" / "huyen-b.docx").read_bytes() == first


def test_a_missing_value_names_unit_template_paragraph_and_indicator(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", [
        "Mở đầu.",
        "Thu ngân sách năm 2020 đạt {{ ind.THU_NS.value }} triệu đồng.",
    ])
    # tinh-a rolls up from its districts, which both have values: all three build
    assert build(mini_project).ok
    make_template(mini_project / "mau" / "bao-cao.docx", [
        "Mở đầu.",
        "Tỷ lệ hộ nghèo năm 2020 là {{ ind.HO_NGHEO.value }}%.",
    ])
    report = build(mini_project)
    assert [r.job.unit.code for r in report.failed] == ["huyen-c"]
    error = report.failed[0].error
    assert error.startswith("bao-cao.docx, thân văn bản, đoạn 2: «Tỷ lệ hộ nghèo năm 2020 là "
                            "{{ ind.HO_NGHEO.value }}%.»: bao-cao / huyện C (huyen-c): ")
    assert "không có năm 2020 của chỉ tiêu «Tỷ lệ hộ nghèo» (HO_NGHEO)" in error
    assert "{% if ind.HO_NGHEO.has_value %}" in error
    # the other units were built all the same
    assert (mini_project / "ra" / "bao-cao" / "huyen-b.docx").is_file()


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("{{ unit.nmae }}", "tên chưa được định nghĩa"),
        ("{{ ind.GRDP_TTT.value }}", "không có chỉ tiêu mã «GRDP_TTT» trong danh mục → có phải "
                                     "ý bạn là «GRDP_TT»?"),
        ("{{ unit.__class__ }}", "thao tác không được phép trong mẫu"),
    ],
)
def test_template_errors_are_explained(mini_project: Path, paragraph: str, expected: str) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", ["Mở đầu.", paragraph])
    report = build(mini_project, units=["huyen-b"])
    assert len(report.failed) == 1
    assert "đoạn 2" in report.failed[0].error
    assert expected in report.failed[0].error


def test_check_reports_every_template_problem_at_once(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", [
        "Mở đầu {{ unit.full_name }}.",
        "Sai chỉ tiêu {{ ind.HO_NGEHO.value }}.",
        "Sai bộ lọc {{ ind.HO_NGHEO.value|pcnt }}.",
        "Sai tên {{ donvi.name }}.",
        "Sai thuộc tính {{ ind.HO_NGHEO.valeu }}.",
    ])
    result = CliRunner().invoke(main, ["check", "--project", str(mini_project)])
    assert result.exit_code == 1
    err = result.output
    assert "Tìm thấy 4 lỗi" in err
    assert "bao-cao.docx, thân văn bản, đoạn 2: «Sai chỉ tiêu {{ ind.HO_NGEHO.value }}.»: không " \
           "có chỉ tiêu mã «HO_NGEHO» trong danh mục → có phải ý bạn là «HO_NGHEO»?" in err
    assert "đoạn 3" in err and "không có bộ lọc «pcnt» → có phải ý bạn là «pct»?" in err
    assert "đoạn 4" in err and "tên «donvi» không có trong mẫu" in err
    assert "đoạn 5" in err and "chỉ tiêu không có thuộc tính «valeu» → có phải ý bạn là " \
                               "«value»?" in err


def test_check_trial_render_finds_missing_values(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", ["{{ ind.HO_NGHEO.value }}"])
    result = CliRunner().invoke(main, ["check", "--project", str(mini_project)])
    assert result.exit_code == 1
    assert "huyện C (huyen-c)" in result.output


def test_cli_build_exit_codes_and_data_errors(mini_project: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["build", "--project", str(mini_project)])
    assert ok.exit_code == 0, ok.output
    assert "Xong: 3 văn bản đã dựng, 0 lỗi." in ok.output
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    values.write_text(values.read_text(encoding="utf-8") + "tinh-a,HO_NGHEO,2019,7.1,,,,\n",
                      encoding="utf-8")
    # a bad value fails its unit only
    bad = runner.invoke(main, ["build", "--project", str(mini_project)])
    assert bad.exit_code == 1
    assert "chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: không rõ số «7.1»" in bad.output
    assert "Xong: 0 văn bản đã dựng, 1 lỗi. 2 văn bản không đổi." in bad.output
    # an error outside the units' rows stops the build
    values.write_text(values.read_text(encoding="utf-8") + "tinh-x,HO_NGHEO,2019,7,,,,\n",
                      encoding="utf-8")
    stop = runner.invoke(main, ["build", "--project", str(mini_project)])
    assert stop.exit_code == 2
    assert "dòng 11, cột don_vi: đơn vị «tinh-x» không có trong draftgen.toml" in stop.output


def test_click_speaks_vietnamese_too() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"], prog_name="draftgen")
    for english in ("Usage:", "Options:", "Commands:", "Show this message and exit."):
        assert english not in top.output
    assert "Cách dùng: draftgen [TÙY CHỌN] LỆNH [ĐỐI SỐ]..." in top.output
    assert "Hiện hướng dẫn này rồi thoát." in top.output
    typo = runner.invoke(main, ["buidl"], prog_name="draftgen")
    assert typo.exit_code == 2
    assert "Lỗi: Không có lệnh 'buidl'. Có phải ý bạn là 'build'?" in typo.output
    bad = runner.invoke(main, ["build", "--jobs", "0"])
    assert "Giá trị không hợp lệ cho '--jobs'" in bad.output


def test_every_command_has_vietnamese_help() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0 and "soạn dự thảo" in top.output
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert command.help and any(ch in command.help for ch in "ăâđêôơư"), name
        assert f"draftgen {name}" in readme, f"README does not mention draftgen {name}"


def test_check_locates_a_paragraph_followed_by_paragraph_tags(mini_project: Path) -> None:
    # docxtpl joins the tags of {%p %} paragraphs to the paragraph before them
    make_template(mini_project / "mau" / "bao-cao.docx", [
        "Mở đầu.",
        "{%p if unit.is_root %}",
        "Câu sai {{ ind.HO_NGHEO.valeu }} trong đoạn.",
        "{%p endif %}",
        "Kết thúc.",
    ])
    result = CliRunner().invoke(main, ["check", "--project", str(mini_project)])
    assert "bao-cao.docx, thân văn bản, đoạn 3: «Câu sai {{ ind.HO_NGHEO.valeu }} trong " \
           "đoạn." in result.output
