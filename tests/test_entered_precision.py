"""Figures print with the decimals they were entered with when fewer than the catalogue's
(``so_le``): "7,8" prints 7,8%, "7,80" prints 7,80%; computed figures keep the catalogue's rule.
A workbook's number cell has no typed text: its number format says the decimals."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from projectkit import CONFIG, SAMPLE, make_template, write_project

from draftgen.build import Builder, Job
from draftgen.config import load_project
from draftgen.loader import load_dataset

CATALOGUE = """\
ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop
GRDP_TT,Tốc độ tăng trưởng GRDP,%,kinh tế,tăng trưởng,tốc độ,2,tăng,,trung bình
HO_NGHEO,Tỷ lệ hộ nghèo,%,văn hóa - xã hội,giảm nghèo,tỷ lệ,2,giảm,,không
CHE_PHU,Tỷ lệ che phủ rừng,%,kinh tế,lâm nghiệp,tỷ lệ,,tăng,,không
THU_NS,Thu ngân sách,triệu đồng,kinh tế,ngân sách,mức,2,tăng,tỷ đồng,tổng
"""

VALUES = """\
don_vi,ma_chi_tieu,ky,gia_tri,trang_thai,nguon,ghi_chu,minh_hoa
tinh-a,GRDP_TT,2016-2020,"7,8",ước đạt,BC:16,,
tinh-a,HO_NGHEO,2015,"25,9",,BC:44,,
tinh-a,HO_NGHEO,2020,"7,89",,BC:44,,
tinh-a,HO_NGHEO,2019,"8,80",,BC:44,,
tinh-a,HO_NGHEO,2018,"9,456",,BC:44,,
tinh-a,CHE_PHU,2020,"63,0",,BC:18,,
huyen-b,GRDP_TT,2020,"4,5",,,,
huyen-c,GRDP_TT,2020,"3,5",,,,
huyen-b,THU_NS,2020,1.683.240,,BC:83,,
"""

TEXTS = {
    "entered": "A {{ ind.GRDP_TT.at('2016-2020')|pct }}",
    "trailing zero": "B {{ ind.HO_NGHEO.at('2019')|pct }}",
    "more than the catalogue": "C {{ ind.HO_NGHEO.at('2018')|pct }}",
    "estimate": "D {{ ind.GRDP_TT.at('2016-2020')|estimate }}",
    "no catalogue setting": "E {{ ind.CHE_PHU.at('2020')|pct }}",
    "from to": "F {{ ind.HO_NGHEO.at('2015')|fromto(ind.HO_NGHEO.at('2020')) }}",
    "rolled up": "G {{ ind.GRDP_TT.at('2020')|pct }}",
    "computed": "H {{ ind.HO_NGHEO.at('2020')|change(ind.HO_NGHEO.at('2015')) }}",
}


def _render(root: Path, unit: str = "tinh-a") -> dict[str, str]:
    make_template(root / "mau" / "bao-cao.docx", list(TEXTS.values()))
    project = load_project(root / "draftgen.toml")
    data = Builder(project).render(Job(project.document("bao-cao"), project.units[unit]))
    lines = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    return {name: line.split(" ", 1)[1] for name, line in zip(TEXTS, lines)}


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, str]:
    root = write_project(tmp_path_factory.mktemp("so-le"), config=CONFIG,
                         catalogue=CATALOGUE, values=VALUES)
    return _render(root)


@pytest.mark.parametrize("name, expected", [
    ("entered", "7,8%"),                   # 000:16 "ước đạt 7,8%", never 7,80%
    ("trailing zero", "8,80%"),            # "8,80" keeps its zero: the source wrote it
    ("more than the catalogue", "9,46%"),  # rounded to so_le
    ("estimate", "ước đạt 7,8%"),
    ("no catalogue setting", "63%"),       # no so_le: trailing zeros trimmed, as before
    # one number of decimals for both figures: the more precise one's, no digit lost
    ("from to", "giảm từ 25,90% năm 2015 xuống còn 7,89% năm 2020"),
    ("rolled up", "4,00%"),                # computed (mean of 4,5 and 3,5): so_le
    ("computed", "giảm 18,01 điểm phần trăm so với năm 2015"),
])
def test_a_figure_prints_as_entered_within_the_catalogue_decimals(printed, name, expected):
    assert printed[name] == expected


def test_entered_decimals_are_carried_on_the_observation_and_the_fact(tmp_path: Path) -> None:
    root = write_project(tmp_path, catalogue=CATALOGUE, values=VALUES)
    data = load_dataset(load_project(root))
    assert data.observation("tinh-a", "GRDP_TT", "2016-2020").entered_decimals == 1
    assert data.observation("tinh-a", "HO_NGHEO", "2019").entered_decimals == 2
    assert data.observation("huyen-b", "THU_NS", "2020").entered_decimals == 0
    assert data.fact("tinh-a", "GRDP_TT", "2016-2020").entered_decimals == 1
    rolled = data.fact("tinh-a", "GRDP_TT", "2020")
    assert rolled.rolled_up and rolled.entered_decimals is None


def test_a_figure_shown_in_another_unit_keeps_the_catalogue_rule(tmp_path: Path) -> None:
    # 1.683.240 triệu đồng entered without decimals is 1.683,24 tỷ đồng: no digit is dropped
    root = write_project(tmp_path, catalogue=CATALOGUE, values=VALUES)
    make_template(root / "mau" / "bao-cao.docx", ["{{ ind.THU_NS.at('2020')|qty }}"])
    project = load_project(root / "draftgen.toml")
    data = Builder(project).render(Job(project.document("bao-cao"), project.units["huyen-b"]))
    assert Document(io.BytesIO(data)).paragraphs[0].text == "1.683,24 tỷ đồng"


def _as_workbook(root: Path, cells: dict[str, tuple[float, str]]) -> Path:
    """The project's tables as chi-tieu.xlsx, with number cells of gia-tri set as given."""
    import csv

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("danh-muc", "gia-tri", "muc-tieu"):
        sheet = book.create_sheet(name)
        with (root / "chi-tieu" / f"{name}.csv").open(encoding="utf-8") as fh:
            for record in csv.reader(fh):
                sheet.append(record)
    for ref, (value, number_format) in cells.items():
        book["gia-tri"][ref] = value
        book["gia-tri"][ref].number_format = number_format
    book.save(root / "chi-tieu.xlsx")
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"chi-tieu"', '"chi-tieu.xlsx"'),
                      encoding="utf-8")
    return root


