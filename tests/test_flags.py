"""Figures the consistency audit doubts are marked in the draft, after the figure."""

from __future__ import annotations

from pathlib import Path

from auditkit import project
from click.testing import CliRunner
from docx import Document
from projectkit import INIT_ARGS as ARGS

from draftgen.build import build
from draftgen.cli import main
from draftgen.config import load_project
from draftgen.loader import load_dataset

MARK = " [cần kiểm tra: bình quân năm không khớp tổng nhiệm kỳ — xem kiem-tra-so-lieu.md]"
TEMPLATE = [
    "Kết nạp {{ ind.KET_NAP.at('2021-2025')|cnt }}, bình quân "
    "{{ ind.KET_NAP_BQ.at('2021-2025')|cnt }} mỗi năm.",
    "Tỷ lệ hộ nghèo năm 2020 còn {{ ind.HO_NGHEO.value|pct }}.",
]
VALUES = """\
tinh-a,KET_NAP,2021-2025,9.964,,,,
tinh-a,KET_NAP_BQ,2021-2025,2.166,,,,
tinh-a,HO_NGHEO,2020,"3,5",,,,
"""


def paragraphs(root: Path) -> list[str]:
    doc = Document(str(root / "ra" / "bao-cao" / "tinh-a.docx"))
    return [p.text for p in doc.paragraphs]


def test_a_doubted_figure_is_marked_right_after_it(tmp_path: Path) -> None:
    root = project(tmp_path, VALUES, template=TEMPLATE)
    report = build(root)
    assert report.ok, [r.error for r in report.failed]
    assert [f.rule for f in report.audit.errors] == ["binh-quan-nam"]
    first, second = paragraphs(root)[:2]
    assert first == (f"Kết nạp 9.964 đảng viên{MARK}, bình quân 2.166 đảng viên{MARK} "
                     "mỗi năm.")
    assert second == "Tỷ lệ hộ nghèo năm 2020 còn 3,5%."  # not involved: no mark; as entered


def test_an_accepted_finding_is_not_marked(tmp_path: Path) -> None:
    root = project(tmp_path, VALUES, template=TEMPLATE)
    (root / "kiem-tra-so-lieu.toml").write_text(
        '[[chap_nhan]]\nquy_tac = "binh-quan-nam"\ndon_vi = "tinh-a"\nky = "2021-2025"\n'
        'ly_do = "Tài liệu gốc ghi cả hai số"\n', encoding="utf-8")
    report = build(root)
    assert report.ok and report.audit.ok and report.audit.accepted
    first = paragraphs(root)[0]
    assert first == "Kết nạp 9.964 đảng viên, bình quân 2.166 đảng viên mỗi năm."
    assert "cần kiểm tra" not in "\n".join(paragraphs(root))
    md = (root / "ra" / "kiem-tra-so-lieu.md").read_text(encoding="utf-8")
    assert "Tài liệu gốc ghi cả hai số" in md  # still in the report


def test_a_warning_is_marked_beside_the_incomplete_rollup_mark(tmp_path: Path) -> None:
    template = ["Kết nạp {{ ind.KET_NAP.at('2016-2020')|cnt }}, bình quân "
                "{{ ind.KET_NAP_BQ.at('2016-2020') }} mỗi năm."]
    root = project(tmp_path, """\
tinh-a,KET_NAP_BQ,2016-2020,150,,,,
huyen-b,KET_NAP,2016-2020,85,,,,
huyen-c,KET_NAP,2016-2020,62,,,,
""", expected="so_don_vi_truc_thuoc = 17", template=template)
    report = build(root)
    assert report.ok and not report.audit.errors
    assert paragraphs(root)[0] == (
        f"Kết nạp 147 đảng viên [chưa đủ số liệu: 2/17 đơn vị]{MARK}, bình quân 150{MARK} "
        "mỗi năm.")


def test_a_new_project_has_a_place_to_write_the_results(tmp_path: Path) -> None:
    target = tmp_path / "du-an-moi"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(target), *ARGS])
    assert result.exit_code == 0, result.output
    assert load_dataset(load_project(target)).observations == {}  # no figure at all

    checked = runner.invoke(main, ["check", "-p", str(target)])
    assert checked.exit_code == 0, checked.output  # a warning, not an error
    warned = [line for line in checked.output.splitlines() if "chưa có số liệu nào" in line]
    assert warned == [
        f"Cảnh báo: đơn vị {name} chưa có số liệu nào: văn bản sẽ chỉ có phần nội dung và "
        "chỗ trống để bổ sung"
        for name in ("tỉnh Lạng Sơn (lang-son)", "huyện Văn Lãng (van-lang)",
                     "xã Tân Thanh (tan-thanh)", "thành phố Lạng Sơn (thanh-pho-lang-son)")]

    report = build(target)
    assert report.ok, [r.error for r in report.failed]
    doc = Document(str(target / "output" / "bao-cao-chinh-tri-2020-2025" / "van-lang.docx"))
    texts = [p.text for p in doc.paragraphs]
    start = next(i for i, t in enumerate(texts) if t.endswith("NHỮNG KẾT QUẢ CHỦ YẾU"))
    assert texts[start].startswith("I. ")
    assert texts[start + 1] == "[Đơn vị bổ sung nội dung]"
    assert doc.paragraphs[start + 1].runs[0].font.highlight_color is not None
    assert texts[start + 2].startswith("II. ")


def test_a_unit_with_figures_has_no_placeholder_and_no_warning(tmp_path: Path) -> None:
    target = tmp_path / "du-an-mau"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(target), *ARGS, "--danh-muc-mau"])
    assert result.exit_code == 0, result.output
    values = target / "chi-tieu" / "gia-tri.csv"
    header = values.read_text(encoding="utf-8").splitlines()[0]
    code = next(iter(load_dataset(load_project(target)).indicators))
    values.write_text(f"{header}\nvan-lang,{code},2025,5" + "," * (header.count(",") - 3)
                      + "\n", encoding="utf-8")
    checked = runner.invoke(main, ["check", "-p", str(target)])
    assert "huyện Văn Lãng (van-lang) chưa có số liệu" not in checked.output
    assert "xã Tân Thanh (tan-thanh) chưa có số liệu nào" in checked.output
