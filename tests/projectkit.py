"""Helpers for tests: a small project written to a folder, templates from text."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data"

CONFIG = """
[project]
name = "Dự án thử"
data = "chi-tieu"
templates = "mau"
output = "ra"

[[units]]
code = "tinh-a"
level = "tỉnh"
name = "A"
full_name = "tỉnh A"
party_organization = "Đảng bộ tỉnh A"
committee = "Tỉnh ủy A"
committee_kind = "Tỉnh ủy"
doc_symbol = "-BC/TU"
congress = { "2015-2020" = 17 }

[[units]]
code = "huyen-b"
parent = "tinh-a"
level = "huyện"
name = "B"
full_name = "huyện B"
party_organization = "Đảng bộ huyện B"
committee = "Huyện ủy B"
committee_kind = "Huyện ủy"
superior = "Đảng bộ tỉnh A"
doc_symbol = "-BC/HU"
congress = { "2015-2020" = 22 }

[[units]]
code = "huyen-c"
parent = "tinh-a"
level = "huyện"
name = "C"
full_name = "huyện C"
party_organization = "Đảng bộ huyện C"
committee = "Huyện ủy C"
committee_kind = "Huyện ủy"
superior = "Đảng bộ tỉnh A"
congress = { "2015-2020" = 20 }

[[documents]]
name = "bao-cao"
template = "bao-cao.docx"
units = ["tinh-a", "children:tinh-a"]
term = "2015-2020"
report_year = 2020
"""

CATALOGUE = """\
ma,ten,dvt,linh_vuc,nhom,loai,so_le,chieu_tot,dvt_hien_thi,tong_hop
GRDP_TT,Tốc độ tăng trưởng GRDP,%,kinh tế,tăng trưởng,tốc độ,,tăng,,không
HO_NGHEO,Tỷ lệ hộ nghèo,%,văn hóa - xã hội,giảm nghèo,tỷ lệ,2,giảm,,không
THU_NS,Thu ngân sách,triệu đồng,kinh tế,ngân sách,mức,0,tăng,,tổng
XA_NTM,Số xã đạt chuẩn nông thôn mới,xã,kinh tế,nông thôn mới,số đếm,0,tăng,,tổng
"""

VALUES = """\
don_vi,ma_chi_tieu,ky,gia_tri,trang_thai,nguon,ghi_chu,minh_hoa
tinh-a,GRDP_TT,2016-2020,"7,8",ước đạt,BC:16,,
tinh-a,HO_NGHEO,2015,"25,95",,BC:44,,
tinh-a,HO_NGHEO,2020,"7,89",,BC:44,Theo chuẩn nghèo đa chiều.,
huyen-b,THU_NS,2020,1.683.240,,BC:83,,
huyen-c,THU_NS,2020,500.000,,,,x
huyen-b,XA_NTM,2020,5,,,,
huyen-c,XA_NTM,2020,3,,,,x
huyen-b,HO_NGHEO,2020,"4,5",,,,
"""

TARGETS = """\
don_vi,ma_chi_tieu,nhiem_ky,muc_tieu,stt,dien_giai,nguon,ghi_chu,minh_hoa
tinh-a,GRDP_TT,2015-2020,"7 - 7,5",1,,,,
tinh-a,HO_NGHEO,2015-2020,dưới 8,2,,,,
huyen-b,HO_NGHEO,2015-2020,dưới 4,1,,,,
"""


def make_template(path: Path, paragraphs: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(template_bytes(*paragraphs))
    return path


def template_bytes(*paragraphs: str) -> bytes:
    """A .docx template of one paragraph a text."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_project(root: Path, *, config: str = CONFIG, catalogue: str = CATALOGUE,
                  values: str = VALUES, targets: str = TARGETS) -> Path:
    (root / "chi-tieu").mkdir(parents=True, exist_ok=True)
    (root / "draftgen.toml").write_text(textwrap.dedent(config), encoding="utf-8")
    (root / "chi-tieu" / "danh-muc.csv").write_text(catalogue, encoding="utf-8")
    (root / "chi-tieu" / "gia-tri.csv").write_text(values, encoding="utf-8")
    (root / "chi-tieu" / "muc-tieu.csv").write_text(targets, encoding="utf-8")
    return root


def mini_project_at(root: Path) -> Path:
    write_project(root)
    make_template(root / "mau" / "bao-cao.docx", [
        "BÁO CÁO CỦA {{ unit.committee|upper }}",
        "Nhiệm kỳ {{ doc.term }}, Đại hội lần thứ {{ doc.congress|roman }}.",
        "{% if ind.has('THU_NS') %}Thu ngân sách đạt {{ ind.THU_NS.value }} triệu đồng.{% endif %}",
        "{% if ind.HO_NGHEO.has_target %}Tỷ lệ hộ nghèo {{ ind.HO_NGHEO.value }}% "
        "({{ ind.HO_NGHEO.assessment }}).{% endif %}",
    ])
    return root


# The options of `draftgen init` for a province with two districts and a commune.
INIT_ARGS = ["--don-vi-goc", "tỉnh Lạng Sơn=18", "--nhiem-ky", "2020-2025",
        "--don-vi", "huyện Văn Lãng=23", "--don-vi", "huyện Văn Lãng/xã Tân Thanh=21",
        "--don-vi", "thành phố Lạng Sơn=17"]


def tables_workbook(root: Path):
    """The project's three CSV tables as the sheets of one openpyxl workbook (not saved)."""
    import csv

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in ("danh-muc", "gia-tri", "muc-tieu"):
        sheet = book.create_sheet(name)
        text = (root / "chi-tieu" / f"{name}.csv").read_text(encoding="utf-8")
        for record in csv.reader(io.StringIO(text)):
            sheet.append(record)
    return book


def record_reads(data) -> list[str]:
    """Make ``data.observation`` note the unit of every call in the list returned: which
    units' rows a computation reads."""
    read: list[str] = []
    own = data.observation

    def observation(unit: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(unit)
        return own(unit, *args, **kwargs)

    data.observation = observation
    return read
