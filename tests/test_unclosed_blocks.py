"""A block left open (``{% if %}`` with no ``{% endif %}``) is reported where it opens, not
at the end of the file or template where Jinja notices it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from projectkit import make_template

from draftgen.cli import main

CONTENT = ("Mở đầu.\n\n" + "Đoạn giữa.\n\n" * 2 + "{% if doc.draft %}\n"
           + "Đoạn sau.\n\n" * 10)  # the if on line 7, the file 26 lines long


def _content_file(project: Path) -> Path:
    path = project / "noi-dung" / "chung" / "han-che.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONTENT, encoding="utf-8")
    return path


def test_check_reports_an_unclosed_block_of_a_content_file_where_it_opens(
        mini_project: Path) -> None:
    _content_file(mini_project)
    result = CliRunner().invoke(main, ["check", "-p", str(mini_project), "--no-trial"])
    assert result.exit_code == 1, result.output
    [line] = [x for x in result.output.splitlines() if "han-che.md" in x]
    assert "dòng 7: «{% if doc.draft %}»" in line, line
    assert "khối {% if %} chưa đóng" in line and "đóng khối bằng {% endif %}" in line, line
    assert "dòng 2" not in line.replace("dòng 7", "")  # no other line named


def test_build_reports_an_unclosed_block_of_a_content_file_where_it_opens(
        mini_project: Path) -> None:
    _content_file(mini_project)
    make_template(mini_project / "mau" / "bao-cao.docx",
                  ["Mở đầu.", "{% for b in content('han-che') %}{{ b.text }}{% endfor %}"])
    result = CliRunner().invoke(main, ["build", "-p", str(mini_project), "-u", "huyen-b"])
    assert result.exit_code == 1, result.output
    assert ("noi-dung/chung/han-che.md, dòng 7 («{% if doc.draft %}»): sai cú pháp mẫu: "
            "mẫu hết mà khối {% if %} chưa đóng") in result.output, result.output
    assert "dòng 26" not in result.output and "dòng 27" not in result.output


def test_an_unclosed_block_of_a_template_is_reported_at_its_paragraph(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx",
                  ["Mở đầu.", "{% if ind.has('THU_NS') %}Thu ngân sách.",
                   "{% for r in targets.rows %}{{ r }}{% endfor %}", "Đoạn ba.", "Đoạn bốn."])
    result = CliRunner().invoke(main, ["check", "-p", str(mini_project), "--no-trial"])
    assert result.exit_code == 1, result.output
    [line] = [x for x in result.output.splitlines() if "sai cú pháp mẫu" in x]
    assert "đoạn 2: «{% if ind.has('THU_NS') %}Thu ngân sách.»" in line, line
    assert "khối {% if %} chưa đóng" in line and "{% endif %}" in line, line
    assert "đoạn 5" not in line


def test_build_reports_an_unclosed_block_of_a_template_at_its_paragraph(
        mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx",
                  ["Mở đầu.", "{% if ind.has('THU_NS') %}Thu.", "Ba.", "Bốn."])
    result = CliRunner().invoke(main, ["build", "-p", str(mini_project), "-u", "huyen-b"])
    assert result.exit_code == 1, result.output
    assert "bao-cao.docx, thân văn bản, đoạn 2: «{% if ind.has('THU_NS') %}Thu.»" in result.output
    assert "đóng khối bằng {% endif %}" in result.output and "đoạn 4" not in result.output