@pytest.mark.parametrize("value, number_format, decimals, printed", [
    (7.8, "0.0", 1, "7,8%"),
    (7.8, "#,##0.00", 2, "7,80%"),        # shown 7,80 in Excel: printed so
    (0.078, "0.0%", 1, "7,8%"),           # a percent cell: 7,8
    (7.8, "General", None, "7,80%"),      # no decimals in the format: the catalogue's
    (7.85, "0.0", None, "7,85%"),         # the format hides a digit the cell holds
])
def test_an_excel_number_cell_takes_the_decimals_of_its_format(
        tmp_path: Path, value, number_format, decimals, printed) -> None:
    root = _as_workbook(write_project(tmp_path, catalogue=CATALOGUE, values=VALUES),
                        {"D2": (value, number_format)})
    data = load_dataset(load_project(root))
    assert data.observation("tinh-a", "GRDP_TT", "2016-2020").entered_decimals == decimals
    assert _render(root)["entered"] == printed


def test_the_sample_workbook_shows_each_value_with_its_written_decimals() -> None:
    sheet = load_workbook(SAMPLE / "chi-tieu.xlsx")["gia-tri"]
    formats = {(r[0].value, r[1].value, r[2].value, r[5].value): (r[3].value, r[3].number_format)
               for r in sheet.iter_rows(min_row=2)}
    assert formats["van-lang", "TY_TRONG_CN_XD", "2020", "BCCT-VL-XXII:59"] == (30.9, "#,##0.00")
    assert formats["lang-son", "TY_TRONG_DICH_VU", "2020", "BCCT-XVIII:14"] == (50.2, "#,##0.0")
    assert formats["lang-son", "GRDP_TANG_TRUONG", "2016-2020", "DCTT-XVI:16"] == (7.8, "#,##0.0")
    assert formats["lang-son", "SO_TCCS_DANG", "2020", "DCTT-XVI:76"] == (746, "#,##0")
