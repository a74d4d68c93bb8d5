"""Syntax errors in draftgen.toml, kiem-tra-so-lieu.toml and templates are said in Vietnamese,
with their place: the English of the parsers never reaches the editor."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from projectkit import CONFIG, template_bytes, write_project

from draftgen.audit import load_acceptances
from draftgen.checker import TemplateChecker
from draftgen.config import load_project
from draftgen.environment import make_environment
from draftgen.errors import ConfigError
from draftgen.loader import load_dataset

#: Words of the parsers' English messages.
ENGLISH = re.compile(r"\b(Expected|Invalid|Unterminated|Cannot|Illegal|Unclosed|Found|"
                     r"unexpected|expected|token|got|Encountered|looking|template|tag)\b")


@pytest.mark.parametrize(("change", "words"), [
    (('report_year = 2020', 'report_year = 2020 năm'), ["dòng", "chữ thừa"]),
    (('name = "A"', 'name = A'), ["giá trị không hợp lệ", "ngoặc kép"]),
    (('name = "A"', 'name = "A'), ["chuỗi chưa có ngoặc kép đóng trước khi xuống dòng"]),
    (('name = "A"', 'name "A"'), ["thiếu dấu «=»"]),
    (('[project]', '[project'), ["thiếu «]»"]),
    (('report_year = 2020', 'report_year = 2020\n[project]'), ["được khai báo hai lần"]),
    (('name = "A"', 'name = "A\\q"'), ["«\\»"]),
])
def test_a_toml_syntax_error_is_said_in_vietnamese(tmp_path: Path, change: tuple[str, str],
                                                   words: list[str]) -> None:
    assert change[0] in CONFIG
    root = write_project(tmp_path, config=CONFIG.replace(*change, 1))
    with pytest.raises(ConfigError) as info:
        load_project(root)
    text = str(info.value)
    assert "draftgen.toml" in text and "sai cú pháp TOML" in text, text
    for word in words:
        assert word in text, text
    assert not ENGLISH.search(text), text


def test_the_accepted_findings_file_names_its_syntax_error_place(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    (root / "kiem-tra-so-lieu.toml").write_text(
        '[[chap_nhan]]\nquy_tac = "binh-quan-nam"\nly_do = "đã xem\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_acceptances(load_project(root))
    text = str(info.value)
    assert "kiem-tra-so-lieu.toml" in text and "dòng 3" in text, text
    assert "chuỗi chưa có ngoặc kép đóng" in text and not ENGLISH.search(text), text


@pytest.mark.parametrize(("paragraph", "words"), [
    ("{{ (ind.THU_NS.value|qty }}", ["gặp «}» trong khi còn chờ «)»"]),
    ("{{ ind.THU_NS.value|qty", ["có thể thiếu «}}»"]),
    ("{% for r in targets.rows %}{{ r }}", ["{% for %} chưa đóng", "'endfor'"]),
    ("{% endif %}", ["{% endif %}"]),
    ("{{ ind.THU_NS.value qty }}", ["cần «}}» nhưng gặp «qty»"]),
    ("{% %}", ["tên thẻ"]),
])
def test_a_template_syntax_error_is_said_in_vietnamese(mini_project: Path, paragraph: str,
                                                        words: list[str]) -> None:
    project = load_project(mini_project)
    checker = TemplateChecker(make_environment(project.style), load_dataset(project), "mau.docx")
    problems = checker.check(template_bytes("Mở đầu.", paragraph))
    syntax = [p for p in problems if p.message.startswith("sai cú pháp mẫu:")]
    assert syntax, [str(p) for p in problems]
    text = str(syntax[0])
    for word in words:
        assert word in text, text
    assert "đoạn 2" in text, text
    assert not ENGLISH.search(syntax[0].message), text
