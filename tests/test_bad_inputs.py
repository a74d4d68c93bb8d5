"""Bad inputs: each gives one clear Vietnamese message naming the file, key or cell, through
``draftgen check`` and ``draftgen build`` alike — never a traceback, never a wrong document."""

from __future__ import annotations

import traceback
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from projectkit import VALUES, mini_project_at, tables_workbook

from draftgen.cli import main

Mutation = Callable[[Path], None]


def config(old: str, new: str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "draftgen.toml"
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def doc_key(line: str) -> Mutation:
    """Add a key to the [[documents]] entry."""
    return config('report_year = 2020\n', f'report_year = 2020\n{line}\n')


def unit_key(line: str) -> Mutation:
    """Add a key to the first [[units]] entry."""
    return config('code = "tinh-a"\n', f'code = "tinh-a"\n{line}\n')


def append_config(text: str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "draftgen.toml"
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return apply


def write(name: str, data: bytes | str) -> Mutation:
    def apply(root: Path) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        (root / name).write_bytes(raw)
    return apply


def value_row(line: str) -> Mutation:
    return write("chi-tieu/gia-tri.csv", VALUES + line + "\n")


def catalogue_row(line: str) -> Mutation:
    def apply(root: Path) -> None:
        path = root / "chi-tieu" / "danh-muc.csv"
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    return apply


def xlsx(change: Callable[[Workbook], None]) -> Mutation:
    """Move the project's tables into chi-tieu.xlsx, changed by ``change``."""
    def apply(root: Path) -> None:
        book = tables_workbook(root)
        change(book)
        book.save(root / "chi-tieu.xlsx")
        config('data = "chi-tieu"', 'data = "chi-tieu.xlsx"')(root)
    return apply


def _hide(book: Workbook) -> None:
    book["muc-tieu"].sheet_state = "hidden"


def _merge(book: Workbook) -> None:
    book["gia-tri"].merge_cells("A3:A4")


def _formula(book: Workbook) -> None:
    book["gia-tri"]["D5"] = "=D4*2"  # openpyxl writes no cached value


def _blank_rows_and_bad_cell(book: Workbook) -> None:
    book["gia-tri"].insert_rows(1, amount=2)
    book["gia-tri"]["D5"] = "7.8"


def _hidden_row(book: Workbook) -> None:
    book["gia-tri"].row_dimensions[4].hidden = True


def _hidden_column(book: Workbook) -> None:
    book["gia-tri"].column_dimensions["G"].hidden = True


def _share_over_100(book: Workbook) -> None:
    sheet = book["danh-muc"]
    sheet.append(["CO_CAU_NN", "Tỷ trọng nông nghiệp", "%", "kinh tế", "cơ cấu", "tỷ trọng",
                  "", "", "", ""])
    book["gia-tri"].append(["tinh-a", "CO_CAU_NN", "2020", 171.08])


def _private_in_excel(book: Workbook) -> None:
    book["danh-muc"]["B3"] = "Tỷ lệ hộ nghèo\ue000"




def cp1258(text: str) -> bytes:
    """Text as a Windows 1258 file (tone marks as combining characters)."""
    return unicodedata.normalize("NFD", text).encode("cp1258")


CP1258_CSV = cp1258("don_vi,ma_chi_tieu,ky,gia_tri,ghi_chu\ntinh-a,HO_NGHEO,2020,7,Tỉnh ủy\n")
SEMICOLON_BAD = VALUES.replace(",", ";").replace(';"7;8"', ";7.8")

CASES: list[tuple[str, Mutation, list[str]]] = [
    # --- the config file --------------------------------------------------------------
    ("draft-string", doc_key('draft = "false"'),
     ["[[documents]] thứ 1 (bao-cao), khóa draft", "true hoặc false"]),
    ("recipients-string", unit_key('recipients = "Lưu VT."'),
     ["[[units]] thứ 1 (tinh-a), khóa recipients", "danh sách"]),
    ("recipients-number", unit_key('recipients = ["Lưu VT.", 3]'),
     ["khóa recipients", "phần tử thứ 2"]),
    ("report-year-float", config("report_year = 2020", "report_year = 2020.7"),
     ["khóa report_year", "số nguyên", "2020.7"]),
    ("report-year-text", config("report_year = 2020", 'report_year = "hai nghìn"'),
     ["khóa report_year", "hai nghìn"]),
    ("report-year-outside-term", config("report_year = 2020", "report_year = 2030"),
     ["khóa report_year", "ngoài nhiệm kỳ"]),
    ("term-reversed", config('term = "2015-2020"', 'term = "2020-2016"'),
     ["khóa term", "«2020-2016» không hợp lệ"]),
    ("term-zero", config('term = "2015-2020"', 'term = "0000-2020"'),
     ["khóa term", "«0000-2020» không hợp lệ"]),
    ("congress-string", config('congress = { "2015-2020" = 17 }', 'congress = "XXII"'),
     ["[[units]] thứ 1 (tinh-a), khóa congress", "bảng"]),
    ("congress-bad-ordinal", config('congress = { "2015-2020" = 17 }',
                                    'congress = { "2015-2020" = "hai hai" }'),
     ["khóa congress", "hai hai", "số La Mã"]),
    ("date-not-a-date", doc_key('date = "31/02/2020"'),
     ["khóa date", "ngày «31/02/2020» không hợp lệ"]),
    ("date-words", doc_key('date = "cuối năm"'), ["khóa date", "cuối năm"]),
    ("config-cp1258", write("draftgen.toml", cp1258('[project]\nname = "Tỉnh ủy"\n')),
     ["draftgen.toml", "không phải mã UTF-8", "lưu lại với mã hóa UTF-8"]),
    ("config-syntax", config('report_year = 2020', 'report_year = 2020 năm'),
     ["sai cú pháp TOML ở dòng", "chữ thừa"]),
    ("private-use-in-config", config('name = "A"', 'name = "A\ue000"'),
     ["[[units]] thứ 1 (tinh-a), khóa name", "U+E000"]),
    ("control-in-config", config('full_name = "tỉnh A"', 'full_name = "tỉnh\\u000cA"'),
     ["khóa full_name", "U+000C"]),
    ("template-absolute", config('template = "bao-cao.docx"', 'template = "/etc/passwd"'),
     ["khóa template", "«/etc/passwd» phải là tên tệp trong thư mục mẫu"]),
    ("template-escape", config('template = "bao-cao.docx"', 'template = "../draftgen.toml"'),
     ["khóa template", "nằm ngoài thư mục mẫu"]),
    ("template-not-docx", write("mau/bao-cao.docx", "không phải tệp Word"),
     ["khóa template", "«bao-cao.docx» không phải tệp Word .docx"]),
    ("documents-as-table", config("[[documents]]", "[documents]"),
     ["«documents» phải là các mục [[documents]]"]),
    ("style-bad-value", append_config("\n[style]\nrate_change = 3\n"),
     ["draftgen.toml", "style.rate_change"]),
    # --- CSV files ------------------------------------------------------------------
    ("csv-empty", write("chi-tieu/gia-tri.csv", b""), ["gia-tri.csv", "tệp trống"]),
    ("csv-header-only", write("chi-tieu/gia-tri.csv", VALUES.splitlines()[0] + "\n"),
     ["gia-tri.csv", "bảng gia-tri không có dòng số liệu nào"]),
    ("csv-catalogue-header-only",
     write("chi-tieu/danh-muc.csv", "ma,ten,dvt,linh_vuc,loai\n"),
     ["danh-muc.csv, dòng 1: bảng danh-muc không có dòng số liệu nào"]),
    ("csv-cp1258", write("chi-tieu/gia-tri.csv", CP1258_CSV),
     ["gia-tri.csv", "không phải mã UTF-8", "CSV UTF-8"]),
    ("csv-semicolons-read", write("chi-tieu/gia-tri.csv", SEMICOLON_BAD),
     ["gia-tri.csv, dòng 2, cột gia_tri", "«7.8»"]),
    ("csv-too-many-cells", value_row("tinh-a,GRDP_TT,2019,7,8,,,,"),
     ["gia-tri.csv, dòng 10", "nhiều hơn 8 cột", "ngoặc kép"]),
    ("csv-line-after-multiline-cell",
     value_row('tinh-a,GRDP_TT,2019,"6,1",,,"Ghi chú\nhai dòng",\ntinh-a,GRDP_TT,2018,6.9,,,,'),
     ["gia-tri.csv, dòng 12, cột gia_tri", "«6.9»"]),
    ("csv-formfeed-in-name", catalogue_row("NGANH,Tốc độ\x0ctăng,%,kinh tế,,tốc độ,,,,"),
     ["danh-muc.csv, dòng 6, cột ten", "U+000C"]),
    ("csv-bell-in-note", value_row('tinh-a,GRDP_TT,2019,"6,1",,,Ghi\x07chú,'),
     ["gia-tri.csv, dòng 10, cột ghi_chu", "U+0007"]),
    ("csv-private-use-in-name", catalogue_row("NGANH,Tốc độ\ue000 1\ue001,%,kinh tế,,tốc độ,,,,"),
     ["danh-muc.csv, dòng 6, cột ten", "U+E000"]),
    ("csv-period-reversed", value_row('tinh-a,GRDP_TT,2020-2016,"6,1",,,,'),
     ["gia-tri.csv, dòng 10, cột ky", "năm cuối trước năm đầu"]),
    ("csv-year-zero", value_row('tinh-a,GRDP_TT,0000,"6,1",,,,'),
     ["gia-tri.csv, dòng 10, cột ky", "«0000»"]),
    ("csv-negative-count", value_row("huyen-b,XA_NTM,2019,-3,,,,"),
     ["gia-tri.csv, dòng 10, cột gia_tri", "số đếm nên không âm"]),
    ("csv-growth-below-minus-100", value_row("tinh-a,GRDP_TT,2019,-120,,,,"),
     ["gia-tri.csv, dòng 10, cột gia_tri", "lớn hơn -100"]),
    ("csv-negative-ratio", value_row('tinh-a,HO_NGHEO,2019,"-2,5",,,,'),
     ["gia-tri.csv, dòng 10, cột gia_tri", "tỷ lệ (%) nên không âm"]),
    # --- Excel workbooks --------------------------------------------------------------
    ("xlsx-not-a-zip", lambda root: (write("chi-tieu.xlsx", "abc")(root),
                                     config('data = "chi-tieu"', 'data = "chi-tieu.xlsx"')(root)),
     ["chi-tieu.xlsx", "không phải tệp Excel .xlsx"]),
    ("xlsx-empty", lambda root: (write("chi-tieu.xlsx", b"")(root),
                                 config('data = "chi-tieu"', 'data = "chi-tieu.xlsx"')(root)),
     ["chi-tieu.xlsx", "trống"]),
    ("xlsx-hidden-sheet", xlsx(_hide), ["chi-tieu.xlsx, sheet muc-tieu", "đang bị ẩn"]),
    ("xlsx-merged-cells", xlsx(_merge), ["sheet gia-tri", "vùng ô gộp A3:A4"]),
    ("xlsx-formula-without-value", xlsx(_formula),
     ["sheet gia-tri", "ô D5 có công thức =D4*2", "lưu lại"]),
    ("xlsx-blank-rows-above-header", xlsx(_blank_rows_and_bad_cell),
     ["chi-tieu.xlsx, sheet gia-tri, ô D5", "«7.8»"]),
    ("xlsx-hidden-row", xlsx(_hidden_row), ["sheet gia-tri", "dòng 4 đang bị ẩn"]),
    ("xlsx-hidden-column", xlsx(_hidden_column), ["sheet gia-tri", "cột G đang bị ẩn"]),
    ("xlsx-share-over-100", xlsx(_share_over_100),
     ["sheet gia-tri, ô D10", "tỷ trọng (%) nên phải từ 0 đến 100", "171,08"]),
    ("xlsx-private-use", xlsx(_private_in_excel), ["sheet danh-muc, ô B3", "U+E000"]),
    ("data-xls", lambda root: (write("chi-tieu.xls", b"\xd0\xcf\x11\xe0")(root),
                               config('data = "chi-tieu"', 'data = "chi-tieu.xls"')(root)),
     ["chi-tieu.xls", ".xlsx"]),
]


def _run(root: Path, *args: str):
    result = CliRunner().invoke(main, [*args, "--project", str(root)])
    if result.exc_info and not isinstance(result.exception, SystemExit):
        pytest.fail("".join(traceback.format_exception(*result.exc_info)))
    return result


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_gives_one_clear_message(tmp_path: Path, mutate: Mutation,
                                           expected: list[str]) -> None:
    root = mini_project_at(tmp_path / "du-an")
    mutate(root)
    for args in (["check", "--no-trial"], ["build"]):
        result = _run(root, *args)
        assert result.exit_code != 0, (args, result.output)
        assert "Traceback" not in result.output
        for text in expected:
            assert text in result.output, (args, text, result.output)
