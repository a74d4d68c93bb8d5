"""Loading and validating indicator data: values, and every error with its place."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from projectkit import CATALOGUE, TARGETS, VALUES, write_project

from draftgen.config import load_project
from draftgen.errors import DataErrors
from draftgen.loader import load_dataset
from draftgen.model import Kind, Status, TargetKind


def load(root: Path):
    return load_dataset(load_project(root))


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataErrors) as info:
        load(root)
    return [str(e) for e in info.value.errors]


def test_values_typed_the_vietnamese_way_are_read(mini_project: Path) -> None:
    data = load(mini_project)
    assert data.observation("tinh-a", "GRDP_TT", "2016-2020").value == 7.8
    assert data.observation("tinh-a", "GRDP_TT", "2016-2020").status is Status.ESTIMATE
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1683240
    assert data.observation("huyen-c", "THU_NS", "2020").illustrative is True
    assert data.indicators["HO_NGHEO"].good_direction == -1
    assert data.indicators["HO_NGHEO"].kind is Kind.RATIO
    target = data.target("tinh-a", "GRDP_TT", "2015-2020").target
    assert (target.kind, target.low, target.high) == (TargetKind.RANGE, 7.0, 7.5)


def test_rollup_sums_children_when_the_province_has_no_value(mini_project: Path) -> None:
    data = load(mini_project)
    fact = data.fact("tinh-a", "THU_NS", "2020")
    assert fact.value == 1683240 + 500000
    assert fact.illustrative is True  # one of its parts is illustrative
    assert data.fact("tinh-a", "HO_NGHEO", "2019") is None


@pytest.mark.parametrize(
    ("table", "bad_line", "expected"),
    [
        ("gia-tri", 'tinh-a,GRDP_TTT,2020,"7,1",,,,',
         "chi-tieu/gia-tri.csv, dòng 10, cột ma_chi_tieu: chỉ tiêu «GRDP_TTT» không có trong "
         "danh mục → có phải ý bạn là «GRDP_TT»?"),
        ("gia-tri", 'huyen-x,GRDP_TT,2020,"7,1",,,,',
         "chi-tieu/gia-tri.csv, dòng 10, cột don_vi: đơn vị «huyen-x» không có trong "
         "draftgen.toml"),
        ("gia-tri", "tinh-a,GRDP_TT,2020,7.1,,,,",
         "chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: không rõ số «7.1»: dấu chấm chỉ dùng để "
         "ngăn hàng nghìn (1.683.240) → viết số thập phân bằng dấu phẩy: «7,1»"),
        ("gia-tri", "tinh-a,GRDP_TT,2020,cao,,,,",
         "chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: «cao» không phải là số"),
        ("gia-tri", 'tinh-a,GRDP_TT,năm 2020,"7,1",,,,',
         "chi-tieu/gia-tri.csv, dòng 10, cột ky: kỳ «năm 2020» không hợp lệ"),
        ("gia-tri", 'tinh-a,GRDP_TT,2020,"7,1",tạm tính,,,',
         "chi-tieu/gia-tri.csv, dòng 10, cột trang_thai: trạng thái «tạm tính» không hợp lệ"),
        ("gia-tri", 'tinh-a,HO_NGHEO,2020,"7,9",,,,',
         "chi-tieu/gia-tri.csv, dòng 10, cột gia_tri: trùng số liệu HO_NGHEO của «tinh-a» kỳ "
         "2020 (đã có ở dòng 4)"),
        ("muc-tieu", "tinh-a,XA_NTM,2015-2020,rất nhiều,3,,,,",
         "chi-tieu/muc-tieu.csv, dòng 5, cột muc_tieu: không hiểu mục tiêu «rất nhiều»"),
        ("muc-tieu", "tinh-a,XA_NTM,2015,10,3,,,,",
         "chi-tieu/muc-tieu.csv, dòng 5, cột nhiem_ky: nhiệm kỳ «2015» không hợp lệ"),
    ],
)
def test_each_data_error_names_its_place(tmp_path: Path, table: str, bad_line: str,
                                         expected: str) -> None:
    values = VALUES + bad_line + "\n" if table == "gia-tri" else VALUES
    targets = TARGETS + bad_line + "\n" if table == "muc-tieu" else TARGETS
    root = write_project(tmp_path, values=values, targets=targets)
    found = errors_of(root)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    values = VALUES + 'tinh-a,NOPE,2020,"1",,,,\nhuyen-x,GRDP_TT,2020,abc,,,,\n'
    catalogue = CATALOGUE + "bad code,Tên,%,kinh tế,,tốc độ,,tăng,,\n"
    root = write_project(tmp_path, values=values, catalogue=catalogue)
    found = errors_of(root)
    assert len(found) == 4, found
    assert any("danh-muc.csv, dòng 6, cột ma: mã chỉ tiêu «bad code» không hợp lệ" in e
               for e in found)
    assert any("dòng 11, cột don_vi" in e for e in found)
    assert any("dòng 11, cột gia_tri" in e for e in found)


def test_missing_column_is_reported_with_what_to_add(tmp_path: Path) -> None:
    values = VALUES.replace("gia_tri", "so_lieu")
    found = errors_of(write_project(tmp_path, values=values))
    assert found == ["chi-tieu/gia-tri.csv, dòng 1: thiếu cột gia_tri → dòng tiêu đề cần các "
                     "cột: don_vi, ma_chi_tieu, ky, gia_tri"]


def test_excel_errors_name_the_cell(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    book = root / "chi-tieu.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name in ("danh-muc", "gia-tri", "muc-tieu"):
            frame = pd.read_csv(root / "chi-tieu" / f"{name}.csv", dtype=str,
                                keep_default_na=False).astype(object)
            if name == "gia-tri":
                frame.loc[10] = ["tinh-a", "GRDP_TT", "2019", "7.1", "", "", "", ""]
                frame.loc[11] = ["tinh-a", "GRDP_TT", "2018", 6.9, "", "", "", ""]  # a number cell
            frame.to_excel(writer, sheet_name=name, index=False)
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('data = "chi-tieu"',
                                                                 'data = "chi-tieu.xlsx"'),
                      encoding="utf-8")
    found = errors_of(root)
    assert len(found) == 1
    assert found[0].startswith("chi-tieu.xlsx, sheet gia-tri, ô D10: không rõ số «7.1»")


def test_excel_data_loads(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    with pd.ExcelWriter(root / "chi-tieu.xlsx") as writer:
        for name in ("danh-muc", "gia-tri", "muc-tieu"):
            pd.read_csv(root / "chi-tieu" / f"{name}.csv", dtype=str,
                        keep_default_na=False).to_excel(writer, sheet_name=name, index=False)
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"chi-tieu"', '"chi-tieu.xlsx"'),
                      encoding="utf-8")
    data = load(root)
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1683240


def _to_xlsx(root: Path, change=None) -> Path:
    """The project's CSV tables written as chi-tieu.xlsx with openpyxl, ``change`` applied."""
    from projectkit import tables_workbook

    book = tables_workbook(root)
    if change is not None:
        change(book)
    book.save(root / "chi-tieu.xlsx")
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"chi-tieu"', '"chi-tieu.xlsx"'),
                      encoding="utf-8")
    return root


