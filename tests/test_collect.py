"""Collecting returned entry forms: validation, the plan, the all-or-nothing merge."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from formkit import fill
from openpyxl import load_workbook

from draftgen.build import build
from draftgen.cli import main
from draftgen.collect import (
    CHANGED,
    NEW,
    UNCHANGED,
    apply_plan,
    data_number,
    plan_collection,
)
from draftgen.config import load_project
from draftgen.errors import DraftgenError
from draftgen.loader import load_dataset
from draftgen.workbook import write_data_workbook

TODAY = dt.date(2026, 3, 2)


def forms_for(project: Path, *units: str, folder: str = "ve") -> Path:
    from draftgen.forms import write_forms

    p = load_project(project)
    write_forms(p, load_dataset(p), units, project / folder, today=TODAY)
    return project / folder


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def values_csv(project: Path) -> bytes:
    return (project / "chi-tieu" / "gia-tri.csv").read_bytes()


def test_a_filled_form_is_collected_merged_and_shows_in_the_rebuilt_document(
        mini_project: Path) -> None:
    build(mini_project)
    doc = mini_project / "ra" / "bao-cao" / "huyen-b.docx"
    assert "Thu ngân sách đạt 1.683.240 triệu đồng." in text_of(doc)
    before = values_csv(mini_project).decode().splitlines(keepends=True)

    folder = forms_for(mini_project, "huyen-b")
    cells = fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000,
                                           ("XA_NTM", "2019"): "4",
                                           ("HO_NGHEO", "2016-2020"): "5,25"},
                 person="Nguyễn Thị Lan")
    plan = plan_collection(mini_project, folder)
    assert plan.ok
    kinds = {(c.cell.code, c.cell.period): c.kind for c in plan.changes}
    assert kinds[("THU_NS", "2020")] == CHANGED
    assert kinds[("XA_NTM", "2019")] == NEW and kinds[("HO_NGHEO", "2016-2020")] == NEW
    assert kinds[("XA_NTM", "2020")] == UNCHANGED  # prefilled, returned as it was
    changed = plan.of_kind(CHANGED)[0]
    assert changed.old.value == 1683240 and changed.cell.cell == cells[("THU_NS", "2020")]

    applied = apply_plan(plan, now=dt.datetime(2026, 3, 9, 10, 30))
    assert applied.written == 3
    after = values_csv(mini_project).decode().splitlines(keepends=True)
    # every untouched row keeps its bytes; the changed row is rewritten in place
    old_row = "huyen-b,THU_NS,2020,1.683.240,,BC:83,,\n"
    new_row = "huyen-b,THU_NS,2020,1.750.000,chính thức,phiếu huyen-b.xlsx,,\n"
    assert after[before.index(old_row)] == new_row
    untouched = [line for line in before if line != old_row]
    assert [line for line in after if line in untouched] == untouched
    assert "huyen-b,XA_NTM,2019,4,chính thức,phiếu huyen-b.xlsx,,\n" in after
    assert 'huyen-b,HO_NGHEO,2016-2020,"5,25",chính thức,phiếu huyen-b.xlsx,,\n' in after
    assert len(after) == len(before) + 2

    data = load_dataset(load_project(mini_project))
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1750000
    build(mini_project)
    assert "Thu ngân sách đạt 1.750.000 triệu đồng." in text_of(doc)


def test_the_archive_and_the_import_log_say_who_when_and_which_cells(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    before = values_csv(mini_project)
    cells = fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1700000}, person="Lê Văn Hùng")
    applied = apply_plan(plan_collection(mini_project, folder),
                         now=dt.datetime(2026, 3, 9, 10, 30, 5))
    assert applied.archive == mini_project / "nhap-so-lieu" / "2026-03-09_103005"
    assert (applied.archive / "huyen-b.xlsx").read_bytes() == (folder / "huyen-b.xlsx").read_bytes()
    assert (applied.archive / "truoc-khi-nhap-gia-tri.csv").read_bytes() == before
    log = applied.log.read_text(encoding="utf-8").splitlines()
    assert log[0].startswith("thoi_gian,nguoi_nhap,tep,don_vi,sheet,o,")
    assert log[1] == (f"2026-03-09T10:30:05,Lê Văn Hùng,huyen-b.xlsx,huyen-b,so-lieu,"
                      f"{cells[('THU_NS', '2020')]},THU_NS,2020,1.683.240,1.700.000,chính thức,"
                      f"{CHANGED}")


def test_a_bad_number_names_the_file_sheet_cell_and_unit_and_nothing_is_merged(
        mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b", "huyen-c")
    fill(folder / "huyen-c.xlsx", {("THU_NS", "2020"): 600000})  # a good return ...
    cells = fill(folder / "huyen-b.xlsx", {("HO_NGHEO", "2019"): "7.8",  # ... and a bad one
                                           ("XA_NTM", "Trạng thái"): "đạt rồi"})
    before = values_csv(mini_project)
    plan = plan_collection(mini_project, folder)
    messages = [str(e) for e in plan.errors]
    assert (f"huyen-b.xlsx, sheet so-lieu, ô {cells[('HO_NGHEO', '2019')]}, đơn vị huyen-b: "
            "chỉ tiêu HO_NGHEO kỳ 2019: không rõ số «7.8»") in messages[1]
    assert "viết số thập phân bằng dấu phẩy: «7,8»" in messages[1]
    assert (f"ô {cells[('XA_NTM', 'Trạng thái')]}, đơn vị huyen-b: chỉ tiêu XA_NTM: "
            "trạng thái «đạt rồi» không hợp lệ") in messages[0]
    with pytest.raises(DraftgenError, match="chưa nhập: 2 lỗi"):
        apply_plan(plan)
    assert values_csv(mini_project) == before
    assert not (mini_project / "nhap-so-lieu").exists()


def test_a_form_stamped_for_another_unit_is_refused(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-c")
    (folder / "huyen-c.xlsx").rename(folder / "huyen-b.xlsx")
    plan = plan_collection(mini_project, folder)
    assert [str(e) for e in plan.errors] == [
        "huyen-b.xlsx: tệp mang tên đơn vị «huyen-b» nhưng là phiếu của đơn vị «huyen-c» "
        "(huyện C) → đơn vị «huyen-b» phải nhập vào phiếu của mình (draftgen phieu -u huyen-b)"]
    assert not plan.ok


def test_a_form_made_from_an_older_catalogue_is_refused(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    catalogue = mini_project / "chi-tieu" / "danh-muc.csv"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "THU_NS,Thu ngân sách,triệu đồng", "THU_NS,Thu ngân sách,tỷ đồng"), encoding="utf-8")
    plan = plan_collection(mini_project, folder)
    assert len(plan.errors) == 1
    assert str(plan.errors[0]).startswith(
        "huyen-b.xlsx: phiếu lập ngày 2026-03-02 theo danh mục cũ (tên, đơn vị tính hoặc loại "
        "của chỉ tiêu đã đổi) → lập lại phiếu")


def test_a_file_that_is_not_a_form_is_refused(mini_project: Path) -> None:
    folder = mini_project / "ve"
    folder.mkdir()
    write_data_workbook(mini_project / "chi-tieu", folder / "so-lieu.xlsx")
    (folder / "hong.xlsx").write_bytes(b"not a zip")
    errors = [str(e) for e in plan_collection(mini_project, folder).errors]
    assert errors[0].startswith("hong.xlsx: không mở được tệp Excel")
    assert errors[1].startswith("so-lieu.xlsx: tệp không phải phiếu nhập số liệu của draftgen")


def test_two_returns_that_disagree_on_a_cell_are_a_conflict_not_a_choice(
        mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    shutil.copyfile(folder / "huyen-b.xlsx", folder / "huyen-b (ban sua).xlsx")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1700000, ("XA_NTM", "2019"): 4})
    fill(folder / "huyen-b (ban sua).xlsx", {("THU_NS", "2020"): 1800000, ("XA_NTM", "2019"): 4})
    before = values_csv(mini_project)
    plan = plan_collection(mini_project, folder)
    assert not plan.errors and len(plan.conflicts) == 1  # the same 4 twice is no conflict
    shown = str(plan.conflicts[0])
    assert shown.startswith("THU_NS của «huyen-b» kỳ 2020 có 2 số khác nhau")
    assert "huyen-b (ban sua).xlsx, sheet so-lieu" in shown and ": 1.800.000" in shown
    assert ": 1.700.000" in shown
    with pytest.raises(DraftgenError, match="1 số liệu mâu thuẫn"):
        apply_plan(plan)
    assert values_csv(mini_project) == before


def test_a_prefilled_status_is_no_change_by_itself(mini_project: Path) -> None:
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    values.write_text(values.read_text(encoding="utf-8")
                      + 'huyen-b,HO_NGHEO,2016-2020,"3,1",ước đạt,,,\n', encoding="utf-8")
    folder = forms_for(mini_project, "huyen-b")  # status "ước đạt" beside an official 2020
    assert plan_collection(mini_project, folder).to_write == []
    fill(folder / "huyen-b.xlsx", {("HO_NGHEO", "2020"): "4,2"})
    [change] = plan_collection(mini_project, folder).to_write
    assert (change.cell.period, change.kind, change.cell.status.value) == (
        "2020", CHANGED, "ước đạt")


def test_a_blank_cell_never_deletes_a_figure(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): None, ("XA_NTM", "2019"): 4})
    plan = plan_collection(mini_project, folder)
    assert [(c.cell.code, c.cell.period) for c in plan.to_write] == [("XA_NTM", "2019")]
    apply_plan(plan)
    data = load_dataset(load_project(mini_project))
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1683240


def test_merging_into_a_workbook_of_data(mini_project: Path) -> None:
    write_data_workbook(mini_project / "chi-tieu", mini_project / "so-lieu.xlsx")
    config = mini_project / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'data = "chi-tieu"', 'data = "so-lieu.xlsx"'), encoding="utf-8")
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000, ("XA_NTM", "2019"): 4})
    applied = apply_plan(plan_collection(mini_project, folder))
    assert applied.written == 2
    data = load_dataset(load_project(mini_project))
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1750000
    assert data.observation("huyen-b", "XA_NTM", "2019").value == 4
    assert data.observation("tinh-a", "HO_NGHEO", "2015").value == 25.95
    sheet = load_workbook(mini_project / "so-lieu.xlsx")["gia-tri"]
    assert sheet.max_row == 1 + 8 + 1


def test_the_command_shows_the_plan_and_merges_only_when_confirmed(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000}, person="Lan")
    before = values_csv(mini_project)
    runner = CliRunner()
    args = ["thu-thap", str(folder), "--project", str(mini_project)]
    declined = runner.invoke(main, args, input="n\n")
    assert declined.exit_code == 0, declined.output
    assert "huyen-b.xlsx: đơn vị huyen-b — " in declined.output
    assert "người nhập: Lan" in declined.output
    assert "Số liệu thay đổi (1):" in declined.output
    assert "huyen-b THU_NS 2020: 1.683.240 → 1.750.000" in declined.output
    assert "Chưa nhập gì." in declined.output
    assert values_csv(mini_project) == before
    done = runner.invoke(main, [*args, "--ap-dung"])
    assert done.exit_code == 0, done.output
    assert "Đã nhập 1 số liệu." in done.output
    assert values_csv(mini_project) != before


def test_the_command_fails_on_a_bad_return(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): "nhiều"})
    result = CliRunner().invoke(main, ["thu-thap", str(folder), "-p", str(mini_project), "-y"])
    assert result.exit_code == 1
    assert "«nhiều» không phải là số" in result.output
    assert "Chưa nhập gì: sửa các lỗi" in result.output


@pytest.mark.parametrize("value, text", [(7.16, "7,16"), (1683240, "1.683.240"),
                                         (-0.83, "-0,83"), (1e-7, "0,0000001")])
def test_values_are_written_the_vietnamese_way(value: float, text: str) -> None:
    assert data_number(value) == text
