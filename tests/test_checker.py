"""draftgen check: a template against the data model, every problem at once, each with its place."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from projectkit import template_bytes as template

from draftgen.checker import TemplateChecker
from draftgen.config import load_project
from draftgen.environment import make_environment
from draftgen.loader import load_dataset


@pytest.fixture
def checker(mini_project: Path) -> TemplateChecker:
    project = load_project(mini_project)
    return TemplateChecker(make_environment(project.style), load_dataset(project), "mau.docx")


def test_a_sound_template_has_no_problem(checker: TemplateChecker) -> None:
    assert checker.check(template("Thu ngân sách {{ ind.THU_NS.value|qty }}.",
                                  "{% for t in targets.rows %}{{ t }}; {% endfor %}")) == []


def test_every_problem_is_reported_with_its_paragraph(checker: TemplateChecker) -> None:
    problems = checker.check(template(
        "Mở đầu.",
        "Tăng {{ ind.THU_NS.value|pctt }}.",
        "{{ tong_thu }} đồng.",
        "{% if x %}không đóng",
    ))
    text = [str(p) for p in problems]
    assert len(problems) == 3, text
    filters = next(p for p in problems if "pctt" in p.message)
    assert filters.message == "không có bộ lọc «pctt»"
    assert filters.hint == "có phải ý bạn là «pct»?"
    assert "đoạn 2" in filters.location.detail and "mau.docx" == filters.location.file
    name = next(p for p in problems if "tong_thu" in p.message)
    assert "đoạn 3" in name.location.detail
    syntax = next(p for p in problems if "cú pháp" in p.message)
    assert syntax.message.startswith("sai cú pháp mẫu:")
    assert "đoạn 4" in syntax.location.detail


def test_the_names_the_checker_knows_are_those_of_the_views(mini_project: Path) -> None:
    from draftgen.checker import public_names
    from draftgen.context import build_context

    project = load_project(mini_project)
    data = load_dataset(project)
    ctx = build_context(project, data, project.documents[0], project.units["tinh-a"])
    views = [ctx["unit"], ctx["doc"], ctx["doc"].term, ctx["ind"]["THU_NS"],
             ctx["targets"].rows[0]]
    for view in views:
        fields = type(view).FIELDS
        assert fields <= set(vars(view)), type(view).__name__  # each declared field exists
        assert {n for n in vars(view) if not n.startswith("_")} <= fields, type(view).__name__
        assert fields <= public_names(type(view))
        assert "FIELDS" not in public_names(type(view))


def test_paragraph_numbers_do_not_count_the_cells_of_a_table(checker: TemplateChecker) -> None:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)  # as the Party header block above the title
    header.cell(0, 0).text, header.cell(0, 1).text = "ĐẢNG BỘ TỈNH", "ĐẢNG CỘNG SẢN VIỆT NAM"
    header.cell(1, 0).text = "{{ unit.nme }}"
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Tăng {{ ind.THU_NS.value|pctt }}.")
    out = io.BytesIO()
    document.save(out)
    problems = {p.message.split("«")[0]: p for p in checker.check(out.getvalue())}
    in_cell = next(p for p in problems.values() if "nme" in p.message)
    after = next(p for p in problems.values() if "pctt" in p.message)
    assert "bảng 1, dòng 2, ô 1" in in_cell.location.detail, in_cell
    assert "đoạn 2" in after.location.detail, after  # "BÁO CÁO" is 1; the 4 cells don't count
