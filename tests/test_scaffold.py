"""``draftgen init``: a new project that builds at once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docx import Document
from projectkit import INIT_ARGS as ARGS

from draftgen.build import build
from draftgen.cli import main
from draftgen.config import load_project
from draftgen.loader import load_dataset


def test_init_with_every_option_asks_nothing_and_the_project_builds(tmp_path: Path) -> None:
    target = tmp_path / "du-an-moi"
    result = CliRunner().invoke(main, ["init", str(target), *ARGS, "--danh-muc-mau"])
    assert result.exit_code == 0, result.output
    assert "?" not in result.output  # no question was asked
    project = load_project(target)
    assert list(project.units) == ["lang-son", "van-lang", "tan-thanh", "thanh-pho-lang-son"]
    commune = project.units["tan-thanh"]
    assert (commune.parent, commune.committee, commune.doc_symbol, commune.congress) == (
        "van-lang", "Đảng ủy xã Tân Thanh", "-BC/ĐU", {"2020-2025": 21})
    assert project.units["thanh-pho-lang-son"].committee == "Thành ủy Lạng Sơn"
    assert project.units["van-lang"].superior == "Đảng bộ tỉnh Lạng Sơn"
    assert len(load_dataset(project).indicators) > 50  # the sample's catalogue
    assert (target / "mau" / "bao-cao-chinh-tri.docx").is_file()
    assert (target / "noi-dung" / "chung" / "ket-qua.md").is_file()
    assert (target / "noi-dung" / "van-lang").is_dir()

    report = build(target)
    assert report.ok and len(report.built) == 4
    doc = Document(str(target / "output" / "bao-cao-chinh-tri-2020-2025" / "tan-thanh.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Đại hội đại biểu Đảng bộ xã Tân Thanh lần thứ XXI" in text  # congress = 21
    assert "nhiệm kỳ 2020 - 2025" in text


def test_init_asks_for_what_is_not_given(tmp_path: Path) -> None:
    target = tmp_path / "xa"
    answers = "xã Tân Thanh\n2020-2025\n\n21\nn\n"
    result = CliRunner().invoke(main, ["init", str(target)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Đơn vị cao nhất" in result.output and "Nhiệm kỳ được tổng kết" in result.output
    assert "Số thứ tự đại hội họp cuối nhiệm kỳ của «xã Tân Thanh»" in result.output
    project = load_project(target)
    assert list(project.units) == ["tan-thanh"]
    assert project.units["tan-thanh"].congress == {"2020-2025": 21}
    assert load_dataset(project).indicators == {}  # an empty catalogue
    assert build(target).ok


def test_init_explains_what_is_missing_and_keeps_existing_folders(tmp_path: Path) -> None:
    runner = CliRunner()
    no_congress = runner.invoke(main, ["init", str(tmp_path / "a"), "--don-vi-goc",
                                       "tỉnh Lạng Sơn=18", "--nhiem-ky", "2020-2025",
                                       "--don-vi", "huyện Văn Lãng"])
    assert no_congress.exit_code == 2
    assert "chưa có số thứ tự đại hội nhiệm kỳ 2020 - 2025 của: huyện Văn Lãng" in no_congress.output
    assert not (tmp_path / "a").exists()
    no_level = runner.invoke(main, ["init", str(tmp_path / "b"), "--don-vi-goc", "Lạng Sơn=18",
                                    "--nhiem-ky", "2020-2025"])
    assert no_level.exit_code == 2 and "thiếu cấp" in no_level.output
    busy = tmp_path / "c"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    taken = runner.invoke(main, ["init", str(busy), *ARGS])
    assert taken.exit_code == 2 and "đã có tệp" in taken.output
