"""Collecting returned entry forms: validation, the plan, the all-or-nothing merge."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from formkit import PLAN_WORDING, fill, with_qualitative
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
    assert "Không đổi" not in result.output  # its figures were not compared
    assert "1 phiếu có lỗi chưa được so với số liệu của dự án." in result.output


def test_the_unchanged_count_says_it_counts_only_the_returns_without_errors(
        mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b", "huyen-c")
    clean = plan_collection(mini_project, folder)
    unchanged_c = sum(1 for c in clean.of_kind(UNCHANGED) if c.cell.unit == "huyen-c")
    assert unchanged_c > 0
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): "nhiều"})
    result = CliRunner().invoke(main, ["thu-thap", str(folder), "-p", str(mini_project), "-y"])
    assert result.exit_code == 1
    assert (f"Không đổi: {unchanged_c} số liệu (chỉ tính các phiếu không có lỗi)."
            in result.output)
    assert "1 phiếu có lỗi chưa được so với số liệu của dự án." in result.output
    everything = CliRunner().invoke(main, ["thu-thap", str(forms_for(mini_project, "huyen-c",
                                                                      folder="sach")),
                                           "-p", str(mini_project), "--chi-xem"])
    assert f"Không đổi: {unchanged_c} số liệu." in everything.output
    assert "phiếu có lỗi" not in everything.output


@pytest.mark.parametrize("value, text", [(7.16, "7,16"), (1683240, "1.683.240"),
                                         (-0.83, "-0,83"), (1e-7, "0,0000001")])
def test_values_are_written_the_vietnamese_way(value: float, text: str) -> None:
    assert data_number(value) == text


# --------------------------------------------------------------------------- qualitative targets

def targets_csv(project: Path) -> str:
    return (project / "chi-tieu" / "muc-tieu.csv").read_text(encoding="utf-8")


def test_a_qualitative_result_is_collected_merged_logged_and_shows_in_the_document(
        mini_project: Path) -> None:
    with_qualitative(mini_project)
    build(mini_project)
    doc = mini_project / "ra" / "bao-cao" / "huyen-b.docx"
    assert (f"Mục tiêu định tính: {PLAN_WORDING} Kết quả: Chưa có số liệu đánh giá."
            in text_of(doc))
    before = targets_csv(mini_project).splitlines(keepends=True)

    folder = forms_for(mini_project, "huyen-b")
    cells = fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "ước đạt",
                                           ("THU_NS", "2020"): 1750000}, person="Lan")
    plan = plan_collection(mini_project, folder)
    assert plan.ok, [str(e) for e in plan.errors]
    [result] = plan.results
    assert (result.kind, result.cell.result, result.cell.cell) == (
        NEW, "ước đạt", cells[("QUY_HOACH", "Kết quả")])
    assert result.cell.wording == PLAN_WORDING
    assert len(plan.to_write) == 2

    applied = apply_plan(plan, now=dt.datetime(2026, 3, 9, 10, 30))
    assert applied.written == 2
    after = targets_csv(mini_project).splitlines(keepends=True)
    # the column is added to the header; the other rows keep their bytes
    assert after[0] == before[0].rstrip("\n") + ",ket_qua\n"
    assert after[1:-1] == before[1:-1]
    assert after[-1] == f"huyen-b,QUY_HOACH,2015-2020,định tính,2,{PLAN_WORDING},,,,ước đạt\n"
    assert (applied.archive / "truoc-khi-nhap-muc-tieu.csv").read_text(
        encoding="utf-8").splitlines(keepends=True) == before
    log = applied.log.read_text(encoding="utf-8").splitlines()
    assert (f"2026-03-09T10:30:00,Lan,huyen-b.xlsx,huyen-b,so-lieu,"
            f"{cells[('QUY_HOACH', 'Kết quả')]},QUY_HOACH,2015-2020,,ước đạt,,{NEW}") in log
    data = load_dataset(load_project(mini_project))
    assert data.target("huyen-b", "QUY_HOACH", "2015-2020").result == "ước đạt"

    build(mini_project)
    text = text_of(doc)
    assert f"Mục tiêu định tính: {PLAN_WORDING} Kết quả: Ước đạt." in text
    assert "Thu ngân sách đạt 1.750.000 triệu đồng." in text

    # returned again, the same result is no change; another one is a change old → new
    fresh = forms_for(mini_project, "huyen-b", folder="ve2")
    assert plan_collection(mini_project, fresh).to_write == []
    fill(fresh / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "Đạt"})
    [change] = plan_collection(mini_project, fresh).to_write
    assert (change.kind, change.old.result, change.cell.result) == (CHANGED, "ước đạt", "đạt")


def test_a_result_outside_the_list_or_a_result_in_a_number_cell_names_file_sheet_cell(
        mini_project: Path) -> None:
    with_qualitative(mini_project)
    folder = forms_for(mini_project, "huyen-b")
    cells = fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "tốt",
                                           ("HO_NGHEO", "2019"): "đạt",
                                           ("THU_NS", "2020"): 1750000})
    before = values_csv(mini_project), targets_csv(mini_project)
    plan = plan_collection(mini_project, folder)
    messages = sorted(str(e) for e in plan.errors)
    assert len(messages) == 2
    result, number = messages  # F… before J…
    assert number.startswith(
        f"huyen-b.xlsx, sheet so-lieu, ô {cells[('HO_NGHEO', '2019')]}, đơn vị huyen-b: chỉ tiêu "
        "HO_NGHEO kỳ 2019: ô số liệu chỉ nhận số, không nhận kết quả «đạt» → nhập số vào ô này")
    assert "đơn vị không có mục tiêu định tính cho chỉ tiêu này" in number
    assert result.startswith(
        f"huyen-b.xlsx, sheet so-lieu, ô {cells[('QUY_HOACH', 'Kết quả')]}, đơn vị huyen-b: mục "
        "tiêu định tính QUY_HOACH: kết quả «tốt» không hợp lệ → chọn trong danh sách")
    assert "đạt, vượt, ước đạt, không đạt, chưa đạt, chưa đánh giá" in result
    with pytest.raises(DraftgenError, match="chưa nhập: 2 lỗi"):
        apply_plan(plan)
    assert (values_csv(mini_project), targets_csv(mini_project)) == before  # all or nothing
    assert not (mini_project / "nhap-so-lieu").exists()


def test_a_number_in_a_result_cell_is_refused(mini_project: Path) -> None:
    with_qualitative(mini_project)
    folder = forms_for(mini_project, "huyen-b")
    cells = fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): 1})
    [error] = plan_collection(mini_project, folder).errors
    assert str(error).startswith(f"huyen-b.xlsx, sheet so-lieu, ô {cells[('QUY_HOACH', 'Kết quả')]}"
                                 ", đơn vị huyen-b: mục tiêu định tính QUY_HOACH: kết quả «1» "
                                 "không hợp lệ")


def test_two_returns_with_different_results_are_a_conflict(mini_project: Path) -> None:
    with_qualitative(mini_project)
    folder = forms_for(mini_project, "huyen-b")
    shutil.copyfile(folder / "huyen-b.xlsx", folder / "huyen-b (2).xlsx")
    fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "đạt"})
    fill(folder / "huyen-b (2).xlsx", {("QUY_HOACH", "Kết quả"): "không đạt"})
    plan = plan_collection(mini_project, folder)
    [conflict] = plan.conflicts
    assert str(conflict).startswith("kết quả mục tiêu định tính QUY_HOACH của «huyen-b» nhiệm kỳ "
                                    "2015-2020 có 2 kết quả khác nhau")
    assert "«không đạt»" in str(conflict) and "«đạt»" in str(conflict)
    with pytest.raises(DraftgenError, match="1 số liệu mâu thuẫn"):
        apply_plan(plan)


def test_a_form_whose_qualitative_target_changed_is_refused(mini_project: Path) -> None:
    with_qualitative(mini_project)
    folder = forms_for(mini_project, "huyen-b")
    targets = mini_project / "chi-tieu" / "muc-tieu.csv"
    targets.write_text(targets_csv(mini_project).replace("thời kỳ 2021 - 2030", "đến 2030"),
                       encoding="utf-8")
    [error] = plan_collection(mini_project, folder).errors
    assert str(error).startswith("huyen-b.xlsx: phiếu lập ngày 2026-03-02 theo bảng mục tiêu cũ "
                                 "(lời của mục tiêu định tính đã đổi) → lập lại phiếu")


def test_a_result_is_merged_into_a_workbook_of_data(mini_project: Path) -> None:
    with_qualitative(mini_project)
    write_data_workbook(mini_project / "chi-tieu", mini_project / "so-lieu.xlsx")
    config = mini_project / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'data = "chi-tieu"', 'data = "so-lieu.xlsx"'), encoding="utf-8")
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "vượt"})
    applied = apply_plan(plan_collection(mini_project, folder))
    assert applied.written == 1 and applied.companion is None
    data = load_dataset(load_project(mini_project))
    assert data.target("huyen-b", "QUY_HOACH", "2015-2020").result == "vượt"
    assert data.target("tinh-a", "HO_NGHEO", "2015-2020").target.text == "dưới 8"


def test_the_command_shows_results_in_the_plan(mini_project: Path) -> None:
    with_qualitative(mini_project)
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "đạt"})
    result = CliRunner().invoke(main, ["thu-thap", str(folder), "-p", str(mini_project), "-y"])
    assert result.exit_code == 0, result.output
    assert "huyen-b.xlsx: đơn vị huyen-b — 3 ô có số, 1 kết quả mục tiêu định tính" in result.output
    assert "Kết quả mục tiêu định tính mới (1):" in result.output
    assert f"huyen-b QUY_HOACH nhiệm kỳ 2015-2020 «{PLAN_WORDING}»: đạt" in result.output
    assert "Đã nhập 1 số liệu." in result.output
    assert "Đã ghi số liệu mới vào: chi-tieu/muc-tieu.csv." in result.output


# --------------------------------------------------------------------------- companion workbook


def test_the_companion_workbook_is_written_again_after_a_merge(mini_project: Path) -> None:
    companion = mini_project / "chi-tieu.xlsx"
    write_data_workbook(mini_project / "chi-tieu", companion)
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000})
    result = CliRunner().invoke(main, ["thu-thap", str(folder), "-p", str(mini_project), "-y"])
    assert result.exit_code == 0, result.output
    assert "Đã ghi số liệu mới vào: chi-tieu/gia-tri.csv." in result.output
    assert "Đã cập nhật sổ Excel đi kèm chi-tieu.xlsx theo số liệu mới." in result.output
    assert "Lưu ý" not in result.output
    sheet = load_workbook(companion)["gia-tri"]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[:3] == ("huyen-b", "THU_NS", "2020"))
    assert row[3] == 1750000
    [archive] = (mini_project / "nhap-so-lieu").glob("20*")
    old = load_workbook(archive / "truoc-khi-nhap-chi-tieu.xlsx")["gia-tri"]
    assert next(r for r in old.iter_rows(min_row=2, values_only=True)
                if r[:3] == ("huyen-b", "THU_NS", "2020"))[3] == 1683240
    # the companion read as the project's data says what the CSV tables say
    from_csv = load_dataset(load_project(mini_project))
    config = mini_project / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'data = "chi-tieu"', 'data = "chi-tieu.xlsx"'), encoding="utf-8")
    from_xlsx = load_dataset(load_project(mini_project))
    assert from_xlsx.observations == from_csv.observations


def test_a_hand_edited_companion_is_replaced_with_a_warning_and_kept(mini_project: Path) -> None:
    companion = mini_project / "chi-tieu.xlsx"
    write_data_workbook(mini_project / "chi-tieu", companion)
    book = load_workbook(companion)
    book["gia-tri"]["D2"] = 99  # typed into the companion, which the project does not read
    book.save(companion)
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000})
    applied = apply_plan(plan_collection(mini_project, folder))
    assert applied.companion == companion and applied.companion_was_stale
    notes = applied.notes()
    assert notes[-1].startswith("Lưu ý: trước khi nhập, chi-tieu.xlsx không khớp các bảng CSV")
    assert load_workbook(applied.archive / "truoc-khi-nhap-chi-tieu.xlsx")["gia-tri"]["D2"].value == 99
    assert load_workbook(companion)["gia-tri"]["D2"].value == 7.8  # from gia-tri.csv again


def test_no_companion_is_made_where_there_was_none(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000})
    applied = apply_plan(plan_collection(mini_project, folder))
    assert applied.companion is None and not (mini_project / "chi-tieu.xlsx").exists()
    assert applied.notes() == ["Đã ghi số liệu mới vào: chi-tieu/gia-tri.csv."]


def test_a_merge_that_fails_to_load_puts_both_tables_and_the_companion_back(
        mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import draftgen.collect as collect
    from draftgen.errors import DataError, DataErrors

    with_qualitative(mini_project)
    companion = mini_project / "chi-tieu.xlsx"
    write_data_workbook(mini_project / "chi-tieu", companion)
    folder = forms_for(mini_project, "huyen-b")
    fill(folder / "huyen-b.xlsx", {("QUY_HOACH", "Kết quả"): "đạt", ("THU_NS", "2020"): 1750000})
    plan = plan_collection(mini_project, folder)
    before = values_csv(mini_project), targets_csv(mini_project), companion.read_bytes()

    def broken(project):
        raise DataErrors([DataError("bảng đọc lại bị lỗi")])

    monkeypatch.setattr(collect, "load_dataset", broken)
    with pytest.raises(DataErrors):
        apply_plan(plan)
    assert (values_csv(mini_project), targets_csv(mini_project), companion.read_bytes()) == before
    assert not list((mini_project / "chi-tieu").glob(".*dang-ghi"))


def test_a_collected_figure_keeps_the_decimals_it_was_entered_with(mini_project: Path) -> None:
    folder = forms_for(mini_project, "huyen-b")
    # a number in a cell the form formats with the catalogue's 2 decimals shows "5,20" in
    # Excel; a figure typed as text keeps its own
    fill(folder / "huyen-b.xlsx", {("HO_NGHEO", "2020"): 5.2, ("HO_NGHEO", "2016-2020"): "5,3"})
    apply_plan(plan_collection(mini_project, folder), now=dt.datetime(2026, 3, 9, 10, 30))
    rows = values_csv(mini_project).decode().splitlines()
    assert 'huyen-b,HO_NGHEO,2020,"5,20",chính thức,phiếu huyen-b.xlsx,,' in rows
    assert 'huyen-b,HO_NGHEO,2016-2020,"5,3",chính thức,phiếu huyen-b.xlsx,,' in rows
    data = load_dataset(load_project(mini_project))
    assert data.observation("huyen-b", "HO_NGHEO", "2020").entered_decimals == 2