def test_percent_formatted_excel_cells_keep_their_percent_value(tmp_path: Path) -> None:
    def change(book) -> None:
        sheet = book["gia-tri"]
        sheet["D4"] = 0.0789  # shown as 7,89% in Excel
        sheet["D4"].number_format = "0.00%"
        sheet["D3"] = 25.95  # a plain number cell stays as it is
    data = load(_to_xlsx(write_project(tmp_path), change))
    assert data.observation("tinh-a", "HO_NGHEO", "2020").value == 7.89
    assert data.observation("tinh-a", "HO_NGHEO", "2015").value == 25.95


def test_excel_header_is_found_under_a_title_and_blank_rows(tmp_path: Path) -> None:
    def change(book) -> None:
        sheet = book["gia-tri"]
        sheet.insert_rows(1, amount=3)
        sheet["A1"] = "BẢNG SỐ LIỆU CHỈ TIÊU"
        sheet["D7"] = "7.1"  # was D4 before the three rows
    root = _to_xlsx(write_project(tmp_path), change)
    found = errors_of(root)
    assert len(found) == 1
    assert found[0].startswith("chi-tieu.xlsx, sheet gia-tri, ô D7: không rõ số «7.1»")


def test_excel_title_merged_above_the_header_is_allowed(tmp_path: Path) -> None:
    def change(book) -> None:
        sheet = book["gia-tri"]
        sheet.insert_rows(1)
        sheet["A1"] = "BẢNG SỐ LIỆU"
        sheet.merge_cells("A1:H1")
    data = load(_to_xlsx(write_project(tmp_path), change))
    assert data.observation("huyen-b", "THU_NS", "2020").value == 1683240


