"""Entry workbooks: structure, protection, validations, the stamp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from formkit import PLAN_WORDING, cell_of, with_qualitative
from openpyxl import load_workbook

from draftgen.cli import main
from draftgen.config import load_project
from draftgen.forms import FORM_SHEET, HELP_SHEET, INFO_SHEET, form_indicators, write_forms
from draftgen.loader import load_dataset
from draftgen.model import Term


@pytest.fixture
def form(mini_project: Path):
    project = load_project(mini_project)
    [path] = write_forms(project, load_dataset(project), ["huyen-b"], mini_project / "ve",
                         today=dt.date(2026, 3, 2))
    assert path == mini_project / "ve" / "huyen-b.xlsx"
    return load_workbook(path)


def test_the_form_lists_the_units_indicators_by_field_with_years_and_targets(form) -> None:
    ws = form[FORM_SHEET]
    assert form.sheetnames == [FORM_SHEET, HELP_SHEET, INFO_SHEET]
    assert ws["A1"].value == "PHIẾU NHẬP SỐ LIỆU CHỈ TIÊU NHIỆM KỲ 2015 - 2020"
    assert ws["A2"].value == "Đơn vị: huyện B (Huyện ủy B) — mã đơn vị: huyen-b"
    assert "lập ngày 02/3/2026" in ws["A3"].value and "huyen-b" in ws["A3"].value
    headers = [c.value for c in ws[6]]
    assert headers == ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính",
                       "Mục tiêu nhiệm kỳ 2015 - 2020", "Năm 2015", "Năm 2016", "Năm 2017",
                       "Năm 2018", "Năm 2019", "Năm 2020", "Giai đoạn 2016 - 2020",
                       "Trạng thái (năm 2020, giai đoạn)", "Nguồn số liệu", "Ghi chú"]
    rows = [(r[1], r[2], r[3], r[4]) for r in ws.iter_rows(min_row=7, values_only=True)]
    assert rows == [
        (None, "Kinh tế", None, None),
        ("THU_NS", "Thu ngân sách", "triệu đồng", None),
        ("XA_NTM", "Số xã đạt chuẩn nông thôn mới", "xã", None),
        (None, "Văn hóa - xã hội", None, None),
        ("HO_NGHEO", "Tỷ lệ hộ nghèo", "%", "dưới 4"),  # the target beside the values
    ]
    # the data's figures are there to be checked
    assert ws[cell_of(ws, "THU_NS", "2020")].value == 1683240
    assert ws[cell_of(ws, "HO_NGHEO", "2020")].value == 4.5
    assert ws[cell_of(ws, "HO_NGHEO", "2020")].number_format == "#,##0.00"


def test_only_input_cells_are_unlocked(form) -> None:
    ws = form[FORM_SHEET]
    assert ws.protection.sheet and form.security.lockStructure
    for ref in (cell_of(ws, "THU_NS", "2015"), cell_of(ws, "THU_NS", "2016-2020"),
                cell_of(ws, "THU_NS", "Trạng thái"), cell_of(ws, "THU_NS", "Ghi chú"), "C4"):
        assert ws[ref].protection.locked is False, ref
    row = int(cell_of(ws, "THU_NS", "2015")[1:])
    for ref in (f"A{row}", f"B{row}", f"C{row}", f"D{row}", f"E{row}", "F6", "A1", "F7"):
        assert ws[ref].protection.locked is True, ref


def test_value_cells_take_numbers_and_the_status_a_choice(form) -> None:
    ws = form[FORM_SHEET]
    rules = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert set(rules) == {"decimal", "list"}
    assert str(rules["decimal"].sqref) == "F7:L11"
    assert rules["decimal"].showErrorMessage and "chỉ nhận một con số" in rules["decimal"].error
    assert rules["list"].formula1 == '"chính thức,ước đạt,dự ước"'
    assert str(rules["list"].sqref) == "M7:M11"


def test_the_stamp_is_hidden_protected_and_names_unit_catalogue_and_date(form) -> None:
    info = form[INFO_SHEET]
    assert info.sheet_state == "hidden" and info.protection.sheet
    stamp = dict(info.iter_rows(values_only=True))
    assert stamp["loai_tep"] == "phieu-nhap-so-lieu-draftgen"
    assert stamp["don_vi"] == "huyen-b" and stamp["ten_don_vi"] == "huyện B"
    assert stamp["nhiem_ky"] == "2015-2020" and stamp["ngay_lap"] == "2026-03-02"
    assert stamp["chi_tieu"] == "THU_NS,XA_NTM,HO_NGHEO"
    assert stamp["ky"] == "2015,2016,2017,2018,2019,2020,2016-2020"
    assert len(stamp["danh_muc"]) == 12 and stamp["danh_muc"] in form[FORM_SHEET]["A3"].value


def test_the_help_sheet_explains_in_vietnamese(form) -> None:
    text = "\n".join(str(c.value) for c in form[HELP_SHEET]["A"] if c.value)
    assert "Số thập phân dùng dấu phẩy (7,16)" in text
    assert "Phiếu này chỉ dùng cho huyện B (mã huyen-b)" in text


def test_a_unit_without_data_gets_the_whole_catalogue(mini_project: Path) -> None:
    project = load_project(mini_project)
    data = load_dataset(project)
    codes = [i.code for i in form_indicators(data, "tinh-a", Term(2025, 2030))]
    assert codes == ["GRDP_TT", "THU_NS", "XA_NTM", "HO_NGHEO"]


def test_the_command_writes_one_form_per_unit(mini_project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["phieu", "-p", str(mini_project), "--tat-ca"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (mini_project / "phieu-nhap").iterdir()) == [
        "huyen-b.xlsx", "huyen-c.xlsx", "tinh-a.xlsx"]
    unknown = runner.invoke(main, ["phieu", "-p", str(mini_project), "-u", "huyen-x"])
    assert unknown.exit_code == 2 and "không có đơn vị mã «huyen-x»" in unknown.output
    none = runner.invoke(main, ["phieu", "-p", str(mini_project)])
    assert none.exit_code == 2 and "-u MÃ" in none.output


def test_a_form_already_there_is_never_replaced_without_asking(mini_project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["phieu", "-p", str(mini_project), "-u", "huyen-b"]).exit_code == 0
    form = mini_project / "phieu-nhap" / "huyen-b.xlsx"
    wb = load_workbook(form)
    wb[FORM_SHEET]["C4"] = "Nguyễn Thị Lan"  # the clerk has started filling it in
    wb.save(form)
    filled = form.read_bytes()
    again = runner.invoke(main, ["phieu", "-p", str(mini_project), "-u", "huyen-b", "-u", "huyen-c"])
    assert again.exit_code == 2
    assert "đã có phiếu huyen-b.xlsx (có thể đã được điền): chưa lập phiếu nào" in again.output
    assert "--ghi-de" in again.output
    assert form.read_bytes() == filled and not (form.parent / "huyen-c.xlsx").exists()
    forced = runner.invoke(main, ["phieu", "-p", str(mini_project), "-u", "huyen-b", "--ghi-de"])
    assert forced.exit_code == 0 and form.read_bytes() != filled


def test_a_qualitative_target_gets_its_wording_and_a_result_cell_with_a_list(
        mini_project: Path) -> None:
    with_qualitative(mini_project)
    targets = mini_project / "chi-tieu" / "muc-tieu.csv"
    text = targets.read_text(encoding="utf-8").replace("minh_hoa\n", "minh_hoa,ket_qua\n", 1)
    targets.write_text(text.rstrip("\n") + ",đạt\n", encoding="utf-8")
    project = load_project(mini_project)
    [path] = write_forms(project, load_dataset(project), ["huyen-b"], mini_project / "ve",
                         today=dt.date(2026, 3, 2))
    book = load_workbook(path)
    ws = book[FORM_SHEET]
    codes = [r[1] for r in ws.iter_rows(min_row=7, max_row=11, values_only=True)]
    assert "QUY_HOACH" not in codes  # no number cells for a target without a figure
    ref = cell_of(ws, "QUY_HOACH", "Kết quả")
    row = ws[ref].row
    assert ws.cell(row - 2, 3).value.startswith("Mục tiêu định tính (không đo bằng số)")
    assert ws.cell(row, 3).value == PLAN_WORDING  # the wording beside the result
    assert ws[ref].value == "đạt"  # the data's result, to be checked
    assert ws[ref].protection.locked is False and ws.cell(row, 3).protection.locked is True
    [rule] = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert rule.type == "list" and rule.showErrorMessage
    assert rule.formula1 == '"đạt,vượt,ước đạt,không đạt,chưa đạt,chưa đánh giá"'
    stamp = dict(book[INFO_SHEET].iter_rows(values_only=True))
    assert stamp["dinh_tinh"] == "QUY_HOACH" and stamp["hang_dinh_tinh"] == str(row)
    assert len(stamp["muc_tieu_dinh_tinh"]) == 12
    help_text = "\n".join(str(c.value) for c in book[HELP_SHEET]["A"] if c.value)
    assert "Không gõ «đạt», «không đạt» vào ô số." in help_text


def test_a_qualitative_target_of_an_indicator_with_figures_points_to_its_result_cell(
        mini_project: Path) -> None:
    targets = mini_project / "chi-tieu" / "muc-tieu.csv"
    targets.write_text(targets.read_text(encoding="utf-8") + "huyen-b,XA_NTM,2015-2020,định tính: "
                       "hoàn thành xây dựng nông thôn mới,3,,,,\n", encoding="utf-8")
    project = load_project(mini_project)
    [path] = write_forms(project, load_dataset(project), ["huyen-b"], mini_project / "ve",
                         today=dt.date(2026, 3, 2))
    ws = load_workbook(path)[FORM_SHEET]
    ref = cell_of(ws, "XA_NTM", "Kết quả")
    assert ws.cell(ws[ref].row, 3).value == "hoàn thành xây dựng nông thôn mới"
    figures = int(cell_of(ws, "XA_NTM", "2020")[1:])
    assert ws.cell(figures, 5).value == (
        f"hoàn thành xây dựng nông thôn mới (định tính: kết quả ở ô {ref})")
    assert ws[cell_of(ws, "XA_NTM", "2020")].value == 5  # the figures stay
