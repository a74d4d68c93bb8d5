"""``--project`` is accepted before the command name as well as after it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from draftgen.cli import main


@pytest.mark.parametrize("args", [["--project", "{p}", "units"], ["-p", "{p}", "units"],
                                  ["units", "--project", "{p}"], ["units", "-p", "{p}"]])
def test_project_before_or_after_the_command(mini_project: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, [a.format(p=mini_project) for a in args])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["tinh-a: tỉnh A (Tỉnh ủy A)",
                                          "  huyen-b: huyện B (Huyện ủy B)",
                                          "  huyen-c: huyện C (Huyện ủy C)"]


def test_project_before_the_command_reaches_each_command(mini_project: Path,
                                                          tmp_path: Path) -> None:
    runner = CliRunner()
    documents = runner.invoke(main, ["-p", str(mini_project), "documents"])
    assert documents.exit_code == 0 and documents.output.startswith("bao-cao: mẫu bao-cao.docx")
    built = runner.invoke(main, ["-p", str(mini_project), "build", "-u", "huyen-b"])
    assert built.exit_code == 0, built.output
    assert (mini_project / "ra" / "bao-cao" / "huyen-b.docx").is_file()
    forms = runner.invoke(main, ["-p", str(mini_project), "phieu", "-u", "huyen-c"])
    assert forms.exit_code == 0, forms.output
    assert (mini_project / "phieu-nhap" / "huyen-c.xlsx").is_file()
    pdf = runner.invoke(main, ["-p", str(mini_project), "pdf", "-u", "khong-co"])
    assert "không có đơn vị khong-co" in pdf.output


def test_project_after_the_command_wins(mini_project: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-p", str(mini_project), "units",
                                       "-p", str(tmp_path / "khac")])
    assert result.exit_code == 2
    assert f"không tìm thấy tệp cấu hình dự án «{tmp_path / 'khac'}»" in result.output


def test_a_command_without_a_project_says_so_in_vietnamese(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-p", str(tmp_path), "init", str(tmp_path / "moi")])
    assert result.exit_code == 2
    assert ("Lỗi: lệnh «init» không nhận --project: thư mục của dự án mới viết sau tên lệnh, "
            "«draftgen init THƯ_MỤC»") in result.output
    assert not (tmp_path / "moi").exists()
    misplaced = CliRunner().invoke(main, ["units", str(tmp_path)])
    assert misplaced.exit_code == 2 and "Lỗi: Thừa đối số" in misplaced.output