def test_csv_rows_are_named_by_their_physical_line(tmp_path: Path) -> None:
    values = VALUES + ('tinh-a,GRDP_TT,2019,"6,1",,,"Dòng một\nDòng hai\nDòng ba",\n'
                       'tinh-a,GRDP_TT,2018,6.9,,,,\n')
    found = errors_of(write_project(tmp_path, values=values))
    assert found == ["chi-tieu/gia-tri.csv, dòng 13, cột gia_tri: không rõ số «6.9»: dấu chấm "
                     "chỉ dùng để ngăn hàng nghìn (1.683.240) → viết số thập phân bằng dấu "
                     "phẩy: «6,9»"]


def test_csv_with_bom_semicolons_and_blank_lines_above_is_read(tmp_path: Path) -> None:
    semicolons = "\n\n" + VALUES.replace(",", ";").replace(';"7;8"', ";7,8").replace(
        ';"25;95"', ";25,95").replace(';"7;89"', ";7,89").replace(';"4;5"', ";4,5")
    root = write_project(tmp_path, values=semicolons)
    path = root / "chi-tieu" / "gia-tri.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    data = load(root)
    assert data.observation("tinh-a", "HO_NGHEO", "2020").value == 7.89
    assert data.observation("tinh-a", "GRDP_TT", "2016-2020").value == 7.8
    assert data.observation("tinh-a", "HO_NGHEO", "2020").note == "Theo chuẩn nghèo đa chiều."


def test_text_is_normalised_and_notes_may_span_lines(tmp_path: Path) -> None:
    decomposed = "Theo chua\u0302\u0309n nghe\u0300o."  # "chuẩn nghèo", decomposed
    values = VALUES + f'huyen-b,HO_NGHEO,2019,"4,9",,,"{decomposed}\nDòng hai.",\n'
    data = load(write_project(tmp_path, values=values))
    assert data.observation("huyen-b", "HO_NGHEO", "2019").note == (
        "Theo chuẩn nghèo.\nDòng hai.")


def test_bad_characters_in_a_unit_row_fail_only_that_unit(tmp_path: Path) -> None:
    values = VALUES + 'huyen-b,HO_NGHEO,2019,"4,9",,,Ghi chú\ue0001\ue001,\n'
    data = load_dataset(load_project(write_project(tmp_path, values=values)),
                        isolate_units=True)
    assert list(data.unit_errors) == ["huyen-b"]
    assert "U+E000" in str(data.unit_errors["huyen-b"][0].error)
    assert data.observation("huyen-b", "HO_NGHEO", "2019") is None


def test_a_table_that_lost_its_rows_is_refused_once(tmp_path: Path) -> None:
    # the catalogue lost its rows: one message, not one per row of values and targets
    found = errors_of(write_project(tmp_path, catalogue="\n\nma,ten,dvt,linh_vuc,loai\n"))
    assert found == ["chi-tieu/danh-muc.csv, dòng 3: bảng danh-muc không có dòng số liệu nào "
                     "→ tệp chỉ còn dòng tiêu đề: chép lại các dòng số liệu trước khi dựng"]


def test_a_new_project_with_empty_tables_loads(tmp_path: Path) -> None:
    header = {name: text.splitlines()[0] + "\n" for name, text in
              (("values", VALUES), ("targets", TARGETS))}
    data = load(write_project(tmp_path, **header))
    assert data.observations == {} and data.targets == {}
    assert "GRDP_TT" in data.indicators
